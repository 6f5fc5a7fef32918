//! `--format markdown`: GitHub-flavoured Markdown for a pull-request comment or
//! `$GITHUB_STEP_SUMMARY`: a summary table, then the failing findings, capped
//! at [`MAX_ROWS`] with a count of the rest (comments and step summaries have
//! size limits). Only the capped rows are kept, so a batch of any size runs in
//! bounded memory; everything is written at the end, summary first.

use std::io::{self, Write};

use cte_rules_core::{Finding, Report, Status};

use super::{failed, BatchSummary, Origin, Sink};

/// Most findings listed; the rest are counted.
const MAX_ROWS: usize = 50;

#[derive(Default)]
pub(crate) struct MarkdownSink {
    summary: BatchSummary,
    rows: Vec<String>,
    /// Failed findings past [`MAX_ROWS`].
    rest: usize,
}

/// Text made inert in a GFM table cell: Markdown and HTML punctuation is
/// backslash-escaped (`&` as an entity), and line breaks become spaces, since a
/// row must stay on one line.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The severity word a reader sees; a rule that could not be evaluated is an error.
fn severity(finding: &Finding) -> &'static str {
    match finding.status {
        Status::Error => "error",
        _ => finding.severity.as_str(),
    }
}

fn row(report: &Report, finding: &Finding, origin: &Origin) -> String {
    let mut place = origin.file().unwrap_or(&report.source).to_owned();
    if let (Some(line), column) = origin.position(finding) {
        place.push_str(&format!(":{line}"));
        if let Some(column) = column {
            place.push_str(&format!(":{column}"));
        }
    }
    let mut message = escape(&finding.message);
    if let Some(pointer) = finding.path.as_deref().filter(|p| !p.is_empty()) {
        message.push_str(&format!(" (at {})", escape(pointer)));
    }
    format!(
        "| {} | {} | {} | {} | {} |",
        severity(finding),
        escape(&finding.rule),
        escape(&place),
        message,
        finding
            .remediation
            .as_deref()
            .map(escape)
            .unwrap_or_default()
    )
}

impl Sink for MarkdownSink {
    fn begin(&mut self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn report(&mut self, report: &Report, origin: &Origin, _: &mut dyn Write) -> io::Result<()> {
        self.summary.add(report);
        for finding in failed(report) {
            if self.rows.len() < MAX_ROWS {
                self.rows.push(row(report, finding, origin));
            } else {
                self.rest += 1;
            }
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let s = &self.summary;
        writeln!(out, "## cte-rules report")?;
        writeln!(out)?;
        writeln!(
            out,
            "| Documents | Valid | Errors | Warnings | Infos | Passed checks |"
        )?;
        writeln!(out, "|---:|---:|---:|---:|---:|---:|")?;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            s.documents, s.valid, s.errors, s.warnings, s.infos, s.passed
        )?;
        writeln!(out)?;
        if self.rows.is_empty() {
            return writeln!(out, "No check failed.");
        }
        writeln!(out, "### Failing findings")?;
        writeln!(out)?;
        writeln!(out, "| Severity | Rule | Where | Message | Remediation |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for row in &self.rows {
            writeln!(out, "{row}")?;
        }
        if self.rest > 0 {
            writeln!(out)?;
            let noun = if self.rest == 1 {
                "finding"
            } else {
                "findings"
            };
            writeln!(
                out,
                "…and {} more failing {noun}, not listed (the first {MAX_ROWS} are).",
                self.rest
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table_or_inject_markup() {
        assert_eq!(
            escape("a|b\n<img src=x> **bold** [l](u) `c` &amp;"),
            "a\\|b \\<img src=x\\> \\*\\*bold\\*\\* \\[l\\](u) \\`c\\` &amp;amp;"
        );
    }
}
