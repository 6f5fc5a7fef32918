"""Check a folder of plans of study and show the failing ones, grouped by rule.

Copy it into a notebook cell (set ``folder``), or run it:

    .venv/bin/python examples/python/check_plans.py [FOLDER]

FOLDER defaults to ``examples/python/plans``, six plans as a district might export
them: two pass, three break a rule of the national pack, one is half filled in.
"""

from __future__ import annotations

import pathlib
import sys
from collections import defaultdict

import cte_rules

folder = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).parent / "plans"
paths = sorted(path for path in folder.iterdir() if path.suffix in {".yaml", ".yml", ".json"})

# One engine for the whole session: it compiles the rule packs once. To layer a
# state pack on the national one: cte_rules.Engine(packs=["state-pack.yaml"]).
engine = cte_rules.Engine()
reports = engine.check_many(paths)  # all cores, without the GIL; input order kept

passing = [report for report in reports if report.ok]
print(f"{len(reports)} plans checked in {folder}: {len(passing)} ok, {len(reports) - len(passing)} need work\n")

# Failing plans grouped by rule. `schema` findings mean the plan does not match the
# plan-of-study schema (cte_rules.schema("plan-of-study")); `parse` that it is not
# readable JSON or YAML.
titles = {rule["id"]: rule["title"] for rule in engine.rules()}
titles["schema"] = "Plan matches the plan-of-study schema"
titles["parse"] = "Plan is readable JSON or YAML"
by_rule: dict[str, list[tuple[cte_rules.Report, cte_rules.Finding]]] = defaultdict(list)
for report in reports:
    for finding in report.findings:
        if finding.status == "fail":
            by_rule[finding.rule].append((report, finding))

severity_order = {"error": 0, "warning": 1, "info": 2}
for rule, failures in sorted(by_rule.items(), key=lambda item: (severity_order[item[1][0][1].severity], item[0])):
    plans = {report.source for report, _ in failures}
    severity = failures[0][1].severity
    print(f"{rule} ({severity}): {titles.get(rule, rule)}, {len(plans)} plan(s)")
    citation = failures[0][1].citation
    if citation is not None:
        print(f"  cites {citation.source}, {citation.section}: {citation.item}")
    for report, finding in failures:
        where = f" at {finding.path}" if finding.path else ""
        print(f"  - {pathlib.Path(report.source).name}{where}: {finding.message}")
    remediation = failures[0][1].remediation
    if remediation:
        print(f"  fix: {remediation}")
    print()

# The same as a table, when pandas is installed (in a notebook, display `table`).
try:
    import pandas  # noqa: F401
except ImportError:
    print("(install pandas for cte_rules.reports_to_dataframe)")
else:
    frame = cte_rules.reports_to_dataframe(reports)
    failed = frame[frame["status"] == "fail"]
    table = failed.groupby(["rule", "severity"])["source"].nunique().rename("plans").reset_index()
    print(table.to_string(index=False))
