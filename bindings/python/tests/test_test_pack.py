"""``cte_rules.test_pack``: a pack's fixtures run as ``cte-rules rules test`` runs them."""

from __future__ import annotations

import pathlib
import shutil

import pytest

import cte_rules
from conftest import ROOT

STATE = ROOT / "examples" / "packs" / "state-xx"


def test_the_example_state_pack_passes_its_fixtures() -> None:
    report = cte_rules.test_pack([STATE / "tests"], packs=[STATE / "pack.yaml"])
    assert [(f["rule"], f["ok"]) for f in report["fixtures"]] == [
        ("XX-ADVISING-01", True),
        ("XX-CRED-01", True),
    ]
    assert (report["passed"], report["failed"], report["uncovered"]) == (2, 0, [])


def test_one_path_and_the_national_pack() -> None:
    report = cte_rules.test_pack(str(ROOT / "tests" / "rules" / "POS-03.yaml"))
    assert report["fixtures"][0]["ok"] is True
    assert "POS-01" in report["uncovered"]


def test_a_broken_rule_fails_its_fixture(tmp_path: pathlib.Path) -> None:
    shutil.copytree(STATE, tmp_path / "state")
    pack = tmp_path / "state" / "pack.yaml"
    text = pack.read_text(encoding="utf-8")
    assert ">= 3" in text
    pack.write_text(text.replace(">= 3", ">= 2"), encoding="utf-8")
    report = cte_rules.test_pack([tmp_path / "state" / "tests"], packs=[pack])
    assert report["failed"] >= 1
    failing = [f for f in report["fixtures"] if not f["ok"]]
    assert [f["rule"] for f in failing] == ["XX-ADVISING-01"]


def test_a_missing_path_is_a_coded_error() -> None:
    with pytest.raises(cte_rules.CteRulesError) as raised:
        cte_rules.test_pack([ROOT / "nope"])
    assert raised.value.code == "E_IO"
