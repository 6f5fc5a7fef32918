//! Any bytes, as JSON, YAML or NDJSON (the first byte chooses), through the
//! engine's infallible entry points: never a panic, and never an `internal:`
//! finding (a schema-valid document the engine could not handle).
#![no_main]

use cte_rules_core::{CheckOptions, Engine, Format, Report};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-in pack"));

fn options() -> CheckOptions {
    CheckOptions {
        include_passed: true,
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    }
}

fn assert_sound(report: &Report) {
    for finding in &report.findings {
        assert!(
            !finding.message.contains("internal:"),
            "internal finding: {report:?}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let options = options();
    match choice % 3 {
        0 => assert_sound(&ENGINE.check_bytes("doc.json", bytes, Some(Format::Json), &options)),
        1 => assert_sound(&ENGINE.check_bytes("doc.yaml", bytes, Some(Format::Yaml), &options)),
        _ => {
            let result = ENGINE.check_ndjson(std::io::Cursor::new(bytes), "doc", &options, Some(1), |report| {
                assert_sound(&report);
                Ok(())
            });
            assert!(result.is_ok(), "{result:?}");
        }
    }
});
