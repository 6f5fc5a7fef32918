//! `cte_rules._native`: the Python face of cte-rules-core. Conversion only: every
//! behaviour lives in core, and every call runs inside `ffi::guard` so that no
//! panic reaches Python. The public package is `python/cte_rules/__init__.py`.

mod cli;
mod convert;
mod errors;
mod extras;
mod frame;
mod html;
mod names;
mod pickle;
mod report;
mod stream;

use std::sync::Arc;

use cte_rules_core::ffi::{self, Batch};
use cte_rules_core::{schemas, Engine, ErrorCode, Kind};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use errors::PyResultExt;
use report::PyReport;

/// A compiled, immutable set of rule packs. Build it once and share it: it is
/// safe to use from several threads, and checks run without the GIL. It
/// pickles as its recipe (see `pickle.rs`), and a process builds each distinct
/// engine once.
#[pyclass(name = "Engine", module = "cte_rules", frozen)]
pub struct PyEngine {
    engine: Arc<Engine>,
    recipe: Arc<pickle::Recipe>,
}

#[pymethods]
impl PyEngine {
    #[new]
    #[pyo3(signature = (packs = None, *, builtin = true))]
    fn new(py: Python<'_>, packs: Option<&Bound<'_, PyAny>>, builtin: bool) -> PyResult<Self> {
        let sources = convert::pack_sources(packs)?;
        let (recipe, engine) = py
            .detach(|| ffi::guard(|| pickle::engine_for(pickle::Recipe::read(&sources, builtin)?)))
            .into_py_result(py)?;
        Ok(PyEngine { engine, recipe })
    }

    /// Pickles as its recipe: rebuilt (once per process) where it is loaded.
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, pyo3::types::PyTuple>)> {
        let rebuild = py
            .import("cte_rules._native")?
            .getattr("_engine_from_recipe")?;
        Ok((rebuild, pickle::recipe_args(py, &self.recipe)?))
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
    /// (all when `None`) without the GIL. Reports keep the input order; `ids`
    /// or `id_path` name them (see `stream.rs`).
    #[pyo3(signature = (docs, threads = None, *, options = None, ids = None, id_path = None))]
    fn check_many<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
        threads: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyAny>>,
        ids: Option<&Bound<'py, PyAny>>,
        id_path: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        let options = convert::check_options(options)?;
        // Core rejects 0 threads with E_OPTIONS; a negative count is as wrong.
        let threads = convert::thread_count(threads)?;
        let naming = names::Naming::new(py, ids, id_path)?;
        if !naming.is_default() {
            let feed = stream::Feed::new(docs, false)?;
            names::same_length(docs, ids)?;
            let engine = Arc::clone(&self.engine);
            let mut reports =
                stream::ReportIterator::new(engine, feed, naming, options, threads, stream::CHUNK);
            let list = PyList::empty(py);
            while let Some(report) = reports.next_report(py)? {
                list.append(PyReport(report))?;
            }
            return Ok(list);
        }
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

    /// Yields the reports of `source` (an NDJSON path, a file object of
    /// NDJSON lines, or an iterable of documents) in input order, checking
    /// `chunk` documents at a time on `threads` cores without the GIL, so
    /// memory stays that of one chunk however long the batch.
    // `chunk` defaults to `stream::CHUNK` (a literal, so the signature shows it).
    #[pyo3(signature = (source, threads = None, chunk = 2048, *, options = None, ids = None, id_path = None))]
    #[allow(clippy::too_many_arguments)]
    fn iter_check<'py>(
        &self,
        py: Python<'py>,
        source: &Bound<'py, PyAny>,
        threads: Option<&Bound<'py, PyAny>>,
        chunk: i64,
        options: Option<&Bound<'py, PyAny>>,
        ids: Option<&Bound<'py, PyAny>>,
        id_path: Option<&str>,
    ) -> PyResult<stream::ReportIterator> {
        let options = convert::check_options(options)?;
        let threads = convert::thread_count(threads)?;
        let chunk = stream::chunk_size(py, chunk)?;
        let naming = names::Naming::new(py, ids, id_path)?;
        let feed = stream::Feed::new(source, true)?;
        names::same_length(source, ids)?;
        Ok(stream::ReportIterator::new(
            Arc::clone(&self.engine),
            feed,
            naming,
            options,
            threads,
            chunk,
        ))
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
    use crate::extras::{crosswalk, framework_listing, score_survey, test_pack};
    #[pymodule_export]
    use crate::frame::_dataframe_columns;
    #[pymodule_export]
    use crate::pickle::{_engine_from_recipe, _from_dict};
    #[pymodule_export]
    use crate::report::{PyCitation, PyFinding, PyReport, PySummary};

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        module.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
