//! The tree path against the reference path, on documents it must decide.

use std::borrow::Cow;

use serde_json::Value;

use super::evaluate::{check, check_tree};
use crate::document::Tree;
use crate::engine::{CheckOptions, Engine};
use crate::report::Report;

#[path = "../../benches/support/plans.rs"]
mod plans;

fn options() -> CheckOptions {
    CheckOptions {
        include_passed: true,
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    }
}

/// The report of `document` as JSON text on its tree, if the tree path
/// decides it, after checking it equals the reference path's.
fn decided_alike(engine: &Engine, document: &Value, pretty: bool) -> Option<Report> {
    let text = if pretty {
        serde_json::to_string_pretty(document).unwrap()
    } else {
        document.to_string()
    };
    let mut tree = Tree::parse(&text).unwrap();
    let on_tree = check_tree(engine, "doc.json", &mut tree, &options())?;
    let reference = check(engine, "doc.json", Cow::Borrowed(document), &options());
    assert_eq!(on_tree, reference, "{text}");
    Some(on_tree)
}

#[test]
fn generated_plans_are_decided_on_the_tree_as_on_the_value() {
    let engine = Engine::builtin().unwrap();
    let mut failing = 0;
    for n in 0..300 {
        let report = decided_alike(&engine, &plans::plan(n), n % 2 == 0)
            .unwrap_or_else(|| panic!("plan {n} left the tree path"));
        failing += usize::from(report.summary.errors + report.summary.warnings > 0);
    }
    assert!(failing > 30, "only {failing} generated plans fail a rule");
}

#[test]
fn bundled_json_examples_are_decided_alike_and_valid_plans_on_the_tree() {
    let engine = Engine::builtin().unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let mut on_tree = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(document) =
            crate::document::parse_str(&text, None, &crate::document::Limits::default())
        else {
            continue;
        };
        let decided = decided_alike(&engine, &document, true);
        let name = path.display().to_string();
        let valid_plan = name.contains("plan-of-study") && !name.contains("invalid");
        assert!(
            !valid_plan || decided.is_some(),
            "{name} left the tree path"
        );
        on_tree += usize::from(decided.is_some());
    }
    assert!(on_tree >= 8, "only {on_tree} examples took the tree path");
}

/// What the tree path leaves to the reference path.
#[test]
fn the_tree_path_declines_what_it_cannot_decide() {
    let engine = Engine::builtin().unwrap();
    let interpreted = Engine::builtin().unwrap().interpreted();
    let plan = plans::plan(1);
    let declined = |engine: &Engine, text: &str| {
        let mut tree = Tree::parse(text).unwrap();
        check_tree(engine, "doc.json", &mut tree, &options()).is_none()
    };
    assert!(!declined(&engine, &plan.to_string()));
    // cel's interpreter was asked for.
    assert!(declined(&interpreted, &plan.to_string()));
    // Repeated names, an unknown kind, a schema error.
    let text = plan.to_string();
    assert!(declined(
        &engine,
        &format!("{{\"kind\": \"x\", {}", &text[1..])
    ));
    let mut unknown = plan.clone();
    unknown["kind"] = "plan-of-nothing".into();
    assert!(declined(&engine, &unknown.to_string()));
    let mut invalid = plan.clone();
    invalid["cluster"] = 7.into();
    assert!(declined(&engine, &invalid.to_string()));
    // Dates need cel: a state system's rules compare them.
    let state = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/state-system-ohio.yaml"
    ))
    .unwrap();
    let state =
        crate::document::parse_str(&state, None, &crate::document::Limits::default()).unwrap();
    assert!(declined(&engine, &state.to_string()));
}
