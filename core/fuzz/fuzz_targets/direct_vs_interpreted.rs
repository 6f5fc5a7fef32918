//! Documents of every kind, structurally mutated, checked three ways: by the
//! production engine on their JSON text (tree path, direct evaluation), by
//! the same engine on a `serde_json` value, and by `Engine::interpreted()`
//! (cel's interpreter alone, the reference). The reports must be identical
//! (positions aside), and no schema-valid document may give an `internal:`
//! finding.
//!
//! Input: a first byte choosing the base document (a bundled example or
//! fixture), then mutations of three bytes each: what to do, where (an
//! index into the document's values), and with what.
#![no_main]

use std::sync::LazyLock;

use cte_rules_core::{CheckOptions, Engine, Format, Report};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

static BASES: LazyLock<Vec<Value>> = LazyLock::new(|| {
    [
        include_str!("../../../examples/plan-of-study-health-science.yaml"),
        include_str!("../../../examples/plan-of-study-it-gaps.json"),
        include_str!("../../../examples/plan-of-study-2024-digital-technology.yaml"),
        include_str!("../../../examples/local-program-riverside-health.yaml"),
        include_str!("../../../examples/state-system-ohio.yaml"),
        include_str!("../../../examples/curriculum-therapeutic-services.yaml"),
        include_str!("../../../examples/interest-survey-en.yaml"),
        include_str!("../../../examples/self-assessment-state-ohio.yaml"),
        include_str!("../../../tests/rules/base/plan-of-study.yaml"),
        include_str!("../../../tests/rules/base/local-program.yaml"),
        include_str!("../../../tests/rules/base/state-system.yaml"),
        include_str!("../../../tests/rules/base/curriculum.yaml"),
    ]
    .iter()
    .map(|text| serde_saphyr::from_str(text).expect("bundled documents are YAML"))
    .collect()
});

static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-in pack"));
static INTERPRETED: LazyLock<Engine> =
    LazyLock::new(|| Engine::builtin().expect("built-in pack").interpreted());

/// Values a mutation puts in: every JSON type, and the dates and codes the
/// rules compare with.
fn pool(pick: u8) -> Value {
    let values = [
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(-1),
        json!(2.5),
        json!(17),
        json!(""),
        json!("2025-11-23"),
        json!("2021-01-01"),
        json!("2030-02-28"),
        json!("2025-2026"),
        json!("2025-09"),
        json!("HL"),
        json!("HL-TS"),
        json!("IT"),
        json!("technical"),
        json!([]),
        json!({}),
        json!(["HL"]),
        json!({"attested": true, "date": "2024-01-01", "evidence": "x"}),
    ];
    values[usize::from(pick) % values.len()].clone()
}

/// Every pointer in `value`, parents before children.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let pointer = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(pointer.clone());
                pointers(item, pointer, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let pointer = format!("{at}/{i}");
                out.push(pointer.clone());
                pointers(item, pointer, out);
            }
        }
        _ => {}
    }
}

fn mutate(document: &mut Value, op: u8, place: u8, with: u8) {
    let mut all = Vec::new();
    pointers(document, String::new(), &mut all);
    if all.is_empty() {
        return;
    }
    let pointer = all[usize::from(place) % all.len()].clone();
    let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", ""));
    match op % 4 {
        // Replace the value with one from the pool.
        0 => {
            if let Some(target) = document.pointer_mut(&pointer) {
                *target = pool(with);
            }
        }
        // Remove it.
        1 => match document.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.remove(&last.replace("~1", "/").replace("~0", "~"));
            }
            Some(Value::Array(items)) => {
                if let Ok(i) = last.parse::<usize>() {
                    if i < items.len() {
                        items.remove(i);
                    }
                }
            }
            _ => {}
        },
        // Repeat an array item, or copy another value here.
        2 => {
            let copy = all[usize::from(with) % all.len()].clone();
            let value = document.pointer(&copy).cloned();
            match (document.pointer_mut(parent), value) {
                (Some(Value::Array(items)), _) if !items.is_empty() => {
                    let item = items[usize::from(with) % items.len()].clone();
                    items.push(item);
                }
                (_, Some(value)) => {
                    if let Some(target) = document.pointer_mut(&pointer) {
                        *target = value;
                    }
                }
                _ => {}
            }
        }
        // Add a member from the pool under an existing name elsewhere.
        _ => {
            if let Some(Value::Object(map)) = document.pointer_mut(parent) {
                map.insert(format!("x{}", with % 4), pool(with));
            }
        }
    }
}

fn without_positions(report: &Report) -> Value {
    let mut value = serde_json::to_value(report).expect("reports serialise");
    if let Some(Value::Array(findings)) = value.get_mut("findings") {
        for finding in findings {
            if let Value::Object(finding) = finding {
                finding.remove("line");
                finding.remove("column");
            }
        }
    }
    value
}

fuzz_target!(|data: &[u8]| {
    let Some((&base, mutations)) = data.split_first() else {
        return;
    };
    let mut document = BASES[usize::from(base) % BASES.len()].clone();
    for mutation in mutations.chunks_exact(3).take(16) {
        mutate(&mut document, mutation[0], mutation[1], mutation[2]);
    }
    let options = CheckOptions {
        include_passed: true,
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    };
    let text = document.to_string();
    let on_tree = ENGINE.check_bytes("doc.json", text.as_bytes(), Some(Format::Json), &options);
    let on_value = ENGINE.check_value("doc.json", &document, &options);
    let reference = INTERPRETED.check_value("doc.json", &document, &options);
    for finding in &reference.findings {
        assert!(!finding.message.contains("internal:"), "{reference:?}");
    }
    assert_eq!(without_positions(&on_value), without_positions(&reference), "value path: {text}");
    assert_eq!(without_positions(&on_tree), without_positions(&reference), "tree path: {text}");
});
