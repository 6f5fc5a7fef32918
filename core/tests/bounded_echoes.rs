//! A message echoes a document's value by its first characters and an
//! ellipsis, never whole: a 1 MB string that breaks a pattern, an enum or a
//! length bound, a 1 MB unknown kind, a 1 MB name no schema allows or a YAML
//! document repeating a 1 MB key each give a message of a few hundred bytes.

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly by design

use cte_rules_core::text::{ELLIPSIS, MAX_ECHO_CHARS};
use cte_rules_core::{CheckOptions, Engine, Finding, Report};

/// The most bytes a message about a 1 MB value may take: the words around
/// the echo, and the echo itself.
const MAX_MESSAGE_BYTES: usize = 300;

const MEGABYTE: usize = 1 << 20;

fn check(source: &str, text: &str) -> Report {
    Engine::builtin()
        .unwrap()
        .check_text(source, text, &CheckOptions::default())
}

fn only_finding<'r>(report: &'r Report, rule: &str, path: Option<&str>) -> &'r Finding {
    let found: Vec<&Finding> = report.findings.iter().filter(|f| f.rule == rule).collect();
    assert_eq!(found.len(), 1, "{:#?}", report.findings);
    assert_eq!(found[0].path.as_deref(), path);
    found[0]
}

/// The message is short, and the value is echoed by its first characters up
/// to the ellipsis.
fn assert_bounded(message: &str, echoed: &str) {
    assert!(
        message.len() < MAX_MESSAGE_BYTES,
        "{} bytes: {}",
        message.len(),
        message
    );
    let (before, _) = message
        .split_once(ELLIPSIS)
        .unwrap_or_else(|| panic!("no ellipsis: {message}"));
    let tail: Vec<char> = before.chars().rev().take(MAX_ECHO_CHARS / 2).collect();
    assert!(
        tail.iter().all(|c| echoed.contains(*c)),
        "not cut in the value: {message}"
    );
}

fn plan(learner_id: &str, extra: &str) -> String {
    format!(
        concat!(
            "{{\"kind\": \"plan-of-study\", \"learner\": {{\"id\": \"{}\"}}, \"cluster\": \"HL\",",
            " \"pathway\": \"HL-TS\", \"school_years\": [{{\"year\": \"2025-2026\",",
            " \"level\": \"secondary\", \"status\": \"current\", \"grade\": 11, \"courses\": []}}]{}}}"
        ),
        learner_id, extra
    )
}

#[test]
fn a_megabyte_string_over_a_length_bound_is_echoed_cut() {
    let report = check("plan.json", &plan(&"i".repeat(MEGABYTE), ""));
    let finding = only_finding(&report, "schema", Some("/learner/id"));
    assert!(finding.message.contains("is longer than 64 characters"));
    assert_bounded(&finding.message, "i");
}

#[test]
fn a_megabyte_string_that_breaks_a_pattern_is_echoed_cut() {
    let meetings = format!(
        ", \"advising_meetings\": [{{\"date\": \"{}\", \"school_year\": \"2025-2026\", \"adviser_role\": \"other\"}}]",
        "9".repeat(MEGABYTE)
    );
    let report = check("plan.json", &plan("L1", &meetings));
    // Both the pattern and the format are broken.
    let messages: Vec<&str> = report
        .findings
        .iter()
        .map(|f| {
            assert_eq!(f.path.as_deref(), Some("/advising_meetings/0/date"));
            f.message.as_str()
        })
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("does not match"), "{}", messages[0]);
    assert!(messages[1].contains("is not a \"date\""), "{}", messages[1]);
    for message in messages {
        assert_bounded(message, "9");
    }
}

#[test]
fn a_megabyte_code_outside_an_enum_is_echoed_cut() {
    let text = plan("L1", "").replace("\"HL\"", &format!("\"{}\"", "X".repeat(MEGABYTE)));
    let report = check("plan.json", &text);
    let finding = only_finding(&report, "schema", Some("/cluster"));
    assert!(finding
        .message
        .starts_with("unknown Career Cluster code `XXX"));
    assert_bounded(&finding.message, "X");
}

