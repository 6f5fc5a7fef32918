"""reports_to_dataframe: one row per finding, pandas optional."""

from __future__ import annotations

import builtins
from typing import Any

import pytest

import cte_rules
from conftest import OPTIONS, PASSING_PLAN, PLANS, plan


def test_without_pandas_the_error_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch, engine: cte_rules.Engine) -> None:
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match="pip install pandas"):
        cte_rules.reports_to_dataframe([engine.check(PASSING_PLAN)])


def test_one_row_per_finding_and_one_per_clean_report(engine: cte_rules.Engine) -> None:
    pandas = pytest.importorskip("pandas")
    reports = [
        engine.check(PASSING_PLAN, options=OPTIONS, source="clean.json"),
        engine.check(
            plan(
                school_years=PASSING_PLAN["school_years"][:1],
                advising_meetings=[],
                employment={"occupation": "Nursing assistant", "cluster": "HL"},
            ),
            options=OPTIONS,
            source="gaps.json",
        ),
    ]
    frame = cte_rules.reports_to_dataframe(reports)
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(cte_rules.DATAFRAME_COLUMNS)
    assert len(frame) == 1 + len(reports[1].findings)
    clean = frame[frame["source"] == "clean.json"]
    assert len(clean) == 1 and clean["rule"].isna().all() and bool(clean["ok"].iloc[0])
    gaps = frame[frame["source"] == "gaps.json"]
    assert list(gaps["rule"]) == [f.rule for f in reports[1].findings]
    assert list(gaps["message"]) == [f.message for f in reports[1].findings]
    assert set(gaps["severity"]) == {"error"} and set(gaps["status"]) == {"fail"}
    first = reports[1].findings[0]
    assert first.citation is not None
    assert gaps["citation_section"].iloc[0] == first.citation.section
    assert not gaps["ok"].any()


def test_grouping_failures_by_rule(engine: cte_rules.Engine) -> None:
    pytest.importorskip("pandas")
    reports = engine.check_many(sorted(PLANS.glob("*.*")), options=OPTIONS)
    frame = cte_rules.reports_to_dataframe(reports)
    failing = frame[frame["status"] == "fail"]
    by_rule = failing.groupby("rule")["source"].nunique().to_dict()
    expected: dict = {}
    for report in reports:
        for rule in {f.rule for f in report.findings if f.status == "fail"}:
            expected[rule] = expected.get(rule, 0) + 1
    assert by_rule == expected
    assert frame["source"].nunique() == len(reports)


def test_a_single_report_and_wrong_items(engine: cte_rules.Engine) -> None:
    pytest.importorskip("pandas")
    report = engine.check(plan(pathway="AR-AVF"), options=OPTIONS)
    assert len(cte_rules.reports_to_dataframe(report)) == len(report.findings) >= 1
    assert len(cte_rules.reports_to_dataframe([])) == 0
    with pytest.raises(TypeError, match="Report"):
        cte_rules.reports_to_dataframe([report.to_dict()])  # type: ignore[list-item]


def test_columns_have_real_types(engine: cte_rules.Engine) -> None:
    pandas = pytest.importorskip("pandas")
    reports = engine.check_many(
        [PASSING_PLAN, plan(pathway="AR-AVF"), '{"kind": "plan-of-study",', *sorted(PLANS.glob("*.*"))],
        options=OPTIONS,
    )
    frame = cte_rules.reports_to_dataframe(reports)
    assert str(frame["line"].dtype) == "Int64" and str(frame["column"].dtype) == "Int64"
    assert isinstance(frame["severity"].dtype, pandas.CategoricalDtype)
    assert list(frame["severity"].cat.categories) == list(cte_rules.SEVERITIES) == ["error", "warning", "info"]
    assert frame["valid"].dtype == bool and frame["ok"].dtype == bool
    findings = [(report, finding) for report in reports for finding in report.findings or [None]]
    assert len(frame) == len(findings)

    def same(cell: Any, value: Any) -> bool:
        return bool(pandas.isna(cell)) if value is None else bool(cell == value)

    for row, (report, finding) in zip(frame.itertuples(index=False), findings):
        expected = {"source": report.source, "kind": report.kind, "valid": report.valid, "ok": report.ok}
        names = ("rule", "severity", "status", "message", "path", "line", "column", "remediation")
        expected.update({name: getattr(finding, name) if finding else None for name in names})
        citation = finding.citation if finding else None
        for name in ("source", "section", "item", "title"):
            expected[f"citation_{name}"] = getattr(citation, name) if citation else None
        assert all(same(getattr(row, name), value) for name, value in expected.items()), (row, expected)
    assert frame["line"].notna().any() and frame["line"].isna().any()
    assert frame["severity"].isna().sum() == sum(1 for report in reports if not report.findings)
