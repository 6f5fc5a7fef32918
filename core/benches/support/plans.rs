//! Generated plan-of-study documents shared by the throughput bench and the
//! `gen_plans` example. They vary deterministically (cluster, pathway, meetings,
//! credentials) so that some pass every rule and some fail a few, like a real
//! district export.

// Each user (benches, the example, tests) takes the generators it needs.
#![allow(dead_code)]

use cte_rules_core::framework::{self, Version};
use serde_json::{json, Value};

/// The `n`-th generated plan of study.
pub fn plan(n: usize) -> Value {
    let clusters = &framework::framework(Version::V2008).clusters;
    let cluster = &clusters[n % clusters.len()];
    let pathway = &cluster.pathways[(n / clusters.len()) % cluster.pathways.len()];
    // Every 7th plan picks a pathway of another cluster, every 5th misses a meeting,
    // every 11th has no parent input, every 3rd credential is not portable, every
    // 4th carries no credit into its postsecondary year, every 13th credential
    // names no cluster. The rest pass every rule.
    let pathway_code = if n % 7 == 3 {
        clusters[(n + 1) % clusters.len()].pathways[0].code.clone()
    } else {
        pathway.code.clone()
    };
    let second_meeting = !n.is_multiple_of(5);
    let mut meetings = vec![
        json!({"date": "2024-09-12", "school_year": "2024-2025", "adviser_role": "career-counselor"}),
        json!({"date": "2025-02-03", "school_year": "2024-2025", "adviser_role": "teacher-advisor"}),
        json!({"date": "2025-09-15", "school_year": "2025-2026", "adviser_role": "career-counselor"}),
    ];
    if second_meeting {
        meetings.push(json!({"date": "2026-02-02", "school_year": "2025-2026", "adviser_role": "teacher-advisor", "status": "scheduled"}));
    }
    json!({
            "kind": "plan-of-study",
            "framework": "2008",
            "learner": {"id": format!("LRN-{n:07}"), "grade": 11},
            "cluster": cluster.code,
            "pathway": pathway_code,
            "school_years": [
                {"year": "2024-2025", "level": "secondary", "status": "completed", "grade": 10, "courses": [
                    {"title": "English 10", "category": "academic", "credits": 1},
                    {"title": format!("{} Foundations", cluster.name), "category": "technical", "pathway": pathway.code, "credits": 1}
                ]},
                {"year": "2025-2026", "level": "secondary", "status": "current", "grade": 11, "courses": [
                    {"title": "Algebra II", "category": "academic", "credits": 1},
                    {"title": pathway.name, "category": "technical", "pathway": pathway.code, "credits": 1, "dual_credit": n % 4 != 2}
                ]},
                {"year": "2026-2027", "level": "postsecondary", "status": "planned", "grade": 13, "courses": [
                    {"title": format!("{} I", pathway.name), "category": "technical", "pathway": pathway.code, "credits": 3}
                ]}
            ],
            "advising_meetings": meetings,
            "assessments": [
            {"type": "interest", "name": "Student Interest Survey", "date": "2024-09-05", "top_clusters": [cluster.code]},
            {"type": "achievement", "name": "State assessment", "date": "2024-10-05"}
        ],
        "parent_input": if n.is_multiple_of(11) { json!([]) } else { json!([{"date": "2024-09-12", "method": "conference"}]) },
            "workplace_learning": [{"type": "job-shadow", "host": "Regional employer", "cluster": cluster.code, "school_year": "2024-2025", "completed": true}],
            "credentials": [if n % 13 == 6 {
                json!({"name": "Industry credential", "industry_recognized": true, "portable": !n.is_multiple_of(3)})
            } else {
                json!({"name": "Industry credential", "industry_recognized": true, "portable": !n.is_multiple_of(3), "cluster": cluster.code})
            }]
    })
}

/// A bundled example read as JSON, the base of the generated documents below.
fn example(yaml: &str) -> Value {
    serde_saphyr::from_str(yaml).expect("the bundled example is YAML")
}

/// Sets the `date` of the attestation at `pointer` to one more than three
/// years before the bench's `today` (2025-11-23), so its rule fails.
fn stale(document: &mut Value, pointer: &str) {
    if let Some(Value::Object(attestation)) = document.pointer_mut(pointer) {
        attestation.insert("date".to_owned(), json!("2021-06-30"));
    }
}

/// The `n`-th generated local program: the bundled Riverside example under
/// its own id and name; every third has a stale attestation, every fifth
/// another pathway.
pub fn local_program(n: usize) -> Value {
    static BASE: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
        example(include_str!(
            "../../../examples/local-program-riverside-health.yaml"
        ))
    });
    let mut document = BASE.clone();
    document["program"]["id"] = json!(format!("LP-{n:07}"));
    document["program"]["name"] = json!(format!("Program {n}"));
    if n.is_multiple_of(3) {
        stale(
            &mut document,
            "/administrative_support/education_leaders_informed",
        );
    }
    if n.is_multiple_of(5) {
        document["program"]["pathways"] = json!(["HL-TS", "HL-SS"]);
    }
    document
}

/// The `n`-th generated state system: the bundled Ohio example under its own
/// name; every third has a stale attestation, every fourth another.
pub fn state_system(n: usize) -> Value {
    static BASE: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
        example(include_str!("../../../examples/state-system-ohio.yaml"))
    });
    let mut document = BASE.clone();
    document["state"]["name"] = json!(format!("State {n}"));
    if n.is_multiple_of(3) {
        stale(&mut document, "/parents_informed");
    }
    if n.is_multiple_of(4) {
        stale(
            &mut document,
            "/administrative_support/state_staff_informed",
        );
    }
    document
}
