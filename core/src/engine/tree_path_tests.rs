//! The tree path against the reference path, on documents it must decide.

use std::borrow::Cow;

use serde_json::Value;

use super::evaluate::{check, check_tree};
use crate::document::Tree;
use crate::engine::{CheckOptions, Engine, Run};
use crate::report::Report;
use crate::today::Today;

#[path = "../../benches/support/plans.rs"]
mod plans;

fn options() -> CheckOptions {
    CheckOptions {
        include_passed: true,
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    }
}

static OPTIONS: std::sync::LazyLock<CheckOptions> = std::sync::LazyLock::new(options);
static TODAY: std::sync::LazyLock<Today> =
    std::sync::LazyLock::new(|| OPTIONS.resolve_today().unwrap());

/// [`options`], with its `today` resolved.
fn run() -> Run<'static> {
    Run {
        options: &OPTIONS,
        today: Some(&TODAY),
    }
}

/// The report of `document` as JSON text on its tree, if the tree path
/// decides it, after checking it equals the reference path's.
fn decided_alike(engine: &Engine, document: &Value, pretty: bool) -> Option<Report> {
    let text = if pretty {
        serde_json::to_string_pretty(document).unwrap()
    } else {
        document.to_string()
    };
    let mut tree = Tree::parse(&text).unwrap();
    let on_tree = check_tree(engine, "doc.json", &mut tree, run())?;
    let reference = check(engine, "doc.json", Cow::Borrowed(document), run());
    assert_eq!(on_tree, reference, "{text}");
    Some(on_tree)
}

#[test]
fn generated_plans_are_decided_on_the_tree_as_on_the_value() {
    let engine = Engine::builtin().unwrap();
    let mut failing = 0;
    for n in 0..300 {
        let report = decided_alike(&engine, &plans::plan(n), n % 2 == 0)
            .unwrap_or_else(|| panic!("plan {n} left the tree path"));
        failing += usize::from(report.summary.errors + report.summary.warnings > 0);
    }
    assert!(failing > 30, "only {failing} generated plans fail a rule");
}

/// Local programs and state systems, whose date rules once needed cel, are
/// decided on the tree too, as on the value.
#[test]
fn generated_programs_and_state_systems_are_decided_on_the_tree() {
    let engine = Engine::builtin().unwrap();
    for (name, generate) in [
        ("local program", plans::local_program as fn(usize) -> Value),
        ("state system", plans::state_system),
    ] {
        let mut failing = 0;
        for n in 0..24 {
            let report = decided_alike(&engine, &generate(n), n % 2 == 0)
                .unwrap_or_else(|| panic!("{name} {n} left the tree path"));
            assert!(report.valid, "{name} {n}: {report:?}");
            failing += usize::from(report.summary.errors + report.summary.warnings > 0);
        }
        assert!(failing > 0, "no generated {name} fails a rule");
    }
}

#[test]
fn bundled_json_examples_are_decided_alike_and_valid_plans_on_the_tree() {
    let engine = Engine::builtin().unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let mut on_tree = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(document) =
            crate::document::parse_str(&text, None, &crate::document::Limits::default())
        else {
            continue;
        };
        let decided = decided_alike(&engine, &document, true);
        let name = path.display().to_string();
        let valid_plan = name.contains("plan-of-study") && !name.contains("invalid");
        assert!(
            !valid_plan || decided.is_some(),
            "{name} left the tree path"
        );
        on_tree += usize::from(decided.is_some());
    }
    assert!(on_tree >= 8, "only {on_tree} examples took the tree path");
}

