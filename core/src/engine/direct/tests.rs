//! Direct evaluation against cel's interpreter: wherever it gives a value, cel
//! gives the same value of the same type.

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly by design

use cel::common::value::Val;
use cel::{Context, IdedExpr, Value as CelValue};
use proptest::prelude::*;
use serde_json::{json, Value};

use super::value::V;
use super::{compile, display, Frame, Invariants};
use crate::document::Tree;
use crate::engine::values::{display_val, to_cel};
use crate::engine::{cel_env, pointer::Key};

/// Expressions over `doc.a` and `doc.b` that exercise every node.
const EXPRESSIONS: &[&str] = &[
    "doc.a == doc.b",
    "doc.a != doc.b",
    "doc.a < doc.b",
    "doc.a <= doc.b",
    "doc.a > doc.b",
    "doc.a >= doc.b",
    "doc.a in doc.b",
    "doc.a + doc.b",
    "doc.a - doc.b",
    "doc.a * doc.b",
    "doc.a / doc.b",
    "doc.a % doc.b",
    "-doc.a",
    "!doc.a",
    "doc.a && doc.b",
    "doc.a || doc.b",
    "doc.a ? doc.b : doc.a",
    "size(doc.a)",
    "doc.b.size()",
    "string(doc.a)",
    "doc.a.join()",
    "doc.a.join(doc.b)",
    "doc.a.startsWith(doc.b)",
    "doc.a.endsWith(doc.b)",
    "doc.a.contains(doc.b)",
    "doc.a[doc.b]",
    "doc.a[0]",
    "doc.a.k",
    "has(doc.a.k)",
    "has(doc.c)",
    "doc.c",
    "[doc.a, doc.b]",
    "[doc.a] + [doc.b]",
    "doc.a.exists(x, x == doc.b)",
    "doc.a.all(x, x != doc.b)",
    "doc.a.exists_one(x, x == doc.b)",
    "doc.a.filter(x, x != doc.b)",
    "doc.a.map(x, [x, doc.b])",
    "doc.a.map(x, x.exists(y, y == doc.b))",
    "doc.a.filter(x, x == 1).map(x, x + 1)",
    "doc.a.map(x, x != doc.b, [x])",
    "doc.a.all(x, doc.a.exists(y, y == x))",
    "doc.a == null",
    "doc.a == 1u",
    "doc.a == 1.0",
    "doc.a == 'k'",
    "doc.a != 'k'",
    "item.k == 'x'",
    "item.k != 'x'",
    "doc.a.exists(x, x.k == 'x')",
    "doc.a.filter(x, x.k != 'x')",
    "doc.a.filter(x, x != doc.b).size()",
    "size(doc.a.filter(x, x == 1))",
    "has(item.k)",
    "doc.a.exists(x, has(x.k))",
    "doc.a < 2",
    "doc.b + 'x'",
    "item",
    "index",
    "framework['2008'].clusters.HL.pathways.size()",
    "today + 'T'",
    "school_year_of(doc.a)",
    "school_months(doc.a)",
    "months_between(doc.a, doc.b)",
    "days_between(doc.a, doc.b)",
    "days_between(doc.a, today)",
    "doc.a.distinct()",
    "doc.a.map(x, x).distinct().size()",
    "days_since(doc.a)",
    "sum(doc.a)",
    "min(doc.a)",
    "max(doc.a)",
    "sum(doc.a.map(x, x))",
    "doc.a in ['k', 'l', 'a, b']",
    "doc.a in ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'k', 'é✓', '2025-11']",
    "doc.a in ['k', 1, 2.5, null]",
    "['k', 'l'][doc.a]",
    "{'k': 1, 'l': 'm', 'a, b': null}[doc.a]",
    "doc.a in {'k': 1, 'l': 'm'}",
    "size({'k': 1, 'l': 'm'})",
    "{'k': 1, 'l': 'm'}",
    "[1, 'k', 2.5] + doc.a",
    "doc.a.k != null",
    "doc.a.k == null",
    "null != item.k",
    "in_school_year(doc.a, doc.b)",
    "doc.a + doc.b + 'x'",
    "doc.a + 1 + doc.b",
    "'x' + doc.a + doc.b + doc.a",
    "[doc.a] + [doc.b] + doc.a",
    "doc.a.flatten()",
    "[doc.a, doc.b].flatten()",
    "group(doc.a, doc.b)",
    "group(doc.a, doc.a)[doc.b]",
    "doc.b in group(doc.a, doc.a)",
    "size(group(doc.a, doc.b))",
    "group(doc.a, doc.a).k",
];

