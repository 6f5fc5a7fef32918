//! `cte-rules check`: run the engine over every input and stream the reports out.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use cte_rules_core::ffi::Batch;
use cte_rules_core::{CheckOptions, Engine, Error, ErrorCode, Limits, Report, Severity, Status};

use crate::inputs::{self, Input};
use crate::output::{self, ColorWhen, Origin, Sink};
use crate::progress::{self, Progress};
use crate::{io_error, PackArgs};

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
    /// One self-contained HTML page, for people.
    Html,
    /// Markdown, for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
    Markdown,
    /// GitLab Code Quality JSON.
    Gitlab,
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
    /// Succeed when the paths hold no document (by default that exits 2).
    #[arg(long)]
    allow_empty: bool,
    /// Also write FORMAT to PATH (e.g. `sarif=cte.sarif`); repeatable. One check
    /// feeds stdout's format and every file; `--summary` and colour are stdout's.
    #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = parse_output)]
    outputs: Vec<OutputTarget>,
    /// Colour text output: `auto` (a terminal; honours NO_COLOR, CLICOLOR_FORCE
    /// and TERM=dumb), `always` or `never`.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
}

pub(crate) fn run(args: &CheckArgs) -> Result<ExitCode, Error> {
    // The HTML page folds passed checks away, so it always gets them; text and
    // JSON show them only with `--all`.
    let html = args.format == CheckFormat::Html
        || args.outputs.iter().any(|o| o.format == CheckFormat::Html);
    let options = CheckOptions {
        include_passed: args.all || html,
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
    // A path that names no document is more often a mistake (a wrong folder, a
    // glob gone wrong) than a batch that is meant to be empty.
    if inputs.is_empty() && !args.allow_empty {
        return Err(Error::new(
            ErrorCode::Input,
            format!(
                "no documents were found in {} (`.json`, `.yaml`, `.yml`, `.ndjson`, `.jsonl`); pass `--allow-empty` if that is expected",
                args.paths
                    .iter()
                    .map(|path| format!("`{path}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let stdout = std::io::stdout();
    let stdout_is_terminal = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut sink = make_sink(
        args.format,
        args.summary,
        output::use_colour(args.color),
        &engine,
    );
    // Each `--output` file is created before checking starts, so a bad path
    // costs no check.
    let mut files = Vec::with_capacity(args.outputs.len());
    for target in &args.outputs {
        let file = std::fs::File::create(&target.path).map_err(|e| io_error(&target.path, &e))?;
        let sink = make_sink(target.format, false, false, &engine);
        files.push((sink, std::io::BufWriter::new(file), target));
    }
    // NDJSON lines are counted as they come; only a list of whole files has a known length.
    let total = inputs
        .iter()
        .all(|input| !matches!(input, Input::Ndjson(_)))
        .then_some(inputs.len() as u64);
    let mut progress = Progress::new(progress::wanted(), total);
    sink.begin(&mut out).map_err(write_error)?;
    for (sink, file, target) in &mut files {
        sink.begin(file).map_err(|e| file_error(target, &e))?;
    }
    // A copy without passed checks, made only when a text or JSON output needs it.
    let lists_all = |format| matches!(format, CheckFormat::Text | CheckFormat::Json);
    let trim = options.include_passed
        && !args.all
        && (lists_all(args.format) || args.outputs.iter().any(|o| lists_all(o.format)));
    let mut worst: Option<Severity> = None;
    let mut emit = |report: Report, origin: &Origin, out: &mut dyn Write| -> Result<(), Error> {
        progress.inc();
        // INVARIANT: the exit status depends on the reports only, never on the format.
        worst = worst.max(report.summary.worst());
        // One check feeds every output; text and JSON get the report as `--all` asks.
        let failed_only = trim.then(|| without_passed(&report));
        let shown = |format: CheckFormat| match &failed_only {
            Some(failed) if lists_all(format) => failed,
            _ => &report,
        };
        for (sink, file, target) in &mut files {
            sink.report(shown(target.format), origin, file)
                .map_err(|e| file_error(target, &e))?;
        }
        let report = shown(args.format);
        if stdout_is_terminal {
            // Output and bar share the terminal: write this report past the bar.
            progress.suspend(|| {
                sink.report(report, origin, out)
                    .and_then(|()| out.flush())
                    .map_err(write_error)
            })
        } else {
            sink.report(report, origin, out).map_err(write_error)
        }
    };
    // Consecutive files go to the engine together, to be checked on all cores.
    let mut batch: Vec<PathBuf> = Vec::new();
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
                batch.push(path.clone());
                continue;
            }
            Input::Stdin => {
                check_files(&mut batch, &mut emit, &mut out)?;
                let bytes = inputs::read_stdin(options.limits.max_bytes)?;
                emit(
                    engine.check_bytes("-", &bytes, None, &options),
                    &Origin::Stdin,
                    &mut out,
                )?;
            }
            Input::Ndjson(path) => {
                check_files(&mut batch, &mut emit, &mut out)?;
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
    check_files(&mut batch, &mut emit, &mut out)?;
    progress.finish();
    for (sink, file, target) in &mut files {
        sink.end(file)
            .and_then(|()| file.flush())
            .map_err(|e| file_error(target, &e))?;
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

/// The sink of one format; `summary` and `colour` apply to stdout only.
fn make_sink(format: CheckFormat, summary: bool, colour: bool, engine: &Engine) -> Box<dyn Sink> {
    match (format, summary) {
        (CheckFormat::Text, true) => Box::new(output::summary::SummarySink::new(false)),
        (CheckFormat::Json, true) => Box::new(output::summary::SummarySink::new(true)),
        (CheckFormat::Text, false) => Box::new(output::text::TextSink::new(colour)),
        (CheckFormat::Json, false) => Box::new(output::json::JsonSink::default()),
        (CheckFormat::Sarif, _) => Box::new(output::sarif::SarifSink::new(engine.rules())),
        (CheckFormat::Junit, _) => Box::new(output::junit::JunitSink),
        (CheckFormat::Github, _) => Box::new(output::github::GithubSink::default()),
        (CheckFormat::Html, _) => Box::new(output::html::HtmlSink::default()),
        (CheckFormat::Markdown, _) => Box::new(output::markdown::MarkdownSink::default()),
        (CheckFormat::Gitlab, _) => Box::new(output::gitlab::GitlabSink::default()),
    }
}

/// The report as it is without `--all`: failed findings only.
fn without_passed(report: &Report) -> Report {
    Report {
        findings: report
            .findings
            .iter()
            .filter(|f| f.status != Status::Pass)
            .cloned()
            .collect(),
        ..report.clone()
    }
}

/// `--output FORMAT=PATH`: a format written to a file besides stdout's.
#[derive(Debug, Clone)]
pub(crate) struct OutputTarget {
    format: CheckFormat,
    path: PathBuf,
}

/// Reads `FORMAT=PATH`; a wrong format lists the formats, as clap does for `--format`.
fn parse_output(value: &str) -> Result<OutputTarget, String> {
    let Some((format, path)) = value.split_once('=') else {
        return Err("expected FORMAT=PATH, e.g. `sarif=cte-rules.sarif`".to_owned());
    };
    let names: Vec<String> = CheckFormat::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_owned()))
        .collect();
    let format = CheckFormat::from_str(format, false).map_err(|_| {
        format!(
            "`{format}` is not a format [possible values: {}]",
            names.join(", ")
        )
    })?;
    if path.is_empty() {
        return Err("the PATH after `=` is empty".to_owned());
    }
    Ok(OutputTarget {
        format,
        path: PathBuf::from(path),
    })
}

fn file_error(target: &OutputTarget, error: &std::io::Error) -> Error {
    io_error(&target.path, error)
}

fn write_error(error: std::io::Error) -> Error {
    Error::new(ErrorCode::Io, format!("cannot write output: {error}"))
}
