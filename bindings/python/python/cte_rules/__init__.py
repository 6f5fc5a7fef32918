"""Check Career Technical Education documents against the National Career Clusters Framework.

    >>> import cte_rules
    >>> engine = cte_rules.Engine()
    >>> report = engine.check({"kind": "plan-of-study"})
    >>> report.ok, sorted({finding.rule for finding in report.findings})
    (False, ['schema'])

Build one :class:`Engine` and reuse it: it compiles its rule packs once, is safe to
share between threads, and checks without holding the GIL. ``Engine.check_many``
checks a list of documents, or the lines of an NDJSON file, on all cores;
``Engine.iter_check`` yields the same reports a chunk at a time, in flat memory.
Engines and reports pickle, for Spark, Dask and ``multiprocessing`` workers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Union

from cte_rules._errors import CteRulesError, InputError, PackError
from cte_rules._native import (
    Citation,
    Engine,
    Finding,
    Report,
    Summary,
    __version__,
    _dataframe_columns,
    crosswalk,
    framework,
    kinds,
    list_error_codes,
    schema,
    score_survey,
    test_pack,
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
    "test_pack",
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


#: Categories of the ``severity`` column, most severe first.
SEVERITIES = ("error", "warning", "info")


def rules(packs: Optional[Union[PackLike, Iterable[PackLike]]] = None) -> List[RuleDict]:
    """The rules of the built-in national pack (and of ``packs``, layered on it), as dicts."""
    return Engine(packs).rules()


def reports_to_dataframe(reports: Union[Report, Iterable[Report]]) -> pandas.DataFrame:
    """One row per finding (columns: :data:`DATAFRAME_COLUMNS`).

    A report without findings still gives one row, with the finding columns empty,
    so that every checked document shows up. ``line`` and ``column`` are nullable
    integers (``Int64``), ``severity`` is a categorical of ``error``, ``warning``,
    ``info``; ``valid`` and ``ok`` are ``bool``. The columns are built natively in
    one pass (no dict per row). Needs pandas, which cte_rules does not install:
    ``pip install pandas``.
    """
    try:
        import numpy
        import pandas
    except ImportError as error:
        raise ImportError(
            "reports_to_dataframe needs pandas, which cte_rules does not install: "
            "run `pip install pandas` (or `pip install cte-rules[pandas]`)"
        ) from error
    if isinstance(reports, Report):
        reports = [reports]
    columns = _dataframe_columns(reports)
    data: Dict[str, Any] = {}
    for name in DATAFRAME_COLUMNS:
        cells = columns[name]
        if name in ("valid", "ok"):
            data[name] = numpy.frombuffer(cells, dtype=numpy.uint8).astype(bool)
        elif name in ("line", "column"):
            values, mask = cells
            data[name] = pandas.arrays.IntegerArray(
                numpy.frombuffer(values, dtype="<i8").copy(),
                numpy.frombuffer(mask, dtype=numpy.uint8).astype(bool),
            )
        elif name == "severity":
            codes = numpy.frombuffer(cells, dtype=numpy.int8)
            data[name] = pandas.Categorical.from_codes(codes, categories=list(SEVERITIES))
        else:
            data[name] = cells
    return pandas.DataFrame(data, columns=list(DATAFRAME_COLUMNS))
