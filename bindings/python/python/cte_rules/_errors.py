"""Exceptions of cte_rules.

The native module raises these by code: a broken rule pack (``E_PACK_*``) is a
``PackError``, unreadable or rejected input (``E_IO``, ``E_INPUT``) an
``InputError``, anything else (``E_OPTIONS``, ``E_UNKNOWN_KIND``, ``E_INTERNAL``...)
a plain ``CteRulesError``. A malformed or schema-invalid *document* never raises:
it is a report with ``parse`` or ``schema`` findings.
"""

from __future__ import annotations

from typing import List, Optional

__all__ = ["CteRulesError", "PackError", "InputError"]


class CteRulesError(ValueError):
    """An operation failed; ``code`` says why, in a string that never changes.

    ``str(error)`` is one line: code, origin, rule, path and message.
    """

    code: str
    """Stable error code, e.g. ``E_PACK_CEL`` (see ``list_error_codes()``)."""
    message: str
    """The message alone, without code or location."""
    path: Optional[str]
    """JSON pointer of the faulty value inside ``origin``, e.g. ``/rules/3/check``."""
    origin: Optional[str]
    """The file or inline source at fault, e.g. a pack's path or ``<pack 1>``."""
    rule: Optional[str]
    """The id of the rule at fault, when there is one."""
    line: Optional[int]
    column: Optional[int]
    errors: List["CteRulesError"]
    """Every error of the operation, this one first: a pack with five
    mistakes raises one ``PackError`` whose ``errors`` lists all five."""

    def __init__(
        self,
        text: str,
        *,
        code: str = "E_INTERNAL",
        message: Optional[str] = None,
        path: Optional[str] = None,
        origin: Optional[str] = None,
        rule: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
    ) -> None:
        super().__init__(text)
        self.code = code
        self.message = text if message is None else message
        self.path = path
        self.origin = origin
        self.rule = rule
        self.line = line
        self.column = column
        self.errors = [self]


class PackError(CteRulesError):
    """A rule pack cannot be used: bad YAML/JSON, schema, CEL, duplicate or unknown rule."""


class InputError(CteRulesError):
    """A document or NDJSON file could not be read, or was rejected before parsing."""
