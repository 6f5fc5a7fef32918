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
///
/// The walk keeps its own stack rather than recursing, so nesting as deep as
/// `limits.max_depth` allows (at most [`cte_rules_core::document::MAX_DEPTH_CAP`])
/// cannot exhaust the thread's, and it is linear in depth: an object is compared
/// with its ancestors only in the first [`CHECKED_LEVELS`] levels, where every
/// cycle a real object has shows up; a deeper cycle is told from deep nesting
/// once, when the walk reaches `max_depth`.
pub(crate) fn to_json(env: &Env, value: &Unknown<'_>, max_depth: usize) -> Outcome<Value> {
    let mut walker = Walker {
        env,
        max_depth,
        stack: Vec::new(),
    };
    let result = walker.run(value);
    walker.release();
    match result {
        Ok(json) => Ok(json),
        Err(Walk::Js(error)) => Err(Failure::Js(error)),
        Err(Walk::Rejected(pointer, message)) => Err(rejected_at(&pointer, &message)),
    }
}

/// Levels in which an object is compared with each of its ancestors.
const CHECKED_LEVELS: usize = 32;

enum Walk {
    Js(napi::Error),
    /// The JSON pointer of the offending value, and what is wrong with it.
    Rejected(String, String),
}

impl From<napi::Error> for Walk {
    fn from(error: napi::Error) -> Self {
        Walk::Js(error)
    }
}

fn rejected_at(pointer: &str, message: &str) -> Failure {
    let error = CoreError::new(ErrorCode::Input, format!("value {message}"));
    Failure::Core(if pointer.is_empty() {
        error
    } else {
        error.with_path(pointer)
    })
}

/// What a value turned out to be.
enum Step<'env> {
    Value(Value),
    /// `undefined`, a function or a symbol: left out of objects, `null` in arrays.
    Skip,
    Enter(Frame<'env>),
}

/// An object or array being walked.
struct Frame<'env> {
    object: Object<'env>,
    items: Items<'env>,
}

enum Items<'env> {
    Array {
        length: u32,
        values: Vec<Value>,
    },
    Object {
        /// Its own enumerable keys, a JS array.
        keys: Object<'env>,
        count: u32,
        next: u32,
        map: Map<String, Value>,
        /// The key of the member being walked.
        key: Option<String>,
    },
}

struct Walker<'a, 'env> {
    env: &'a Env,
    max_depth: usize,
    /// The objects being walked, outermost first.
    stack: Vec<Frame<'env>>,
}

