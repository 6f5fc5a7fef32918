"""Memory and time of Python batches (issue 23): run one mode per process so that
`/usr/bin/time -v` (or farm-bench) reads its peak RSS.

    python bench/batch.py generate N PATH     # N plans of study as NDJSON
    python bench/batch.py iter PATH           # engine.iter_check, reports dropped as they come
    python bench/batch.py many PATH           # engine.check_many, every report held
    python bench/batch.py frame PATH          # check_many, then reports_to_dataframe (times both)
"""

from __future__ import annotations

import copy
import json
import pathlib
import random
import sys
import time

import cte_rules

ROOT = pathlib.Path(__file__).resolve().parents[3]


def generate(count: int, path: pathlib.Path) -> None:
    """Variants of the example JSON plan: other learners, clusters, years dropped."""
    base = json.loads((ROOT / "examples/python/plans/lrn-0102-programming.json").read_text(encoding="utf-8"))
    clusters = [("IT", "IT-PSD"), ("HL", "HL-TS"), ("AG", "AG-ANI"), ("MN", "MN-PRO"), ("FN", "FN-ACC")]
    rng = random.Random(23)
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            plan = copy.deepcopy(base)
            plan["learner"]["id"] = f"LRN-{index:07d}"
            plan["cluster"], plan["pathway"] = rng.choice(clusters)
            if rng.random() < 0.3:
                plan["school_years"] = plan["school_years"][:1]
            if rng.random() < 0.2:
                plan.pop("advising_meetings", None)
            out.write(json.dumps(plan) + "\n")


def main() -> None:
    mode, *args = sys.argv[1:]
    if mode == "generate":
        generate(int(args[0]), pathlib.Path(args[1]))
        return
    engine = cte_rules.Engine()
    options = {"today": "2026-03-02"}
    started = time.perf_counter()
    if mode == "iter":
        findings = sum(len(report.findings) for report in engine.iter_check(args[0], options=options))
        print(f"iter_check: {findings} findings in {time.perf_counter() - started:.2f} s")
    elif mode == "many":
        reports = engine.check_many(args[0], options=options)
        print(f"check_many: {len(reports)} reports in {time.perf_counter() - started:.2f} s")
    elif mode == "frame":
        reports = engine.check_many(args[0], options=options)
        checked = time.perf_counter()
        frame = cte_rules.reports_to_dataframe(reports)
        done = time.perf_counter()
        print(f"check {checked - started:.2f} s; reports_to_dataframe {done - checked:.2f} s; {len(frame)} rows")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
