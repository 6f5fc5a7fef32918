//! The options objects of `new Engine(...)`, `check(...)`, `checkMany(...)`,
//! `reconcile(...)` and `scoreSurvey(...)`, read strictly: an unknown key or a
//! wrong type is an `E_OPTIONS` error, so a typo such as `includepassed` never
//! passes silently. Check options are core's `CheckOptions`, deserialised by
//! core (`CheckOptions::from_json`) from the nested shape Python takes too;
//! the flat camelCase keys of 0.1 are moved into it first.

use cte_rules_core::ffi::PackSource;
use cte_rules_core::survey::Lang;
use cte_rules_core::{CheckOptions, ErrorCode};
use napi::bindgen_prelude::{JsObjectValue, JsValue, Object, Unknown};
use napi::{Env, ValueType};
use serde_json::{Map, Value};

use crate::convert::{self, type_name};
use crate::error::{usage, Outcome};

/// `new Engine({ packs, builtin })`.
pub(crate) struct EngineOptions {
    pub packs: Vec<PackSource>,
    pub builtin: bool,
}

/// `check(doc, { source, include_passed, today, limits: { max_bytes, max_depth } })`,
/// `checkMany(docs, { ..., threads })` (no `source` there: batch entries are
/// named `<input>:N`) and `reconcile(self, evidence, { today })`: core's
/// `CheckOptions`, read by core from the same nested shape as Python's, plus
/// the keys of the call itself.
pub(crate) struct CallOptions {
    pub check: CheckOptions,
    pub source: Option<String>,
    pub threads: Option<usize>,
}

/// Which call the options belong to: each accepts its own keys.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Call {
    Check,
    CheckMany,
    Reconcile,
}

const ENGINE_KEYS: &[&str] = &["packs", "builtin"];
const SURVEY_KEYS: &[&str] = &["lang"];

/// The flat camelCase spellings of 0.1 (`{ includePassed, maxBytes,
/// maxDepth }`), still read, and where each now lives in `CheckOptions`.
const OLD_SPELLINGS: [(&str, &[&str]); 3] = [
    ("includePassed", &["include_passed"]),
    ("maxBytes", &["limits", "max_bytes"]),
    ("maxDepth", &["limits", "max_depth"]),
];

/// The keys of an options object, all of them in `known`; `None` for
/// `undefined`/`null` (no options).
fn entries<'env>(
    value: Option<&Unknown<'env>>,
    what: &str,
    known: &[&str],
) -> Outcome<Option<(Object<'env>, Vec<String>)>> {
    let Some(value) = value else { return Ok(None) };
    match value.get_type()? {
        ValueType::Undefined | ValueType::Null => Ok(None),
        ValueType::Object if !value.is_array()? && !value.is_buffer()? => {
            let object = value.coerce_to_object()?;
            let keys = Object::keys(&object)?;
            if let Some(key) = keys.iter().find(|key| !known.contains(&key.as_str())) {
                return Err(unknown_key(key, known));
            }
            Ok(Some((object, keys)))
        }
        _ => Err(usage(
            ErrorCode::Usage,
            format!("{what} must be an object, got {}", type_name(value)?),
        )),
    }
}

fn field<'env>(object: &Object<'env>, key: &str) -> Outcome<Option<Unknown<'env>>> {
    let value: Unknown<'env> = object.get_named_property(key)?;
    Ok(match value.get_type()? {
        ValueType::Undefined => None,
        _ => Some(value),
    })
}

fn wrong_type(key: &str, expected: &str, value: &Unknown<'_>) -> Outcome<crate::error::Failure> {
    Ok(usage(
        ErrorCode::Options,
        format!("`{key}` must be {expected}, got {}", type_name(value)?),
    ))
}

fn boolean(key: &str, value: &Unknown<'_>) -> Outcome<bool> {
    if value.get_type()? == ValueType::Boolean {
        Ok(value.coerce_to_bool()?)
    } else {
        Err(wrong_type(key, "a boolean", value)?)
    }
}

pub(crate) fn engine(env: &Env, value: Option<&Unknown<'_>>) -> Outcome<EngineOptions> {
    let mut options = EngineOptions {
        packs: Vec::new(),
        builtin: true,
    };
    let Some((object, keys)) = entries(value, "Engine options", ENGINE_KEYS)? else {
        return Ok(options);
    };
    for key in keys {
        let Some(value) = field(&object, &key)? else {
            continue;
        };
        match key.as_str() {
            "builtin" => options.builtin = boolean(&key, &value)?,
            "packs" => {
                if !(value.get_type()? == ValueType::Object && value.is_array()?) {
                    return Err(wrong_type("packs", "an array", &value)?);
                }
                let array = value.coerce_to_object()?;
                for index in 0..array.get_array_length()? {
                    let item: Unknown<'_> = array.get_element(index)?;
                    options
                        .packs
                        .push(convert::pack(env, &item, index as usize)?);
                }
            }
            _ => return Err(unknown_key(&key, ENGINE_KEYS)),
        }
    }
    Ok(options)
}

