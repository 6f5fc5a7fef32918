//! JS values to the core's inputs, and the core's outputs back to plain JS objects.
//!
//! Objects are walked here rather than with napi's serde bridge so that a cyclic
//! or absurdly deep object is an `E_INPUT` error instead of a stack overflow that
//! would take the whole Node process down.

use cte_rules_core::ffi::{guard, DocumentInput, PackSource};
use cte_rules_core::{Error as CoreError, ErrorCode, Limits};
use napi::bindgen_prelude::{
    BufferSlice, Either, Function, JsObjectValue, JsValue, KeyCollectionMode, KeyConversion,
    KeyFilter, Object, Unknown,
};
use napi::{Env, JsString, ValueType};
use serde::Serialize;
use serde_json::{Map, Number, Value};

use crate::error::{usage, Failure, Outcome};

/// Nesting allowed in a pack given as an object; packs are shallow.
pub(crate) const PACK_MAX_DEPTH: usize = 64;

/// The JS type name used in error messages, as `typeof` would say it (plus `null`).
pub(crate) fn type_name(value: &Unknown<'_>) -> napi::Result<&'static str> {
    Ok(match value.get_type()? {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "boolean",
        ValueType::Number => "number",
        ValueType::String => "string",
        ValueType::Symbol => "symbol",
        ValueType::Function => "function",
        ValueType::BigInt => "bigint",
        ValueType::Object if value.is_array()? => "array",
        ValueType::Object if value.is_buffer()? => "Buffer",
        _ => "object",
    })
}

pub(crate) fn string(value: &Unknown<'_>) -> napi::Result<String> {
    value.coerce_to_string()?.into_utf8()?.into_owned()
}

/// A document or batch argument: napi tells a Buffer (any `Uint8Array`) apart
/// from every other value before the call reaches us.
pub(crate) type Arg<'env> = Either<BufferSlice<'env>, Unknown<'env>>;

/// A JS value as JSON, the way `JSON.stringify` sees it: own enumerable string
/// keys, `undefined`/functions/symbols dropped from objects and `null` in arrays.
/// Anything JSON cannot hold (a cycle, BigInt, NaN, a Buffer or Date inside a
/// document, nesting past `max_depth`) is an `E_INPUT` error whose `path` is the
/// JSON pointer of the offending value.
pub(crate) fn to_json(env: &Env, value: &Unknown<'_>, max_depth: usize) -> Outcome<Value> {
    let mut walker = Walker {
        env,
        max_depth,
        ancestors: Vec::new(),
        pointer: Vec::new(),
    };
    match walker.walk(value) {
        Ok(Some(json)) => Ok(json),
        Ok(None) => Err(walker.rejected("is not a JSON value")),
        Err(Walk::Js(error)) => Err(Failure::Js(error)),
        Err(Walk::Rejected(message)) => Err(walker.rejected(&message)),
    }
}

enum Walk {
    Js(napi::Error),
    Rejected(String),
}

impl From<napi::Error> for Walk {
    fn from(error: napi::Error) -> Self {
        Walk::Js(error)
    }
}

struct Walker<'a, 'env> {
    env: &'a Env,
    max_depth: usize,
    /// The objects being walked, outermost first: a cycle comes back to one.
    ancestors: Vec<Object<'env>>,
    /// Where the walk is; left at the offending value on error.
    pointer: Vec<String>,
}

impl<'env> Walker<'_, 'env> {
    fn rejected(&self, message: &str) -> Failure {
        let path: String = self
            .pointer
            .iter()
            .map(|segment| format!("/{}", segment.replace('~', "~0").replace('/', "~1")))
            .collect();
        let error = CoreError::new(ErrorCode::Input, format!("value {message}"));
        Failure::Core(if path.is_empty() {
            error
        } else {
            error.with_path(path)
        })
    }

    /// `Ok(None)` means "leave out": `undefined`, a function or a symbol.
    fn walk(&mut self, value: &Unknown<'env>) -> Result<Option<Value>, Walk> {
        Ok(Some(match value.get_type()? {
            ValueType::Undefined | ValueType::Function | ValueType::Symbol => return Ok(None),
            ValueType::Null => Value::Null,
            ValueType::Boolean => Value::Bool(value.coerce_to_bool()?),
            ValueType::Number => number(value.coerce_to_number()?.get_double()?)?,
            ValueType::String => Value::String(string(value)?),
            ValueType::Object => {
                if value.is_buffer()? || value.is_typedarray()? || value.is_arraybuffer()? {
                    return Err(rejected("is binary data, not a JSON value"));
                }
                if value.is_date()? {
                    return Err(rejected("is a Date; pass it as an ISO 8601 string"));
                }
                let object = value.coerce_to_object()?;
                for ancestor in &self.ancestors {
                    if self.env.strict_equals(*ancestor, object)? {
                        return Err(rejected("refers to itself (a cycle)"));
                    }
                }
                if self.ancestors.len() >= self.max_depth {
                    return Err(Walk::Rejected(format!(
                        "nests deeper than {} levels",
                        self.max_depth
                    )));
                }
                self.ancestors.push(object);
                let json = if value.is_array()? {
                    self.array(&object)?
                } else {
                    self.object(&object)?
                };
                self.ancestors.pop();
                json
            }
            ValueType::BigInt => return Err(rejected("is a BigInt, not a JSON number")),
            _ => return Err(rejected("is not a JSON value")),
        }))
    }

    fn array(&mut self, array: &Object<'env>) -> Result<Value, Walk> {
        let length = array.get_array_length()?;
        let mut items = Vec::with_capacity(length as usize);
        for index in 0..length {
            let item: Unknown<'env> = array.get_element(index)?;
            self.pointer.push(index.to_string());
            items.push(self.walk(&item)?.unwrap_or(Value::Null));
            self.pointer.pop();
        }
        Ok(Value::Array(items))
    }

    fn object(&mut self, object: &Object<'env>) -> Result<Value, Walk> {
        let keys = object.get_all_property_names(
            KeyCollectionMode::OwnOnly,
            KeyFilter::Enumerable,
            KeyConversion::NumbersToStrings,
        )?;
        let mut map = Map::new();
        for index in 0..keys.get_array_length()? {
            let key: Unknown<'env> = keys.get_element(index)?;
            if key.get_type()? != ValueType::String {
                continue; // symbol keys are invisible to JSON
            }
            let item: Unknown<'env> = object.get_property(key)?;
            self.pointer.push(string(&key)?);
            let converted = self.walk(&item)?;
            let name = self.pointer.pop().unwrap_or_default();
            if let Some(converted) = converted {
                map.insert(name, converted);
            }
        }
        Ok(Value::Object(map))
    }
}