/// `source` as the engine reads it: parsed by cel, then desugared.
fn read(env: &cel::Env, source: &str) -> IdedExpr {
    let mut expression = env.compile(source).unwrap().expression().clone();
    crate::engine::desugar::desugar(&mut expression);
    expression
}

/// The sample values: one of each type, edge cases, and look-alikes across types.
fn samples() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(2),
        json!(-1),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1.0),
        json!(2.5),
        json!(-0.0),
        json!(""),
        json!("k"),
        json!("a, b"),
        json!("é✓"),
        json!("2024-09-18"),
        json!("2025-06-30"),
        json!("2025-02-30"),
        json!("2025-11"),
        json!("2026-02"),
        json!("2025-2026"),
        json!("2024-2025"),
        json!(["2025-11", "2025-11", "2025-12"]),
        json!([1, 1, 2, "k", "k", true, true]),
        json!([]),
        json!([1, 2]),
        json!(["k", "l"]),
        json!([1, "k"]),
        json!([[1], [2]]),
        json!([1, 0.5, 2]),
        json!([u64::MAX, 1]),
        json!([u64::MAX, 2.5]),
        json!(["2025-01-02", "2024-12-31", "2025-01-02"]),
        json!([2.5, "k"]),
        json!({}),
        json!({"k": 1}),
        json!({"k": null, "l": "m"}),
    ]
}

