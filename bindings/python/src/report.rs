//! Core's report types as read-only Python objects. Each wraps the core value
//! and converts a field only when it is read, so that `check_many` over 100,000
//! documents builds 100,000 small objects, not millions of dicts.

use cte_rules_core::{Citation, Finding, Report, Summary};
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::convert::serialize_to_python;
use crate::html;
use crate::pickle::{reduce_to_dict, Reduced};

/// Everything the engine found in one document.
#[pyclass(name = "Report", module = "cte_rules", frozen, eq)]
#[derive(PartialEq)]
pub struct PyReport(pub Report);

#[pymethods]
impl PyReport {
    /// Where the document came from: a path, `path:LINE` for NDJSON, `<input>`.
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }

    /// Pickles as its dict, so reports travel back from Spark, Dask and
    /// `multiprocessing` workers.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        reduce_to_dict(self.to_dict(py)?, "Report")
    }

    /// The document kind, when the document names a known one.
    #[getter]
    fn kind(&self) -> Option<&str> {
        self.0.kind.as_deref()
    }

    /// Whether the document is valid against its kind's JSON Schema.
    #[getter]
    fn valid(&self) -> bool {
        self.0.valid
    }

    /// True when the document is valid and no error-level finding failed.
    #[getter]
    fn ok(&self) -> bool {
        self.0.ok()
    }

    /// Failed findings (and passed ones with `include_passed`), sorted by path then rule.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let findings = self
            .0
            .findings
            .iter()
            .map(|finding| PyFinding(finding.clone()));
        PyList::new(py, findings)
    }

    #[getter]
    fn summary(&self) -> PySummary {
        PySummary(self.0.summary)
    }

    /// The report as plain data: one entry of the CLI's JSON `documents`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_python(py, &self.0)
    }

    fn _repr_html_(&self) -> String {
        html::report_table(&self.0)
    }

    fn __repr__(&self) -> String {
        let summary = &self.0.summary;
        format!(
            "<Report source={:?} kind={} ok={} errors={} warnings={} infos={}>",
            self.0.source,
            self.0
                .kind
                .as_deref()
                .map_or_else(|| "None".to_owned(), |kind| format!("{kind:?}")),
            if self.0.ok() { "True" } else { "False" },
            summary.errors,
            summary.warnings,
            summary.infos,
        )
    }
}

/// One rule's verdict on one place in a document.
#[pyclass(name = "Finding", module = "cte_rules", frozen, eq)]
#[derive(PartialEq)]
pub struct PyFinding(pub Finding);

#[pymethods]
impl PyFinding {
    /// Rule id, or `schema` / `parse`.
    #[getter]
    fn rule(&self) -> &str {
        &self.0.rule
    }

    /// `error`, `warning` or `info`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.as_str()
    }

    /// `fail`, `pass`, or `error` when the rule could not be evaluated.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_python(py, &self.0.status)
    }

    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    /// JSON pointer of the offending value, where there is one.
    #[getter]
    fn path(&self) -> Option<&str> {
        self.0.path.as_deref()
    }

    #[getter]
    fn line(&self) -> Option<u64> {
        self.0.line
    }

    #[getter]
    fn column(&self) -> Option<u64> {
        self.0.column
    }

    #[getter]
    fn citation(&self) -> Option<PyCitation> {
        self.0.citation.clone().map(PyCitation)
    }

    #[getter]
    fn remediation(&self) -> Option<&str> {
        self.0.remediation.as_deref()
    }

    /// `E_EVAL` when the rule could not be evaluated, `E_BUDGET` when the
    /// document's evaluation budget ran out (status `error` both).
    #[getter]
    fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_python(py, &self.0)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        reduce_to_dict(self.to_dict(py)?, "Finding")
    }

    fn __repr__(&self) -> String {
        format!(
            "<Finding rule={:?} severity={:?} path={} message={:?}>",
            self.0.rule,
            self.0.severity.as_str(),
            self.0
                .path
                .as_ref()
                .map_or_else(|| "None".to_owned(), |path| format!("{path:?}")),
            self.0.message
        )
    }
}

/// The seed text a rule encodes: file, section and item, and the source's title.
#[pyclass(name = "Citation", module = "cte_rules", frozen, eq)]
#[derive(PartialEq)]
pub struct PyCitation(pub Citation);

#[pymethods]
impl PyCitation {
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }

    #[getter]
    fn section(&self) -> &str {
        &self.0.section
    }

    #[getter]
    fn item(&self) -> &str {
        &self.0.item
    }

    #[getter]
    fn title(&self) -> &str {
        &self.0.title
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_python(py, &self.0)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        reduce_to_dict(self.to_dict(py)?, "Citation")
    }

    fn __repr__(&self) -> String {
        format!(
            "<Citation source={:?} section={:?} item={:?} title={:?}>",
            self.0.source, self.0.section, self.0.item, self.0.title
        )
    }
}

/// Counts of failed findings by severity, and of rules that passed.
#[pyclass(name = "Summary", module = "cte_rules", frozen, eq)]
#[derive(PartialEq)]
pub struct PySummary(pub Summary);

#[pymethods]
impl PySummary {
    #[getter]
    fn errors(&self) -> usize {
        self.0.errors
    }

    #[getter]
    fn warnings(&self) -> usize {
        self.0.warnings
    }

    #[getter]
    fn infos(&self) -> usize {
        self.0.infos
    }

    #[getter]
    fn passed(&self) -> usize {
        self.0.passed
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_python(py, &self.0)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        reduce_to_dict(self.to_dict(py)?, "Summary")
    }

    fn __repr__(&self) -> String {
        let Summary {
            errors,
            warnings,
            infos,
            passed,
        } = self.0;
        format!("<Summary errors={errors} warnings={warnings} infos={infos} passed={passed}>")
    }
}
