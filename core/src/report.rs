//! The one output type: a [`Report`] per document, made of [`Finding`]s.
//!
//! CLI `--format json`, the Python dict and the Node object all serialise this
//! type, so its field names are a contract.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How serious a failed rule is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Whether a rule held for the document: `pass`, `fail`, or `error` when the
/// rule could not be evaluated on it (code `E_EVAL`, or `E_BUDGET` when the
/// document's evaluation budget ran out), which is never a silent pass and
/// counts as an error whatever the rule's severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Error,
}

impl Status {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
        }
    }
}

/// The stable code of a finding whose rule could not be evaluated.
pub const EVAL_ERROR_CODE: &str = "E_EVAL";

/// The stable code of a finding whose rule was stopped because checking the
/// document took more than its evaluation budget (`limits.max_steps`).
pub const BUDGET_ERROR_CODE: &str = "E_BUDGET";

/// The seed text a rule encodes: file, section and item, and the source's
/// title for people to read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The source document, e.g. a seed file name such as `004_dd85b78ab5c0ff6f.txt`.
    #[schemars(length(min = 1))]
    pub source: String,
    /// The section of the source, e.g. `Criteria for Local Development`.
    #[schemars(length(min = 1))]
    pub section: String,
    /// The item within the section, e.g. `Career Development`.
    #[schemars(length(min = 1))]
    pub item: String,
    /// The source's human-readable title, e.g. `Career Clusters Initiative:
    /// Mission, Goals, Criteria (2005)`: the pack's own, or the seed's, or
    /// the source name when neither gives one.
    #[schemars(length(min = 1))]
    pub title: String,
}

/// Rule id of findings for schema violations.
pub const SCHEMA_RULE: &str = "schema";
/// Rule id of findings for unreadable documents (malformed, empty, too large, binary).
pub const PARSE_RULE: &str = "parse";

/// One rule's verdict on one place in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// Rule id, or `schema` / `parse`.
    pub rule: String,
    pub severity: Severity,
    pub status: Status,
    pub message: String,
    /// JSON pointer of the offending value, where there is one.
    pub path: Option<String>,
    /// 1-based line of the offending text, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based column of the offending text, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    pub citation: Option<Citation>,
    pub remediation: Option<String>,
    /// A stable code for findings that are not a rule's verdict (status
    /// `error`): `E_EVAL` when the rule could not be evaluated, `E_BUDGET`
    /// when it was stopped by the document's evaluation budget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// Counts of failed findings by severity, and of rules that passed. A rule
/// that could not be evaluated counts among the errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub passed: usize,
}

impl Summary {
    /// Adds one finding to the counts.
    pub fn count(&mut self, finding: &Finding) {
        match (finding.status, finding.severity) {
            (Status::Pass, _) => self.passed += 1,
            (Status::Error, _) | (Status::Fail, Severity::Error) => self.errors += 1,
            (Status::Fail, Severity::Warning) => self.warnings += 1,
            (Status::Fail, Severity::Info) => self.infos += 1,
        }
    }

    /// Adds another summary to this one (for batch totals).
    pub fn add(&mut self, other: &Summary) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.passed += other.passed;
    }

    /// The most severe failed severity, if any finding failed.
    #[must_use]
    pub fn worst(&self) -> Option<Severity> {
        if self.errors > 0 {
            Some(Severity::Error)
        } else if self.warnings > 0 {
            Some(Severity::Warning)
        } else if self.infos > 0 {
            Some(Severity::Info)
        } else {
            None
        }
    }
}

/// Everything the engine found in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// Where the document came from: a path, `path:line` for NDJSON, or `-`.
    pub source: String,
    /// The document kind, when the document names a known one.
    pub kind: Option<String>,
    /// Whether the document is valid against its kind's JSON Schema.
    pub valid: bool,
    /// Failed findings, and passed ones when asked for; sorted by path then rule.
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

impl Report {
    /// True when no finding failed at `threshold` or above.
    #[must_use]
    pub fn passes_at(&self, threshold: Severity) -> bool {
        self.summary.worst().is_none_or(|worst| worst < threshold)
    }

    /// True when the document is valid and no error-level finding failed.
    #[must_use]
    pub fn ok(&self) -> bool {
        self.valid && self.summary.errors == 0
    }
}
