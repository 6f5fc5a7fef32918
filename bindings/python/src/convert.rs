//! Python objects to and from the JSON values, inputs and options core takes.

use std::collections::HashSet;
use std::path::PathBuf;

use cte_rules_core::ffi::{Batch, DocumentInput, PackSource};
use cte_rules_core::{CheckOptions, Error, ErrorCode};
use pyo3::exceptions::{PyOverflowError, PyTypeError, PyUnicodeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};

use crate::errors::{core_error, PyResultExt};

/// What a Python object is turned into JSON for: a document or a pack, whose
/// faults are `E_INPUT` errors, or options, whose faults are `E_OPTIONS` errors
/// naming the option.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Input,
    Options,
}

/// A Python value (dict, list, tuple, str, int, float, bool, None, date) as JSON.
/// Dates become ISO 8601 strings, as `PyYAML` reads unquoted `2025-09-16`.
///
/// The walk keeps its own stack instead of recursing, so a dict nested as deep
/// as `limits.max_depth` allows (at most
/// [`cte_rules_core::document::MAX_DEPTH_CAP`]) cannot exhaust the
/// thread's; a container one level deeper, or one inside itself, is an error
/// whose `path` is the JSON pointer of the offending value.
pub fn to_value(object: &Bound<'_, PyAny>, max_depth: usize, purpose: Purpose) -> PyResult<Value> {
    convert(object, max_depth, purpose).map_err(|failure| failure.into_py(object.py()))
}

/// Why a conversion failed: a core error (raised as its `CteRulesError`), or
/// an exception raised on the way or a `TypeError`, raised as it is.
pub enum Failure {
    Core(Error),
    Python(PyErr),
}

impl From<PyErr> for Failure {
    fn from(error: PyErr) -> Self {
        Failure::Python(error)
    }
}

impl Failure {
    pub fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            Failure::Core(error) => core_error(py, &error),
            Failure::Python(error) => error,
        }
    }

    /// The failure of the document at `index` of a batch: its pointer and
    /// message say which, as in Node's `checkMany`.
    fn in_batch(self, index: usize) -> Failure {
        match self {
            Failure::Core(error) => Failure::Core(
                Error::new(
                    error.code(),
                    format!("`docs[{index}]`: {}", error.message()),
                )
                .with_path(format!("/{index}{}", error.path().unwrap_or_default())),
            ),
            other => other,
        }
    }
}

fn convert(
    object: &Bound<'_, PyAny>,
    max_depth: usize,
    purpose: Purpose,
) -> Result<Value, Failure> {
    Walk {
        max_depth,
        purpose,
        stack: Vec::new(),
        ancestors: HashSet::new(),
    }
    .run(object)
}

/// One dict, list or tuple being converted, with its items as they were when
/// it was entered: code run on the way (`__index__`, `__float__`, `isoformat`)
/// cannot change what is walked.
enum Frame<'py> {
    Object {
        items: std::vec::IntoIter<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
        map: Map<String, Value>,
        /// The key of the item being converted.
        key: Option<String>,
        id: *mut pyo3::ffi::PyObject,
    },
    Array {
        items: std::vec::IntoIter<Bound<'py, PyAny>>,
        values: Vec<Value>,
        id: *mut pyo3::ffi::PyObject,
    },
}

/// Why a value has no JSON form.
enum Fault {
    /// An exception raised on the way (a `__float__` that fails), or a
    /// `TypeError` for a type JSON cannot hold, raised as it is.
    Python(PyErr),
    TooLarge(String),
    NotFinite(f64),
    NotUnicode(String),
    KeyNotUnicode(String),
    Deep,
    Cycle,
}

impl From<PyErr> for Fault {
    fn from(error: PyErr) -> Self {
        Fault::Python(error)
    }
}

/// What a value turned out to be: JSON already, or a container to walk.
enum Step<'py> {
    Value(Value),
    Enter(Frame<'py>),
}

struct Walk<'py> {
    max_depth: usize,
    purpose: Purpose,
    stack: Vec<Frame<'py>>,
    /// The containers on the stack, by identity: a cycle comes back to one.
    ancestors: HashSet<*mut pyo3::ffi::PyObject>,
}

