//! The evaluation budget (`limits.max_steps`): long lists and nested loops
//! end in a coded finding, never a hang, and the national pack's rules stay
//! linear in the document's lists.

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly by design

use cte_rules_core::{CheckOptions, Engine, Limits, Pack, Report, Severity, Status};
use serde_json::{json, Value};

const TODAY: &str = "2026-12-03";

/// A plan of study with `years` school years from 1900 and `meetings`
/// advising meetings spread over them on distinct days.
fn plan(years: usize, meetings: usize) -> Value {
    let school_years: Vec<Value> = (0..years)
        .map(|i| {
            json!({"year": format!("{}-{}", 1900 + i, 1901 + i), "level": "secondary",
                   "status": "completed", "grade": 9 + i % 4,
                   "courses": [{"title": "Biology", "category": "academic", "credits": 1}]})
        })
        .collect();
    let advising_meetings: Vec<Value> = (0..meetings)
        .map(|i| {
            let (year, k) = (1900 + i % years, i / years);
            json!({"date": format!("{year}-{:02}-{:02}", 10 + (k / 28) % 3, 1 + k % 28),
                   "school_year": format!("{year}-{}", year + 1),
                   "adviser_role": "career-counselor", "status": "held"})
        })
        .collect();
    json!({
        "kind": "plan-of-study",
        "learner": {"id": "L-1"},
        "cluster": "HL",
        "pathway": "HL-TS",
        "school_years": school_years,
        "advising_meetings": advising_meetings,
    })
}

fn options(max_steps: u64) -> CheckOptions {
    CheckOptions {
        today: Some(TODAY.to_owned()),
        limits: Limits {
            max_steps,
            ..Limits::default()
        },
        ..CheckOptions::default()
    }
}

/// Both ways a document is checked: from JSON text (the tree, direct
/// evaluation) and from a value (the reference path, cel where needed).
fn both_paths(engine: &Engine, document: &Value, options: &CheckOptions) -> [Report; 2] {
    [
        engine.check_text("text", &document.to_string(), options),
        engine.check_value("value", document, options),
    ]
}

fn over_budget(report: &Report) -> Vec<&str> {
    report
        .findings
        .iter()
        .filter(|f| f.code.as_deref() == Some("E_BUDGET"))
        .map(|f| f.rule.as_str())
        .collect()
}

fn nested_pack(check: &str) -> Pack {
    let text = format!(
        r#"name: state
rules:
  - id: STATE-NESTED
    title: Every meeting pair is compared
    severity: info
    kind: plan-of-study
    check: "{check}"
    message: "nested"
    citation: {{ source: state-guide.pdf, section: Plans, item: "9" }}
    remediation: Write the rule in linear form.
"#
    );
    Pack::from_text(&text, "state.yaml").unwrap()
}

/// A state's rule nesting three loops over 1,000 meetings (10^9 steps) is
/// stopped with `E_BUDGET` on the direct path and on cel's, an error
/// whatever its severity, and the other rules still have their say.
#[test]
fn nested_loops_over_a_long_list_end_in_a_coded_finding() {
    let direct = "doc.advising_meetings.all(a, doc.advising_meetings.all(b, doc.advising_meetings.exists(c, c.date == a.date + b.date) || true))";
    // `lowerAscii` is outside the direct subset: cel's interpreter runs it.
    let interpreted = "doc.advising_meetings.all(a, doc.advising_meetings.all(b, doc.advising_meetings.exists(c, c.date.lowerAscii() == a.date + b.date) || true))";
    let document = plan(16, 1000);
    for check in [direct, interpreted] {
        let engine = Engine::new(vec![nested_pack(check)]).unwrap();
        for report in both_paths(&engine, &document, &options(100_000)) {
            let finding = &report.findings[0];
            assert_eq!(finding.rule, "STATE-NESTED");
            assert_eq!(finding.status, Status::Error, "{check}");
            assert_eq!(finding.severity, Severity::Error);
            assert_eq!(finding.code.as_deref(), Some("E_BUDGET"));
            assert!(
                finding
                    .message
                    .contains("evaluation budget of 100000 steps"),
                "{}",
                finding.message
            );
            assert_eq!(report.summary.errors, 1);
        }
    }
}

