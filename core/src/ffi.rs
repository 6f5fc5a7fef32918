//! The surface the Python and Node bindings share: inputs as a host language hands
//! them over (a path, text, bytes or an already-parsed value), batches on all cores,
//! and a guard that turns a panic into an [`Error`] before it can cross an FFI
//! boundary. Bindings only convert to and from these types.

use std::collections::HashMap;
use std::io::BufRead;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use serde_json::Value;

use crate::document::Format;
use crate::engine::{CheckOptions, Engine};
use crate::error::{Error, ErrorCode, Result};
use crate::pack::{national_pack, Pack};
use crate::report::Report;
use crate::today::Today;

/// A rule pack as a caller gives it.
#[derive(Debug, Clone)]
pub enum PackSource {
    /// A YAML or JSON file.
    Path(PathBuf),
    /// YAML or JSON text.
    Text(String),
    /// An already-parsed pack (a Python dict, a JS object).
    Value(Value),
}

impl PackSource {
    /// Reads a host-language string as a pack: inline YAML/JSON when it spans
    /// several lines or starts with `{`, otherwise a file path. Both bindings use
    /// this so that the same string means the same thing everywhere.
    #[must_use]
    pub fn from_string(text: String) -> PackSource {
        let trimmed = text.trim_start();
        if trimmed.contains('\n') || trimmed.starts_with('{') {
            PackSource::Text(text)
        } else {
            PackSource::Path(PathBuf::from(text))
        }
    }

    /// Loads the pack; `index` names inline packs in errors (`<pack 1>`).
    pub fn load(&self, index: usize) -> Result<Pack> {
        self.read(index).into_result()
    }

    /// [`PackSource::load`], keeping what can be read beside the errors.
    pub fn read(&self, index: usize) -> crate::pack::Loaded {
        match self {
            PackSource::Path(path) => Pack::read_path(path),
            PackSource::Text(text) => Pack::read_text(text, &format!("<pack {index}>")),
            PackSource::Value(value) => Pack::read_value(value, &format!("<pack {index}>")),
        }
    }
}

/// Builds an engine from the built-in pack (unless `builtin` is false) and `packs`.
pub fn engine_from_sources(packs: &[PackSource], builtin: bool) -> Result<Engine> {
    let read = packs
        .iter()
        .enumerate()
        .map(|(index, source)| source.read(index + 1))
        .collect();
    engine_from_read(read, builtin)
}

/// Builds an engine from packs read leniently ([`Pack::read_text`] and
/// siblings), in load order: every pack is read, and what could be read
/// compiled, before giving up, so that all errors of all packs show in one
/// run, pack by pack in load order, each by line.
pub fn engine_from_read(packs: Vec<crate::pack::Loaded>, builtin: bool) -> Result<Engine> {
    let mut loaded = Vec::with_capacity(packs.len() + 1);
    if builtin {
        loaded.push(national_pack()?);
    }
    let mut errors = Vec::new();
    let mut origins: Vec<Option<String>> = Vec::new();
    for read in packs {
        origins.push(
            read.errors
                .first()
                .and_then(|e| e.origin().map(str::to_owned))
                .or_else(|| read.pack.as_ref().and_then(|pack| pack.origin.clone())),
        );
        errors.extend(read.errors);
        loaded.extend(read.pack);
    }
    let engine = Engine::new(loaded);
    if errors.is_empty() {
        return engine;
    }
    if let Err(error) = engine {
        errors.extend(error.into_errors());
    }
    let order = |error: &Error| {
        origins
            .iter()
            .position(|origin| origin.as_deref() == error.origin())
            .unwrap_or(usize::MAX)
    };
    errors.sort_by(|a, b| {
        let place = |e: &Error| (e.line().unwrap_or(0), e.column().unwrap_or(0));
        (order(a), place(a)).cmp(&(order(b), place(b)))
    });
    Err(Error::from_many(errors).unwrap_or_else(|| Error::new(ErrorCode::Internal, "no error")))
}

/// A document as a caller gives it.
#[derive(Debug, Clone)]
pub enum DocumentInput {
    /// An already-parsed document (a Python dict, a JS object).
    Value(Value),
    /// JSON or YAML text.
    Text(String),
    /// Raw bytes of JSON or YAML (a Python `bytes`, a Node `Buffer`).
    Bytes(Vec<u8>),
    /// A file to read.
    Path(PathBuf),
}