/// The rule fixtures' base documents (integers in float fields, defaults
/// left out) of every kind are decided on the tree: the national pack's date
/// rules use the calendar functions, which direct evaluation has too.
#[test]
fn base_documents_are_decided_on_the_tree() {
    let engine = Engine::builtin().unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/rules/base");
    let mut decided = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let document =
            crate::document::parse_str(&text, None, &crate::document::Limits::default()).unwrap();
        if decided_alike(&engine, &document, false).is_some() {
            decided.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    decided.sort();
    assert_eq!(
        decided,
        [
            "curriculum",
            "local-program",
            "plan-of-study",
            "state-system"
        ]
    );
}

/// A pack that reads what normalisation changes: floats written as integers,
/// dropped `null`s and defaults. Its messages show them, so a tree that was
/// normalised otherwise than the value would be told apart.
#[test]
fn normalised_values_read_alike() {
    let pack = crate::pack::Pack::from_text(
        "name: t\nrules:\n\
         - {id: T-1, title: t, severity: error, kind: plan-of-study, each: /school_years/*/courses/*,\n\
            check: 'false', message: '{{ item.credits }} {{ item.credits < 2.0 }} {{ has(item.pathway) }} {{ item }}',\n\
            citation: {source: s, section: s, item: i}, remediation: r}\n\
         - {id: T-2, title: t, severity: error, kind: plan-of-study, check: 'false',\n\
            message: '{{ doc.framework }} {{ has(doc.postsecondary) }} {{ doc.learner }}',\n\
            citation: {source: s, section: s, item: i}, remediation: r}\n",
        "test.yaml",
    )
    .unwrap();
    let engine = Engine::new(vec![pack]).unwrap();
    let plan = serde_json::json!({
        "kind": "plan-of-study",
        "learner": {"id": "L1", "grade": 11.0},
        "cluster": "HL",
        "pathway": "HL-TS",
        "postsecondary": null,
        "school_years": [{"year": "2025-2026", "level": "secondary", "status": "current", "grade": 11,
            "courses": [
                {"title": "Anatomy", "category": "technical", "credits": 1, "pathway": null},
                {"title": "Biology", "category": "academic", "credits": 0.5, "pathway": "HL-TS"}
            ]}]
    });
    for pretty in [false, true] {
        let report = decided_alike(&engine, &plan, pretty).expect("decided on the tree");
        let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
        // `1` was read as the float it is in the Rust type: `<` with a float
        // decides (an integer would be a cross-type comparison, left to cel).
        assert!(messages[0].starts_with("1 true false {"), "{messages:?}");
        assert!(messages[1].starts_with("0.5 true true {"), "{messages:?}");
        assert!(messages[2].starts_with("2008 false {"), "{messages:?}");
    }
}

/// What the tree path leaves to the reference path.
#[test]
fn the_tree_path_declines_what_it_cannot_decide() {
    let engine = Engine::builtin().unwrap();
    let interpreted = Engine::builtin().unwrap().interpreted();
    let plan = plans::plan(1);
    let declined = |engine: &Engine, text: &str| {
        let mut tree = Tree::parse(text).unwrap();
        check_tree(engine, "doc.json", &mut tree, run()).is_none()
    };
    assert!(!declined(&engine, &plan.to_string()));
    // cel's interpreter was asked for.
    assert!(declined(&interpreted, &plan.to_string()));
    // Repeated names, an unknown kind, a schema error.
    let text = plan.to_string();
    assert!(declined(
        &engine,
        &format!("{{\"kind\": \"x\", {}", &text[1..])
    ));
    let mut unknown = plan.clone();
    unknown["kind"] = "plan-of-nothing".into();
    assert!(declined(&engine, &unknown.to_string()));
    let mut invalid = plan.clone();
    invalid["cluster"] = 7.into();
    assert!(declined(&engine, &invalid.to_string()));
    // cel's timestamps and durations: a pack that compares dates that way.
    let pack = crate::pack::Pack::from_text(
        "name: t\nrules:\n\
         - {id: T-1, title: t, severity: error, kind: plan-of-study, message: m,\n\
            check: \"timestamp(today + 'T00:00:00Z') > timestamp('2000-01-01T00:00:00Z')\",\n\
            citation: {source: s, section: s, item: i}, remediation: r}\n",
        "test.yaml",
    )
    .unwrap();
    let dated = Engine::new(vec![pack]).unwrap();
    assert!(declined(&dated, &plan.to_string()));
    // The national pack's state systems, dates and all, are decided there.
    let state = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/state-system-ohio.yaml"
    ))
    .unwrap();
    let state =
        crate::document::parse_str(&state, None, &crate::document::Limits::default()).unwrap();
    assert!(!declined(&engine, &state.to_string()));
}

