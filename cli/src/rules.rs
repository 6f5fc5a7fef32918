//! `cte-rules rules list|show`: what the loaded packs check, and where it comes from.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use cte_rules_core::{Error, ErrorCode, RuleInfo};

use crate::{ListFormat, PackArgs};

#[derive(Debug, Subcommand)]
pub(crate) enum RulesCommand {
    /// One line per rule: id, severity, kind, title, citation.
    List(ListArgs),
    /// Everything about one rule.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    packs: PackArgs,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The rule id, e.g. `LOCAL-03`.
    id: String,
    #[command(flatten)]
    packs: PackArgs,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

fn citation(rule: &RuleInfo) -> String {
    format!(
        "{} § {} › {}",
        rule.citation.source, rule.citation.section, rule.citation.item
    )
}

pub(crate) fn run(command: &RulesCommand) -> Result<ExitCode, Error> {
    match command {
        RulesCommand::List(args) => {
            let engine = args.packs.engine()?;
            let rules: Vec<RuleInfo> = engine.rules().collect();
            match args.format {
                ListFormat::Json => println!("{}", json(&rules)?),
                ListFormat::Text => {
                    for rule in &rules {
                        let disabled = if rule.enabled { "" } else { " (disabled)" };
                        println!(
                            "{:<20} {:<8} {:<14} {}{disabled}  [{}]",
                            rule.id,
                            rule.severity.as_str(),
                            rule.kind.as_str(),
                            rule.title,
                            citation(rule)
                        );
                    }
                }
            }
        }
        RulesCommand::Show(args) => {
            let engine = args.packs.engine()?;
            let Some(rule) = engine.rules().find(|rule| rule.id == args.id) else {
                return Err(Error::new(
                    ErrorCode::UnknownRule,
                    format!(
                        "no loaded rule has id `{}`; `cte-rules rules list` shows them",
                        args.id
                    ),
                ));
            };
            match args.format {
                ListFormat::Json => println!("{}", json(&rule)?),
                ListFormat::Text => {
                    println!("{}: {}", rule.id, rule.title);
                    println!(
                        "  severity:    {}{}",
                        rule.severity.as_str(),
                        if rule.enabled { "" } else { " (disabled)" }
                    );
                    println!("  kind:        {}", rule.kind);
                    println!("  pack:        {}", rule.pack);
                    println!("  citation:    {}", citation(&rule));
                    if let Some(description) = &rule.description {
                        println!("  description: {description}");
                    }
                    if let Some(each) = &rule.each {
                        println!("  each:        {each}");
                    }
                    if let Some(when) = &rule.when {
                        println!("  when:        {when}");
                    }
                    println!("  check:       {}", rule.check);
                    println!("  message:     {}", rule.message);
                    println!("  remediation: {}", rule.remediation);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string_pretty(value)
        .map_err(|e| Error::new(ErrorCode::Internal, format!("cannot serialise rules: {e}")))
}
