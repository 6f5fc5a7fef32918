//! The engine: packs compiled once, then any number of documents checked.

mod budget;
mod compile;
mod desugar;
mod direct;
mod evaluate;
mod free_variables;
mod functions;
mod pointer;
mod positions;
mod schema_check;
mod shared_map;
#[cfg(test)]
mod tree_path_tests;
mod values;

use std::borrow::Cow;
use std::sync::Arc;

use cel::Env;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::document::{self, Format, Limits};
use crate::error::{Error, ErrorCode, Result};
use crate::kind::Kind;
use crate::pack::{national_pack, Pack};
use crate::report::{Citation, Report, Severity};
use crate::today::Today;

use compile::{by_kind, compile_packs, tree_kinds, CompiledRule};
use positions::{add_positions, Source};

/// Options of one check. Bindings deserialize it from their native options object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckOptions {
    /// Include findings of rules that passed (`--all`).
    pub include_passed: bool,
    /// The date rules see as `today` (`YYYY-MM-DD`); the system date when unset.
    /// Set it to make reports reproducible.
    pub today: Option<String>,
    /// Size and depth limits for raw input.
    pub limits: Limits,
}

impl CheckOptions {
    /// Rejects options no check can honour, with `E_OPTIONS`, a message naming
    /// the option and the form it takes, and the option's pointer as `path`
    /// (`/today`, `/limits/max_bytes`) so a face can re-word it in its own
    /// argument names. `today` must be a real calendar date ([`Today`]'s one
    /// parse). A zero limit would turn every document into a `parse` finding.
    /// The fallible entry points (`ffi`, `rubric`) call it; faces call it
    /// first, before any input is read.
    pub fn validate(&self) -> Result<()> {
        self.resolve_today()?;
        for (name, value) in [
            ("max_bytes", self.limits.max_bytes as u64),
            ("max_depth", self.limits.max_depth as u64),
            ("max_steps", self.limits.max_steps),
        ] {
            if value == 0 {
                return Err(Error::new(
                    ErrorCode::Options,
                    format!("`limits.{name}` is 0; it must be a whole number of at least 1"),
                )
                .with_path(format!("/limits/{name}")));
            }
        }
        // Deeper nesting than the readers are tested at could exhaust a stack.
        if self.limits.max_depth > document::MAX_DEPTH_CAP {
            return Err(Error::new(
                ErrorCode::Options,
                format!(
                    "`limits.max_depth` is {}; it must be at most {}",
                    self.limits.max_depth,
                    document::MAX_DEPTH_CAP
                ),
            )
            .with_path("/limits/max_depth"));
        }
        Ok(())
    }

    /// The date rules see: `today` parsed, or the system date when unset.
    /// A batch calls it once, so every document of it sees the same day.
    pub fn resolve_today(&self) -> Result<Today> {
        Today::resolve(self.today.as_deref())
    }

    /// Options as a face hands them over (a Python dict, a JS object, JSON),
    /// read by serde and then validated: the one place every face's options
    /// are deserialised. Unknown keys and wrong types are `E_OPTIONS` too.
    pub fn from_json(value: Value) -> Result<CheckOptions> {
        limits_in_range(&value)?;
        let options: CheckOptions = serde_json::from_value(value)
            .map_err(|error| Error::new(ErrorCode::Options, format!("invalid options: {error}")))?;
        options.validate()?;
        Ok(options)
    }
}

/// Each limit given is a whole number a limit can hold, or an `E_OPTIONS`
/// error naming it: serde's own error (`invalid value: integer -1, expected
/// usize`) says what is wrong but not where. A limit of 0, or a `max_depth`
/// over the cap, is left to [`CheckOptions::validate`], an unknown name to serde.
fn limits_in_range(options: &Value) -> Result<()> {
    let Some(Value::Object(limits)) = options.get("limits") else {
        return Ok(());
    };
    let known = serde_json::to_value(Limits::default()).unwrap_or_default();
    for (name, value) in limits {
        if !known.get(name).is_some_and(Value::is_u64) || value.is_null() {
            continue;
        }
        if value
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .is_none()
        {
            return Err(Error::new(
                ErrorCode::Options,
                format!("`limits.{name}` is {value}; it must be a whole number of at least 1"),
            )
            .with_path(format!("/limits/{name}")));
        }
    }
    Ok(())
}

