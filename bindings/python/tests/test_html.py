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


def test_html_is_a_table_of_rule_severity_message_citation(engine: cte_rules.Engine) -> None:
    report = engine.check(plan(pathway="AR-AVF", advising_meetings=[]), options=OPTIONS)
    markup = report._repr_html_()
    table = _parse(markup)
    header, *rows = table.rows
    assert header == ["rule", "severity", "message", "citation"]
    assert len(rows) == len(report.findings) >= 2
    for row, finding in zip(rows, report.findings):
        assert row[0] == finding.rule
        assert row[1] == finding.severity
        assert finding.message in row[2]
        assert finding.path is not None and finding.path in row[2]
        assert finding.citation is not None
        assert finding.citation.section in row[3] and finding.citation.title in row[3]
    assert "<input>" not in markup, "the source is escaped"
    assert "&lt;input&gt;" in markup
    assert "not ok" in markup and f"{report.summary.errors} errors" in markup


def test_html_escapes_document_text(engine: cte_rules.Engine) -> None:
    report = engine.check(plan(cluster="<script>alert(1)</script>"), options=OPTIONS)
    markup = report._repr_html_()
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    _parse(markup)


def test_html_of_a_clean_report_says_so(engine: cte_rules.Engine) -> None:
    markup = engine.check(PASSING_PLAN, options=OPTIONS, source="lrn-1.yaml")._repr_html_()
    assert "lrn-1.yaml" in markup and "No findings." in markup and "<table" not in markup
    assert "ok;" in markup and "not ok" not in markup


def test_html_of_passed_findings_marks_them(engine: cte_rules.Engine) -> None:
    report = engine.check(PASSING_PLAN, options={**OPTIONS, "include_passed": True})
    markup = report._repr_html_()
    assert markup.count('<tr class="pass">') == len(report.findings) > 0
