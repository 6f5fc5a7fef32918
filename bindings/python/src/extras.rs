//! Issue 7's functions: survey scoring, framework listings and the crosswalk.
//! Conversion only; scoring and the data live in core.

use cte_rules_core::framework::{self, Version};
use cte_rules_core::survey::{self, Lang};
use cte_rules_core::{ffi, CheckOptions, ErrorCode};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::convert;
use crate::errors::PyResultExt;

/// Scores a Student Interest Survey: all 16 clusters ranked, `top` (three, or
/// more when the third place is tied) and `ties`. `lang` is `"en"` or `"es"`;
/// by default the survey's own language.
#[pyfunction]
#[pyo3(signature = (doc, lang = None))]
pub fn score_survey<'py>(
    py: Python<'py>,
    doc: &Bound<'py, PyAny>,
    lang: Option<&Bound<'py, PyString>>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = CheckOptions::default();
    let lang = lang
        .map(|lang| convert::text_argument(lang, ErrorCode::Usage, "`lang`"))
        .transpose()?;
    let input = convert::document_input(doc, &options)?;
    let scored = ffi::guard(|| {
        let lang = lang.as_deref().map(str::parse::<Lang>).transpose()?;
        let value = input.parse(&options.limits)?;
        survey::score_survey(&value, lang)
    })
    .into_py_result(py)?;
    convert::serialize_to_python(py, &scored)
}

/// The clusters and pathways (2024: sub-clusters) of one framework version,
/// with what the facts could not verify under `unverified`.
#[pyfunction]
#[pyo3(
    name = "framework",
    signature = (version = None),
    text_signature = "(version='2008')"
)]
pub fn framework_listing<'py>(
    py: Python<'py>,
    version: Option<&Bound<'py, PyString>>,
) -> PyResult<Bound<'py, PyAny>> {
    let version = match version {
        Some(version) => convert::text_argument(version, ErrorCode::Usage, "`version`")?,
        None => "2008".to_owned(),
    };
    let listing =
        ffi::guard(|| Ok(framework::listing(version.parse::<Version>()?))).into_py_result(py)?;
    convert::serialize_to_python(py, &listing)
}

/// The 2008-to-2024 cluster crosswalk, whole or for one 2008 code.
#[pyfunction]
#[pyo3(signature = (code = None))]
pub fn crosswalk<'py>(
    py: Python<'py>,
    code: Option<&Bound<'py, PyString>>,
) -> PyResult<Bound<'py, PyAny>> {
    let code = code
        .map(|code| convert::text_argument(code, ErrorCode::Usage, "`code`"))
        .transpose()?;
    let listing =
        ffi::guard(|| framework::crosswalk_listing(code.as_deref())).into_py_result(py)?;
    convert::serialize_to_python(py, &listing)
}

/// Runs rule fixtures (`<ID>.yaml`: rule, base, pass, fail, also, probes)
/// under `paths` against the built-in pack (unless `builtin` is false) and
/// `packs`, as `cte-rules rules test` does: one result per fixture with each
/// case's expected and actual outcome, the counts, and the rules of the
/// tested packs that no fixture covers.
#[pyfunction]
#[pyo3(signature = (paths, packs = None, *, builtin = true))]
pub fn test_pack<'py>(
    py: Python<'py>,
    paths: &Bound<'py, PyAny>,
    packs: Option<&Bound<'py, PyAny>>,
    builtin: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let paths: Vec<std::path::PathBuf> = match paths.extract::<std::path::PathBuf>() {
        Ok(one) => vec![one],
        Err(_) => paths.extract()?,
    };
    let sources = convert::pack_sources(packs)?;
    let report = ffi::guard(|| cte_rules_core::fixtures::test_packs(&sources, builtin, &paths))
        .into_py_result(py)?;
    convert::serialize_to_python(py, &report)
}
