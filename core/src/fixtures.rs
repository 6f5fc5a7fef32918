//! Rule fixtures: the test format the project checks its own rules with, run
//! for any pack (`cte-rules rules test`, `cte_rules.test_pack`, `testPack`).
//!
//! A fixture `<ID>.yaml` names its `rule`, a `base` document (a built-in base
//! of that kind, shipped with the engine, or `base/<name>.yaml` beside the
//! fixture), a `pass` merge patch (RFC 7386) and `fail` (a patch, or a list
//! of patches or `{patch, also?, message?}`), `also` (rules that necessarily
//! fail with it), and optional `probes` (`{expect: pass | fail |
//! not-applicable, patch, also?, message?}` under a class name). A passing
//! document must pass the rule with no failure; a failing one must fail with
//! exactly the rule plus its `also`, holding `message` if one is given.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::engine::{CheckOptions, Engine};
use crate::error::{Error, ErrorCode, Result};
use crate::report::{Report, Status};

/// The base documents every fixture may name, shipped with the engine so that
/// a state's fixtures need not write their own.
const BASES: &[(&str, &str)] = &[
    (
        "plan-of-study",
        include_str!("../../tests/rules/base/plan-of-study.yaml"),
    ),
    (
        "local-program",
        include_str!("../../tests/rules/base/local-program.yaml"),
    ),
    (
        "state-system",
        include_str!("../../tests/rules/base/state-system.yaml"),
    ),
    (
        "curriculum",
        include_str!("../../tests/rules/base/curriculum.yaml"),
    ),
];

/// The built-in base document of a name (a kind), if there is one.
pub fn builtin_base(name: &str) -> Option<Result<Value>> {
    BASES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, text)| {
            crate::document::parse_str(
                text,
                Some(crate::document::Format::Yaml),
                &crate::Limits::default(),
            )
            .map_err(|failure| Error::new(ErrorCode::Internal, failure.message))
        })
}

/// One checked document of a fixture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseResult {
    /// `pass`, `fail 0`, `probe empty-list 1`...
    pub case: String,
    pub ok: bool,
    /// What the case expects, e.g. `pass POS-03` or `fail POS-03, GOAL-02`.
    pub expected: String,
    /// What the check gave: the rule's status, the rules that failed, and the
    /// failure messages.
    pub actual: String,
}

/// One fixture file and its cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixtureResult {
    pub fixture: String,
    pub rule: String,
    pub ok: bool,
    pub cases: Vec<CaseResult>,
}

/// A run of fixtures over the loaded packs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestReport {
    pub fixtures: Vec<FixtureResult>,
    /// Rules of the packs under test that no fixture names.
    pub uncovered: Vec<String>,
    pub passed: usize,
    pub failed: usize,
}

impl TestReport {
    #[must_use]
    pub fn ok(&self) -> bool {
        self.failed == 0
    }
}

/// How a fixture document is checked; the project's own test adds its
/// cross-checks (interpreted evaluation, JSON text) through this.
pub type CheckFn<'a> = dyn Fn(&str, &Value) -> Report + 'a;

/// The options fixtures are checked with: every finding, and a fixed `today`
/// so that date rules give the same answer every day.
#[must_use]
pub fn fixture_options() -> CheckOptions {
    CheckOptions {
        include_passed: true,
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    }
}

