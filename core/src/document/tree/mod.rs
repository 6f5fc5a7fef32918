//! JSON text read into one flat tree: strings borrowed from the text unless
//! they hold escapes, and the byte offset where each value starts, so that a
//! finding is placed without reading the text again.
//!
//! The parser takes strict JSON only and answers `None` for anything it does
//! not read itself (a syntax error, nesting past serde_json's limit); serde_json
//! then reads that text, with its own errors. Escaped strings and every number
//! but a plain non-negative integer are handed to serde_json too, so that a
//! value always comes out exactly as serde_json would make it.

pub(crate) mod schema;

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Map, Number, Value};

/// The deepest nesting serde_json reads (it refuses a 128th level): deeper
/// text is left to it, for its error.
const MAX_DEPTH: usize = 127;

/// Nodes reserved before reading: enough for documents of tens of kilobytes.
const MAX_RESERVED: usize = 4096;

/// The bytes that end a run of plain string text: the closing quote, an
/// escape, and the control characters JSON forbids unescaped.
static ENDS_PLAIN_TEXT: [bool; 256] = {
    let mut ends = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        ends[byte] = true;
        byte += 1;
    }
    ends[b'"' as usize] = true;
    ends[b'\\' as usize] = true;
    ends
};

/// How many bytes of `rest` are plain string text (none [`ENDS_PLAIN_TEXT`]),
/// or `None` if the text ends first. Eight bytes are tested at a time while
/// eight remain: strings are most of a document's bytes.
fn plain_length(rest: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    /// The high bit of each byte below `n` (exact up to the first such byte,
    /// which is all that is read: a borrow only runs upwards).
    fn below(word: u64, n: u8) -> u64 {
        word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS
    }
    let mut at = 0;
    while let Some(chunk) = rest.get(at..at + 8) {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(chunk);
        let word = u64::from_le_bytes(bytes);
        let ends = below(word ^ (ONES * u64::from(b'"')), 1)
            | below(word ^ (ONES * u64::from(b'\\')), 1)
            | below(word, 0x20);
        if ends != 0 {
            return Some(at + ends.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let tail = rest[at..]
        .iter()
        .position(|&byte| ENDS_PLAIN_TEXT[usize::from(byte)])?;
    Some(at + tail)
}

/// Nodes to reserve for `text`. A usual document gets about one per eight
/// bytes, up to [`MAX_RESERVED`], and grows the vector if it needs more. A
/// large one is counted first: every value but the root follows a `,`, `[`
/// or `{`, so their count bounds the values (commas in strings count too),
/// and a quarter more leaves room for normalisation's defaults. Its nodes
/// are then never copied as they grow, which held the old and the new
/// vector at once: 1.43 GB for a 120 MB plan, 0.8 GB counted.
fn node_bound(bytes: &[u8]) -> usize {
    /// From this size on, the pass over the bytes costs little beside the
    /// parse, and the memory a doubling vector wastes matters.
    const COUNTED: usize = 1 << 20;
    if bytes.len() < COUNTED {
        return (bytes.len() / 8 + 1).min(MAX_RESERVED);
    }
    let opening = bytes
        .iter()
        .filter(|&&byte| matches!(byte, b',' | b'[' | b'{'))
        .count();
    opening + opening / 4 + 1
}

/// A parsed JSON text. Node 0 is the root.
///
/// Normalisation changes it in place: dropped members stay in the text's list
/// (a finding about them is still placed) but are skipped by everything else,
/// and added members have no place in the text.
pub(crate) struct Tree<'t> {
    nodes: Vec<Node<'t>>,
    /// Deepest nesting of arrays and objects (a root container is 1).
    depth: usize,
    /// Whether every object names each member once.
    unique: bool,
}

/// A node of a [`Tree`]: its index.
pub(crate) type NodeId = usize;

/// No node: the end of a list of children; also the start of a value the
/// text does not hold.
const NONE: usize = usize::MAX;

struct Node<'t> {
    /// Byte offset of the value's first character; `NONE` for an added value.
    start: usize,
    kind: Kind<'t>,
    /// The member's name, when the value is one; empty otherwise.
    key: Cow<'t, str>,
    /// The next member or item of the same container, in the order of the text.
    next: usize,
    /// [`tag`] of `key`: most names that differ, differ here.
    tag: u32,
    /// Left out by normalisation (an explicit `null`).
    dropped: bool,
}

enum Kind<'t> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'t, str>),
    Array(Children),
    Object(Children),
}

