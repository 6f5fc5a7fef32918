//! The one HTML rendering of reports, for every face: the CLI's `--format html`
//! page, Python's `_repr_html_`, a portal page.
//!
//! Self-contained on purpose: inline CSS, no script, no external asset, so a
//! page saved from CI opens offline and a fragment embeds anywhere. Severity is
//! shown by colour *and* by word, tables carry captions and `scope`, and the
//! only control (`<details>`, folding passed checks away) is keyboard-reachable
//! by nature. Every piece of report text is escaped.
//!
//! A batch streams: [`Page`] gives the page's head, one section per report as
//! it comes, and a tail with the batch summary, keeping only counts per rule in
//! between. [`fragment`] renders reports already in memory, summary first.

use std::collections::HashMap;
use std::fmt::Write;

use crate::report::{Finding, Report, Severity, Status};

/// How many rules the summary lists under "rules failing most".
const TOP_RULES: usize = 10;

/// Scoped to `.cte-rules` so a fragment cannot restyle the page it is embedded
/// in. Colours keep a contrast of at least 4.5:1 against their text (WCAG AA).
const STYLE: &str = "\
.cte-rules{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f1f1f;background:#fff;line-height:1.45;max-width:80rem}
.cte-rules h1{font-size:1.5rem;margin:.5rem 0}
.cte-rules h2{font-size:1.2rem;margin:1.5rem 0 .5rem;overflow-wrap:anywhere}
.cte-rules table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}
.cte-rules caption{text-align:left;font-weight:600;padding:.25rem 0}
.cte-rules th,.cte-rules td{border:1px solid #c4c4c4;padding:.3rem .5rem;text-align:left;vertical-align:top}
.cte-rules thead th{background:#f1f3f4}
.cte-rules td.num{text-align:right;font-variant-numeric:tabular-nums}
.cte-rules .rule,.cte-rules .loc{white-space:nowrap}
.cte-rules code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
.cte-rules .sev{display:inline-block;border-radius:.25rem;padding:0 .4rem;font-weight:600;white-space:nowrap}
.cte-rules .sev-error{background:#b3261e;color:#fff}
.cte-rules .sev-warning{background:#ffd666;color:#3d2b00}
.cte-rules .sev-info{background:#0b57d0;color:#fff}
.cte-rules .sev-pass{background:#146c2e;color:#fff}
.cte-rules tr.error td:first-child{border-left:4px solid #b3261e}
.cte-rules tr.warning td:first-child{border-left:4px solid #b38600}
.cte-rules tr.info td:first-child{border-left:4px solid #0b57d0}
.cte-rules tr.pass td:first-child{border-left:4px solid #146c2e}
.cte-rules summary{cursor:pointer;padding:.25rem 0}
.cte-rules summary:focus-visible,.cte-rules a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.cte-rules a{color:#0b57d0}
.cte-rules .muted{color:#5f6368}
";

/// Text made safe for HTML content and attribute values. Characters HTML
/// forbids (C0 controls other than whitespace, noncharacters at the ends of a
/// plane) become U+FFFD so a hostile document cannot break the markup.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{7f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// `1 error`, `2 errors`: counts people read must agree with their noun.
#[must_use]
pub fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// The severity a finding counts under: a rule that could not be evaluated
/// counts as an error whatever its severity, as in [`crate::Summary`].
fn counted(finding: &Finding) -> Severity {
    match finding.status {
        Status::Error => Severity::Error,
        _ => finding.severity,
    }
}

/// The coloured badge with the word in it, so colour is never the only cue.
fn badge(finding: &Finding) -> String {
    let word = match finding.status {
        Status::Pass => "pass",
        _ => counted(finding).as_str(),
    };
    format!("<span class=\"sev sev-{word}\">{word}</span>")
}

/// Totals over the reports rendered so far, and failures per rule: memory
/// grows with the number of rules, not of documents.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    documents: usize,
    valid: usize,
    summary: crate::Summary,
    /// `(rule, severity)` -> (failed findings, documents affected).
    rules: HashMap<(String, Severity), (usize, usize)>,
}

impl Totals {
    /// Counts one report in.
    pub fn add(&mut self, report: &Report) {
        self.documents += 1;
        self.valid += usize::from(report.valid);
        self.summary.add(&report.summary);
        let mut seen: Vec<(&str, Severity)> = Vec::new();
        for finding in report.findings.iter().filter(|f| f.status != Status::Pass) {
            let severity = counted(finding);
            let count = self
                .rules
                .entry((finding.rule.clone(), severity))
                .or_default();
            count.0 += 1;
            if !seen.contains(&(finding.rule.as_str(), severity)) {
                seen.push((&finding.rule, severity));
                count.1 += 1;
            }
        }
    }

    /// Most findings first, then most severe, then by id, so the order is stable.
    fn top_rules(&self) -> Vec<(&str, Severity, usize, usize)> {
        let mut rules: Vec<_> = self
            .rules
            .iter()
            .map(|((rule, severity), (findings, documents))| {
                (rule.as_str(), *severity, *findings, *documents)
            })
            .collect();
        rules.sort_by(|a, b| {
            b.2.cmp(&a.2)
                .then_with(|| b.1.cmp(&a.1))
                .then_with(|| a.0.cmp(b.0))
        });
        rules.truncate(TOP_RULES);
        rules
    }

    /// The summary section: counts, then the rules failing most.
    #[must_use]
    pub fn section(&self) -> String {
        let s = &self.summary;
        let mut html = String::from(
            "<section aria-labelledby=\"cte-summary\"><h2 id=\"cte-summary\">Summary</h2>\n",
        );
        html.push_str("<table><caption>Documents and findings</caption><tbody>\n");
        let rows = [
            ("Documents checked", self.documents),
            ("Valid against their schema", self.valid),
            (
                "Not valid against their schema",
                self.documents - self.valid,
            ),
            ("Errors", s.errors),
            ("Warnings", s.warnings),
            ("Infos", s.infos),
            ("Passed checks", s.passed),
        ];
        for (label, count) in rows {
            let _ = writeln!(
                html,
                "<tr><th scope=\"row\">{label}</th><td class=\"num\">{count}</td></tr>"
            );
        }
        html.push_str("</tbody></table>\n");
        let top = self.top_rules();
        if top.is_empty() {
            html.push_str("<p>No rule failed.</p>\n");
        } else {
            html.push_str(
                "<table><caption>Rules failing most</caption><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Severity</th><th scope=\"col\">Findings</th><th scope=\"col\">Documents</th></tr></thead><tbody>\n",
            );
            for (rule, severity, findings, documents) in top {
                let word = severity.as_str();
                let _ = writeln!(
                    html,
                    "<tr class=\"{word}\"><td class=\"rule\"><code>{}</code></td><td><span class=\"sev sev-{word}\">{word}</span></td><td class=\"num\">{findings}</td><td class=\"num\">{documents}</td></tr>",
                    escape(rule)
                );
            }
            html.push_str("</tbody></table>\n");
        }
        html.push_str("</section>\n");
        html
    }
}

/// `line:col` and the JSON pointer, whichever are known.
fn location(finding: &Finding) -> String {
    let mut cell = String::new();
    match (finding.line, finding.column) {
        (Some(line), Some(column)) => {
            let _ = write!(cell, "<span class=\"loc\">{line}:{column}</span>");
        }
        (Some(line), None) => {
            let _ = write!(cell, "<span class=\"loc\">{line}</span>");
        }
        _ => {}
    }
    if let Some(pointer) = finding.path.as_deref().filter(|p| !p.is_empty()) {
        if !cell.is_empty() {
            cell.push(' ');
        }
        let _ = write!(cell, "<code>{}</code>", escape(pointer));
    }
    cell
}

/// The source's title for people, then section and item; the file name (often
/// a hash) is left to the JSON output.
fn citation(finding: &Finding) -> String {
    finding.citation.as_ref().map_or_else(String::new, |c| {
        format!(
            "<cite>{}</cite> § {} › {}",
            escape(&c.title),
            escape(&c.section),
            escape(&c.item)
        )
    })
}

/// One table of findings, with its caption.
fn table(caption: &str, findings: &[&Finding]) -> String {
    let mut html = format!(
        "<table><caption>{caption}</caption><thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Rule</th><th scope=\"col\">Message</th><th scope=\"col\">Location</th><th scope=\"col\">Remediation</th><th scope=\"col\">Citation</th></tr></thead><tbody>\n"
    );
    for finding in findings {
        let mut message = escape(&finding.message);
        if let Some(code) = &finding.code {
            let _ = write!(message, " <span class=\"muted\">({})</span>", escape(code));
        }
        let class = match finding.status {
            Status::Pass => "pass",
            _ => counted(finding).as_str(),
        };
        let _ = writeln!(
            html,
            "<tr class=\"{class}\"><td>{}</td><td class=\"rule\"><code>{}</code></td><td>{message}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            badge(finding),
            escape(&finding.rule),
            location(finding),
            finding.remediation.as_deref().map(escape).unwrap_or_default(),
            citation(finding),
        );
    }
    html.push_str("</tbody></table>\n");
    html
}

/// One document: its verdict, its failing findings by severity (most severe
/// first), and its passed checks folded away.
#[must_use]
pub fn document(report: &Report) -> String {
    let source = escape(&report.source);
    let mut html = format!("<section class=\"document\"><h2>{source}</h2>\n");
    let kind = report.kind.as_deref().map_or_else(
        || "unknown kind".to_owned(),
        |kind| format!("<code>{}</code>", escape(kind)),
    );
    let s = &report.summary;
    let _ = writeln!(
        html,
        "<p>Kind {kind}; {}; {}, {}, {}; {}.</p>",
        if report.valid {
            "valid against its schema"
        } else {
            "<strong>not valid against its schema</strong>"
        },
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        plural(s.passed, "passed check"),
    );
    let mut any_failed = false;
    for (severity, word) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "info"),
    ] {
        let findings: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.status != Status::Pass && counted(f) == severity)
            .collect();
        if !findings.is_empty() {
            any_failed = true;
            let caption = format!("{} in {source}", plural(findings.len(), word));
            html.push_str(&table(&caption, &findings));
        }
    }
    if !any_failed {
        html.push_str("<p>No check failed.</p>\n");
    }
    let passed: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Pass)
        .collect();
    if !passed.is_empty() {
        let count = plural(passed.len(), "passed check");
        let _ = writeln!(html, "<details><summary>{count}</summary>");
        html.push_str(&table(&format!("{count} in {source}"), &passed));
        html.push_str("</details>\n");
    }
    html.push_str("</section>\n");
    html
}

/// A whole page, written piece by piece as reports arrive.
#[derive(Debug, Default)]
pub struct Page {
    totals: Totals,
}

impl Page {
    /// Doctype, head with the inline style, and the page's heading; a link to
    /// the summary, which comes last because it is known last.
    #[must_use]
    pub fn begin(&self, title: &str) -> String {
        let title = escape(title);
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\nbody{{margin:1rem 2rem}}\n{STYLE}</style>\n</head>\n<body class=\"cte-rules\">\n<header><h1>{title}</h1>\n<nav aria-label=\"Report\"><a href=\"#cte-summary\">Summary</a></nav>\n</header>\n<main>\n"
        )
    }

    /// One report's section; counts it into the summary.
    pub fn report(&mut self, report: &Report) -> String {
        self.totals.add(report);
        document(report)
    }

    /// The summary and the end of the page.
    #[must_use]
    pub fn end(&self) -> String {
        let mut html = self.totals.section();
        if self.totals.documents == 0 {
            html.insert_str(0, "<p>No documents were checked.</p>\n");
        }
        let _ = write!(
            html,
            "</main>\n<footer><p class=\"muted\">cte-rules {}</p></footer>\n</body>\n</html>\n",
            env!("CARGO_PKG_VERSION")
        );
        html
    }
}

/// Reports already in memory as a fragment to embed (no `<html>` wrapper):
/// the summary first, then each document. Its style travels with it.
#[must_use]
pub fn fragment(reports: &[Report]) -> String {
    let mut totals = Totals::default();
    for report in reports {
        totals.add(report);
    }
    let mut html = format!("<div class=\"cte-rules\">\n<style>\n{STYLE}</style>\n");
    if let [one] = reports {
        // One document needs no batch summary: its own line says it all.
        html.push_str(&document(one));
    } else {
        html.push_str(&totals.section());
        for report in reports {
            html.push_str(&document(report));
        }
    }
    html.push_str("</div>\n");
    html
}

/// A whole page of reports already in memory.
#[must_use]
pub fn page(title: &str, reports: &[Report]) -> String {
    let mut page = Page::default();
    let mut html = page.begin(title);
    for report in reports {
        html.push_str(&page.report(report));
    }
    html.push_str(&page.end());
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Citation;

    fn finding(rule: &str, severity: Severity, status: Status) -> Finding {
        Finding {
            rule: rule.to_owned(),
            severity,
            status,
            message: format!("{rule} says <b>&'\"</b>"),
            path: Some("/pathway".to_owned()),
            line: Some(5),
            column: Some(14),
            citation: Some(Citation {
                source: "004_dd85b78ab5c0ff6f.txt".to_owned(),
                section: "Criteria".to_owned(),
                item: "Career Development".to_owned(),
                title: "Career Clusters Initiative (2005)".to_owned(),
            }),
            remediation: Some("Pick a pathway of the cluster.".to_owned()),
            code: None,
        }
    }

    fn report(source: &str, findings: Vec<Finding>) -> Report {
        let mut summary = crate::Summary::default();
        for f in &findings {
            summary.count(f);
        }
        Report {
            source: source.to_owned(),
            kind: Some("plan-of-study".to_owned()),
            valid: true,
            findings,
            summary,
        }
    }

    #[test]
    fn escapes_markup_and_drops_controls() {
        assert_eq!(
            escape("<a href='x'>&\"\u{1}\n"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;\u{fffd}\n"
        );
    }

    #[test]
    fn one_error_is_singular_and_an_unevaluated_rule_counts_as_an_error() {
        let mut unevaluated = finding("LOCAL-03-ASSESSMENTS", Severity::Info, Status::Error);
        unevaluated.code = Some("E_EVAL".to_owned());
        let html = document(&report("plan.yaml", vec![unevaluated]));
        assert!(
            html.contains("1 error, 0 warnings, 0 infos; 0 passed checks"),
            "{html}"
        );
        assert!(
            html.contains("<caption>1 error in plan.yaml</caption>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"sev sev-error\">error</span>"));
        assert!(html.contains("(E_EVAL)"));
        assert!(!html.contains("<b>"), "document text is escaped: {html}");
    }

    #[test]
    fn citations_show_titles_not_file_names_and_passed_checks_fold() {
        let html = fragment(&[report(
            "plan.yaml",
            vec![
                finding("POS-02", Severity::Error, Status::Fail),
                finding("POS-01", Severity::Error, Status::Pass),
            ],
        )]);
        assert!(html.contains("<cite>Career Clusters Initiative (2005)</cite>"));
        assert!(!html.contains("dd85b78ab5c0ff6f"));
        assert!(html.contains("<details><summary>1 passed check</summary>"));
        assert!(!html.contains("<html"), "a fragment has no page wrapper");
    }

    #[test]
    fn the_summary_lists_the_rules_failing_most() {
        let reports = [
            report(
                "a.yaml",
                vec![
                    finding("POS-02", Severity::Warning, Status::Fail),
                    finding("POS-02", Severity::Warning, Status::Fail),
                ],
            ),
            report(
                "b.yaml",
                vec![finding("POS-01", Severity::Error, Status::Fail)],
            ),
        ];
        let html = page("cte-rules report", &reports);
        let pos02 = html.find("<code>POS-02</code></td><td><span class=\"sev sev-warning\">warning</span></td><td class=\"num\">2</td><td class=\"num\">1</td>");
        let pos01 = html.find("<code>POS-01</code></td><td><span class=\"sev sev-error\">error</span></td><td class=\"num\">1</td><td class=\"num\">1</td>");
        assert!(
            pos02.is_some() && pos01.is_some() && pos02 < pos01,
            "{html}"
        );
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(html.ends_with("</html>\n"));
    }
}
