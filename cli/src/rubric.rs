//! `cte-rules rubric reconcile`: compare a self-assessment with the evidence.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use cte_rules_core::rubric::{self, Agreement, Reconciliation};
use cte_rules_core::{CheckOptions, Error, ErrorCode};

use crate::output::{write_stdout, Out};
use crate::survey::read_document;
use crate::{ListFormat, PackArgs};

#[derive(Debug, Subcommand)]
pub(crate) enum RubricCommand {
    /// Report each rubric item whose self-rating disagrees with the evidence.
    /// Exits 1 when an item is over-rated, under-rated or not rated.
    Reconcile(ReconcileArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ReconcileArgs {
    /// A `self-assessment` document.
    self_assessment: PathBuf,
    /// The program's own document: `state-system` (state rubric) or `local-program` (local).
    evidence: PathBuf,
    #[command(flatten)]
    packs: PackArgs,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    /// The date rules see as today (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
}

pub(crate) fn run(command: &RubricCommand) -> Result<ExitCode, Error> {
    let RubricCommand::Reconcile(args) = command;
    let options = CheckOptions {
        today: args.today.clone(),
        ..CheckOptions::default()
    };
    crate::check::validate(&options)?;
    let engine = args.packs.engine()?;
    let ratings = read_document(&args.self_assessment)?;
    let evidence = read_document(&args.evidence)?;
    let result = rubric::reconcile(&engine, &ratings, &evidence, &options)?;
    match args.format {
        ListFormat::Json => {
            let value = serde_json::to_value(&result)
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
            write_stdout(crate::pretty(&value).as_bytes())?;
        }
        ListFormat::Text => text(&result).flush()?,
    }
    let disagreements =
        result.summary.over_rated + result.summary.under_rated + result.summary.not_rated;
    Ok(if disagreements > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn text(result: &Reconciliation) -> Out {
    let mut out = Out::default();
    outln!(
        out,
        "Self-assessment of {} reconciled with its {} document",
        result.subject,
        result.evidence_kind
    );
    for item in &result.items {
        let rating = item.rating.map_or("(not rated)".to_owned(), |r| {
            serde_json::to_value(r)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        });
        let verdict = match item.agreement {
            Agreement::Agrees => "agrees".to_owned(),
            Agreement::OverRated => format!("OVER-RATED: {} fail", item.failed_rules.join(", ")),
            Agreement::UnderRated => format!("UNDER-RATED: {} pass", item.passed_rules.join(", ")),
            Agreement::NotRated => "NOT RATED".to_owned(),
            Agreement::NoEvidence => "no evidence: its rules check other documents".to_owned(),
        };
        let name: String = item.name.chars().take(44).collect();
        outln!(
            out,
            "  {:<12} {:<44} {:<12} {verdict}",
            item.item,
            name,
            rating
        );
    }
    let s = &result.summary;
    outln!(
        out,
        "Ratings: {} excellent, {} in progress, {} no progress, {} not rated",
        s.excellent,
        s.in_progress,
        s.no_progress,
        s.not_rated
    );
    match s.agreement_rate {
        Some(rate) => outln!(
            out,
            "Agreement with the evidence: {:.0}% of checkable ratings; {} over-rated, {} under-rated, {} without evidence",
            rate * 100.0,
            s.over_rated,
            s.under_rated,
            s.no_evidence
        ),
        None => outln!(out, "No rating can be checked against this evidence."),
    }
    out
}
