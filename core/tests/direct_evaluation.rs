//! The engine evaluates most CEL directly over the JSON document and leaves the
//! rest to cel's interpreter; `Engine::interpreted()` leaves everything to cel.
//! Both give the same reports on every example and on generated plans (the
//! rule fixtures compare theirs too).

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly by design

use std::path::Path;

use cte_rules_core::{CheckOptions, Engine};

#[path = "../benches/support/plans.rs"]
mod plans;

fn options() -> CheckOptions {
    CheckOptions {
        include_passed: true,
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    }
}

#[test]
fn examples_report_the_same_both_ways() {
    let engine = Engine::builtin().unwrap();
    let interpreted = Engine::builtin().unwrap().interpreted();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut compared = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let direct = engine.check_bytes(&name, &bytes, None, &options());
        let reference = interpreted.check_bytes(&name, &bytes, None, &options());
        assert_eq!(
            serde_json::to_value(&direct).unwrap(),
            serde_json::to_value(&reference).unwrap(),
            "{name}"
        );
        compared += usize::from(direct.valid);
    }
    assert!(compared >= 10, "only {compared} valid examples compared");
}

#[test]
fn generated_plans_report_the_same_both_ways() {
    let engine = Engine::builtin().unwrap();
    let interpreted = Engine::builtin().unwrap().interpreted();
    let mut failing = 0;
    for n in 0..1_000 {
        let plan = plans::plan(n);
        let direct = engine.check_value("plan", &plan, &options());
        let reference = interpreted.check_value("plan", &plan, &options());
        assert_eq!(
            serde_json::to_value(&direct).unwrap(),
            serde_json::to_value(&reference).unwrap(),
            "plan {n}"
        );
        failing += usize::from(direct.summary.errors + direct.summary.warnings > 0);
    }
    assert!(failing > 100, "only {failing} generated plans fail a rule");
}
