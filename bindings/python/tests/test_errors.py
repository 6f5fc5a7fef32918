"""Every exception class and every error code reachable from Python.

Like pydantic-core's test_all_errors_covered: a code added to core without a test
here, or without its Literal in _native.pyi, fails this module.
"""

from __future__ import annotations

import math
import pathlib
import pickle
from typing import Any, Callable, Dict, Tuple, Type

import pytest

import cte_rules
from conftest import EXAMPLES, LOCAL_PACK_YAML, PASSING_PLAN, plan

BAD_CEL_PACK = LOCAL_PACK_YAML.replace("doc.learner.id.startsWith('LRN')", "doc.learner.id.startsWith(")


def _deep(levels: int) -> Dict[str, Any]:
    document: Dict[str, Any] = {}
    inner = document
    for _ in range(levels):
        inner["next"] = {}
        inner = inner["next"]
    return document


def _cyclic() -> Dict[str, Any]:
    document: Dict[str, Any] = dict(PASSING_PLAN)
    document["self"] = document
    return document


def _pack_error(packs: Any) -> Callable[[], Any]:
    return lambda: cte_rules.Engine(packs=packs)


#: code -> (exception class, a call that raises it, fields the error must carry)
TRIGGERS: Dict[str, Tuple[Type[cte_rules.CteRulesError], Callable[[], Any], Dict[str, Any]]] = {
    "E_PACK_PARSE": (
        cte_rules.PackError,
        _pack_error(["name: broken\nrules: [\n  - id: X\n"]),
        {"origin": "<pack 1>"},
    ),
    "E_PACK_SCHEMA": (
        cte_rules.PackError,
        _pack_error([{"name": "broken", "rules": [{"id": "TEST-01", "title": "no check"}]}]),
        {"origin": "<pack 1>", "path": "/rules/0", "rule": "TEST-01"},
    ),
    "E_PACK_CEL": (
        cte_rules.PackError,
        _pack_error([BAD_CEL_PACK]),
        {"origin": "<pack 1>", "path": "/rules/0/check", "rule": "TEST-01"},
    ),
    "E_PACK_DUPLICATE_ID": (cte_rules.PackError, _pack_error([LOCAL_PACK_YAML, LOCAL_PACK_YAML]), {}),
    "E_PACK_UNKNOWN_RULE": (
        cte_rules.PackError,
        _pack_error([{"name": "x", "overrides": [{"rule": "NOPE-99", "enabled": False}]}]),
        {},
    ),
    "E_IO": (
        cte_rules.InputError,
        lambda: cte_rules.Engine().check(pathlib.Path("/nonexistent/plan.yaml")),
        {"origin": "/nonexistent/plan.yaml"},
    ),
    "E_INPUT": (cte_rules.InputError, lambda: cte_rules.Engine().check(_cyclic()), {}),
    "E_UNKNOWN_KIND": (cte_rules.CteRulesError, lambda: cte_rules.schema("nope"), {}),
    "E_OPTIONS": (
        cte_rules.CteRulesError,
        lambda: cte_rules.Engine().check(PASSING_PLAN, options={"include_passd": True}),
        {},
    ),
    # An argument outside its choices, as on the command line: a 2024 code
    # where the crosswalk wants a 2008 one, or an unknown framework version.
    "E_USAGE": (cte_rules.CteRulesError, lambda: cte_rules.crosswalk("HHS"), {}),
}

#: Codes Python callers cannot cause: a rule lookup the Python API does not
#: offer, and a panic (a bug). Their class is still tested below.
NOT_REACHABLE = {"E_UNKNOWN_RULE", "E_INTERNAL"}


def test_every_code_is_triggered_or_known_unreachable() -> None:
    assert set(TRIGGERS) | NOT_REACHABLE == set(cte_rules.list_error_codes())
    assert not set(TRIGGERS) & NOT_REACHABLE


