//! Core errors become JS `Error` objects with the same stable `code` as the CLI and
//! Python, so that a portal can branch on `err.code` whatever face raised it.

use cte_rules_core::{Error as CoreError, ErrorCode};
use napi::bindgen_prelude::{JsObjectValue, JsValue, Object};
use napi::{Env, Status};

/// Why a call failed: a core error (thrown with its code), or a JS exception
/// already on its way (a throwing getter, say), which is rethrown untouched.
pub(crate) enum Failure {
    Core(CoreError),
    Js(napi::Error),
}

pub(crate) type Outcome<T> = Result<T, Failure>;

impl From<CoreError> for Failure {
    fn from(error: CoreError) -> Self {
        Failure::Core(error)
    }
}

impl From<napi::Error> for Failure {
    fn from(error: napi::Error) -> Self {
        Failure::Js(error)
    }
}

/// A caller-side error: a wrong argument type or value.
pub(crate) fn usage(code: ErrorCode, message: impl Into<String>) -> Failure {
    Failure::Core(CoreError::new(code, message))
}

impl Failure {
    /// The error napi throws (or rejects with): for a core error, an `Error` whose
    /// `message` is the CLI's one-line form and whose `code`, `path`, `origin`,
    /// `rule`, `line` and `column` are set where known.
    pub(crate) fn into_napi(self, env: &Env) -> napi::Error {
        match self {
            Failure::Js(error) => error,
            Failure::Core(error) => match js_error(env, &error) {
                Ok(object) => napi::Error::from(object.to_unknown()),
                // Building the object failed (out of memory, say): still throw
                // something with the code in it rather than nothing.
                Err(_) => napi::Error::new(Status::GenericFailure, error.to_string()),
            },
        }
    }
}

fn js_error<'env>(env: &'env Env, error: &CoreError) -> napi::Result<Object<'env>> {
    let mut object = one_error(env, error)?;
    // `errors` holds every error of the call (a pack with five mistakes has
    // five), the first being the thrown error itself.
    let all = error.errors();
    let mut list = env.create_array(u32::try_from(all.len()).unwrap_or(u32::MAX))?;
    list.set(0, object)?;
    for (index, other) in all.iter().enumerate().skip(1) {
        list.set(
            u32::try_from(index).unwrap_or(u32::MAX),
            one_error(env, other)?,
        )?;
    }
    object.set_named_property("errors", list)?;
    Ok(object)
}

/// One error as a JS `Error`, without its followers.
fn one_error<'env>(env: &'env Env, error: &CoreError) -> napi::Result<Object<'env>> {
    let mut object =
        env.create_error(napi::Error::new(Status::GenericFailure, error.to_string()))?;
    object.set_named_property("code", error.code().as_str())?;
    if let Some(path) = error.path() {
        object.set_named_property("path", path)?;
    }
    if let Some(origin) = error.origin() {
        object.set_named_property("origin", origin)?;
    }
    if let Some(rule) = error.rule() {
        object.set_named_property("rule", rule)?;
    }
    if let (Some(line), Some(column)) = (error.line(), error.column()) {
        // Positions fit an f64 exactly: files are far smaller than 2^53 lines.
        #[allow(clippy::cast_precision_loss)]
        let (line, column) = (line as f64, column as f64);
        object.set_named_property("line", line)?;
        object.set_named_property("column", column)?;
    }
    Ok(object)
}