impl DocumentInput {
    /// Parses the input into a JSON value, for the operations that need a whole
    /// valid document rather than a report (survey scoring, rubric reconciliation).
    /// Unreadable or malformed input is an `E_INPUT` error with its position.
    pub fn parse(&self, limits: &crate::document::Limits) -> Result<Value> {
        let (bytes, origin): (std::borrow::Cow<'_, [u8]>, String) = match self {
            DocumentInput::Value(value) => return Ok(value.clone()),
            DocumentInput::Text(text) => (text.as_bytes().into(), MEMORY_SOURCE.to_owned()),
            DocumentInput::Bytes(bytes) => (bytes.as_slice().into(), MEMORY_SOURCE.to_owned()),
            DocumentInput::Path(path) => (
                read_bounded(path, limits.max_bytes)?.into(),
                path.display().to_string(),
            ),
        };
        let format = Format::from_path(&origin);
        crate::document::parse_bytes(&bytes, format, limits).map_err(|failure| {
            let error = Error::new(ErrorCode::Input, failure.message).with_origin(origin);
            match (failure.line, failure.column) {
                (Some(line), Some(column)) => error.with_position(line, column),
                _ => error,
            }
        })
    }
}

/// Source name of an in-memory document.
pub const MEMORY_SOURCE: &str = "<input>";

impl Engine {
    /// Checks one input. Only invalid options ([`CheckOptions::validate`]) and an
    /// unreadable file are errors; a malformed or schema-invalid document is a
    /// report with `parse` or `schema` findings.
    pub fn check_input(
        &self,
        input: &DocumentInput,
        source: Option<&str>,
        options: &CheckOptions,
    ) -> Result<Report> {
        options.validate()?;
        let today = options.resolve_today()?;
        self.check_valid_input(input, source, options, &today)
    }

    /// [`Engine::check_input`] with options already validated and `today`
    /// resolved, so a batch does both once.
    fn check_valid_input(
        &self,
        input: &DocumentInput,
        source: Option<&str>,
        options: &CheckOptions,
        today: &Today,
    ) -> Result<Report> {
        let source = source.unwrap_or(MEMORY_SOURCE);
        let today = Some(today);
        Ok(match input {
            DocumentInput::Value(value) => self.check_value_on(source, value, options, today),
            DocumentInput::Text(text) => self.check_text_on(source, text, options, today),
            DocumentInput::Bytes(bytes) => self.check_bytes_on(source, bytes, None, options, today),
            DocumentInput::Path(path) => {
                let bytes = read_bounded(path, options.limits.max_bytes)?;
                let name = path.display().to_string();
                self.check_bytes_on(&name, &bytes, None, options, today)
            }
        })
    }

    /// Checks many inputs on `threads` cores (all cores when `None`), keeping
    /// input order. In-memory inputs are named `<input>:1`, `<input>:2`, ...
    pub fn check_many(
        &self,
        inputs: &[DocumentInput],
        options: &CheckOptions,
        threads: Option<usize>,
    ) -> Result<Vec<Report>> {
        options.validate()?;
        let today = options.resolve_today()?;
        Pool::new(threads)?.run(|| {
            inputs
                .par_iter()
                .enumerate()
                .map(|(i, input)| {
                    let name = format!("{MEMORY_SOURCE}:{}", i + 1);
                    self.check_valid_input(input, Some(&name), options, &today)
                })
                .collect()
        })
    }