/// Every JSON pointer of `value`, parents before children.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                pointers(item, format!("{at}/{key}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// One small edit that often keeps a plan valid: a `null`, a removed member,
/// an integer written as a float, a code or a number from a pool, an empty
/// container, or an item repeated.
fn edit(document: &mut Value, pointer: &str, choice: usize) {
    let pool = [
        Value::Null,
        "HL".into(),
        "HL-TS".into(),
        "IT-NSA".into(),
        "2024".into(),
        "2008".into(),
        true.into(),
        false.into(),
        0.into(),
        1.into(),
        1.5.into(),
        12.into(),
        serde_json::json!([]),
        serde_json::json!({}),
    ];
    let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", ""));
    match choice % 4 {
        0 => {
            if let Some(Value::Object(map)) = document.pointer_mut(parent) {
                map.remove(last);
            }
        }
        1 => {
            if let Some(target) = document.pointer_mut(pointer) {
                if let Some(number) = target.as_i64() {
                    #[allow(clippy::cast_precision_loss)]
                    let float = number as f64;
                    *target = float.into();
                }
            }
        }
        2 => {
            if let Some(Value::Array(items)) = document.pointer_mut(parent) {
                if let Some(item) = items.first().cloned() {
                    items.push(item);
                }
            }
        }
        _ => {
            if let Some(target) = document.pointer_mut(pointer) {
                *target = pool[(choice / 4) % pool.len()].clone();
            }
        }
    }
}

/// Plans edited at random (a fixed seed): whatever the tree path decides, it
/// decides as the reference path does, and it decides a good share.
#[test]
fn edited_plans_are_decided_alike() {
    let engine = Engine::builtin().unwrap();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        usize::try_from(seed % 1_000_003).unwrap()
    };
    let (mut decided, rounds) = (0, 600);
    for round in 0..rounds {
        let mut document = plans::plan(next() % 1_000);
        for _ in 0..=next() % 3 {
            let mut all = Vec::new();
            pointers(&document, String::new(), &mut all);
            let pointer = all[next() % all.len()].clone();
            edit(&mut document, &pointer, next());
        }
        decided += usize::from(decided_alike(&engine, &document, round % 2 == 0).is_some());
    }
    assert!(
        decided > rounds / 4,
        "only {decided} of {rounds} edited plans took the tree path"
    );
}

/// Which kinds take the tree path is decided when the engine is built: every
/// built-in kind but the interest survey (normalised by its typed round
/// trip), and no kind with a rule direct evaluation cannot run.
#[test]
fn kinds_are_given_a_path_when_the_engine_is_built() {
    use crate::kind::Kind;
    let engine = Engine::builtin().unwrap();
    let interpreted = Engine::builtin().unwrap().interpreted();
    for kind in Kind::ALL {
        assert_eq!(
            engine.checks_on_tree(kind),
            kind != Kind::InterestSurvey,
            "{kind}"
        );
        assert!(!interpreted.checks_on_tree(kind), "{kind}");
    }
    let pack = crate::pack::Pack::from_text(
        "name: t\nrules:\n\
         - {id: T-1, title: t, severity: error, kind: curriculum, message: m,\n\
            check: \"timestamp(today + 'T00:00:00Z') > timestamp('2020-01-01T00:00:00Z')\",\n\
            citation: {source: s, section: s, item: i}, remediation: r}\n",
        "t.yaml",
    )
    .unwrap();
    let engine = Engine::with_packs(vec![pack]).unwrap();
    assert!(!engine.checks_on_tree(Kind::Curriculum));
    assert!(engine.checks_on_tree(Kind::PlanOfStudy));
    // A curriculum is not even validated on its tree: it is declined at once,
    // and the reference path decides it.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/curriculum-therapeutic-services.yaml"
    ))
    .unwrap();
    let document: Value = serde_saphyr::from_str(&text).unwrap();
    let json = document.to_string();
    let mut tree = Tree::parse(&json).unwrap();
    assert!(check_tree(&engine, "c.json", &mut tree, run()).is_none());
    let report = engine.check_text("c.json", &json, &options());
    assert!(
        report.findings.iter().any(|f| f.rule == "T-1"),
        "{report:?}"
    );
}
