//! Rule packs: broken packs are rejected at compile time with a stable code, the
//! rule id and the field at fault; layered packs add, override and disable rules.

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly by design

use cte_rules_core::{CheckOptions, Engine, ErrorCode, Finding, Pack, Report, Severity, Status};
use serde_json::json;

const RULE: &str = r#"
  - id: STATE-XX-01
    title: Plans name a learner grade
    severity: warning
    kind: plan-of-study
    check: has(doc.learner.grade)
    path: /learner
    message: "learner {{ doc.learner.id }} has no grade"
    citation: { source: state-guide.pdf, section: Plans, item: "2.1" }
    remediation: Record the learner's grade.
"#;

fn pack(body: &str) -> String {
    format!("name: state\nrules:{body}")
}

fn compile(text: &str) -> cte_rules_core::Result<Engine> {
    let pack = Pack::from_text(text, "state.yaml")?;
    Engine::with_packs(vec![pack])
}

/// The finding of the test pack's rule `STATE-XX-01`.
fn state_rule_finding(report: &Report) -> &Finding {
    report
        .findings
        .iter()
        .find(|f| f.rule == "STATE-XX-01")
        .unwrap()
}

fn plan() -> serde_json::Value {
    json!({
        "kind": "plan-of-study",
        "learner": {"id": "L-1"},
        "cluster": "HL",
        "pathway": "HL-TS",
        "school_years": [{"year": "2025-2026", "level": "secondary", "status": "planned", "grade": 12, "courses": []}],
        "postsecondary": {"institution": "VCC", "program": "ADN", "credential_level": "associate"}
    })
}

#[test]
fn a_user_pack_adds_a_rule() {
    let engine = compile(&pack(RULE)).unwrap();
    let report = engine.check_value("plan", &plan(), &CheckOptions::default());
    let finding = state_rule_finding(&report);
    assert_eq!(finding.status, Status::Fail);
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(finding.message, "learner L-1 has no grade");
    assert_eq!(finding.path.as_deref(), Some("/learner"));
    assert_eq!(finding.citation.as_ref().unwrap().source, "state-guide.pdf");
}

#[test]
fn overrides_change_severity_and_disable_rules() {
    let text = "name: state\noverrides:\n  - { rule: POS-02, severity: info }\n  - { rule: POS-03, enabled: false }\n";
    let engine = compile(text).unwrap();
    // The base plan passes every rule; a foreign pathway fails POS-02 (and GOAL-01),
    // and with only secondary years and no target POS-03 would fail if enabled.
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/rules/base/plan-of-study.yaml"
    ))
    .unwrap();
    let mut document: serde_json::Value = serde_saphyr::from_str(&base).unwrap();
    document["pathway"] = json!("IT-PSD");
    document.as_object_mut().unwrap().remove("postsecondary");
    let years = document["school_years"].as_array_mut().unwrap();
    years.retain(|y| y["level"] == "secondary");
    let options = CheckOptions {
        today: Some("2025-11-23".into()),
        ..CheckOptions::default()
    };
    let report = engine.check_value("plan", &document, &options);
    let rules: Vec<(&str, Severity)> = report
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.severity))
        .collect();
    assert!(rules.contains(&("POS-02", Severity::Info)), "{rules:?}");
    assert!(
        !rules.iter().any(|(rule, _)| *rule == "POS-03"),
        "{rules:?}"
    );
    let plain = Engine::builtin()
        .unwrap()
        .check_value("plan", &document, &options);
    assert!(
        plain
            .findings
            .iter()
            .any(|f| f.rule == "POS-03" && f.severity == Severity::Error),
        "without overrides the document fails POS-03"
    );
    let listed = engine.rules().find(|r| r.id == "POS-03").unwrap();
    assert!(!listed.enabled);
}

#[test]
fn malformed_yaml_is_e_pack_parse_with_a_position() {
    let error = compile("name: state\nrules: [\n").unwrap_err();
    assert_eq!(error.code(), ErrorCode::PackParse);
    assert_eq!(error.origin(), Some("state.yaml"));
    assert!(error.line().is_some());
}

#[test]
fn bad_cel_is_e_pack_cel_with_rule_and_field() {
    let error = compile(&pack(
        &RULE.replace("has(doc.learner.grade)", "doc.learner.grade >"),
    ))
    .unwrap_err();
    assert_eq!(error.code(), ErrorCode::PackCel);
    assert_eq!(error.rule(), Some("STATE-XX-01"));
    assert_eq!(error.path(), Some("/rules/0/check"));
    assert!(
        error.to_string().starts_with(
            "E_PACK_CEL: state.yaml:7:12: rule `STATE-XX-01`: at `/rules/0/check`: invalid CEL"
        ),
        "{error}"
    );
}

#[test]
fn an_unknown_variable_is_caught_at_compile_time() {
    let error = compile(&pack(
        &RULE.replace("has(doc.learner.grade)", "has(dco.learner.grade)"),
    ))
    .unwrap_err();
    assert_eq!(error.code(), ErrorCode::PackCel);
    assert!(
        error.message().contains("unknown variable `dco`"),
        "{error}"
    );
}

