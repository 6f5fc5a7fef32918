//! Reading a pack: text to value, value against the pack schema, value to [`Pack`].
//!
//! Every schema error of a pack is reported at once (up to
//! [`MAX_ERRORS`](crate::error::MAX_ERRORS)), each with its pointer, rule id,
//! and, for packs read from text, its line and column.

use std::path::Path;
use std::sync::Arc;

use jsonschema::error::ValidationErrorKind;
use serde::Deserialize;
use serde_json::Value;

use super::Pack;
use crate::document::{self, Limits};
use crate::error::{Error, ErrorCode, Result};
use crate::schema_walk::Schema;
use crate::suggest::did_you_mean;

/// A pack as far as it could be read, and every error found on the way:
/// rules that break the schema are left out (and reported) so that the rest
/// can still be compiled and their errors reported in the same run.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// `None` when nothing usable could be read (bad YAML, not an object).
    pub pack: Option<Pack>,
    pub errors: Vec<Error>,
}

impl Loaded {
    /// The pack, or all its errors as one.
    pub fn into_result(self) -> Result<Pack> {
        match (Error::from_many(self.errors), self.pack) {
            (Some(error), _) => Err(error),
            (None, Some(pack)) => Ok(pack),
            (None, None) => Err(Error::new(
                ErrorCode::Internal,
                "pack read without a result",
            )),
        }
    }
}

impl Pack {
    /// Reads a pack from YAML or JSON text. `origin` names it in errors.
    pub fn from_text(text: &str, origin: &str) -> Result<Pack> {
        Pack::read_text(text, origin).into_result()
    }

    /// Reads a pack file.
    pub fn from_path(path: &Path) -> Result<Pack> {
        Pack::read_path(path).into_result()
    }

    /// Reads a pack already parsed into a JSON value (e.g. a Python dict).
    pub fn from_value(value: &Value, origin: &str) -> Result<Pack> {
        Pack::read_value(value, origin).into_result()
    }

    /// [`Pack::from_path`], keeping what can be read beside the errors.
    pub fn read_path(path: &Path) -> Loaded {
        let origin = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Pack::read_text(&text, &origin),
            Err(error) => Loaded {
                pack: None,
                errors: vec![
                    Error::new(ErrorCode::Io, format!("cannot read rule pack: {error}"))
                        .with_origin(&origin),
                ],
            },
        }
    }

    /// [`Pack::from_text`], keeping what can be read beside the errors,
    /// which are placed (line, column) in `text`.
    pub fn read_text(text: &str, origin: &str) -> Loaded {
        let format = document::Format::from_path(origin);
        let value = match document::parse_str(text, format, &Limits::default()) {
            Ok(value) => value,
            Err(failure) => {
                let error = Error::new(ErrorCode::PackParse, failure.message).with_origin(origin);
                let error = match (failure.line, failure.column) {
                    (Some(line), Some(column)) => error.with_position(line, column),
                    _ => error,
                };
                return Loaded {
                    pack: None,
                    errors: vec![error],
                };
            }
        };
        let mut loaded = Pack::read_value(&value, origin);
        if let Some(error) = Error::from_many(std::mem::take(&mut loaded.errors)) {
            loaded.errors = error.placed_in(origin, text).into_errors();
        }
        if let Some(pack) = &mut loaded.pack {
            pack.text = Some(Arc::from(text));
        }
        loaded
    }

    /// [`Pack::from_value`], keeping what can be read beside the errors.
    pub fn read_value(value: &Value, origin: &str) -> Loaded {
        let schema_root = super::rule_pack_schema();
        let schema = Schema::new(&schema_root);
        let errors: Vec<Error> = super::rule_pack_validator()
            .iter_errors(value)
            .flat_map(|error| {
                let pointer = error.instance_path().to_string();
                explain(&schema, value, &pointer, error.kind(), &error.to_string())
            })
            .map(|(pointer, message)| {
                let mut failure = Error::new(ErrorCode::PackSchema, message)
                    .with_origin(origin)
                    .with_path(&pointer);
                if let Some(id) = rule_id_at(value, &pointer) {
                    failure = failure.with_rule(id);
                }
                failure
            })
            .collect();
        let (pruned, left_out) = without_faulty_entries(value, &errors);
        match Pack::deserialize(&pruned) {
            Ok(mut pack) => {
                pack.origin = Some(origin.to_owned());
                pack.left_out = left_out;
                Loaded {
                    pack: Some(pack),
                    errors,
                }
            }
            Err(error) if errors.is_empty() => Loaded {
                pack: None,
                errors: vec![
                    Error::new(ErrorCode::PackSchema, error.to_string()).with_origin(origin)
                ],
            },
            Err(_) => Loaded { pack: None, errors },
        }
    }
}