/// A container's children: `first`, then each one's `next`.
#[derive(Clone, Copy)]
struct Children {
    first: usize,
    /// How many are not dropped.
    len: usize,
}

/// One value of a tree, as its readers see it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Shape<'a> {
    Null,
    Bool(bool),
    Number(&'a Number),
    String(&'a str),
    Array,
    Object,
}

/// A summary of a member name: its length and first, middle and last bytes.
/// Names are compared by tag before their text, which is read only when the
/// tags meet (and then calls `memcmp`).
fn tag(name: &str) -> u32 {
    let bytes = name.as_bytes();
    let byte = |at: usize| bytes.get(at).copied().unwrap_or(0);
    #[allow(clippy::cast_possible_truncation)] // the length's low byte is enough
    let length = bytes.len() as u8;
    u32::from_le_bytes([
        length,
        byte(0),
        byte(bytes.len() / 2),
        byte(bytes.len().wrapping_sub(1)),
    ])
}

/// A member name looked up in many documents (a rule's field, a schema's
/// property), with its tag worked out once, where it is compiled.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Name {
    text: Box<str>,
    tag: u32,
}

impl Name {
    pub(crate) fn new(text: &str) -> Name {
        Name {
            text: text.into(),
            tag: tag(text),
        }
    }
}

impl std::ops::Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

/// One value of a tree, for readers that hold values rather than trees.
#[derive(Clone, Copy)]
pub(crate) struct Handle<'a> {
    pub(crate) tree: &'a Tree<'a>,
    pub(crate) id: NodeId,
}

impl std::fmt::Debug for Handle<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.tree.value_at(self.id))
    }
}

impl<'a> Handle<'a> {
    pub(crate) fn shape(self) -> Shape<'a> {
        self.tree.shape(self.id)
    }

    pub(crate) fn len(self) -> usize {
        self.tree.len(self.id)
    }

    /// The member `name`, when this is an object that has it.
    pub(crate) fn member(self, name: &str) -> Option<Handle<'a>> {
        let id = self.tree.member(self.id, name)?;
        Some(Handle { id, ..self })
    }

    /// The name of this value in the object around it ("" for an item).
    pub(crate) fn name(self) -> &'a str {
        &self.tree.nodes[self.id].key
    }

    /// [`Handle::member`] by a name compiled beforehand.
    pub(crate) fn member_named(self, name: &Name) -> Option<Handle<'a>> {
        let id = self.tree.find_member(self.id, &name.text, name.tag)?;
        Some(Handle { id, ..self })
    }

    /// Members (with their names) or items (with empty names).
    pub(crate) fn children(self) -> impl Iterator<Item = (&'a str, Handle<'a>)> + Clone {
        let tree = self.tree;
        tree.children(self.id)
            .map(move |(name, id)| (name, Handle { tree, id }))
    }
}

/// The children of a container that are not dropped, in the order of the text.
#[derive(Clone)]
pub(crate) struct Iter<'a, 't> {
    nodes: &'a [Node<'t>],
    next: usize,
    /// Dropped children too (where the text is searched).
    all: bool,
}

impl<'a> Iterator for Iter<'a, '_> {
    type Item = (&'a str, NodeId);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let id = self.next;
            let node = self.nodes.get(id)?;
            self.next = node.next;
            if self.all || !node.dropped {
                return Some((node.key.as_ref(), id));
            }
        }
    }
}

