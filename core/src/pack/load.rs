//! Reading a pack: text to value, value against the pack schema, value to [`Pack`].

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::Pack;
use crate::document::{self, Limits};
use crate::error::{Error, ErrorCode, Result};

impl Pack {
    /// Reads a pack from YAML or JSON text. `origin` names it in errors.
    pub fn from_text(text: &str, origin: &str) -> Result<Pack> {
        let format = document::Format::from_path(origin);
        let value = document::parse_str(text, format, &Limits::default()).map_err(|failure| {
            let error = Error::new(ErrorCode::PackParse, failure.message).with_origin(origin);
            match (failure.line, failure.column) {
                (Some(line), Some(column)) => error.with_position(line, column),
                _ => error,
            }
        })?;
        Pack::from_value(&value, origin)
    }

    /// Reads a pack file.
    pub fn from_path(path: &Path) -> Result<Pack> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| {
            Error::new(ErrorCode::Io, format!("cannot read rule pack: {error}"))
                .with_origin(&origin)
        })?;
        Pack::from_text(&text, &origin)
    }

    /// Reads a pack already parsed into a JSON value (e.g. a Python dict).
    pub fn from_value(value: &Value, origin: &str) -> Result<Pack> {
        if let Some(error) = super::rule_pack_validator().iter_errors(value).next() {
            let pointer = error.instance_path().to_string();
            let mut failure = Error::new(ErrorCode::PackSchema, error.to_string())
                .with_origin(origin)
                .with_path(&pointer);
            if let Some(id) = rule_id_at(value, &pointer) {
                failure = failure.with_rule(id);
            }
            return Err(failure);
        }
        let mut pack = Pack::deserialize(value).map_err(|error| {
            Error::new(ErrorCode::PackSchema, error.to_string()).with_origin(origin)
        })?;
        pack.origin = Some(origin.to_owned());
        Ok(pack)
    }
}

/// The id of the rule a pointer such as `/rules/3/check` falls in, if it has one.
pub(crate) fn rule_id_at<'v>(pack: &'v Value, pointer: &str) -> Option<&'v str> {
    let mut segments = pointer.split('/').skip(1);
    if segments.next()? != "rules" {
        return None;
    }
    let index: usize = segments.next()?.parse().ok()?;
    pack.get("rules")?.get(index)?.get("id")?.as_str()
}
