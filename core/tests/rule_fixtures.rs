//! Every rule of the built-in pack has a fixture `tests/rules/<ID>.yaml` with a
//! passing and a failing document, and the failing one fails with exactly that rule.
//!
//! A fixture names a `base` document (`tests/rules/base/<kind>.yaml`, which must
//! pass every rule) and gives `pass` and `fail` as JSON merge patches over it
//! (RFC 7386; `null` deletes a field). `fail` may also be a list of patches.
//!
//! Where the seeds state one benchmark in two places (the state quick reference
//! in seed 002 and the SYSTEM criteria in seed 004), two rules encode the same
//! text under different citations and necessarily fail together: the fixture
//! lists the others under `also`, and each of those must cite another seed item.

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly by design

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cte_rules_core::document::Format;
use cte_rules_core::{document, CheckOptions, Engine, Kind, Report, Status};
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn options() -> CheckOptions {
    CheckOptions {
        include_passed: true,
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    }
}

fn load_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// RFC 7386 JSON merge patch.
fn merge(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(fields) => {
            if !target.is_object() {
                *target = Value::Object(serde_json::Map::new());
            }
            let Value::Object(map) = target else {
                unreachable!()
            };
            for (key, value) in fields {
                if value.is_null() {
                    map.remove(key);
                } else {
                    merge(map.entry(key.clone()).or_insert(Value::Null), value);
                }
            }
        }
        other => *target = other.clone(),
    }
}

/// The in-place normalisation the engine uses gives what the typed round trip
/// (its definition) gives, on every fixture document.
fn assert_normalizes_alike(document: &Value, what: &str) {
    let kind: Kind = document["kind"].as_str().unwrap().parse().unwrap();
    if let Ok(reference) = document::normalize(kind, document) {
        let fast = document::normalize_owned(kind, document.clone()).unwrap();
        assert_eq!(fast, reference, "{what}: normalisations differ");
    }
}

/// Checks `document` and holds the report equal to the one cel's interpreter
/// alone gives (the engine evaluates most expressions directly), and to the
/// one of the same document written as JSON text, which is checked on the
/// tree it is read into, without a serde_json value (positions aside).
fn check(engine: &Engine, interpreted: &Engine, name: &str, document: &Value) -> Report {
    let report = engine.check_value(name, document, &options());
    let reference = interpreted.check_value(name, document, &options());
    assert_eq!(
        serde_json::to_value(&report).unwrap(),
        serde_json::to_value(&reference).unwrap(),
        "{name}: direct and interpreted evaluation differ"
    );
    for text in [
        serde_json::to_string(document).unwrap(),
        serde_json::to_string_pretty(document).unwrap(),
    ] {
        let mut from_text =
            engine.check_bytes(name, text.as_bytes(), Some(Format::Json), &options());
        for finding in &mut from_text.findings {
            finding.line = None;
            finding.column = None;
        }
        assert_eq!(
            serde_json::to_value(&from_text).unwrap(),
            serde_json::to_value(&report).unwrap(),
            "{name}: JSON text and value differ"
        );
    }
    report
}

fn failed_rules(report: &Report) -> BTreeSet<String> {
    report
        .findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .map(|f| f.rule.clone())
        .collect()
}

fn passed(report: &Report, rule: &str) -> bool {
    report
        .findings
        .iter()
        .any(|f| f.rule == rule && f.status == Status::Pass)
}

#[test]
fn base_documents_pass_every_rule() {
    let engine = Engine::builtin().unwrap();
    for entry in std::fs::read_dir(repo().join("tests/rules/base")).unwrap() {
        let path = entry.unwrap().path();
        let report = engine.check_value(&path.display().to_string(), &load_yaml(&path), &options());
        assert!(report.valid, "{}: {:#?}", path.display(), report.findings);
        assert!(
            failed_rules(&report).is_empty(),
            "{}: {:#?}",
            path.display(),
            report.findings
        );
    }
}

