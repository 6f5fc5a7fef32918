//! Checks every line of an NDJSON file on one thread, for instruction counts
//! (`valgrind --tool=callgrind`) of one path at a time:
//! `check_ndjson FILE tree` reads each line as JSON text (`check_bytes`: the
//! tree path), `check_ndjson FILE value` parses it with serde_json first and
//! checks the value (`check_value`: the reference path, direct evaluation on).
//! The difference of two runs over N and 3N lines, divided by 2N, is the
//! marginal cost of a document, set-up excluded.

use cte_rules_core::{CheckOptions, Engine};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(mode)) = (args.next(), args.next()) else {
        eprintln!("usage: check_ndjson FILE tree|value");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).expect("a readable NDJSON file");
    let engine = Engine::builtin().expect("the built-in pack compiles");
    let options = CheckOptions {
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    };
    let mut errors = 0;
    for line in text.lines() {
        let report = match mode.as_str() {
            "tree" => engine.check_bytes("doc.json", line.as_bytes(), None, &options),
            _ => {
                let value: serde_json::Value = serde_json::from_str(line).expect("JSON lines");
                engine.check_value("doc.json", &value, &options)
            }
        };
        errors += report.summary.errors;
    }
    println!("{errors} errors");
}