impl<'env> Walker<'_, 'env> {
    fn run(&mut self, root: &Unknown<'env>) -> Result<Value, Walk> {
        let mut next = *root;
        loop {
            // `Some`: an item is done (`Some(None)`: left out); `None`: a
            // container was entered and has nothing to hand up yet.
            let mut done = match self.step(&next)? {
                Step::Value(value) => Some(Some(value)),
                Step::Skip if self.stack.is_empty() => {
                    return Err(self.rejected("is not a JSON value"));
                }
                Step::Skip => Some(None),
                Step::Enter(frame) => {
                    self.enter(frame)?;
                    None
                }
            };
            // Hand finished values up until a container has another item.
            loop {
                let Some(top) = self.stack.last_mut() else {
                    return Ok(done.flatten().unwrap_or(Value::Null));
                };
                if let Some(value) = done.take() {
                    top.accept(value);
                }
                if let Some(item) = top.next_item()? {
                    next = item;
                    break;
                }
                if let Some(frame) = self.stack.pop() {
                    done = Some(Some(frame.finish()));
                }
            }
        }
    }

    /// A scalar as JSON, or an object or array to walk.
    fn step(&self, value: &Unknown<'env>) -> Result<Step<'env>, Walk> {
        Ok(Step::Value(match value.get_type()? {
            ValueType::Undefined | ValueType::Function | ValueType::Symbol => {
                return Ok(Step::Skip)
            }
            ValueType::Null => Value::Null,
            ValueType::Boolean => Value::Bool(value.coerce_to_bool()?),
            ValueType::Number => match number(value.coerce_to_number()?.get_double()?) {
                Ok(number) => number,
                Err(message) => return Err(self.rejected(&message)),
            },
            ValueType::String => Value::String(string(value)?),
            ValueType::Object => {
                if value.is_buffer()? || value.is_typedarray()? || value.is_arraybuffer()? {
                    return Err(self.rejected("is binary data, not a JSON value"));
                }
                if value.is_date()? {
                    return Err(self.rejected("is a Date; pass it as an ISO 8601 string"));
                }
                let object = value.coerce_to_object()?;
                let items = if value.is_array()? {
                    let length = object.get_array_length()?;
                    Items::Array {
                        length,
                        values: Vec::with_capacity(length as usize),
                    }
                } else {
                    let keys = object.get_all_property_names(
                        KeyCollectionMode::OwnOnly,
                        KeyFilter::Enumerable,
                        KeyConversion::NumbersToStrings,
                    )?;
                    Items::Object {
                        count: keys.get_array_length()?,
                        keys,
                        next: 0,
                        map: Map::new(),
                        key: None,
                    }
                };
                return Ok(Step::Enter(Frame { object, items }));
            }
            ValueType::BigInt => return Err(self.rejected("is a BigInt, not a JSON number")),
            _ => return Err(self.rejected("is not a JSON value")),
        }))
    }

    /// Pushes an object or array, unless it is one of its ancestors or one
    /// level too deep.
    fn enter(&mut self, frame: Frame<'env>) -> Result<(), Walk> {
        let depth = self.stack.len();
        if depth < CHECKED_LEVELS {
            for ancestor in &self.stack {
                if self.env.strict_equals(ancestor.object, frame.object)? {
                    return Err(self.rejected("refers to itself (a cycle)"));
                }
            }
        }
        if depth >= self.max_depth {
            if let Some(at) = self.first_repeat(frame.object)? {
                let pointer = pointer(&self.stack[..at]);
                return Err(Walk::Rejected(
                    pointer,
                    "refers to itself (a cycle)".to_owned(),
                ));
            }
            return Err(self.rejected(&format!("nests deeper than {} levels", self.max_depth)));
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Where the path to `object` (one level below the stack) first comes
    /// back to an object already on it, if it does: in linear time. A walk
    /// from an object is the same wherever the object is met, so the path
    /// repeats with the period of `object`'s nearest equal ancestor, and the
    /// first repeat is the first level that equals the one a period above.
    fn first_repeat(&self, object: Object<'env>) -> Result<Option<usize>, Walk> {
        let at = |level: usize| self.stack.get(level).map_or(object, |frame| frame.object);
        let depth = self.stack.len();
        let mut period = None;
        for level in (0..depth).rev() {
            if self.env.strict_equals(at(level), object)? {
                period = Some(depth - level);
                break;
            }
        }
        let Some(period) = period else {
            return Ok(None);
        };
        for level in period..=depth {
            if self.env.strict_equals(at(level), at(level - period))? {
                return Ok(Some(level));
            }
        }
        Ok(Some(depth))
    }

    fn rejected(&self, message: &str) -> Walk {
        Walk::Rejected(pointer(&self.stack), message.to_owned())
    }

    /// Drops what was built without recursing (serde_json's `Drop` takes a
    /// stack frame per level), whether the walk finished or not.
    fn release(&mut self) {
        while let Some(frame) = self.stack.pop() {
            drop_flat(frame.finish());
        }
    }
}

/// The JSON pointer of the value the innermost frame is at.
fn pointer(stack: &[Frame<'_>]) -> String {
    let mut pointer = String::new();
    for frame in stack {
        match &frame.items {
            Items::Array { values, .. } => {
                pointer.push('/');
                pointer.push_str(&values.len().to_string());
            }
            Items::Object { key: Some(key), .. } => {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Items::Object { key: None, .. } => {}
        }
    }
    pointer
}

impl<'env> Frame<'env> {
    /// Stores the walked value of the current item (`None`: left out).
    fn accept(&mut self, value: Option<Value>) {
        match &mut self.items {
            Items::Array { values, .. } => values.push(value.unwrap_or(Value::Null)),
            Items::Object { map, key, .. } => {
                if let (Some(key), Some(value)) = (key.take(), value) {
                    map.insert(key, value);
                }
            }
        }
    }

    /// The next item to walk. An array's items are read by index, an
    /// object's by its string keys (symbol keys are invisible to JSON).
    fn next_item(&mut self) -> Result<Option<Unknown<'env>>, Walk> {
        match &mut self.items {
            Items::Array { length, values } => {
                let index = values.len() as u32;
                if index >= *length {
                    return Ok(None);
                }
                Ok(Some(self.object.get_element(index)?))
            }
            Items::Object {
                keys,
                count,
                next,
                key,
                ..
            } => {
                while *next < *count {
                    let name: Unknown<'env> = keys.get_element(*next)?;
                    *next += 1;
                    if name.get_type()? != ValueType::String {
                        continue;
                    }
                    let item: Unknown<'env> = self.object.get_property(name)?;
                    *key = Some(string(&name)?);
                    return Ok(Some(item));
                }
                Ok(None)
            }
        }
    }

    fn finish(self) -> Value {
        match self.items {
            Items::Array { values, .. } => Value::Array(values),
            Items::Object { map, .. } => Value::Object(map),
        }
    }
}

/// Drops a converted document without recursing when it may be deep: at the
/// depth cap serde_json's recursive `Drop` takes about a megabyte of stack.
pub(crate) fn release(input: DocumentInput, max_depth: usize) {
    if let DocumentInput::Value(value) = input {
        if max_depth > SHALLOW {
            drop_flat(value);
        }
    }
}

/// Nesting that any stack drops recursively without noticing.
const SHALLOW: usize = 128;

/// Drops a value without recursing, however deep it is.
fn drop_flat(value: Value) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.into_iter().map(|(_, item)| item)),
            _ => {}
        }
    }
}

fn number(number: f64) -> Result<Value, String> {
    // Whole numbers stay integers, as they would after JSON.stringify + parse.
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if number.fract() == 0.0 && number.abs() < EXACT {
        #[allow(clippy::cast_possible_truncation)]
        return Ok(Value::from(number as i64));
    }
    Number::from_f64(number)
        .map(Value::Number)
        .ok_or_else(|| format!("is {number}, not a JSON number"))
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
