//! `--format json`: `{"tool": {...}, "documents": [report...], "summary": {...}}`,
//! written report by report.

use std::io::{self, Write};

use cte_rules_core::Report;

use super::{BatchSummary, Origin, Sink};

#[derive(Default)]
pub(crate) struct JsonSink {
    summary: BatchSummary,
}

impl Sink for JsonSink {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let tool = serde_json::json!({"name": "cte-rules", "version": env!("CARGO_PKG_VERSION")});
        write!(out, "{{\"tool\":{tool},\"documents\":[")
    }

    fn report(&mut self, report: &Report, _: &Origin, out: &mut dyn Write) -> io::Result<()> {
        if self.summary.documents > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"\n")?;
        serde_json::to_writer(&mut *out, report)?;
        self.summary.add(report);
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "\n],\"summary\":{}}}",
            serde_json::to_string(&self.summary)?
        )
    }
}
