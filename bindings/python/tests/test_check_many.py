"""check_many: same reports as check in a loop, NDJSON files, threads, the GIL."""

from __future__ import annotations

import json
import os
import pathlib
import threading
import time
from typing import Any, List

import pytest

import cte_rules
from conftest import EXAMPLES, OPTIONS, PASSING_PLAN, PLANS, plan


def _documents() -> List[Any]:
    return [
        PASSING_PLAN,
        plan(pathway="AR-AVF"),
        json.dumps(plan(cluster="IT", pathway="IT-PSD")),
        "kind: plan-of-study\nlearner: {id: x}\n",
        b'{"kind": "plan-of-study"',
        *sorted(EXAMPLES.glob("*.*")),
        *sorted(PLANS.glob("*.*")),
    ]


def test_check_many_equals_check_in_a_loop(engine: cte_rules.Engine) -> None:
    documents = _documents()
    many = engine.check_many(documents, options=OPTIONS)
    assert len(many) == len(documents)
    for index, (document, report) in enumerate(zip(documents, many), start=1):
        single = engine.check(document, options=OPTIONS)
        if isinstance(document, pathlib.Path):
            assert report == single
        else:
            # In-memory documents are numbered in a batch: <input>:1, <input>:2...
            assert report.source == f"<input>:{index}"
            assert engine.check(document, options=OPTIONS, source=report.source) == report
        assert report.to_dict()["findings"] == single.to_dict()["findings"]


def test_check_many_keeps_input_order_and_takes_any_iterable(engine: cte_rules.Engine) -> None:
    paths = sorted(PLANS.glob("*.*")) * 20
    reports = engine.check_many(iter(paths), options=OPTIONS)
    assert [report.source for report in reports] == [str(path) for path in paths]
    assert engine.check_many((path for path in paths), options=OPTIONS) == reports
    assert engine.check_many([], options=OPTIONS) == []


def test_thread_counts_give_the_same_reports(engine: cte_rules.Engine) -> None:
    documents = _documents() * 5
    expected = engine.check_many(documents, options=OPTIONS)
    assert engine.check_many(documents, threads=1, options=OPTIONS) == expected
    assert engine.check_many(documents, threads=3, options=OPTIONS) == expected


def _os_threads() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("Threads:"))


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="counts threads through /proc")
def test_a_huge_thread_count_is_cut_to_four_per_core(engine: cte_rules.Engine) -> None:
    # threads=2**40 once spawned OS threads until the machine gave out.
    documents = _documents() * 5
    expected = engine.check_many(documents, options=OPTIONS)
    before = _os_threads()
    assert engine.check_many(documents, threads=2**40, options=OPTIONS) == expected
    assert engine.check_many(documents, threads=2**40, options=OPTIONS) == expected
    cap = 4 * (os.cpu_count() or 1)
    assert _os_threads() - before <= cap, "one capped pool, shared by both calls"


def _write_ndjson(path: pathlib.Path, documents: List[Any]) -> List[str]:
    lines = [json.dumps(document) for document in documents]
    lines.insert(2, "")  # blank lines are skipped but still counted
    lines.append('{"kind": "plan-of-study", "cluster": ')  # a malformed line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def test_an_ndjson_path_checks_each_line(engine: cte_rules.Engine, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "plans.ndjson"
    documents = [PASSING_PLAN, plan(pathway="AR-AVF"), plan(cluster="XX"), plan(learner={"id": "L"})]
    lines = _write_ndjson(path, documents)
    for given in (path, str(path)):
        reports = engine.check_many(given, options=OPTIONS)
        numbered = [(number, line) for number, line in enumerate(lines, start=1) if line]
        assert [report.source for report in reports] == [f"{path}:{number}" for number, _ in numbered]
        for report, (_, line) in zip(reports, numbered):
            # Positions of a parse finding are counted within the NDJSON line.
            expected = engine.check(line, options=OPTIONS).findings
            assert [(f.rule, f.path, f.message) for f in report.findings] == [(f.rule, f.path, f.message) for f in expected]
        assert reports[-1].findings[0].rule == "parse"
        assert [r.ok for r in reports[:-1]] == [True, False, False, True]


def test_an_ndjson_batch_over_one_chunk_keeps_order(engine: cte_rules.Engine, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "many.ndjson"
    documents = [plan(learner={"id": f"LRN-{n}"}, pathway="AR-AVF" if n % 7 == 3 else "HL-TS") for n in range(5000)]
    path.write_text("\n".join(json.dumps(d) for d in documents) + "\n", encoding="utf-8")
    reports = engine.check_many(path, options=OPTIONS)
    assert len(reports) == 5000
    assert [report.ok for report in reports] == [n % 7 != 3 for n in range(5000)]
    assert reports[4999].source == f"{path}:5000"


def test_check_many_releases_the_gil(engine: cte_rules.Engine, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "gil.ndjson"
    path.write_text((json.dumps(PASSING_PLAN) + "\n") * 20000, encoding="utf-8")

    def spin(seconds: float) -> int:
        count, end = 0, time.perf_counter() + seconds
        while time.perf_counter() < end:
            count += 1
        return count

    alone = spin(0.2) / 0.2  # iterations per second with nobody else around
    result: List[Any] = []
    worker = threading.Thread(target=lambda: result.append(engine.check_many(path, threads=1)))
    started = time.perf_counter()
    worker.start()
    count = 0
    while worker.is_alive():
        count += 1
        time.perf_counter()
    elapsed = time.perf_counter() - started
    worker.join()
    assert len(result[0]) == 20000
    # With the GIL held for the whole batch this thread would make next to no progress.
    assert count / elapsed > 0.05 * alone, (count, elapsed, alone)