/// The fixture files under `paths` (files, or directories read one level
/// deep, `base/` left out), sorted.
pub fn fixture_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| io_error(path, &e))?;
            for entry in entries {
                let file = entry.map_err(|e| io_error(path, &e))?.path();
                if file.is_file() && is_yaml(&file) {
                    files.push(file);
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    Ok(files)
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
}

fn io_error(path: &Path, error: &std::io::Error) -> Error {
    Error::new(ErrorCode::Io, error.to_string()).with_origin(path.display().to_string())
}

/// Runs the fixtures `files` against `engine`. `tested_packs` names the packs
/// whose rules the coverage counts (all when empty). A fixture that cannot be
/// read is an error (exit 2), a fixture that fails is a failed result.
pub fn run_fixtures(
    engine: &Engine,
    files: &[PathBuf],
    tested_packs: &[String],
    check: Option<&CheckFn<'_>>,
) -> Result<TestReport> {
    let options = fixture_options();
    let default_check = |name: &str, document: &Value| engine.check_value(name, document, &options);
    let check: &CheckFn<'_> = check.unwrap_or(&default_check);
    let mut fixtures = Vec::new();
    for file in files {
        fixtures.push(run_fixture(engine, file, check)?);
    }
    let named: BTreeSet<&str> = fixtures.iter().map(|f| f.rule.as_str()).collect();
    let uncovered = engine
        .rules()
        .filter(|rule| tested_packs.is_empty() || tested_packs.contains(&rule.pack))
        .filter(|rule| !named.contains(rule.id.as_str()))
        .map(|rule| rule.id)
        .collect();
    let passed = fixtures.iter().filter(|f| f.ok).count();
    let failed = fixtures.len() - passed;
    Ok(TestReport {
        fixtures,
        uncovered,
        passed,
        failed,
    })
}

/// `cte-rules rules test` as one call, for the bindings: the built-in pack
/// (unless `builtin` is false) and `packs` loaded, the fixtures under
/// `paths` run, coverage counted over `packs` (the built-in pack when none).
pub fn test_packs(
    packs: &[crate::ffi::PackSource],
    builtin: bool,
    paths: &[PathBuf],
) -> Result<TestReport> {
    let engine = crate::ffi::engine_from_sources(packs, builtin)?;
    let mut tested = Vec::new();
    for (index, source) in packs.iter().enumerate() {
        tested.push(source.load(index + 1)?.name);
    }
    if tested.is_empty() {
        tested.push(crate::pack::national_pack()?.name);
    }
    run_fixtures(&engine, &fixture_files(paths)?, &tested, None)
}

fn fixture_error(file: &Path, message: impl Into<String>) -> Error {
    Error::new(ErrorCode::Input, message).with_origin(file.display().to_string())
}

fn run_fixture(engine: &Engine, file: &Path, check: &CheckFn<'_>) -> Result<FixtureResult> {
    let text = std::fs::read_to_string(file).map_err(|e| io_error(file, &e))?;
    let fixture = crate::document::parse_str(
        &text,
        crate::document::Format::from_path(&file.display().to_string()),
        &crate::Limits::default(),
    )
    .map_err(|failure| fixture_error(file, format!("not a fixture: {}", failure.message)))?;
    let rule = fixture["rule"]
        .as_str()
        .ok_or_else(|| fixture_error(file, "a fixture names its `rule`"))?
        .to_owned();
    let Some(info) = engine.rules().find(|r| r.id == rule) else {
        return Err(fixture_error(
            file,
            format!("fixture names unknown rule `{rule}`"),
        ));
    };
    let base_name = fixture["base"].as_str().unwrap_or(info.kind.as_str());
    let beside = file
        .parent()
        .map(|dir| dir.join("base").join(format!("{base_name}.yaml")));
    let base = match beside.filter(|path| path.is_file()) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|e| io_error(&path, &e))?;
            crate::document::parse_str(
                &text,
                Some(crate::document::Format::Yaml),
                &crate::Limits::default(),
            )
            .map_err(|failure| fixture_error(&path, failure.message))?
        }
        None => builtin_base(base_name).ok_or_else(|| {
            fixture_error(
                file,
                format!(
                    "no base document `{base_name}`; the built-in ones are {}",
                    BASES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                ),
            )
        })??,
    };
    let run = Run {
        check,
        rule: &rule,
        base: &base,
        also: names(&fixture["also"]),
        name: file.display().to_string(),
    };
    let mut cases = vec![run.expect_pass("pass", &fixture["pass"], &BTreeSet::new())];
    let fails: Vec<Value> = match &fixture["fail"] {
        Value::Array(list) => list.clone(),
        Value::Null => Vec::new(),
        single => vec![single.clone()],
    };
    for (index, entry) in fails.iter().enumerate() {
        let described = entry.as_object().is_some_and(|map| {
            map.contains_key("patch")
                && map
                    .keys()
                    .all(|k| matches!(k.as_str(), "patch" | "also" | "message"))
        });
        let (patch, also, message) = if described {
            (
                &entry["patch"],
                names(&entry["also"]),
                entry["message"].as_str(),
            )
        } else {
            (entry, BTreeSet::new(), None)
        };
        cases.push(run.expect_fail(&format!("fail {index}"), patch, &also, message));
    }
    if let Some(probes) = fixture["probes"].as_object() {
        for (class, value) in probes {
            let list: Vec<&Value> = match value {
                Value::Array(list) => list.iter().collect(),
                Value::Object(_) => vec![value],
                _ => Vec::new(), // a sentence saying why the class does not apply
            };
            for (index, probe) in list.into_iter().enumerate() {
                let case = format!("probe {class} {index}");
                let also = names(&probe["also"]);
                let patch = &probe["patch"];
                cases.push(match probe["expect"].as_str() {
                    Some("fail") => run.expect_fail(&case, patch, &also, probe["message"].as_str()),
                    Some("pass") => run.expect_pass(&case, patch, &also),
                    Some("not-applicable") => run.expect_not_applicable(&case, patch, &also),
                    other => CaseResult {
                        case,
                        ok: false,
                        expected: "`expect`: pass, fail or not-applicable".to_owned(),
                        actual: format!("{other:?}"),
                    },
                });
            }
        }
    }
    if fails.is_empty() {
        cases.push(CaseResult {
            case: "fail".to_owned(),
            ok: false,
            expected: "at least one failing case".to_owned(),
            actual: "none".to_owned(),
        });
    }
    Ok(FixtureResult {
        fixture: file.display().to_string(),
        ok: cases.iter().all(|c| c.ok),
        rule,
        cases,
    })
}

