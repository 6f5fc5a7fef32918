//! Maps JSON pointers back to where their values start in the source text, so
//! that findings carry `line` and `column` (1-based, columns in characters).
//!
//! JSON text goes through a single-pass scanner that only builds pointers on the
//! way to a wanted value (the common case, and on the hot path of every document
//! with findings); YAML, and any text the scanner does not accept, goes through
//! the YAML event parser.

mod json;
mod lines;
mod yaml;

pub(crate) use lines::Lines;

use std::collections::HashMap;

/// Finds the start of each of `pointers` in `text` (first document only).
/// Pointers that do not occur, or text that does not parse, are left out.
///
/// Where JSON text repeats a name in one object, its pointers are placed in
/// the last of the values so named: the one serde_json keeps, and so the one
/// checked. (YAML cannot repeat a key: the YAML reader refuses the document.)
#[must_use]
pub fn locate(text: &str, pointers: &[&str]) -> HashMap<String, (u64, u64)> {
    if pointers.is_empty() {
        return HashMap::new();
    }
    if matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'[')) {
        if let Some(found) = json::locate(text, pointers, false) {
            return found;
        }
    }
    yaml::locate(text, pointers)
}

/// [`locate`] for text that has been parsed as JSON: the scanner skips what
/// leads to no wanted pointer without checking it, several times faster.
#[must_use]
pub fn locate_json(text: &str, pointers: &[&str]) -> HashMap<String, (u64, u64)> {
    if pointers.is_empty() {
        return HashMap::new();
    }
    json::locate(text, pointers, true).unwrap_or_else(|| yaml::locate(text, pointers))
}

#[cfg(test)]
pub(crate) mod tests_support {
    /// Every pointer of a value, in document order.
    pub(crate) fn all_pointers(value: &serde_json::Value, base: &str, out: &mut Vec<String>) {
        out.push(base.to_owned());
        match value {
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    let token = key.replace('~', "~0").replace('/', "~1");
                    all_pointers(item, &format!("{base}/{token}"), out);
                }
            }
            serde_json::Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    all_pointers(item, &format!("{base}/{index}"), out);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{json, locate, tests_support::all_pointers, yaml};

    /// The JSON scanner agrees with the YAML parser on every value of every
    /// example document and fixture written as JSON, pretty and compact.
    #[test]
    fn json_scanner_agrees_with_the_yaml_parser_on_real_documents() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut checked = 0;
        for dir in ["examples", "tests/rules/base"] {
            for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let Ok(value) = crate::document::parse_str(&text, None, &Default::default()) else {
                    continue;
                };
                let mut pointers = Vec::new();
                all_pointers(&value, "", &mut pointers);
                let wanted: Vec<&str> = pointers.iter().map(String::as_str).collect();
                for json_text in [
                    serde_json::to_string_pretty(&value).unwrap(),
                    serde_json::to_string(&value).unwrap(),
                ] {
                    let fast = json::locate(&json_text, &wanted, false).unwrap();
                    let reference = yaml::locate(&json_text, &wanted);
                    assert_eq!(fast, reference, "{}", path.display());
                    assert_eq!(fast.len(), wanted.len(), "{}", path.display());
                    checked += 1;
                }
            }
        }
        assert!(checked >= 10, "only {checked} documents compared");
    }

    #[test]
    fn escapes_unicode_and_odd_spacing() {
        let text =
            "\u{feff}{ \"a\\/b\" :{\"x\":[1 ,\r\n2,{\"y\\u00e9\":\"é\\\"}\"}]},\n\t\"k~\": null }";
        let text = text.strip_prefix('\u{feff}').unwrap();
        let wanted = ["/a~1b/x/2/yé", "/a~1b/x/1", "/k~0", ""];
        let fast = json::locate(text, &wanted, false).unwrap();
        assert_eq!(fast, yaml::locate(text, &wanted));
        assert_eq!(fast["/a~1b/x/1"], (2, 1));
        assert_eq!(fast["/k~0"], (3, 8));
    }

    /// serde_json keeps the last of repeated names, and so the value checked:
    /// its pointers, and those below it, are placed there; a pointer only an
    /// earlier value held is not placed at all (the caller then places it on
    /// its parent, the value kept).
    #[test]
    fn repeated_names_are_placed_at_the_last_value() {
        let text = concat!(
            "{\"a\": 1, \"b\": {\"x\": 1, \"y\": [1, 2], \"x\": 3},\n",
            "\"a\": \"two\", \"b\": {\"y\": [4, {\"z\": 5}]}}",
        );
        let wanted = ["", "/a", "/b", "/b/x", "/b/y", "/b/y/1", "/b/y/1/z"];
        for trusted in [true, false] {
            let found = json::locate(text, &wanted, trusted).unwrap();
            assert_eq!(found["/a"], (2, 6), "trusted: {trusted}");
            assert_eq!(found["/b"], (2, 18), "trusted: {trusted}");
            assert_eq!(found["/b/y"], (2, 24), "trusted: {trusted}");
            assert_eq!(found["/b/y/1"], (2, 28), "trusted: {trusted}");
            assert_eq!(found["/b/y/1/z"], (2, 34), "trusted: {trusted}");
            assert!(!found.contains_key("/b/x"), "trusted: {trusted}");
            assert_eq!(found.len(), wanted.len() - 1);
        }
        // Repeated within the value kept: the last again.
        let found = locate("{\"b\": {\"x\": 1, \"x\": [2]}}", &["/b/x", "/b/x/0"]);
        assert_eq!(found["/b/x"], (1, 21));
        assert_eq!(found["/b/x/0"], (1, 22));
    }

    #[test]
    fn text_that_is_not_json_falls_back_to_yaml() {
        assert!(json::locate("{a: 1}", &["/a"], false).is_none());
        assert_eq!(locate("{a: 1}", &["/a"])["/a"], (1, 5));
        assert_eq!(locate("a: [1, 2]\n", &["/a/1"])["/a/1"], (1, 8));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::tests_support::all_pointers;
    use super::{json, yaml};
    use crate::document::strategies::{json_with_awkward_keys as json_value, render};

    proptest! {
        #[test]
        fn json_scanner_agrees_with_the_yaml_parser(value in json_value(), pretty in any::<bool>()) {
            let text = render(&value, pretty);
            let mut pointers = Vec::new();
            all_pointers(&value, "", &mut pointers);
            let wanted: Vec<&str> = pointers.iter().map(String::as_str).collect();
            let fast = json::locate(&text, &wanted, false).unwrap();
            prop_assert_eq!(fast.len(), wanted.len());
            prop_assert_eq!(fast, yaml::locate(&text, &wanted));
        }

        /// Skipping unwanted subtrees of trusted text finds what reading them
        /// finds, for any subset of the pointers (some of them absent).
        #[test]
        fn trusted_json_skips_to_the_same_positions(
            value in json_value(),
            pretty in any::<bool>(),
            keep in prop::collection::vec(any::<bool>(), 64),
        ) {
            let text = render(&value, pretty);
            let mut pointers = Vec::new();
            all_pointers(&value, "", &mut pointers);
            pointers.push("/absent".to_owned());
            let wanted: Vec<&str> = pointers
                .iter()
                .zip(keep.iter().cycle())
                .filter(|(_, keep)| **keep)
                .map(|(pointer, _)| pointer.as_str())
                .collect();
            let skipping = json::locate(&text, &wanted, true).unwrap();
            prop_assert_eq!(skipping, json::locate(&text, &wanted, false).unwrap());
        }
    }
}
