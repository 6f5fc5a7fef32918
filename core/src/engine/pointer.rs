//! JSON pointers (RFC 6901) and the `*` patterns of a rule's `each`.

use serde_json::Value;

/// Escapes one reference token: `~` to `~0`, `/` to `~1`.
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// One match of an `each` pattern: where it is, the value, and its last key or index.
pub(crate) struct Match<'v> {
    pub pointer: String,
    pub value: &'v Value,
    pub index: Key<'v>,
}

/// The last step to a match: an array index or an object key.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Key<'v> {
    Index(usize),
    Name(&'v str),
}

/// Every value matched by `pattern` (`*` matches any index or key), in document order.
pub(crate) fn expand<'v>(root: &'v Value, pattern: &str) -> Vec<Match<'v>> {
    let mut current = vec![Match {
        pointer: String::new(),
        value: root,
        index: Key::Index(0),
    }];
    for token in pattern.split('/').skip(1) {
        let mut next = Vec::new();
        for found in current {
            if token == "*" {
                match found.value {
                    Value::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            next.push(Match {
                                pointer: format!("{}/{i}", found.pointer),
                                value: item,
                                index: Key::Index(i),
                            });
                        }
                    }
                    Value::Object(map) => {
                        for (key, item) in map {
                            next.push(Match {
                                pointer: format!("{}/{}", found.pointer, escape(key)),
                                value: item,
                                index: Key::Name(key),
                            });
                        }
                    }
                    _ => {}
                }
            } else {
                let key = unescape(token);
                let child = match found.value {
                    Value::Object(map) => map
                        .get_key_value(key.as_str())
                        .map(|(k, v)| (Key::Name(k), v)),
                    Value::Array(items) => key
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| items.get(i).map(|v| (Key::Index(i), v))),
                    _ => None,
                };
                if let Some((index, value)) = child {
                    next.push(Match {
                        pointer: format!("{}/{}", found.pointer, escape(&key)),
                        value,
                        index,
                    });
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
            .map(|m| m.pointer)
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
        assert_eq!(escaped[0].pointer, "/a~1b/x");
        assert!(expand(&doc, "/missing/*").is_empty());
        assert!(expand(&doc, "/years/7").is_empty());
    }
}
