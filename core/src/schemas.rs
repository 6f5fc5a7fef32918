//! Every JSON Schema the project publishes: the document kinds
//! ([`document_schema`], generated under `document`), the rule pack and the
//! report.
//!
//! `schemas/*.schema.json` in the repository are these schemas written out; a test
//! fails when they go stale.

use serde_json::Value;

pub use crate::document::schemas::document_schema;
use crate::kind::Kind;
pub use crate::pack::rule_pack_schema;
use crate::report::Report;

/// The schema of one report (one entry of the CLI's JSON `documents`).
#[must_use]
pub fn report_schema() -> Value {
    crate::document::schemas::generate::<Report>("report")
}

/// Every schema by file stem: the kinds, `rule-pack` and `report`.
#[must_use]
pub fn all_schemas() -> Vec<(&'static str, Value)> {
    let mut schemas: Vec<(&'static str, Value)> = Kind::ALL
        .iter()
        .map(|kind| (kind.as_str(), document_schema(*kind)))
        .collect();
    schemas.push(("rule-pack", rule_pack_schema()));
    schemas.push(("report", report_schema()));
    schemas
}

/// The schema named `name`: a kind, `rule-pack` or `report`.
#[must_use]
pub fn schema_by_name(name: &str) -> Option<Value> {
    all_schemas()
        .into_iter()
        .find(|(stem, _)| *stem == name)
        .map(|(_, schema)| schema)
}

/// [`schema_by_name`], or the `E_UNKNOWN_KIND` error every face gives for
/// any other name, listing the names there are.
pub fn schema(name: &str) -> crate::Result<Value> {
    schema_by_name(name).ok_or_else(|| {
        let known: Vec<&str> = all_schemas().iter().map(|(stem, _)| *stem).collect();
        crate::Error::new(
            crate::ErrorCode::UnknownKind,
            format!(
                "unknown schema `{name}`; expected one of {}",
                known.join(", ")
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_schema_is_named_with_the_known_ones() {
        assert!(schema("report").is_ok());
        let error = schema("lesson-plan").unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::UnknownKind);
        assert_eq!(
            error.message(),
            "unknown schema `lesson-plan`; expected one of plan-of-study, local-program, \
             state-system, curriculum, interest-survey, self-assessment, rule-pack, report"
        );
    }

    #[test]
    fn every_schema_compiles() {
        for (name, schema) in all_schemas() {
            assert!(jsonschema::validator_for(&schema).is_ok(), "{name}");
        }
        for kind in Kind::ALL {
            let _ = crate::document::schemas::document_validator(kind);
        }
        let _ = crate::pack::rule_pack_validator();
    }
}
