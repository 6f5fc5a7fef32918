"""Wrong argument types raise TypeError (or CteRulesError), never crash the interpreter."""

from __future__ import annotations

from typing import Any

import pytest

import cte_rules
from conftest import PASSING_PLAN, plan


@pytest.mark.parametrize("doc", [42, 4.2, None, object(), {1, 2}, bytearray(b"{}")])
def test_check_rejects_non_documents(engine: cte_rules.Engine, doc: Any) -> None:
    with pytest.raises(TypeError, match="a document is a dict"):
        engine.check(doc)


def test_check_of_a_list_points_to_check_many(engine: cte_rules.Engine) -> None:
    with pytest.raises(TypeError, match="check_many"):
        engine.check([PASSING_PLAN])


@pytest.mark.parametrize(
    "value",
    [{1, 2}, object(), b"bytes", complex(1, 2)],
)
def test_values_without_a_json_form_are_type_errors(engine: cte_rules.Engine, value: Any) -> None:
    with pytest.raises(TypeError, match="not `"):
        engine.check(plan(learner={"id": value}))


def test_non_str_keys_are_type_errors(engine: cte_rules.Engine) -> None:
    with pytest.raises(TypeError, match="keys must be str"):
        engine.check({**PASSING_PLAN, 1: "one"})


@pytest.mark.parametrize("docs", [42, None, PASSING_PLAN, b"{}"])
def test_check_many_rejects_non_batches(engine: cte_rules.Engine, docs: Any) -> None:
    with pytest.raises(TypeError, match="check_many"):
        engine.check_many(docs)


def test_check_many_rejects_a_bad_element_and_names_the_rule(engine: cte_rules.Engine) -> None:
    with pytest.raises(TypeError, match="a document is a dict"):
        engine.check_many([PASSING_PLAN, 42])


def test_check_many_passes_on_an_iterator_error(engine: cte_rules.Engine) -> None:
    def documents() -> Any:
        yield PASSING_PLAN
        raise RuntimeError("export failed")

    with pytest.raises(RuntimeError, match="export failed"):
        engine.check_many(documents())


@pytest.mark.parametrize("threads", ["2", 2.0, [2]])
def test_thread_counts_must_be_ints(engine: cte_rules.Engine, threads: Any) -> None:
    with pytest.raises(TypeError):
        engine.check_many([PASSING_PLAN], threads=threads)


@pytest.mark.parametrize("options", ["include_passed", ["include_passed"], 1])
def test_options_must_be_a_dict(engine: cte_rules.Engine, options: Any) -> None:
    with pytest.raises(TypeError, match="options is a dict"):
        engine.check(PASSING_PLAN, options=options)


@pytest.mark.parametrize("packs", [42, [42], [None], [b"name: x"]])
def test_packs_must_be_paths_texts_or_dicts(packs: Any) -> None:
    with pytest.raises(TypeError, match="pack"):
        cte_rules.Engine(packs=packs)


def test_unknown_keywords_are_type_errors(engine: cte_rules.Engine) -> None:
    with pytest.raises(TypeError):
        engine.check(PASSING_PLAN, today="2026-01-01")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        cte_rules.Engine(pack=["x.yaml"])  # type: ignore[call-arg]


def test_schema_name_must_be_a_str() -> None:
    with pytest.raises(TypeError):
        cte_rules.schema(42)  # type: ignore[arg-type]


def test_strings_with_lone_surrogates_raise_not_crash(engine: cte_rules.Engine) -> None:
    # An InputError since issue 25 (test_hostile.py has the details), once a
    # bare UnicodeEncodeError.
    with pytest.raises(cte_rules.InputError) as caught:
        engine.check(plan(learner={"id": "\ud800"}))
    assert (caught.value.code, caught.value.path) == ("E_INPUT", "/learner/id")
