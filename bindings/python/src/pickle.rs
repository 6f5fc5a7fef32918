//! Pickling, so that an `Engine` built at the top of a notebook can be sent to
//! Spark, Dask or `multiprocessing` workers, and their `Report`s sent back.
//!
//! An engine pickles as its recipe: whether it has the built-in pack, and the
//! text of each pack it was built from (a path's file is read, so a worker
//! needs no copy of it). Each process keeps the engines it built by recipe, so
//! a worker that unpickles the same engine for every task builds it once.
//! Reports and their parts pickle as their dicts.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};

use cte_rules_core::ffi::PackSource;
use cte_rules_core::{Citation, Engine, Error, ErrorCode, Finding, Pack, Report, Result, Summary};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use serde::de::DeserializeOwned;

use crate::convert::{self, Purpose};
use crate::errors::PyResultExt;
use crate::report::{PyCitation, PyFinding, PyReport, PySummary};

/// One pack as loaded: its origin (a path, or `<pack N>` for inline ones) and
/// its text, JSON text when it was given as a dict (`parsed`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PackText {
    origin: String,
    text: String,
    parsed: bool,
}

/// What an engine is built from: the key of the per-process cache, and its
/// pickled form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Recipe {
    builtin: bool,
    packs: Vec<PackText>,
}

impl Recipe {
    /// The recipe of `Engine(packs, builtin=...)`. A file that cannot be read
    /// is core's own error for it.
    pub fn read(sources: &[PackSource], builtin: bool) -> Result<Recipe> {
        let packs = sources
            .iter()
            .enumerate()
            .map(|(index, source)| {
                let inline = format!("<pack {}>", index + 1);
                Ok(match source {
                    PackSource::Path(path) => {
                        let origin = path.display().to_string();
                        match std::fs::read_to_string(path) {
                            Ok(text) => PackText {
                                origin,
                                text,
                                parsed: false,
                            },
                            Err(error) => {
                                source.load(index + 1)?;
                                return Err(Error::new(
                                    ErrorCode::Io,
                                    format!("cannot read rule pack: {error}"),
                                )
                                .with_origin(origin));
                            }
                        }
                    }
                    PackSource::Text(text) => PackText {
                        origin: inline,
                        text: text.clone(),
                        parsed: false,
                    },
                    PackSource::Value(value) => PackText {
                        origin: inline,
                        text: value.to_string(),
                        parsed: true,
                    },
                })
            })
            .collect::<Result<_>>()?;
        Ok(Recipe { builtin, packs })
    }

    /// Loads the packs as `Pack::from_path`, `from_text` and `from_value` do
    /// (a path's pack is its text under the path's name).
    fn build(&self) -> Result<Engine> {
        // Read leniently, so that every error of every pack is raised at once
        // (`PackError.errors`), as the CLI and Node report them.
        let read = self
            .packs
            .iter()
            .map(|pack| {
                if pack.parsed {
                    match serde_json::from_str(&pack.text) {
                        Ok(value) => Pack::read_value(&value, &pack.origin),
                        Err(error) => cte_rules_core::pack::Loaded {
                            pack: None,
                            errors: vec![Error::new(ErrorCode::PackParse, error.to_string())
                                .with_origin(&pack.origin)],
                        },
                    }
                } else {
                    Pack::read_text(&pack.text, &pack.origin)
                }
            })
            .collect();
        cte_rules_core::ffi::engine_from_read(read, self.builtin)
    }
}

/// Engines a process keeps: enough for every distinct engine of a job, few
/// enough that a loop building engines from generated packs cannot grow
/// without bound (the oldest goes first).
const CACHED_ENGINES: usize = 32;

#[derive(Default)]
struct Cache {
    engines: HashMap<Arc<Recipe>, Arc<Engine>>,
    order: VecDeque<Arc<Recipe>>,
}