#[test]
fn bad_cel_in_a_message_template_or_an_unclosed_hole_is_rejected() {
    let error = compile(&pack(
        &RULE.replace("{{ doc.learner.id }}", "{{ doc.learner. }}"),
    ))
    .unwrap_err();
    assert_eq!(
        (error.code(), error.path()),
        (ErrorCode::PackCel, Some("/rules/0/message"))
    );
    let error = compile(&pack(
        &RULE.replace("{{ doc.learner.id }}", "{{ doc.learner.id"),
    ))
    .unwrap_err();
    assert_eq!(
        (error.code(), error.path()),
        (ErrorCode::PackCel, Some("/rules/0/message"))
    );
}

#[test]
fn an_unknown_kind_is_e_pack_schema_naming_the_rule_and_field() {
    let error = compile(&pack(
        &RULE.replace("kind: plan-of-study", "kind: lesson-plan"),
    ))
    .unwrap_err();
    assert_eq!(error.code(), ErrorCode::PackSchema);
    assert_eq!(error.rule(), Some("STATE-XX-01"));
    assert_eq!(error.path(), Some("/rules/0/kind"));
}

#[test]
fn a_missing_citation_is_e_pack_schema() {
    let text = pack(&RULE.replace(
        "    citation: { source: state-guide.pdf, section: Plans, item: \"2.1\" }\n",
        "",
    ));
    let error = compile(&text).unwrap_err();
    assert_eq!(error.code(), ErrorCode::PackSchema);
    assert!(error.message().contains("citation"), "{error}");
}

#[test]
fn duplicate_ids_are_rejected_within_and_across_packs() {
    let error = compile(&pack(&format!("{RULE}{RULE}"))).unwrap_err();
    assert_eq!(error.code(), ErrorCode::PackDuplicateId);
    assert_eq!(error.path(), Some("/rules/1/id"));
    let error = compile(&pack(&RULE.replace("STATE-XX-01", "LOCAL-03"))).unwrap_err();
    assert_eq!(error.code(), ErrorCode::PackDuplicateId);
    assert!(
        error
            .message()
            .contains("already defined by pack `national`"),
        "{error}"
    );
}

#[test]
fn an_override_of_an_unknown_rule_is_rejected() {
    let error =
        compile("name: state\noverrides:\n  - { rule: NOPE-01, enabled: false }\n").unwrap_err();
    assert_eq!(error.code(), ErrorCode::PackUnknownRule);
    assert_eq!(error.path(), Some("/overrides/0/rule"));
}

#[test]
fn a_rule_that_cannot_be_evaluated_is_an_error_whatever_its_severity() {
    // `doc.learner.grade` is absent from the plan: a warning-level rule that
    // cannot run must not pass silently, nor leave the exit status at 0.
    let engine = compile(&pack(
        &RULE.replace("has(doc.learner.grade)", "doc.learner.grade > 0"),
    ))
    .unwrap();
    let report = engine.check_value("plan", &plan(), &CheckOptions::default());
    let finding = state_rule_finding(&report);
    assert_eq!(finding.status, Status::Error);
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.code.as_deref(), Some("E_EVAL"));
    assert!(
        finding
            .message
            .starts_with("rule STATE-XX-01 could not be evaluated (its `check`): "),
        "{}",
        finding.message
    );
    // Against the same rule able to run (it then fails as a warning): one
    // warning fewer, one error more, and the report no longer passes.
    let working =
        compile(&pack(RULE))
            .unwrap()
            .check_value("plan", &plan(), &CheckOptions::default());
    assert_eq!(
        (report.summary.errors, report.summary.warnings),
        (working.summary.errors + 1, working.summary.warnings - 1)
    );
    assert!(!report.ok() && !report.passes_at(Severity::Error));
    let json = serde_json::to_value(finding).unwrap();
    assert_eq!(
        (json["status"].as_str(), json["code"].as_str()),
        (Some("error"), Some("E_EVAL"))
    );
}

#[test]
fn an_unevaluable_rule_names_types_not_the_document() {
    // Adding a map to a string: cel's own message quotes both values whole,
    // the map in hash order, so the same input read differently per run.
    let engine = compile(&pack(
        &RULE.replace("has(doc.learner.grade)", "doc.postsecondary + 'x' == 'y'"),
    ))
    .unwrap();
    let messages: Vec<String> = (0..3)
        .map(|_| {
            let report = engine.check_value("plan", &plan(), &CheckOptions::default());
            let finding = state_rule_finding(&report);
            assert_eq!(finding.status, Status::Error);
            finding.message.clone()
        })
        .collect();
    assert!(messages.iter().all(|m| m == &messages[0]), "{messages:?}");
    let message = &messages[0];
    assert!(
        message.contains("map") && message.contains("string"),
        "{message}"
    );
    assert!(
        !message.contains("VCC") && !message.contains("associate"),
        "{message}"
    );
    assert!(message.chars().count() < 300, "{message}");
}

