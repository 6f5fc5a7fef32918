//! The engine's JSON reader (a flat tree that hands what it cannot read to
//! serde_json) against serde_json on the same text: the same value, or both
//! errors.
#![no_main]

use cte_rules_core::document::parse_str;
use cte_rules_core::{Format, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let limits = Limits {
        max_bytes: usize::MAX,
        max_depth: usize::MAX,
        ..Limits::default()
    };
    let ours = parse_str(text, Some(Format::Json), &limits);
    // serde_json after the engine's own framing: a byte order mark is
    // skipped, blank text is "empty", a NUL is "binary".
    let framed = text.strip_prefix('\u{feff}').unwrap_or(text);
    let reference = serde_json::from_str::<serde_json::Value>(framed);
    match (&ours, &reference) {
        (Ok(ours), Ok(reference)) => assert_eq!(ours, reference, "{text:?}"),
        (Err(_), Err(_)) => {}
        (Err(failure), Ok(_)) => assert!(
            framed.trim().is_empty() || framed.contains('\0') || failure.message.contains("nests"),
            "we refused what serde_json read: {failure:?} {text:?}"
        ),
        (Ok(value), Err(error)) => panic!("we read {value} where serde_json says {error}: {text:?}"),
    }
});
