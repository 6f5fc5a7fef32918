//! `cte-rules framework list|crosswalk`: the two framework versions and the
//! 2008-to-2024 crosswalk, with what the facts could not verify said out loud.

use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use cte_rules_core::framework::{self, Version};
use cte_rules_core::{Error, ErrorCode};
use serde_json::json;

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
    let data = framework::framework(version);
    let pathways: usize = data.clusters.iter().map(|c| c.pathways.len()).sum();
    if args.format == ListFormat::Json {
        let clusters: Vec<_> = data
            .clusters
            .iter()
            .map(|c| {
                json!({
                    "code": c.code, "name": c.name, "cross_cutting": c.cross_cutting,
                    "onet_cluster_code": c.onet_cluster_code,
                    "onet_cluster_code_verified": c.onet_cluster_code_verified,
                    "pathways": c.pathways.iter().map(|p| json!({"code": p.code, "name": p.name, "evidence": p.evidence})).collect::<Vec<_>>(),
                })
            })
            .collect();
        let value = json!({"framework": data.framework, "label": data.label, "clusters": clusters, "unverified": data.unverified});
        write_stdout(crate::pretty(&value).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
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
    warn(&data.unverified);
    Ok(ExitCode::SUCCESS)
}

fn crosswalk(args: &CrosswalkArgs) -> Result<ExitCode, Error> {
    let entries: Vec<_> = match &args.code {
        None => framework::crosswalk().iter().collect(),
        Some(code) => {
            let code = code.to_ascii_uppercase();
            let found: Vec<_> = framework::crosswalk()
                .iter()
                .filter(|e| e.from == code)
                .collect();
            if found.is_empty() {
                let hint = match framework::version_of_cluster(&code) {
                    Some(Version::V2024) => format!("`{code}` is already a 2024 cluster code"),
                    _ => "2008 codes are two letters, e.g. `HL`; `cte-rules framework list` shows them".to_owned(),
                };
                return Err(Error::new(
                    ErrorCode::Usage,
                    format!("`{code}` is not a 2008 cluster code: {hint}"),
                ));
            }
            found
        }
    };
    let v2008 = framework::framework(Version::V2008);
    let v2024 = framework::framework(Version::V2024);
    let name = |data: &framework::Framework, code: &str| {
        data.cluster(code)
            .map_or_else(String::new, |c| c.name.clone())
    };
    if args.format == ListFormat::Json {
        let rows: Vec<_> = entries
            .iter()
            .map(|e| {
                json!({
                    "from": e.from, "from_name": name(v2008, &e.from),
                    "to": e.to.iter().map(|t| json!({"code": t, "name": name(v2024, t)})).collect::<Vec<_>>(),
                    "verified": e.verified, "basis": e.basis,
                })
            })
            .collect();
        let value = json!({"from": "2008", "to": "2024", "map": rows, "unverified": framework::crosswalk_caveat()});
        write_stdout(crate::pretty(&value).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = Out::default();
    for entry in &entries {
        let targets = if entry.to.is_empty() {
            "(no 2024 successor)".to_owned()
        } else {
            entry
                .to
                .iter()
                .map(|t| format!("{t} {}", name(v2024, t)))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let basis = match entry.basis.as_str() {
            "stated-in-source" => "stated in a source",
            "partly-stated" => "partly stated in a source",
            _ => "UNVERIFIED: inferred from names",
        };
        outln!(
            out,
            "{:<3} {:<46} -> {targets}  [{basis}]",
            entry.from,
            name(v2008, &entry.from)
        );
    }
    out.flush()?;
    if entries.iter().any(|e| !e.verified) {
        warn(&[framework::crosswalk_caveat().to_owned()]);
    }
    Ok(ExitCode::SUCCESS)
}