#[test]
fn a_megabyte_value_of_the_wrong_type_is_echoed_cut() {
    let list = format!("[{}0]", "0,".repeat(MEGABYTE / 2));
    let text = plan("L1", "").replace("{\"id\": \"L1\"}", &list);
    let report = check("plan.json", &text);
    let finding = only_finding(&report, "schema", Some("/learner"));
    assert!(
        finding.message.contains("is not of type"),
        "{}",
        finding.message
    );
    assert_bounded(&finding.message, "0,");
}

#[test]
fn a_megabyte_name_the_schema_does_not_allow_is_echoed_cut() {
    let extra = format!(", \"{}\": 1", "n".repeat(MEGABYTE));
    let report = check("plan.json", &plan("L1", &extra));
    let finding = only_finding(&report, "schema", Some(""));
    assert!(
        finding
            .message
            .starts_with("Additional properties are not allowed ('nnn"),
        "{}",
        &finding.message[..100]
    );
    assert_bounded(&finding.message, "n");
}

#[test]
fn many_names_the_schema_does_not_allow_are_counted_past_the_first_few() {
    let extra: String = (0..10_000)
        .map(|i| format!(", \"extra_{i:05}\": 1"))
        .collect();
    let report = check("plan.json", &plan("L1", &extra));
    let finding = only_finding(&report, "schema", Some(""));
    assert_eq!(
        finding.message,
        "Additional properties are not allowed ('extra_00000', 'extra_00001', 'extra_00002', 'extra_00003', 'extra_00004' and 9995 more were unexpected)"
    );
}

#[test]
fn a_megabyte_unknown_kind_is_echoed_cut() {
    let report = check("doc.yaml", &format!("kind: {}\n", "k".repeat(MEGABYTE)));
    let finding = only_finding(&report, "schema", Some("/kind"));
    assert!(finding.message.starts_with("unknown document kind `kkk"));
    assert!(
        finding
            .message
            .contains(&format!("{ELLIPSIS}`; expected one of")),
        "{}",
        finding.message
    );
    assert_bounded(&finding.message, "k");
}

#[test]
fn a_megabyte_kind_that_is_no_string_is_echoed_cut() {
    let report = check(
        "doc.json",
        &format!("{{\"kind\": [{}1]}}", "1,".repeat(MEGABYTE / 2)),
    );
    let finding = only_finding(&report, "schema", Some("/kind"));
    assert!(finding
        .message
        .starts_with("`kind` must be a string, found [1,1,"));
    assert_bounded(&finding.message, "1,");
}

#[test]
fn a_yaml_document_repeating_a_megabyte_key_gets_a_short_parse_message() {
    let key = "r".repeat(MEGABYTE);
    // Explicit keys (`? key`): a plain one may not be longer than 1024 characters.
    let report = check(
        "doc.yaml",
        &format!("kind: plan-of-study\n? {key}\n: 1\n? {key}\n: 2\n"),
    );
    let finding = only_finding(&report, "parse", None);
    assert!(finding.message.starts_with("invalid YAML: "));
    assert!(finding.message.ends_with(ELLIPSIS), "{}", finding.message);
    assert!(
        finding.message.len() < MAX_MESSAGE_BYTES,
        "{}",
        finding.message
    );
}

/// Values short enough are echoed whole, exactly as before.
#[test]
fn short_values_are_echoed_whole() {
    let report = check("plan.json", &plan(&"i".repeat(65), ""));
    let finding = only_finding(&report, "schema", Some("/learner/id"));
    assert!(
        finding.message.starts_with(&format!(
            "\"{}\" is longer than 64 characters",
            "i".repeat(65)
        )),
        "{}",
        finding.message
    );
    let report = check("doc.yaml", "kind: plan-of-studies\n");
    let finding = only_finding(&report, "schema", Some("/kind"));
    assert!(finding
        .message
        .starts_with("unknown document kind `plan-of-studies`; expected one of"));
}
