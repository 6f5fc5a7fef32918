//! `--format html`: one self-contained page (core's renderer, shared with every
//! face), written a document at a time; the summary closes the page.

use std::io::{self, Write};

use cte_rules_core::html::Page;
use cte_rules_core::Report;

use super::{Origin, Sink};

#[derive(Default)]
pub(crate) struct HtmlSink {
    page: Page,
}

impl Sink for HtmlSink {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.page.begin("cte-rules report").as_bytes())
    }

    fn report(&mut self, report: &Report, _: &Origin, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.page.report(report).as_bytes())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.page.end().as_bytes())
    }
}
