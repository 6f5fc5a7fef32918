//! `--format github`: one GitHub Actions workflow command per failed finding,
//! `::error file=F,line=L,col=C,title=RULE::message`, so findings show up as
//! annotations on the pull request's diff. Streams line by line.

use std::io::{self, Write};

use cte_rules_core::{Report, Severity};

use super::{failed, text::summary_line, BatchSummary, Origin, Sink};

#[derive(Default)]
pub(crate) struct GithubSink {
    summary: BatchSummary,
}

/// The command for a severity: GitHub has no `info`, its `notice` is the nearest.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a command's message as `@actions/core` does (`escapeData`): the runner
/// reads one command per line and decodes `%25`, `%0D`, `%0A`.
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value as `@actions/core` does (`escapeProperty`): also `:`
/// and `,`, which would otherwise end the value.
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Sink for GithubSink {
    fn begin(&mut self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn report(&mut self, report: &Report, origin: &Origin, out: &mut dyn Write) -> io::Result<()> {
        self.summary.add(report);
        for finding in failed(report) {
            let mut properties = Vec::with_capacity(4);
            // Standard input has no file to annotate; the message names the source.
            if let Some(file) = origin.file() {
                properties.push(format!("file={}", escape_property(file)));
                let (line, column) = origin.position(finding);
                if let Some(line) = line {
                    properties.push(format!("line={line}"));
                    if let Some(column) = column {
                        properties.push(format!("col={column}"));
                    }
                }
            }
            properties.push(format!("title={}", escape_property(&finding.rule)));
            let mut message = finding.message.clone();
            if let Some(pointer) = finding.path.as_deref().filter(|p| !p.is_empty()) {
                message.push_str(&format!(" [at {pointer}]"));
            }
            if origin.file().is_none() {
                message = format!("{}: {message}", report.source);
            }
            writeln!(
                out,
                "::{} {}::{}",
                command(finding.severity),
                properties.join(","),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    /// A plain line (not a command) so the step's log still says what was checked.
    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", summary_line(&self.summary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_actions_core_does() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(
            escape_property("50% a\r\nb: c, d"),
            "50%25 a%0D%0Ab%3A c%2C d"
        );
    }
}
