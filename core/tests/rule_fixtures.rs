//! Every rule of the built-in pack has a fixture `tests/rules/<ID>.yaml` with a
//! passing and a failing document, and the failing one fails with exactly that rule.
//!
//! Beside them, `probes` hold the situations a careful reader of the seeds
//! tries on every rule, each with the verdict the seed gives: the empty list
//! (`empty-list`), a label contradicted by its content (`label-contradicted`),
//! the most-but-not-all case (`most-but-not-all`), one unit of many missing
//! (`one-unit-missing`) and an irrelevant field that must not rescue the rule
//! (`irrelevant-field`). Each class is either a probe, a list of probes, or a
//! sentence saying why it does not apply to the rule. A probe is
//! `{expect: pass | fail | not-applicable, patch, also?, message?}`: `patch` is
//! a merge patch over the base, `also` names other rules that fail with it,
//! `message` a text the failure message must hold.
//!
//! `CTE_FIXTURES=LOCAL-0*,GOAL-02` limits the run to some rules (a trailing `*`
//! matches a prefix), for working on a few fixtures at a time.
//!
//! A fixture names a `base` document (`tests/rules/base/<kind>.yaml`, which must
//! pass every rule) and gives `pass` and `fail` as JSON merge patches over it
//! (RFC 7386; `null` deletes a field). `fail` may also be a list of cases, each a
//! patch or `{patch, also}` naming further rules that one case fails.
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

/// The probe classes every rule answers, in the order fixtures list them.
const PROBE_CLASSES: [&str; 5] = [
    "empty-list",
    "label-contradicted",
    "most-but-not-all",
    "one-unit-missing",
    "irrelevant-field",
];

/// Whether `CTE_FIXTURES` (if set) selects `id`.
fn selected(id: &str) -> bool {
    let Ok(filter) = std::env::var("CTE_FIXTURES") else {
        return true;
    };
    filter.split(',').map(str::trim).any(|pattern| {
        pattern
            .strip_suffix('*')
            .map_or(pattern == id, |prefix| id.starts_with(prefix))
    })
}

/// The first word (or list item) a message repeats back to back, e.g.
/// `cumulative` in "only cumulative, cumulative".
fn repeated_word(message: &str) -> Option<String> {
    let words: Vec<String> = message
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.' || c == '/'))
        .map(|w| w.trim_matches('.').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .find(|pair| pair[0] == pair[1])
        .map(|pair| pair[0].clone())
}

/// The national pack's fixtures through the same runner as `cte-rules rules
/// test`, each document also checked by cel's interpreter alone and as JSON
/// text (see [`check`]), and its messages held to read well; then the
/// project's own policies: every rule has a fixture, every probe class is
/// answered.
#[test]
fn every_rule_has_a_passing_and_a_failing_fixture_and_answers_every_probe() {
    use cte_rules_core::fixtures;
    let engine = Engine::builtin().unwrap();
    let interpreted = Engine::builtin().unwrap().interpreted();
    let dir = repo().join("tests/rules");
    let files: Vec<PathBuf> = fixtures::fixture_files(&[dir])
        .unwrap()
        .into_iter()
        .filter(|file| selected(&file.file_stem().unwrap().to_string_lossy()))
        .collect();
    let problems = std::cell::RefCell::new(Vec::new());
    let cross_check = |name: &str, document: &Value| {
        assert_normalizes_alike(document, name);
        let report = check(&engine, &interpreted, name, document);
        for finding in &report.findings {
            if finding.message.contains("<error:") {
                problems.borrow_mut().push(format!(
                    "{name}: a message hole did not evaluate: {}",
                    finding.message
                ));
            }
            if let Some(word) = repeated_word(&finding.message) {
                problems.borrow_mut().push(format!(
                    "{name}: the message repeats `{word}`: {}",
                    finding.message
                ));
            }
        }
        report
    };
    let report = fixtures::run_fixtures(&engine, &files, &[], Some(&cross_check)).unwrap();
    let mut problems = problems.into_inner();
    for fixture in report.fixtures.iter().filter(|f| !f.ok) {
        for case in fixture.cases.iter().filter(|c| !c.ok) {
            problems.push(format!(
                "{} {}: expected {}, got {}",
                fixture.rule, case.case, case.expected, case.actual
            ));
        }
    }
    for file in &files {
        let fixture = load_yaml(file);
        for class in PROBE_CLASSES {
            match &fixture["probes"][class] {
                Value::String(reason) if reason.split_whitespace().count() >= 4 => {}
                Value::Array(list) if !list.is_empty() => {}
                Value::Object(_) => {}
                other => problems.push(format!(
                    "{}: probe `{class}` is {other}: give a probe, a list of probes, or a sentence saying why it does not apply",
                    file.display()
                )),
            }
        }
        if let Some(map) = fixture["probes"].as_object() {
            for class in map.keys().filter(|c| !PROBE_CLASSES.contains(&c.as_str())) {
                problems.push(format!("{}: unknown probe class `{class}`", file.display()));
            }
        }
    }
    if std::env::var("CTE_FIXTURES").is_err() {
        assert!(
            report.uncovered.is_empty(),
            "rules without a fixture in tests/rules/: {:?}",
            report.uncovered
        );
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(report.fixtures.len() >= 80 || std::env::var("CTE_FIXTURES").is_ok());
}

#[test]
fn the_repeated_word_check_bites() {
    assert_eq!(
        repeated_word("assessment measures are only cumulative, cumulative").as_deref(),
        Some("cumulative")
    );
    assert_eq!(
        repeated_word("missing: 2025-12, 2025-12 (2 of 9)").as_deref(),
        Some("2025-12")
    );
    assert_eq!(repeated_word("the plan has no academic course"), None);
    assert_eq!(repeated_word("cluster HL, pathway HL-TS"), None);
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
