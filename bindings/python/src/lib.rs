//! `cte_rules._native`: the Python face of cte-rules-core. Conversion only: every
//! behaviour lives in core, and every call runs inside `ffi::guard` so that no
//! panic reaches Python. The public package is `python/cte_rules/__init__.py`.

mod cli;
mod convert;
mod errors;
mod extras;
mod html;
mod report;

use cte_rules_core::ffi::{self, Batch};
use cte_rules_core::{schemas, Engine, ErrorCode, Kind};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use errors::PyResultExt;
use report::PyReport;

/// A compiled, immutable set of rule packs. Build it once and share it: it is
/// safe to use from several threads, and checks run without the GIL.
#[pyclass(name = "Engine", module = "cte_rules", frozen)]
pub struct PyEngine {
    engine: Engine,
}

#[pymethods]
impl PyEngine {
    #[new]
    #[pyo3(signature = (packs = None, *, builtin = true))]
    fn new(py: Python<'_>, packs: Option<&Bound<'_, PyAny>>, builtin: bool) -> PyResult<Self> {
        let sources = convert::pack_sources(packs)?;
        let engine = py
            .detach(|| ffi::guard(|| ffi::engine_from_sources(&sources, builtin)))
            .into_py_result(py)?;
        Ok(PyEngine { engine })
    }

    /// Checks one document. A malformed or schema-invalid document gives a report
    /// with `parse` or `schema` findings; only unreadable input raises.
    #[pyo3(signature = (doc, *, options = None, source = None))]
    fn check(
        &self,
        py: Python<'_>,
        doc: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyAny>>,
        source: Option<&Bound<'_, PyString>>,
    ) -> PyResult<PyReport> {
        let options = convert::check_options(options)?;
        let source = source
            .map(|source| convert::text_argument(source, ErrorCode::Input, "`source`"))
            .transpose()?;
        let input = convert::document_input(doc, &options)?;
        let engine = &self.engine;
        let report = py
            .detach(|| ffi::guard(|| engine.check_input(&input, source.as_deref(), &options)))
            .into_py_result(py)
            .map(PyReport);
        convert::release(input, options.limits.max_depth);
        report
    }

    /// Checks many documents, or the lines of an NDJSON file, on `threads` cores
    /// (all when `None`) without the GIL. Reports keep the input order.
    #[pyo3(signature = (docs, threads = None, *, options = None))]
    fn check_many<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
        threads: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let options = convert::check_options(options)?;
        // Core rejects 0 threads with E_OPTIONS; a negative count is as wrong.
        let threads = convert::thread_count(threads)?;
        let batch = convert::batch(docs, &options)?;
        let engine = &self.engine;
        let reports = py
            .detach(|| ffi::guard(|| engine.check_batch_reports(&batch, &options, threads)))
            .into_py_result(py);
        if let Batch::Documents(inputs) = batch {
            for input in inputs {
                convert::release(input, options.limits.max_depth);
            }
        }
        PyList::new(py, reports?.into_iter().map(PyReport))
    }

    /// Reconciles a `self-assessment` with the program's own document
    /// (`state-system` for the state rubric, `local-program` for the local one):
    /// each item's rating against the rules citing that item.
    #[pyo3(signature = (self_assessment, evidence, *, today = None))]
    fn reconcile<'py>(
        &self,
        py: Python<'py>,
        self_assessment: &Bound<'py, PyAny>,
        evidence: &Bound<'py, PyAny>,
        today: Option<&Bound<'py, PyString>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let today = today
            .map(|today| convert::text_argument(today, ErrorCode::Options, "`today`"))
            .transpose()?;
        let options = cte_rules_core::CheckOptions {
            today,
            ..cte_rules_core::CheckOptions::default()
        };
        options.validate().into_py_result(py)?;
        let ratings = convert::document_input(self_assessment, &options)?;
        let evidence = convert::document_input(evidence, &options)?;
        let engine = &self.engine;
        let result = py
            .detach(|| {
                ffi::guard(|| {
                    let ratings = ratings.parse(&options.limits)?;
                    let evidence = evidence.parse(&options.limits)?;
                    cte_rules_core::rubric::reconcile(engine, &ratings, &evidence, &options)
                })
            })
            .into_py_result(py)?;
        convert::serialize_to_python(py, &result)
    }

    /// Every loaded rule, in pack order, with overrides applied, as dicts.
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rules =
            ffi::guard(|| Ok(self.engine.rules().collect::<Vec<_>>())).into_py_result(py)?;
        convert::serialize_to_python(py, &rules)?
            .cast_into::<PyList>()
            .map_err(Into::into)
    }

    fn __repr__(&self) -> String {
        format!("<Engine rules={}>", self.engine.rules().count())
    }
}

/// The document kinds the engine knows, e.g. `plan-of-study`.
#[pyfunction]
fn kinds() -> Vec<&'static str> {
    Kind::ALL.iter().map(|kind| kind.as_str()).collect()
}

/// The JSON Schema named `name`: a document kind, `rule-pack` or `report`.
#[pyfunction]
fn schema<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let found = ffi::guard(|| schemas::schema(name)).into_py_result(py)?;
    convert::serialize_to_python(py, &found)
}

/// Every error code an exception's `.code` can hold, in documentation order.
#[pyfunction]
fn list_error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|code| code.as_str()).collect()
}

/// The native half of `cte_rules`; import the package, not this module.
#[pymodule]
mod _native {
    #[pymodule_export]
    use super::{kinds, list_error_codes, schema, PyEngine};
    #[pymodule_export]
    use crate::cli::run_cli;
    #[pymodule_export]
    use crate::extras::{crosswalk, framework_listing, score_survey};
    #[pymodule_export]
    use crate::report::{PyCitation, PyFinding, PyReport, PySummary};

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        module.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