impl<'t> Tree<'t> {
    /// Reads `text` (no byte-order mark) as one JSON value, or `None` where
    /// serde_json must (see the module comment).
    pub(crate) fn parse(text: &'t str) -> Option<Tree<'t>> {
        let mut parser = Parser {
            text,
            bytes: text.as_bytes(),
            at: 0,
            tree: Tree {
                nodes: Vec::with_capacity(node_bound(text.as_bytes())),
                depth: 0,
                unique: true,
            },
            depth: 0,
        };
        parser.value(Cow::Borrowed(""), 0)?;
        parser.skip_whitespace();
        (parser.at == parser.bytes.len()).then_some(parser.tree)
    }

    /// Deepest nesting of arrays and objects in the text.
    pub(crate) fn depth(&self) -> usize {
        self.depth
    }

    /// Whether every object names each member once. Of repeated names the
    /// value keeps the last, which the tree's readers would not: a tree with
    /// repeated names is only read whole, by [`Tree::to_value`].
    pub(crate) fn unique(&self) -> bool {
        self.unique
    }

    /// The root value.
    pub(crate) const ROOT: NodeId = 0;

    /// The root value, for readers that hold values rather than trees.
    pub(crate) fn root(&self) -> Handle<'_> {
        Handle {
            tree: self,
            id: Tree::ROOT,
        }
    }

    /// What the value `id` is.
    pub(crate) fn shape(&self, id: NodeId) -> Shape<'_> {
        match &self.nodes[id].kind {
            Kind::Null => Shape::Null,
            Kind::Bool(b) => Shape::Bool(*b),
            Kind::Number(number) => Shape::Number(number),
            Kind::String(text) => Shape::String(text),
            Kind::Array(_) => Shape::Array,
            Kind::Object(_) => Shape::Object,
        }
    }

    /// How many members or items the container `id` has (0 for others).
    pub(crate) fn len(&self, id: NodeId) -> usize {
        match &self.nodes[id].kind {
            Kind::Array(children) | Kind::Object(children) => children.len,
            _ => 0,
        }
    }

    /// The members of an object, or the items of an array (with empty
    /// names), in the order of the text; nothing for other values.
    pub(crate) fn children(&self, id: NodeId) -> Iter<'_, 't> {
        let first = match &self.nodes[id].kind {
            Kind::Array(children) | Kind::Object(children) => children.first,
            _ => NONE,
        };
        Iter {
            nodes: &self.nodes,
            next: first,
            all: false,
        }
    }

    /// The first child of a container that is not dropped: with
    /// [`Tree::next_sibling`], a walk that holds no borrow, for edits.
    pub(crate) fn first_child(&self, id: NodeId) -> Option<NodeId> {
        self.children(id).next().map(|(_, child)| child)
    }

    /// The next child of the same container that is not dropped.
    pub(crate) fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        Iter {
            nodes: &self.nodes,
            next: self.nodes[id].next,
            all: false,
        }
        .next()
        .map(|(_, child)| child)
    }

    /// The member `name` of the object `id`.
    pub(crate) fn member(&self, id: NodeId, name: &str) -> Option<NodeId> {
        self.find_member(id, name, tag(name))
    }

    /// [`Tree::member`] by a name compiled beforehand.
    pub(crate) fn member_named(&self, id: NodeId, name: &Name) -> Option<NodeId> {
        self.find_member(id, &name.text, name.tag)
    }

    /// The member `name` (whose tag is `tag`) of the object `id`, not dropped.
    fn find_member(&self, id: NodeId, name: &str, tag: u32) -> Option<NodeId> {
        let Kind::Object(children) = &self.nodes.get(id)?.kind else {
            return None;
        };
        let mut next = children.first;
        while let Some(node) = self.nodes.get(next) {
            if node.tag == tag && !node.dropped && *node.key == *name {
                return Some(next);
            }
            next = node.next;
        }
        None
    }

    /// The value serde_json reads from the same text (of repeated names, it
    /// keeps the last: see [`Tree::unique`]).
    pub(crate) fn to_value(&self) -> Value {
        self.value_at(Tree::ROOT)
    }

    /// The value `id` as serde_json holds it.
    pub(crate) fn value_at(&self, id: NodeId) -> Value {
        match &self.nodes[id].kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(number) => Value::Number(number.clone()),
            Kind::String(text) => Value::String(text.as_ref().to_owned()),
            Kind::Array(_) => Value::Array(
                self.children(id)
                    .map(|(_, child)| self.value_at(child))
                    .collect(),
            ),
            Kind::Object(_) => {
                let map: Map<String, Value> = self
                    .children(id)
                    .map(|(key, child)| (key.to_owned(), self.value_at(child)))
                    .collect();
                Value::Object(map)
            }
        }
    }

    /// Drops the member `child` of the object `parent` (normalisation).
    pub(crate) fn drop_member(&mut self, parent: NodeId, child: NodeId) {
        if self.nodes[child].dropped {
            return;
        }
        if let Kind::Object(children) = &mut self.nodes[parent].kind {
            children.len -= 1;
            self.nodes[child].dropped = true;
        }
    }

    /// Replaces the number `id` (normalisation).
    pub(crate) fn set_number(&mut self, id: NodeId, number: Number) {
        if let Kind::Number(old) = &mut self.nodes[id].kind {
            *old = number;
        }
    }

    /// Adds the member `name` to the object `parent`, holding `value`, which
    /// the text does not: normalisation's defaults. Borrowed, not copied.
    pub(crate) fn add_member(&mut self, parent: NodeId, name: &'t str, value: &'t Value) {
        let child = self.add_value(Cow::Borrowed(name), value);
        if let Kind::Object(children) = &mut self.nodes[parent].kind {
            let first = children.first;
            children.first = child;
            children.len += 1;
            self.nodes[child].next = first;
        }
    }

    fn add_value(&mut self, key: Cow<'t, str>, value: &'t Value) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node {
            start: NONE,
            kind: Kind::Null,
            tag: tag(&key),
            key,
            next: NONE,
            dropped: false,
        });
        let kind = match value {
            Value::Null => Kind::Null,
            Value::Bool(b) => Kind::Bool(*b),
            Value::Number(number) => Kind::Number(number.clone()),
            Value::String(text) => Kind::String(Cow::Borrowed(text)),
            Value::Array(items) => {
                let ids: Vec<NodeId> = items
                    .iter()
                    .map(|item| self.add_value(Cow::Borrowed(""), item))
                    .collect();
                Kind::Array(self.link(&ids))
            }
            Value::Object(map) => {
                let ids: Vec<NodeId> = map
                    .iter()
                    .map(|(name, item)| self.add_value(Cow::Borrowed(name), item))
                    .collect();
                Kind::Object(self.link(&ids))
            }
        };
        self.nodes[id].kind = kind;
        id
    }

    /// Chains `ids` as one container's children.
    fn link(&mut self, ids: &[NodeId]) -> Children {
        for pair in ids.windows(2) {
            self.nodes[pair[0]].next = pair[1];
        }
        Children {
            first: ids.first().copied().unwrap_or(NONE),
            len: ids.len(),
        }
    }

    /// Where the value at `pointer` starts in the text, if the text holds it
    /// (a member normalisation dropped too). A tree with repeated member
    /// names does not say which one is meant.
    #[cfg(test)]
    pub(crate) fn offset_of(&self, pointer: &str) -> Option<usize> {
        Locator::new(self).offset_of(pointer)
    }
}

