//! JSON Schemas of the document kinds, generated from their Rust types, and
//! the validators compiled from them (once per process). The rule-pack and
//! report schemas use the same generator; the crate's `schemas` module lists them all.

use std::sync::LazyLock;

use jsonschema::Validator;
use schemars::{generate::SchemaSettings, JsonSchema};
use serde_json::Value;

use super::types;
use crate::kind::Kind;

const BASE_ID: &str = "https://cte-rules.dev/schemas/";

/// The draft 2020-12 schema of `T`, with the `$id` of `<name>.schema.json`.
pub(crate) fn generate<T: JsonSchema>(name: &str) -> Value {
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

/// A generated schema compiled as every validator of the engine is: formats
/// validated (`date`).
pub(crate) fn compile(schema: &Value) -> Validator {
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

/// The compiled validator of one kind, built once per process.
pub(crate) fn document_validator(kind: Kind) -> &'static Validator {
    &DOCUMENT_VALIDATORS[kind.index()]
}
