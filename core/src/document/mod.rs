//! Reading documents: bytes to a JSON value (JSON or YAML), within size and depth
//! limits, and the normalisation that fills defaults before rules run.

mod json_value;
mod member;
mod normalize;
pub(crate) mod pointer;
pub mod position;
pub(crate) mod schemas;
#[cfg(test)]
pub(crate) mod strategies;
mod tree;
pub mod types;

pub(crate) use member::{member, member_mut};
pub use normalize::{normalize, normalize_owned};
pub(crate) use normalize::{normalize_tree, normalizes_trees};
pub(crate) use tree::schema;
pub(crate) use tree::{Handle, Iter as TreeIter, Locator, Name, Shape, Tree};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The syntax of a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    /// Guesses the format from a file name: `.json`, `.yaml`/`.yml`; `None` otherwise.
    #[must_use]
    pub fn from_path(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".json") || lower.ends_with(".ndjson") || lower.ends_with(".jsonl") {
            Some(Format::Json)
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Some(Format::Yaml)
        } else {
            None
        }
    }

    /// JSON when the text starts with `{` or `[`, YAML otherwise (YAML is a superset
    /// of JSON, but the JSON parser gives better positions for JSON text).
    #[must_use]
    pub fn sniff(text: &str) -> Format {
        match text.trim_start().as_bytes().first() {
            Some(b'{' | b'[') => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// The largest `max_depth` a check accepts ([`crate::CheckOptions::validate`]
/// refuses more with `E_OPTIONS`). Every reader is tested at this depth: the
/// YAML parser, the bindings' object converters (which walk without recursion)
/// and the checks of a value 10,000 levels deep on a worker thread's stack.
/// Deeper nesting is no document, only an attempt to exhaust a stack.
pub const MAX_DEPTH_CAP: usize = 10_000;

/// The default evaluation budget per document ([`Limits::max_steps`]): over
/// a thousand times what the largest bundled example takes (674 steps), and
/// about a second where rules run on cel's interpreter, the slower path.
pub const DEFAULT_MAX_STEPS: u64 = 1_000_000;

/// Bounds on input, so that a huge or hostile document is a finding, not an outage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest document accepted, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of arrays and objects accepted, at most [`MAX_DEPTH_CAP`].
    pub max_depth: usize,
    /// The evaluation budget of one document: steps all its rules may take
    /// together (a comprehension's iteration, an item of a list built, 64
    /// bytes of text built). A rule that would exceed it is a finding with
    /// status `error` and code `E_BUDGET`, never a hang: nested loops over a
    /// long list, in a state's own pack, stay bounded.
    pub max_steps: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 8 * 1024 * 1024,
            max_depth: 64,
            max_steps: DEFAULT_MAX_STEPS,
        }
    }
}

/// Why a document could not be read; reported as a `parse` finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFailure {
    pub message: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

impl ParseFailure {
    fn new(message: impl Into<String>) -> Self {
        ParseFailure {
            message: message.into(),
            line: None,
            column: None,
        }
    }

    fn at(message: impl Into<String>, line: u64, column: u64) -> Self {
        ParseFailure {
            message: message.into(),
            line: Some(line),
            column: Some(column),
        }
    }
}

/// A document read from text: the tree of JSON text (which tells where each
/// value starts, and builds a value only when asked), or a value.
pub(crate) enum Read<'t> {
    Tree(Tree<'t>),
    Value(Value),
}

impl Read<'_> {
    pub(crate) fn into_value(self) -> Value {
        match self {
            Read::Tree(tree) => tree.to_value(),
            Read::Value(value) => value,
        }
    }
}

/// Reads raw bytes: rejects empty, binary, non-UTF-8 and oversized input, then parses.
pub fn parse_bytes(
    bytes: &[u8],
    format: Option<Format>,
    limits: &Limits,
) -> Result<Value, ParseFailure> {
    read_bytes(bytes, format, limits).map(Read::into_value)
}

/// [`parse_bytes`], keeping the tree of JSON text.
pub(crate) fn read_bytes<'t>(
    bytes: &'t [u8],
    format: Option<Format>,
    limits: &Limits,
) -> Result<Read<'t>, ParseFailure> {
    if bytes.len() > limits.max_bytes {
        // Not its size: a file or an NDJSON line is read only up to one byte
        // past the limit, so the length here is not the document's.
        return Err(ParseFailure::new(format!(
            "document is longer than the limit of {} bytes",
            limits.max_bytes
        )));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let (line, column) = position_of(bytes, error.valid_up_to());
            let what = if bytes.contains(&0) {
                "document is binary, not text"
            } else {
                "document is not valid UTF-8"
            };
            return Err(ParseFailure::at(what, line, column));
        }
    };
    read_str(text, format, limits)
}

