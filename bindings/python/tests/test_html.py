"""Report._repr_html_: what a Jupyter cell shows."""

from __future__ import annotations

import html.parser
from typing import List

import cte_rules
from conftest import OPTIONS, PASSING_PLAN, plan


class _Table(html.parser.HTMLParser):
    """Collects the text of each <th> and <td>, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: List[List[str]] = []
        self._cell: List[str] = []
        self._in_cell = False
        self.open_tags: List[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in {"br"}:
            self.open_tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        if tag in {"td", "th"}:
            self._in_cell, self._cell = True, []

    def handle_endtag(self, tag: str) -> None:
        assert self.open_tags and self.open_tags.pop() == tag, f"unbalanced </{tag}>"
        if tag in {"td", "th"}:
            self._in_cell = False
            self.rows[-1].append("".join(self._cell).strip())

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self._cell.append(data)


def _parse(markup: str) -> _Table:
    table = _Table()
    table.feed(markup)
    table.close()
    assert table.open_tags == []
    return table


def test_html_is_core_s_fragment_with_severity_rule_message_location(
    engine: cte_rules.Engine,
) -> None:
    report = engine.check(plan(pathway="AR-AVF", advising_meetings=[]), options=OPTIONS)
    markup = report._repr_html_()
    assert "<html" not in markup and markup.startswith('<div class="cte-rules">')
    table = _parse(markup)
    header = ["Severity", "Rule", "Message", "Location", "Remediation", "Citation"]
    headers = [row for row in table.rows if row == header]
    rows = [row for row in table.rows if row != header]
    assert headers and len(rows) == len(report.findings) >= 2
    by_rule = {row[1]: row for row in rows}
    for finding in report.findings:
        row = by_rule[finding.rule]
        assert row[0] == finding.severity
        assert finding.message in row[2]
        assert finding.path is not None and finding.path in row[3]
        if finding.line is not None:  # a dict has no lines; text does
            assert f"{finding.line}:{finding.column}" in row[3]
        assert finding.remediation and finding.remediation in row[4]
        assert finding.citation is not None
        assert finding.citation.title in row[5] and finding.citation.section in row[5]
        assert finding.citation.source not in row[5], "no hashed file names"
    assert "&lt;input&gt;" in markup and "<input>" not in markup, "the source is escaped"
    errors = report.summary.errors
    assert f"{errors} error{'' if errors == 1 else 's'}," in markup
    assert "white-space:nowrap" in markup, "rule ids do not wrap"


def test_html_escapes_document_text(engine: cte_rules.Engine) -> None:
    report = engine.check(plan(cluster="<script>alert(1)</script>"), options=OPTIONS)
    markup = report._repr_html_()
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    _parse(markup)


def test_html_of_a_clean_report_says_so(engine: cte_rules.Engine) -> None:
    markup = engine.check(PASSING_PLAN, options=OPTIONS, source="lrn-1.yaml")._repr_html_()
    assert "lrn-1.yaml" in markup and "No check failed." in markup and "<table" not in markup
    assert "0 errors, 0 warnings, 0 infos" in markup


def test_html_folds_passed_checks_away(engine: cte_rules.Engine) -> None:
    report = engine.check(PASSING_PLAN, options={**OPTIONS, "include_passed": True})
    markup = report._repr_html_()
    passed = len(report.findings)
    assert passed > 1
    assert f"<details><summary>{passed} passed checks</summary>" in markup
    assert markup.count('<tr class="pass">') == passed
