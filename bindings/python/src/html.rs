//! `Report._repr_html_`: the compact table Jupyter shows for a report.

use std::fmt::Write;

use cte_rules_core::{Finding, Report};

/// Text made safe for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

fn citation_cell(finding: &Finding) -> String {
    finding
        .citation
        .as_ref()
        .map_or_else(String::new, |citation| {
            format!(
                "{} &middot; {} <small>({})</small>",
                escape(&citation.section),
                escape(&citation.item),
                escape(&citation.title)
            )
        })
}

fn message_cell(finding: &Finding) -> String {
    let mut cell = escape(&finding.message);
    if let Some(path) = &finding.path {
        let _ = write!(cell, "<br><code>{}</code>", escape(path));
    }
    if let (Some(line), Some(column)) = (finding.line, finding.column) {
        let _ = write!(cell, " <small>line {line}, column {column}</small>");
    }
    cell
}

/// A heading line (source, kind, verdict, counts) and one row per finding:
/// rule, severity, message (with its path), citation.
pub fn report_table(report: &Report) -> String {
    let summary = &report.summary;
    let verdict = if report.ok() { "ok" } else { "not ok" };
    let kind = report.kind.as_deref().unwrap_or("unknown kind");
    let mut html = String::from("<div class=\"cte-rules-report\">");
    let _ =
        write!(
        html,
        "<p><strong>{}</strong> ({}): {verdict}{}; {} errors, {} warnings, {} infos, {} passed</p>",
        escape(&report.source),
        escape(kind),
        if report.valid { "" } else { ", not valid against its schema" },
        summary.errors,
        summary.warnings,
        summary.infos,
        summary.passed,
    );
    if report.findings.is_empty() {
        html.push_str("<p>No findings.</p></div>");
        return html;
    }
    html.push_str(
        "<table><thead><tr><th>rule</th><th>severity</th><th>message</th><th>citation</th></tr></thead><tbody>",
    );
    for finding in &report.findings {
        let _ = write!(
            html,
            "<tr class=\"{status}\"><td>{rule}</td><td>{severity}</td><td style=\"text-align:left\">{message}</td><td style=\"text-align:left\">{citation}</td></tr>",
            status = finding.status.as_str(),
            rule = escape(&finding.rule),
            severity = finding.severity.as_str(),
            message = message_cell(finding),
            citation = citation_cell(finding),
        );
    }
    html.push_str("</tbody></table></div>");
    html
}