fn names(value: &Value) -> BTreeSet<String> {
    value
        .as_array()
        .map(|ids| {
            ids.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// RFC 7386 JSON merge patch.
#[must_use]
pub fn merge_patch(target: &Value, patch: &Value) -> Value {
    let mut out = target.clone();
    merge(&mut out, patch);
    out
}

fn merge(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(fields) => {
            if !target.is_object() {
                *target = Value::Object(serde_json::Map::new());
            }
            if let Value::Object(map) = target {
                for (key, value) in fields {
                    if value.is_null() {
                        map.remove(key);
                    } else {
                        merge(map.entry(key.clone()).or_insert(Value::Null), value);
                    }
                }
            }
        }
        other => *target = other.clone(),
    }
}

struct Run<'a> {
    check: &'a CheckFn<'a>,
    rule: &'a str,
    base: &'a Value,
    also: BTreeSet<String>,
    name: String,
}

/// What a check said, in the terms fixtures expect.
struct Outcome {
    valid: bool,
    status: Option<Status>,
    failed: BTreeSet<String>,
    messages: Vec<String>,
    errors: Vec<String>,
}

impl Outcome {
    fn describe(&self) -> String {
        let status = self.status.map_or("not applied", |s| match s {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
        });
        let mut text = format!("{status}; failed: [{}]", join(&self.failed));
        if !self.valid {
            text.push_str("; document invalid");
        }
        for message in self.messages.iter().chain(&self.errors) {
            text.push_str(&format!("; {message}"));
        }
        text
    }
}

fn join(ids: &BTreeSet<String>) -> String {
    ids.iter().cloned().collect::<Vec<_>>().join(", ")
}

impl Run<'_> {
    fn outcome(&self, case: &str, patch: &Value) -> Outcome {
        let document = merge_patch(self.base, patch);
        let report = (self.check)(&format!("{} {case}", self.name), &document);
        let mine = report.findings.iter().filter(|f| f.rule == self.rule);
        Outcome {
            valid: report.valid,
            status: mine.clone().map(|f| f.status).max_by_key(|s| match s {
                Status::Pass => 0,
                Status::Fail => 1,
                Status::Error => 2,
            }),
            failed: report
                .findings
                .iter()
                .filter(|f| f.status == Status::Fail)
                .map(|f| f.rule.clone())
                .collect(),
            messages: mine
                .filter(|f| f.status == Status::Fail)
                .map(|f| f.message.clone())
                .collect(),
            errors: report
                .findings
                .iter()
                .filter(|f| f.status == Status::Error || f.rule == "schema" || f.rule == "parse")
                .map(|f| {
                    format!(
                        "{} {}: {}",
                        f.rule,
                        f.path.as_deref().unwrap_or(""),
                        f.message
                    )
                })
                .collect(),
        }
    }

    fn expect_pass(&self, case: &str, patch: &Value, also: &BTreeSet<String>) -> CaseResult {
        let got = self.outcome(case, patch);
        let ok = got.valid
            && got.status == Some(Status::Pass)
            && &got.failed == also
            && got.errors.is_empty();
        CaseResult {
            case: case.to_owned(),
            ok,
            expected: format!("pass; failed: [{}]", join(also)),
            actual: got.describe(),
        }
    }

    fn expect_not_applicable(
        &self,
        case: &str,
        patch: &Value,
        also: &BTreeSet<String>,
    ) -> CaseResult {
        let got = self.outcome(case, patch);
        let ok = got.valid && got.status.is_none() && &got.failed == also && got.errors.is_empty();
        CaseResult {
            case: case.to_owned(),
            ok,
            expected: format!("not applied; failed: [{}]", join(also)),
            actual: got.describe(),
        }
    }

    fn expect_fail(
        &self,
        case: &str,
        patch: &Value,
        also: &BTreeSet<String>,
        message: Option<&str>,
    ) -> CaseResult {
        let got = self.outcome(case, patch);
        let mut expected_ids = self.also.clone();
        expected_ids.extend(also.iter().cloned());
        expected_ids.insert(self.rule.to_owned());
        let holds = message.is_none_or(|text| got.messages.iter().any(|m| m.contains(text)));
        let ok = got.valid && got.failed == expected_ids && holds && got.errors.is_empty();
        let mut expected = format!("fail; failed: [{}]", join(&expected_ids));
        if let Some(text) = message {
            expected.push_str(&format!("; a message holding {text:?}"));
        }
        CaseResult {
            case: case.to_owned(),
            ok,
            expected,
            actual: got.describe(),
        }
    }
}
