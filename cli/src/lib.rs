//! `cte-rules`: check Career Technical Education documents against the National
//! Career Clusters Framework from the command line or a CI pipeline.
//!
//! The command line is a library function, [`run`], so that every face that
//! offers the command runs the same code: the `cte-rules` binary
//! (`src/bin/cte-rules.rs`) and the Python package's `cte-rules` console script
//! (through its extension module) print the same bytes and exit the same way.

#[macro_use]
mod output;
mod check;
mod framework;
mod inputs;
mod progress;
mod reading;
mod rubric;
mod rules;
mod survey;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cte_rules_core::ffi::{engine_from_sources, PackSource};
use cte_rules_core::{Engine, Error, ErrorCode};

/// Check CTE documents (plans of study, local programs, state systems, curricula)
/// against the National Career Clusters Framework.
#[derive(Debug, Parser)]
#[command(name = "cte-rules", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check documents: files, directories (recursive), NDJSON files, or `-` for stdin.
    Check(check::CheckArgs),
    /// List or show the loaded rules.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Print one JSON Schema (a kind, `rule-pack` or `report`), or write them all.
    Schema(SchemaArgs),
    /// The framework versions (2008, 2024) and the 2008-to-2024 crosswalk.
    #[command(subcommand)]
    Framework(framework::FrameworkCommand),
    /// Score a Student Interest Survey.
    #[command(subcommand)]
    Survey(survey::SurveyCommand),
    /// Reconcile an implementation self-assessment with the evidence.
    #[command(subcommand)]
    Rubric(rubric::RubricCommand),
}

/// Rule packs to layer over the built-in national pack.
#[derive(Debug, Args)]
pub(crate) struct PackArgs {
    /// A rule pack (YAML or JSON) to add after the built-in pack; repeatable, in order.
    #[arg(long = "pack", value_name = "FILE")]
    pub(crate) packs: Vec<PathBuf>,
    /// Leave the built-in national pack out.
    #[arg(long)]
    pub(crate) no_builtin: bool,
}

impl PackArgs {
    /// Loads and compiles the packs into one engine, as the bindings do.
    pub(crate) fn engine(&self) -> Result<Engine, Error> {
        let sources: Vec<PackSource> = self.packs.iter().cloned().map(PackSource::Path).collect();
        engine_from_sources(&sources, !self.no_builtin)
    }
}

/// Output format of `rules` commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// `plan-of-study`, `local-program`, `state-system`, `curriculum`, `rule-pack` or `report`.
    #[arg(required_unless_present = "out", conflicts_with = "out")]
    kind: Option<String>,
    /// Write every schema as `<name>.schema.json` into this directory.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

fn schema(args: &SchemaArgs) -> Result<ExitCode, Error> {
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
        for (name, schema) in cte_rules_core::schemas::all_schemas() {
            let path = dir.join(format!("{name}.schema.json"));
            std::fs::write(&path, pretty(&schema)).map_err(|e| io_error(&path, &e))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let schema = cte_rules_core::schemas::schema(args.kind.as_deref().unwrap_or_default())?;
    output::write_stdout(pretty(&schema).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Pretty JSON with a final newline, as the checked-in schema files are written.
pub(crate) fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

pub(crate) fn io_error(path: &std::path::Path, error: &std::io::Error) -> Error {
    Error::new(ErrorCode::Io, error.to_string()).with_origin(path.display().to_string())
}

/// Runs one command line: `args` starts with the program name, as
/// [`std::env::args_os`] gives it. Output goes to this process's stdout and
/// stderr, and is flushed before returning, so a caller that goes on running (a
/// Python interpreter) loses nothing; the caller exits with the returned status.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let code = dispatch(args);
    // A binary's stdout is flushed when `main` returns; a library call's is not.
    let _ = std::io::stdout().flush();
    code
}

/// Clap's error on one line, as every error of ours is: its possible values
/// and its suggestions ("tip: a similar argument exists") stay, the usage
/// synopsis and the pointer to `--help` go (the line ends with its own).
fn usage_line(text: &str) -> String {
    let mut line = String::new();
    for part in text.lines().map(str::trim).filter(|part| {
        !part.is_empty() && !part.starts_with("Usage:") && !part.starts_with("For more information")
    }) {
        let part = part.strip_prefix("error: ").unwrap_or(part);
        if line.is_empty() {
            line.push_str(part);
        } else if part.starts_with('[') {
            line.push(' ');
            line.push_str(part);
        } else {
            line.push_str("; ");
            line.push_str(part);
        }
    }
    if line.is_empty() {
        "invalid arguments".to_owned()
    } else {
        line
    }
}

fn dispatch<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            use clap::error::ErrorKind;
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) || matches!(
                error.kind(),
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = error.print();
                return if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            eprintln!(
                "cte-rules: {}: {} (see `cte-rules --help`)",
                ErrorCode::Usage,
                usage_line(&error.to_string())
            );
            return ExitCode::from(2);
        }
    };
    let result = match &cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules(command) => rules::run(command),
        Command::Schema(args) => schema(args),
        Command::Framework(command) => framework::run(command),
        Command::Survey(command) => survey::run(command),
        Command::Rubric(command) => rubric::run(command),
    };
    match result {
        Ok(code) => code,
        // A reader that went away (`cte-rules check ... | head`) is not a failure.
        Err(error) if error.code() == ErrorCode::Io && error.message().contains("Broken pipe") => {
            ExitCode::SUCCESS
        }
        Err(error) if error.code().is_pack_error() => {
            rules::print_pack_errors(&error.into_errors());
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("cte-rules: {error}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::usage_line;

    #[test]
    fn clap_errors_keep_possible_values_and_tips_on_one_line() {
        let text = "error: invalid value 'xml' for '--format <FORMAT>'\n  [possible values: text, json]\n\n  tip: a similar value exists: 'json'\n\nUsage: cte-rules check [PATH]...\n\nFor more information, try '--help'.\n";
        assert_eq!(
            usage_line(text),
            "invalid value 'xml' for '--format <FORMAT>' [possible values: text, json]; tip: a similar value exists: 'json'"
        );
        assert_eq!(usage_line(""), "invalid arguments");
    }
}
