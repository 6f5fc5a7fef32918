"""Engine.check on every input type, and the Report / Finding objects it returns."""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import shutil
import subprocess
from collections import OrderedDict

import pytest

import cte_rules
from conftest import EXAMPLES, LOCAL_PACK_YAML, ONE_FAILURE, OPTIONS, PASSING_PLAN, plan

CLI = pathlib.Path(__file__).parents[3] / "target" / "release" / "cte-rules"


def test_a_passing_plan_is_ok(engine: cte_rules.Engine) -> None:
    report = engine.check(PASSING_PLAN, options=OPTIONS)
    assert report.ok and report.valid
    assert report.kind == "plan-of-study"
    assert report.source == "<input>"
    assert report.findings == []
    assert report.summary.errors == report.summary.warnings == report.summary.infos == 0
    assert report.summary.passed > 0


def test_a_failing_plan_has_cited_findings(engine: cte_rules.Engine) -> None:
    report = engine.check(ONE_FAILURE, options=OPTIONS)
    assert not report.ok and report.valid
    [finding] = report.findings
    assert isinstance(finding, cte_rules.Finding)
    assert finding.rule == "POS-03"
    assert finding.severity == "error"
    assert finding.status == "fail"
    assert finding.path == "/school_years"
    assert "postsecondary" in finding.message
    assert finding.line is None and finding.column is None  # a dict has no text positions
    assert finding.remediation
    citation = finding.citation
    assert isinstance(citation, cte_rules.Citation)
    assert citation.source.endswith(".txt") and citation.section and citation.item
    assert citation.title and citation.title != citation.source
    assert citation.to_dict() == {
        "source": citation.source, "section": citation.section, "item": citation.item, "title": citation.title,
    }
    assert report.summary.errors == 1
    assert report.summary.to_dict() == {"errors": 1, "warnings": 0, "infos": 0, "passed": report.summary.passed}


def test_to_dict_has_the_report_fields_in_cli_order(engine: cte_rules.Engine) -> None:
    data = engine.check(plan(pathway="AR-AVF"), options=OPTIONS).to_dict()
    assert list(data) == ["source", "kind", "valid", "findings", "summary"]
    assert list(data["findings"][0]) == ["rule", "severity", "status", "message", "path", "citation", "remediation"]
    assert "POS-02" in [finding["rule"] for finding in data["findings"]]
    json.dumps(data)  # plain data only


@pytest.mark.skipif(not CLI.exists(), reason="the release CLI is built by `make setup` / dev.sh test")
def test_to_dict_is_byte_for_byte_the_cli_json(engine: cte_rules.Engine) -> None:
    files = sorted(EXAMPLES.glob("*.*"))
    out = subprocess.run(
        [str(CLI), "check", *map(str, files), "--format", "json", "--fail-on", "never"],
        capture_output=True, text=True, check=True, cwd=EXAMPLES.parent,
    ).stdout
    cli = {document["source"]: document for document in json.loads(out)["documents"]}
    assert len(cli) == len(files)
    for path in files:
        report = engine.check(path).to_dict()
        expected = cli[str(path)]
        assert json.dumps(report, separators=(",", ":")) == json.dumps(expected, separators=(",", ":")), path.name


def test_every_input_type_gives_the_same_findings(engine: cte_rules.Engine, tmp_path: pathlib.Path) -> None:
    document = plan(pathway="AR-AVF")
    text = json.dumps(document)
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    yaml_text = "kind: plan-of-study\n" + "\n".join(f"{key}: {json.dumps(value)}" for key, value in document.items() if key != "kind")
    inputs = [document, OrderedDict(document), text, text.encode(), yaml_text, yaml_text.encode(), path, str(path).encode()]
    findings = []
    for given in inputs[:-1]:
        report = engine.check(given, options=OPTIONS)
        findings.append([(f.rule, f.path, f.message) for f in report.findings])
    assert ("POS-02", "/pathway") in [(rule, path) for rule, path, _ in findings[0]]
    assert all(found == findings[0] for found in findings), findings
    # bytes are a document's content (here a YAML string scalar), never a path
    as_bytes = engine.check(inputs[-1], options=OPTIONS)
    assert not as_bytes.valid and as_bytes.kind is None


