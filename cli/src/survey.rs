//! `cte-rules survey score`: score a Student Interest Survey.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use cte_rules_core::survey::{self, Lang, SurveyScore};
use cte_rules_core::{Error, ErrorCode};

use crate::output::{write_stdout, Out};
use crate::ListFormat;

#[derive(Debug, Subcommand)]
pub(crate) enum SurveyCommand {
    /// Scores for all 16 clusters, ranked, and the top three (ties kept).
    Score(ScoreArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LangArg {
    En,
    Es,
}

#[derive(Debug, Args)]
pub(crate) struct ScoreArgs {
    /// An `interest-survey` document (JSON or YAML).
    file: PathBuf,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    /// Language of cluster names (default: the survey's own language).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
}

/// Reads a JSON or YAML file into a value; unreadable or malformed input is `E_INPUT`.
pub(crate) fn read_document(path: &std::path::Path) -> Result<serde_json::Value, Error> {
    cte_rules_core::ffi::DocumentInput::Path(path.to_path_buf())
        .parse(&cte_rules_core::Limits::default())
}

pub(crate) fn run(command: &SurveyCommand) -> Result<ExitCode, Error> {
    let SurveyCommand::Score(args) = command;
    let document = read_document(&args.file)?;
    let lang = args.lang.map(|lang| match lang {
        LangArg::Es => Lang::Es,
        LangArg::En => Lang::En,
    });
    let scored = survey::score_survey(&document, lang)
        .map_err(|e| e.with_origin(args.file.display().to_string()))?;
    match args.format {
        ListFormat::Json => {
            let value = serde_json::to_value(&scored)
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
            write_stdout(crate::pretty(&value).as_bytes())?;
        }
        ListFormat::Text => text(&scored).flush()?,
    }
    Ok(ExitCode::SUCCESS)
}

fn text(scored: &SurveyScore) -> Out {
    let mut out = Out::default();
    outln!(out, "Student Interest Survey: learner {}", scored.learner);
    for score in &scored.scores {
        outln!(
            out,
            "{:>3}. {:<3} {:<56} {:>2}",
            score.rank,
            score.cluster,
            score.name,
            score.score
        );
    }
    if scored.top.is_empty() {
        outln!(
            out,
            "No items were marked: the survey shows no clusters of interest."
        );
    } else {
        outln!(out, "Top clusters: {}", scored.top.join(", "));
    }
    if !scored.ties.is_empty() {
        let points = scored
            .scores
            .iter()
            .find(|s| s.cluster == scored.ties[0])
            .map_or(0, |s| s.score);
        outln!(
            out,
            "Third place is tied between {} ({points} each): all are kept in the top clusters; no tie-break is applied.",
            scored.ties.join(", ")
        );
    }
    out
}
