//! `Engine.iter_check`: a batch read, checked and handed out a chunk at a
//! time, so a million plans take the memory of one chunk; `check_many` with
//! `ids` or `id_path` runs through it too (names in `names.rs`).

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use cte_rules_core::ffi::{self, Batch, DocumentInput};
use cte_rules_core::{CheckOptions, Engine, Error, ErrorCode, Report};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyIterator, PyString};

use crate::convert;
use crate::errors::PyResultExt;
use crate::names::{name_chunk, options_error, Naming};
use crate::report::PyReport;

/// Documents checked at once by default: as many as core's NDJSON chunk, enough
/// to keep every core busy, few enough that memory stays small.
pub const CHUNK: usize = 2048;

/// `chunk=`: at least 1, else `E_OPTIONS`.
pub fn chunk_size(py: Python<'_>, chunk: i64) -> PyResult<usize> {
    usize::try_from(chunk)
        .ok()
        .filter(|chunk| *chunk >= 1)
        .ok_or_else(|| {
            options_error(
                py,
                format!("`chunk` must be at least 1, not {chunk}"),
                "/chunk",
            )
        })
}

/// Where a batch's documents come from.
pub enum Feed {
    /// Any iterable of documents, named `<input>:N` by position.
    Documents(Py<PyIterator>),
    /// An NDJSON file, read without the GIL, named `PATH:LINE`.
    File {
        reader: BufReader<File>,
        name: String,
    },
    /// A file object (text or binary) whose lines are NDJSON, named `<input>:LINE`.
    Object(Py<PyAny>),
}

impl Feed {
    /// A `str` or `os.PathLike` is an NDJSON file (as in `check_many`), an
    /// object with `readline` a file object (for `iter_check`, when
    /// `file_objects`), anything else iterable yields documents.
    pub fn new(source: &Bound<'_, PyAny>, file_objects: bool) -> PyResult<Feed> {
        let py = source.py();
        if let Some(path) = convert::batch_path(source)? {
            let file = File::open(&path)
                .map_err(|error| {
                    Error::new(
                        ErrorCode::Io,
                        format!("cannot read `{}`: {error}", path.display()),
                    )
                    .with_origin(path.display().to_string())
                })
                .into_py_result(py)?;
            return Ok(Feed::File {
                reader: BufReader::with_capacity(1 << 16, file),
                name: path.display().to_string(),
            });
        }
        if file_objects && source.hasattr("readline")? {
            return Ok(Feed::Object(source.clone().unbind()));
        }
        if source.is_instance_of::<PyDict>() || source.is_instance_of::<PyBytes>() {
            return Err(PyTypeError::new_err(
                "a batch is an iterable of documents or the path of an NDJSON file; use check for one document",
            ));
        }
        let items = source.try_iter().map_err(|_| {
            PyTypeError::new_err(
                "a batch is an iterable of documents or the path of an NDJSON file (or, for iter_check, a file object)",
            )
        })?;
        Ok(Feed::Documents(items.unbind()))
    }
}

/// One chunk as read: documents, or NDJSON lines with their line numbers.
pub enum Chunk {
    Documents(Vec<DocumentInput>),
    Lines {
        text: Vec<u8>,
        lines: Vec<Line>,
        /// What reports are named after: the file's path, or `<input>`.
        name: String,
    },
}

impl Chunk {
    fn len(&self) -> usize {
        match self {
            Chunk::Documents(inputs) => inputs.len(),
            Chunk::Lines { lines, .. } => lines.len(),
        }
    }
}

/// A non-blank NDJSON line: its number, and where it sits in the chunk's text.
pub struct Line {
    pub number: u64,
    pub start: usize,
    pub end: usize,
}

/// Reports of a batch, a chunk at a time: at most `chunk` documents and their
/// reports are held at once. Yielded by `Engine.iter_check`.
#[pyclass(name = "ReportIterator", module = "cte_rules")]
pub struct ReportIterator {
    engine: Arc<Engine>,
    feed: Option<Feed>,
    naming: Naming,
    options: CheckOptions,
    threads: Option<usize>,
    chunk: usize,
    /// Documents read so far.
    seen: usize,
    /// Physical lines read so far, blank ones included.
    line: u64,
    ready: VecDeque<Report>,
}

impl ReportIterator {
    pub fn new(
        engine: Arc<Engine>,
        feed: Feed,
        naming: Naming,
        options: CheckOptions,
        threads: Option<usize>,
        chunk: usize,
    ) -> ReportIterator {
        ReportIterator {
            engine,
            feed: Some(feed),
            naming,
            options,
            threads,
            chunk,
            seen: 0,
            line: 0,
            ready: VecDeque::new(),
        }
    }

    /// The next report, reading and checking a chunk when none is ready.
    /// After an error the iterator is exhausted.
    pub fn next_report(&mut self, py: Python<'_>) -> PyResult<Option<Report>> {
        loop {
            if let Some(report) = self.ready.pop_front() {
                return Ok(Some(report));
            }
            if self.feed.is_none() {
                return Ok(None);
            }
            if let Err(error) = self.fill(py) {
                self.feed = None;
                return Err(error);
            }
        }
    }

    fn fill(&mut self, py: Python<'_>) -> PyResult<()> {
        let chunk = self.read_chunk(py)?;
        let count = chunk.len();
        if count == 0 {
            self.feed = None;
            return self.naming.finish(py, self.seen);
        }
        let ids = self.naming.take_ids(py, count, self.seen)?;
        let first = self.seen;
        self.seen += count;
        let engine = &self.engine;
        let (options, threads) = (&self.options, self.threads);
        let id_path = self.naming.id_path.as_deref();
        let checked = py.detach(|| {
            ffi::guard(|| {
                let reports = check_chunk(engine, &chunk, options, threads)?;
                let named = name_chunk(reports, &chunk, first, ids, id_path, options);
                if let Chunk::Documents(inputs) = chunk {
                    for input in inputs {
                        convert::release(input, options.limits.max_depth);
                    }
                }
                named
            })
        });
        self.ready.extend(checked.into_py_result(py)?);
        Ok(())
    }

