//! `--summary`: counts per rule and per severity instead of every finding, for
//! batches too large to read finding by finding. Keeps counts only, never
//! reports, so memory grows with the number of rules, not of documents.

use std::collections::HashMap;
use std::io::{self, Write};

use cte_rules_core::{Report, Severity};
use serde::Serialize;

use super::text::plural;
use super::{failed, BatchSummary, Origin, Sink};

/// Failures of one rule at one severity across the batch.
#[derive(Debug, Clone, Serialize)]
struct RuleCount {
    rule: String,
    severity: Severity,
    /// Failed findings.
    findings: usize,
    /// Documents with at least one failed finding.
    documents: usize,
}

/// `{"tool", "summary", "rules"}`, in that order (a struct, since `json!` sorts keys).
#[derive(Serialize)]
struct JsonSummary<'a> {
    tool: serde_json::Value,
    summary: BatchSummary,
    rules: Vec<&'a RuleCount>,
}

/// Text table or one JSON object, chosen by the `--format` it was asked with.
pub(crate) struct SummarySink {
    json: bool,
    summary: BatchSummary,
    /// Counts by rule id, then by severity (one, unless a pack overrides it
    /// between runs): looked up by the borrowed id, so a batch allocates a
    /// rule's id once, not once per finding.
    rules: HashMap<String, Vec<RuleCount>>,
}

impl SummarySink {
    pub(crate) fn new(json: bool) -> Self {
        SummarySink {
            json,
            summary: BatchSummary::default(),
            rules: HashMap::new(),
        }
    }

    /// Most frequent first, then by id, so the table reads top-down and diffs stay stable.
    fn sorted(&self) -> Vec<&RuleCount> {
        let mut rules: Vec<&RuleCount> = self.rules.values().flatten().collect();
        rules.sort_by(|a, b| {
            b.findings
                .cmp(&a.findings)
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| b.severity.cmp(&a.severity))
        });
        rules
    }
}

impl Sink for SummarySink {
    fn begin(&mut self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn report(&mut self, report: &Report, _: &Origin, _: &mut dyn Write) -> io::Result<()> {
        self.summary.add(report);
        let mut seen: Vec<(&str, Severity)> = Vec::new();
        for finding in failed(report) {
            if !self.rules.contains_key(finding.rule.as_str()) {
                self.rules.insert(finding.rule.clone(), Vec::new());
            }
            let Some(by_severity) = self.rules.get_mut(finding.rule.as_str()) else {
                continue;
            };
            let at = match by_severity
                .iter()
                .position(|c| c.severity == finding.severity)
            {
                Some(at) => at,
                None => {
                    by_severity.push(RuleCount {
                        rule: finding.rule.clone(),
                        severity: finding.severity,
                        findings: 0,
                        documents: 0,
                    });
                    by_severity.len() - 1
                }
            };
            let count = &mut by_severity[at];
            count.findings += 1;
            if !seen.contains(&(finding.rule.as_str(), finding.severity)) {
                seen.push((&finding.rule, finding.severity));
                count.documents += 1;
            }
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let rules = self.sorted();
        if self.json {
            let tool =
                serde_json::json!({"name": "cte-rules", "version": env!("CARGO_PKG_VERSION")});
            let summary = JsonSummary {
                tool,
                summary: self.summary,
                rules,
            };
            serde_json::to_writer(&mut *out, &summary)?;
            return writeln!(out);
        }
        let width = rules
            .iter()
            .map(|r| r.rule.len())
            .max()
            .unwrap_or(0)
            .max("RULE".len());
        writeln!(
            out,
            "{:<width$}  {:<8}  {:>8}  {:>9}",
            "RULE", "SEVERITY", "FINDINGS", "DOCUMENTS"
        )?;
        for rule in &rules {
            writeln!(
                out,
                "{:<width$}  {:<8}  {:>8}  {:>9}",
                rule.rule,
                rule.severity.as_str(),
                rule.findings,
                rule.documents
            )?;
        }
        let s = &self.summary;
        writeln!(out)?;
        writeln!(
            out,
            "by severity: {}, {}, {}",
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info")
        )?;
        writeln!(
            out,
            "documents: {} checked, {} valid, {} not valid against their schema; {} passed",
            s.documents,
            s.valid,
            s.invalid,
            plural(s.passed, "check")
        )
    }
}
