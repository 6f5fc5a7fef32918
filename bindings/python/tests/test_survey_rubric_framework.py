"""Issue 7 from Python: survey scoring, rubric reconciliation, framework data.

Expected values are computed by hand from the example documents, and the JSON
shapes are compared with the CLI's so every face reports the same thing.
"""

from __future__ import annotations

import json
import pathlib
import subprocess

import pytest

import cte_rules

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
CLI = ROOT / "target" / "release" / "cte-rules"


def cli_json(*args: str) -> object:
    if not CLI.exists():
        pytest.skip("the release CLI is not built")
    done = subprocess.run([str(CLI), *args, "--format", "json"], cwd=ROOT, capture_output=True, check=False)
    return json.loads(done.stdout)


def test_hand_computed_survey_totals() -> None:
    scored = cte_rules.score_survey(EXAMPLES / "interest-survey-en.yaml")
    firsts = [(s["cluster"], s["score"], s["rank"]) for s in scored["scores"][:5]]
    assert firsts == [("HL", 12, 1), ("HU", 9, 2), ("ST", 8, 3), ("IT", 6, 4), ("ED", 4, 5)]
    assert scored["top"] == ["HL", "HU", "ST"]
    assert scored["ties"] == []
    assert len(scored["scores"]) == 16
    assert scored == cli_json("survey", "score", "examples/interest-survey-en.yaml")


def test_a_three_way_tie_for_third_place_is_kept_and_named() -> None:
    scored = cte_rules.score_survey((EXAMPLES / "interest-survey-es-tie.yaml").read_text())
    assert scored["top"] == ["MN", "AC", "IT", "ST", "TD"]
    assert scored["ties"] == ["IT", "ST", "TD"]
    assert scored["scores"][0]["name"] == "Manufactura"
    assert cte_rules.score_survey(EXAMPLES / "interest-survey-es-tie.yaml", lang="en")["scores"][0]["name"] == "Manufacturing"


def test_an_all_zero_survey_has_no_top_clusters() -> None:
    doc = {"kind": "interest-survey", "learner": {"id": "L1"}, "boxes": [{"cluster": "AG", "count": 0}]}
    scored = cte_rules.score_survey(doc)
    assert scored["top"] == [] and scored["ties"] == []
    assert all(s["score"] == 0 for s in scored["scores"])


@pytest.mark.parametrize(
    "box",
    [
        {"cluster": "HL", "activities": [8]},
        {"cluster": "HL", "count": 18},
        {"cluster": "HHS", "count": 1},
    ],
)
def test_impossible_surveys_raise_input_error_with_a_path(box: dict) -> None:
    doc = {"kind": "interest-survey", "learner": {"id": "L1"}, "boxes": [box]}
    with pytest.raises(cte_rules.InputError) as caught:
        cte_rules.score_survey(doc)
    assert caught.value.code == "E_INPUT"
    assert caught.value.path is not None and caught.value.path.startswith("/boxes/0")


def test_a_bad_lang_is_an_option_error_as_in_node() -> None:
    for lang in ("fr", "ES", ""):
        with pytest.raises(cte_rules.CteRulesError) as caught:
            cte_rules.score_survey(EXAMPLES / "interest-survey-en.yaml", lang=lang)  # type: ignore[arg-type]
        assert caught.value.code == "E_OPTIONS", lang
        assert type(caught.value) is cte_rules.CteRulesError
        assert "`en` or `es`" in caught.value.message


def test_reconciliation_reports_every_disagreement_type() -> None:
    engine = cte_rules.Engine()
    result = engine.reconcile(
        EXAMPLES / "self-assessment-local-riverside.yaml",
        EXAMPLES / "local-program-riverside-health.yaml",
        today="2025-11-23",
    )
    agreement = {item["item"]: item["agreement"] for item in result["items"]}
    assert agreement["local-02"] == "over-rated"
    assert agreement["local-15"] == "under-rated"
    assert agreement["local-12"] == "not-rated"
    assert agreement["local-05"] == "no-evidence"
    assert agreement["local-01"] == "agrees"
    assert result["summary"]["over_rated"] == 2
    assert result == cli_json(
        "rubric", "reconcile", "examples/self-assessment-local-riverside.yaml",
        "examples/local-program-riverside-health.yaml", "--today", "2025-11-23",
    )
    state = engine.reconcile(
        EXAMPLES / "self-assessment-state-ohio.yaml", EXAMPLES / "state-system-ohio.yaml", today="2025-11-23"
    )
    assert {i["item"]: i["agreement"] for i in state["items"]}["state-cc-11"] == "under-rated"


def test_reconciling_with_the_wrong_kind_of_evidence_raises() -> None:
    with pytest.raises(cte_rules.InputError) as caught:
        cte_rules.Engine().reconcile(
            EXAMPLES / "self-assessment-state-ohio.yaml", EXAMPLES / "local-program-riverside-health.yaml"
        )
    assert "state-system" in str(caught.value)


def test_framework_listings_and_crosswalk_match_the_cli() -> None:
    v2024 = cte_rules.framework("2024")
    assert len(v2024["clusters"]) == 14
    assert sum(len(c["pathways"]) for c in v2024["clusters"]) == 72
    assert v2024["unverified"]
    assert len(cte_rules.framework()["clusters"]) == 16
    assert v2024 == cli_json("framework", "list", "--version", "2024")
    hl = cte_rules.crosswalk("hl")
    assert hl["map"][0]["to"] == [{"code": "HHS", "name": "Healthcare & Human Services"}]
    assert hl["map"][0]["verified"] is True
    assert cte_rules.crosswalk() == cli_json("framework", "crosswalk")
    with pytest.raises(cte_rules.CteRulesError) as caught:
        cte_rules.crosswalk("HHS")
    assert caught.value.code == "E_USAGE"
    with pytest.raises(cte_rules.CteRulesError):
        cte_rules.framework("2016")  # type: ignore[arg-type]