/// Parses text as JSON or YAML (sniffed when `format` is `None`).
pub fn parse_str(
    text: &str,
    format: Option<Format>,
    limits: &Limits,
) -> Result<Value, ParseFailure> {
    read_str(text, format, limits).map(Read::into_value)
}

/// [`parse_str`], keeping the tree of JSON text.
pub(crate) fn read_str<'t>(
    text: &'t str,
    format: Option<Format>,
    limits: &Limits,
) -> Result<Read<'t>, ParseFailure> {
    if text.len() > limits.max_bytes {
        // Not its size: a file or an NDJSON line is read only up to one byte
        // past the limit, so the length here is not the document's.
        return Err(ParseFailure::new(format!(
            "document is longer than the limit of {} bytes",
            limits.max_bytes
        )));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ParseFailure::new("document is empty"));
    }
    let read = match format.unwrap_or_else(|| Format::sniff(text)) {
        // The tree reads most JSON; serde_json reads the rest and words errors.
        // A text the tree reads holds no NUL (JSON has no place for one), so
        // only the rest is searched for one.
        Format::Json => match Tree::parse(text) {
            // Of repeated names the value keeps the last, which the tree
            // cannot point at: then only the value is kept.
            Some(tree) if tree.unique() => Read::Tree(tree),
            Some(tree) => Read::Value(tree.to_value()),
            None => Read::Value(parse_json(refuse_binary(text)?)?),
        },
        Format::Yaml => Read::Value(parse_yaml(refuse_binary(text)?)?),
    };
    let depth = match &read {
        Read::Tree(tree) => tree.depth(),
        Read::Value(value) => depth_of(value),
    };
    if depth > limits.max_depth {
        return Err(ParseFailure::new(format!(
            "document nests {depth} levels deep, over the limit of {}",
            limits.max_depth
        )));
    }
    Ok(read)
}

/// `text`, unless it holds a NUL: then it is binary, whatever else is wrong.
fn refuse_binary(text: &str) -> Result<&str, ParseFailure> {
    if text.contains('\0') {
        return Err(ParseFailure::new("document is binary, not text"));
    }
    Ok(text)
}

fn parse_json(text: &str) -> Result<Value, ParseFailure> {
    json_value::from_str(text).map_err(|error| {
        let message = strip_position_suffix(&error.to_string());
        ParseFailure::at(
            format!("invalid JSON: {message}"),
            error.line() as u64,
            char_column(text, error.line(), error.column()),
        )
    })
}

/// YAML 1.2 core booleans only (`no` stays the string "no", not `false`), and a
/// duplicate key is an error rather than a silent overwrite.
fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    options
}

fn parse_yaml(text: &str) -> Result<Value, ParseFailure> {
    serde_saphyr::from_str_with_options::<Value>(text, yaml_options()).map_err(|error| {
        let message = first_line(&error.to_string());
        match error.location() {
            Some(location) => ParseFailure::at(
                format!("invalid YAML: {message}"),
                location.line(),
                location.column(),
            ),
            None => ParseFailure::new(format!("invalid YAML: {message}")),
        }
    })
}

/// serde_json appends " at line L column C"; positions are reported separately.
fn strip_position_suffix(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_owned()
}

/// 1-based line and column (in characters, as everywhere in reports) of a byte
/// offset into text that is valid UTF-8 up to that offset.
fn position_of(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = match std::str::from_utf8(&before[line_start..]) {
        Ok(text) => text.chars().count(),
        Err(_) => before.len() - line_start,
    };
    (line as u64, column as u64 + 1)
}

/// serde_json counts columns in bytes; reports count characters.
fn char_column(text: &str, line: usize, byte_column: usize) -> u64 {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_column as u64;
    };
    let characters = line_text
        .char_indices()
        .take_while(|(start, _)| *start < byte_column)
        .count();
    characters.max(1) as u64
}

