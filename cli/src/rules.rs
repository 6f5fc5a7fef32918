//! `cte-rules rules list|show|check`: what the loaded packs check, where it
//! comes from, and whether a pack is fit to load at all.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use cte_rules_core::{Error, ErrorCode, RuleInfo};

use crate::{ListFormat, PackArgs};

#[derive(Debug, Subcommand)]
pub(crate) enum RulesCommand {
    /// One line per rule: id, severity, kind, title, citation (`--format
    /// markdown`: the reading table of docs/rules.md).
    List(RulesListArgs),
    /// Everything about one rule.
    Show(ShowArgs),
    /// Which rules cover each seed item, with totals per seed section.
    Coverage(ListArgs),
    /// Validate rule packs (over the built-in pack) without checking a
    /// document: every error at once, as `file:line:col: CODE message`.
    /// Exit 0 when they load, 1 when they do not, 2 on a usage error.
    Check(CheckPacksArgs),
    /// Run rule fixtures (`<ID>.yaml`: rule, base, pass, fail, also, probes)
    /// against the loaded packs. Exit 0 when all pass, 1 when one fails, 2
    /// when a fixture or pack cannot be read.
    Test(TestArgs),
}

#[derive(Debug, Args)]
pub(crate) struct TestArgs {
    /// Fixture files or directories of them [default: tests/rules].
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    packs: PackArgs,
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    format: TestFormat,
    /// Also name the rules of the tested packs that no fixture covers.
    #[arg(long)]
    coverage: bool,
}

/// `rules test` output: text, or JUnit XML for CI test reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TestFormat {
    Text,
    Junit,
}

#[derive(Debug, Args)]
pub(crate) struct CheckPacksArgs {
    /// The packs (YAML or JSON), loaded in order after the built-in pack.
    #[arg(required = true, value_name = "PACK")]
    packs: Vec<PathBuf>,
    /// Leave the built-in national pack out.
    #[arg(long)]
    no_builtin: bool,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    packs: PackArgs,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

#[derive(Debug, Args)]
pub(crate) struct RulesListArgs {
    #[command(flatten)]
    packs: PackArgs,
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
}

/// `rules list` adds Markdown to the list formats: the reading of every rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum RulesFormat {
    Text,
    Json,
    Markdown,
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
        rule.citation.title, rule.citation.section, rule.citation.item
    )
}

