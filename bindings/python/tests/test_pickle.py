"""Pickling: an Engine built once at the top of a notebook works in process pools
and Dask workers, and their Reports come back (issue 23, item 1)."""

from __future__ import annotations

import collections
import copy
import multiprocessing
import pathlib
import pickle
from typing import Any, Counter, Dict, List

import pytest

import cte_rules
from conftest import LOCAL_PACK_YAML, OPTIONS, PASSING_PLAN, PLANS, plan

#: Built at import, as a notebook builds it: spawned workers import this module
#: too, and get the parent's engine by pickle as an argument.
ENGINE = cte_rules.Engine([LOCAL_PACK_YAML])


def _documents() -> List[Any]:
    return [
        PASSING_PLAN,
        plan(pathway="AR-AVF"),
        plan(learner={"id": "X-1", "grade": 11}, school_years=PASSING_PLAN["school_years"][:1]),
        plan(cluster="IT", pathway="IT-PSD", advising_meetings=[]),
        {"kind": "plan-of-study"},
    ] * 6


def _rule_counts(reports: List[cte_rules.Report]) -> Counter[str]:
    return collections.Counter(finding.rule for report in reports for finding in report.findings)


def check_in_worker(engine: cte_rules.Engine, documents: List[Any]) -> List[cte_rules.Report]:
    """Runs in a worker process: the engine and the reports cross by pickle."""
    return engine.check_many(documents, options=OPTIONS)


def test_an_engine_round_trips_with_its_packs(tmp_path: pathlib.Path) -> None:
    pack = tmp_path / "state.yaml"
    pack.write_text(LOCAL_PACK_YAML, encoding="utf-8")
    inline = LOCAL_PACK_YAML.replace("TEST-01", "TEST-02").replace("test-state", "inline-state")
    as_dict = {"name": "dict-state", "rules": []}
    engine = cte_rules.Engine([pack, inline, as_dict], builtin=False)
    data = pickle.dumps(engine)
    pack.unlink()  # the pickle holds the pack's text, not its path alone
    loaded = pickle.loads(data)
    assert isinstance(loaded, cte_rules.Engine)
    assert loaded.rules() == engine.rules()
    assert [rule["id"] for rule in loaded.rules()] == ["TEST-01", "TEST-02"]
    document = plan(learner={"id": "X-1", "grade": 11})
    assert loaded.check(document, options=OPTIONS) == engine.check(document, options=OPTIONS)
    assert copy.deepcopy(engine).rules() == engine.rules()


def test_the_builtin_flag_travels() -> None:
    builtin = pickle.loads(pickle.dumps(cte_rules.Engine()))
    assert len(builtin.rules()) == len(cte_rules.rules()) > 0
    empty = pickle.loads(pickle.dumps(cte_rules.Engine(builtin=False)))
    assert empty.rules() == []


def test_reports_and_their_parts_pickle_as_dicts() -> None:
    report = ENGINE.check(plan(pathway="AR-AVF", learner={"id": "X-1", "grade": 11}), options=OPTIONS)
    assert report.findings and report.findings[0].citation is not None
    for value in (report, report.findings[0], report.findings[0].citation, report.summary):
        loaded = pickle.loads(pickle.dumps(value))
        assert type(loaded) is type(value)
        assert loaded == value and loaded.to_dict() == value.to_dict()
    assert report.__reduce__()[1] == ("Report", report.to_dict())


def test_a_dict_of_another_shape_is_an_input_error() -> None:
    restore, (name, data) = ENGINE.check(PASSING_PLAN).__reduce__()
    with pytest.raises(cte_rules.InputError) as error:
        restore(name, {**data, "valid": "yes"})
    assert error.value.code == "E_INPUT" and "Report" in str(error.value)


def test_a_spawned_pool_uses_the_engine_from_the_top(tmp_path: pathlib.Path) -> None:
    documents = _documents()
    chunks = [documents[start : start + 7] for start in range(0, len(documents), 7)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.starmap(check_in_worker, [(ENGINE, chunk) for chunk in chunks])
    reports = [report for chunk in results for report in chunk]
    local = ENGINE.check_many(documents, options=OPTIONS)
    assert all(isinstance(report, cte_rules.Report) for report in reports)
    assert _rule_counts(reports) == _rule_counts(local)
    assert _rule_counts(local)["TEST-01"] == 6  # the layered pack's rule ran in the workers
    assert [report.to_dict()["findings"] for report in reports] == [report.to_dict()["findings"] for report in local]


def test_dask_distributed_with_processes() -> None:
    distributed = pytest.importorskip("distributed")
    documents = _documents() + [path for path in sorted(PLANS.glob("*.json"))]
    chunks = [documents[start : start + 9] for start in range(0, len(documents), 9)]
    with distributed.LocalCluster(
        processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        futures = client.map(check_in_worker, [ENGINE] * len(chunks), chunks)
        results: List[List[cte_rules.Report]] = client.gather(futures)
        workers: Dict[str, Any] = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2
    reports = [report for chunk in results for report in chunk]
    local = ENGINE.check_many(documents, options=OPTIONS)
    assert _rule_counts(reports) == _rule_counts(local)
    assert sum(_rule_counts(local).values()) > len(documents)