fn type_name(value: &V<'_>) -> &'static str {
    match value {
        V::Null => "null_type",
        V::Bool(_) => "bool",
        V::Int(_) => "int",
        V::UInt(_) => "uint",
        V::Double(_) => "double",
        V::Str(_) | V::String(_) => "string",
        V::Array(_) | V::List(_) | V::TreeArray(_) | V::Constants(_) => "list",
        V::Object(_) | V::TreeObject(_) | V::ConstantMap(_) | V::Map(_) => "map",
    }
}

/// cel's environment and the framework both ways, made once per test.
struct Harness {
    env: std::sync::Arc<cel::Env>,
    framework: Value,
    framework_cel: Box<dyn Val>,
    /// [`EXPRESSIONS`], compiled both ways.
    /// as the engine reads them (desugared).
    programs: Vec<(&'static str, IdedExpr, super::Direct)>,
    invariants: Invariants,
}

impl Harness {
    fn new() -> Harness {
        let framework = crate::framework::as_json();
        let framework_cel: CelValue = cel::to_value(&framework).unwrap();
        let env = std::sync::Arc::new(cel_env().unwrap());
        let mut invariants = Invariants::default();
        let programs = EXPRESSIONS
            .iter()
            .map(|source| {
                let program = read(&env, source);
                let direct = compile(&program, &mut invariants)
                    .unwrap_or_else(|| panic!("`{source}` is in the direct subset"));
                (*source, program, direct)
            })
            .collect();
        Harness {
            env,
            framework,
            framework_cel: framework_cel.try_into().unwrap(),
            programs,
            invariants,
        }
    }

    /// Evaluates every expression both ways on `doc` (item: `doc.a`, index 0)
    /// and fails if direct evaluation gives a value cel does not. Returns how
    /// many it decided.
    fn agree(&self, doc: &Value) -> usize {
        self.programs
            .iter()
            .filter(|(source, program, direct)| self.agree_on(source, program, direct, doc))
            .count()
    }

    fn agree_on(
        &self,
        source: &str,
        program: &IdedExpr,
        direct: &super::Direct,
        doc: &Value,
    ) -> bool {
        let mut frame = Frame::new(
            V::json(doc),
            &self.framework,
            Some("2025-11-23"),
            self.invariants.len(),
            u64::MAX,
        );
        let item = &doc["a"];
        frame.set_item(Some((V::json(item), Key::Index(0))));
        let value = direct.eval(&mut frame);
        // The same document read into a tree gives the same answer.
        let text = doc.to_string();
        let tree = Tree::parse(&text).unwrap();
        let root = tree.root();
        let mut on_tree = Frame::new(
            V::tree(root),
            &self.framework,
            Some("2025-11-23"),
            self.invariants.len(),
            u64::MAX,
        );
        let item_in_tree = root.member("a").unwrap();
        on_tree.set_item(Some((V::tree(item_in_tree), Key::Index(0))));
        let shown = |value: &Option<V<'_>>| value.as_ref().map(|v| (type_name(v), display(v)));
        assert_eq!(
            shown(&direct.eval(&mut on_tree)),
            shown(&value),
            "`{source}` on {doc}: the tree and the value differ"
        );
        let Some(value) = value else {
            return false;
        };

        let mut context = Context::with_env(self.env.clone());
        context.add_variable_as_val("doc", to_cel(doc));
        context.add_variable_as_val("item", to_cel(item));
        context.add_variable_as_val("index", Box::new(cel::common::types::CelInt::from(0)));
        context.add_variable_as_val("framework", self.framework_cel.clone_as_boxed());
        context.add_variable_as_val(
            "today",
            Box::new(cel::common::types::CelString::from("2025-11-23")),
        );
        let reference = match CelValue::resolve_val(program, &context) {
            Ok(reference) => reference,
            Err(error) => panic!(
                "`{source}` on {doc}: direct gives {} but cel fails: {error}",
                display(&value)
            ),
        };
        assert_eq!(
            (type_name(&value), display(&value)),
            (reference.get_type().name(), display_val(reference.as_ref())),
            "`{source}` on {doc}"
        );
        true
    }
}

#[test]
fn every_operator_agrees_with_cel_on_every_pair_of_samples() {
    let harness = Harness::new();
    let mut decided = 0;
    for a in samples() {
        for b in samples() {
            let doc = json!({"a": a, "b": b});
            decided += harness.agree(&doc);
        }
    }
    // Most pairs are well typed for some expressions: make sure the direct
    // evaluator is not simply giving up on everything.
    assert!(decided > 5_000, "direct evaluation decided only {decided}");
}

#[test]
fn it_gives_up_rather_than_guess() {
    let doc = json!({"a": 1, "b": 1.0, "s": "x", "l": [1, "x"]});
    let framework = json!({});
    for source in [
        "doc.a == doc.b",  // across types: cel's call
        "doc.missing",     // no such key
        "doc.a / 0",       // division by zero
        "doc.s + doc.a",   // no such overload
        "doc.l.join(',')", // a non-string item
        "item",            // no `each`
    ] {
        let env = cel_env().unwrap();
        let program = env.compile(source).unwrap();
        let mut invariants = Invariants::default();
        let direct = compile(program.expression(), &mut invariants).unwrap();
        let mut frame = Frame::new(
            V::json(&doc),
            &framework,
            Some("2025-11-23"),
            invariants.len(),
            u64::MAX,
        );
        assert!(direct.eval(&mut frame).is_none(), "{source}");
    }
}

#[test]
fn expressions_outside_the_subset_are_not_compiled() {
    let env = cel_env().unwrap();
    for source in [
        "timestamp(today) > timestamp('2020-01-01T00:00:00Z')",
        "type(doc) == map",
        "{'a': doc}.a",
        "{1: 'a'}[doc.a]",
        "math.greatest(1, 2)",
        "doc.a.matches('x')",
        "b'x' == b'x'",
        "doc.m.all(k, v, v > 0)",
    ] {
        let program = env.compile(source).unwrap();
        let mut invariants = Invariants::default();
        assert!(
            compile(program.expression(), &mut invariants).is_none(),
            "{source}"
        );
    }
}

/// Every expression of the built-in pack is compiled for direct evaluation:
/// dates go through the calendar functions both paths share, not cel's
/// timestamps and durations.
#[test]
fn the_builtin_pack_runs_directly() {
    let env = cel_env().unwrap();
    let pack = crate::pack::national_pack().unwrap();
    let mut sources: Vec<String> = Vec::new();
    for rule in &pack.rules {
        sources.extend(rule.when.clone());
        sources.push(rule.check.clone());
        let mut rest = rule.message.as_str();
        while let Some(start) = rest.find("{{") {
            let end = rest[start..].find("}}").unwrap() + start;
            sources.push(rest[start + 2..end].trim().to_owned());
            rest = &rest[end + 2..];
        }
    }
    let mut compiled = 0;
    for source in &sources {
        let program = env.compile(source).unwrap();
        assert!(
            compile(program.expression(), &mut Invariants::default()).is_some(),
            "`{source}`"
        );
        compiled += 1;
    }
    assert!(compiled > 200, "{compiled} of {}", sources.len());
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        (-3i64..4).prop_map(|i| json!(i)),
        any::<u64>().prop_map(|u| json!(u)),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        "[a-c ,é]{0,3}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-c]|k", inner, 0..3)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_values_agree(a in json_value(), b in json_value()) {
        let harness = Harness::new();
        let doc = json!({"a": a, "b": b});
        harness.agree(&doc);
    }
}

/// cel's macro expansions are recognised as loops; anything else stays a
/// general fold, and a field of a variable is one node.
#[test]
fn macros_become_loops() {
    use super::compile::Node;
    let env = cel_env().unwrap();
    let shape = |source: &str| {
        let program = env.compile(source).unwrap();
        let direct = compile(program.expression(), &mut Invariants::default()).unwrap();
        match direct.root {
            Node::Loop(kind, _) => format!("{kind:?}"),
            Node::Fold(_) => "Fold".to_owned(),
            Node::Field(..) => "Field".to_owned(),
            other => format!("{other:?}"),
        }
    };
    assert_eq!(shape("item.a.exists(x, x > 1)"), "Exists");
    assert_eq!(shape("item.a.all(x, x > 1)"), "All");
    assert_eq!(shape("item.a.filter(x, x > 1)"), "Filter");
    assert_eq!(shape("item.a.map(x, x + 1)"), "Map");
    // A filtering map that keeps items as they are is a filter.
    assert_eq!(shape("item.a.map(x, x > 1, x)"), "Filter");
    assert_eq!(shape("item.a.map(x, x > 1, x + 1)"), "Fold");
    assert_eq!(shape("item.a.exists_one(x, x > 1)"), "Fold");
    assert_eq!(shape("item.a"), "Field");
    // The size of a filter counts; has() of a variable's field is one node.
    assert_eq!(shape("item.a.filter(x, x > 1).size()"), "Count");
    assert_eq!(shape("size(item.a.filter(x, x > 1))"), "Count");
    assert!(shape("item.a.map(x, x + 1).size()").starts_with("Size("));
    assert!(shape("has(item.a)").starts_with("HasField(1, "));
    assert!(shape("has(item.a.b)").starts_with("Has("));
    // A variable's field compared with a string, by `==` or `!=`, is one node;
    // a string on the left, or any other operand, stays two operands.
    assert!(
        shape("item.a == 'x'").starts_with("FieldIsText(1, "),
        "{}",
        shape("item.a == 'x'")
    );
    assert!(
        shape("item.a != 'x'").ends_with("\"x\", false)"),
        "{}",
        shape("item.a != 'x'")
    );
    assert!(shape("item.a == 1").starts_with("Equals("));
    assert!(shape("'x' == item.a").starts_with("Equals("));
    assert!(shape("item.a.b != 'x'").starts_with("NotEquals("));
}
