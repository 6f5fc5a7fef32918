//! `scoreSurvey(doc, { lang })`: a Student Interest Survey scored by the core.

use cte_rules_core::ffi::guard;
use cte_rules_core::survey::score_survey as core_score;
use napi::bindgen_prelude::Unknown;
use napi::Env;
use napi_derive::napi;

use crate::convert::{self, to_js, Arg};
use crate::error::Outcome;
use crate::options;

/// Scores an `interest-survey` document (an object, JSON/YAML text or a
/// Buffer): all 16 clusters ranked, the top three (every tied cluster kept when
/// third place is tied) and the ties. Cluster names are in `options.lang`, by
/// default the survey's own `language`. An invalid survey throws `E_INPUT`
/// with the `path` of the first violation.
#[napi(
    catch_unwind,
    ts_args_type = "doc: Document, options?: SurveyOptions",
    ts_return_type = "SurveyScore"
)]
pub fn score_survey<'env>(
    env: &'env Env,
    doc: Arg<'env>,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    scored(env, &doc, options.as_ref()).map_err(|failure| failure.into_napi(env))
}

fn scored<'env>(
    env: &'env Env,
    doc: &Arg<'env>,
    options: Option<&Unknown<'env>>,
) -> Outcome<Unknown<'env>> {
    let lang = options::survey(options)?;
    let document = convert::parsed_document(env, doc, None)?;
    let score = guard(|| core_score(&document, lang))?;
    to_js(env, &score)
}
