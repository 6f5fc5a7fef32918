//! `cte-rules framework list|crosswalk`: the two framework versions and the
//! 2008-to-2024 crosswalk, with what the facts could not verify said out loud.

use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use cte_rules_core::framework::{self, Version};
use cte_rules_core::Error;

use crate::output::{write_stdout, Out};
use crate::ListFormat;

#[derive(Debug, Subcommand)]
pub(crate) enum FrameworkCommand {
    /// Clusters and pathways (2024: sub-clusters) of one framework version.
    List(ListArgs),
    /// The 2008-to-2024 cluster crosswalk, whole or for one 2008 cluster code.
    Crosswalk(CrosswalkArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum VersionArg {
    #[value(name = "2008")]
    V2008,
    #[value(name = "2024")]
    V2024,
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[arg(long, value_enum, default_value_t = VersionArg::V2008)]
    version: VersionArg,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

#[derive(Debug, Args)]
pub(crate) struct CrosswalkArgs {
    /// A 2008 cluster code, e.g. `HL`.
    code: Option<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

fn warn(lines: &[String]) {
    for line in lines {
        eprintln!("warning: unverified: {line}");
    }
}

pub(crate) fn run(command: &FrameworkCommand) -> Result<ExitCode, Error> {
    match command {
        FrameworkCommand::List(args) => list(args),
        FrameworkCommand::Crosswalk(args) => crosswalk(args),
    }
}

fn list(args: &ListArgs) -> Result<ExitCode, Error> {
    let version = match args.version {
        VersionArg::V2008 => Version::V2008,
        VersionArg::V2024 => Version::V2024,
    };
    let listing = framework::listing(version);
    let unverified: Vec<String> = listing["unverified"]
        .as_array()
        .map(|lines| {
            lines
                .iter()
                .filter_map(|l| l.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if args.format == ListFormat::Json {
        write_stdout(crate::pretty(&listing).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let data = framework::framework(version);
    let pathways: usize = data.clusters.iter().map(|c| c.pathways.len()).sum();
    let mut out = Out::default();
    let unit = if version == Version::V2024 {
        "sub-clusters"
    } else {
        "pathways"
    };
    outln!(
        out,
        "framework {}: {}, {} clusters, {pathways} {unit}",
        data.framework,
        data.label,
        data.clusters.len()
    );
    for cluster in &data.clusters {
        let cross = if cluster.cross_cutting {
            "  (cross-cutting)"
        } else {
            ""
        };
        outln!(out, "{:<4} {}{cross}", cluster.code, cluster.name);
        for pathway in &cluster.pathways {
            let evidence = match pathway.evidence.as_deref() {
                Some("advance-cte") | None => String::new(),
                Some(other) => format!("  [name from {}]", other.replace('-', " ")),
            };
            outln!(out, "     {:<8} {}{evidence}", pathway.code, pathway.name);
        }
    }
    out.flush()?;
    warn(&unverified);
    Ok(ExitCode::SUCCESS)
}

fn crosswalk(args: &CrosswalkArgs) -> Result<ExitCode, Error> {
    let listing = framework::crosswalk_listing(args.code.as_deref())?;
    if args.format == ListFormat::Json {
        write_stdout(crate::pretty(&listing).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows = listing["map"].as_array().cloned().unwrap_or_default();
    let mut out = Out::default();
    for row in &rows {
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
        let to = row["to"].as_array().cloned().unwrap_or_default();
        let targets = if to.is_empty() {
            "(no 2024 successor)".to_owned()
        } else {
            to.iter()
                .map(|t| format!("{} {}", text(&t["code"]), text(&t["name"])))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let basis = match row["basis"].as_str() {
            Some("stated-in-source") => "stated in a source",
            Some("partly-stated") => "partly stated in a source",
            _ => "UNVERIFIED: inferred from names",
        };
        outln!(
            out,
            "{:<3} {:<46} -> {targets}  [{basis}]",
            text(&row["from"]),
            text(&row["from_name"])
        );
    }
    out.flush()?;
    if rows.iter().any(|row| row["verified"] != true) {
        warn(&[framework::crosswalk_caveat().to_owned()]);
    }
    Ok(ExitCode::SUCCESS)
}
