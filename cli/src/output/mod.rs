//! Renderers of `check` output. Each streams reports as they come, so a batch of
//! any size runs in constant memory.

/// `println!` into an [`Out`] buffer.
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {
        $out.line(format!($($arg)*))
    };
}

pub(crate) mod json;
pub(crate) mod text;

use std::io::{self, IsTerminal, Write};

use cte_rules_core::Report;

/// A renderer: a header, one call per report, a footer with the batch summary.
pub(crate) trait Sink {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()>;
    fn report(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
    fn end(&mut self, out: &mut dyn Write) -> io::Result<()>;
}

/// Colour only on a terminal, and never when `NO_COLOR` is set.
pub(crate) fn use_colour() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
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