/// The engine of `recipe`, built at most once per process (two threads asking
/// at once may both build; one result is kept).
pub fn engine_for(recipe: Recipe) -> Result<(Arc<Recipe>, Arc<Engine>)> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    let lock = || {
        cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    if let Some((recipe, engine)) = lock().engines.get_key_value(&recipe) {
        return Ok((Arc::clone(recipe), Arc::clone(engine)));
    }
    let engine = Arc::new(recipe.build()?);
    let recipe = Arc::new(recipe);
    let mut cache = lock();
    if cache.order.len() >= CACHED_ENGINES {
        if let Some(oldest) = cache.order.pop_front() {
            cache.engines.remove(&oldest);
        }
    }
    cache.order.push_back(Arc::clone(&recipe));
    cache
        .engines
        .insert(Arc::clone(&recipe), Arc::clone(&engine));
    Ok((recipe, engine))
}

/// `Engine.__reduce__`'s arguments: `(builtin, [(origin, text, parsed), ...])`.
pub fn recipe_args<'py>(py: Python<'py>, recipe: &Recipe) -> PyResult<Bound<'py, PyTuple>> {
    let packs: Vec<(&str, &str, bool)> = recipe
        .packs
        .iter()
        .map(|pack| (pack.origin.as_str(), pack.text.as_str(), pack.parsed))
        .collect();
    (recipe.builtin, packs).into_pyobject(py)
}

/// The engine of a pickled recipe, from this process's cache when it has it.
#[pyfunction]
pub fn _engine_from_recipe(
    py: Python<'_>,
    builtin: bool,
    packs: Vec<(String, String, bool)>,
) -> PyResult<crate::PyEngine> {
    let recipe = Recipe {
        builtin,
        packs: packs
            .into_iter()
            .map(|(origin, text, parsed)| PackText {
                origin,
                text,
                parsed,
            })
            .collect(),
    };
    let (recipe, engine) = py
        .detach(|| cte_rules_core::ffi::guard(|| engine_for(recipe)))
        .into_py_result(py)?;
    Ok(crate::PyEngine { engine, recipe })
}

/// A value of core's report types from its dict (`to_dict()`); a dict of
/// another shape is an `InputError` (`E_INPUT`).
fn from_dict<T: DeserializeOwned>(data: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    let max_depth = cte_rules_core::document::MAX_DEPTH_CAP;
    let value = convert::to_value(data, max_depth, Purpose::Input)?;
    serde_json::from_value(value)
        .map_err(|error| Error::new(ErrorCode::Input, format!("not a {what} dict: {error}")))
        .into_py_result(data.py())
}

/// Unpickles a `Report`, `Finding`, `Citation` or `Summary` from its dict.
#[pyfunction]
pub fn _from_dict(
    py: Python<'_>,
    class_name: &str,
    data: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let class = class_name;
    Ok(match class {
        "Report" => PyReport(from_dict::<Report>(data, class)?)
            .into_pyobject(py)?
            .into_any()
            .unbind(),
        "Finding" => PyFinding(from_dict::<Finding>(data, class)?)
            .into_pyobject(py)?
            .into_any()
            .unbind(),
        "Citation" => PyCitation(from_dict::<Citation>(data, class)?)
            .into_pyobject(py)?
            .into_any()
            .unbind(),
        "Summary" => PySummary(from_dict::<Summary>(data, class)?)
            .into_pyobject(py)?
            .into_any()
            .unbind(),
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "no cte_rules class `{other}` pickles as a dict"
            )))
        }
    })
}

/// What `__reduce__` of a report type returns: `(_from_dict, (class, dict))`.
pub type Reduced<'py> = (Bound<'py, PyAny>, (String, Bound<'py, PyAny>));

/// `__reduce__` of the report types: `_from_dict(class, self.to_dict())`.
pub fn reduce_to_dict<'py>(data: Bound<'py, PyAny>, class: &str) -> PyResult<Reduced<'py>> {
    let py = data.py();
    let restore = py.import("cte_rules._native")?.getattr("_from_dict")?;
    Ok((restore, (class.to_owned(), data)))
}
