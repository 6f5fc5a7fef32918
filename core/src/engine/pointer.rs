//! The `*` patterns of a rule's `each`, over JSON pointers (RFC 6901).

use serde_json::Value;

use crate::document::pointer::{escape, unescape};
use crate::document::{Handle, Name, Shape};

/// Every value an `each` pattern reached, level by level, each with the step
/// to it and its parent's place: one vector per expansion, not one per match.
pub(crate) struct Expansion<'v, T> {
    reached: Vec<Reached<'v, T>>,
    /// Where the last level, the matches, starts in `reached`.
    matches: usize,
}

struct Reached<'v, T> {
    value: T,
    step: Key<'v>,
    /// The parent's place in `reached`; `NO_PARENT` for the root.
    parent: usize,
}

const NO_PARENT: usize = usize::MAX;

impl<'v, T: Copy> Expansion<'v, T> {
    /// The matches, in document order.
    pub(crate) fn matches(&self) -> impl Iterator<Item = Match<'_, 'v, T>> {
        (self.matches..self.reached.len()).map(move |at| Match {
            expansion: self,
            at,
        })
    }
}

/// One match of an `each` pattern: the value, its last key or index, and the
/// steps from the root to it, spelled only when asked (most items pass).
pub(crate) struct Match<'e, 'v, T> {
    expansion: &'e Expansion<'v, T>,
    at: usize,
}

impl<'v, T: Copy> Match<'_, 'v, T> {
    pub(crate) fn value(&self) -> T {
        self.expansion.reached[self.at].value
    }

    /// The last step: the item's index or the member's name.
    pub(crate) fn index(&self) -> Key<'v> {
        self.expansion.reached[self.at].step
    }

    /// Every step from the root to the value.
    pub(crate) fn steps(&self) -> Vec<Key<'v>> {
        let mut steps = Vec::new();
        let mut at = self.at;
        while let Some(reached) = self.expansion.reached.get(at) {
            if reached.parent == NO_PARENT {
                break;
            }
            steps.push(reached.step);
            at = reached.parent;
        }
        steps.reverse();
        steps
    }

    /// The JSON pointer to the value.
    pub(crate) fn pointer(&self) -> String {
        let mut pointer = String::new();
        for step in self.steps() {
            pointer.push('/');
            match step {
                Key::Index(i) => pointer.push_str(&i.to_string()),
                Key::Name(name) => pointer.push_str(&escape(name)),
            }
        }
        pointer
    }
}

/// The last step to a match: an array index or an object key.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Key<'v> {
    Index(usize),
    Name(&'v str),
}

/// A document an `each` pattern walks: a serde_json value, or a value of a
/// tree. Both give the same matches in the same order.
pub(crate) trait Walk<'v>: Copy {
    /// Every item or member, in the order a `*` visits them: items by
    /// position, members by name (serde_json's maps are sorted).
    fn each_child(self, visit: impl FnMut(Key<'v>, Self));
    /// The member `name`, or the item at `position` when `name` is one.
    fn child(self, name: &Name, position: Option<usize>) -> Option<(Key<'v>, Self)>;
}

impl<'v> Walk<'v> for &'v Value {
    fn each_child(self, mut visit: impl FnMut(Key<'v>, Self)) {
        match self {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    visit(Key::Index(i), item);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    visit(Key::Name(key), item);
                }
            }
            _ => {}
        }
    }

    fn child(self, name: &Name, position: Option<usize>) -> Option<(Key<'v>, Self)> {
        match self {
            Value::Object(map) => map.get_key_value(&**name).map(|(k, v)| (Key::Name(k), v)),
            Value::Array(items) => position.and_then(|i| items.get(i).map(|v| (Key::Index(i), v))),
            _ => None,
        }
    }
}