/// Finds many pointers' places in one tree: each container's children in
/// the text are listed once, on first use, so that placing a finding on
/// every one of 25,000 items costs a lookup each, not a walk of the list.
pub(crate) struct Locator<'a, 't> {
    tree: &'a Tree<'t>,
    /// Per container, its children the text holds, with their keys.
    listed: HashMap<NodeId, Vec<(&'a str, NodeId)>>,
}

impl<'a, 't> Locator<'a, 't> {
    pub(crate) fn new(tree: &'a Tree<'t>) -> Self {
        Locator {
            tree,
            listed: HashMap::new(),
        }
    }

    /// [`Tree::offset_of`], from the lists made so far.
    pub(crate) fn offset_of(&mut self, pointer: &str) -> Option<usize> {
        let tree = self.tree;
        let mut node = 0;
        for token in pointer.split('/').skip(1) {
            let token = crate::document::pointer::unescape(token);
            let kind = &tree.nodes.get(node)?.kind;
            if !matches!(kind, Kind::Array(_) | Kind::Object(_)) {
                return None;
            }
            let children = self.listed.entry(node).or_insert_with(|| {
                let mut children = tree.children(node);
                children.all = true;
                children
                    .filter(|(_, child)| tree.nodes[*child].start != NONE)
                    .collect()
            });
            node = match kind {
                Kind::Array(_) => {
                    let canonical = token == "0" || !token.starts_with('0');
                    let index = token
                        .parse::<usize>()
                        .ok()
                        .filter(|_| canonical && token.bytes().all(|b| b.is_ascii_digit()))?;
                    children.get(index)?.1
                }
                _ => children.iter().find(|(key, _)| *key == token)?.1,
            };
        }
        let start = tree.nodes.get(node)?.start;
        (start != NONE).then_some(start)
    }
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    /// Byte offset of the next unread byte.
    at: usize,
    tree: Tree<'t>,
    depth: usize,
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A node named `key`, whose [`tag`] is `tag` (0 for no name).
    fn push(&mut self, start: usize, kind: Kind<'t>, key: Cow<'t, str>, tag: u32) -> usize {
        self.tree.nodes.push(Node {
            start,
            kind,
            tag,
            key,
            next: NONE,
            dropped: false,
        });
        self.tree.nodes.len() - 1
    }