    fn read_chunk(&mut self, py: Python<'_>) -> PyResult<Chunk> {
        let limit = self.chunk;
        let max_bytes = self.options.limits.max_bytes;
        let line = &mut self.line;
        match &mut self.feed {
            None => Ok(Chunk::Documents(Vec::new())),
            Some(Feed::Documents(items)) => {
                let items = items.bind(py);
                let mut inputs = Vec::with_capacity(limit);
                while inputs.len() < limit {
                    let Some(item) = items.clone().next().transpose()? else {
                        break;
                    };
                    let index = self.seen + inputs.len();
                    match convert::batch_document(&item, &self.options, index) {
                        Ok(input) => inputs.push(input),
                        Err(error) => {
                            for input in inputs {
                                convert::release(input, self.options.limits.max_depth);
                            }
                            return Err(error);
                        }
                    }
                }
                Ok(Chunk::Documents(inputs))
            }
            Some(Feed::File { reader, name }) => py
                .detach(|| read_lines(reader, limit, max_bytes, line, name))
                .map_err(|error| {
                    Error::new(
                        ErrorCode::Io,
                        format!("cannot read NDJSON line {}: {error}", *line + 1),
                    )
                    .with_origin(name.clone())
                })
                .into_py_result(py),
            Some(Feed::Object(file)) => {
                let file = file.bind(py);
                let mut chunk = LinesChunk::new(limit, ffi::MEMORY_SOURCE.to_owned());
                while !chunk.full() {
                    let text = file.call_method0("readline")?;
                    let bytes = if let Ok(text) = text.cast::<PyString>() {
                        convert::text_argument(text, ErrorCode::Input, "an NDJSON line")?
                            .into_bytes()
                    } else if let Ok(bytes) = text.cast::<PyBytes>() {
                        bytes.as_bytes().to_vec()
                    } else {
                        return Err(PyTypeError::new_err(
                            "a file object's readline() returns str or bytes",
                        ));
                    };
                    if bytes.is_empty() {
                        break;
                    }
                    *line += 1;
                    chunk.push(*line, &bytes);
                }
                Ok(chunk.finish())
            }
        }
    }
}

#[pymethods]
impl ReportIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<PyReport>> {
        Ok(self.next_report(py)?.map(PyReport))
    }
}

/// Non-blank lines gathered into one NDJSON text for core, which reads them
/// as it reads any NDJSON (line breaks, size limit, JSON only).
struct LinesChunk {
    text: Vec<u8>,
    lines: Vec<Line>,
    limit: usize,
    name: String,
}

impl LinesChunk {
    fn new(limit: usize, name: String) -> LinesChunk {
        LinesChunk {
            text: Vec::new(),
            lines: Vec::with_capacity(limit.min(1 << 16)),
            limit,
            name,
        }
    }

    fn full(&self) -> bool {
        self.lines.len() >= self.limit
    }

    /// Adds line `number` unless it is blank, as core skips blank lines.
    fn push(&mut self, number: u64, bytes: &[u8]) {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let start = self.text.len();
        self.text.extend_from_slice(bytes);
        if !bytes.ends_with(b"\n") {
            self.text.push(b'\n');
        }
        self.lines.push(Line {
            number,
            start,
            end: self.text.len(),
        });
    }

    fn finish(self) -> Chunk {
        Chunk::Lines {
            text: self.text,
            lines: self.lines,
            name: self.name,
        }
    }
}

/// Reads up to `limit` non-blank lines, each cut at `max_bytes + 1` bytes (the
/// check then reports it as too large) rather than loaded whole.
fn read_lines(
    reader: &mut BufReader<File>,
    limit: usize,
    max_bytes: usize,
    line: &mut u64,
    name: &str,
) -> std::io::Result<Chunk> {
    let mut chunk = LinesChunk::new(limit, name.to_owned());
    let mut bytes = Vec::new();
    while !chunk.full() {
        bytes.clear();
        let keep = max_bytes as u64 + 2;
        let read = reader.by_ref().take(keep).read_until(b'\n', &mut bytes)?;
        if read == 0 {
            break;
        }
        if !bytes.ends_with(b"\n") && read as u64 == keep {
            // Skip the rest of an over-long line.
            let mut rest = Vec::new();
            while reader.by_ref().take(1 << 16).read_until(b'\n', &mut rest)? > 0 {
                if rest.ends_with(b"\n") {
                    break;
                }
                rest.clear();
            }
        }
        *line += 1;
        chunk.push(*line, &bytes);
    }
    Ok(chunk.finish())
}

fn check_chunk(
    engine: &Engine,
    chunk: &Chunk,
    options: &CheckOptions,
    threads: Option<usize>,
) -> cte_rules_core::Result<Vec<Report>> {
    let reports = match chunk {
        Chunk::Documents(inputs) => engine.check_many(inputs, options, threads)?,
        Chunk::Lines { text, .. } => {
            // INVARIANT: the text holds the chunk's non-blank lines only, so
            // core gives one report per `Line`, in order.
            engine.check_batch_reports(&Batch::NdjsonBytes(text.clone()), options, threads)?
        }
    };
    if reports.len() == chunk.len() {
        Ok(reports)
    } else {
        Err(Error::new(
            ErrorCode::Internal,
            format!("{} reports for {} documents", reports.len(), chunk.len()),
        ))
    }
}
