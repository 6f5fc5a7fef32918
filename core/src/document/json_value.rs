//! JSON text to `serde_json::Value`, the same value `serde_json::from_str`
//! gives, built faster: an object's members are collected first and its map
//! is built in one go, instead of one search-and-insert per member (which,
//! for the sorted keys most tools write, compares each new key with all the
//! keys before it). Syntax errors, positions and the nesting limit are
//! serde_json's own: only the visitor differs.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Parses `text` as one JSON value.
pub(super) fn from_str(text: &str) -> serde_json::Result<Value> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = ValueSeed.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut values = Vec::with_capacity(items.size_hint().unwrap_or(0));
        while let Some(value) = items.next_element_seed(ValueSeed)? {
            values.push(value);
        }
        Ok(Value::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Value)> = Vec::new();
        while let Some(key) = members.next_key::<String>()? {
            entries.push((key, members.next_value_seed(ValueSeed)?));
        }
        // Built in bulk; of repeated keys the last wins, as with inserts.
        Ok(Value::Object(
            entries.into_iter().collect::<Map<String, Value>>(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::from_str;
    use crate::document::strategies::{json_value, render};

    #[test]
    fn repeated_keys_keep_the_last_value_as_serde_json_does() {
        let text = r#"{"b": 1, "a": 2, "b": 3, "a": {"x": 1, "x": 2}}"#;
        let expected: Value = serde_json::from_str(text).unwrap();
        assert_eq!(from_str(text).unwrap(), expected);
        assert_eq!(expected["b"], 3);
    }

    #[test]
    fn errors_are_serde_json_errors() {
        for text in [
            "",
            "{",
            "{\"a\" 1}",
            "[1,]",
            "1 2",
            "\"\\x\"",
            "{\"a\":1}}",
            "nul",
        ] {
            let ours = from_str(text).unwrap_err();
            let theirs = serde_json::from_str::<Value>(text).unwrap_err();
            assert_eq!(ours.to_string(), theirs.to_string(), "{text:?}");
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert_eq!(
            from_str(&deep).unwrap_err().to_string(),
            serde_json::from_str::<Value>(&deep)
                .unwrap_err()
                .to_string()
        );
    }

    proptest! {
        #[test]
        fn parses_as_serde_json_does(value in json_value(), pretty in any::<bool>()) {
            let text = render(&value, pretty);
            let expected: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(from_str(&text).unwrap(), expected);
        }
    }
}
