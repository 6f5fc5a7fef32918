//! The names that join reports back to learners: `ids` given alongside a
//! batch's documents, or the value at `id_path` (`learner.id`) inside each;
//! by position (`<input>:N`) or NDJSON line (`PATH:LINE`) otherwise.

use cte_rules_core::ffi::{self, DocumentInput};
use cte_rules_core::{CheckOptions, Error, ErrorCode, Report};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyInt, PyIterator, PyString};
use rayon::prelude::*;
use serde_json::Value;

use crate::convert;
use crate::errors::core_error;
use crate::stream::Chunk;

/// `ids` and documents whose lengths are known must match, before any check.
pub fn same_length(docs: &Bound<'_, PyAny>, ids: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    let Some(ids) = ids.filter(|ids| !ids.is_none()) else {
        return Ok(());
    };
    if docs.is_instance_of::<PyString>() || docs.hasattr("__fspath__")? {
        return Ok(());
    }
    if let (Ok(documents), Ok(count)) = (docs.len(), ids.len()) {
        if documents != count {
            return Err(options_error(
                docs.py(),
                format!("`ids` has {count} entries for {documents} documents"),
                "/ids",
            ));
        }
    }
    Ok(())
}

/// How a batch names its reports: by `ids` given alongside the documents, or
/// by the value at `id_path` inside each (a document without one keeps its
/// default name); by position or line otherwise.
pub struct Naming {
    ids: Option<Py<PyIterator>>,
    pub id_path: Option<Vec<String>>,
}

pub fn options_error(py: Python<'_>, message: String, path: &str) -> PyErr {
    core_error(py, &Error::new(ErrorCode::Options, message).with_path(path))
}

impl Naming {
    pub fn new(
        py: Python<'_>,
        ids: Option<&Bound<'_, PyAny>>,
        id_path: Option<&str>,
    ) -> PyResult<Naming> {
        let ids = ids.filter(|ids| !ids.is_none());
        if ids.is_some() && id_path.is_some() {
            return Err(options_error(
                py,
                "give `ids` or `id_path`, not both".to_owned(),
                "/ids",
            ));
        }
        let id_path = id_path
            .map(|path| {
                let keys: Vec<String> = path.split('.').map(str::to_owned).collect();
                if keys.iter().any(String::is_empty) {
                    return Err(options_error(
                        py,
                        format!("`id_path` `{path}` is not a dotted key path such as `learner.id`"),
                        "/id_path",
                    ));
                }
                Ok(keys)
            })
            .transpose()?;
        let ids = match ids {
            Some(ids) if ids.is_instance_of::<PyString>() || ids.is_instance_of::<PyBytes>() => {
                return Err(PyTypeError::new_err(
                    "`ids` is an iterable of str, not one str",
                ));
            }
            Some(ids) => Some(ids.try_iter()?.unbind()),
            None => None,
        };
        Ok(Naming { ids, id_path })
    }

    pub fn is_default(&self) -> bool {
        self.ids.is_none() && self.id_path.is_none()
    }

    /// The next `count` ids; too few is an `E_OPTIONS` error naming how many
    /// there were.
    pub fn take_ids(
        &self,
        py: Python<'_>,
        count: usize,
        seen: usize,
    ) -> PyResult<Option<Vec<String>>> {
        let Some(ids) = &self.ids else {
            return Ok(None);
        };
        let ids = ids.bind(py);
        let mut taken = Vec::with_capacity(count);
        for index in seen..seen + count {
            let Some(id) = ids.clone().next().transpose()? else {
                return Err(options_error(
                    py,
                    format!("`ids` has {index} entries, fewer than the documents"),
                    "/ids",
                ));
            };
            taken.push(id_text(&id)?);
        }
        Ok(Some(taken))
    }

    /// At the end of the documents: an id left over is an `E_OPTIONS` error.
    pub fn finish(&self, py: Python<'_>, seen: usize) -> PyResult<()> {
        if let Some(ids) = &self.ids {
            if ids.bind(py).clone().next().transpose()?.is_some() {
                return Err(options_error(
                    py,
                    format!("`ids` has more entries than the {seen} documents"),
                    "/ids",
                ));
            }
        }
        Ok(())
    }
}

/// An id as text: a `str`, or an `int` in decimal.
fn id_text(id: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = id.cast::<PyString>() {
        return convert::text_argument(text, ErrorCode::Options, "an id");
    }
    if id.is_instance_of::<PyInt>() {
        return Ok(id.str()?.to_string());
    }
    Err(PyTypeError::new_err(format!(
        "an id is a str or an int, not {}",
        id.get_type().name()?
    )))
}

/// The value at `keys` in a document as a name: a string as it is, a number or
/// boolean as JSON writes it; `None` when it is absent or a container.
fn id_at(document: &Value, keys: &[String]) -> Option<String> {
    let mut at = document;
    for key in keys {
        at = match at {
            Value::Object(map) => map.get(key)?,
            Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    match at {
        Value::String(text) => Some(text.clone()),
        Value::Number(_) | Value::Bool(_) => Some(at.to_string()),
        _ => None,
    }
}

/// Names each report: its id, else the value at `id_path`, else its position
/// in the whole batch (`<input>:N`, or `PATH:LINE` for NDJSON); a document
/// given as a path keeps its path.
pub fn name_chunk(
    mut reports: Vec<Report>,
    chunk: &Chunk,
    first: usize,
    ids: Option<Vec<String>>,
    id_path: Option<&[String]>,
    options: &CheckOptions,
) -> cte_rules_core::Result<Vec<Report>> {
    if let Some(ids) = ids {
        for (report, id) in reports.iter_mut().zip(ids) {
            report.source = id;
        }
        return Ok(reports);
    }
    let found: Vec<Option<String>> = match (id_path, chunk) {
        (None, _) => Vec::new(),
        (Some(keys), Chunk::Documents(inputs)) => inputs
            .par_iter()
            .map(|input| match input {
                DocumentInput::Value(document) => id_at(document, keys),
                other => other
                    .parse(&options.limits)
                    .ok()
                    .and_then(|document| id_at(&document, keys)),
            })
            .collect(),
        (Some(keys), Chunk::Lines { text, lines, .. }) => lines
            .par_iter()
            .map(|line| {
                serde_json::from_slice::<Value>(&text[line.start..line.end])
                    .ok()
                    .and_then(|document| id_at(&document, keys))
            })
            .collect(),
    };
    let mut found = found.into_iter();
    for (index, report) in reports.iter_mut().enumerate() {
        if let Some(Some(id)) = found.next() {
            report.source = id;
            continue;
        }
        match chunk {
            Chunk::Documents(inputs) => {
                if !matches!(inputs.get(index), Some(DocumentInput::Path(_))) {
                    report.source = format!("{}:{}", ffi::MEMORY_SOURCE, first + index + 1);
                }
            }
            Chunk::Lines { lines, name, .. } => {
                if let Some(line) = lines.get(index) {
                    report.source = format!("{name}:{}", line.number);
                }
            }
        }
    }
    Ok(reports)
}