impl<'py> Walk<'py> {
    fn run(mut self, root: &Bound<'py, PyAny>) -> Result<Value, Failure> {
        let py = root.py();
        let mut next = root.clone();
        loop {
            let mut done = match self.step(&next) {
                Ok(Step::Value(value)) => Some(value),
                Ok(Step::Enter(frame)) => {
                    let id = frame.id();
                    if self.stack.len() >= self.max_depth {
                        return Err(self.raise(py, Fault::Deep));
                    }
                    if !self.ancestors.insert(id) {
                        return Err(self.raise(py, Fault::Cycle));
                    }
                    self.stack.push(frame);
                    None
                }
                Err(fault) => return Err(self.raise(py, fault)),
            };
            // Hand finished values up until a container has another item.
            loop {
                let Some(top) = self.stack.last_mut() else {
                    return Ok(done.unwrap_or(Value::Null));
                };
                if let Some(value) = done.take() {
                    top.accept(value);
                }
                match top.next_item() {
                    Ok(Some(item)) => {
                        next = item;
                        break;
                    }
                    Ok(None) => {
                        if let Some(frame) = self.stack.pop() {
                            self.ancestors.remove(&frame.id());
                            done = Some(frame.finish());
                        }
                    }
                    Err(fault) => return Err(self.raise(py, fault)),
                }
            }
        }
    }

    /// A scalar as JSON, or a container to enter.
    fn step(&self, object: &Bound<'py, PyAny>) -> Result<Step<'py>, Fault> {
        if let Ok(text) = object.cast::<PyString>() {
            return Ok(Step::Value(Value::String(
                unicode(text).map_err(Fault::NotUnicode)?,
            )));
        }
        if object.is_none() {
            return Ok(Step::Value(Value::Null));
        }
        if let Ok(flag) = object.cast::<PyBool>() {
            return Ok(Step::Value(Value::Bool(flag.is_true())));
        }
        if object.is_instance_of::<PyInt>() {
            return int_value(object).map(Step::Value);
        }
        if let Ok(float) = object.cast::<PyFloat>() {
            return float_value(float.value()).map(Step::Value);
        }
        if let Ok(dict) = object.cast::<PyDict>() {
            return Ok(Step::Enter(Frame::Object {
                items: dict.iter().collect::<Vec<_>>().into_iter(),
                map: Map::with_capacity(dict.len()),
                key: None,
                id: object.as_ptr(),
            }));
        }
        if let Ok(list) = object.cast::<PyList>() {
            return Ok(Step::Enter(Frame::Array {
                items: list.iter().collect::<Vec<_>>().into_iter(),
                values: Vec::with_capacity(list.len()),
                id: object.as_ptr(),
            }));
        }
        if let Ok(tuple) = object.cast::<PyTuple>() {
            return Ok(Step::Enter(Frame::Array {
                items: tuple.iter().collect::<Vec<_>>().into_iter(),
                values: Vec::with_capacity(tuple.len()),
                id: object.as_ptr(),
            }));
        }
        if object.is_instance(date_type(object.py())?)? {
            let text: String = object.call_method0("isoformat")?.extract()?;
            return Ok(Step::Value(Value::String(text)));
        }
        // Numbers that are not int or float subclasses, such as numpy's int64 and
        // float32 in rows taken from a DataFrame.
        if object.hasattr("__index__")? {
            return int_value(object).map(Step::Value);
        }
        if object.hasattr("__float__")? {
            return float_value(object.extract()?).map(Step::Value);
        }
        Err(Fault::Python(PyTypeError::new_err(format!(
            "a document holds dict, list, str, int, float, bool, None or date values, not {}",
            type_name(object)
        ))))
    }

    /// JSON pointer of the value being converted: the key or index each
    /// container on the stack is at.
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for frame in &self.stack {
            match frame {
                Frame::Object { key: Some(key), .. } => {
                    pointer.push('/');
                    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                }
                Frame::Object { key: None, .. } => {}
                Frame::Array { values, .. } => {
                    pointer.push('/');
                    pointer.push_str(&values.len().to_string());
                }
            }
        }
        pointer
    }