def test_a_path_report_is_named_by_the_path(engine: cte_rules.Engine) -> None:
    path = EXAMPLES / "plan-of-study-it-gaps.json"
    assert engine.check(path).source == str(path)
    assert engine.check(path, source="ignored for paths").source == str(path)
    assert engine.check(PASSING_PLAN, source="lrn-1.json").source == "lrn-1.json"


def test_yaml_parse_positions_reach_findings(engine: cte_rules.Engine) -> None:
    report = engine.check("kind: plan-of-study\nlearner: {id: [\n")
    [finding] = report.findings
    assert finding.rule == "parse"
    assert finding.line is not None and finding.line >= 2 and finding.column is not None


def test_a_schema_invalid_document_is_a_report_not_an_exception(engine: cte_rules.Engine) -> None:
    report = engine.check(EXAMPLES / "plan-of-study-invalid.yaml")
    assert report.kind == "plan-of-study"
    assert not report.valid and not report.ok
    assert report.findings and {f.rule for f in report.findings} == {"schema"}
    paths = {f.path for f in report.findings}
    assert "/cluster" in paths and "/school_years/0/grade" in paths
    assert report.summary.errors == len(report.findings)
    assert all(f.status == "fail" and f.severity == "error" for f in report.findings)


def test_a_malformed_document_is_a_parse_finding(engine: cte_rules.Engine) -> None:
    report = engine.check(EXAMPLES / "plan-of-study-malformed.json")
    assert not report.valid
    assert report.kind is None
    [finding] = report.findings
    assert finding.rule == "parse"
    assert (finding.line, finding.column) == (6, 3)
    assert engine.check("{").findings[0].rule == "parse"
    assert engine.check(b"\xff\xfe\x00binary").findings[0].rule == "parse"


def test_a_document_without_kind_is_a_schema_finding(engine: cte_rules.Engine) -> None:
    report = engine.check({"learner": {"id": "x"}})
    assert report.kind is None and not report.valid
    assert [f.rule for f in report.findings] == ["schema"]


def test_options_include_passed_and_today(engine: cte_rules.Engine) -> None:
    failing = plan(pathway="AR-AVF")
    everything = engine.check(failing, options={"include_passed": True, "today": "2026-03-02"})
    statuses = {f.status for f in everything.findings}
    assert statuses == {"pass", "fail"}
    assert len([f for f in everything.findings if f.status == "pass"]) == everything.summary.passed
    assert engine.check(failing, options={"include_passed": False}).findings == [
        f for f in everything.findings if f.status == "fail"
    ]
    assert engine.check(failing, options=None) == engine.check(failing, options={})


def test_options_limits_reach_core(engine: cte_rules.Engine) -> None:
    text = json.dumps(PASSING_PLAN)
    report = engine.check(text, options={"limits": {"max_bytes": 10}})
    assert [f.rule for f in report.findings] == ["parse"]
    assert "10" in report.findings[0].message


def test_dates_in_dicts_become_iso_strings(engine: cte_rules.Engine) -> None:
    # PyYAML reads unquoted dates as datetime.date; they must check as their text.
    document = plan()
    document["advising_meetings"] = [
        {**meeting, "date": datetime.date.fromisoformat(meeting["date"])} for meeting in document["advising_meetings"]
    ]
    assert engine.check(document, options=OPTIONS) == engine.check(PASSING_PLAN, options=OPTIONS)
    # A datetime is a date-time, which a `date` field rejects as a finding.
    document["advising_meetings"][0]["date"] = datetime.datetime(2025, 9, 16, 10, 30)
    [finding] = engine.check(document, options=OPTIONS).findings
    assert (finding.rule, finding.path) == ("schema", "/advising_meetings/0/date")
    assert "2025-09-16T10:30:00" in finding.message