def test_the_readme_names_every_pack_and_input_code() -> None:
    readme = (pathlib.Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for code in cte_rules.list_error_codes():
        if code.startswith("E_PACK_") or code in {"E_IO", "E_INPUT"}:
            assert f"`{code}`" in readme, code


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_each_code_raises_its_class_with_its_fields(code: str) -> None:
    expected_class, trigger, fields = TRIGGERS[code]
    with pytest.raises(cte_rules.CteRulesError) as caught:
        trigger()
    error = caught.value
    assert type(error) is expected_class
    assert isinstance(error, ValueError)
    assert error.code == code
    assert str(error).startswith(f"{code}: ")
    assert error.message and error.message in str(error)
    for name, value in fields.items():
        assert getattr(error, name) == value, name


def test_a_broken_yaml_pack_has_a_position() -> None:
    with pytest.raises(cte_rules.PackError) as caught:
        cte_rules.Engine(packs=["name: broken\nrules: [\n  - id: X\n"])
    assert caught.value.line is not None and caught.value.column is not None


def test_a_bad_cel_pack_file_names_the_file_and_the_pointer(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "state.yaml"
    path.write_text(BAD_CEL_PACK, encoding="utf-8")
    with pytest.raises(cte_rules.PackError) as caught:
        cte_rules.Engine(packs=[path])
    error = caught.value
    assert (error.code, error.path, error.origin, error.rule) == ("E_PACK_CEL", "/rules/0/check", str(path), "TEST-01")
    assert str(path) in str(error) and "/rules/0/check" in str(error)


def test_a_missing_pack_file_is_an_input_error() -> None:
    with pytest.raises(cte_rules.InputError) as caught:
        cte_rules.Engine(packs=["/nonexistent/state.yaml"])
    assert caught.value.code == "E_IO"


@pytest.mark.parametrize(
    "code, expected_class",
    [(code, cte_rules.PackError) for code in cte_rules.list_error_codes() if code.startswith("E_PACK_")]
    + [("E_IO", cte_rules.InputError), ("E_INPUT", cte_rules.InputError)]
    + [(code, cte_rules.CteRulesError) for code in sorted(NOT_REACHABLE) + ["E_OPTIONS", "E_UNKNOWN_KIND"]],
)
def test_the_class_hierarchy(code: str, expected_class: Type[cte_rules.CteRulesError]) -> None:
    assert issubclass(expected_class, cte_rules.CteRulesError)
    assert issubclass(cte_rules.CteRulesError, ValueError)
    if code in TRIGGERS:
        assert TRIGGERS[code][0] is expected_class


def test_errors_pickle_with_their_fields() -> None:
    with pytest.raises(cte_rules.PackError) as caught:
        cte_rules.Engine(packs=[BAD_CEL_PACK])
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is cte_rules.PackError
    assert (copy.code, copy.path, copy.rule, copy.message, str(copy)) == (
        caught.value.code,
        caught.value.path,
        caught.value.rule,
        caught.value.message,
        str(caught.value),
    )


def test_errors_can_be_raised_by_user_code() -> None:
    error = cte_rules.InputError("E_IO: gone", code="E_IO", message="gone", origin="x.yaml")
    assert (error.code, error.message, error.origin, error.path) == ("E_IO", "gone", "x.yaml", None)
    assert cte_rules.CteRulesError("boom").code == "E_INTERNAL"


def test_a_too_deep_dict_is_an_input_error_but_deep_enough_is_not(engine: cte_rules.Engine) -> None:
    with pytest.raises(cte_rules.InputError) as caught:
        engine.check(_deep(64))
    assert caught.value.code == "E_INPUT"
    assert "64" in str(caught.value)
    engine.check(_deep(63))  # 64 levels with the root: at the limit, not over
    with pytest.raises(cte_rules.InputError):
        engine.check(_deep(10), options={"limits": {"max_depth": 5}})


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf, 2**64])
def test_numbers_without_a_json_form_are_input_errors(engine: cte_rules.Engine, number: float) -> None:
    with pytest.raises(cte_rules.InputError) as caught:
        engine.check(plan(learner={"id": "x", "grade": number}))
    assert caught.value.code == "E_INPUT"


def test_bad_thread_counts_are_option_errors(engine: cte_rules.Engine) -> None:
    for threads in (0, -1):
        with pytest.raises(cte_rules.CteRulesError) as caught:
            engine.check_many([PASSING_PLAN], threads=threads)
        assert caught.value.code == "E_OPTIONS"
        assert type(caught.value) is cte_rules.CteRulesError


