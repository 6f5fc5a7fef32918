"""Hostile input from Python (issue 25, items 3 and 6): deep dicts are walked
without recursion and refused at the depth limit, which is capped at 10,000;
a str that is not valid Unicode and an out-of-range option are coded errors.

The deep cases run in a child interpreter: a stack overflow kills the process
it happens in, and must fail one test, not end the run.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import textwrap
from typing import Any, Callable, Dict

import pytest

import cte_rules
from conftest import LOCAL_PACK_YAML, OPTIONS, PASSING_PLAN, plan
from test_cli import _assert_same

CAP = 10_000


def _run(code: str) -> "subprocess.CompletedProcess[str]":
    """Runs `code` in a fresh interpreter with `deep(levels)` defined, which
    builds a dict `levels` levels deep (the root is the first)."""
    prelude = textwrap.dedent(
        """
        import threading
        import cte_rules

        def deep(levels):
            root = inner = {}
            for _ in range(levels - 1):
                inner["n"] = {}
                inner = inner["n"]
            return root

        engine = cte_rules.Engine()
        AT_CAP = {"limits": {"max_depth": 10_000}}
        """
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _outcome(code: str) -> str:
    done = _run(code)
    assert done.returncode == 0, f"exit {done.returncode} (a negative one is the signal)\n{done.stderr[-2000:]}"
    return done.stdout.strip()


def test_the_depth_limit_is_capped_at_ten_thousand(engine: cte_rules.Engine) -> None:
    # Once accepted, and a dict 20,000 levels deep then killed the process.
    for max_depth in (CAP + 1, 20_000, 2**63):
        with pytest.raises(cte_rules.CteRulesError) as caught:
            engine.check(PASSING_PLAN, options={"limits": {"max_depth": max_depth}})
        error = caught.value
        assert (type(error), error.code, error.path) == (cte_rules.CteRulesError, "E_OPTIONS", "/limits/max_depth")
        assert "10000" in error.message and "limits.max_depth" in error.message
    engine.check(PASSING_PLAN, options={"limits": {"max_depth": CAP}})


def test_a_dict_twenty_thousand_deep_is_refused_not_a_crash() -> None:
    outcome = _outcome(
        """
        for options in ({"limits": {"max_depth": 20_000}}, AT_CAP):
            try:
                engine.check(deep(20_000), options=options)
            except cte_rules.CteRulesError as error:
                print(error.code, error.path == "/limits/max_depth" or error.path.count("/n"))
        """
    )
    assert outcome.splitlines() == ["E_OPTIONS True", f"E_INPUT {CAP}"]


def test_a_dict_at_the_depth_cap_is_checked_and_one_level_more_is_refused() -> None:
    outcome = _outcome(
        """
        report = engine.check(deep(10_000), options=AT_CAP)
        print(report.kind, [finding.rule for finding in report.findings])
        try:
            engine.check(deep(10_001), options=AT_CAP)
        except cte_rules.InputError as error:
            print(error.code, error.path == "/n" * 10_000, error.message)
        """
    )
    assert outcome.splitlines() == [
        "None ['schema']",
        "E_INPUT True document nests deeper than 10000 levels",
    ]


def test_check_many_at_the_depth_cap_is_checked_and_one_level_more_is_refused() -> None:
    # check_many once died at 10,000 levels.
    outcome = _outcome(
        """
        plan = {"kind": "plan-of-study", "extra": deep(9_999)}
        for threads in (None, 2):
            reports = engine.check_many([deep(10_000), plan, plan], threads=threads, options=AT_CAP)
            print(len(reports), reports[1].kind)
        try:
            engine.check_many([plan, deep(10_001)], options=AT_CAP)
        except cte_rules.InputError as error:
            print(error.code, error.path == "/1" + "/n" * 10_000, error.message)
        """
    )
    assert outcome.splitlines() == [
        "3 plan-of-study",
        "3 plan-of-study",
        "E_INPUT True `docs[1]`: document nests deeper than 10000 levels",
    ]


def test_a_deep_dict_is_walked_without_recursion_even_on_a_small_stack() -> None:
    # The converter once recursed, a few hundred bytes of stack per level: a
    # thread with 512 KiB of stack could not take 10,000 levels.
    outcome = _outcome(
        """
        threading.stack_size(512 * 1024)
        results = []
        def work():
            report = engine.check(deep(10_000), options=AT_CAP)
            results.append(report.kind)
            reports = engine.check_many([deep(10_000)], options=AT_CAP)
            results.append(len(reports))
            try:
                engine.check(deep(10_001), options=AT_CAP)
            except cte_rules.InputError as error:
                results.append(error.code)
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        print(results)
        """
    )
    assert outcome == "[None, 1, 'E_INPUT']"


def test_a_dict_nested_past_the_default_depth_is_refused_quickly() -> None:
    # Deeper than any limit: refused at the 65th level, not walked whole.
    outcome = _outcome(
        """
        import time
        document = deep(1_000_000)
        start = time.perf_counter()
        try:
            engine.check(document)
        except cte_rules.InputError as error:
            print(error.code, error.path.count("/"), time.perf_counter() - start < 1)
        """
    )
    assert outcome == "E_INPUT 64 True"


def test_the_cli_reads_text_at_the_depth_cap_and_refuses_a_limit_over_it(tmp_path: pathlib.Path) -> None:
    # Text is read by serde_json (127 levels at most) and serde-saphyr (64):
    # deeper text is a parse finding whatever the limit, never a crash.
    levels = CAP
    objects = '{"n":' * (levels - 1) + "{}" + "}" * (levels - 1)
    files = {
        "deep.json": objects,
        "deep.yaml": "n: " + objects[5:-1] + "\n",
        "deep.ndjson": objects + "\n" + "[" * (levels + 1) + "]" * (levels + 1) + "\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        _, stdout, _ = _assert_same(["check", str(path), "--max-depth", str(CAP), "--format", "json"], (1,))
        findings = [finding for document in json.loads(stdout)["documents"] for finding in document["findings"]]
        assert findings and all(finding["rule"] == "parse" for finding in findings), name
        _, _, stderr = _assert_same(["check", str(path), "--max-depth", str(CAP + 1)], (2,))
        assert b"--max-depth" in stderr and b"10000" in stderr


def test_a_dict_inside_itself_is_a_cycle_at_the_place_it_comes_back(engine: cte_rules.Engine) -> None:
    document = plan()
    document["learner"]["self"] = document
    for options in (None, {"limits": {"max_depth": CAP}}):
        with pytest.raises(cte_rules.InputError) as caught:
            engine.check(document, options=options)
        assert (caught.value.code, caught.value.path) == ("E_INPUT", "/learner/self")
        assert "cycle" in caught.value.message
    listed: Dict[str, Any] = {"a": []}
    listed["a"].append([listed])
    with pytest.raises(cte_rules.InputError) as caught:
        engine.check(listed)
    assert caught.value.path == "/a/0/0"
    # The same dict twice, side by side, is no cycle.
    shared = {"id": "LRN-1", "grade": 10}
    engine.check({"kind": "plan-of-study", "learner": shared, "other": [shared, shared]})


LONE = "\ud800"


@pytest.mark.parametrize(
    "document, path",
    [
        (plan(learner={"id": LONE, "grade": 11}), "/learner/id"),
        (plan(school_years=[{"year": "2025-2026", "courses": [{"title": "Bio" + LONE}]}]), "/school_years/0/courses/0/title"),
        ({"kind": "plan-of-study", "a/b~c": (1, LONE)}, "/a~1b~0c/1"),
        ({"kind": "plan-of-study", "learner": {LONE: 1}}, "/learner"),
    ],
)
def test_a_lone_surrogate_in_a_dict_is_an_input_error_at_its_path(
    engine: cte_rules.Engine, document: Dict[str, Any], path: str
) -> None:
    # It once escaped as a bare UnicodeEncodeError.
    with pytest.raises(cte_rules.InputError) as caught:
        engine.check(document)
    error = caught.value
    assert (error.code, error.path) == ("E_INPUT", path)
    assert "not valid Unicode" in error.message and "surrogates not allowed" in error.message
    with pytest.raises(cte_rules.InputError) as caught:
        engine.check_many([PASSING_PLAN, document])
    assert (caught.value.code, caught.value.path) == ("E_INPUT", "/1" + path)
    assert caught.value.message.startswith("`docs[1]`: ")


def test_a_lone_surrogate_anywhere_else_is_a_coded_error(engine: cte_rules.Engine) -> None:
    calls: Dict[str, Callable[[], Any]] = {
        "E_INPUT document": lambda: engine.check(LONE),
        "E_INPUT document text": lambda: engine.check('{"kind": "plan-of-study", "cluster": "' + LONE + '"}'),
        "E_INPUT batch": lambda: engine.check_many(["{}", LONE]),
        "E_INPUT source": lambda: engine.check(PASSING_PLAN, source="plan" + LONE),
        "E_INPUT ndjson path": lambda: engine.check_many("plans" + LONE + ".ndjson"),
        "E_OPTIONS today": lambda: engine.check(PASSING_PLAN, options={"today": LONE}),
        "E_OPTIONS reconcile today": lambda: engine.reconcile(PASSING_PLAN, PASSING_PLAN, today=LONE),
        "E_PACK_PARSE pack": lambda: cte_rules.Engine(packs=[LOCAL_PACK_YAML + "# " + LONE]),
        "E_INPUT pack dict": lambda: cte_rules.Engine(packs=[{"name": LONE, "rules": []}]),
        "E_USAGE lang": lambda: cte_rules.score_survey({}, lang=LONE),  # type: ignore[arg-type]
        "E_USAGE crosswalk": lambda: cte_rules.crosswalk(LONE),
        "E_USAGE framework": lambda: cte_rules.framework(LONE),  # type: ignore[arg-type]
    }
    for name, call in calls.items():
        with pytest.raises(cte_rules.CteRulesError) as caught:
            call()
        assert caught.value.code == name.split()[0], name
        assert "not valid Unicode" in caught.value.message, name
    with pytest.raises(cte_rules.CteRulesError) as caught:
        engine.check(PASSING_PLAN, options={"today": LONE})
    assert caught.value.path == "/today"
    with pytest.raises(cte_rules.PackError) as caught:
        cte_rules.Engine(packs=[LOCAL_PACK_YAML, LOCAL_PACK_YAML + "# " + LONE])
    assert caught.value.origin == "<pack 2>"


@pytest.mark.parametrize(
    "limits, path",
    [
        ({"max_bytes": 2**70}, "/limits/max_bytes"),
        ({"max_bytes": 2**64}, "/limits/max_bytes"),
        ({"max_bytes": -1}, "/limits/max_bytes"),
        ({"max_bytes": -(2**70)}, "/limits/max_bytes"),
        ({"max_bytes": 1.5}, "/limits/max_bytes"),
        ({"max_bytes": "8"}, "/limits/max_bytes"),
        ({"max_bytes": True}, "/limits/max_bytes"),
        ({"max_depth": 2**70}, "/limits/max_depth"),
        ({"max_depth": -5}, "/limits/max_depth"),
        ({"max_depth": 64.5}, "/limits/max_depth"),
        ({"max_depth": CAP + 1}, "/limits/max_depth"),
    ],
)
def test_an_out_of_range_limit_is_an_option_error_naming_it(
    engine: cte_rules.Engine, limits: Dict[str, Any], path: str
) -> None:
    # max_bytes=2**70 was once E_INPUT, "too large for a document".
    name = "limits." + path.rsplit("/", 1)[1]
    for call in (
        lambda: engine.check(PASSING_PLAN, options={"limits": limits}),
        lambda: engine.check_many([PASSING_PLAN], options={"limits": limits}),
    ):
        with pytest.raises(cte_rules.CteRulesError) as caught:
            call()
        error = caught.value
        assert (type(error), error.code, error.path) == (cte_rules.CteRulesError, "E_OPTIONS", path)
        assert f"`{name}`" in error.message


def test_a_huge_option_elsewhere_is_an_option_error_too(engine: cte_rules.Engine) -> None:
    with pytest.raises(cte_rules.CteRulesError) as caught:
        engine.check(PASSING_PLAN, options={"today": 2**70})
    assert (caught.value.code, caught.value.path) == ("E_OPTIONS", "/today")
    with pytest.raises(cte_rules.CteRulesError) as caught:
        engine.check(PASSING_PLAN, options={"limits": {"max_size": 2**70}})
    assert caught.value.code == "E_OPTIONS"


def test_thread_counts_out_of_range(engine: cte_rules.Engine) -> None:
    # 2**70 was once an OverflowError: a count that large is cut like 2**40.
    expected = engine.check_many([PASSING_PLAN], options=OPTIONS)
    assert engine.check_many([PASSING_PLAN], threads=2**70, options=OPTIONS) == expected
    for threads in (-(2**70), -1, 0):
        with pytest.raises(cte_rules.CteRulesError) as caught:
            engine.check_many([PASSING_PLAN], threads=threads)
        assert caught.value.code == "E_OPTIONS"
        assert "threads" in caught.value.message
    with pytest.raises(TypeError):
        engine.check_many([PASSING_PLAN], threads=1.5)  # type: ignore[arg-type]


def test_a_spent_evaluation_budget_is_a_coded_finding_never_a_hang() -> None:
    """``limits.max_steps`` reaches the engine: with 5 steps, the rules that
    would need more are findings with status ``error`` and code ``E_BUDGET``,
    and the report counts them as errors; 0 steps is an option error."""
    engine = cte_rules.Engine()
    options = {**OPTIONS, "limits": {"max_steps": 5}}
    report = engine.check(PASSING_PLAN, options=options)
    stopped = [f for f in report.findings if f.code == "E_BUDGET"]
    assert stopped, report.findings
    assert all(f.status == "error" and f.severity == "error" for f in stopped)
    assert "evaluation budget of 5 steps" in stopped[0].message
    assert report.summary.errors == len(stopped)
    assert engine.check(PASSING_PLAN, options=OPTIONS).findings == []
    with pytest.raises(cte_rules.CteRulesError) as caught:
        engine.check(PASSING_PLAN, options={"limits": {"max_steps": 0}})
    assert caught.value.code == "E_OPTIONS"
    assert caught.value.path == "/limits/max_steps"
