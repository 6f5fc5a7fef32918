//! The options objects of `new Engine(...)`, `check(...)`, `checkMany(...)`,
//! `reconcile(...)` and `scoreSurvey(...)`, read strictly: an unknown key or a
//! wrong type is an `E_OPTIONS` error, so a typo such as `includepassed` never
//! passes silently.

use cte_rules_core::ffi::PackSource;
use cte_rules_core::survey::Lang;
use cte_rules_core::{CheckOptions, ErrorCode};
use napi::bindgen_prelude::{JsObjectValue, JsValue, Object, Unknown};
use napi::{Env, ValueType};

use crate::convert::{self, type_name};
use crate::error::{usage, Outcome};

/// `new Engine({ packs, builtin })`.
pub(crate) struct EngineOptions {
    pub packs: Vec<PackSource>,
    pub builtin: bool,
}

/// `check(doc, { source, includePassed, today, maxBytes, maxDepth })`, and
/// `checkMany(docs, { ..., threads })` (no `source` there: batch entries are named
/// `<input>:N`), and `reconcile(self, evidence, { today })`.
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
const CHECK_KEYS: &[&str] = &["source", "includePassed", "today", "maxBytes", "maxDepth"];
const CHECK_MANY_KEYS: &[&str] = &["includePassed", "today", "maxBytes", "maxDepth", "threads"];
const RECONCILE_KEYS: &[&str] = &["today"];
const SURVEY_KEYS: &[&str] = &["lang"];

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

fn count(key: &str, value: &Unknown<'_>, minimum: f64) -> Outcome<usize> {
    if value.get_type()? == ValueType::Number {
        let number = value.coerce_to_number()?.get_double()?;
        // 2^53: every whole number below it is exact, and no limit needs more.
        if number.fract() == 0.0 && (minimum..9_007_199_254_740_992.0).contains(&number) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            return Ok(number as usize);
        }
        return Err(usage(
            ErrorCode::Options,
            format!("`{key}` must be a whole number of at least {minimum}, got {number}"),
        ));
    }
    Err(wrong_type(key, "a number", value)?)
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

pub(crate) fn call(value: Option<&Unknown<'_>>, call: Call) -> Outcome<CallOptions> {
    let mut options = CallOptions {
        check: CheckOptions::default(),
        source: None,
        threads: None,
    };
    let known = match call {
        Call::Check => CHECK_KEYS,
        Call::CheckMany => CHECK_MANY_KEYS,
        Call::Reconcile => RECONCILE_KEYS,
    };
    let Some((object, keys)) = entries(value, "options", known)? else {
        return Ok(options);
    };
    for key in keys {
        let Some(value) = field(&object, &key)? else {
            continue;
        };
        match (key.as_str(), call) {
            ("includePassed", Call::Check | Call::CheckMany) => {
                options.check.include_passed = boolean(&key, &value)?;
            }
            ("today", _) => {
                if value.get_type()? != ValueType::String {
                    return Err(wrong_type(&key, "a YYYY-MM-DD string", &value)?);
                }
                options.check.today = Some(convert::string(&value)?);
            }
            ("maxBytes", Call::Check | Call::CheckMany) => {
                options.check.limits.max_bytes = count(&key, &value, 1.0)?;
            }
            ("maxDepth", Call::Check | Call::CheckMany) => {
                options.check.limits.max_depth = count(&key, &value, 1.0)?;
            }
            ("source", Call::Check) => {
                if value.get_type()? != ValueType::String {
                    return Err(wrong_type(&key, "a string", &value)?);
                }
                options.source = Some(convert::string(&value)?);
            }
            ("threads", Call::CheckMany) => options.threads = Some(count(&key, &value, 1.0)?),
            _ => return Err(unknown_key(&key, known)),
        }
    }
    // The value rules core owns (a real calendar `today`), judged once there
    // for every face; the limits' minimum is checked above in JS names.
    options.check.validate()?;
    Ok(options)
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
