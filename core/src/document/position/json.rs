//! Positions in JSON text: one pass over the bytes, building no value and no
//! pointer outside the subtrees that lead to a wanted one. Gives up (`None`) on
//! anything that is not plain JSON, for the YAML parser to try instead.
//!
//! Of a name an object repeats, the value is the last (serde_json keeps the
//! last, and that is the value checked), so the last is where its pointer, and
//! every pointer below it, is placed. The scanner therefore reads the wanted
//! objects to their end: a later repeat may still come once all is found.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::lines::Lines;
use crate::document::pointer::push_escaped as push_escaped_token;

/// Deeper than documents go under the default depth limit; anything deeper is
/// left to the YAML parser, which does not recurse.
const MAX_DEPTH: usize = 512;

/// Finds where each of `pointers` starts in `text`; `None` when `text` is not JSON.
/// `trusted` text is known to be valid JSON (it was parsed as such), so
/// subtrees that lead to no wanted pointer are skipped without being checked.
pub(super) fn locate(
    text: &str,
    pointers: &[&str],
    trusted: bool,
) -> Option<HashMap<String, (u64, u64)>> {
    let mut scanner = Scanner {
        text,
        trusted,
        bytes: text.as_bytes(),
        at: 0,
        pointers,
        pointer: String::new(),
        found: HashMap::new(),
        entered: HashSet::new(),
        lines: Lines::new(text),
    };
    scanner.skip_whitespace();
    scanner.value(0, scanner.want())?;
    Some(scanner.found)
}

/// What the scanner does with a value: skip it, read through it towards
/// wanted pointers below it, or also note where it starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Skip,
    Descend,
    Record,
}

struct Scanner<'t, 'p> {
    text: &'t str,
    trusted: bool,
    bytes: &'t [u8],
    /// Byte offset of the next unread byte.
    at: usize,
    pointers: &'p [&'p str],
    /// The pointer of the value being read, kept only inside wanted subtrees.
    pointer: String,
    found: HashMap<String, (u64, u64)>,
    /// The pointers of the members read so far on the way to wanted values: a
    /// member entered twice is a repeated name, whose earlier places are void.
    entered: HashSet<String>,
    /// Line counting is lazy: done only when a value is found.
    lines: Lines<'t>,
}

impl Scanner<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    /// What to do with the value at the current pointer.
    fn want(&self) -> Want {
        let mut want = Want::Skip;
        for wanted in self.pointers {
            match wanted.strip_prefix(self.pointer.as_str()) {
                Some("") => return Want::Record,
                Some(rest) if rest.starts_with('/') => want = Want::Descend,
                _ => {}
            }
        }
        want
    }

    /// Notes where the current value, a wanted one, starts.
    fn record(&mut self) {
        let place = self.lines.at(self.at);
        self.found.insert(self.pointer.clone(), place);
    }

    /// Before reading the member at the current pointer, on the way to a
    /// wanted value: if its name was read before in the same object, forgets
    /// where the earlier value and everything in it were, for the value the
    /// document keeps is this one (a pointer only the earlier value held is
    /// then placed on the nearest one this value holds).
    fn enter_member(&mut self) {
        if self.entered.insert(self.pointer.clone()) {
            return;
        }
        let pointer = self.pointer.as_str();
        self.found.retain(|found, _| {
            !(found.strip_prefix(pointer))
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        });
    }

    /// Reads one value starting at `self.at`, as `want` says.
    fn value(&mut self, depth: usize, want: Want) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match want {
            Want::Record => self.record(),
            Want::Skip if self.trusted && matches!(self.peek(), Some(b'{' | b'[')) => {
                return self.skip_container();
            }
            Want::Skip | Want::Descend => {}
        }
        let wanted = want != Want::Skip;
        match self.peek()? {
            b'{' => self.object(depth, wanted),
            b'[' => self.array(depth, wanted),
            b'"' => self.string().map(|_| ()),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => {
                while matches!(
                    self.peek(),
                    Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                ) {
                    self.at += 1;
                }
                Some(())
            }
            _ => None,
        }
    }

    fn object(&mut self, depth: usize, wanted: bool) -> Option<()> {
        self.at += 1;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Some(());
        }
        loop {
            let key = self.string()?;
            self.skip_whitespace();
            self.expect(b':')?;
            self.skip_whitespace();
            let length = self.pointer.len();
            let mut child = Want::Skip;
            if wanted {
                let key = decode_key(&self.text[key.0..key.1], key.2)?;
                self.pointer.push('/');
                push_escaped_token(&mut self.pointer, &key);
                child = self.want();
                if child != Want::Skip {
                    self.enter_member();
                }
            }
            self.value(depth + 1, child)?;
            self.pointer.truncate(length);
            if !self.more_members(b'}')? {
                return Some(());
            }
        }
    }

    fn array(&mut self, depth: usize, wanted: bool) -> Option<()> {
        self.at += 1;
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Some(());
        }
        let mut index = 0usize;
        loop {
            let length = self.pointer.len();
            let mut child = Want::Skip;
            if wanted {
                // Writing to a String cannot fail.
                let _ = write!(self.pointer, "/{index}");
                child = self.want();
            }
            self.value(depth + 1, child)?;
            self.pointer.truncate(length);
            index += 1;
            if !self.more_members(b']')? {
                return Some(());
            }
        }
    }

    /// After a member of an object or array: `true` past a `,` (another member
    /// follows), `false` past the closing bracket, `None` at anything else.
    fn more_members(&mut self, close: u8) -> Option<bool> {
        self.skip_whitespace();
        let byte = self.peek()?;
        self.at += 1;
        if byte == b',' {
            self.skip_whitespace();
            Some(true)
        } else {
            (byte == close).then_some(false)
        }
    }

    /// Skips an object or array of trusted text: only strings and brackets
    /// matter there, so this is a tight loop rather than a parse.
    fn skip_container(&mut self) -> Option<()> {
        let mut depth = 0usize;
        while let Some(&byte) = self.bytes.get(self.at) {
            self.at += 1;
            match byte {
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(());
                    }
                }
                b'"' => loop {
                    let rest = self.bytes.get(self.at..)?;
                    self.at += memchr::memchr2(b'"', b'\\', rest)?;
                    if self.bytes[self.at] == b'"' {
                        self.at += 1;
                        break;
                    }
                    self.at += 2;
                },
                _ => {}
            }
        }
        None
    }

    /// Reads a string; returns the byte range of its text inside the quotes and
    /// whether it holds escapes.
    fn string(&mut self) -> Option<(usize, usize, bool)> {
        self.expect(b'"')?;
        let start = self.at;
        let mut escaped = false;
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some((start, self.at - 1, escaped));
                }
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                _ => self.at += 1,
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.bytes[self.at..]
            .starts_with(word)
            .then(|| self.at += word.len())
    }
}

/// A key as the document means it: escapes resolved by serde_json itself.
fn decode_key(raw: &str, escaped: bool) -> Option<std::borrow::Cow<'_, str>> {
    if escaped {
        serde_json::from_str::<String>(&format!("\"{raw}\""))
            .ok()
            .map(std::borrow::Cow::Owned)
    } else {
        Some(std::borrow::Cow::Borrowed(raw))
    }
}
