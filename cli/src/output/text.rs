//! `--format text`: one line per finding, `source: severity rule message`, then a
//! summary line. Colour only on a terminal.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use cte_rules_core::{Finding, Report, Severity, Status};

use super::{BatchSummary, Origin, Sink};

pub(crate) struct TextSink {
    colour: bool,
    summary: BatchSummary,
}

impl TextSink {
    pub(crate) fn new(colour: bool) -> Self {
        TextSink {
            colour,
            summary: BatchSummary::default(),
        }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.colour {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    fn label(&self, finding: &Finding) -> String {
        let coloured = |colour: AnsiColor| Style::new().fg_color(Some(colour.into()));
        match (finding.status, finding.severity) {
            (Status::Pass, _) => self.paint(coloured(AnsiColor::Green), "pass"),
            (Status::Error, _) | (Status::Fail, Severity::Error) => {
                self.paint(coloured(AnsiColor::Red).bold(), "error")
            }
            (Status::Fail, Severity::Warning) => {
                self.paint(coloured(AnsiColor::Yellow).bold(), "warning")
            }
            (Status::Fail, Severity::Info) => self.paint(coloured(AnsiColor::Blue).bold(), "info"),
        }
    }
}

pub(crate) fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

impl Sink for TextSink {
    fn begin(&mut self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn report(&mut self, report: &Report, _: &Origin, out: &mut dyn Write) -> io::Result<()> {
        self.summary.add(report);
        for finding in &report.findings {
            let mut location = report.source.clone();
            if let (Some(line), Some(column)) = (finding.line, finding.column) {
                location = format!("{location}:{line}:{column}");
            }
            write!(
                out,
                "{location}: {} {} {}",
                self.label(finding),
                finding.rule,
                finding.message
            )?;
            match finding.path.as_deref() {
                Some(path) if !path.is_empty() => writeln!(
                    out,
                    " {}",
                    self.paint(Style::new().dimmed(), &format!("[at {path}]"))
                )?,
                _ => writeln!(out)?,
            }
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let line = summary_line(&self.summary);
        writeln!(out, "{}", self.paint(Style::new().bold(), &line))
    }
}

/// `N documents checked: N errors, N warnings, N infos (...); N checks passed`.
pub(crate) fn summary_line(s: &BatchSummary) -> String {
    let mut line = format!(
        "{} checked: {}, {}, {}",
        plural(s.documents, "document"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
    );
    if s.invalid > 0 {
        let their = if s.invalid == 1 { "its" } else { "their" };
        line.push_str(&format!(
            " ({} not valid against {their} schema)",
            plural(s.invalid, "document")
        ));
    }
    line.push_str(&format!("; {} passed", plural(s.passed, "check")));
    line
}
