//! Core errors as the Python exceptions of `cte_rules._errors`.
//!
//! The classes are written in Python (so they pickle and carry `__init__`
//! signatures); this file only picks one by the error's code and fills it in.

use cte_rules_core::{Error, ErrorCode};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

static CTE_RULES_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static PACK_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INPUT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

const MODULE: &str = "cte_rules._errors";

/// The exception class of a code: `PackError` for a broken pack, `InputError`
/// for unreadable or rejected input, `CteRulesError` for the rest.
fn class_of(py: Python<'_>, code: ErrorCode) -> PyResult<&Bound<'_, PyType>> {
    if code.is_pack_error() {
        PACK_ERROR.import(py, MODULE, "PackError")
    } else if matches!(code, ErrorCode::Io | ErrorCode::Input) {
        INPUT_ERROR.import(py, MODULE, "InputError")
    } else {
        CTE_RULES_ERROR.import(py, MODULE, "CteRulesError")
    }
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let exception = instance(py, error)?;
    let all = error.errors();
    if all.len() > 1 {
        // `.errors` holds every error, the first being the exception itself.
        let mut list = vec![exception.clone()];
        for other in all.iter().skip(1) {
            list.push(instance(py, other)?);
        }
        exception.setattr("errors", list)?;
    }
    Ok(PyErr::from_value(exception))
}

/// One error as an exception object, without its followers.
fn instance<'py>(py: Python<'py>, error: &Error) -> PyResult<Bound<'py, PyAny>> {
    let class = class_of(py, error.code())?;
    let fields = PyDict::new(py);
    fields.set_item("code", error.code().as_str())?;
    fields.set_item("path", error.path())?;
    fields.set_item("origin", error.origin())?;
    fields.set_item("rule", error.rule())?;
    fields.set_item("line", error.line())?;
    fields.set_item("column", error.column())?;
    fields.set_item("message", error.message())?;
    class.call((error.to_string(),), Some(&fields))
}

/// A core error as a `CteRulesError` (or subclass) with `.code` and `.path`.
pub fn core_error(py: Python<'_>, error: &Error) -> PyErr {
    build(py, error).unwrap_or_else(|failure| {
        // The exception module could not be imported: say so, with the original error.
        PyRuntimeError::new_err(format!("{error} (and cte_rules._errors failed: {failure})"))
    })
}

/// `?` for core results inside pyo3 functions.
pub trait PyResultExt<T> {
    fn into_py_result(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> PyResultExt<T> for Result<T, Error> {
    fn into_py_result(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|error| core_error(py, &error))
    }
}
