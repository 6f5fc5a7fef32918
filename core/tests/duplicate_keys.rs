//! A name a JSON object repeats: serde_json keeps the last value, so the last
//! value is the one checked, and every finding about it is placed there, at
//! the line and column where that value starts. YAML refuses a repeated key
//! outright, with a `parse` finding at the repeat that names it.

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly by design

use cte_rules_core::{CheckOptions, Engine, Finding, Report, Status};

fn example() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/plan-of-study-it-gaps.json"
    ))
    .unwrap()
}

/// The example with `member` (a `"name": value` pair) added before
/// `"advising_meetings"`, so that its name comes twice.
fn with_repeat(text: &str, member: &str) -> String {
    let at = text.find("\"advising_meetings\"").unwrap();
    format!("{}{member},\n  {}", &text[..at], &text[at..])
}

fn options() -> CheckOptions {
    CheckOptions {
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    }
}

/// Line and column (1-based, in characters) of the byte `offset` of `text`.
fn place(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line as u64, before[start..].chars().count() as u64 + 1)
}

/// Where the value of the last `"name": value` written as `member` starts.
fn place_of_last(text: &str, member: &str) -> (u64, u64) {
    let at = text.rfind(member).unwrap();
    let colon = at + member.find(':').unwrap();
    let value = colon + 1 + text[colon + 1..].len() - text[colon + 1..].trim_start().len();
    place(text, value)
}

fn finding<'r>(report: &'r Report, rule: &str, path: &str) -> &'r Finding {
    report
        .findings
        .iter()
        .find(|f| f.rule == rule && f.path.as_deref() == Some(path))
        .unwrap_or_else(|| panic!("no {rule} at {path}: {:#?}", report.findings))
}

fn at(finding: &Finding) -> (u64, u64) {
    (finding.line.unwrap(), finding.column.unwrap())
}

/// Both the text and the bytes entry points, which place findings alike.
fn check(text: &str) -> [Report; 2] {
    let engine = Engine::builtin().unwrap();
    [
        engine.check_text("plan.json", text, &options()),
        engine.check_bytes("plan.json", text.as_bytes(), None, &options()),
    ]
}

#[test]
fn a_schema_invalid_last_value_is_reported_where_it_is() {
    let text = with_repeat(&example(), "\"cluster\": \"XX\"");
    for report in check(&text) {
        assert!(!report.valid);
        let cluster = finding(&report, "schema", "/cluster");
        assert!(cluster.message.contains("`XX`"), "{}", cluster.message);
        assert_eq!(at(cluster), place_of_last(&text, "\"cluster\": \"XX\""));
        // Not the first `cluster`, which is valid and was not checked.
        assert_ne!(at(cluster), place_of_last(&text, "\"cluster\": \"IT\""));
    }
}

#[test]
fn an_invalid_first_value_that_a_later_one_replaces_is_not_checked() {
    let text = with_repeat(
        &example().replacen("\"cluster\": \"IT\"", "\"cluster\": \"XX\"", 1),
        "\"cluster\": \"IT\"",
    );
    for report in check(&text) {
        assert!(report.valid, "{:#?}", report.findings);
    }
}

#[test]
fn a_rule_finding_on_a_repeated_name_points_at_the_value_checked() {
    // The first `pathway` belongs to the cluster; the last, which is checked,
    // does not: POS-02 fails, at the last.
    let text = with_repeat(
        &example().replacen("\"pathway\": \"AR-AVF\"", "\"pathway\": \"IT-PSD\"", 1),
        "\"pathway\": \"AR-AVF\"",
    );
    for report in check(&text) {
        assert!(report.valid);
        let pathway = finding(&report, "POS-02", "/pathway");
        assert!(pathway.message.contains("AR-AVF"), "{}", pathway.message);
        assert_eq!(at(pathway), place_of_last(&text, "\"pathway\": \"AR-AVF\""));
    }
}

#[test]
fn findings_inside_a_repeated_value_are_placed_inside_the_last() {
    // A shorter list of school years replaces the example's: LOCAL-03's
    // finding on the first year is placed in the list that was checked.
    let years = concat!(
        "\"school_years\": [\n",
        "    {\"year\": \"2024-2025\", \"level\": \"secondary\", \"status\": \"completed\", \"grade\": 11,\n",
        "     \"courses\": [{\"title\": \"Networks\", \"category\": \"technical\", \"pathway\": \"IT-NS\", \"credits\": 1}]}\n",
        "  ]",
    );
    let text = with_repeat(&example(), years);
    for report in check(&text) {
        assert!(report.valid, "{:#?}", report.findings);
        let year = finding(&report, "LOCAL-03", "/school_years/0");
        let list = text.rfind("\"school_years\": [").unwrap();
        let item = list + text[list..].find('{').unwrap();
        assert_eq!(at(year), place(&text, item));
        // The second year of the first list is not in the document checked.
        assert!(report
            .findings
            .iter()
            .all(|f| f.path.as_deref() != Some("/school_years/1")));
        // A finding about the list itself is on the last list too.
        let list_finding = finding(&report, "POS-03", "/school_years");
        assert_eq!(
            at(list_finding),
            place(&text, list + "\"school_years\": ".len())
        );
    }
}

#[test]
fn yaml_refuses_a_repeated_key_with_a_parse_finding_at_the_repeat() {
    let engine = Engine::builtin().unwrap();
    let text = "kind: plan-of-study\ncluster: IT\nlearner: {id: L1}\ncluster: XX\n";
    let report = engine.check_text("plan.yaml", text, &options());
    assert!(!report.valid);
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    let parse = &report.findings[0];
    assert_eq!(parse.rule, "parse");
    assert_eq!(parse.status, Status::Fail);
    assert!(
        parse.message.starts_with("invalid YAML: ") && parse.message.contains("cluster"),
        "{}",
        parse.message
    );
    assert_eq!(at(parse), (4, 1));
}
