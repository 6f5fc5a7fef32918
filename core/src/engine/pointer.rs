//! JSON pointers (RFC 6901) and the `*` patterns of a rule's `each`.

use serde_json::Value;

use crate::document::{Handle, Shape};

/// Escapes one reference token: `~` to `~0`, `/` to `~1`.
pub(crate) fn escape(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

/// Appends `token` to `pointer`, escaped, without an intermediate string.
pub(crate) fn push_escaped(pointer: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

pub(crate) fn unescape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// One match of an `each` pattern: the value, its last key or index, and
/// every step from the root to it. Its pointer is spelled only when a finding
/// needs it: most items pass.
pub(crate) struct Match<'v, T = &'v Value> {
    pub value: T,
    pub index: Key<'v>,
    pub steps: Vec<Key<'v>>,
}

impl<'v, T> Match<'v, T> {
    fn child(&self, step: Key<'v>, value: T) -> Match<'v, T> {
        let mut steps = Vec::with_capacity(self.steps.len() + 1);
        steps.extend_from_slice(&self.steps);
        steps.push(step);
        Match {
            value,
            index: step,
            steps,
        }
    }

    /// The JSON pointer to the value.
    pub(crate) fn pointer(&self) -> String {
        let mut pointer = String::new();
        for step in &self.steps {
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
    fn child(self, name: &str, position: Option<usize>) -> Option<(Key<'v>, Self)>;
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

    fn child(self, name: &str, position: Option<usize>) -> Option<(Key<'v>, Self)> {
        match self {
            Value::Object(map) => map.get_key_value(name).map(|(k, v)| (Key::Name(k), v)),
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

    fn child(self, name: &str, position: Option<usize>) -> Option<(Key<'v>, Self)> {
        match self.shape() {
            Shape::Object => self
                .children()
                .find(|(key, _)| *key == name)
                .map(|(key, item)| (Key::Name(key), item)),
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

/// Every value matched by `pattern` (`*` matches any index or key), in document order.
pub(crate) fn expand<'v, T: Walk<'v>>(root: T, pattern: &str) -> Vec<Match<'v, T>> {
    let mut current = vec![Match {
        value: root,
        index: Key::Index(0),
        steps: Vec::new(),
    }];
    for token in pattern.split('/').skip(1) {
        let mut next = Vec::new();
        if token == "*" {
            for found in &current {
                found
                    .value
                    .each_child(|key, item| next.push(found.child(key, item)));
            }
        } else {
            let key = unescape(token);
            let position = key.parse::<usize>().ok();
            for found in &current {
                if let Some((index, value)) = found.value.child(&key, position) {
                    next.push(found.child(index, value));
                }
            }
        }
        current = next;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wildcards_expand_in_document_order() {
        let doc = json!({"years": [{"courses": [1, 2]}, {"courses": [3]}], "a/b": {"x": 1}});
        let pointers: Vec<String> = expand(&doc, "/years/*/courses/*")
            .into_iter()
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
        let escaped = expand(&doc, "/a~1b/*");
        assert_eq!(escaped[0].pointer(), "/a~1b/x");
        assert!(expand(&doc, "/missing/*").is_empty());
        assert!(expand(&doc, "/years/7").is_empty());
        let deep = &expand(&doc, "/years/*/courses/*")[2];
        assert!(matches!(
            deep.steps[..],
            [
                Key::Name("years"),
                Key::Index(1),
                Key::Name("courses"),
                Key::Index(0)
            ]
        ));
    }
}
