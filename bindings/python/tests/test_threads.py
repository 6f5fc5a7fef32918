"""One engine shared by several Python threads."""

from __future__ import annotations

import concurrent.futures
from typing import Any, Dict, List

import cte_rules
from conftest import EXAMPLES, OPTIONS, PASSING_PLAN, PLANS, plan

DOCUMENTS: List[Any] = [
    PASSING_PLAN,
    plan(pathway="AR-AVF"),
    plan(school_years=[PASSING_PLAN["school_years"][0]]),
    plan(advising_meetings=[]),
    *sorted(EXAMPLES.glob("*.*")),
    *sorted(PLANS.glob("*.*")),
]


def test_one_engine_many_threads_check(engine: cte_rules.Engine) -> None:
    expected = [engine.check(document, options=OPTIONS).to_dict() for document in DOCUMENTS]

    def work(offset: int) -> Dict[int, Any]:
        seen = {}
        for round_ in range(20):
            index = (offset + round_) % len(DOCUMENTS)
            seen[index] = engine.check(DOCUMENTS[index], options=OPTIONS).to_dict()
            assert seen[index] == expected[index]
        return seen

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(16)))
    assert len(results) == 16
    assert {index for seen in results for index in seen} == set(range(len(DOCUMENTS)))


def test_one_engine_many_threads_check_many(engine: cte_rules.Engine) -> None:
    batch = DOCUMENTS * 10
    expected = engine.check_many(batch, options=OPTIONS)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(engine.check_many, batch, threads, options=OPTIONS) for threads in (None, 1, 2, None, 2, 1)]
        assert all(future.result() == expected for future in futures)


def test_engines_built_in_threads_agree() -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        engines = list(pool.map(lambda _: cte_rules.Engine(), range(4)))
    reports = [engine.check(plan(pathway="AR-AVF"), options=OPTIONS) for engine in engines]
    assert all(report == reports[0] for report in reports)