    /// Checks a batch on `threads` cores (all cores when `None`), calling
    /// `emit` with each report in input order, with the NDJSON line it was
    /// read from as data (reports are named `<input>:N` by position,
    /// `<input>:LINE` or `PATH:LINE` by line, but nothing needs to parse that
    /// back). Options are validated and `today` resolved once for the batch.
    pub fn check_batch(
        &self,
        batch: &Batch,
        options: &CheckOptions,
        threads: Option<usize>,
        mut emit: impl FnMut(Checked) -> Result<()>,
    ) -> Result<()> {
        let line = |line| move |report| Checked { report, line };
        match batch {
            Batch::Documents(inputs) => {
                for report in self.check_many(inputs, options, threads)? {
                    emit(Checked { report, line: None })?;
                }
                Ok(())
            }
            Batch::NdjsonBytes(bytes) => self.check_ndjson_lines(
                std::io::Cursor::new(bytes),
                MEMORY_SOURCE,
                options,
                threads,
                |report, number| emit(line(Some(number))(report)),
            ),
            Batch::NdjsonFile(path) => {
                let file = std::fs::File::open(path).map_err(|e| io_error(path, &e))?;
                let reader = std::io::BufReader::with_capacity(1 << 16, file);
                let name = path.display().to_string();
                self.check_ndjson_lines(reader, &name, options, threads, |report, number| {
                    emit(line(Some(number))(report))
                })
            }
        }
    }

    /// [`Engine::check_batch`], collecting the reports.
    pub fn check_batch_reports(
        &self,
        batch: &Batch,
        options: &CheckOptions,
        threads: Option<usize>,
    ) -> Result<Vec<Report>> {
        let mut reports = Vec::new();
        self.check_batch(batch, options, threads, |checked| {
            reports.push(checked.report);
            Ok(())
        })?;
        Ok(reports)
    }

    /// Checks an NDJSON stream in parallel chunks, calling `emit` with each report
    /// in input order. Memory stays bounded by the chunk size, not the stream size.
    /// Reports are named `name:LINE`; [`Engine::check_batch`] gives the line
    /// as a number too.
    pub fn check_ndjson<R: BufRead + Send>(
        &self,
        reader: R,
        name: &str,
        options: &CheckOptions,
        threads: Option<usize>,
        mut emit: impl FnMut(Report) -> Result<()>,
    ) -> Result<()> {
        self.check_ndjson_lines(reader, name, options, threads, |report, _| emit(report))
    }

    /// [`Engine::check_ndjson`], emitting each report with its line number.
    fn check_ndjson_lines<R: BufRead + Send>(
        &self,
        reader: R,
        name: &str,
        options: &CheckOptions,
        threads: Option<usize>,
        emit: impl FnMut(Report, u64) -> Result<()>,
    ) -> Result<()> {
        const CHUNK: usize = 2048;
        options.validate()?;
        let today = options.resolve_today()?;
        let today = &today;
        let pool = Pool::new(threads)?;
        let mut lines = NdjsonLines::new(reader, options.limits.max_bytes);
        let mut ended = false;
        let next_chunk = move || {
            if ended {
                return None;
            }
            let mut chunk: Vec<(usize, Vec<u8>)> = Vec::with_capacity(CHUNK);
            let mut failure = None;
            while chunk.len() < CHUNK {
                match lines.next_line() {
                    Some(Ok(line)) => chunk.push(line),
                    Some(Err(error)) => {
                        failure = Some(error);
                        break;
                    }
                    None => break,
                }
            }
            ended = chunk.len() < CHUNK;
            if chunk.is_empty() && failure.is_none() {
                return None;
            }
            let mut reports: Vec<Result<(Report, u64)>> = pool.run(|| {
                chunk
                    .par_iter()
                    .map(|(number, bytes)| {
                        let source = format!("{name}:{number}");
                        // Without its line break, so a parse error never points past the line.
                        let line = bytes.strip_suffix(b"\n").unwrap_or(bytes);
                        let line = line.strip_suffix(b"\r").unwrap_or(line);
                        let report = self.check_bytes_on(
                            &source,
                            line,
                            Some(Format::Json),
                            options,
                            Some(today),
                        );
                        Ok((report, *number as u64))
                    })
                    .collect()
            });
            reports.extend(failure.map(Err));
            Some(reports)
        };
        let mut emit = emit;
        pipeline(next_chunk, |(report, line)| emit(report, line))
    }

