//! `schemas/` must be exactly what the Rust types generate. Regenerate with
//! `make schemas` (or `cte-rules schema --out schemas`).

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly by design

use std::path::Path;

#[test]
fn checked_in_schemas_match_the_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let mut stale = Vec::new();
    for (name, schema) in cte_rules_core::schemas::all_schemas() {
        let path = dir.join(format!("{name}.schema.json"));
        let mut expected = serde_json::to_string_pretty(&schema).unwrap();
        expected.push('\n');
        if std::env::var_os("UPDATE_SCHEMAS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &expected).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(actual) if actual == expected => {}
            _ => stale.push(name),
        }
    }
    assert!(
        stale.is_empty(),
        "schemas/ is stale for {stale:?}; run `make schemas` (or UPDATE_SCHEMAS=1 cargo test) and commit"
    );
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(
        files,
        cte_rules_core::schemas::all_schemas().len(),
        "schemas/ has extra files"
    );
}
