//! Rule packs: rules as data (YAML or JSON), validated against
//! `schemas/rule-pack.schema.json` before they are compiled.

mod builtin;
mod load;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::kind::Kind;
use crate::report::Severity;

pub use builtin::national_pack;
pub use load::Loaded;

/// The schema every rule pack must match.
#[must_use]
pub fn rule_pack_schema() -> serde_json::Value {
    crate::document::schemas::generate::<Pack>("rule-pack")
}

/// The compiled rule-pack validator, built once per process.
pub(crate) fn rule_pack_validator() -> &'static jsonschema::Validator {
    static VALIDATOR: std::sync::LazyLock<jsonschema::Validator> =
        std::sync::LazyLock::new(|| crate::document::schemas::compile(&rule_pack_schema()));
    &VALIDATOR
}

/// A named set of rules plus overrides of rules from packs loaded before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "cte-rules rule pack")]
pub struct Pack {
    /// A short name, shown when a rule of the pack is at fault.
    #[schemars(length(min = 1))]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Changes to rules defined by earlier packs (or this one): severity, or disable.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// Where the pack was read from; set by the loader, never by the file.
    #[serde(skip)]
    pub origin: Option<String>,
    /// The text the pack was read from, kept so that errors found when it is
    /// compiled (CEL, duplicate ids, overrides) get a line and column too.
    #[serde(skip)]
    pub text: Option<std::sync::Arc<str>>,
    /// Entries left out because they did not match the schema (see
    /// [`Pack::read_value`]).
    #[serde(skip)]
    pub left_out: LeftOut,
}

/// Rules and overrides a lenient read left out, so that errors about the
/// rest still name their place in the file, and overrides of a left-out rule
/// are not reported again as unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Their indices in the file's `rules`, ascending.
    pub rules: Vec<usize>,
    /// Their indices in the file's `overrides`, ascending.
    pub overrides: Vec<usize>,
    /// The ids of the rules left out.
    pub ids: Vec<String>,
}

impl LeftOut {
    /// The index in the file of the `index`th entry kept of a list whose
    /// entries at `left_out` (ascending) were dropped.
    #[must_use]
    pub fn original(left_out: &[usize], index: usize) -> usize {
        let mut original = index;
        for dropped in left_out {
            if *dropped <= original {
                original += 1;
            }
        }
        original
    }
}

/// One declarative, cited rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, upper case words joined by `-`, e.g. `LOCAL-03`.
    #[schemars(regex(pattern = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"))]
    pub id: String,
    #[schemars(length(min = 1))]
    pub title: String,
    pub severity: Severity,
    /// The document kind the rule applies to.
    pub kind: Kind,
    /// Longer explanation: how the rule reads its seed text (what it demands,
    /// and the interpretation a state may disagree with in its own pack).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The reading in brief: of whom, per what unit, and which words are conditional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<Reading>,
    /// JSON pointer pattern of the values to check one by one; `*` matches every
    /// array index or object key, e.g. `/school_years/*`. Each match is bound to
    /// `item` (and its last index or key to `index`), and failures point at it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^(/[^/]*)+$"))]
    pub each: Option<String>,
    /// CEL precondition; the rule is skipped (neither passes nor fails) when false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub when: Option<String>,
    /// CEL expression that is `true` when the document meets the rule. Variables:
    /// `doc`, `item`, `index`, `framework`, `today`.
    #[schemars(length(min = 1))]
    pub check: String,
    /// JSON pointer of the offending value: absolute, or relative to `item` with `each`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^(/[^/]*)*$"))]
    pub path: Option<String>,
    /// Message of a failure; `{{ cel }}` interpolates a value, e.g. a count.
    #[schemars(length(min = 1))]
    pub message: String,
    pub citation: Citation,
    /// Further sources the rule also reads, e.g. the 2024 framework for a
    /// rule that looks clusters up in the document's framework version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub see_also: Vec<Citation>,
    /// What to do to meet the rule.
    #[schemars(length(min = 1))]
    pub remediation: String,
}

/// How a rule reads its seed text, in brief (tabulated in `docs/rules.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    /// Whom or what the requirement is of, e.g. `each learner`.
    #[schemars(length(min = 1))]
    pub of: String,
    /// The unit it is checked per, e.g. `school year`, `month`, `cluster`.
    #[schemars(length(min = 1))]
    pub per: String,
    /// The seed's conditional words and how the rule treats them, or `none`.
    #[schemars(length(min = 1))]
    pub conditional: String,
}

/// Where a rule comes from: a source document, its section and the item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The source document: a seed file name, or your own document's name.
    #[schemars(length(min = 1))]
    pub source: String,
    /// The section of the source.
    #[schemars(length(min = 1))]
    pub section: String,
    /// The item within the section.
    #[schemars(length(min = 1))]
    pub item: String,
    /// The source's title for people to read. Optional for the seed files,
    /// whose titles the engine knows; reports show the source name when a
    /// citation of another source has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub title: Option<String>,
}

/// A change to a rule loaded earlier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Id of the rule to change.
    pub rule: String,
    /// New severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// `false` disables the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}
