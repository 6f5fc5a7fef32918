"""Types of the native half of cte_rules; import names from ``cte_rules``."""

import os
from typing import IO, Any, Dict, Iterable, Iterator, List, Literal, Mapping, Optional, Sequence, Tuple, TypedDict, Union, final

from typing_extensions import TypeAlias

__all__ = ["kinds", "list_error_codes", "schema", "score_survey", "test_pack", "framework", "crosswalk", "run_cli", "Engine", "Citation", "Finding", "Report", "Summary", "__version__", "_dataframe_columns", "_engine_from_recipe", "_from_dict"]

__version__: str

# Type-only names below (aliases, TypedDicts) exist for type checkers alone; they are
# listed in stubtest-allowlist.txt. Import them under `if TYPE_CHECKING:`.

Severity: TypeAlias = Literal["error", "warning", "info"]
Status: TypeAlias = Literal["pass", "fail", "error"]
Kind: TypeAlias = Literal[
    "plan-of-study", "local-program", "state-system", "curriculum", "interest-survey", "self-assessment"
]
ErrorCode: TypeAlias = Literal[
    "E_PACK_PARSE",
    "E_PACK_SCHEMA",
    "E_PACK_CEL",
    "E_PACK_DUPLICATE_ID",
    "E_PACK_UNKNOWN_RULE",
    "E_IO",
    "E_INPUT",
    "E_UNKNOWN_KIND",
    "E_OPTIONS",
    "E_USAGE",
    "E_UNKNOWN_RULE",
    "E_INTERNAL",
]

Document: TypeAlias = Union[Mapping[str, Any], str, bytes, "os.PathLike[str]"]
"""A dict, JSON or YAML text (str or bytes), or the path of a JSON/YAML file."""
PackLike: TypeAlias = Union[str, "os.PathLike[str]", Mapping[str, Any]]
"""A pack file's path, inline YAML/JSON text (several lines, or starting with ``{``), or a dict."""

class Limits(TypedDict, total=False):
    """Each a whole number of at least 1; another value (``-1``, ``1.5``,
    ``2**70``) raises ``CteRulesError`` (``E_OPTIONS``) with the limit's ``path``."""

    max_bytes: int
    """Largest document, in bytes (default 8 MiB)."""
    max_depth: int
    """Deepest nesting of dicts and lists (default 64, at most 10,000)."""
    max_steps: int
    """Evaluation budget of one document (default 1,000,000): the steps all
    rules may take on it. A rule that would exceed it is a finding with status
    ``error`` and code ``E_BUDGET``."""

class CheckOptions(TypedDict, total=False):
    """Options of a check; the names are core's ``CheckOptions``. A ``today``
    that is no calendar date, a limit of 0 or a ``max_depth`` over 10,000 raises
    ``CteRulesError`` (``E_OPTIONS``)."""

    include_passed: bool
    """Also report the rules that passed."""
    today: Optional[str]
    """The date rules see as ``today`` (``YYYY-MM-DD``), for reproducible reports."""
    limits: Limits

class CitationDict(TypedDict):
    source: str
    section: str
    item: str
    title: str

class ReadingDict(TypedDict):
    of: str
    per: str
    conditional: str

class _FindingPosition(TypedDict, total=False):
    line: int
    column: int
    code: str

class FindingDict(_FindingPosition):
    rule: str
    severity: Severity
    status: Status
    message: str
    path: Optional[str]
    citation: Optional[CitationDict]
    remediation: Optional[str]

class SummaryDict(TypedDict):
    errors: int
    warnings: int
    infos: int
    passed: int

class ReportDict(TypedDict):
    source: str
    kind: Optional[str]
    valid: bool
    findings: List[FindingDict]
    summary: SummaryDict

class RuleDict(TypedDict):
    id: str
    title: str
    severity: Severity
    kind: Kind
    enabled: bool
    pack: str
    citation: CitationDict
    see_also: List[CitationDict]
    description: Optional[str]
    reading: Optional[ReadingDict]
    each: Optional[str]
    when: Optional[str]
    check: str
    message: str
    remediation: str

