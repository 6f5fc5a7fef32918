//! The built-in national pack, compiled into the binary.

use std::sync::LazyLock;

use super::Pack;
use crate::error::Result;

const NATIONAL_YAML: &str = include_str!("../../data/packs/national.yaml");

// Parsed once per process; a broken built-in pack is an error, never a panic, and
// `builtin_pack_loads` keeps it from being released.
static NATIONAL: LazyLock<Result<Pack>> =
    LazyLock::new(|| Pack::from_text(NATIONAL_YAML, "builtin:national.yaml"));

/// The National Career Clusters pack that every engine starts from by default.
pub fn national_pack() -> Result<Pack> {
    NATIONAL.clone()
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtin_pack_loads() {
        let pack = super::national_pack().unwrap();
        assert!(pack.rules.len() >= 5);
    }
}
