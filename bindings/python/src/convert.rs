//! Python objects to and from the JSON values, inputs and options core takes.

use std::path::PathBuf;

use cte_rules_core::ffi::{Batch, DocumentInput, PackSource};
use cte_rules_core::{CheckOptions, Error, ErrorCode};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};

use crate::errors::{core_error, PyResultExt};

/// Nesting bound of a Python object turned into JSON. Core bounds parsed text by
/// `limits.max_depth`; a Python object has no text, so this bound is what stops a
/// self-referencing dict from recursing forever.
fn depth_error(max_depth: usize) -> Error {
    Error::new(
        ErrorCode::Input,
        format!("document nests deeper than {max_depth} levels, or refers to itself"),
    )
}

/// A Python value (dict, list, tuple, str, int, float, bool, None, date) as JSON.
/// Dates become ISO 8601 strings, as `PyYAML` reads unquoted `2025-09-16`.
pub fn to_value(object: &Bound<'_, PyAny>, max_depth: usize) -> PyResult<Value> {
    to_value_at(object, max_depth, 0)
}

fn to_value_at(object: &Bound<'_, PyAny>, max_depth: usize, depth: usize) -> PyResult<Value> {
    if let Ok(text) = object.cast::<PyString>() {
        return Ok(Value::String(text.to_cow()?.into_owned()));
    }
    if object.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(flag) = object.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if object.is_instance_of::<PyInt>() {
        return int_value(object);
    }
    if let Ok(float) = object.cast::<PyFloat>() {
        return Number::from_f64(float.value())
            .map(Value::Number)
            .ok_or_else(|| {
                let message = format!(
                    "`{}` is not a finite number and has no JSON form",
                    float.value()
                );
                core_error(object.py(), &Error::new(ErrorCode::Input, message))
            });
    }
    if depth >= max_depth {
        return Err(core_error(object.py(), &depth_error(max_depth)));
    }
    if let Ok(dict) = object.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(PyTypeError::new_err(format!(
                    "document keys must be str, not {}",
                    type_name(&key)
                )));
            };
            map.insert(
                key.to_cow()?.into_owned(),
                to_value_at(&item, max_depth, depth + 1)?,
            );
        }
        return Ok(Value::Object(map));
    }
    if let Ok(list) = object.cast::<PyList>() {
        let items = list
            .iter()
            .map(|item| to_value_at(&item, max_depth, depth + 1));
        return items.collect::<PyResult<Vec<_>>>().map(Value::Array);
    }
    if let Ok(tuple) = object.cast::<PyTuple>() {
        let items = tuple
            .iter()
            .map(|item| to_value_at(&item, max_depth, depth + 1));
        return items.collect::<PyResult<Vec<_>>>().map(Value::Array);
    }
    if object.is_instance(date_type(object.py())?)? {
        let text: String = object.call_method0("isoformat")?.extract()?;
        return Ok(Value::String(text));
    }
    // Numbers that are not int or float subclasses, such as numpy's int64 and
    // float32 in rows taken from a DataFrame.
    if object.hasattr("__index__")? {
        return int_value(object);
    }
    if object.hasattr("__float__")? {
        let number: f64 = object.extract()?;
        return to_value_at(
            &PyFloat::new(object.py(), number).into_any(),
            max_depth,
            depth,
        );
    }
    Err(PyTypeError::new_err(format!(
        "a document holds dict, list, str, int, float, bool, None or date values, not {}",
        type_name(object)
    )))
}

fn int_value(object: &Bound<'_, PyAny>) -> PyResult<Value> {
    if let Ok(number) = object.extract::<i64>() {
        return Ok(Value::from(number));
    }
    if let Ok(number) = object.extract::<u64>() {
        return Ok(Value::from(number));
    }
    let message = format!("integer `{object}` is too large for a document");
    Err(core_error(
        object.py(),
        &Error::new(ErrorCode::Input, message),
    ))
}

/// `datetime.date`, the base of `datetime.datetime` too.
fn date_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DATE.import(py, "datetime", "date")
}

fn type_name(object: &Bound<'_, PyAny>) -> String {
    object
        .get_type()
        .name()
        .map_or_else(|_| "an unknown type".to_owned(), |name| format!("`{name}`"))
}

/// Any serialisable core value (a report, a rule, a schema) as plain Python
/// objects, through JSON text and `json.loads`: fields keep the order the CLI
/// prints them in, and the C parser beats building the objects one by one.
pub fn serialize_to_python<'py, T: serde::Serialize + ?Sized>(
    py: Python<'py>,
    item: &T,
) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let text = serde_json::to_string(item).map_err(|error| {
        let message = format!("cannot serialise a result: {error}");
        core_error(py, &Error::new(ErrorCode::Internal, message))
    })?;
    LOADS.import(py, "json", "loads")?.call1((text,))
}