    /// Checks files on all cores (or `threads`), calling `emit` with each report
    /// in the order of `paths`, each named by its path. A file that cannot be read
    /// ends the batch with its error, after the reports of the files before it.
    pub fn check_files(
        &self,
        paths: &[PathBuf],
        options: &CheckOptions,
        threads: Option<usize>,
        emit: impl FnMut(Report) -> Result<()>,
    ) -> Result<()> {
        /// Small enough that reports start flowing at once, large enough to keep
        /// every core busy.
        const CHUNK: usize = 64;
        options.validate()?;
        let today = options.resolve_today()?;
        let today = &today;
        let pool = Pool::new(threads)?;
        let mut chunks = paths.chunks(CHUNK);
        let next_chunk = move || {
            let chunk = chunks.next()?;
            Some(pool.run(|| {
                chunk
                    .par_iter()
                    .map(|path| {
                        let bytes = read_bounded(path, options.limits.max_bytes)?;
                        let source = path.display().to_string();
                        Ok(self.check_bytes_on(&source, &bytes, None, options, Some(today)))
                    })
                    .collect()
            }))
        };
        pipeline(next_chunk, emit)
    }

    /// [`Engine::check_ndjson`] on a file, collecting the reports.
    pub fn check_ndjson_path(
        &self,
        path: &Path,
        options: &CheckOptions,
        threads: Option<usize>,
    ) -> Result<Vec<Report>> {
        self.check_batch_reports(&Batch::NdjsonFile(path.to_owned()), options, threads)
    }
}

/// What a batch checks: every face's many-documents call is one of these.
#[derive(Debug, Clone)]
pub enum Batch {
    /// Documents one by one, named `<input>:1`, `<input>:2`, ... by position.
    Documents(Vec<DocumentInput>),
    /// NDJSON in memory (a Node `Buffer`), one document a line, named
    /// `<input>:LINE`.
    NdjsonBytes(Vec<u8>),
    /// An NDJSON file, streamed in bounded chunks, named `PATH:LINE`.
    NdjsonFile(PathBuf),
}

/// One report of a batch, and the NDJSON line (1-based) its document was on.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub report: Report,
    pub line: Option<u64>,
}

/// Runs `next_chunk` (which checks one chunk of a batch) on a thread of its own,
/// one chunk ahead of `emit` writing out the previous one, so that output never
/// idles the cores; at most two chunks are in memory. The first error, from a
/// chunk or from `emit`, ends the batch (a closed output stops the checking too).
fn pipeline<T: Send>(
    next_chunk: impl FnMut() -> Option<Vec<Result<T>>> + Send,
    mut emit: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    std::thread::scope(|scope| {
        // A rendezvous channel: the checker hands over a chunk only when the
        // writer takes it, so one chunk is written while the next is checked.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Result<T>>>(0);
        scope.spawn(move || {
            let mut next_chunk = next_chunk;
            while let Some(reports) = next_chunk() {
                if sender.send(reports).is_err() {
                    return;
                }
            }
        });
        for reports in receiver {
            for report in reports {
                emit(report?)?;
            }
        }
        Ok(())
    })
}

/// The most threads a batch runs on: four per core. Checking is CPU-bound,
/// so more cannot be faster, and a count asked for by mistake
/// (`threads=2**40`, `--jobs 3000`) would exhaust the process; a larger
/// count is cut to this.
#[must_use]
pub fn max_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .saturating_mul(4)
}

/// Where batch work runs: rayon's global pool (all cores) or a pool of N
/// threads, shared by every batch of the process that asks for N.
enum Pool {
    Global,
    Sized(Arc<rayon::ThreadPool>),
}

impl Pool {
    fn new(threads: Option<usize>) -> Result<Pool> {
        static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
        let count = match threads {
            None => return Ok(Pool::Global),
            Some(0) => {
                return Err(Error::new(
                    ErrorCode::Options,
                    "`threads` must be at least 1",
                ))
            }
            Some(count) => count.min(max_threads()),
        };
        let mut pools = POOLS
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(pool) = pools.get(&count) {
            return Ok(Pool::Sized(Arc::clone(pool)));
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(count)
            .build()
            .map(Arc::new)
            .map_err(|e| Error::new(ErrorCode::Internal, format!("cannot start threads: {e}")))?;
        pools.insert(count, Arc::clone(&pool));
        Ok(Pool::Sized(pool))
    }

    fn run<T: Send>(&self, work: impl FnOnce() -> T + Send) -> T {
        match self {
            Pool::Global => work(),
            Pool::Sized(pool) => pool.install(work),
        }
    }
}

/// Reads the lines of an NDJSON stream, skipping blank ones; a line longer than
/// the size limit is cut off there (the check then reports it as too large)
/// rather than loaded whole.
struct NdjsonLines<R> {
    reader: R,
    max_bytes: usize,
    number: usize,
}

impl<R: BufRead> NdjsonLines<R> {
    fn new(reader: R, max_bytes: usize) -> Self {
        NdjsonLines {
            reader,
            max_bytes,
            number: 0,
        }
    }