pub(crate) fn run(command: &RulesCommand) -> Result<ExitCode, Error> {
    let mut out = crate::output::Out::default();
    match command {
        RulesCommand::List(args) => {
            let engine = args.packs.engine()?;
            let rules: Vec<RuleInfo> = engine.rules().collect();
            match args.format {
                RulesFormat::Json => out.line(json(&rules)?),
                RulesFormat::Markdown => out.line(crate::reading::markdown(&rules).trim_end()),
                RulesFormat::Text => {
                    for rule in &rules {
                        let disabled = if rule.enabled { "" } else { " (disabled)" };
                        outln!(
                            out,
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
                ListFormat::Json => out.line(json(&rule)?),
                ListFormat::Text => {
                    outln!(out, "{}: {}", rule.id, rule.title);
                    outln!(
                        out,
                        "  severity:    {}{}",
                        rule.severity.as_str(),
                        if rule.enabled { "" } else { " (disabled)" }
                    );
                    outln!(out, "  kind:        {}", rule.kind);
                    outln!(out, "  pack:        {}", rule.pack);
                    outln!(out, "  citation:    {}", citation(&rule));
                    outln!(out, "  source:      {}", rule.citation.source);
                    for also in &rule.see_also {
                        outln!(
                            out,
                            "  also reads:  {} § {} › {}",
                            also.title,
                            also.section,
                            also.item
                        );
                    }
                    if let Some(description) = &rule.description {
                        outln!(out, "  description: {description}");
                    }
                    if let Some(reading) = &rule.reading {
                        outln!(
                            out,
                            "  reading:     of {}; per {}; conditional: {}",
                            reading.of,
                            reading.per,
                            reading.conditional
                        );
                    }
                    if let Some(each) = &rule.each {
                        outln!(out, "  each:        {each}");
                    }
                    if let Some(when) = &rule.when {
                        outln!(out, "  when:        {when}");
                    }
                    outln!(out, "  check:       {}", rule.check);
                    outln!(out, "  message:     {}", rule.message);
                    outln!(out, "  remediation: {}", rule.remediation);
                }
            }
        }
        RulesCommand::Check(args) => return check_packs(args, out),
        RulesCommand::Test(args) => return test_packs(args, out),
        RulesCommand::Coverage(args) => {
            let engine = args.packs.engine()?;
            let table = cte_rules_core::coverage::coverage(&engine)?;
            match args.format {
                ListFormat::Json => out.line(json(&table)?),
                ListFormat::Text => print_coverage(&table, &mut out),
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `rules check`: the packs load, or every error they have.
fn check_packs(args: &CheckPacksArgs, mut out: crate::output::Out) -> Result<ExitCode, Error> {
    let packs = PackArgs {
        packs: args.packs.clone(),
        no_builtin: args.no_builtin,
    };
    let errors = match packs.engine() {
        Ok(engine) => {
            if args.format == ListFormat::Text {
                outln!(
                    out,
                    "ok: {} pack(s), {} rules",
                    args.packs.len(),
                    engine.rules().count()
                );
            }
            Vec::new()
        }
        Err(error) if error.code().is_pack_error() || error.code() == ErrorCode::Io => {
            error.into_errors()
        }
        Err(error) => return Err(error),
    };
    match args.format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = errors.iter().map(error_json).collect();
            out.line(json(&serde_json::json!({
                "valid": errors.is_empty(),
                "errors": list,
            }))?);
        }
        ListFormat::Text => print_pack_errors(&errors),
    }
    out.flush()?;
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `rules test`: every fixture's cases, a diff for each failing one.
fn test_packs(args: &TestArgs, mut out: crate::output::Out) -> Result<ExitCode, Error> {
    use cte_rules_core::fixtures;
    let engine = args.packs.engine()?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("tests/rules")]
    } else {
        args.paths.clone()
    };
    let files = fixtures::fixture_files(&paths)?;
    // Coverage counts the packs under test: the given ones, else the built-in.
    let mut tested = Vec::new();
    for path in &args.packs.packs {
        tested.push(cte_rules_core::Pack::from_path(path)?.name);
    }
    if tested.is_empty() {
        tested.push(cte_rules_core::pack::national_pack()?.name);
    }
    let report = fixtures::run_fixtures(&engine, &files, &tested, None)?;
    match args.format {
        TestFormat::Junit => out.line(junit(&report).trim_end()),
        TestFormat::Text => {
            for fixture in &report.fixtures {
                let verdict = if fixture.ok { "ok  " } else { "FAIL" };
                outln!(out, "{verdict} {} ({})", fixture.rule, fixture.fixture);
                for case in fixture.cases.iter().filter(|case| !case.ok) {
                    outln!(out, "     {}:", case.case);
                    outln!(out, "       - expected: {}", case.expected);
                    outln!(out, "       + actual:   {}", case.actual);
                }
            }
            outln!(
                out,
                "{} fixtures: {} passed, {} failed",
                report.fixtures.len(),
                report.passed,
                report.failed
            );
        }
    }
    if args.coverage && args.format == TestFormat::Text {
        if report.uncovered.is_empty() {
            outln!(out, "coverage: every rule has a fixture");
        } else {
            outln!(
                out,
                "coverage: no fixture for {}",
                report.uncovered.join(", ")
            );
        }
    }
    out.flush()?;
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// JUnit XML: one test case per fixture, the failing cases' diffs as its failure.
fn junit(report: &cte_rules_core::fixtures::TestReport) -> String {
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cte-rules rules test\" tests=\"{}\" failures=\"{}\">\n  <testsuite name=\"fixtures\" tests=\"{}\" failures=\"{}\">\n",
        report.fixtures.len(),
        report.failed,
        report.fixtures.len(),
        report.failed
    );
    for fixture in &report.fixtures {
        xml.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\"",
            escape(&fixture.fixture),
            escape(&fixture.rule)
        ));
        if fixture.ok {
            xml.push_str("/>\n");
            continue;
        }
        let diff: Vec<String> = fixture
            .cases
            .iter()
            .filter(|case| !case.ok)
            .map(|case| {
                format!(
                    "{}:\n- expected: {}\n+ actual:   {}",
                    case.case, case.expected, case.actual
                )
            })
            .collect();
        xml.push_str(&format!(
            ">\n      <failure message=\"{} case(s) failed\">{}</failure>\n    </testcase>\n",
            diff.len(),
            escape(&diff.join("\n"))
        ));
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

/// One pack error as editors read it: the fields the bindings' errors carry.
fn error_json(error: &Error) -> serde_json::Value {
    serde_json::json!({
        "code": error.code().as_str(),
        "message": error.message(),
        "origin": error.origin(),
        "line": error.line(),
        "column": error.column(),
        "path": error.path(),
        "rule": error.rule(),
    })
}

/// Pack errors on stderr, one `file:line:col: CODE ...` line each (the shape
/// editors and CI annotate from), with any CEL caret display on the lines
/// below it rather than squashed into one.
pub(crate) fn print_pack_errors(errors: &[Error]) {
    use std::io::Write;
    let mut text = String::new();
    for error in errors {
        text.push_str(&pack_error_text(error));
    }
    if errors.len() > 1 {
        let capped = if errors.len() >= cte_rules_core::error::MAX_ERRORS {
            " (stopped counting)"
        } else {
            ""
        };
        text.push_str(&format!(
            "cte-rules: {} pack errors{capped}\n",
            errors.len()
        ));
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// The text of one pack error, newline-terminated.
pub(crate) fn pack_error_text(error: &Error) -> String {
    let mut place = error.origin().unwrap_or("cte-rules").to_owned();
    if let (Some(line), Some(column)) = (error.line(), error.column()) {
        place = format!("{place}:{line}:{column}");
    }
    let mut head = format!("{place}: {}", error.code());
    if let Some(rule) = error.rule() {
        head.push_str(&format!(" rule `{rule}`"));
    }
    if let Some(path) = error.path() {
        head.push_str(&format!(" at `{path}`"));
    }
    let mut lines = error.message().lines();
    let mut text = format!("{head}: {}\n", lines.next().unwrap_or_default());
    for line in lines {
        text.push_str(&format!("    {line}\n"));
    }
    text
}

fn print_coverage(table: &cte_rules_core::coverage::Coverage, out: &mut crate::output::Out) {
    let mut section = None;
    for row in &table.items {
        let here = (&row.item.source, &row.item.section);
        if section != Some(here) {
            outln!(out, "{} § {}", row.item.source, row.item.section);
            section = Some(here);
        }
        let rules = match (row.rules.is_empty(), row.item.encoded_by.is_empty()) {
            (false, _) => row.rules.join(", "),
            (true, true) => "(no rule)".to_owned(),
            (true, false) => format!("(encoded by {})", row.item.encoded_by.join("; ")),
        };
        outln!(out, "  {:<52} {rules}", shorten(&row.item.item, 52));
    }
    out.blank();
    outln!(
        out,
        "{:<28} {:<72} {:>5} {:>8} {:>6}",
        "source",
        "section",
        "items",
        "covered",
        "rules"
    );
    for totals in &table.sections {
        outln!(
            out,
            "{:<28} {:<72} {:>5} {:>8} {:>6}",
            totals.source,
            shorten(&totals.section, 72),
            totals.items,
            totals.covered,
            totals.rules
        );
    }
    let required = table.items.iter().filter(|row| row.required).count();
    let missing = table.missing().count();
    outln!(
        out,
        "{} of {required} seed items covered",
        required - missing
    );
    if !table.uncited.is_empty() {
        outln!(
            out,
            "rules citing no seed item: {}",
            table.uncited.join(", ")
        );
    }
}

/// Cuts long seed item names for the table, keeping them recognisable.
fn shorten(text: &str, width: usize) -> String {
    cte_rules_core::text::truncate_chars(text, width).into_owned()
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string_pretty(value)
        .map_err(|e| Error::new(ErrorCode::Internal, format!("cannot serialise rules: {e}")))
}