/// Nesting depth of a value, computed without recursion.
fn depth_of(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 1usize)];
    while let Some((value, depth)) = stack.pop() {
        match value {
            Value::Array(items) => {
                deepest = deepest.max(depth);
                stack.extend(items.iter().map(|item| (item, depth + 1)));
            }
            Value::Object(map) => {
                deepest = deepest.max(depth);
                stack.extend(map.values().map(|item| (item, depth + 1)));
            }
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Value, ParseFailure> {
        parse_str(text, None, &Limits::default())
    }

    #[test]
    fn malformed_json_reports_line_and_column() {
        let failure = parse("{\n  \"kind\": \"plan-of-study\",\n  oops\n}").unwrap_err();
        assert_eq!((failure.line, failure.column), (Some(3), Some(3)));
        assert!(
            failure
                .message
                .starts_with("invalid JSON: key must be a string"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn json_error_columns_count_characters_not_bytes() {
        let ascii = parse("{\"a\": \"e\", oops}").unwrap_err();
        let accented = parse("{\"a\": \"é\", oops}").unwrap_err();
        assert_eq!(ascii.column, Some(12), "the `o` of `oops`");
        assert_eq!(accented.column, ascii.column);
        let failure = parse_bytes(b"\xc3\xa9\xc3\xa9 \xff", None, &Limits::default()).unwrap_err();
        assert_eq!((failure.line, failure.column), (Some(1), Some(4)));
    }

    #[test]
    fn malformed_yaml_reports_a_position() {
        let failure = parse("kind: plan-of-study\nlearner: [unclosed\n").unwrap_err();
        assert!(
            failure.message.starts_with("invalid YAML"),
            "{}",
            failure.message
        );
        assert!(failure.line.is_some());
    }

    #[test]
    fn empty_binary_and_non_utf8_input_are_named() {
        let limits = Limits::default();
        assert_eq!(
            parse_bytes(b"  \n", None, &limits).unwrap_err().message,
            "document is empty"
        );
        assert_eq!(
            parse_bytes(b"\x00\x01\x02\xff", None, &limits)
                .unwrap_err()
                .message,
            "document is binary, not text"
        );
        // UTF-8 with a NUL anywhere, JSON or YAML, in a string or not.
        for text in [
            "{\"a\": \"x\0y\"}",
            "{\"a\": 1}\0",
            "\0{\"a\": 1}",
            "[1,\0 2]",
            "kind: x\0",
            "\0",
        ] {
            assert_eq!(
                parse_str(text, None, &limits).unwrap_err().message,
                "document is binary, not text",
                "{text:?}"
            );
        }
        let failure = parse_bytes(b"kind: \xe9t\xe9", None, &limits).unwrap_err();
        assert_eq!(failure.message, "document is not valid UTF-8");
        assert_eq!((failure.line, failure.column), (Some(1), Some(7)));
    }

    #[test]
    fn size_and_depth_limits_apply() {
        let limits = Limits {
            max_bytes: 10,
            max_depth: 3,
            ..Limits::default()
        };
        assert!(parse_str("{\"a\": \"0123456789\"}", None, &limits)
            .unwrap_err()
            .message
            .contains("longer than the limit of 10 bytes"));
        let limits = Limits {
            max_bytes: 1000,
            max_depth: 3,
            ..Limits::default()
        };
        assert!(parse_str("[[[[1]]]]", None, &limits)
            .unwrap_err()
            .message
            .contains("nests 4 levels deep"));
        assert!(parse_str("[[[1]]]", None, &limits).is_ok());
    }

    /// JSON keeps its tree for positions, with the tree's depth; repeated
    /// names (whose nesting the value may not keep) and YAML do not.
    #[test]
    fn json_keeps_its_tree_unless_names_repeat() {
        let limits = Limits {
            max_bytes: 1000,
            max_depth: 3,
            ..Limits::default()
        };
        let read = read_str("{\"a\": [[1]]}", None, &limits).unwrap();
        assert!(matches!(read, Read::Tree(_)));
        assert_eq!(read.into_value(), serde_json::json!({"a": [[1]]}));
        assert!(read_str("{\"a\": [[[1]]]}", None, &limits).is_err());
        // The second `a` replaces a value four levels deep: the document is three.
        let repeated = read_str("{\"a\": [[[1]]], \"a\": 1}", None, &limits).unwrap();
        let Read::Value(value) = repeated else {
            panic!("repeated names kept their tree");
        };
        assert_eq!(value, serde_json::json!({"a": 1}));
        assert!(matches!(
            read_str("a: [1]", None, &limits).unwrap(),
            Read::Value(_)
        ));
    }

    #[test]
    fn hostile_nesting_is_a_failure_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).is_err());
        let deep_yaml = "- ".repeat(10_000) + "x";
        assert!(parse(&deep_yaml).is_err());
    }

    #[test]
    fn yaml_uses_core_booleans_and_rejects_duplicate_keys() {
        let value = parse("item: no\nsection: y\nflag: true\n").unwrap();
        assert_eq!(value["item"], "no");
        assert_eq!(value["section"], "y");
        assert_eq!(value["flag"], true);
        let failure = parse("kind: curriculum\nkind: plan-of-study\n").unwrap_err();
        assert!(failure.message.contains("duplicate"), "{}", failure.message);
    }

    #[test]
    fn yaml_and_json_give_the_same_value() {
        let yaml = parse("kind: curriculum\ncredits: 1.5\ntags: [a, b]\n").unwrap();
        let json = parse(r#"{"kind": "curriculum", "credits": 1.5, "tags": ["a", "b"]}"#).unwrap();
        assert_eq!(yaml, json);
    }
}
