//! Schema findings name their cause: an `anyOf`/`oneOf` that no branch met is
//! reported by the errors of the branch the value came closest to, never as
//! "not valid under any of the schemas listed".

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly by design

use cte_rules_core::{CheckOptions, Engine, Report, Status};

fn schema_findings(text: &str) -> Vec<(String, String)> {
    let engine = Engine::builtin().unwrap();
    let report: Report = engine.check_text("doc.yaml", text, &CheckOptions::default());
    assert!(!report.valid, "{report:?}");
    report
        .findings
        .iter()
        .filter(|f| f.rule == "schema" && f.status == Status::Fail)
        .map(|f| (f.path.clone().unwrap_or_default(), f.message.clone()))
        .collect()
}

fn assert_no_branch_list(findings: &[(String, String)]) {
    for (path, message) in findings {
        assert!(
            !message.contains("any of the schemas") && !message.contains("oneOf"),
            "{path}: {message}"
        );
    }
}

#[test]
fn a_survey_box_with_too_many_items_says_how_many_can_be_marked() {
    let findings = schema_findings(
        "kind: interest-survey\nlearner: {id: L1}\nlanguage: en\nboxes:\n  - {cluster: HL, count: 18}\n",
    );
    assert_no_branch_list(&findings);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].0, "/boxes/0/count");
    assert!(
        findings[0]
            .1
            .contains("18 is greater than the maximum of 17"),
        "{findings:?}"
    );
    assert!(
        findings[0].1.contains("at most 17 can be marked"),
        "{findings:?}"
    );
}

#[test]
fn a_box_of_items_reports_the_item_out_of_range_not_the_count_branch() {
    let findings = schema_findings(
        "kind: interest-survey\nlearner: {id: L1}\nlanguage: en\nboxes:\n  - {cluster: HL, activities: [1, 9]}\n",
    );
    assert_no_branch_list(&findings);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].0, "/boxes/0/activities/1");
    assert!(
        findings[0].1.contains("9 is greater than the maximum of 7"),
        "{findings:?}"
    );
}

#[test]
fn an_optional_object_reports_its_own_field_not_the_null_branch() {
    let findings = schema_findings(concat!(
        "kind: plan-of-study\nlearner: {id: L1}\ncluster: HL\npathway: HL-TS\n",
        "school_years: [{year: '2025-2026', level: secondary, status: current, grade: 11, courses: []}]\n",
        "postsecondary: {institution: '', program: Nursing, credential_level: associate}\n",
    ));
    assert_no_branch_list(&findings);
    assert_eq!(
        findings,
        [(
            "/postsecondary/institution".to_owned(),
            "\"\" is shorter than 1 character".to_owned()
        )]
    );
}

#[test]
fn a_wrong_type_in_an_optional_object_names_the_type() {
    let findings = schema_findings(concat!(
        "kind: plan-of-study\nlearner: {id: L1}\ncluster: HL\npathway: HL-TS\n",
        "school_years: [{year: '2025-2026', level: secondary, status: current, grade: 11, courses: []}]\n",
        "employment: {occupation: Welder, cluster: MN, onet_soc: 51-4121}\n",
    ));
    assert_no_branch_list(&findings);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].0, "/employment/onet_soc");
    assert!(findings[0].1.contains("does not match"), "{findings:?}");
}

#[test]
fn a_date_outside_1900_to_2200_is_a_schema_violation_saying_so() {
    // An attestation dated 1700-01-01 made date rules overflow once; such a
    // date is now refused by the schema, with the range in the message.
    let ohio = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/state-system-ohio.yaml"
    ))
    .unwrap();
    for date in ["1700-01-01", "1899-12-31", "2201-01-01"] {
        let findings = schema_findings(&ohio.replacen("2025-01-08", date, 1));
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(
            findings[0].0,
            "/administrative_support/state_staff_informed/date"
        );
        assert!(
            findings[0].1.contains(date) && findings[0].1.contains("in the years 1900 to 2200"),
            "{findings:?}"
        );
    }
    let engine = Engine::builtin().unwrap();
    for date in ["1900-01-01", "2200-12-31"] {
        let report = engine.check_text(
            "s.yaml",
            &ohio.replacen("2025-01-08", date, 1),
            &CheckOptions::default(),
        );
        assert!(report.valid, "{date}: {report:?}");
    }
}