#[test]
fn every_rule_has_a_passing_and_a_failing_fixture() {
    let engine = Engine::builtin().unwrap();
    let interpreted = Engine::builtin().unwrap().interpreted();
    let dir = repo().join("tests/rules");
    let mut missing = Vec::new();
    let mut problems = Vec::new();
    for rule in engine.rules() {
        let path = dir.join(format!("{}.yaml", rule.id));
        if !path.exists() {
            missing.push(rule.id.clone());
            continue;
        }
        let fixture = load_yaml(&path);
        assert_eq!(
            fixture["rule"],
            Value::String(rule.id.clone()),
            "{}",
            path.display()
        );
        let base_name = fixture["base"]
            .as_str()
            .unwrap_or_else(|| rule.kind.as_str());
        let base = load_yaml(&dir.join(format!("base/{base_name}.yaml")));

        let mut pass = base.clone();
        merge(&mut pass, &fixture["pass"]);
        assert_normalizes_alike(&pass, &format!("{} pass", rule.id));
        let report = check(&engine, &interpreted, &format!("{} pass", rule.id), &pass);
        if !report.valid || !failed_rules(&report).is_empty() || !passed(&report, &rule.id) {
            problems.push(format!(
                "{}: the passing document does not pass cleanly: {:?}",
                rule.id,
                report
                    .findings
                    .iter()
                    .filter(|f| f.status == Status::Fail)
                    .map(|f| (&f.rule, &f.message))
                    .collect::<Vec<_>>()
            ));
        }

        let also: BTreeSet<String> = fixture["also"]
            .as_array()
            .map(|ids| {
                ids.iter()
                    .map(|id| id.as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        for other in &also {
            match engine.rules().find(|r| &r.id == other) {
                None => problems.push(format!("{}: `also` names unknown rule {other}", rule.id)),
                Some(twin)
                    if twin.citation == rule.citation
                        && twin.kind == rule.kind
                        && twin.check == rule.check =>
                {
                    problems.push(format!(
                        "{}: `also` rule {other} is the same rule under the same citation",
                        rule.id
                    ));
                }
                Some(_) => {}
            }
        }
        let fails: Vec<Value> = match &fixture["fail"] {
            Value::Array(cases) => cases.clone(),
            Value::Null => Vec::new(),
            single => vec![single.clone()],
        };
        if fails.is_empty() {
            problems.push(format!("{}: no failing case", rule.id));
        }
        for (case, patch) in fails.iter().enumerate() {
            let mut fail = base.clone();
            merge(&mut fail, patch);
            assert_normalizes_alike(&fail, &format!("{} fail {case}", rule.id));
            let report = check(
                &engine,
                &interpreted,
                &format!("{} fail {case}", rule.id),
                &fail,
            );
            let failed = failed_rules(&report);
            let mut expected = also.clone();
            expected.insert(rule.id.clone());
            if let Some(broken) = report.findings.iter().find(|f| {
                f.message.contains("<error:") || f.message.contains("could not be evaluated")
            }) {
                problems.push(format!(
                    "{} case {case}: a message or check did not evaluate: {}",
                    rule.id, broken.message
                ));
            }
            if !report.valid || failed != expected {
                problems.push(format!(
                    "{} case {case}: expected to fail with exactly {expected:?}, failed with {failed:?} (valid: {}) {:?}",
                    rule.id,
                    report.valid,
                    report.findings.iter().filter(|f| f.status == Status::Fail).map(|f| &f.message).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules without a fixture in tests/rules/: {missing:?}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_fixture_names_a_rule_that_does_not_exist() {
    let engine = Engine::builtin().unwrap();
    let ids: BTreeSet<String> = engine.rules().map(|r| r.id).collect();
    for entry in std::fs::read_dir(repo().join("tests/rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            assert!(
                ids.contains(&stem),
                "fixture {} names no rule",
                path.display()
            );
        }
    }
}