/// What `rules list` shows of a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub kind: Kind,
    pub enabled: bool,
    pub pack: String,
    pub citation: Citation,
    /// Further sources the rule reads.
    pub see_also: Vec<Citation>,
    pub description: Option<String>,
    pub reading: Option<crate::pack::Reading>,
    pub each: Option<String>,
    pub when: Option<String>,
    pub check: String,
    pub message: String,
    pub remediation: String,
}

/// A compiled, immutable set of rules. Build it once and share it across threads:
/// it is `Send + Sync`, and checking a document never re-parses a rule.
pub struct Engine {
    env: Arc<Env>,
    rules: Vec<CompiledRule>,
    by_kind: [Vec<usize>; Kind::ALL.len()],
    /// The framework data as a CEL value, built once and borrowed by every check.
    framework: Box<dyn cel::common::value::Val>,
    /// The same data as JSON, for direct evaluation.
    framework_json: Value,
    /// Whether expressions in the direct subset skip cel's interpreter.
    direct: bool,
    /// Per kind, whether its documents are checked on their tree: see
    /// [`compile::tree_kinds`].
    tree_kinds: [bool; Kind::ALL.len()],
    /// How many per-document subexpressions direct evaluation caches.
    invariants: usize,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("rules", &self.rules.len())
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// An engine with the built-in national pack only.
    pub fn builtin() -> Result<Engine> {
        Engine::new(vec![national_pack()?])
    }

    /// An engine with the built-in national pack followed by `packs`.
    pub fn with_packs(packs: Vec<Pack>) -> Result<Engine> {
        let mut all = vec![national_pack()?];
        all.extend(packs);
        Engine::new(all)
    }

    /// An engine with exactly `packs`, in order (no built-in pack unless given).
    pub fn new(packs: Vec<Pack>) -> Result<Engine> {
        let env = Arc::new(cel_env()?);
        let mut invariants = direct::Invariants::default();
        let rules = compile_packs(&env, &mut invariants, &packs)?;
        let by_kind = by_kind(&rules);
        let tree_kinds = tree_kinds(&rules, &by_kind);
        Ok(Engine {
            env,
            rules,
            by_kind,
            framework: framework_value()?,
            framework_json: crate::framework::as_json(),
            direct: true,
            tree_kinds,
            invariants: invariants.len(),
        })
    }

    /// The same engine with every expression evaluated by cel's interpreter.
    ///
    /// By default, expressions in the subset of CEL that rules use run on a
    /// direct evaluator over the JSON document, and fall back to cel for the
    /// rest. Reports are the same either way (tests hold them equal); this is
    /// the reference to compare against, and a way to rule the evaluator out
    /// when a report looks wrong.
    #[must_use]
    pub fn interpreted(mut self) -> Engine {
        self.direct = false;
        self
    }

    /// Whether documents of `kind` are checked on the tree they are read
    /// into (the production path), rather than on a `serde_json` value with
    /// cel's interpreter for what direct evaluation cannot run. Decided when
    /// the engine is built: true for every built-in kind but the interest
    /// survey (normalised by a typed round trip), false for a kind with a
    /// user rule outside the direct subset, and for [`Engine::interpreted`].
    #[must_use]
    pub fn checks_on_tree(&self, kind: Kind) -> bool {
        self.direct && self.tree_kinds[kind.index()]
    }

