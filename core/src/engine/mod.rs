//! The engine: packs compiled once, then any number of documents checked.

mod compile;
mod evaluate;
mod free_variables;
mod pointer;
mod shared_map;
mod values;

use std::borrow::Cow;
use std::sync::Arc;

use cel::Env;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::document::{self, Format, Limits};
use crate::error::Result;
use crate::kind::Kind;
use crate::pack::{national_pack, Pack};
use crate::report::{Citation, Report, Severity};

use compile::{by_kind, compile_packs, CompiledRule};

pub(crate) use pointer::escape as escape_pointer_token;

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
    pub description: Option<String>,
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
        let rules = compile_packs(&env, &packs)?;
        let by_kind = by_kind(&rules);
        Ok(Engine {
            env,
            rules,
            by_kind,
            framework: framework_value()?,
        })
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
                citation: rule.citation.clone(),
                description: rule.description.clone(),
                each: rule.each.clone(),
                when: rule.when.clone(),
                check: rule.check.clone(),
                message: rule.message.clone(),
                remediation: rule.remediation.clone(),
            }
        })
    }

    /// Checks raw bytes (a file's content). Unreadable input is a `parse` finding.
    #[must_use]
    pub fn check_bytes(
        &self,
        source: &str,
        bytes: &[u8],
        format: Option<Format>,
        options: &CheckOptions,
    ) -> Report {
        let format = format.or_else(|| Format::from_path(source));
        match document::parse_bytes(bytes, format, &options.limits) {
            Ok(value) => {
                let mut report = evaluate::check(self, source, Cow::Owned(value), options);
                if let Ok(text) = std::str::from_utf8(bytes) {
                    add_positions(&mut report, text);
                }
                report
            }
            Err(failure) => evaluate::parse_failure_report(source, failure),
        }
    }

    /// Checks text, sniffing JSON or YAML from the source name or the content.
    #[must_use]
    pub fn check_text(&self, source: &str, text: &str, options: &CheckOptions) -> Report {
        let format = Format::from_path(source);
        match document::parse_str(text, format, &options.limits) {
            Ok(value) => {
                let mut report = evaluate::check(self, source, Cow::Owned(value), options);
                add_positions(&mut report, text);
                report
            }
            Err(failure) => evaluate::parse_failure_report(source, failure),
        }
    }

    /// Checks a parsed document: schema first, then the rules of its kind.
    #[must_use]
    pub fn check_value(&self, source: &str, document: &Value, options: &CheckOptions) -> Report {
        evaluate::check(self, source, Cow::Borrowed(document), options)
    }
}

/// Gives every finding that points into the document the line and column where
/// that value starts. Runs only when there is something to locate.
fn add_positions(report: &mut Report, text: &str) {
    let wanted: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.line.is_none())
        .filter_map(|f| f.path.as_deref())
        .collect();
    if wanted.is_empty() {
        return;
    }
    let found = document::position::locate(text.strip_prefix('\u{feff}').unwrap_or(text), &wanted);
    for finding in &mut report.findings {
        if let Some(&(line, column)) = finding.path.as_deref().and_then(|p| found.get(p)) {
            finding.line = Some(line);
            finding.column = Some(column);
        }
    }
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
}
