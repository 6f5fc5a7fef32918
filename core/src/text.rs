//! Bounds on text written into messages, so that a report stays small
//! whatever the document holds: a 100 MB string in a field with a pattern is
//! shown by its first few dozen characters and an ellipsis, not whole.
//!
//! Cuts count characters (Unicode scalar values), never bytes, so a cut never
//! splits a character; what is cut ends in [`ELLIPSIS`].

use std::borrow::Cow;
use std::io;

use serde_json::Value;

/// What ends a text that was cut.
pub const ELLIPSIS: char = '…';

/// The most characters of a document's value, or of a name it gives, that a
/// message echoes: enough to recognise the value, too few to dump it.
pub const MAX_ECHO_CHARS: usize = 80;

/// `text`, or its first `max - 1` characters and [`ELLIPSIS`] when it is
/// longer than `max` characters: never more than `max` characters (none
/// when `max` is 0). Borrowed when nothing is cut; only the characters up to
/// the cut are read.
#[must_use]
pub fn truncate_chars(text: &str, max: usize) -> Cow<'_, str> {
    let mut starts = text.char_indices().map(|(at, _)| at);
    let Some(last_kept) = max.checked_sub(1).map(|n| starts.nth(n)) else {
        return Cow::Borrowed("");
    };
    // `max - 1` characters fit before the ellipsis; cut only if the text
    // goes on past the `max`-th character.
    match (last_kept, starts.next()) {
        (Some(cut), Some(_)) => {
            let mut short = String::with_capacity(cut + ELLIPSIS.len_utf8());
            short.push_str(&text[..cut]);
            short.push(ELLIPSIS);
            Cow::Owned(short)
        }
        _ => Cow::Borrowed(text),
    }
}

/// A name or text from a document, as a message echoes it: at most
/// [`MAX_ECHO_CHARS`] characters.
#[must_use]
pub fn echo(text: &str) -> Cow<'_, str> {
    truncate_chars(text, MAX_ECHO_CHARS)
}

/// A document's value as serde_json displays it (compact JSON, as JSON
/// Schema messages show values), at most `max` characters. Only as much is
/// written as is shown: a huge value costs a few hundred bytes, not its size.
/// A string that is cut keeps its closing quote after the ellipsis.
#[must_use]
pub fn truncate_json(value: &Value, max: usize) -> String {
    // Enough bytes for `max + 1` characters of any width: whether the
    // rendering goes on past `max` is then known.
    let mut sink = Bounded {
        bytes: Vec::new(),
        limit: max.saturating_add(1).saturating_mul(4),
    };
    // An error is only the sink being full.
    let _ = serde_json::to_writer(&mut sink, value);
    let rendered = match std::str::from_utf8(&sink.bytes) {
        Ok(text) => text,
        // Cut inside a character: up to it (serde_json writes UTF-8).
        Err(error) => std::str::from_utf8(&sink.bytes[..error.valid_up_to()]).unwrap_or_default(),
    };
    match (value, truncate_chars(rendered, max)) {
        (_, Cow::Borrowed(whole)) => whole.to_owned(),
        (Value::String(_), Cow::Owned(_)) if max >= 3 => {
            let mut cut = truncate_chars(rendered, max - 1).into_owned();
            cut.push('"');
            cut
        }
        (_, Cow::Owned(cut)) => cut,
    }
}

/// A document's value as a message echoes it: [`truncate_json`] to
/// [`MAX_ECHO_CHARS`].
#[must_use]
pub fn echo_json(value: &Value) -> String {
    truncate_json(value, MAX_ECHO_CHARS)
}

/// Keeps the first `limit` bytes written to it, then refuses more.
struct Bounded {
    bytes: Vec<u8>,
    limit: usize,
}

impl io::Write for Bounded {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let room = self.limit - self.bytes.len();
        if room == 0 {
            return Err(io::Error::other("the message has all it shows"));
        }
        let taken = data.len().min(room);
        self.bytes.extend_from_slice(&data[..taken]);
        Ok(taken)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{echo, echo_json, truncate_chars, truncate_json, ELLIPSIS, MAX_ECHO_CHARS};

    #[test]
    fn short_text_is_borrowed_whole() {
        for text in ["", "a", "abc", "ééé"] {
            let kept = truncate_chars(text, 3);
            assert!(matches!(kept, std::borrow::Cow::Borrowed(_)), "{text}");
            assert_eq!(kept, text);
        }
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary_to_exactly_max() {
        assert_eq!(truncate_chars("abcd", 3), "ab…");
        assert_eq!(truncate_chars("éèêë", 3), "éè…");
        assert_eq!(truncate_chars("a🎉b🎉", 2), "a…");
        assert_eq!(truncate_chars("abcd", 1), "…");
        assert_eq!(truncate_chars("abcd", 0), "");
        let long = "x".repeat(500);
        let cut = truncate_chars(&long, 200);
        assert_eq!(cut.chars().count(), 200);
        assert!(cut.ends_with(ELLIPSIS));
    }

    #[test]
    fn echoes_are_bounded() {
        let huge = "y".repeat(1 << 20);
        assert_eq!(echo(&huge).chars().count(), MAX_ECHO_CHARS);
        assert_eq!(echo("IT"), "IT");
    }

    #[test]
    fn json_is_shown_as_serde_json_shows_it_until_cut() {
        for value in [
            json!("a \"quoted\" é"),
            json!(17),
            json!(1.5),
            json!(null),
            json!({"a": [1, 2], "b": "c"}),
        ] {
            assert_eq!(echo_json(&value), value.to_string());
        }
        let string = json!("z".repeat(1 << 20));
        let shown = echo_json(&string);
        assert_eq!(shown.chars().count(), MAX_ECHO_CHARS);
        assert_eq!(shown, format!("\"{}…\"", "z".repeat(MAX_ECHO_CHARS - 3)));
        let object = json!({"k": "é".repeat(1000)});
        let shown = truncate_json(&object, 10);
        assert_eq!(shown, "{\"k\":\"ééé…");
        // A string cut at the smallest bounds.
        assert_eq!(truncate_json(&json!("abcd"), 3), "\"…\"");
        assert_eq!(truncate_json(&json!("abcd"), 2), "\"…");
        assert_eq!(truncate_json(&json!("abcd"), 1), "…");
    }
}
