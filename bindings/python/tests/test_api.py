"""The module-level API: names, kinds(), schema(), rules(), the engine's packs."""

from __future__ import annotations

import ast
import json
import pathlib
from typing import List

import pytest

import cte_rules
from conftest import LOCAL_PACK_YAML, OPTIONS, plan

ISSUE_NAMES = {
    "Engine",
    "Report",
    "Finding",
    "CteRulesError",
    "PackError",
    "InputError",
    "reports_to_dataframe",
    "rules",
    "schema",
    "kinds",
}


def test_every_name_of_the_issue_is_exported() -> None:
    assert ISSUE_NAMES <= set(cte_rules.__all__)
    for name in cte_rules.__all__:
        assert hasattr(cte_rules, name), name


def test_version_is_the_crate_version() -> None:
    cargo = (pathlib.Path(__file__).parents[3] / "Cargo.toml").read_text(encoding="utf-8")
    assert f'version = "{cte_rules.__version__}"' in cargo


def _stub_literal(name: str) -> List[str]:
    stub = pathlib.Path(cte_rules.__file__).with_name("_native.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    literal = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name
    )
    assert isinstance(literal, ast.Subscript) and isinstance(literal.slice, ast.Tuple)
    return [element.value for element in literal.slice.elts if isinstance(element, ast.Constant)]


def test_kinds_match_the_stub_literal_and_start_with_the_four_framework_kinds() -> None:
    kinds = cte_rules.kinds()
    assert kinds[:4] == ["plan-of-study", "local-program", "state-system", "curriculum"]
    assert kinds == _stub_literal("Kind")


def test_error_codes_match_the_stub_literal() -> None:
    assert cte_rules.list_error_codes() == _stub_literal("ErrorCode")


def test_every_kind_has_a_schema() -> None:
    for kind in cte_rules.kinds():
        assert cte_rules.schema(kind)["$id"].endswith(f"/{kind}.schema.json")


@pytest.mark.parametrize("name", ["plan-of-study", "local-program", "state-system", "curriculum", "rule-pack", "report"])
def test_schema_returns_the_json_schema(name: str) -> None:
    schema = cte_rules.schema(name)
    assert schema["$id"] == f"https://cte-rules.dev/schemas/{name}.schema.json"
    assert schema["$schema"].startswith("https://json-schema.org/")


def test_schema_matches_the_committed_file_when_there_is_one() -> None:
    committed = pathlib.Path(__file__).parents[3] / "schemas" / "plan-of-study.schema.json"
    if not committed.exists():
        pytest.skip("schemas/ not generated in this checkout")
    assert cte_rules.schema("plan-of-study") == json.loads(committed.read_text(encoding="utf-8"))


def test_report_schema_describes_to_dict(engine: cte_rules.Engine) -> None:
    schema = cte_rules.schema("report")
    report = engine.check(plan(pathway="AR-AVF"), options=OPTIONS).to_dict()
    assert set(report) == set(schema["properties"])
    assert set(schema["required"]) <= set(report)


def test_unknown_schema_raises_with_the_known_names() -> None:
    with pytest.raises(cte_rules.CteRulesError) as caught:
        cte_rules.schema("plan-of-studies")
    assert caught.value.code == "E_UNKNOWN_KIND"
    assert type(caught.value) is cte_rules.CteRulesError
    assert "plan-of-study" in str(caught.value)


def test_rules_lists_the_national_pack() -> None:
    rules = cte_rules.rules()
    assert rules, "the national pack has rules"
    assert {rule["pack"] for rule in rules} == {"national"}
    first = rules[0]
    assert list(first) == [
        "id", "title", "severity", "kind", "enabled", "pack", "citation", "see_also",
        "description", "reading", "each", "when", "check", "message", "remediation",
    ]
    assert set(first["citation"]) == {"source", "section", "item", "title"}
    assert first["reading"] is not None and set(first["reading"]) == {"of", "per", "conditional"}
    assert {rule["kind"] for rule in rules} <= set(cte_rules.kinds())
    assert len({rule["id"] for rule in rules}) == len(rules)


def test_rules_with_packs_layers_them_after_the_national_pack() -> None:
    rules = cte_rules.rules([LOCAL_PACK_YAML])
    assert rules[-1]["id"] == "TEST-01"
    assert rules[-1]["pack"] == "test-state"
    assert [rule["id"] for rule in rules[:-1]] == [rule["id"] for rule in cte_rules.rules()]


def test_engine_packs_as_path_str_pathlike_text_and_dict(local_pack: pathlib.Path) -> None:
    as_dict = {
        "name": "test-state",
        "rules": [
            {
                "id": "TEST-01",
                "title": "Learner id starts with LRN",
                "severity": "warning",
                "kind": "plan-of-study",
                "check": "doc.learner.id.startsWith('LRN')",
                "path": "/learner/id",
                "message": "learner id `{{ doc.learner.id }}` does not start with LRN",
                "citation": {"source": "test.txt", "section": "Tests", "item": "Learner ids"},
                "remediation": "Use the district's LRN- ids.",
            }
        ],
    }
    document = plan(learner={"id": "X-1"})
    results = []
    for packs in ([str(local_pack)], [local_pack], local_pack, [LOCAL_PACK_YAML], [as_dict], as_dict, (p for p in [local_pack])):
        engine = cte_rules.Engine(packs=packs, builtin=False)
        assert [rule["id"] for rule in engine.rules()] == ["TEST-01"]
        report = engine.check(document, options=OPTIONS)
        results.append([(f.rule, f.severity, f.path, f.message) for f in report.findings])
    assert results[0] == [("TEST-01", "warning", "/learner/id", "learner id `X-1` does not start with LRN")]
    assert all(result == results[0] for result in results)


def test_engine_default_is_the_national_pack(engine: cte_rules.Engine) -> None:
    assert engine.rules() == cte_rules.rules()
    assert cte_rules.Engine(packs=None).rules() == engine.rules()
    assert cte_rules.Engine(packs=[]).rules() == engine.rules()
    assert cte_rules.Engine(builtin=False).rules() == []
    assert repr(engine) == f"<Engine rules={len(engine.rules())}>"


def test_packs_override_national_rules() -> None:
    national = cte_rules.rules()
    target = national[0]["id"]
    override = {"name": "quiet", "overrides": [{"rule": target, "severity": "info"}, {"rule": national[1]["id"], "enabled": False}]}
    rules = {rule["id"]: rule for rule in cte_rules.Engine(packs=[override]).rules()}
    assert rules[target]["severity"] == "info"
    assert rules[national[1]["id"]]["enabled"] is False