    /// Every loaded rule, in pack order, with overrides applied.
    pub fn rules(&self) -> impl Iterator<Item = RuleInfo> + '_ {
        self.rules.iter().map(|compiled| {
            let rule = &compiled.rule;
            RuleInfo {
                id: rule.id.clone(),
                title: rule.title.clone(),
                severity: rule.severity,
                kind: rule.kind,
                enabled: compiled.enabled,
                pack: compiled.pack.clone(),
                citation: compiled.citation.clone(),
                see_also: compiled.see_also.clone(),
                description: rule.description.clone(),
                reading: rule.reading.clone(),
                each: rule.each.clone(),
                when: rule.when.clone(),
                check: rule.check.clone(),
                message: rule.message.clone(),
                remediation: rule.remediation.clone(),
            }
        })
    }

    /// Checks raw bytes (a file's content). Unreadable input is a `parse` finding.
    ///
    /// `options.today` is resolved here, for this document alone (the
    /// batch entry points, [`Engine::check_batch`] and its kin, resolve it
    /// once per batch and reject a bad one with `E_OPTIONS`). This entry point cannot fail: with
    /// a `today` that is no date, the rules that read `today` are reported
    /// as not evaluable, and the others run as usual.
    #[must_use]
    pub fn check_bytes(
        &self,
        source: &str,
        bytes: &[u8],
        format: Option<Format>,
        options: &CheckOptions,
    ) -> Report {
        let today = options.resolve_today().ok();
        self.check_bytes_on(source, bytes, format, options, today.as_ref())
    }

    /// [`Engine::check_bytes`] on a `today` already resolved.
    pub(crate) fn check_bytes_on(
        &self,
        source: &str,
        bytes: &[u8],
        format: Option<Format>,
        options: &CheckOptions,
        today: Option<&Today>,
    ) -> Report {
        let format = format.or_else(|| Format::from_path(source));
        let run = Run { options, today };
        match document::read_bytes(bytes, format, &options.limits) {
            // Read, so UTF-8.
            Ok(read) => match std::str::from_utf8(bytes) {
                Ok(text) => self.check_read(source, read, text, format, run),
                Err(_) => evaluate::check(self, source, Cow::Owned(read.into_value()), run),
            },
            Err(failure) => evaluate::parse_failure_report(source, failure),
        }
    }

    /// Checks a document read from `text`, and places its findings there.
    fn check_read(
        &self,
        source: &str,
        read: document::Read<'_>,
        text: &str,
        format: Option<Format>,
        run: Run<'_>,
    ) -> Report {
        let (mut report, tree) = match read {
            document::Read::Tree(mut tree) => {
                let report =
                    evaluate::check_tree(self, source, &mut tree, run).unwrap_or_else(|| {
                        let value = tree.to_value();
                        evaluate::check(self, source, Cow::Owned(value), run)
                    });
                (report, Some(tree))
            }
            document::Read::Value(value) => {
                (evaluate::check(self, source, Cow::Owned(value), run), None)
            }
        };
        let tree = tree.as_ref();
        add_positions(&mut report, Source { text, format, tree });
        report
    }

    /// Checks text, sniffing JSON or YAML from the source name or the content.
    /// `today` as in [`Engine::check_bytes`].
    #[must_use]
    pub fn check_text(&self, source: &str, text: &str, options: &CheckOptions) -> Report {
        let today = options.resolve_today().ok();
        self.check_text_on(source, text, options, today.as_ref())
    }

    /// [`Engine::check_text`] on a `today` already resolved.
    pub(crate) fn check_text_on(
        &self,
        source: &str,
        text: &str,
        options: &CheckOptions,
        today: Option<&Today>,
    ) -> Report {
        let format = Format::from_path(source);
        let run = Run { options, today };
        match document::read_str(text, format, &options.limits) {
            Ok(read) => self.check_read(source, read, text, format, run),
            Err(failure) => evaluate::parse_failure_report(source, failure),
        }
    }

    /// Checks a parsed document: schema first, then the rules of its kind.
    /// `today` as in [`Engine::check_bytes`].
    #[must_use]
    pub fn check_value(&self, source: &str, document: &Value, options: &CheckOptions) -> Report {
        let today = options.resolve_today().ok();
        self.check_value_on(source, document, options, today.as_ref())
    }

    /// [`Engine::check_value`] on a `today` already resolved.
    pub(crate) fn check_value_on(
        &self,
        source: &str,
        document: &Value,
        options: &CheckOptions,
        today: Option<&Today>,
    ) -> Report {
        let run = Run { options, today };
        evaluate::check(self, source, Cow::Borrowed(document), run)
    }
}

/// What one check runs with: the caller's options and the `today` resolved
/// from them (`None`: the option is no date, so rules reading it cannot run).
#[derive(Clone, Copy)]
pub(crate) struct Run<'o> {
    pub(crate) options: &'o CheckOptions,
    pub(crate) today: Option<&'o Today>,
}

