//! The depth limit is capped at [`MAX_DEPTH_CAP`] levels, and every way into
//! core holds at that depth: JSON text, YAML text and a value built by a
//! binding, 10,000 levels deep with `max_depth` at the cap, are checked or
//! refused with a finding, never a stack overflow; one level more is refused.
//! The tests run on test threads (2 MiB stacks), the size of a batch worker's.

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly by design

use cte_rules_core::document::MAX_DEPTH_CAP;
use cte_rules_core::{
    Batch, CheckOptions, DocumentInput, Engine, ErrorCode, Limits, Report, Status,
};
use serde_json::{json, Map, Value};

fn at_cap() -> CheckOptions {
    CheckOptions {
        limits: Limits {
            max_depth: MAX_DEPTH_CAP,
            ..Limits::default()
        },
        ..CheckOptions::default()
    }
}

/// `{"n": {"n": ... {}}}`, `levels` objects deep, as JSON text.
fn nested_objects(levels: usize) -> String {
    let mut text = "{\"n\":".repeat(levels - 1);
    text.push_str("{}");
    text.push_str(&"}".repeat(levels - 1));
    text
}

/// `[[[ ... ]]]`, `levels` arrays deep.
fn nested_arrays(levels: usize) -> String {
    format!("{}{}", "[".repeat(levels), "]".repeat(levels))
}

/// The same nesting as a value, built without recursion (as a binding does).
fn nested_value(levels: usize) -> Value {
    let mut value = Value::Object(Map::new());
    for _ in 1..levels {
        let mut map = Map::new();
        map.insert("n".to_owned(), value);
        value = Value::Object(map);
    }
    value
}

/// A plan of study holding the nested value under an unknown member, so the
/// document has a kind and reaches the schema and the rules.
fn plan_holding(deep: Value) -> Value {
    let mut plan = json!({
        "kind": "plan-of-study",
        "framework": "2024",
        "learner": {"id": "LRN-1", "grade": 10},
        "cluster": "IT",
        "school_years": []
    });
    plan["extra"] = deep;
    plan
}

/// Drops a deep value on a thread with a large stack: serde_json's `Drop`
/// recurses, and a test must not fail for its own clean-up.
fn drop_deep<T: Send + 'static>(value: T) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || drop(value))
        .unwrap()
        .join()
        .unwrap();
}

/// The finding a refused document gets: a `parse` finding that fails.
fn refused(report: &Report) -> bool {
    report
        .findings
        .iter()
        .any(|finding| finding.rule == "parse" && finding.status == Status::Fail)
}

fn check(engine: &Engine, input: DocumentInput, source: &str) -> Report {
    let report = engine
        .check_input(&input, Some(source), &at_cap())
        .unwrap_or_else(|error| panic!("{source}: {error}"));
    drop_deep(input);
    report
}

#[test]
fn the_cap_is_ten_thousand_and_the_default_is_under_it() {
    assert_eq!(MAX_DEPTH_CAP, 10_000);
    assert!(Limits::default().max_depth <= MAX_DEPTH_CAP);
}

#[test]
fn a_depth_limit_at_the_cap_is_accepted_and_over_it_is_an_options_error() {
    assert_eq!(at_cap().validate(), Ok(()));
    for max_depth in [MAX_DEPTH_CAP + 1, 1 << 20, usize::MAX] {
        let options = CheckOptions {
            limits: Limits {
                max_depth,
                ..Limits::default()
            },
            ..CheckOptions::default()
        };
        let error = options.validate().unwrap_err();
        assert_eq!(error.code(), ErrorCode::Options, "{max_depth}");
        assert_eq!(error.path(), Some("/limits/max_depth"), "{max_depth}");
        assert!(error.message().contains("10000"), "{error}");
        // Every entry point validates first.
        let engine = Engine::builtin().unwrap();
        let input = DocumentInput::Text("{}".to_owned());
        let error = engine.check_input(&input, None, &options).unwrap_err();
        assert_eq!(error.code(), ErrorCode::Options);
        let error = engine
            .check_batch_reports(&Batch::Documents(vec![input]), &options, None)
            .unwrap_err();
        assert_eq!(error.code(), ErrorCode::Options);
    }
    // Options as a face hands them over go through the same check.
    let error = CheckOptions::from_json(json!({"limits": {"max_depth": 10_001}})).unwrap_err();
    assert_eq!(
        (error.code(), error.path()),
        (ErrorCode::Options, Some("/limits/max_depth"))
    );
}

#[test]
fn json_text_at_the_cap_is_refused_with_a_finding_not_a_crash() {
    let engine = Engine::builtin().unwrap();
    for levels in [MAX_DEPTH_CAP, MAX_DEPTH_CAP + 1] {
        for text in [nested_objects(levels), nested_arrays(levels)] {
            let report = check(&engine, DocumentInput::Text(text), "deep.json");
            // serde_json reads 127 levels at most: deeper JSON text is a
            // parse finding whatever the limit, never a stack overflow.
            assert!(refused(&report), "{levels}: {report:?}");
        }
    }
}

#[test]
fn yaml_text_at_the_cap_is_checked_or_refused_and_one_more_level_is_refused() {
    let engine = Engine::builtin().unwrap();
    // Flow style: block style 10,000 deep would be 50 MB of indentation.
    let flow = |levels: usize| format!("n: {}\n", nested_objects(levels - 1));
    // serde-saphyr's own budget refuses nesting past 64 levels today; the
    // test holds whatever it becomes, as long as nothing overflows.
    let report = check(
        &engine,
        DocumentInput::Text(flow(MAX_DEPTH_CAP)),
        "deep.yaml",
    );
    assert!(!report.findings.is_empty(), "{report:?}");
    let report = check(
        &engine,
        DocumentInput::Text(flow(MAX_DEPTH_CAP + 1)),
        "deep.yaml",
    );
    assert!(refused(&report), "{report:?}");
}

#[test]
fn a_value_at_the_cap_is_checked_and_one_more_level_is_refused() {
    let engine = Engine::builtin().unwrap();
    let report = check(
        &engine,
        DocumentInput::Value(nested_value(MAX_DEPTH_CAP)),
        "deep",
    );
    assert!(!report.findings.is_empty(), "{report:?}");
    // Under a plan's unknown member: 1 level for the plan, the rest nested.
    let report = check(
        &engine,
        DocumentInput::Value(plan_holding(nested_value(MAX_DEPTH_CAP - 1))),
        "deep plan",
    );
    assert!(!report.valid, "{report:?}");
}

#[test]
fn a_batch_of_values_at_the_cap_runs_on_worker_threads_without_a_crash() {
    let engine = Engine::builtin().unwrap();
    let batch = Batch::Documents(vec![
        DocumentInput::Value(nested_value(MAX_DEPTH_CAP)),
        DocumentInput::Value(plan_holding(nested_value(MAX_DEPTH_CAP - 1))),
    ]);
    let reports = engine
        .check_batch_reports(&batch, &at_cap(), Some(2))
        .unwrap();
    assert_eq!(reports.len(), 2);
    drop_deep(batch);
}
