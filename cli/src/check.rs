//! `cte-rules check`: run the engine over every input and stream the reports out.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use cte_rules_core::ffi::Batch;
use cte_rules_core::{CheckOptions, Error, ErrorCode, Limits, Report, Severity};

use crate::inputs::{self, Input};
use crate::output::{self, ColorWhen, Origin, Sink};
use crate::progress::{self, Progress};
use crate::PackArgs;

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    Text,
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// JUnit XML, for CI test dashboards.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// Lowest severity that makes `check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Files (`.json`, `.yaml`, `.yml`, `.ndjson`, `.jsonl`), directories, or `-` for stdin.
    #[arg(value_name = "PATH", default_value = "-")]
    paths: Vec<String>,
    #[command(flatten)]
    packs: PackArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    /// Exit 1 when a finding at or above this severity fails.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Also report the rules that passed (text and json; sarif, junit and github
    /// report failures only).
    #[arg(long)]
    all: bool,
    /// Counts per rule and per severity instead of every finding (text and json).
    #[arg(long)]
    summary: bool,
    /// The date rules see as today (YYYY-MM-DD), for reproducible reports.
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Largest document accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_bytes)]
    max_bytes: usize,
    /// Threads for NDJSON batches (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Deepest nesting accepted (at most 10000).
    #[arg(long, value_name = "LEVELS", default_value_t = Limits::default().max_depth)]
    max_depth: usize,
    /// Evaluation budget of one document: the steps all rules may take on it
    /// (loop iterations, list items and 64-byte pieces of text built). A rule
    /// that would exceed it reports status `error`, code `E_BUDGET`.
    #[arg(long, value_name = "STEPS", default_value_t = Limits::default().max_steps)]
    max_steps: u64,
    /// Colour text output: `auto` (a terminal; honours NO_COLOR, CLICOLOR_FORCE
    /// and TERM=dumb), `always` or `never`.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
}

pub(crate) fn run(args: &CheckArgs) -> Result<ExitCode, Error> {
    let options = CheckOptions {
        include_passed: args.all,
        today: args.today.clone(),
        limits: Limits {
            max_bytes: args.max_bytes,
            max_depth: args.max_depth,
            max_steps: args.max_steps,
        },
    };
    validate(&options)?;
    if args.summary && !matches!(args.format, CheckFormat::Text | CheckFormat::Json) {
        return Err(Error::new(
            ErrorCode::Usage,
            "`--summary` is for `--format text` or `--format json`".to_owned(),
        ));
    }
    let engine = args.packs.engine()?;
    let inputs = inputs::collect(&args.paths)?;
    let stdout = std::io::stdout();
    let stdout_is_terminal = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut sink: Box<dyn Sink> = match (args.format, args.summary) {
        (CheckFormat::Text, true) => Box::new(output::summary::SummarySink::new(false)),
        (CheckFormat::Json, true) => Box::new(output::summary::SummarySink::new(true)),
        (CheckFormat::Text, false) => {
            Box::new(output::text::TextSink::new(output::use_colour(args.color)))
        }
        (CheckFormat::Json, false) => Box::new(output::json::JsonSink::default()),
        (CheckFormat::Sarif, _) => Box::new(output::sarif::SarifSink::new(engine.rules())),
        (CheckFormat::Junit, _) => Box::new(output::junit::JunitSink),
        (CheckFormat::Github, _) => Box::new(output::github::GithubSink::default()),
    };
    // NDJSON lines are counted as they come; only a list of whole files has a known length.
    let total = inputs
        .iter()
        .all(|input| !matches!(input, Input::Ndjson(_)))
        .then_some(inputs.len() as u64);
    let mut progress = Progress::new(progress::wanted(), total);
    sink.begin(&mut out).map_err(write_error)?;
    let mut worst: Option<Severity> = None;
    let mut emit = |report: Report, origin: &Origin, out: &mut dyn Write| -> Result<(), Error> {
        progress.inc();
        // INVARIANT: the exit status depends on the reports only, never on the format.
        worst = worst.max(report.summary.worst());
        if stdout_is_terminal {
            // Output and bar share the terminal: write this report past the bar.
            progress.suspend(|| {
                sink.report(&report, origin, out)
                    .and_then(|()| out.flush())
                    .map_err(write_error)
            })
        } else {
            sink.report(&report, origin, out).map_err(write_error)
        }
    };
    // Consecutive files go to the engine together, to be checked on all cores.
    let mut files: Vec<PathBuf> = Vec::new();
    let jobs = args.jobs.map(usize::from);
    let check_files = |files: &mut Vec<PathBuf>, emit: &mut Emit<'_>, out: &mut dyn Write| {
        if files.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(files);
        engine.check_files(&batch, &options, jobs, |report| {
            let source = report.source.clone();
            emit(report, &Origin::File(&source), out)
        })
    };
    for input in &inputs {
        match input {
            Input::File(path) => {
                files.push(path.clone());
                continue;
            }
            Input::Stdin => {
                check_files(&mut files, &mut emit, &mut out)?;
                let bytes = inputs::read_stdin(options.limits.max_bytes)?;
                emit(
                    engine.check_bytes("-", &bytes, None, &options),
                    &Origin::Stdin,
                    &mut out,
                )?;
            }
            Input::Ndjson(path) => {
                check_files(&mut files, &mut emit, &mut out)?;
                let name = path.display().to_string();
                let batch = Batch::NdjsonFile(path.clone());
                engine.check_batch(&batch, &options, jobs, |checked| {
                    let origin = match checked.line {
                        Some(line) => Origin::NdjsonLine { file: &name, line },
                        None => Origin::File(&name),
                    };
                    emit(checked.report, &origin, &mut out)
                })?;
            }
        }
    }
    check_files(&mut files, &mut emit, &mut out)?;
    progress.finish();
    sink.end(&mut out).map_err(write_error)?;
    out.flush().map_err(write_error)?;
    let failed = match (args.fail_on.threshold(), worst) {
        (Some(threshold), Some(worst)) => worst >= threshold,
        _ => false,
    };
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Core's [`CheckOptions::validate`] in command-line terms: the options came
/// from flags, so a bad one is a usage error (`E_USAGE`, exit 2) naming the flag.
pub(crate) fn validate(options: &CheckOptions) -> Result<(), Error> {
    options.validate().map_err(|error| {
        let message = match error.path() {
            Some("/today") => format!(
                "`--today {}` is not a date; write YYYY-MM-DD",
                options.today.as_deref().unwrap_or_default()
            ),
            _ => error
                .message()
                .replace("`limits.max_bytes`", "`--max-bytes`")
                .replace("`limits.max_depth`", "`--max-depth`")
                .replace("`limits.max_steps`", "`--max-steps`"),
        };
        Error::new(ErrorCode::Usage, message)
    })
}

/// Hands one report to the output, with where it came from.
type Emit<'a> = dyn FnMut(Report, &Origin, &mut dyn Write) -> Result<(), Error> + 'a;

fn write_error(error: std::io::Error) -> Error {
    Error::new(ErrorCode::Io, format!("cannot write output: {error}"))
}