/// The pack without the rules and overrides that have schema errors, and
/// the ids of the rules so dropped.
fn without_faulty_entries(value: &Value, errors: &[Error]) -> (Value, super::LeftOut) {
    let mut pruned = value.clone();
    let mut left_out = super::LeftOut::default();
    for list in ["rules", "overrides"] {
        let faulty: std::collections::BTreeSet<usize> = errors
            .iter()
            .filter_map(Error::path)
            .filter_map(|pointer| {
                let mut segments = pointer.split('/').skip(1);
                (segments.next()? == list).then_some(())?;
                segments.next()?.parse().ok()
            })
            .collect();
        if let Some(Value::Array(items)) = pruned.get_mut(list) {
            for index in faulty.iter().rev() {
                if *index < items.len() {
                    let item = items.remove(*index);
                    if let Some(id) = item.get("id").and_then(Value::as_str) {
                        left_out.ids.push(id.to_owned());
                    }
                }
            }
            let kept: Vec<usize> = faulty.into_iter().collect();
            if list == "rules" {
                left_out.rules = kept;
            } else {
                left_out.overrides = kept;
            }
        }
    }
    (pruned, left_out)
}

/// A schema error in a pack author's words: an unknown field by name with the
/// nearest real one, a value outside a fixed list with the list. Other errors
/// keep the validator's message. One validator error may give several (one
/// per unexpected field).
fn explain(
    schema: &Schema<'_>,
    pack: &Value,
    pointer: &str,
    kind: &ValidationErrorKind,
    fallback: &str,
) -> Vec<(String, String)> {
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let fields = schema
                .at_pointer(pointer)
                .map(|nodes| property_names(schema, &nodes))
                .unwrap_or_default();
            unexpected
                .iter()
                .map(|name| {
                    let token = name.replace('~', "~0").replace('/', "~1");
                    let suggestion = did_you_mean(name, fields.iter().copied());
                    let known = if suggestion.is_empty() && !fields.is_empty() {
                        format!("; fields here are {}", fields.join(", "))
                    } else {
                        suggestion
                    };
                    (
                        format!("{pointer}/{token}"),
                        format!("unknown field `{name}`{known}"),
                    )
                })
                .collect()
        }
        ValidationErrorKind::OneOfNotValid { .. }
        | ValidationErrorKind::AnyOf { .. }
        | ValidationErrorKind::Enum { .. } => {
            let choices = schema
                .at_pointer(pointer)
                .map(|nodes| constants(schema, &nodes))
                .unwrap_or_default();
            let given = pack.pointer(pointer).and_then(Value::as_str);
            match given {
                Some(given) if !choices.is_empty() => {
                    let what = pointer.rsplit('/').next().unwrap_or("value");
                    vec![(
                        pointer.to_owned(),
                        format!(
                            "unknown {what} `{given}`; {what} is one of {}{}",
                            choices.join(", "),
                            did_you_mean(given, choices.iter().copied())
                        ),
                    )]
                }
                _ => vec![(pointer.to_owned(), fallback.to_owned())],
            }
        }
        _ => vec![(pointer.to_owned(), fallback.to_owned())],
    }
}

/// The property names of the object schemas `nodes`, in schema order.
fn property_names<'s>(schema: &Schema<'s>, nodes: &[&'s Value]) -> Vec<&'s str> {
    nodes
        .iter()
        .flat_map(|node| schema.branches(node))
        .filter_map(|node| node.get("properties").and_then(Value::as_object))
        .flat_map(|map| map.keys().map(String::as_str))
        .collect()
}

/// The fixed values (`const`, `enum`) the schemas `nodes` allow.
fn constants<'s>(schema: &Schema<'s>, nodes: &[&'s Value]) -> Vec<&'s str> {
    let mut out = Vec::new();
    for node in nodes.iter().flat_map(|node| schema.branches(node)) {
        if let Some(constant) = node.get("const").and_then(Value::as_str) {
            out.push(constant);
        }
        if let Some(list) = node.get("enum").and_then(Value::as_array) {
            out.extend(list.iter().filter_map(Value::as_str));
        }
    }
    out
}

/// The id of the rule a pointer such as `/rules/3/check` falls in, if it has one.
pub(crate) fn rule_id_at<'v>(pack: &'v Value, pointer: &str) -> Option<&'v str> {
    let mut segments = pointer.split('/').skip(1);
    let list = segments.next()?;
    let index: usize = segments.next()?.parse().ok()?;
    let entry = pack.get(list)?.get(index)?;
    match list {
        "rules" => entry.get("id")?.as_str(),
        "overrides" => entry.get("rule")?.as_str(),
        _ => None,
    }
}
