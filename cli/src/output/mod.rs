//! Renderers of `check` output. Each streams reports as they come, so a batch of
//! any size runs in constant memory.

/// `println!` into an [`Out`] buffer.
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {
        $out.line(format!($($arg)*))
    };
}

pub(crate) mod github;
pub(crate) mod gitlab;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod markdown;
pub(crate) mod sarif;
pub(crate) mod summary;
pub(crate) mod text;

use std::io::{self, Write};

use cte_rules_core::{Finding, Report, Status};

/// A renderer: a header, one call per report, a footer with the batch summary.
/// A citation for people: the source's title, its file when that differs,
/// then section and item.
pub(crate) fn cite(citation: &cte_rules_core::Citation) -> String {
    if citation.title == citation.source {
        format!(
            "{} § {} › {}",
            citation.title, citation.section, citation.item
        )
    } else {
        format!(
            "{} ({}) § {} › {}",
            citation.title, citation.source, citation.section, citation.item
        )
    }
}

pub(crate) trait Sink {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()>;
    fn report(&mut self, report: &Report, origin: &Origin, out: &mut dyn Write) -> io::Result<()>;
    fn end(&mut self, out: &mut dyn Write) -> io::Result<()>;
}

/// Where a report's document lives, as CI tools point at it. Kept apart from
/// `Report::source` because `file.ndjson:12` cannot be split back reliably: the
/// file name itself may contain a colon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin<'a> {
    /// Standard input: there is no file to annotate.
    Stdin,
    /// A whole file, by the path given on the command line.
    File(&'a str),
    /// One line of an NDJSON file.
    NdjsonLine { file: &'a str, line: u64 },
}

impl Origin<'_> {
    /// The file, if there is one.
    pub(crate) fn file(&self) -> Option<&str> {
        match self {
            Origin::Stdin => None,
            Origin::File(file) | Origin::NdjsonLine { file, .. } => Some(file),
        }
    }

    /// Maps a finding's position within its document to one within the file: an
    /// NDJSON document starts on its line of the file, at its first column.
    pub(crate) fn position(&self, finding: &Finding) -> (Option<u64>, Option<u64>) {
        match self {
            Origin::NdjsonLine { line, .. } => (
                Some(line + finding.line.unwrap_or(1).saturating_sub(1)),
                finding.column,
            ),
            Origin::Stdin | Origin::File(_) => (finding.line, finding.column),
        }
    }
}

/// `--color`: when text output is coloured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorWhen {
    /// On a terminal that supports colour, as the environment says: never
    /// with `NO_COLOR` or `TERM=dumb`, always with `CLICOLOR_FORCE`.
    #[default]
    Auto,
    Always,
    Never,
}

/// Whether to colour stdout: the flag, then (for `auto`) anstream's reading
/// of the terminal and of `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM`.
pub(crate) fn use_colour(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// Totals over every report of a batch.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub(crate) struct BatchSummary {
    pub documents: usize,
    pub valid: usize,
    pub invalid: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub passed: usize,
}

impl BatchSummary {
    pub(crate) fn add(&mut self, report: &Report) {
        self.documents += 1;
        if report.valid {
            self.valid += 1;
        } else {
            self.invalid += 1;
        }
        self.errors += report.summary.errors;
        self.warnings += report.summary.warnings;
        self.infos += report.summary.infos;
        self.passed += report.summary.passed;
    }
}

/// The failed findings of a report, and those of rules that could not be
/// evaluated: what every CI format reports.
pub(crate) fn failed(report: &Report) -> impl Iterator<Item = &Finding> {
    report
        .findings
        .iter()
        .filter(|finding| finding.status != Status::Pass)
}

/// Text for stdout, written at once; a closed pipe (`cte-rules rules list | head`)
/// ends the output quietly instead of panicking.
#[derive(Default)]
pub(crate) struct Out {
    text: String,
}

impl Out {
    pub(crate) fn line(&mut self, line: impl AsRef<str>) {
        self.text.push_str(line.as_ref());
        self.text.push('\n');
    }

    pub(crate) fn blank(&mut self) {
        self.text.push('\n');
    }

    pub(crate) fn flush(self) -> Result<(), cte_rules_core::Error> {
        write_stdout(self.text.as_bytes())
    }
}

/// Writes to stdout; a broken pipe is not an error worth reporting.
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<(), cte_rules_core::Error> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => Err(cte_rules_core::Error::new(
            cte_rules_core::ErrorCode::Io,
            format!("cannot write output: {error}"),
        )),
        _ => Ok(()),
    }
}