@final
class Engine:
    """A compiled, immutable set of rule packs, safe to share between threads."""

    def __new__(
        cls,
        packs: Optional[Union[PackLike, Iterable[PackLike]]] = None,
        *,
        builtin: bool = True,
    ) -> Engine:
        """The built-in national pack (unless ``builtin=False``) followed by ``packs``.

        Raises ``PackError`` for a broken pack, ``InputError`` for an unreadable one.
        """
    def check(
        self,
        doc: Document,
        *,
        options: Optional[CheckOptions] = None,
        source: Optional[str] = None,
    ) -> Report:
        """Checks one document; ``source`` names an in-memory one in the report."""
    def check_many(
        self,
        docs: Union[Iterable[Document], str, "os.PathLike[str]"],
        threads: Optional[int] = None,
        *,
        options: Optional[CheckOptions] = None,
        ids: Optional[Iterable[Union[str, int]]] = None,
        id_path: Optional[str] = None,
    ) -> List[Report]:
        """Checks documents, or the lines of an NDJSON file (a str or path), on
        ``threads`` cores (all when None) without the GIL, keeping input order.
        ``threads`` above four per core is cut to that; pools are shared per process.

        ``ids`` (one per document) or ``id_path`` (a dotted key path such as
        ``learner.id``, read from each document) set each ``Report.source``;
        a document without a value there keeps its default name (``<input>:N``,
        ``PATH:LINE``). A wrong number of ``ids``, or both given, raises
        ``CteRulesError`` (``E_OPTIONS``, ``.path`` ``/ids``)."""
    def iter_check(
        self,
        source: Union[Iterable[Document], str, "os.PathLike[str]", IO[str], IO[bytes]],
        threads: Optional[int] = None,
        chunk: int = 2048,
        *,
        options: Optional[CheckOptions] = None,
        ids: Optional[Iterable[Union[str, int]]] = None,
        id_path: Optional[str] = None,
    ) -> Iterator[Report]:
        """Yields the reports of an NDJSON file (a str or path), a file object of
        NDJSON lines (text or binary) or an iterable of documents, in input
        order, checking ``chunk`` documents at a time on ``threads`` cores
        without the GIL: memory stays that of one chunk. Names as ``check_many``
        (a file object's lines are ``<input>:LINE``); ``ids`` may be a generator
        too. A ``chunk`` below 1 raises ``E_OPTIONS``; an error while iterating
        ends the iteration."""
    def __reduce__(self) -> Tuple[Any, Tuple[bool, List[Tuple[str, str, bool]]]]:
        """Pickles as its recipe (``builtin`` and each pack's text), rebuilt where it
        is loaded; a process builds each distinct engine once."""
    def rules(self) -> List[RuleDict]: ...
    def reconcile(
        self,
        self_assessment: Document,
        evidence: Document,
        *,
        today: Optional[str] = None,
    ) -> Dict[str, Any]:
        """Each rubric item's rating against the rules citing it: ``items`` with
        ``agreement`` (``agrees``, ``over-rated``, ``under-rated``, ``not-rated``,
        ``no-evidence``) and a ``summary`` with the agreement rate. A ``today``
        that is no ``YYYY-MM-DD`` calendar date raises ``CteRulesError``
        (``E_OPTIONS``)."""

@final
class Report:
    """Everything the engine found in one document."""

    @property
    def source(self) -> str: ...
    @property
    def kind(self) -> Optional[str]: ...
    @property
    def valid(self) -> bool: ...
    @property
    def ok(self) -> bool:
        """True when the document is valid and no error-level finding failed."""
    @property
    def findings(self) -> List[Finding]: ...
    @property
    def summary(self) -> Summary: ...
    def to_dict(self) -> ReportDict:
        """One entry of the CLI's ``--format json`` ``documents``."""
    def __reduce__(self) -> Tuple[Any, Tuple[str, ReportDict]]:
        """Pickles as its dict."""
    def _repr_html_(self) -> str: ...