impl<'v> Walk<'v> for Handle<'v> {
    fn each_child(self, mut visit: impl FnMut(Key<'v>, Self)) {
        match self.shape() {
            Shape::Array => {
                for (i, (_, item)) in self.children().enumerate() {
                    visit(Key::Index(i), item);
                }
            }
            Shape::Object => {
                let mut members: Vec<(&'v str, Handle<'v>)> = self.children().collect();
                members.sort_unstable_by(|a, b| a.0.cmp(b.0));
                for (name, item) in members {
                    visit(Key::Name(name), item);
                }
            }
            _ => {}
        }
    }

    fn child(self, name: &Name, position: Option<usize>) -> Option<(Key<'v>, Self)> {
        match self.shape() {
            Shape::Object => self
                .member_named(name)
                .map(|item| (Key::Name(item.name()), item)),
            Shape::Array => {
                let i = position?;
                self.children()
                    .nth(i)
                    .map(|(_, item)| (Key::Index(i), item))
            }
            _ => None,
        }
    }
}

/// An `each` pattern, read once where its rule is compiled: a JSON pointer
/// whose `*` tokens match any index or key.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    tokens: Vec<Token>,
}

#[derive(Debug, Clone)]
enum Token {
    /// `*`: every item or member.
    Any,
    /// The member `name`, or the item at `position` when `name` is one.
    Step { name: Name, position: Option<usize> },
}

impl Pattern {
    pub(crate) fn new(pattern: &str) -> Pattern {
        let tokens = pattern
            .split('/')
            .skip(1)
            .map(|token| match token {
                "*" => Token::Any,
                _ => {
                    let name = unescape(token);
                    Token::Step {
                        position: name.parse::<usize>().ok(),
                        name: Name::new(&name),
                    }
                }
            })
            .collect();
        Pattern { tokens }
    }

    /// Every value this pattern matches under `root`, in document order.
    pub(crate) fn expand<'v, T: Walk<'v>>(&self, root: T) -> Expansion<'v, T> {
        let mut reached = Vec::with_capacity(REACHED_RESERVED);
        reached.push(Reached {
            value: root,
            step: Key::Index(0),
            parent: NO_PARENT,
        });
        let mut level = 0..1;
        for token in &self.tokens {
            let next = reached.len();
            for parent in level {
                let value = reached[parent].value;
                let mut add = |step, value| {
                    reached.push(Reached {
                        value,
                        step,
                        parent,
                    });
                };
                match token {
                    Token::Any => value.each_child(&mut add),
                    Token::Step { name, position } => {
                        if let Some((step, value)) = value.child(name, *position) {
                            add(step, value);
                        }
                    }
                }
            }
            level = next..reached.len();
        }
        Expansion {
            matches: level.start,
            reached,
        }
    }
}

/// Values reached before the first reallocation: a document's usual `each`.
const REACHED_RESERVED: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wildcards_expand_in_document_order() {
        let doc = json!({"years": [{"courses": [1, 2]}, {"courses": [3]}], "a/b": {"x": 1}});
        let pointers: Vec<String> = Pattern::new("/years/*/courses/*")
            .expand(&doc)
            .matches()
            .map(|m| m.pointer())
            .collect();
        assert_eq!(
            pointers,
            [
                "/years/0/courses/0",
                "/years/0/courses/1",
                "/years/1/courses/0"
            ]
        );
        let escaped = Pattern::new("/a~1b/*").expand(&doc);
        assert_eq!(escaped.matches().next().unwrap().pointer(), "/a~1b/x");
        assert_eq!(Pattern::new("/missing/*").expand(&doc).matches().count(), 0);
        assert_eq!(Pattern::new("/years/7").expand(&doc).matches().count(), 0);
        let all = Pattern::new("/years/*/courses/*").expand(&doc);
        let deep = all.matches().nth(2).unwrap();
        assert_eq!(deep.value(), &json!(3));
        assert!(matches!(deep.index(), Key::Index(0)));
        assert!(matches!(
            deep.steps()[..],
            [
                Key::Name("years"),
                Key::Index(1),
                Key::Name("courses"),
                Key::Index(0)
            ]
        ));
    }
}