    /// One value, named `key` in the object around it.
    fn value(&mut self, key: Cow<'t, str>, tag: u32) -> Option<usize> {
        self.skip_whitespace();
        let start = self.at;
        let kind = match self.peek()? {
            b'{' | b'[' => return self.container(start, key, tag),
            b'"' => Kind::String(self.string()?),
            b't' => self.literal(b"true", Kind::Bool(true))?,
            b'f' => self.literal(b"false", Kind::Bool(false))?,
            b'n' => self.literal(b"null", Kind::Null)?,
            b'-' | b'0'..=b'9' => Kind::Number(self.number()?),
            _ => return None,
        };
        Some(self.push(start, kind, key, tag))
    }

    fn literal(&mut self, word: &[u8], kind: Kind<'t>) -> Option<Kind<'t>> {
        self.bytes[self.at..].starts_with(word).then(|| {
            self.at += word.len();
            kind
        })
    }

    /// An object or an array, from its opening bracket.
    fn container(&mut self, start: usize, key: Cow<'t, str>, tag: u32) -> Option<usize> {
        let object = self.bytes[start] == b'{';
        let close = if object { b'}' } else { b']' };
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.tree.depth = self.tree.depth.max(self.depth);
        let node = self.push(start, Kind::Null, key, tag);
        self.at += 1;
        let mut children = Children {
            first: NONE,
            len: 0,
        };
        let mut last = NONE;
        self.skip_whitespace();
        if self.peek() == Some(close) {
            self.at += 1;
        } else {
            loop {
                let (key, name_tag) = if object {
                    self.skip_whitespace();
                    if self.peek() != Some(b'"') {
                        return None;
                    }
                    let key = self.string()?;
                    self.skip_whitespace();
                    if self.peek() != Some(b':') {
                        return None;
                    }
                    self.at += 1;
                    let name_tag = self::tag(&key);
                    (key, name_tag)
                } else {
                    (Cow::Borrowed(""), 0)
                };
                let child = self.value(key, name_tag)?;
                match self.tree.nodes.get_mut(last) {
                    Some(previous) => previous.next = child,
                    None => children.first = child,
                }
                last = child;
                children.len += 1;
                self.skip_whitespace();
                match self.peek()? {
                    b',' => self.at += 1,
                    byte if byte == close => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        if object && self.tree.unique && !self.names_are_unique(children) {
            self.tree.unique = false;
        }
        self.tree.nodes[node].kind = if object {
            Kind::Object(children)
        } else {
            Kind::Array(children)
        };
        self.depth -= 1;
        Some(node)
    }

    /// Whether no two members of an object share a name. Tags settle most
    /// objects (each is compared with those before it); the names are sorted
    /// and compared only where two tags meet, or past sixteen members.
    fn names_are_unique(&self, children: Children) -> bool {
        let nodes = &self.tree.nodes;
        let mut tags = [0_u32; 16];
        let mut count = 0;
        let mut next = children.first;
        while let Some(node) = nodes.get(next) {
            if count == tags.len() || tags[..count].contains(&node.tag) {
                let mut names: Vec<&str> = Iter {
                    nodes,
                    next: children.first,
                    all: true,
                }
                .map(|(name, _)| name)
                .collect();
                names.sort_unstable();
                return names.windows(2).all(|pair| pair[0] != pair[1]);
            }
            tags[count] = node.tag;
            count += 1;
            next = node.next;
        }
        true
    }

    /// A string, from its opening quote: borrowed when it holds no escape.
    fn string(&mut self) -> Option<Cow<'t, str>> {
        let open = self.at;
        let rest = self.bytes.get(open + 1..)?;
        let length = plain_length(rest)?;
        self.at = open + 1 + length;
        match rest[length] {
            b'"' => {
                self.at += 1;
                Some(Cow::Borrowed(self.text.get(open + 1..self.at - 1)?))
            }
            b'\\' => self.escaped_string(open),
            _ => None,
        }
    }

    /// A string with escapes, decoded by serde_json.
    fn escaped_string(&mut self, open: usize) -> Option<Cow<'t, str>> {
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => self.at += 2,
                0..=0x1F => return None,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        let quoted = self.text.get(open..self.at)?;
        serde_json::from_str::<String>(quoted).ok().map(Cow::Owned)
    }

    /// A number as JSON writes it; a plain non-negative integer is read here,
    /// any other by serde_json (its rounding, its range errors).
    fn number(&mut self) -> Option<Number> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        let mut plain = !negative;
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
            plain = false;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
            plain = false;
        }
        let written = &self.text[start..self.at];
        if plain {
            if let Ok(integer) = written.parse::<u64>() {
                return Some(Number::from(integer));
            }
        }
        serde_json::from_str::<Number>(written).ok()
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Option<()> {
        let before = self.at;
        self.digits();
        (self.at > before).then_some(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::Tree;
    use crate::document::strategies::{json_value, render};

    /// What serde_json reads, and whether the tree agrees (`None`: it declined).
    fn agrees(text: &str) -> Option<bool> {
        let tree = Tree::parse(text)?;
        let expected: Value = serde_json::from_str(text).ok()?;
        Some(tree.to_value() == expected)
    }

    #[test]
    fn numbers_come_out_as_serde_json_reads_them() {
        for text in [
            "0",
            "-0",
            "7",
            "-7",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1.5",
            "1E2",
            "1e-7",
            "0.1e+3",
            "123456789012345678901234567890",
            "2.2250738585072011e-308",
        ] {
            assert_eq!(agrees(text), Some(true), "{text}");
        }
    }

    #[test]
    fn what_serde_json_refuses_is_declined() {
        for text in [
            "",
            " ",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "1e400",
            "[1,]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "[1 2]",
            "\"\u{1}\"",
            "\"\\x\"",
            "\"\\ud800\"",
            "nul",
            "true false",
            "{\"a\":1}}",
            "[",
            "{",
        ] {
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text:?}");
            assert!(Tree::parse(text).is_none(), "{text:?}");
        }
        let deep = "[".repeat(128) + &"]".repeat(128);
        assert!(serde_json::from_str::<Value>(&deep).is_err());
        assert!(Tree::parse(&deep).is_none());
        let fine = "[".repeat(127) + &"]".repeat(127);
        assert!(serde_json::from_str::<Value>(&fine).is_ok());
        assert_eq!(Tree::parse(&fine).map(|tree| tree.depth()), Some(127));
    }

    #[test]
    fn repeated_names_keep_the_last_value_and_are_told() {
        let text = r#"{"b": 1, "a": 2, "b": {"x": [3]}}"#;
        let tree = Tree::parse(text).unwrap();
        let (value, unique) = (tree.to_value(), tree.unique());
        assert_eq!(value, serde_json::from_str::<Value>(text).unwrap());
        assert!(!unique);
        assert!(Tree::parse(r#"{"a": {"a": 1}}"#).unwrap().unique());
    }

    /// Repeated names are told in objects of any size, whether their tags
    /// meet (same length and ends) or not, and only repeated names.
    #[test]
    fn repeated_names_are_told_whatever_the_tags() {
        let families: [fn(usize) -> String; 2] = [|i| format!("a{i:02}__x"), |i| "k".repeat(i + 1)];
        for name in families {
            for count in 0..40 {
                let members: Vec<String> = (0..count)
                    .map(|i| format!("\"{}\": {i}", name(i)))
                    .collect();
                let text = format!("{{{}}}", members.join(", "));
                let tree = Tree::parse(&text).unwrap();
                assert!(tree.unique(), "{text}");
                // Members whose tags meet are still told apart by name.
                for i in 0..count {
                    let by_text = tree.member(Tree::ROOT, &name(i));
                    let by_name = tree.member_named(Tree::ROOT, &super::Name::new(&name(i)));
                    assert_eq!(by_text, by_name);
                    let value = by_text.map(|id| tree.value_at(id));
                    assert_eq!(value, Some(Value::from(i)), "{text}");
                }
                assert_eq!(tree.member(Tree::ROOT, &name(count)), None);
                for repeated in 0..count {
                    let text = format!("{{{}, \"{}\": 0}}", members.join(", "), name(repeated));
                    assert!(!Tree::parse(&text).unwrap().unique(), "{text}");
                }
            }
        }
    }

    #[test]
    fn offsets_follow_pointers() {
        let text = "{\"a\": [10, {\"b~/c\": \"é\"}], \"01\": null}";
        let tree = Tree::parse(text).unwrap();
        let at = |pointer: &str| tree.offset_of(pointer).map(|offset| &text[offset..]);
        assert_eq!(at(""), Some(text));
        assert!(at("/a").unwrap().starts_with("[10"));
        assert!(at("/a/0").unwrap().starts_with("10,"));
        assert!(at("/a/1/b~0~1c").unwrap().starts_with("\"é\""));
        assert!(at("/01").unwrap().starts_with("null"));
        for absent in [
            "/a/01",
            "/a/2",
            "/a/-1",
            "/a/+1",
            "/b",
            "/a/0/x",
            "/a/1/b~/c",
        ] {
            assert_eq!(at(absent), None, "{absent}");
        }
    }

    /// Every byte value at every place of a word and past it is found, or
    /// passed over, exactly as the table says.
    #[test]
    fn plain_text_ends_at_every_byte_the_table_names() {
        for byte in 0..=u8::MAX {
            for at in 0..20 {
                let mut bytes = vec![b'a'; 20];
                bytes[at] = byte;
                let expected = super::ENDS_PLAIN_TEXT[usize::from(byte)].then_some(at);
                assert_eq!(
                    super::plain_length(&bytes),
                    expected,
                    "byte {byte:#x} at {at}"
                );
            }
        }
    }

    proptest! {
        /// Eight bytes at a time finds the byte a byte at a time would: a
        /// quote, a backslash or a control character, whatever is around it.
        #[test]
        fn plain_text_ends_where_the_table_says(
            bytes in proptest::collection::vec(
                prop_oneof![Just(b'"'), Just(b'\\'), 0_u8..0x20, 0x20_u8..=0xFF, 0x20_u8..0x7F],
                0..40,
            ),
        ) {
            let expected = bytes.iter().position(|&byte| super::ENDS_PLAIN_TEXT[usize::from(byte)]);
            prop_assert_eq!(super::plain_length(&bytes), expected);
        }

        #[test]
        fn reads_what_serde_json_reads(value in json_value(), pretty in any::<bool>()) {
            let text = render(&value, pretty);
            let tree = Tree::parse(&text);
            prop_assert!(tree.is_some());
            let expected: Value = serde_json::from_str(&text).unwrap();
            let tree = tree.unwrap();
            prop_assert_eq!((tree.to_value(), tree.unique()), (expected, true));
        }

        /// Any text at all: the tree either declines it or reads what serde_json reads.
        #[test]
        fn never_reads_otherwise_than_serde_json(text in "[\\[\\]{}\",:0-9a-z\\\\. eE+-]{0,24}") {
            if let Some(tree) = Tree::parse(&text) {
                let expected = serde_json::from_str::<Value>(&text);
                prop_assert!(expected.is_ok(), "{:?}", text);
                prop_assert_eq!(tree.to_value(), expected.unwrap());
            }
        }
    }
}