    fn next_line(&mut self) -> Option<Result<(usize, Vec<u8>)>> {
        loop {
            let mut line = Vec::new();
            match read_line_bounded(&mut self.reader, &mut line, self.max_bytes + 1) {
                Ok(0) => return None,
                Ok(_) => {
                    self.number += 1;
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Ok((self.number, line)));
                }
                Err(error) => {
                    return Some(Err(Error::new(
                        ErrorCode::Io,
                        format!("cannot read NDJSON line {}: {error}", self.number + 1),
                    )))
                }
            }
        }
    }
}

/// Reads up to and including the next `\n`, keeping at most `keep` bytes and
/// discarding the rest of an over-long line. Returns the bytes consumed.
fn read_line_bounded<R: BufRead>(
    reader: &mut R,
    line: &mut Vec<u8>,
    keep: usize,
) -> std::io::Result<usize> {
    let mut consumed = 0;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(consumed);
        }
        let (chunk, done) = match memchr::memchr(b'\n', buffer) {
            Some(end) => (&buffer[..=end], true),
            None => (buffer, false),
        };
        let room = keep.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = chunk.len();
        reader.consume(used);
        consumed += used;
        if done {
            return Ok(consumed);
        }
    }
}

fn io_error(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        ErrorCode::Io,
        format!("cannot read `{}`: {error}", path.display()),
    )
    .with_origin(path.display().to_string())
}

/// Reads at most `max_bytes + 1` bytes of a file, so the size check can fire
/// without loading a huge file.
pub fn read_bounded(path: &Path, max_bytes: usize) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| io_error(path, &e))?;
    let mut bytes = Vec::new();
    file.take(max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, &e))?;
    Ok(bytes)
}

