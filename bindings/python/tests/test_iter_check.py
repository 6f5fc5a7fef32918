"""iter_check: check_many's reports, a chunk at a time; ids and id_path name them
(issue 23, items 2 and 4)."""

from __future__ import annotations

import io
import json
import pathlib
from typing import Any, Iterator, List

import pytest

import cte_rules
from conftest import OPTIONS, PASSING_PLAN, PLANS, plan


def _documents() -> List[Any]:
    return [
        PASSING_PLAN,
        plan(pathway="AR-AVF", learner={"id": "LRN-2", "grade": 10}),
        json.dumps(plan(cluster="IT", pathway="IT-PSD", learner={"id": 3})),
        b'{"kind": "plan-of-study"',
        *sorted(PLANS.glob("*.*")),
        plan(learner={"grade": 9}),
    ]


def _ndjson(tmp_path: pathlib.Path) -> pathlib.Path:
    lines = [
        json.dumps(PASSING_PLAN),
        "",
        json.dumps(plan(pathway="AR-AVF", learner={"id": "LRN-2", "grade": 10})),
        "   ",
        '{"kind": "plan-of-study", "learner": {"id": 7}',
        json.dumps(plan(learner={"id": "LRN-4", "grade": 12}, advising_meetings=[])) + "\r",
        json.dumps(plan(learner={"grade": 9})),
    ]
    path = tmp_path / "plans.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _dicts(reports: Any) -> List[Any]:
    return [report.to_dict() for report in reports]


@pytest.mark.parametrize("chunk", [1, 2, 3, 2048])
def test_documents_give_check_many_reports_in_order(engine: cte_rules.Engine, chunk: int) -> None:
    documents = _documents() * 2
    expected = engine.check_many(documents, options=OPTIONS)
    reports = list(engine.iter_check(documents, chunk=chunk, options=OPTIONS))
    assert reports == expected
    assert reports[len(_documents())].source == f"<input>:{len(_documents()) + 1}"
    assert list(engine.iter_check(iter(documents), 1, chunk, options=OPTIONS)) == expected


@pytest.mark.parametrize("chunk", [1, 2, 2048])
def test_an_ndjson_path_gives_check_many_reports(engine: cte_rules.Engine, tmp_path: pathlib.Path, chunk: int) -> None:
    path = _ndjson(tmp_path)
    expected = engine.check_many(path, options=OPTIONS)
    assert [report.source for report in expected] == [f"{path}:{line}" for line in (1, 3, 5, 6, 7)]
    assert list(engine.iter_check(path, chunk=chunk, options=OPTIONS)) == expected
    assert list(engine.iter_check(str(path), chunk=chunk, options=OPTIONS)) == expected
    assert expected[2].findings[0].rule == "parse"


@pytest.mark.parametrize("mode", ["rb", "r"])
def test_a_file_object_gives_the_same_reports_named_by_line(
    engine: cte_rules.Engine, tmp_path: pathlib.Path, mode: str
) -> None:
    path = _ndjson(tmp_path)
    expected = _dicts(engine.check_many(path, options=OPTIONS))
    for report in expected:
        report["source"] = report["source"].replace(str(path), "<input>")
    with open(path, mode) as file:
        assert _dicts(engine.iter_check(file, chunk=2, options=OPTIONS)) == expected
    text = io.StringIO(path.read_text(encoding="utf-8"))
    assert _dicts(engine.iter_check(text, options=OPTIONS)) == expected


def test_it_reads_no_further_than_one_chunk_ahead(engine: cte_rules.Engine) -> None:
    pulled: List[int] = []

    def documents() -> Iterator[Any]:
        for index in range(100):
            pulled.append(index)
            yield plan(learner={"id": f"LRN-{index}", "grade": 11})

    reports = engine.iter_check(documents(), chunk=10, options=OPTIONS)
    first = next(reports)
    assert first.source == "<input>:1" and len(pulled) == 10
    rest = list(reports)
    assert len(rest) == 99 and rest[-1].source == "<input>:100" and len(pulled) == 100


def test_a_bad_document_ends_the_iteration_after_the_reports_before_it(engine: cte_rules.Engine) -> None:
    documents = [PASSING_PLAN] * 5 + [{"kind": "plan-of-study", "learner": {"id": float("nan")}}] + [PASSING_PLAN]
    reports = engine.iter_check(documents, chunk=2, options=OPTIONS)
    assert len([next(reports) for _ in range(4)]) == 4
    with pytest.raises(cte_rules.InputError) as error:
        list(reports)
    assert error.value.code == "E_INPUT" and error.value.path == "/5/learner/id"
    assert list(reports) == []


