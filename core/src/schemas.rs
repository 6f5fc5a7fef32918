//! JSON Schemas generated from the Rust types, and validators compiled from them.
//!
//! `schemas/*.schema.json` in the repository are these schemas written out; a test
//! fails when they go stale.

use std::sync::LazyLock;

use jsonschema::Validator;
use schemars::{generate::SchemaSettings, JsonSchema};
use serde_json::Value;

use crate::document::types;
use crate::kind::Kind;
use crate::pack::Pack;
use crate::report::Report;

const BASE_ID: &str = "https://cte-rules.dev/schemas/";

fn generate<T: JsonSchema>(name: &str) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    if let Value::Object(map) = &mut schema {
        map.insert(
            "$id".to_owned(),
            Value::String(format!("{BASE_ID}{name}.schema.json")),
        );
    }
    schema
}

/// The schema of one document kind.
#[must_use]
pub fn document_schema(kind: Kind) -> Value {
    match kind {
        Kind::PlanOfStudy => generate::<types::PlanOfStudy>(kind.as_str()),
        Kind::LocalProgram => generate::<types::LocalProgram>(kind.as_str()),
        Kind::StateSystem => generate::<types::StateSystem>(kind.as_str()),
        Kind::Curriculum => generate::<types::Curriculum>(kind.as_str()),
        Kind::InterestSurvey => generate::<types::InterestSurvey>(kind.as_str()),
        Kind::SelfAssessment => generate::<types::SelfAssessment>(kind.as_str()),
    }
}

/// [`document_schema`], generated once per kind for the life of the process.
pub(crate) fn cached_document_schema(kind: Kind) -> &'static Value {
    static SCHEMAS: std::sync::LazyLock<Vec<Value>> =
        std::sync::LazyLock::new(|| Kind::ALL.iter().map(|k| document_schema(*k)).collect());
    &SCHEMAS[kind.index()]
}

/// The schema every rule pack must match.
#[must_use]
pub fn rule_pack_schema() -> Value {
    generate::<Pack>("rule-pack")
}

/// The schema of one report (one entry of the CLI's JSON `documents`).
#[must_use]
pub fn report_schema() -> Value {
    generate::<Report>("report")
}

/// Every schema by file stem: the four kinds, `rule-pack` and `report`.
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

fn compile(schema: &Value) -> Validator {
    match jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
    {
        Ok(validator) => validator,
        // INVARIANT: the schemas are generated from our own types and compiled in
        // the test suite (`every_schema_compiles`), so this cannot fail in a release.
        #[allow(clippy::panic)]
        Err(error) => panic!("generated schema does not compile: {error}"),
    }
}

static DOCUMENT_VALIDATORS: LazyLock<Vec<Validator>> = LazyLock::new(|| {
    Kind::ALL
        .iter()
        .map(|kind| compile(&document_schema(*kind)))
        .collect()
});

static RULE_PACK_VALIDATOR: LazyLock<Validator> = LazyLock::new(|| compile(&rule_pack_schema()));

/// The compiled validator of one kind, built once per process.
pub(crate) fn document_validator(kind: Kind) -> &'static Validator {
    &DOCUMENT_VALIDATORS[kind.index()]
}

/// The compiled rule-pack validator, built once per process.
pub(crate) fn rule_pack_validator() -> &'static Validator {
    &RULE_PACK_VALIDATOR
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
            let _ = document_validator(kind);
        }
        let _ = rule_pack_validator();
    }
}
