"""Shared fixtures: the repository's example documents, test packs, one engine."""

from __future__ import annotations

import copy
import pathlib
from typing import Any, Dict

import pytest

import cte_rules

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
PLANS = ROOT / "examples" / "python" / "plans"

#: A fixed `today`, so that reports compared across calls cannot differ by date.
OPTIONS = {"today": "2026-03-02"}

#: A plan of study that meets every rule of the national pack.
PASSING_PLAN: Dict[str, Any] = {
    "kind": "plan-of-study",
    "learner": {"id": "LRN-T-0001", "grade": 11},
    "cluster": "HL",
    "pathway": "HL-TS",
    "school_years": [
        {
            "year": "2025-2026",
            "level": "secondary",
            "status": "current",
            "grade": 11,
            "courses": [
                {"title": "Biology", "category": "academic", "credits": 1},
                {"title": "Medical Terminology", "category": "technical", "pathway": "HL-TS", "credits": 1, "dual_credit": True},
            ],
        },
        {
            "year": "2027-2028",
            "level": "postsecondary",
            "status": "planned",
            "grade": 13,
            "courses": [{"title": "Fundamentals of Nursing", "category": "technical", "pathway": "HL-TS", "credits": 4}],
        },
    ],
    "advising_meetings": [
        {"date": "2025-09-16", "school_year": "2025-2026", "adviser_role": "career-counselor"},
        {"date": "2026-02-10", "school_year": "2025-2026", "adviser_role": "teacher-advisor"},
    ],
    "assessments": [
        {"type": "interest", "name": "Interest Survey", "date": "2025-09-05", "top_clusters": ["HL"]},
        {"type": "achievement", "name": "PSAT 10", "date": "2025-10-15"},
    ],
    "parent_input": [{"date": "2025-09-16", "method": "conference"}],
    "workplace_learning": [
        {"type": "job-shadow", "host": "Mercy Hospital", "cluster": "HL", "school_year": "2025-2026", "hours": 8, "completed": True}
    ],
    "credentials": [
        {"name": "Certified Nursing Assistant", "issuer": "State Board", "industry_recognized": True, "portable": True, "cluster": "HL"}
    ],
}

#: A plan that breaks exactly one rule of the national pack, POS-03: it leads to
#: employment in its cluster (a planned transition, so GOAL-02 holds) but has no
#: postsecondary year and names no postsecondary education or training.
ONE_FAILURE: Dict[str, Any] = {
    **PASSING_PLAN,
    "school_years": PASSING_PLAN["school_years"][:1],
    "employment": {"occupation": "Nursing assistant", "cluster": "HL"},
}

#: A pack with one rule of its own, used instead of the national pack where a test
#: needs to know exactly which rule fails.
LOCAL_PACK_YAML = """\
name: test-state
description: one rule, for the Python tests
rules:
  - id: TEST-01
    title: Learner id starts with LRN
    severity: warning
    kind: plan-of-study
    check: doc.learner.id.startsWith('LRN')
    path: /learner/id
    message: "learner id `{{ doc.learner.id }}` does not start with LRN"
    citation: { source: test.txt, section: Tests, item: Learner ids }
    remediation: Use the district's LRN- ids.
"""


def plan(**changes: Any) -> Dict[str, Any]:
    """A copy of the passing plan with top-level fields replaced."""
    document = copy.deepcopy(PASSING_PLAN)
    document.update(changes)
    return document


@pytest.fixture(scope="session")
def engine() -> cte_rules.Engine:
    return cte_rules.Engine()


@pytest.fixture()
def local_pack(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "test-state.yaml"
    path.write_text(LOCAL_PACK_YAML, encoding="utf-8")
    return path
