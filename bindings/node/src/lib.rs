//! Node binding of cte-rules (napi-rs): conversion only, every behaviour lives in
//! `cte-rules-core`. The JS surface (`Engine`, `rules`, `schema`, `kinds`,
//! `scoreSurvey`, `framework`, `crosswalk`) and its typings are described in
//! `bindings/node/README.md` and `index.d.ts`.

mod convert;
mod engine;
mod error;
mod framework;
mod options;
mod survey;
mod task;

use cte_rules_core::ffi::guard;
use cte_rules_core::schemas;
use cte_rules_core::{Engine as CoreEngine, ErrorCode, Kind};
use napi::bindgen_prelude::Unknown;
use napi::{Env, ValueType};
use napi_derive::napi;

pub use engine::Engine;
pub use framework::{crosswalk, framework};
pub use survey::score_survey;
pub use task::{CheckManyTask, CheckTask};

use crate::convert::{to_js, type_name};
use crate::error::{usage, Outcome};

/// The rules of the built-in national pack.
#[napi(catch_unwind, ts_return_type = "RuleInfo[]")]
pub fn rules(env: &Env) -> napi::Result<Unknown<'_>> {
    guard(CoreEngine::builtin)
        .map_err(Into::into)
        .and_then(|engine| engine::rule_list(env, &engine))
        .map_err(|failure| failure.into_napi(env))
}

/// Runs rule fixtures (`<ID>.yaml`: rule, base, pass, fail, also, probes)
/// against the built-in pack and `options.packs`, as `cte-rules rules test`
/// does: one result per fixture, each case's expected and actual outcome,
/// and the rules of the tested packs no fixture covers.
#[napi(
    catch_unwind,
    ts_args_type = "paths: string[], options?: EngineOptions",
    ts_return_type = "PackTestReport"
)]
pub fn test_pack<'env>(
    env: &'env Env,
    paths: Vec<String>,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    let run = || -> Outcome<Unknown<'env>> {
        let options = options::engine(env, options.as_ref())?;
        let paths: Vec<std::path::PathBuf> = paths.iter().map(std::path::PathBuf::from).collect();
        let report = guard(|| {
            cte_rules_core::fixtures::test_packs(&options.packs, options.builtin, &paths)
        })?;
        to_js(env, &report)
    };
    run().map_err(|failure| failure.into_napi(env))
}

/// The JSON Schema of a document kind, of a rule pack (`rule-pack`) or of a
/// report (`report`). Throws `E_UNKNOWN_KIND` for any other name.
#[napi(
    catch_unwind,
    ts_args_type = "name: SchemaName",
    ts_return_type = "JsonSchema"
)]
pub fn schema<'env>(env: &'env Env, name: Unknown<'env>) -> napi::Result<Unknown<'env>> {
    schema_of(env, &name).map_err(|failure| failure.into_napi(env))
}

fn schema_of<'env>(env: &'env Env, name: &Unknown<'env>) -> Outcome<Unknown<'env>> {
    if name.get_type()? != ValueType::String {
        return Err(usage(
            ErrorCode::Usage,
            format!("schema name must be a string, got {}", type_name(name)?),
        ));
    }
    let name = convert::string(name)?;
    to_js(env, &guard(|| schemas::schema(&name))?)
}

/// The document kinds the engine knows, e.g. `plan-of-study`.
#[napi(ts_return_type = "Kind[]")]
pub fn kinds() -> Vec<&'static str> {
    Kind::ALL.iter().map(|kind| kind.as_str()).collect()
}