@final
class Finding:
    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def status(self) -> Status: ...
    @property
    def message(self) -> str: ...
    @property
    def path(self) -> Optional[str]: ...
    @property
    def line(self) -> Optional[int]: ...
    @property
    def column(self) -> Optional[int]: ...
    @property
    def citation(self) -> Optional[Citation]: ...
    @property
    def remediation(self) -> Optional[str]: ...
    @property
    def code(self) -> Optional[str]:
        """``E_EVAL`` when the rule could not be evaluated, ``E_BUDGET`` when the
        document's evaluation budget ran out (status ``error`` both)."""
    def to_dict(self) -> FindingDict: ...
    def __reduce__(self) -> Tuple[Any, Tuple[str, FindingDict]]: ...

@final
class Citation:
    @property
    def source(self) -> str: ...
    @property
    def section(self) -> str: ...
    @property
    def item(self) -> str: ...
    @property
    def title(self) -> str: ...
    def to_dict(self) -> CitationDict: ...
    def __reduce__(self) -> Tuple[Any, Tuple[str, CitationDict]]: ...

@final
class Summary:
    @property
    def errors(self) -> int: ...
    @property
    def warnings(self) -> int: ...
    @property
    def infos(self) -> int: ...
    @property
    def passed(self) -> int: ...
    def to_dict(self) -> SummaryDict: ...
    def __reduce__(self) -> Tuple[Any, Tuple[str, SummaryDict]]: ...

def kinds() -> List[Kind]:
    """The document kinds, e.g. ``plan-of-study``."""

def schema(name: str) -> Dict[str, Any]:
    """The JSON Schema of a kind, ``rule-pack`` or ``report``; ``CteRulesError``
    (``E_UNKNOWN_KIND``) for another name."""

def list_error_codes() -> List[ErrorCode]:
    """Every code a ``CteRulesError.code`` can hold."""

def score_survey(doc: Document, lang: Optional[Literal["en", "es"]] = None) -> Dict[str, Any]:
    """Scores a Student Interest Survey: ``scores`` (16 clusters ranked), ``top``
    and ``ties``; names in ``lang``, by default the survey's own ``language``.
    ``InputError`` (``E_INPUT``) for an impossible survey, ``CteRulesError``
    (``E_OPTIONS``) for another ``lang``."""

def test_pack(
    paths: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]],
    packs: Optional[Union[PackLike, Iterable[PackLike]]] = None,
    *,
    builtin: bool = True,
) -> Dict[str, Any]:
    """Runs rule fixtures (``<ID>.yaml``: rule, base, pass, fail, also) under
    ``paths`` against the built-in pack (unless ``builtin`` is false) and
    ``packs``, as ``cte-rules rules test`` does: ``fixtures`` (each with its
    cases' expected and actual outcomes), ``passed``, ``failed`` and
    ``uncovered`` (rules of the tested packs no fixture covers).
    ``PackError`` for a broken pack, ``InputError`` for a broken fixture."""

def framework(version: Literal["2008", "2024"] = "2008") -> Dict[str, Any]:
    """The clusters and pathways of one framework version, with ``unverified``."""

def crosswalk(code: Optional[str] = None) -> Dict[str, Any]:
    """The 2008-to-2024 crosswalk, whole or for one 2008 cluster code."""

def run_cli(argv: Sequence[str]) -> int:
    """Runs the ``cte-rules`` command line ``argv`` (program name first) in this
    process, writing to file descriptors 1 and 2, and returns its exit status.
    The ``cte-rules`` console script (``cte_rules.__main__``) calls it."""

def _engine_from_recipe(builtin: bool, packs: List[Tuple[str, str, bool]]) -> Engine:
    """Unpickles an ``Engine`` (``Engine.__reduce__``), from this process's cache."""

def _from_dict(class_name: str, data: Mapping[str, Any]) -> Any:
    """Unpickles a ``Report``, ``Finding``, ``Citation`` or ``Summary`` from its dict."""

def _dataframe_columns(reports: Iterable[Report]) -> Dict[str, Any]:
    """The columns of ``reports_to_dataframe``, packed (see its source)."""