/// Once a document's budget is spent, every rule after it is stopped too,
/// each with its own finding: none passes by silence.
#[test]
fn a_spent_budget_stops_every_later_rule() {
    let engine = Engine::builtin().unwrap();
    let document = plan(16, 1000);
    for report in both_paths(&engine, &document, &options(50)) {
        let stopped = over_budget(&report);
        assert!(stopped.contains(&"LOCAL-03"), "{stopped:?}");
        assert!(report.findings.iter().all(|f| f.status != Status::Pass));
    }
}

/// A rule over every item of a list (`each`) that runs out of budget says so
/// once, not once per remaining item: with a spent budget, 16,000 courses
/// gave 16,000 findings for POS-04 alone, a report as long as the attack.
#[test]
fn a_spent_budget_is_one_finding_per_rule_not_per_item() {
    let engine = Engine::builtin().unwrap();
    let mut document = plan(16, 16);
    for year in document["school_years"].as_array_mut().unwrap() {
        let course = json!({"title": "Nursing", "category": "technical",
                            "credits": 1, "pathway": "HL-TS"});
        year["courses"] = Value::Array(vec![course; 1000]);
    }
    for report in both_paths(&engine, &document, &options(1)) {
        let stopped = over_budget(&report);
        assert!(stopped.contains(&"POS-04"), "{stopped:?}");
        let distinct: std::collections::HashSet<&str> = stopped.iter().copied().collect();
        assert_eq!(stopped.len(), distinct.len(), "{stopped:?}");
    }
}

/// The national pack's cost grows with a plan's meetings, not with its
/// years times its meetings: 16 school years and 1,000 meetings on distinct
/// days check within 12 steps per meeting. `LOCAL-03` filtered every
/// meeting again for each year, which took over 19,000 steps here.
#[test]
fn the_national_pack_is_linear_in_a_plans_meetings() {
    let engine = Engine::builtin().unwrap();
    let document = plan(16, 1000);
    for report in both_paths(&engine, &document, &options(12 * 1000)) {
        assert!(report.valid);
        assert_eq!(over_budget(&report), Vec::<&str>::new());
        // Over 60 occasions a year: the verdict is the rule's own.
        assert!(!report.findings.iter().any(|f| f.rule == "LOCAL-03"));
    }
    // One meeting a year is one occasion: every year fails, each saying so.
    let sparse = plan(16, 16);
    let report = engine.check_value("sparse", &sparse, &options(12 * 1000));
    let short: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "LOCAL-03")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(short.len(), 16, "{short:?}");
    assert!(short[0].starts_with("school year 1900-1901 has only 1 occasion"));
}

/// 25,000 school years and meetings (the attack that took 131.8 s) are no
/// plan of study: the schema bounds both lists, so no rule runs on them.
#[test]
fn twenty_five_thousand_school_years_are_refused_by_the_schema() {
    let engine = Engine::builtin().unwrap();
    let document = plan(25_000, 25_000);
    let [text, value] = both_paths(&engine, &document, &options(1_000_000));
    for report in [&text, &value] {
        assert!(!report.valid);
        assert!(report.findings.iter().all(|f| f.rule == "schema"));
        for field in ["/school_years", "/advising_meetings"] {
            let bound = report
                .findings
                .iter()
                .find(|f| f.path.as_deref() == Some(field))
                .unwrap_or_else(|| panic!("no finding at {field}"));
            assert!(bound.message.contains("more than"), "{}", bound.message);
        }
    }
    assert_eq!(text.findings.len(), value.findings.len());
}

/// A rule message listing a document's values is cut at 2,000 characters
/// with an ellipsis: 1,000 meetings' dates would make 12,000.
#[test]
fn a_rule_message_listing_every_value_is_cut() {
    let text = r#"name: state
rules:
  - id: STATE-LIST
    title: Lists every meeting
    severity: info
    kind: plan-of-study
    check: "false"
    message: "meetings on {{ doc.advising_meetings.map(m, m.date).join(', ') }}"
    citation: { source: state-guide.pdf, section: Plans, item: "9" }
    remediation: None.
"#;
    let engine = Engine::new(vec![Pack::from_text(text, "state.yaml").unwrap()]).unwrap();
    for report in both_paths(&engine, &plan(16, 1000), &options(1_000_000)) {
        let message = &report.findings[0].message;
        assert_eq!(message.chars().count(), 2_000);
        assert!(message.starts_with("meetings on 1900-10-01, "));
        assert!(message.ends_with('…'));
    }
}