fn rejected(message: &str) -> Walk {
    Walk::Rejected(message.to_owned())
}

fn number(number: f64) -> Result<Value, Walk> {
    // Whole numbers stay integers, as they would after JSON.stringify + parse.
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if number.fract() == 0.0 && number.abs() < EXACT {
        #[allow(clippy::cast_possible_truncation)]
        return Ok(Value::from(number as i64));
    }
    Number::from_f64(number)
        .map(Value::Number)
        .ok_or_else(|| Walk::Rejected(format!("is {number}, not a JSON number")))
}

/// A document as `check` takes it: an object, JSON/YAML text, or a Buffer of either.
pub(crate) fn document(env: &Env, value: &Arg<'_>, max_depth: usize) -> Outcome<DocumentInput> {
    let value = match value {
        Either::A(bytes) => return Ok(DocumentInput::Bytes(bytes.to_vec())),
        Either::B(value) => value,
    };
    match value.get_type()? {
        ValueType::String => Ok(DocumentInput::Text(string(value)?)),
        ValueType::Object => Ok(DocumentInput::Value(to_json(env, value, max_depth)?)),
        _ => Err(usage(
            ErrorCode::Input,
            format!(
                "expected a document (an object, a JSON/YAML string or a Buffer), got {}",
                type_name(value)?
            ),
        )),
    }
}

/// A whole document as a value, for the calls that need a valid document rather
/// than a report (`scoreSurvey`, `reconcile`): the same inputs as `check`, read
/// with the default limits. Malformed text is an `E_INPUT` error with its
/// `line`/`column`; `origin`, when given, names the argument in the error.
pub(crate) fn parsed_document(env: &Env, value: &Arg<'_>, origin: Option<&str>) -> Outcome<Value> {
    let limits = Limits::default();
    let named = |error: CoreError| match origin {
        Some(origin) => error.with_origin(origin),
        None => error,
    };
    let input = document(env, value, limits.max_depth).map_err(|failure| match failure {
        Failure::Core(error) => Failure::Core(named(error)),
        other => other,
    })?;
    Ok(guard(|| input.parse(&limits)).map_err(named)?)
}

/// A rule pack: a path or inline YAML/JSON text (told apart by the core's rule),
/// or an object.
pub(crate) fn pack(env: &Env, value: &Unknown<'_>, index: usize) -> Outcome<PackSource> {
    match value.get_type()? {
        ValueType::String => Ok(PackSource::from_string(string(value)?)),
        ValueType::Object if !value.is_array()? && !value.is_buffer()? => {
            Ok(PackSource::Value(to_json(env, value, PACK_MAX_DEPTH)?))
        }
        _ => Err(usage(
            ErrorCode::Options,
            format!(
                "`packs[{index}]` must be a path, YAML/JSON text or an object, got {}",
                type_name(value)?
            ),
        )),
    }
}

/// Core output (a report, a batch, the rules) as JSON text. Serialising is the
/// slow half of handing results to JS, so batches do it on the worker thread.
pub(crate) fn to_json_text<T: Serialize>(value: &T) -> cte_rules_core::Result<String> {
    serde_json::to_string(value).map_err(|error| {
        CoreError::new(
            ErrorCode::Internal,
            format!("cannot serialise the result: {error}"),
        )
    })
}

/// JSON text from [`to_json_text`] as plain JS objects, through V8's own
/// `JSON.parse`: one call, where building objects key by key through napi
/// would cost several calls per field (5x slower on a 100k-report batch).
pub(crate) fn parse_json<'env>(env: &'env Env, text: &str) -> Outcome<Unknown<'env>> {
    let json: Object<'_> = env.get_global()?.get_named_property("JSON")?;
    let parse: Function<'_, JsString<'_>, Unknown<'env>> = json.get_named_property("parse")?;
    Ok(parse.apply(json, env.create_string(text)?)?)
}

/// Any serialisable core output as a plain JS value.
pub(crate) fn to_js<'env, T: Serialize>(env: &'env Env, value: &T) -> Outcome<Unknown<'env>> {
    parse_json(env, &to_json_text(value)?)
}
