//! `--format junit`: JUnit XML, which CI dashboards (GitLab, Jenkins, Azure
//! DevOps, test-reporter actions) read as test results.
//!
//! One `<testsuite>` per document, one `<testcase>` per rule that failed in it
//! (several findings of one rule share a testcase, listed in its `<failure>`),
//! and one passing `cte-rules` testcase for a document with no failure, so that
//! dashboards count every document. A `parse` finding is an `<error>`: the
//! document could not be checked at all; so is a rule that could not be
//! evaluated (status `error`). Streams one document at a time.

use std::borrow::Cow;
use std::io::{self, Write};

use cte_rules_core::report::PARSE_RULE;
use cte_rules_core::text::truncate_chars;
use cte_rules_core::{Finding, Report, Status};

use super::{failed, Origin, Sink};

/// Longest `message` attribute: dashboards show it on one line; the element's
/// text has everything.
const MESSAGE_CHARS: usize = 200;

#[derive(Default)]
pub(crate) struct JunitSink;

/// Escapes text for XML 1.0 content and attribute values. Characters XML 1.0
/// cannot carry at all (C0 controls other than tab, newline and carriage return,
/// U+FFFE, U+FFFF) become U+FFFD; whitespace is written as character references
/// so attribute-value normalisation cannot turn it into spaces.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' => escaped.push_str("&#9;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => escaped.push('\u{fffd}'),
            c => escaped.push(c),
        }
    }
    escaped
}

fn short(text: &str) -> Cow<'_, str> {
    truncate_chars(text, MESSAGE_CHARS)
}

/// One line per finding: `line:col at /pointer: message` (lines of the file, as
/// in SARIF and GitHub output, also for NDJSON), then how to fix it.
fn details(findings: &[&Finding], origin: &Origin) -> String {
    let mut text = String::new();
    for finding in findings {
        match origin.position(finding) {
            (Some(line), Some(column)) => text.push_str(&format!("{line}:{column} ")),
            (Some(line), None) => text.push_str(&format!("{line} ")),
            _ => {}
        }
        if let Some(pointer) = finding.path.as_deref().filter(|p| !p.is_empty()) {
            text.push_str(&format!("at {pointer}: "));
        }
        text.push_str(&finding.message);
        text.push('\n');
    }
    if let Some(first) = findings.first() {
        if let Some(remediation) = &first.remediation {
            text.push_str(&format!("remediation: {remediation}\n"));
        }
        if let Some(citation) = &first.citation {
            text.push_str(&format!("citation: {}\n", super::cite(citation)));
        }
    }
    text
}

impl Sink for JunitSink {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(out, "<testsuites name=\"cte-rules\">")
    }

    fn report(&mut self, report: &Report, origin: &Origin, out: &mut dyn Write) -> io::Result<()> {
        // Rules in the order they first fail; a report holds one document, so this
        // grouping is bounded by the document, not the batch.
        let mut rules: Vec<(&str, Vec<&Finding>)> = Vec::new();
        for finding in failed(report) {
            match rules.iter_mut().find(|(rule, _)| *rule == finding.rule) {
                Some((_, findings)) => findings.push(finding),
                None => rules.push((&finding.rule, vec![finding])),
            }
        }
        let is_error = |rule: &str, findings: &[&Finding]| {
            rule == PARSE_RULE || findings.iter().any(|f| f.status == Status::Error)
        };
        let errors = rules
            .iter()
            .filter(|(rule, findings)| is_error(rule, findings))
            .count();
        let failures = rules.len() - errors;
        let source = escape(&report.source);
        writeln!(
            out,
            "  <testsuite name=\"{source}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">",
            rules.len().max(1)
        )?;
        if rules.is_empty() {
            writeln!(
                out,
                "    <testcase classname=\"{source}\" name=\"cte-rules\"/>"
            )?;
        }
        for (rule, findings) in &rules {
            let element = if is_error(rule, findings) {
                "error"
            } else {
                "failure"
            };
            let message = match findings.as_slice() {
                [one] => one.message.clone(),
                [first, ..] => format!("{} findings; first: {}", findings.len(), first.message),
                [] => String::new(),
            };
            let severity = findings.first().map_or("error", |f| f.severity.as_str());
            writeln!(
                out,
                "    <testcase classname=\"{source}\" name=\"{}\">",
                escape(rule)
            )?;
            writeln!(
                out,
                "      <{element} message=\"{}\" type=\"{severity}\">{}</{element}>",
                escape(&short(&message)),
                escape(&details(findings, origin))
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_carry() {
        assert_eq!(
            escape("a<&\"'>]]>\u{1}\u{ffff}\tb\n"),
            "a&lt;&amp;&quot;&apos;&gt;]]&gt;\u{fffd}\u{fffd}&#9;b&#10;"
        );
    }

    #[test]
    fn ndjson_findings_give_the_line_of_the_file() {
        let finding = Finding {
            rule: "POS-01".to_owned(),
            severity: cte_rules_core::Severity::Error,
            status: cte_rules_core::Status::Fail,
            message: "m".to_owned(),
            path: Some("/cluster".to_owned()),
            line: Some(1),
            column: Some(40),
            citation: None,
            remediation: None,
            code: None,
        };
        let origin = Origin::NdjsonLine {
            file: "plans.ndjson",
            line: 12,
        };
        assert_eq!(details(&[&finding], &origin), "12:40 at /cluster: m\n");
        assert_eq!(
            details(&[&finding], &Origin::File("plan.json")),
            "1:40 at /cluster: m\n"
        );
    }

    #[test]
    fn long_messages_are_cut_for_the_attribute() {
        let long = "x".repeat(500);
        assert_eq!(short(&long).chars().count(), MESSAGE_CHARS);
        assert_eq!(short("brief"), "brief");
    }
}
