"""Check Career Technical Education documents against the National Career Clusters Framework.

    >>> import cte_rules
    >>> engine = cte_rules.Engine()
    >>> report = engine.check({"kind": "plan-of-study"})
    >>> report.ok, sorted({finding.rule for finding in report.findings})
    (False, ['schema'])

Build one :class:`Engine` and reuse it: it compiles its rule packs once, is safe to
share between threads, and checks without holding the GIL. ``Engine.check_many``
checks a list of documents, or the lines of an NDJSON file, on all cores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Union

from cte_rules._errors import CteRulesError, InputError, PackError
from cte_rules._native import (
    Citation,
    Engine,
    Finding,
    Report,
    Summary,
    __version__,
    crosswalk,
    framework,
    kinds,
    list_error_codes,
    schema,
    score_survey,
)

if TYPE_CHECKING:
    import pandas

    from cte_rules._native import PackLike, RuleDict

__all__ = [
    "Citation",
    "CteRulesError",
    "Engine",
    "Finding",
    "InputError",
    "PackError",
    "Report",
    "Summary",
    "__version__",
    "crosswalk",
    "framework",
    "kinds",
    "list_error_codes",
    "reports_to_dataframe",
    "rules",
    "schema",
    "score_survey",
]

#: Columns of :func:`reports_to_dataframe`, in order.
DATAFRAME_COLUMNS = (
    "source",
    "kind",
    "valid",
    "ok",
    "rule",
    "severity",
    "status",
    "message",
    "path",
    "line",
    "column",
    "citation_source",
    "citation_section",
    "citation_item",
    "citation_title",
    "remediation",
)


def rules(packs: Optional[Union[PackLike, Iterable[PackLike]]] = None) -> List[RuleDict]:
    """The rules of the built-in national pack (and of ``packs``, layered on it), as dicts."""
    return Engine(packs).rules()


def _rows(report: Report) -> List[Dict[str, Any]]:
    data = report.to_dict()
    document = {
        "source": data["source"],
        "kind": data["kind"],
        "valid": data["valid"],
        "ok": report.ok,
    }
    if not data["findings"]:
        return [document]
    rows = []
    for finding in data["findings"]:
        citation: Mapping[str, Any] = finding.get("citation") or {}
        rows.append(
            {
                **document,
                "rule": finding["rule"],
                "severity": finding["severity"],
                "status": finding["status"],
                "message": finding["message"],
                "path": finding.get("path"),
                "line": finding.get("line"),
                "column": finding.get("column"),
                "citation_source": citation.get("source"),
                "citation_section": citation.get("section"),
                "citation_item": citation.get("item"),
                "citation_title": citation.get("title"),
                "remediation": finding.get("remediation"),
            }
        )
    return rows


def reports_to_dataframe(reports: Union[Report, Iterable[Report]]) -> pandas.DataFrame:
    """One row per finding (columns: :data:`DATAFRAME_COLUMNS`).

    A report without findings still gives one row, with the finding columns empty,
    so that every checked document shows up. Needs pandas, which cte_rules does not
    install: ``pip install pandas``.
    """
    try:
        import pandas
    except ImportError as error:
        raise ImportError(
            "reports_to_dataframe needs pandas, which cte_rules does not install: "
            "run `pip install pandas` (or `pip install cte-rules[pandas]`)"
        ) from error
    if isinstance(reports, Report):
        reports = [reports]
    rows: List[Dict[str, Any]] = []
    for report in reports:
        if not isinstance(report, Report):
            raise TypeError(f"reports_to_dataframe takes Report objects, not {type(report).__name__}")
        rows.extend(_rows(report))
    return pandas.DataFrame(rows, columns=list(DATAFRAME_COLUMNS))