/// CEL's standard library plus cel-go's standard extensions (strings: `join`,
/// `split`, `lowerAscii`...; lists: `distinct`, `flatten`, `sortBy`...; math:
/// `math.greatest`...), so rules are written in CEL as documented upstream.
fn cel_env() -> Result<Env> {
    let mut env = Env::stdlib();
    for (name, extension) in [
        ("strings", cel::extensions::strings as fn(&mut Env) -> _),
        ("lists", cel::extensions::lists),
        ("math", cel::extensions::math),
    ] {
        env.add_extension(extension).map_err(|error| {
            crate::Error::new(
                crate::ErrorCode::Internal,
                format!("cannot load the CEL {name} extension: {error}"),
            )
        })?;
    }
    functions::register(&mut env)
        .and_then(|()| budget::register(&mut env))
        .map_err(|error| {
            crate::Error::new(
                crate::ErrorCode::Internal,
                format!("cannot register the engine's functions: {error}"),
            )
        })?;
    Ok(env)
}

fn framework_value() -> Result<Box<dyn cel::common::value::Val>> {
    let internal = |error: String| {
        crate::Error::new(
            crate::ErrorCode::Internal,
            format!("framework data cannot become a CEL value: {error}"),
        )
    };
    let value = cel::to_value(crate::framework::as_json()).map_err(|e| internal(e.to_string()))?;
    value
        .try_into()
        .map_err(|e: cel::ExecutionError| internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn engine_is_send_and_sync() {
        assert_send_sync::<Engine>();
    }

    /// A finding about a value the document leaves out is placed on the nearest
    /// value that is there; one without a path, on the document.
    #[test]
    fn findings_on_missing_values_point_at_the_nearest_enclosing_value() {
        let pack = Pack::from_text(
            "name: t\nrules:\n\
             - {id: T-1, title: t, severity: error, kind: curriculum, check: 'false', message: m, path: /courses/1/missing/deeper,\n\
                citation: {source: s, section: s, item: i}, remediation: r}\n\
             - {id: T-2, title: t, severity: error, kind: curriculum, check: 'false', message: m,\n\
                citation: {source: s, section: s, item: i}, remediation: r}\n",
            "test.yaml",
        )
        .unwrap();
        let engine = Engine::new(vec![pack]).unwrap();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/rules/base/curriculum.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let report = engine.check_text("curriculum.yaml", &text, &CheckOptions::default());
        assert!(report.valid, "{report:?}");
        let at = |rule: &str| {
            let finding = report.findings.iter().find(|f| f.rule == rule).unwrap();
            (finding.line, finding.column)
        };
        // `/courses/1/missing` is not there: its parent, the second course, is.
        assert_eq!(at("T-1"), (Some(11), Some(5)), "{report:?}");
        assert_eq!(at("T-2"), (Some(3), Some(1)), "{report:?}");
    }

    /// A finding about an explicit `null` that normalisation drops is placed on
    /// the `null` in the text, not on the value around it: what the rules saw
    /// is not all the text holds, so the text is searched.
    #[test]
    fn findings_on_dropped_nulls_point_at_the_null() {
        let engine = Engine::builtin().unwrap();
        let mut plan: Value = crate::document::parse_str(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../examples/plan-of-study-it-gaps.json"
            ))
            .unwrap(),
            Some(Format::Json),
            &Limits::default(),
        )
        .unwrap();
        plan["postsecondary"] = Value::Null;
        let text = serde_json::to_string_pretty(&plan).unwrap();
        let null_line = text
            .lines()
            .position(|line| line.contains("\"postsecondary\": null"))
            .unwrap();
        let report = engine.check_text("plan.json", &text, &CheckOptions::default());
        let finding = report
            .findings
            .iter()
            .find(|f| f.path.as_deref() == Some("/postsecondary"))
            .unwrap_or_else(|| panic!("no finding at /postsecondary: {report:?}"));
        assert_eq!(finding.line, Some(null_line as u64 + 1), "{report:?}");
        assert_eq!(finding.column, Some(20), "{report:?}");
    }

    fn with_today(today: &str) -> CheckOptions {
        CheckOptions {
            today: Some(today.to_owned()),
            ..CheckOptions::default()
        }
    }

    /// A count of `05` or `5.0` is an integer to JSON Schema (YAML reads
    /// `05` as a number with a fraction part of zero): the survey is valid,
    /// so it must normalise, never come back as an `internal:` finding.
    #[test]
    fn whole_numbers_written_as_floats_are_integers() {
        let engine = Engine::builtin().unwrap();
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/interest-survey-en.yaml"
        ))
        .unwrap();
        assert!(text.contains("count: 6"));
        for count in ["05", "5.0", "6"] {
            let survey = text.replace("count: 6", &format!("count: {count}"));
            let report = engine.check_text("s.yaml", &survey, &with_today("2025-11-23"));
            assert!(report.valid, "{count}: {report:?}");
            assert!(
                report
                    .findings
                    .iter()
                    .all(|f| !f.message.contains("internal")),
                "{count}: {report:?}"
            );
        }
    }

    /// The infallible entry points cannot return an options error: with a
    /// `today` that is no date, rules reading `today` are not evaluable and
    /// say so; the others run.
    #[test]
    fn an_impossible_today_fails_only_the_rules_that_read_it() {
        let engine = Engine::builtin().unwrap();
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/state-system-ohio.yaml"
        ))
        .unwrap();
        let good = engine.check_text("s.yaml", &text, &with_today("2025-11-23"));
        let bad = engine.check_text("s.yaml", &text, &with_today("2025-02-30"));
        let unevaluable: Vec<_> = bad
            .findings
            .iter()
            .filter(|f| f.message.contains("could not be evaluated"))
            .collect();
        assert!(!unevaluable.is_empty(), "{bad:?}");
        assert!(
            unevaluable.iter().all(|f| f.message.contains("today")),
            "{unevaluable:?}"
        );
        assert!(bad.summary.passed > 0 && bad.summary.passed < good.summary.passed);
    }

    #[test]
    fn options_validate_accepts_defaults_and_real_dates() {
        assert_eq!(CheckOptions::default().validate(), Ok(()));
        for today in [
            "2025-11-23",
            "2024-02-29",
            "2000-02-29",
            "2025-12-31",
            "2025-01-01",
        ] {
            assert_eq!(with_today(today).validate(), Ok(()), "{today}");
        }
        let smallest = CheckOptions {
            limits: Limits {
                max_bytes: 1,
                max_depth: 1,
                ..Limits::default()
            },
            ..CheckOptions::default()
        };
        assert_eq!(smallest.validate(), Ok(()));
    }

    #[test]
    fn options_validate_rejects_a_today_that_is_no_calendar_date() {
        for today in [
            "yesterday",
            "15/01/2026",
            "2026-1-15",
            "20260115",
            "2026-01-15T00:00:00Z",
            " 2026-01-15",
            "2026\u{2212}01\u{2212}15",
            "\u{ff12}\u{ff10}\u{ff12}\u{ff16}-01-15",
            "",
            // The right shape, an impossible day.
            "2025-02-29",
            "1900-02-29",
            "2025-04-31",
            "2025-13-01",
            "2025-00-10",
            "2025-01-00",
            "2025-01-32",
        ] {
            let error = with_today(today).validate().unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::Options, "{today:?}");
            assert_eq!(error.path(), Some("/today"), "{today:?}");
            assert!(error.message().contains("`today`"), "{error}");
            assert!(error.message().contains("YYYY-MM-DD"), "{error}");
        }
    }

    /// A limit no `usize` holds is named, in every face, by core.
    #[test]
    fn options_from_json_names_a_limit_out_of_range() {
        for (limits, path) in [
            (serde_json::json!({"max_bytes": -1}), "/limits/max_bytes"),
            (serde_json::json!({"max_depth": 1.5}), "/limits/max_depth"),
            (serde_json::json!({"max_steps": true}), "/limits/max_steps"),
        ] {
            let error =
                CheckOptions::from_json(serde_json::json!({ "limits": limits })).unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::Options);
            assert_eq!(error.path(), Some(path));
        }
    }

    #[test]
    fn options_validate_rejects_zero_limits() {
        for (limits, path) in [
            (
                Limits {
                    max_bytes: 0,
                    ..Limits::default()
                },
                "/limits/max_bytes",
            ),
            (
                Limits {
                    max_depth: 0,
                    ..Limits::default()
                },
                "/limits/max_depth",
            ),
        ] {
            let error = CheckOptions {
                limits,
                ..CheckOptions::default()
            }
            .validate()
            .unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::Options);
            assert_eq!(error.path(), Some(path));
            assert!(error.message().contains("at least 1"), "{error}");
        }
    }
}
