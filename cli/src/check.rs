//! `cte-rules check`: run the engine over every input and stream the reports out.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use cte_rules_core::ffi::read_bounded;
use cte_rules_core::{CheckOptions, Error, ErrorCode, Limits, Report, Severity};

use crate::inputs::{self, Input};
use crate::output::{self, Sink};
use crate::PackArgs;

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    Text,
    Json,
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
    /// Also report the rules that passed.
    #[arg(long)]
    all: bool,
    /// The date rules see as today (YYYY-MM-DD), for reproducible reports.
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Largest document accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_bytes)]
    max_bytes: usize,
    /// Threads for NDJSON batches (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Deepest nesting accepted.
    #[arg(long, value_name = "LEVELS", default_value_t = Limits::default().max_depth)]
    max_depth: usize,
}

pub(crate) fn run(args: &CheckArgs) -> Result<ExitCode, Error> {
    if let Some(today) = &args.today {
        let valid = today.len() == 10
            && today.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !valid {
            return Err(Error::new(
                ErrorCode::Usage,
                format!("`--today {today}` is not a date; write YYYY-MM-DD"),
            ));
        }
    }
    let engine = args.packs.engine()?;
    let inputs = inputs::collect(&args.paths)?;
    let options = CheckOptions {
        include_passed: args.all,
        today: args.today.clone(),
        limits: Limits {
            max_bytes: args.max_bytes,
            max_depth: args.max_depth,
        },
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut sink: Box<dyn Sink> = match args.format {
        CheckFormat::Text => Box::new(output::text::TextSink::new(output::use_colour())),
        CheckFormat::Json => Box::new(output::json::JsonSink::default()),
    };
    sink.begin(&mut out).map_err(write_error)?;
    let mut worst: Option<Severity> = None;
    let mut emit = |report: Report, out: &mut dyn Write| -> Result<(), Error> {
        worst = worst.max(report.summary.worst());
        sink.report(&report, out).map_err(write_error)
    };
    for input in &inputs {
        match input {
            Input::Stdin => {
                let bytes = inputs::read_stdin(options.limits.max_bytes)?;
                emit(engine.check_bytes("-", &bytes, None, &options), &mut out)?;
            }
            Input::File(path) => {
                let bytes = read_bounded(path, options.limits.max_bytes)?;
                let source = path.display().to_string();
                emit(
                    engine.check_bytes(&source, &bytes, None, &options),
                    &mut out,
                )?;
            }
            Input::Ndjson(path) => {
                let file = std::fs::File::open(path).map_err(|e| crate::io_error(path, &e))?;
                let reader = std::io::BufReader::with_capacity(1 << 16, file);
                let name = path.display().to_string();
                engine.check_ndjson(
                    reader,
                    &name,
                    &options,
                    args.jobs.map(usize::from),
                    |report| emit(report, &mut out),
                )?;
            }
        }
    }
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

fn write_error(error: std::io::Error) -> Error {
    Error::new(ErrorCode::Io, format!("cannot write output: {error}"))
}
