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

fn names(value: &Value) -> BTreeSet<String> {
    value
        .as_array()
        .map(|ids| {
            ids.iter()
                .map(|id| id.as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
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

/// What one check of a fixture document says of `rule`.
struct Verdict {
    failed: BTreeSet<String>,
    valid: bool,
    passed: bool,
    messages: Vec<String>,
    broken: Option<String>,
}

fn verdict(report: &Report, rule: &str) -> Verdict {
    Verdict {
        failed: failed_rules(report),
        valid: report.valid,
        passed: passed(report, rule),
        messages: report
            .findings
            .iter()
            .filter(|f| f.rule == rule && f.status == Status::Fail)
            .map(|f| f.message.clone())
            .collect(),
        broken: report
            .findings
            .iter()
            .find(|f| f.message.contains("<error:") || f.message.contains("could not be evaluated"))
            .map(|f| format!("{}: {}", f.rule, f.message)),
    }
}

struct Fixture<'e> {
    engine: &'e Engine,
    interpreted: &'e Engine,
    rule: String,
    base: Value,
    also: BTreeSet<String>,
    problems: Vec<String>,
}

impl Fixture<'_> {
    fn run(&self, name: &str, patch: &Value) -> Verdict {
        let mut document = self.base.clone();
        merge(&mut document, patch);
        assert_normalizes_alike(&document, name);
        verdict(
            &check(self.engine, self.interpreted, name, &document),
            &self.rule,
        )
    }

    fn problem(&mut self, text: String) {
        self.problems.push(format!("{}: {text}", self.rule));
    }

    /// The document fails with `self.rule` and exactly the rules it names.
    fn expect_fail(&mut self, what: &str, verdict: &Verdict, also: &BTreeSet<String>) {
        let mut expected = self.also.clone();
        expected.extend(also.iter().cloned());
        expected.insert(self.rule.clone());
        if !verdict.valid || verdict.failed != expected {
            self.problem(format!(
                "{what}: expected to fail with exactly {expected:?}, failed with {:?} (valid: {}) {:?}",
                verdict.failed, verdict.valid, verdict.messages
            ));
        }
    }

    fn check_messages(&mut self, what: &str, verdict: &Verdict) {
        if let Some(broken) = &verdict.broken {
            self.problem(format!(
                "{what}: a message or check did not evaluate: {broken}"
            ));
        }
        for message in &verdict.messages {
            if let Some(word) = repeated_word(message) {
                self.problem(format!("{what}: the message repeats `{word}`: {message}"));
            }
        }
    }

    fn probe(&mut self, class: &str, index: usize, probe: &Value) {
        let what = format!("probe {class}[{index}]");
        let Some(patch) = probe.get("patch") else {
            self.problem(format!("{what}: no `patch`"));
            return;
        };
        let verdict = self.run(&format!("{} {what}", self.rule), patch);
        self.check_messages(&what, &verdict);
        let also = names(&probe["also"]);
        match probe["expect"].as_str() {
            Some("fail") => {
                self.expect_fail(&what, &verdict, &also);
                if let Some(text) = probe["message"].as_str() {
                    if !verdict.messages.iter().any(|m| m.contains(text)) {
                        self.problem(format!(
                            "{what}: no failure message holds {text:?}: {:?}",
                            verdict.messages
                        ));
                    }
                }
            }
            Some("pass") => {
                if !verdict.valid || !verdict.passed || verdict.failed != also {
                    self.problem(format!(
                        "{what}: expected to pass (other failures {also:?}), failed with {:?} (valid: {}, passed: {}) {:?}",
                        verdict.failed, verdict.valid, verdict.passed, verdict.messages
                    ));
                }
            }
            Some("not-applicable") => {
                if !verdict.valid
                    || verdict.passed
                    || verdict.failed.contains(&self.rule)
                    || verdict.failed != also
                {
                    self.problem(format!(
                        "{what}: expected the rule not to apply (other failures {also:?}); passed: {}, failed with {:?}",
                        verdict.passed, verdict.failed
                    ));
                }
            }
            other => self.problem(format!(
                "{what}: `expect` is {other:?}; write pass, fail or not-applicable"
            )),
        }
    }
}

#[test]
fn every_rule_has_a_passing_and_a_failing_fixture_and_answers_every_probe() {
    let engine = Engine::builtin().unwrap();
    let interpreted = Engine::builtin().unwrap().interpreted();
    let dir = repo().join("tests/rules");
    let mut missing = Vec::new();
    let mut problems = Vec::new();
    let mut probes_run = 0;
    for rule in engine.rules().filter(|rule| selected(&rule.id)) {
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
        let mut run = Fixture {
            engine: &engine,
            interpreted: &interpreted,
            rule: rule.id.clone(),
            base: load_yaml(&dir.join(format!("base/{base_name}.yaml"))),
            also: names(&fixture["also"]),
            problems: Vec::new(),
        };

        let verdict = run.run(&format!("{} pass", rule.id), &fixture["pass"]);
        if !verdict.valid || !verdict.failed.is_empty() || !verdict.passed {
            run.problem(format!(
                "the passing document does not pass cleanly: {:?} {:?}",
                verdict.failed, verdict.messages
            ));
        }

        for other in run.also.clone() {
            match engine.rules().find(|r| r.id == other) {
                None => run.problem(format!("`also` names unknown rule {other}")),
                Some(twin)
                    if twin.citation == rule.citation
                        && twin.kind == rule.kind
                        && twin.check == rule.check =>
                {
                    run.problem(format!(
                        "`also` rule {other} is the same rule under the same citation"
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
            run.problem("no failing case".to_owned());
        }
        for (case, entry) in fails.iter().enumerate() {
            // A case is a patch, or `{patch, also?}` naming further rules it fails.
            let described = entry.as_object().is_some_and(|map| {
                map.contains_key("patch") && map.keys().all(|k| k == "patch" || k == "also")
            });
            let (patch, also) = if described {
                (&entry["patch"], names(&entry["also"]))
            } else {
                (entry, BTreeSet::new())
            };
            let what = format!("fail case {case}");
            let verdict = run.run(&format!("{} {what}", rule.id), patch);
            run.check_messages(&what, &verdict);
            run.expect_fail(&what, &verdict, &also);
        }

        let probes = &fixture["probes"];
        for class in PROBE_CLASSES {
            match &probes[class] {
                Value::String(reason) if reason.split_whitespace().count() >= 4 => {}
                Value::Array(list) if !list.is_empty() => {
                    for (index, probe) in list.iter().enumerate() {
                        run.probe(class, index, probe);
                        probes_run += 1;
                    }
                }
                probe @ Value::Object(_) => {
                    run.probe(class, 0, probe);
                    probes_run += 1;
                }
                other => run.problem(format!(
                    "probe `{class}` is {other}: give a probe, a list of probes, or a sentence saying why it does not apply"
                )),
            }
        }
        if let Some(map) = probes.as_object() {
            for class in map.keys() {
                if !PROBE_CLASSES.contains(&class.as_str()) {
                    run.problem(format!(
                        "unknown probe class `{class}`; the classes are {PROBE_CLASSES:?}"
                    ));
                }
            }
        }
        problems.extend(run.problems);
    }
    assert!(
        missing.is_empty(),
        "rules without a fixture in tests/rules/: {missing:?}"
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    eprintln!("{probes_run} probes answered as the seeds read");
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