/// A path given as `os.PathLike` (not as `str`, which means text for documents).
fn path_like(object: &Bound<'_, PyAny>) -> PyResult<Option<PathBuf>> {
    if object.is_instance_of::<PyString>() || !object.hasattr("__fspath__")? {
        return Ok(None);
    }
    object.extract::<PathBuf>().map(Some)
}

/// One document: a dict (parsed), a str (JSON or YAML text), bytes, or a path.
pub fn document_input(
    object: &Bound<'_, PyAny>,
    options: &CheckOptions,
) -> PyResult<DocumentInput> {
    if let Ok(text) = object.cast::<PyString>() {
        return Ok(DocumentInput::Text(text.to_cow()?.into_owned()));
    }
    if object.is_instance_of::<PyDict>() {
        return to_value(object, options.limits.max_depth).map(DocumentInput::Value);
    }
    if let Ok(bytes) = object.cast::<PyBytes>() {
        return Ok(DocumentInput::Bytes(bytes.as_bytes().to_vec()));
    }
    if let Some(path) = path_like(object)? {
        return Ok(DocumentInput::Path(path));
    }
    let hint = if object.is_instance_of::<PyList>() || object.is_instance_of::<PyTuple>() {
        "; use check_many for several documents"
    } else {
        ""
    };
    Err(PyTypeError::new_err(format!(
        "a document is a dict, a JSON or YAML str, bytes or an os.PathLike, not {}{hint}",
        type_name(object)
    )))
}

/// A `str` or `os.PathLike` names an NDJSON file; any other iterable yields documents.
pub fn batch(docs: &Bound<'_, PyAny>, options: &CheckOptions) -> PyResult<Batch> {
    if docs.is_instance_of::<PyString>() {
        return docs.extract::<PathBuf>().map(Batch::NdjsonFile);
    }
    if let Some(path) = path_like(docs)? {
        return Ok(Batch::NdjsonFile(path));
    }
    if docs.is_instance_of::<PyDict>() || docs.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "check_many takes an iterable of documents or the path of an NDJSON file; use check for one document",
        ));
    }
    let iterator = docs.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "check_many takes an iterable of documents or the path of an NDJSON file, not {}",
            type_name(docs)
        ))
    })?;
    let mut inputs = Vec::with_capacity(docs.len().unwrap_or(0));
    for item in iterator {
        inputs.push(document_input(&item?, options)?);
    }
    Ok(Batch::Documents(inputs))
}

/// One pack: a str (path, or inline YAML/JSON as core tells them apart), an
/// os.PathLike, or a dict.
fn pack_source(object: &Bound<'_, PyAny>) -> PyResult<PackSource> {
    if let Ok(text) = object.cast::<PyString>() {
        return Ok(PackSource::from_string(text.to_cow()?.into_owned()));
    }
    if object.is_instance_of::<PyDict>() {
        let max_depth = CheckOptions::default().limits.max_depth;
        return to_value(object, max_depth).map(PackSource::Value);
    }
    if let Some(path) = path_like(object)? {
        return Ok(PackSource::Path(path));
    }
    Err(PyTypeError::new_err(format!(
        "a pack is a path, a YAML or JSON str, or a dict, not {}",
        type_name(object)
    )))
}

/// `packs=`: one pack or an iterable of packs.
pub fn pack_sources(packs: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PackSource>> {
    let Some(packs) = packs else {
        return Ok(Vec::new());
    };
    if packs.is_instance_of::<PyString>()
        || packs.is_instance_of::<PyDict>()
        || packs.hasattr("__fspath__")?
    {
        return Ok(vec![pack_source(packs)?]);
    }
    let iterator = packs.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "packs is a list of paths, YAML or JSON strs, or dicts, not {}",
            type_name(packs)
        ))
    })?;
    iterator.map(|pack| pack_source(&pack?)).collect()
}

/// `options=`: a dict with the fields of core's `CheckOptions`, read by serde so
/// that every face accepts the same names, then validated by core before any
/// document is converted (a `max_depth` of 0 would otherwise reject the
/// document first, as input).
pub fn check_options(options: Option<&Bound<'_, PyAny>>) -> PyResult<CheckOptions> {
    let Some(options) = options.filter(|options| !options.is_none()) else {
        return Ok(CheckOptions::default());
    };
    if !options.is_instance_of::<PyDict>() {
        return Err(PyTypeError::new_err(format!(
            "options is a dict, not {}",
            type_name(options)
        )));
    }
    let value = to_value(options, CheckOptions::default().limits.max_depth)?;
    CheckOptions::from_json(value).into_py_result(options.py())
}
