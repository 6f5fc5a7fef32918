//! Criterion benchmarks of `Engine::check_*` on single documents: the cost of one
//! check end to end (parse, schema, normalise, rules), of the rules alone, and
//! of the rules on cel's interpreter only (`Engine::interpreted`).

#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use cte_rules_core::{CheckOptions, Engine};

#[path = "support/plans.rs"]
mod plans;

fn bench_check(c: &mut Criterion) {
    let engine = Engine::builtin().unwrap();
    let options = CheckOptions {
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    };
    let plan = plans::plan(1);
    let plan_json = serde_json::to_string(&plan).unwrap();
    let plan_yaml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/plan-of-study-health-science.yaml"
    ))
    .unwrap();
    let state = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/state-system-ohio.yaml"
    ))
    .unwrap();

    c.bench_function("check_text/plan-of-study.json", |b| {
        b.iter(|| engine.check_text("plan.json", black_box(&plan_json), &options));
    });
    c.bench_function("check_value/plan-of-study", |b| {
        b.iter(|| engine.check_value("plan", black_box(&plan), &options));
    });
    // The same check with every expression on cel's interpreter: what direct
    // evaluation saves.
    let interpreted = Engine::builtin().unwrap().interpreted();
    c.bench_function("check_value/plan-of-study/interpreted", |b| {
        b.iter(|| interpreted.check_value("plan", black_box(&plan), &options));
    });
    c.bench_function("check_text/plan-of-study.yaml", |b| {
        b.iter(|| engine.check_text("plan.yaml", black_box(&plan_yaml), &options));
    });
    c.bench_function("check_bytes/state-system.yaml", |b| {
        b.iter(|| engine.check_bytes("state.yaml", black_box(&state), None, &options));
    });
    c.bench_function("engine/compile-builtin-pack", |b| {
        b.iter(|| Engine::builtin().unwrap());
    });
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