def test_wrong_arguments(engine: cte_rules.Engine, tmp_path: pathlib.Path) -> None:
    for chunk in (0, -3):
        with pytest.raises(cte_rules.CteRulesError) as error:
            engine.iter_check([PASSING_PLAN], chunk=chunk)
        assert error.value.code == "E_OPTIONS" and error.value.path == "/chunk"
    with pytest.raises(TypeError, match="check for one document"):
        engine.iter_check(PASSING_PLAN)
    with pytest.raises(TypeError, match="iterable"):
        engine.iter_check(42)  # type: ignore[arg-type]
    with pytest.raises(cte_rules.InputError) as missing:
        engine.iter_check(tmp_path / "missing.ndjson")
    assert missing.value.code == "E_IO"


def test_ids_name_the_reports(engine: cte_rules.Engine, tmp_path: pathlib.Path) -> None:
    documents = _documents()
    ids = [f"learner-{index}" for index in range(len(documents))]
    reports = engine.check_many(documents, ids=ids, options=OPTIONS)
    assert [report.source for report in reports] == ids
    unnamed = engine.check_many(documents, options=OPTIONS)
    assert _dicts(reports) == [{**report, "source": id_} for report, id_ in zip(_dicts(unnamed), ids)]
    assert [r.source for r in engine.iter_check(documents, chunk=2, ids=iter(range(len(documents))))] == [
        str(index) for index in range(len(documents))
    ]
    path = _ndjson(tmp_path)
    assert [r.source for r in engine.check_many(path, ids=list("abcde"))] == list("abcde")


def test_a_wrong_number_of_ids_is_an_options_error(engine: cte_rules.Engine, tmp_path: pathlib.Path) -> None:
    documents = _documents()
    for ids in (["a"], [str(index) for index in range(len(documents) + 1)]):
        with pytest.raises(cte_rules.CteRulesError) as error:
            engine.check_many(documents, ids=ids)
        assert error.value.code == "E_OPTIONS" and error.value.path == "/ids"
        assert f"{len(ids)} entries for {len(documents)} documents" in str(error.value)
    path = _ndjson(tmp_path)
    with pytest.raises(cte_rules.CteRulesError, match="fewer than the documents") as short:
        engine.check_many(path, ids=["a", "b"])
    assert short.value.code == "E_OPTIONS"
    with pytest.raises(cte_rules.CteRulesError, match="more entries than the 5 documents"):
        list(engine.iter_check(path, ids=iter("abcdef")))
    with pytest.raises(cte_rules.CteRulesError, match="not both") as both:
        engine.check_many(documents, ids=["a"], id_path="learner.id")
    assert both.value.code == "E_OPTIONS"
    with pytest.raises(cte_rules.CteRulesError) as bad_path:
        engine.check_many(documents, id_path="learner..id")
    assert bad_path.value.code == "E_OPTIONS" and bad_path.value.path == "/id_path"
    with pytest.raises(TypeError, match="str or an int"):
        engine.check_many([PASSING_PLAN], ids=[None])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="not one str"):
        engine.check_many([PASSING_PLAN], ids="a")


def test_id_path_reads_each_document(engine: cte_rules.Engine, tmp_path: pathlib.Path) -> None:
    reports = engine.check_many(_documents(), id_path="learner.id", options=OPTIONS)
    names = [report.source for report in reports]
    assert names[:4] == ["LRN-T-0001", "LRN-2", "3", "<input>:4"]  # text, number, unreadable
    # The examples' files, YAML and JSON, are read for their ids too.
    assert names[4:-1] == [path.name[:8].upper() for path in sorted(PLANS.glob("*.*"))]
    assert names[-1] == f"<input>:{len(names)}"  # no learner.id: the default name
    path = _ndjson(tmp_path)
    by_line = [report.source for report in engine.iter_check(path, chunk=2, id_path="learner.id")]
    assert by_line == ["LRN-T-0001", "LRN-2", f"{path}:5", "LRN-4", f"{path}:7"]


def test_the_default_chunk_is_the_documented_one() -> None:
    import inspect

    assert inspect.signature(cte_rules.Engine.iter_check).parameters["chunk"].default == 2048