#[test]
fn an_unevaluable_when_is_an_error_too() {
    let engine = compile(&pack(&RULE.replace(
        "    check: has(doc.learner.grade)",
        "    when: \"doc.learner.grade == 12\"\n    check: has(doc.learner.grade)",
    )))
    .unwrap();
    let report = engine.check_value("plan", &plan(), &CheckOptions::default());
    let finding = state_rule_finding(&report);
    assert_eq!(
        (finding.status, finding.code.as_deref()),
        (Status::Error, Some("E_EVAL"))
    );
    assert!(
        finding.message.contains("(its `when`)"),
        "{}",
        finding.message
    );
}

#[test]
fn a_pack_from_json_and_from_a_value_behave_like_yaml() {
    let yaml = Pack::from_text(&pack(RULE), "state.yaml").unwrap();
    let json_text = serde_json::to_string(&serde_json::to_value(&yaml).unwrap()).unwrap();
    let from_json = Pack::from_text(&json_text, "state.json").unwrap();
    assert_eq!(from_json.rules, yaml.rules);
    let from_value =
        Pack::from_value(&serde_json::from_str(&json_text).unwrap(), "<pack 1>").unwrap();
    assert_eq!(from_value.rules, yaml.rules);
}

#[test]
fn citations_carry_a_title_from_the_pack_the_seed_or_the_source() {
    let titled = RULE.replace(
        "citation: { source: state-guide.pdf, section: Plans, item: \"2.1\" }",
        "citation: { source: state-guide.pdf, section: Plans, item: \"2.1\", title: \"State CTE Guide (2025)\" }",
    );
    for (text, title) in [
        (pack(RULE), "state-guide.pdf"),
        (pack(&titled), "State CTE Guide (2025)"),
    ] {
        let engine = compile(&text).unwrap();
        let rule = engine.rules().find(|r| r.id == "STATE-XX-01").unwrap();
        assert_eq!(rule.citation.title, title);
    }
    let engine = Engine::builtin().unwrap();
    let local = engine.rules().find(|r| r.id == "LOCAL-02").unwrap();
    assert_eq!(
        local.citation.title,
        "Career Clusters Initiative: Mission, Goals, Criteria (April 14, 2005)"
    );
}

/// Every national rule states its reading: a description and the brief
/// `reading` (of whom, per what, what is conditional), which docs/rules.md
/// tabulates; conditional benchmarks are never errors.
#[test]
fn every_national_rule_states_its_reading() {
    let engine = Engine::builtin().unwrap();
    for rule in engine.rules() {
        let description = rule.description.as_deref().unwrap_or("");
        assert!(description.len() > 40, "{}: no description", rule.id);
        let reading = rule
            .reading
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no reading", rule.id));
        let conditional = reading.conditional != "none"
            && !reading.conditional.starts_with("applies when")
            && !reading.conditional.starts_with("none;");
        if conditional {
            assert_ne!(
                rule.severity,
                Severity::Error,
                "{}: a conditional benchmark is an error",
                rule.id
            );
        }
        for (word, rule_words) in [
            ("when appropriate", "\"when appropriate\""),
            ("as available", "\"as available\""),
            ("when practical", "\"when practical\""),
            ("as needed", "\"as needed\""),
        ] {
            if description.contains(rule_words) {
                assert!(
                    reading.conditional.contains(word),
                    "{}: the description quotes {word} but the reading says {:?}",
                    rule.id,
                    reading.conditional
                );
            }
        }
    }
}

#[test]
fn every_mistake_of_a_pack_is_reported_at_once_with_its_place_and_a_suggestion() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/packs/many-mistakes.yaml"
    );
    let source = cte_rules_core::PackSource::Path(path.into());
    let error = cte_rules_core::ffi::engine_from_sources(&[source], true).unwrap_err();
    let listed: Vec<String> = error
        .errors()
        .iter()
        .map(|e| {
            format!(
                "{}:{}: {} {} {} {}",
                e.line().unwrap(),
                e.column().unwrap(),
                e.code(),
                e.rule().unwrap_or("-"),
                e.path().unwrap_or("-"),
                e.message().lines().next().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!(listed.join("\n"));
    // The first error is the error's own fields.
    assert_eq!(error.code(), ErrorCode::PackSchema);
    assert_eq!(error.line(), Some(8));
}

#[test]
fn a_cel_syntax_error_keeps_its_caret_display_on_lines_of_its_own() {
    let error = compile(&pack(
        &RULE.replace("has(doc.learner.grade)", "doc.learner.grade >"),
    ))
    .unwrap_err();
    let message = error.message();
    assert!(
        message.starts_with("invalid CEL in `check`:\n"),
        "{message}"
    );
    assert!(!message.contains("; |"), "{message}");
    assert!(
        message
            .lines()
            .any(|line| line.trim_start().starts_with('|')),
        "{message}"
    );
    assert_eq!((error.line(), error.column()), (Some(7), Some(12)));
}
