//! `framework(version)` and `crosswalk(code)`: the core's framework listings as
//! plain objects (the CLI's `framework list|crosswalk --format json`).

use cte_rules_core::ffi::guard;
use cte_rules_core::framework::{crosswalk_listing, listing, Version};
use cte_rules_core::ErrorCode;
use napi::bindgen_prelude::Unknown;
use napi::{Env, ValueType};
use napi_derive::napi;

use crate::convert::{self, to_js, type_name};
use crate::error::{usage, Outcome};

/// The clusters and pathways (2024: sub-clusters) of one framework version,
/// `'2008'` (the default) or `'2024'`, with what the facts could not verify.
#[napi(
    catch_unwind,
    ts_args_type = "version?: FrameworkVersion",
    ts_return_type = "FrameworkListing"
)]
pub fn framework<'env>(env: &'env Env, version: Unknown<'env>) -> napi::Result<Unknown<'env>> {
    listed(env, &version).map_err(|failure| failure.into_napi(env))
}

fn listed<'env>(env: &'env Env, version: &Unknown<'env>) -> Outcome<Unknown<'env>> {
    let version = match optional_string(version, "the framework version")?.as_deref() {
        None => Version::V2008,
        Some(text) => text.parse()?,
    };
    let listing = guard(|| Ok(listing(version)))?;
    to_js(env, &listing)
}

/// The 2008-to-2024 cluster crosswalk, whole or for one 2008 cluster code
/// (case-insensitive). An unknown code throws `E_USAGE` with a hint.
#[napi(
    catch_unwind,
    ts_args_type = "code?: string",
    ts_return_type = "Crosswalk"
)]
pub fn crosswalk<'env>(env: &'env Env, code: Unknown<'env>) -> napi::Result<Unknown<'env>> {
    crosswalked(env, &code).map_err(|failure| failure.into_napi(env))
}

fn crosswalked<'env>(env: &'env Env, code: &Unknown<'env>) -> Outcome<Unknown<'env>> {
    let code = optional_string(code, "a cluster code")?;
    let listing = guard(|| crosswalk_listing(code.as_deref()))?;
    to_js(env, &listing)
}

/// An optional string argument: `undefined` (or left out) is `None`; anything
/// but a string, `null` included, is `E_USAGE`.
fn optional_string(value: &Unknown<'_>, what: &str) -> Outcome<Option<String>> {
    match value.get_type()? {
        ValueType::Undefined => Ok(None),
        ValueType::String => Ok(Some(convert::string(value)?)),
        _ => Err(usage(
            ErrorCode::Usage,
            format!("{what} must be a string, got {}", type_name(value)?),
        )),
    }
}
