//! Rule-pack text to an engine: never a panic, and every failure a pack
//! error with its code (never `E_INTERNAL`).
#![no_main]

use cte_rules_core::{Engine, ErrorCode, Pack};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let built = Pack::from_text(text, "fuzz.yaml").and_then(|pack| Engine::new(vec![pack]));
    if let Err(error) = built {
        assert!(
            error.code().is_pack_error() || error.code() == ErrorCode::Io,
            "{error}"
        );
    }
});
