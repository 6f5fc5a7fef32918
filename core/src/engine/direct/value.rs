//! Values of direct evaluation: JSON borrowed in place, plus the few values an
//! expression builds (strings by concatenation, lists by `map`/`filter`).
//!
//! Every operation answers `None` where cel would raise an error or where the
//! two might disagree (mixed-type equality, NaN ordering), so the caller hands
//! the expression to cel instead.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{Map, Number, Value};

use super::compile::{ConstantMap, Literal};
use crate::document::{member, Handle, Name, Shape, Tree, TreeIter};

/// A CEL value over JSON. Cloning is cheap: borrowed, or reference counted.
#[derive(Clone, Debug)]
pub(crate) enum V<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Double(f64),
    Str(&'a str),
    String(Rc<str>),
    /// A JSON array, its items converted as they are read.
    Array(&'a [Value]),
    List(Rc<Vec<V<'a>>>),
    Object(&'a Map<String, Value>),
    /// An array of a document read into a tree.
    TreeArray(Handle<'a>),
    /// An object of a document read into a tree.
    TreeObject(Handle<'a>),
    /// A list literal of literals, compiled once with its rule.
    Constants(&'a [Literal]),
    /// A map literal with string keys and literal values, likewise.
    ConstantMap(&'a ConstantMap),
    /// A map an expression built (`group`), by its string keys.
    Map(Rc<Groups<'a>>),
}

/// Entries with string keys, in first-seen order: a few are searched in
/// turn, more through a hash index built with them (a plan's handful of
/// school years should not pay for hashing).
#[derive(Debug, Default)]
pub(crate) struct Groups<'a> {
    entries: Vec<(V<'a>, V<'a>)>,
    index: Option<HashMap<Rc<str>, usize>>,
}

impl<'a> Groups<'a> {
    /// Beyond this many keys, lookups go through the index.
    const SCANNED: usize = 16;

    /// The entry of `key`, whose value is a list, made on first use.
    pub(crate) fn list_of(&mut self, key: V<'a>) -> Option<&mut Vec<V<'a>>> {
        let text = key.as_str()?;
        let found = match &self.index {
            Some(index) => index.get(text).copied(),
            None => self
                .entries
                .iter()
                .position(|(k, _)| k.as_str() == Some(text)),
        };
        let at = match found {
            Some(at) => at,
            None => {
                let at = self.entries.len();
                if let Some(index) = &mut self.index {
                    index.insert(text.into(), at);
                }
                self.entries.push((key, V::List(Rc::new(Vec::new()))));
                if self.index.is_none() && self.entries.len() > Self::SCANNED {
                    self.index = Some(
                        self.entries
                            .iter()
                            .enumerate()
                            .filter_map(|(i, (k, _))| Some((k.as_str()?.into(), i)))
                            .collect(),
                    );
                }
                at
            }
        };
        match &mut self.entries.get_mut(at)?.1 {
            V::List(items) => Some(Rc::get_mut(items)?),
            _ => None,
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&V<'a>> {
        let at = match &self.index {
            Some(index) => *index.get(key)?,
            None => self
                .entries
                .iter()
                .position(|(k, _)| k.as_str() == Some(key))?,
        };
        self.entries.get(at).map(|(_, value)| value)
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &V<'a>)> {
        self.entries
            .iter()
            .filter_map(|(key, value)| Some((key.as_str()?, value)))
    }
}

/// The value of a literal, borrowed from the compiled rule.
pub(crate) fn literal(literal: &Literal) -> V<'_> {
    match literal {
        Literal::Null => V::Null,
        Literal::Bool(b) => V::Bool(*b),
        Literal::Int(i) => V::Int(*i),
        Literal::UInt(u) => V::UInt(*u),
        Literal::Double(d) => V::Double(*d),
        Literal::Str(s) => V::Str(s),
    }
}

impl<'a> V<'a> {
    /// The JSON value as CEL sees it: integers are `int` (as in
    /// `values::to_cel`), larger ones `uint`, others `double`.
    pub(crate) fn json(value: &'a Value) -> V<'a> {
        match value {
            Value::Null => V::Null,
            Value::Bool(b) => V::Bool(*b),
            Value::Number(number) => V::number(number),
            Value::String(s) => V::Str(s),
            Value::Array(items) => V::Array(items),
            Value::Object(map) => V::Object(map),
        }
    }

    /// A value of a tree, as [`V::json`] sees the same value.
    pub(crate) fn tree(value: Handle<'a>) -> V<'a> {
        match value.shape() {
            Shape::Null => V::Null,
            Shape::Bool(b) => V::Bool(b),
            Shape::Number(number) => V::number(number),
            Shape::String(s) => V::Str(s),
            Shape::Array => V::TreeArray(value),
            Shape::Object => V::TreeObject(value),
        }
    }

    fn number(number: &Number) -> V<'a> {
        if let Some(int) = number.as_i64() {
            V::Int(int)
        } else if let Some(uint) = number.as_u64() {
            V::UInt(uint)
        } else {
            V::Double(number.as_f64().unwrap_or(f64::NAN))
        }
    }

    /// The member `name` of a map: `None` when this is no map, `Some(None)`
    /// when the map has no such member.
    pub(crate) fn member(&self, name: &str) -> Option<Option<V<'a>>> {
        match self {
            V::Object(map) => Some(member(map, name).map(V::json)),
            V::TreeObject(object) => Some(object.member(name).map(V::tree)),
            V::ConstantMap(map) => Some(map.entries.get(name).map(literal)),
            V::Map(map) => Some(map.get(name).cloned()),
            _ => None,
        }
    }

    /// [`V::member`] by a name compiled with the rule.
    pub(crate) fn member_named(&self, name: &Name) -> Option<Option<V<'a>>> {
        match self {
            V::Object(map) => Some(member(map, name).map(V::json)),
            V::TreeObject(object) => Some(object.member_named(name).map(V::tree)),
            V::ConstantMap(map) => Some(map.entries.get(&**name).map(literal)),
            V::Map(map) => Some(map.get(name).cloned()),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            V::Str(s) => Some(s),
            V::String(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            V::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// Items of a list, whichever way it is held.
    pub(crate) fn items(&self) -> Option<Items<'_, 'a>> {
        match self {
            V::Array(items) => Some(Items::Json(items.iter())),
            V::TreeArray(items) => Some(Items::Tree(items.tree, items.tree.children(items.id))),
            V::List(items) => Some(Items::Built(items.iter())),
            V::Constants(items) => Some(Items::Constants(items.iter())),
            _ => None,
        }
    }

    pub(crate) fn list_len(&self) -> Option<usize> {
        match self {
            V::Array(items) => Some(items.len()),
            V::List(items) => Some(items.len()),
            V::TreeArray(items) => Some(items.len()),
            V::Constants(items) => Some(items.len()),
            _ => None,
        }
    }

    /// CEL `size`: code points of a string, items of a list, entries of a map.
    pub(crate) fn size(&self) -> Option<usize> {
        match self {
            V::Object(map) => Some(map.len()),
            V::TreeObject(map) => Some(map.len()),
            V::ConstantMap(map) => Some(map.entries.len()),
            V::Map(map) => Some(map.len()),
            _ => match self.as_str() {
                Some(s) => Some(s.chars().count()),
                None => self.list_len(),
            },
        }
    }

    /// CEL `==`, for values of the same type only.
    pub(crate) fn equals(&self, other: &V<'_>) -> Option<bool> {
        match (self, other) {
            (V::Null, V::Null) => Some(true),
            (V::Bool(a), V::Bool(b)) => Some(a == b),
            (V::Int(a), V::Int(b)) => Some(a == b),
            (V::UInt(a), V::UInt(b)) => Some(a == b),
            (V::Double(a), V::Double(b)) => Some(a == b),
            _ => {
                if let (Some(a), Some(b)) = (self.as_str(), other.as_str()) {
                    return Some(a == b);
                }
                let (Some(a), Some(b)) = (self.items(), other.items()) else {
                    return None;
                };
                if self.list_len() != other.list_len() {
                    return Some(false);
                }
                let mut same = true;
                for (a, b) in a.zip(b) {
                    same &= a.equals(&b)?;
                }
                Some(same)
            }
        }
    }

    /// CEL `<`, `<=`, `>`, `>=`: numbers of one type and strings.
    pub(crate) fn compare(&self, other: &V<'_>) -> Option<Ordering> {
        match (self, other) {
            (V::Int(a), V::Int(b)) => Some(a.cmp(b)),
            (V::UInt(a), V::UInt(b)) => Some(a.cmp(b)),
            (V::Double(a), V::Double(b)) => a.partial_cmp(b),
            _ => Some(self.as_str()?.cmp(other.as_str()?)),
        }
    }
}

/// The items of a JSON array or of a built list.
pub(crate) enum Items<'s, 'a> {
    Json(std::slice::Iter<'a, Value>),
    Built(std::slice::Iter<'s, V<'a>>),
    Tree(&'a Tree<'a>, TreeIter<'a, 'a>),
    Constants(std::slice::Iter<'a, Literal>),
}

impl<'a> Iterator for Items<'_, 'a> {
    type Item = V<'a>;

    fn next(&mut self) -> Option<V<'a>> {
        match self {
            Items::Json(items) => items.next().map(V::json),
            Items::Built(items) => items.next().cloned(),
            Items::Tree(tree, ids) => ids.next().map(|(_, id)| V::tree(Handle { tree, id })),
            Items::Constants(items) => items.next().map(literal),
        }
    }
}

/// A value in a message, exactly as `values::display_val` shows the same
/// value held by cel: strings bare, lists comma-separated, maps sorted.
pub(crate) fn display(value: &V<'_>) -> String {
    match value {
        V::Null => "null".to_owned(),
        V::Bool(b) => b.to_string(),
        V::Int(i) => i.to_string(),
        V::UInt(u) => u.to_string(),
        V::Double(f) => super::super::values::display_double(*f),
        V::Str(s) => (*s).to_owned(),
        V::String(s) => s.to_string(),
        V::Array(_) | V::List(_) | V::TreeArray(_) | V::Constants(_) => value
            .items()
            .into_iter()
            .flatten()
            .map(|item| display(&item))
            .collect::<Vec<_>>()
            .join(", "),
        V::Object(map) => {
            let entries = map
                .iter()
                .map(|(key, item)| (key.clone(), display(&V::json(item))))
                .collect();
            display_entries(entries)
        }
        V::TreeObject(map) => {
            let entries = map
                .children()
                .map(|(key, item)| (key.to_owned(), display(&V::tree(item))))
                .collect();
            display_entries(entries)
        }
        V::ConstantMap(map) => {
            let entries = map
                .entries
                .iter()
                .map(|(key, item)| (key.to_string(), display(&literal(item))))
                .collect();
            display_entries(entries)
        }
        V::Map(map) => {
            let entries = map
                .iter()
                .map(|(key, item)| (key.to_string(), display(item)))
                .collect();
            display_entries(entries)
        }
    }
}

/// `{key: value, ...}`, sorted as cel shows a map.
fn display_entries(mut entries: Vec<(String, String)>) -> String {
    entries.sort();
    let entries: Vec<String> = entries
        .into_iter()
        .map(|(key, shown)| format!("{key}: {shown}"))
        .collect();
    format!("{{{}}}", entries.join(", "))
}
