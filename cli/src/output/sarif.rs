//! `--format sarif`: a SARIF 2.1.0 log with one run, for code-scanning dashboards
//! (GitHub's `upload-sarif`, Azure DevOps, SonarQube…).
//!
//! The rule descriptors go first, so they are built from the engine's rules up
//! front; results then stream report by report, so memory stays bounded. Only
//! failed findings become results: a passing rule is not something to fix.

use std::collections::HashMap;
use std::io::{self, Write};

use cte_rules_core::report::{PARSE_RULE, SCHEMA_RULE};
use cte_rules_core::{Finding, Report, RuleInfo, Severity};
use serde_json::{json, Map, Value};

use super::{failed, Origin, Sink};

pub(crate) const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub(crate) struct SarifSink {
    rules: Vec<Value>,
    index: HashMap<String, usize>,
    results: usize,
}

impl SarifSink {
    /// Describes every enabled rule, plus the engine's own `schema` and `parse`
    /// findings, which have no pack rule behind them.
    pub(crate) fn new(rules: impl IntoIterator<Item = RuleInfo>) -> Self {
        let mut descriptors = vec![
            builtin_descriptor(
                SCHEMA_RULE,
                "Document matches the JSON Schema of its kind",
                "Each document is validated against the JSON Schema generated from its kind \
                 (schemas/KIND.schema.json) before any rule runs.",
                "Make the value match schemas/KIND.schema.json, where KIND is the document's `kind`.",
            ),
            builtin_descriptor(
                PARSE_RULE,
                "Document can be read",
                "A document that is malformed, empty, binary, not UTF-8, too large or too deeply \
                 nested cannot be checked.",
                "Save the document as UTF-8 JSON or YAML within the size (--max-bytes) and \
                 depth (--max-depth) limits.",
            ),
        ];
        descriptors.extend(
            rules
                .into_iter()
                .filter(|rule| rule.enabled)
                .map(|rule| rule_descriptor(&rule)),
        );
        let index = descriptors
            .iter()
            .enumerate()
            .filter_map(|(i, d)| Some((d["id"].as_str()?.to_owned(), i)))
            .collect();
        SarifSink {
            rules: descriptors,
            index,
            results: 0,
        }
    }

    fn result(&self, report: &Report, origin: &Origin, finding: &Finding) -> Value {
        let mut result = Map::new();
        result.insert("ruleId".into(), json!(finding.rule));
        if let Some(index) = self.index.get(&finding.rule) {
            result.insert("ruleIndex".into(), json!(index));
        }
        result.insert("level".into(), json!(level(finding.severity)));
        result.insert("message".into(), json!({ "text": finding.message }));
        let mut location = Map::new();
        if let Some(file) = origin.file() {
            let mut physical = json!({ "artifactLocation": { "uri": uri(file) } });
            let (line, column) = origin.position(finding);
            if let Some(line) = line {
                let mut region = json!({ "startLine": line });
                if let Some(column) = column {
                    region["startColumn"] = json!(column);
                }
                physical["region"] = region;
            }
            location.insert("physicalLocation".into(), physical);
        }
        if let Some(pointer) = finding.path.as_deref() {
            location.insert(
                "logicalLocations".into(),
                json!([{ "fullyQualifiedName": pointer, "kind": "element" }]),
            );
        }
        if !location.is_empty() {
            result.insert("locations".into(), json!([location]));
        }
        let mut properties = json!({ "source": report.source });
        if let Some(pointer) = &finding.path {
            properties["pointer"] = json!(pointer);
        }
        if let Some(kind) = &report.kind {
            properties["kind"] = json!(kind);
        }
        result.insert("properties".into(), properties);
        Value::Object(result)
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_descriptor(rule: &RuleInfo) -> Value {
    let citation = super::cite(&rule.citation);
    let description = rule.description.as_deref().unwrap_or(&rule.title);
    json!({
        "id": rule.id,
        "name": rule.id,
        "shortDescription": { "text": rule.title },
        "fullDescription": { "text": description },
        "help": {
            "text": format!("{}\n\nCitation: {citation}", rule.remediation),
            "markdown": format!("{}\n\n**Citation:** {citation}", rule.remediation),
        },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "citation": rule.citation,
            "kind": rule.kind.as_str(),
            "pack": rule.pack,
            "tags": ["cte", rule.kind.as_str()],
        },
    })
}

fn builtin_descriptor(id: &str, title: &str, description: &str, remediation: &str) -> Value {
    json!({
        "id": id,
        "name": id,
        "shortDescription": { "text": title },
        "fullDescription": { "text": description },
        "help": { "text": remediation, "markdown": remediation },
        "defaultConfiguration": { "level": "error" },
        "properties": { "pack": "engine", "tags": ["cte"] },
    })
}

/// A path as a URI reference: relative paths stay relative (code scanning resolves
/// them against the checkout), absolute ones become `file://` URIs, and anything
/// outside the unreserved set is percent-encoded so the log stays schema-valid.
pub(crate) fn uri(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

impl Sink for SarifSink {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let driver = json!({
            "name": "cte-rules",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": self.rules,
        });
        write!(
            out,
            "{{\"$schema\":\"{SCHEMA_URI}\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{driver}}},\"columnKind\":\"unicodeCodePoints\",\"results\":["
        )
    }

    fn report(&mut self, report: &Report, origin: &Origin, out: &mut dyn Write) -> io::Result<()> {
        for finding in failed(report) {
            if self.results > 0 {
                out.write_all(b",")?;
            }
            out.write_all(b"\n")?;
            serde_json::to_writer(&mut *out, &self.result(report, origin, finding))?;
            self.results += 1;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "\n]}}]}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("plans/a b#1.yaml"), "plans/a%20b%231.yaml");
        assert_eq!(uri("/tmp/x.json"), "file:///tmp/x.json");
        assert_eq!(uri("é.json"), "%C3%A9.json");
    }
}