pub(crate) fn call(env: &Env, value: Option<&Unknown<'_>>, call: Call) -> Outcome<CallOptions> {
    let mut options = CallOptions {
        check: CheckOptions::default(),
        source: None,
        threads: None,
    };
    let Some(value) = value else {
        return Ok(options);
    };
    match value.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok(options),
        ValueType::Object if !value.is_array()? && !value.is_buffer()? => {}
        _ => {
            return Err(usage(
                ErrorCode::Usage,
                format!("options must be an object, got {}", type_name(value)?),
            ))
        }
    }
    let Value::Object(mut fields) = convert::to_json(env, value, OPTIONS_MAX_DEPTH)? else {
        return Ok(options);
    };
    if call == Call::Check {
        if let Some(source) = fields.remove("source") {
            let Value::String(source) = source else {
                return Err(json_type("source", "a string", &source));
            };
            options.source = Some(source);
        }
    }
    if call == Call::CheckMany {
        if let Some(threads) = fields.remove("threads") {
            options.threads = Some(whole("threads", &threads)?);
        }
    }
    if call == Call::Reconcile {
        if let Some(key) = fields.keys().find(|key| key.as_str() != "today") {
            return Err(unknown_key(key, &["today"]));
        }
    }
    for (old, place) in OLD_SPELLINGS {
        let Some(given) = fields.remove(old) else {
            continue;
        };
        // Judged in the old spelling's own words, as before.
        if let [_, limit] = place {
            whole(old, &given)?;
            let limits = fields
                .entry("limits")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(limits) = limits {
                if limits.insert((*limit).to_owned(), given).is_some() {
                    return Err(both(old, place));
                }
            }
        } else {
            if !given.is_boolean() {
                return Err(json_type(old, "a boolean", &given));
            }
            if fields.insert(place.join("."), given).is_some() {
                return Err(both(old, place));
            }
        }
    }
    options.check = CheckOptions::from_json(Value::Object(fields))?;
    Ok(options)
}

/// Options are shallow; a deeper object is a mistake, not a document.
const OPTIONS_MAX_DEPTH: usize = 8;

fn json_type(key: &str, expected: &str, value: &Value) -> crate::error::Failure {
    let found = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    usage(
        ErrorCode::Options,
        format!("`{key}` must be {expected}, got {found}"),
    )
}

/// A whole number of at least 1, below 2^53 (every such JS number is exact).
fn whole(key: &str, value: &Value) -> Outcome<usize> {
    let Value::Number(number) = value else {
        return Err(json_type(key, "a number", value));
    };
    match number.as_u64().and_then(|n| usize::try_from(n).ok()) {
        Some(n) if n >= 1 => Ok(n),
        _ => Err(usage(
            ErrorCode::Options,
            format!("`{key}` must be a whole number of at least 1, got {number}"),
        )),
    }
}

fn both(old: &str, place: &[&str]) -> crate::error::Failure {
    usage(
        ErrorCode::Options,
        format!(
            "give `{}` or `{old}` (its old spelling), not both",
            place.join(".")
        ),
    )
}

/// `scoreSurvey(doc, { lang })`: `None` when `lang` is not given (the survey's
/// own language then applies).
pub(crate) fn survey(value: Option<&Unknown<'_>>) -> Outcome<Option<Lang>> {
    let Some((object, keys)) = entries(value, "options", SURVEY_KEYS)? else {
        return Ok(None);
    };
    let mut lang = None;
    for key in keys {
        let Some(value) = field(&object, &key)? else {
            continue;
        };
        match key.as_str() {
            "lang" => {
                if value.get_type()? != ValueType::String {
                    return Err(wrong_type(&key, "`'en'` or `'es'`", &value)?);
                }
                lang = Some(convert::string(&value)?.parse::<Lang>()?);
            }
            _ => return Err(unknown_key(&key, SURVEY_KEYS)),
        }
    }
    Ok(lang)
}

fn unknown_key(key: &str, known: &[&str]) -> crate::error::Failure {
    let known: Vec<String> = known.iter().map(|name| format!("`{name}`")).collect();
    usage(
        ErrorCode::Options,
        format!(
            "unknown option `{key}`; expected one of {}",
            known.join(", ")
        ),
    )
}