@pytest.mark.parametrize(
    "options",
    [{"include_passed": "yes"}, {"today": 20260302}, {"limits": {"max_bytes": -1}}, {"limits": {"max_size": 1}}],
)
def test_ill_typed_options_are_option_errors(engine: cte_rules.Engine, options: Dict[str, Any]) -> None:
    with pytest.raises(cte_rules.CteRulesError) as caught:
        engine.check(PASSING_PLAN, options=options)
    assert caught.value.code == "E_OPTIONS"


#: Dates of the wrong shape, then of the right shape naming no day.
BAD_TODAYS = ["yesterday", "15/01/2026", "2026-1-15", "2025-02-29", "2025-04-31", "2025-13-01", "2025-01-00"]


@pytest.mark.parametrize("today", BAD_TODAYS)
def test_a_today_that_is_no_calendar_date_is_an_option_error(
    engine: cte_rules.Engine, tmp_path: pathlib.Path, today: str
) -> None:
    ndjson = tmp_path / "plans.ndjson"
    ndjson.write_text("{}\n", encoding="utf-8")
    calls: Dict[str, Callable[[], Any]] = {
        "check": lambda: engine.check(PASSING_PLAN, options={"today": today}),
        "check_many": lambda: engine.check_many([PASSING_PLAN], options={"today": today}),
        "check_many ndjson": lambda: engine.check_many(ndjson, options={"today": today}),
        "reconcile": lambda: engine.reconcile(
            EXAMPLES / "self-assessment-state-ohio.yaml", EXAMPLES / "state-system-ohio.yaml", today=today
        ),
    }
    for name, call in calls.items():
        with pytest.raises(cte_rules.CteRulesError) as caught:
            call()
        error = caught.value
        assert type(error) is cte_rules.CteRulesError, name
        assert (error.code, error.path) == ("E_OPTIONS", "/today"), name
        assert today in error.message and "YYYY-MM-DD" in error.message, name


def test_a_leap_day_is_a_valid_today(engine: cte_rules.Engine) -> None:
    assert engine.check(PASSING_PLAN, options={"today": "2024-02-29"}).valid
    engine.reconcile(
        EXAMPLES / "self-assessment-state-ohio.yaml", EXAMPLES / "state-system-ohio.yaml", today="2024-02-29"
    )


@pytest.mark.parametrize("limit", ["max_bytes", "max_depth"])
def test_a_zero_limit_is_an_option_error(engine: cte_rules.Engine, limit: str) -> None:
    with pytest.raises(cte_rules.CteRulesError) as caught:
        engine.check(PASSING_PLAN, options={"limits": {limit: 0}})
    assert (caught.value.code, caught.value.path) == ("E_OPTIONS", f"/limits/{limit}")
    assert type(caught.value) is cte_rules.CteRulesError


def test_a_missing_ndjson_file_is_an_input_error(engine: cte_rules.Engine) -> None:
    with pytest.raises(cte_rules.InputError) as caught:
        engine.check_many("/nonexistent/plans.ndjson")
    assert caught.value.code == "E_IO"


def test_a_pack_error_carries_every_error_of_the_pack_the_first_being_itself() -> None:
    many = pathlib.Path(__file__).resolve().parents[3] / "tests" / "packs" / "many-mistakes.yaml"
    with pytest.raises(cte_rules.PackError) as caught:
        cte_rules.Engine(packs=[str(many)])
    error = caught.value
    assert error.errors[0] is error
    assert [(e.code, e.line, e.rule) for e in error.errors] == [
        ("E_PACK_SCHEMA", 8, "STATE-MM-01"),
        ("E_PACK_SCHEMA", 17, "STATE-MM-02"),
        ("E_PACK_CEL", 26, "STATE-MM-03"),
        ("E_PACK_DUPLICATE_ID", 30, "STATE-MM-03"),
        ("E_PACK_CEL", 42, "STATE-MM-05"),
        ("E_PACK_CEL", 42, "STATE-MM-05"),
        ("E_PACK_UNKNOWN_RULE", 47, "POS-3"),
    ]
    assert all(isinstance(e, cte_rules.PackError) for e in error.errors)
    assert "did you mean `POS-03`?" in error.errors[-1].message
    # A single error lists itself.
    with pytest.raises(cte_rules.PackError) as single:
        cte_rules.Engine(packs=[BAD_CEL_PACK])
    assert single.value.errors == [single.value]