    /// The fault as an exception: `InputError` (`E_INPUT`) for a document,
    /// `CteRulesError` (`E_OPTIONS`) naming the option for options, both with
    /// the pointer as `path`. A `TypeError` is raised as it is, with the
    /// pointer added to its message.
    fn raise(&self, py: Python<'_>, fault: Fault) -> Failure {
        let pointer = self.pointer();
        let message = match fault {
            Fault::Python(error) => {
                if pointer.is_empty() || !error.is_instance_of::<PyTypeError>(py) {
                    return Failure::Python(error);
                }
                let message = error.value(py).to_string();
                return Failure::Python(PyTypeError::new_err(format!(
                    "{message} (at `{pointer}`)"
                )));
            }
            Fault::TooLarge(number) if self.purpose == Purpose::Options => {
                format!("is {number}, out of range for any option")
            }
            Fault::TooLarge(number) => format!("integer `{number}` is too large for a document"),
            Fault::NotFinite(number) => {
                format!("`{number}` is not a finite number and has no JSON form")
            }
            Fault::NotUnicode(detail) => {
                format!("value is a str that is not valid Unicode: {detail}")
            }
            Fault::KeyNotUnicode(detail) => {
                format!("a key is a str that is not valid Unicode: {detail}")
            }
            Fault::Deep => format!("document nests deeper than {} levels", self.max_depth),
            Fault::Cycle => "document refers to itself (a cycle)".to_owned(),
        };
        let error = match self.purpose {
            Purpose::Input => Error::new(ErrorCode::Input, message),
            Purpose::Options => {
                let name = pointer.trim_start_matches('/').replace('/', ".");
                let message = if name.is_empty() {
                    format!("options: {message}")
                } else if message.starts_with("is ") {
                    format!("`{name}` {message}")
                } else {
                    format!("`{name}`: {message}")
                };
                Error::new(ErrorCode::Options, message)
            }
        };
        Failure::Core(if pointer.is_empty() {
            error
        } else {
            error.with_path(pointer)
        })
    }
}

/// On an error, the half-built containers go without recursion too.
impl Drop for Walk<'_> {
    fn drop(&mut self) {
        while let Some(frame) = self.stack.pop() {
            drop_flat(frame.finish());
        }
    }
}

impl<'py> Frame<'py> {
    fn id(&self) -> *mut pyo3::ffi::PyObject {
        match self {
            Frame::Object { id, .. } | Frame::Array { id, .. } => *id,
        }
    }

    /// Stores the converted value of the current item.
    fn accept(&mut self, value: Value) {
        match self {
            Frame::Object { map, key, .. } => {
                if let Some(key) = key.take() {
                    map.insert(key, value);
                }
            }
            Frame::Array { values, .. } => values.push(value),
        }
    }

    /// The next item to convert, its key read first.
    fn next_item(&mut self) -> Result<Option<Bound<'py, PyAny>>, Fault> {
        match self {
            Frame::Object { items, key, .. } => {
                let Some((name, item)) = items.next() else {
                    return Ok(None);
                };
                let Ok(name) = name.cast::<PyString>() else {
                    return Err(Fault::Python(PyTypeError::new_err(format!(
                        "document keys must be str, not {}",
                        type_name(&name)
                    ))));
                };
                *key = Some(unicode(name).map_err(Fault::KeyNotUnicode)?);
                Ok(Some(item))
            }
            Frame::Array { items, .. } => Ok(items.next()),
        }
    }

    fn finish(self) -> Value {
        match self {
            Frame::Object { map, .. } => Value::Object(map),
            Frame::Array { values, .. } => Value::Array(values),
        }
    }
}

/// Drops a converted document without recursing when it may be deep:
/// serde_json's `Drop` takes a stack frame per level, about a megabyte at the
/// depth cap, more than a thread started with a small stack has.
pub fn release(input: DocumentInput, max_depth: usize) {
    if let DocumentInput::Value(value) = input {
        if max_depth > SHALLOW {
            drop_flat(value);
        }
    }
}

/// Nesting that any stack drops recursively without noticing.
const SHALLOW: usize = 128;

fn drop_flat(value: Value) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.into_iter().map(|(_, item)| item)),
            _ => {}
        }
    }
}

