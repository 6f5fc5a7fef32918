"""examples/python/check_plans.py runs and groups the failing plans by rule."""

from __future__ import annotations

import subprocess
import sys

from conftest import PLANS, ROOT


def test_the_notebook_example_groups_failures_by_rule() -> None:
    script = ROOT / "examples" / "python" / "check_plans.py"
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True, cwd=ROOT)
    out = result.stdout
    plans = sorted(PLANS.glob("*.*"))
    assert f"{len(plans)} plans checked" in out
    assert "2 ok, 4 need work" in out
    for rule, plan_file in [
        ("POS-02", "lrn-0102-programming.json"),
        ("POS-03", "lrn-0103-welding.yaml"),
        ("LOCAL-03", "lrn-0104-animal-science.yaml"),
        ("schema", "lrn-0106-incomplete.yaml"),
    ]:
        heading = next(line for line in out.splitlines() if line.startswith(f"{rule} (error): "))
        block = out.split(heading, 1)[1].split("\n\n", 1)[0]
        assert plan_file in block, (rule, block)
    for passing in ("lrn-0101-health-science.yaml", "lrn-0105-accounting.yaml"):
        assert passing not in out
    headings = [line for line in out.splitlines() if line[:1].isalpha() and " (" in line and "): " in line]
    severities = [heading.split(" (", 1)[1].split(")", 1)[0] for heading in headings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index), "errors first"
