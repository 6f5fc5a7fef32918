//! Looking up an object's member by name.
//!
//! A document's objects hold a dozen members or fewer; there comparing each
//! name's length first finds a member in fewer instructions than the B-tree's
//! ordered byte comparisons. Larger objects (the framework's pathway tables)
//! keep the B-tree.

use serde_json::{Map, Value};

/// Objects up to this size are searched member by member.
const SMALL_OBJECT: usize = 16;

/// The member `key` of `map`.
#[inline]
pub(crate) fn member<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if map.len() > SMALL_OBJECT {
        return map.get(key);
    }
    map.iter()
        .find_map(|(name, value)| (name.as_str() == key).then_some(value))
}

/// The member `key` of `map`, to change.
#[inline]
pub(crate) fn member_mut<'a>(map: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Value> {
    if map.len() > SMALL_OBJECT {
        return map.get_mut(key);
    }
    map.iter_mut()
        .find_map(|(name, value)| (name.as_str() == key).then_some(value))
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value};

    use super::{member, member_mut, SMALL_OBJECT};

    /// Member by member or through the B-tree, a lookup finds what `get` finds,
    /// in objects on both sides of the size where the search changes.
    #[test]
    fn member_finds_what_get_finds() {
        for size in [
            0,
            1,
            2,
            SMALL_OBJECT - 1,
            SMALL_OBJECT,
            SMALL_OBJECT + 1,
            40,
        ] {
            let mut map: Map<String, Value> = (0..size)
                .map(|i| {
                    (
                        format!("k{}", "x".repeat(i % 4) + &i.to_string()),
                        Value::from(i),
                    )
                })
                .collect();
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys
                .iter()
                .map(String::as_str)
                .chain(["", "k", "kx", "k999", "é"])
            {
                let expected = map.get(key).cloned();
                assert_eq!(member(&map, key).cloned(), expected, "{key:?} in {size}");
                assert_eq!(
                    member_mut(&mut map, key).cloned(),
                    expected,
                    "{key:?} in {size}"
                );
            }
        }
    }
}