/// A `str` as Rust text; the error (a lone surrogate, which UTF-8 cannot
/// hold) as Python words it.
fn unicode(text: &Bound<'_, PyString>) -> Result<String, String> {
    text.to_cow()
        .map(std::borrow::Cow::into_owned)
        .map_err(|error| error.value(text.py()).to_string())
}

/// A `str` argument as Rust text, or an error with `code` naming the
/// argument when it holds a lone surrogate (which UTF-8 cannot hold).
pub fn text_argument(text: &Bound<'_, PyString>, code: ErrorCode, what: &str) -> PyResult<String> {
    not_unicode(text, code, what).map_err(|failure| failure.into_py(text.py()))
}

fn not_unicode(text: &Bound<'_, PyString>, code: ErrorCode, what: &str) -> Result<String, Failure> {
    unicode(text).map_err(|detail| {
        Failure::Core(Error::new(
            code,
            format!("{what} is a str that is not valid Unicode: {detail}"),
        ))
    })
}

fn float_value(number: f64) -> Result<Value, Fault> {
    Number::from_f64(number)
        .map(Value::Number)
        .ok_or(Fault::NotFinite(number))
}

fn int_value(object: &Bound<'_, PyAny>) -> Result<Value, Fault> {
    if let Ok(number) = object.extract::<i64>() {
        return Ok(Value::from(number));
    }
    if let Ok(number) = object.extract::<u64>() {
        return Ok(Value::from(number));
    }
    Err(Fault::TooLarge(object.to_string()))
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
fn path_like(object: &Bound<'_, PyAny>) -> Result<Option<PathBuf>, Failure> {
    if object.is_instance_of::<PyString>() || !object.hasattr("__fspath__")? {
        return Ok(None);
    }
    path(object).map(Some)
}

/// A `str` or `os.PathLike` as a path; one the file system cannot name (a
/// lone surrogate outside `surrogateescape`'s range) is an `E_INPUT` error.
fn path(object: &Bound<'_, PyAny>) -> Result<PathBuf, Failure> {
    object.extract::<PathBuf>().map_err(|error| {
        if error.is_instance_of::<PyUnicodeError>(object.py()) {
            let detail = error.value(object.py()).to_string();
            Failure::Core(Error::new(
                ErrorCode::Input,
                format!("path is not valid Unicode: {detail}"),
            ))
        } else {
            Failure::Python(error)
        }
    })
}

/// One document: a dict (parsed), a str (JSON or YAML text), bytes, or a path.
pub fn document_input(
    object: &Bound<'_, PyAny>,
    options: &CheckOptions,
) -> PyResult<DocumentInput> {
    input(object, options).map_err(|failure| failure.into_py(object.py()))
}

fn input(object: &Bound<'_, PyAny>, options: &CheckOptions) -> Result<DocumentInput, Failure> {
    if let Ok(text) = object.cast::<PyString>() {
        return not_unicode(text, ErrorCode::Input, "document").map(DocumentInput::Text);
    }
    if object.is_instance_of::<PyDict>() {
        return convert(object, options.limits.max_depth, Purpose::Input).map(DocumentInput::Value);
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
    Err(Failure::Python(PyTypeError::new_err(format!(
        "a document is a dict, a JSON or YAML str, bytes or an os.PathLike, not {}{hint}",
        type_name(object)
    ))))
}

/// A `str` or `os.PathLike` names an NDJSON file; any other iterable yields
/// documents. A document that cannot be read is an error whose `path` starts
/// with its index.
pub fn batch(docs: &Bound<'_, PyAny>, options: &CheckOptions) -> PyResult<Batch> {
    documents(docs, options).map_err(|failure| failure.into_py(docs.py()))
}

fn documents(docs: &Bound<'_, PyAny>, options: &CheckOptions) -> Result<Batch, Failure> {
    if docs.is_instance_of::<PyString>() {
        return path(docs).map(Batch::NdjsonFile);
    }
    if let Some(path) = path_like(docs)? {
        return Ok(Batch::NdjsonFile(path));
    }
    if docs.is_instance_of::<PyDict>() || docs.is_instance_of::<PyBytes>() {
        return Err(Failure::Python(PyTypeError::new_err(
            "check_many takes an iterable of documents or the path of an NDJSON file; use check for one document",
        )));
    }
    let iterator = docs.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "check_many takes an iterable of documents or the path of an NDJSON file, not {}",
            type_name(docs)
        ))
    })?;
    let mut inputs = Vec::with_capacity(docs.len().unwrap_or(0));
    for (index, item) in iterator.enumerate() {
        match item
            .map_err(Failure::from)
            .and_then(|item| input(&item, options))
        {
            Ok(document) => inputs.push(document),
            Err(failure) => {
                for document in inputs {
                    release(document, options.limits.max_depth);
                }
                return Err(failure.in_batch(index));
            }
        }
    }
    Ok(Batch::Documents(inputs))
}