/// Runs `work`, turning a panic into an `E_INTERNAL` error so that it never
/// unwinds into Python or Node.
pub fn guard<T>(work: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(Error::new(
                ErrorCode::Internal,
                format!("internal error, please report it: {detail}"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_thread_count_is_cut_to_the_cap_and_pools_are_shared() {
        let Pool::Sized(huge) = Pool::new(Some(1 << 40)).unwrap() else {
            panic!("a sized pool")
        };
        assert_eq!(huge.current_num_threads(), max_threads());
        let Pool::Sized(again) = Pool::new(Some(usize::MAX)).unwrap() else {
            panic!("a sized pool")
        };
        assert!(Arc::ptr_eq(&huge, &again), "one pool per size, per process");
        let Pool::Sized(one) = Pool::new(Some(1)).unwrap() else {
            panic!("a sized pool")
        };
        assert_eq!(one.current_num_threads(), 1);
        assert!(matches!(Pool::new(None), Ok(Pool::Global)));
        let zero = Pool::new(Some(0)).err().unwrap();
        assert_eq!(zero.code(), ErrorCode::Options);
    }

    #[test]
    fn strings_are_text_or_paths_by_shape() {
        assert!(matches!(
            PackSource::from_string("state.yaml".into()),
            PackSource::Path(_)
        ));
        assert!(matches!(
            PackSource::from_string("name: x\nrules: []\n".into()),
            PackSource::Text(_)
        ));
        assert!(matches!(
            PackSource::from_string("{\"name\": \"x\"}".into()),
            PackSource::Text(_)
        ));
    }

    /// Files and NDJSON lines come back in input order whatever the threads,
    /// across several chunks, and an unreadable file ends the batch only after
    /// the reports before it.
    #[test]
    fn batches_keep_input_order_and_stop_at_an_unreadable_file() {
        let engine = engine_from_sources(&[], true).unwrap();
        let dir = std::env::temp_dir().join(format!("cte-rules-batch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut paths = Vec::new();
        for n in 0..150 {
            let path = dir.join(format!("{n:03}.json"));
            let kind = if n % 3 == 0 {
                "curriculum"
            } else {
                "no-such-kind"
            };
            std::fs::write(&path, format!("{{\"kind\": \"{kind}\"}}")).unwrap();
            paths.push(path);
        }
        let options = CheckOptions::default();
        for threads in [Some(1), Some(2), None] {
            let mut sources = Vec::new();
            engine
                .check_files(&paths, &options, threads, |report| {
                    sources.push(report.source);
                    Ok(())
                })
                .unwrap();
            let expected: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            assert_eq!(sources, expected, "{threads:?}");

            let ndjson: String = (0..5000).map(|n| format!("{{\"n\": {n}}}\n")).collect();
            let mut lines = Vec::new();
            engine
                .check_ndjson(
                    std::io::Cursor::new(ndjson),
                    "x",
                    &options,
                    threads,
                    |report| {
                        lines.push(report.source);
                        Ok(())
                    },
                )
                .unwrap();
            let expected: Vec<String> = (1..=5000).map(|n| format!("x:{n}")).collect();
            assert_eq!(lines, expected, "{threads:?}");
        }
        let mut with_missing = paths[..70].to_vec();
        with_missing.push(dir.join("missing.json"));
        with_missing.extend(paths[70..].iter().cloned());
        let mut seen = 0;
        let error = engine
            .check_files(&with_missing, &options, None, |_| {
                seen += 1;
                Ok(())
            })
            .unwrap_err();
        assert_eq!((seen, error.code()), (70, ErrorCode::Io));
        // An emit that fails (a closed output) ends the batch with its error.
        let error = engine
            .check_files(&paths, &options, None, |_| {
                Err(Error::new(ErrorCode::Io, "closed"))
            })
            .unwrap_err();
        assert_eq!(error.message(), "closed");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn over_long_ndjson_lines_are_cut_not_loaded() {
        let long = format!("{}\n{{}}\n", "x".repeat(10_000));
        let mut lines = NdjsonLines::new(std::io::Cursor::new(long.into_bytes()), 100);
        let (number, first) = lines.next_line().unwrap().unwrap();
        assert_eq!((number, first.len()), (1, 101));
        let (number, second) = lines.next_line().unwrap().unwrap();
        assert_eq!((number, second.as_slice()), (2, b"{}\n".as_slice()));
        assert!(lines.next_line().is_none());
    }

    #[test]
    fn every_fallible_check_rejects_invalid_options_before_reading() {
        let engine = engine_from_sources(&[], false).unwrap();
        let options = CheckOptions {
            today: Some("2025-02-29".to_owned()),
            ..CheckOptions::default()
        };
        // A missing file: only validation can fail first with E_OPTIONS.
        let missing = DocumentInput::Path(PathBuf::from("/nonexistent/plan.yaml"));
        let results = [
            engine.check_input(&missing, None, &options).map(|_| ()),
            engine
                .check_many(std::slice::from_ref(&missing), &options, None)
                .map(|_| ()),
            engine
                .check_ndjson(std::io::Cursor::new(b"{}\n"), "x", &options, None, |_| {
                    Ok(())
                })
                .map(|_| ()),
            engine.check_files(
                &[PathBuf::from("/nonexistent/plan.yaml")],
                &options,
                None,
                |_| Ok(()),
            ),
        ];
        for result in results {
            let error = result.unwrap_err();
            assert_eq!(error.code(), ErrorCode::Options, "{error}");
            assert_eq!(error.path(), Some("/today"));
        }
        let valid = CheckOptions {
            today: Some("2024-02-29".to_owned()),
            ..CheckOptions::default()
        };
        let text = DocumentInput::Text("{}".to_owned());
        assert!(engine.check_input(&text, None, &valid).is_ok());
    }

    #[test]
    fn guard_turns_panics_into_internal_errors() {
        let result: Result<()> = guard(|| panic!("boom"));
        let error = result.unwrap_err();
        assert_eq!(error.code(), ErrorCode::Internal);
        assert!(error.message().contains("boom"));
    }
}