def test_numpy_numbers_are_numbers(engine: cte_rules.Engine) -> None:
    numpy = pytest.importorskip("numpy")
    # Rows of a DataFrame hold numpy scalars, not Python ints and floats.
    document = plan(learner={"id": "LRN-T-0001", "grade": numpy.int64(11)})
    document["school_years"] = [
        {**year, "grade": numpy.int32(year["grade"])} for year in PASSING_PLAN["school_years"]
    ]
    document["school_years"][0]["courses"] = [
        {**course, "credits": numpy.float32(course["credits"])} for course in PASSING_PLAN["school_years"][0]["courses"]
    ]
    assert engine.check(document, options=OPTIONS) == engine.check(PASSING_PLAN, options=OPTIONS)
    [finding] = engine.check(plan(learner={"id": "LRN-T-0001", "grade": numpy.float64(11.5)}), options=OPTIONS).findings
    assert (finding.rule, finding.path) == ("schema", "/learner/grade")
    with pytest.raises(cte_rules.InputError):
        engine.check(plan(learner={"id": "x", "grade": numpy.float64("nan")}))


def test_tuples_are_lists(engine: cte_rules.Engine) -> None:
    document = plan(school_years=tuple(PASSING_PLAN["school_years"]))
    assert engine.check(document, options=OPTIONS) == engine.check(PASSING_PLAN, options=OPTIONS)


def test_reports_compare_by_value(engine: cte_rules.Engine) -> None:
    first = engine.check(plan(pathway="AR-AVF"), options=OPTIONS)
    again = engine.check(plan(pathway="AR-AVF"), options=OPTIONS)
    assert first == again and first is not again
    assert first != engine.check(PASSING_PLAN, options=OPTIONS)
    assert first.findings == again.findings
    assert first.findings[0].citation == again.findings[0].citation
    assert first.summary == again.summary


def test_reprs_are_short_and_name_the_class(engine: cte_rules.Engine) -> None:
    report = engine.check(ONE_FAILURE, options=OPTIONS)
    assert repr(report) == '<Report source="<input>" kind="plan-of-study" ok=False errors=1 warnings=0 infos=0>'
    assert repr(report.findings[0]).startswith('<Finding rule="POS-03" severity="error" path="/school_years"')
    assert repr(report.summary).startswith("<Summary errors=1 ")
    assert repr(report.findings[0].citation).startswith("<Citation source=")
    assert type(report).__module__ == "cte_rules"


def test_report_objects_are_read_only(engine: cte_rules.Engine) -> None:
    report = engine.check(PASSING_PLAN, options=OPTIONS)
    with pytest.raises(AttributeError):
        report.ok = False  # type: ignore[misc]


def test_a_local_pack_warning_does_not_make_a_report_fail() -> None:
    engine = cte_rules.Engine(packs=[LOCAL_PACK_YAML])
    report = engine.check(plan(learner={"id": "X-1"}), options=OPTIONS)
    assert [f.rule for f in report.findings] == ["TEST-01"]
    assert report.ok, "ok means valid and no error-level failure"
    assert report.summary.warnings == 1


def test_a_rule_that_cannot_be_evaluated_is_an_error_not_a_silent_pass() -> None:
    broken = LOCAL_PACK_YAML.replace("doc.learner.id.startsWith('LRN')", "doc.learner.id + 1 > 0")
    engine = cte_rules.Engine(packs=[broken], builtin=False)
    report = engine.check(plan(learner={"id": "X-1"}), options=OPTIONS)
    [finding] = report.findings
    assert (finding.rule, finding.status, finding.severity, finding.code) == ("TEST-01", "error", "error", "E_EVAL")
    assert finding.message.startswith("rule TEST-01 could not be evaluated (its `check`): ")
    assert not report.ok, "a warning-level rule that cannot run still fails the report"
    assert report.summary.errors == 1 and report.summary.warnings == 0
    assert report.to_dict()["findings"][0]["code"] == "E_EVAL"


def test_relative_paths_resolve_against_the_working_directory(engine: cte_rules.Engine, tmp_path: pathlib.Path) -> None:
    shutil.copy(EXAMPLES / "plan-of-study-it-gaps.json", tmp_path / "plan.json")
    here = os.getcwd()
    try:
        os.chdir(tmp_path)
        relative = engine.check(pathlib.Path("plan.json"))
    finally:
        os.chdir(here)
    assert relative.findings == engine.check(tmp_path / "plan.json").findings