/// A batch given as a `str` or `os.PathLike`: the path of an NDJSON file.
pub fn batch_path(source: &Bound<'_, PyAny>) -> PyResult<Option<PathBuf>> {
    let found = if source.is_instance_of::<PyString>() {
        path(source).map(Some)
    } else {
        path_like(source)
    };
    found.map_err(|failure| failure.into_py(source.py()))
}

/// The document at `index` of a batch; its errors say which, as in `check_many`.
pub fn batch_document(
    item: &Bound<'_, PyAny>,
    options: &CheckOptions,
    index: usize,
) -> PyResult<DocumentInput> {
    input(item, options).map_err(|failure| failure.in_batch(index).into_py(item.py()))
}

/// One pack, the `number`th: a str (path, or inline YAML/JSON as core tells
/// them apart), an os.PathLike, or a dict.
fn pack_source(object: &Bound<'_, PyAny>, number: usize) -> Result<PackSource, Failure> {
    if let Ok(text) = object.cast::<PyString>() {
        return not_unicode(text, ErrorCode::PackParse, "pack")
            .map_err(|failure| match failure {
                Failure::Core(error) => {
                    Failure::Core(error.with_origin(format!("<pack {number}>")))
                }
                other => other,
            })
            .map(PackSource::from_string);
    }
    if object.is_instance_of::<PyDict>() {
        let max_depth = CheckOptions::default().limits.max_depth;
        return convert(object, max_depth, Purpose::Input).map(PackSource::Value);
    }
    if let Some(path) = path_like(object)? {
        return Ok(PackSource::Path(path));
    }
    Err(Failure::Python(PyTypeError::new_err(format!(
        "a pack is a path, a YAML or JSON str, or a dict, not {}",
        type_name(object)
    ))))
}

/// `packs=`: one pack or an iterable of packs.
pub fn pack_sources(packs: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PackSource>> {
    let Some(packs) = packs else {
        return Ok(Vec::new());
    };
    let py = packs.py();
    if packs.is_instance_of::<PyString>()
        || packs.is_instance_of::<PyDict>()
        || packs.hasattr("__fspath__")?
    {
        return Ok(vec![
            pack_source(packs, 1).map_err(|failure| failure.into_py(py))?
        ]);
    }
    let iterator = packs.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "packs is a list of paths, YAML or JSON strs, or dicts, not {}",
            type_name(packs)
        ))
    })?;
    iterator
        .enumerate()
        .map(|(index, pack)| pack_source(&pack?, index + 1).map_err(|failure| failure.into_py(py)))
        .collect()
}

/// `threads=`: a count of at least 1 (0 and negative counts are `E_OPTIONS`
/// from core); an int too large for a count is cut to the cap like any count
/// above it, rather than an `OverflowError`.
pub fn thread_count(threads: Option<&Bound<'_, PyAny>>) -> PyResult<Option<usize>> {
    let Some(threads) = threads.filter(|threads| !threads.is_none()) else {
        return Ok(None);
    };
    match threads.extract::<i64>() {
        Ok(count) => Ok(Some(usize::try_from(count).unwrap_or(0))),
        Err(error) if error.is_instance_of::<PyOverflowError>(threads.py()) => {
            Ok(Some(if threads.gt(0)? { usize::MAX } else { 0 }))
        }
        Err(error) => Err(error),
    }
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
    let py = options.py();
    let value = to_value(
        options,
        CheckOptions::default().limits.max_depth,
        Purpose::Options,
    )?;
    CheckOptions::from_json(value).into_py_result(py)
}
