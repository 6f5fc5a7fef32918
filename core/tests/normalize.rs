//! The engine normalises documents in place from a plan compiled out of the
//! schema; its definition is the typed round trip. The two agree on every
//! example and on generated plans (the rule fixtures check theirs too).

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly by design

use std::path::Path;

use cte_rules_core::document::{normalize, normalize_owned, parse_str};
use cte_rules_core::{Kind, Limits};
use serde_json::Value;

#[path = "../benches/support/plans.rs"]
mod plans;

fn assert_alike(document: &Value, what: &str) -> bool {
    let Some(kind) = document["kind"]
        .as_str()
        .and_then(|k| k.parse::<Kind>().ok())
    else {
        return false;
    };
    let fast = normalize_owned(kind, document.clone());
    let Ok(reference) = normalize(kind, document) else {
        // Only documents the schema rejects fail the round trip here; the
        // engine never normalises those.
        return false;
    };
    assert_eq!(fast.unwrap(), reference, "{what}");
    true
}

#[test]
fn examples_normalise_as_the_round_trip_does() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut compared = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if let Ok(document) = parse_str(&text, None, &Limits::default()) {
            compared += usize::from(assert_alike(&document, &path.display().to_string()));
        }
    }
    assert!(compared >= 10, "only {compared} examples compared");
}

#[test]
fn generated_plans_normalise_as_the_round_trip_does() {
    for n in 0..500 {
        assert!(assert_alike(&plans::plan(n), &format!("plan {n}")));
    }
}
