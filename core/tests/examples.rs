//! Snapshots of the report of every document in `examples/` (a schema-valid
//! document that did not fit its Rust type would show up as an internal finding).

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly by design

use std::path::{Path, PathBuf};

use cte_rules_core::{CheckOptions, Engine};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.is_file()
                && matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("json" | "yaml" | "yml")
                )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn example_reports() {
    let engine = Engine::builtin().unwrap();
    let options = CheckOptions {
        include_passed: true,
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    };
    let files = example_files();
    assert!(files.len() >= 6, "examples/ lost documents: {files:?}");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let report = engine.check_bytes(&format!("examples/{name}"), &bytes, None, &options);
        insta::assert_json_snapshot!(name, report);
    }
}

#[test]
fn examples_cover_passing_failing_malformed_and_invalid_documents() {
    let engine = Engine::builtin().unwrap();
    let options = CheckOptions {
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    };
    let reports: Vec<_> = example_files()
        .iter()
        .map(|path| {
            engine.check_bytes(
                &path.display().to_string(),
                &std::fs::read(path).unwrap(),
                None,
                &options,
            )
        })
        .collect();
    assert!(
        reports.iter().any(|r| r.valid && r.summary.errors == 0),
        "no passing example"
    );
    assert!(
        reports.iter().any(|r| r.valid && r.summary.errors > 0),
        "no failing example"
    );
    assert!(
        reports
            .iter()
            .any(|r| r.findings.iter().any(|f| f.rule == "parse")),
        "no malformed example"
    );
    assert!(
        reports
            .iter()
            .any(|r| r.findings.iter().any(|f| f.rule == "schema")),
        "no schema-invalid example"
    );
    for kind in cte_rules_core::Kind::ALL {
        assert!(
            reports
                .iter()
                .any(|r| r.valid && r.kind.as_deref() == Some(kind.as_str())),
            "no valid {kind} example"
        );
    }
}
