//! Conversions between JSON values and CEL values.

use std::collections::HashMap;

use cel::common::types::{
    self, CelBool, CelDouble, CelInt, CelList, CelMap, CelMapKey, CelNull, CelString, CelUInt,
};
use cel::common::value::Val;
use cel::Value as CelValue;
use serde_json::Value;

use super::shared_map::SharedMap;

/// Converts a JSON value to a CEL value that borrows its strings from `value`.
/// Objects become [`SharedMap`]s, so comprehensions copy them for free.
///
/// Integers become CEL `int` (not `uint`) so that rules can compare them with
/// literals such as `2` without a type mismatch.
pub(crate) fn to_cel(value: &Value) -> Box<dyn Val + '_> {
    match value {
        Value::Null => Box::new(CelNull),
        Value::Bool(b) => Box::new(CelBool::from(*b)),
        Value::Number(number) => {
            if let Some(int) = number.as_i64() {
                Box::new(CelInt::from(int))
            } else if let Some(uint) = number.as_u64() {
                Box::new(CelUInt::from(uint))
            } else {
                Box::new(CelDouble::from(number.as_f64().unwrap_or(f64::NAN)))
            }
        }
        Value::String(s) => Box::new(CelString::from(s.as_str())),
        Value::Array(items) => {
            let items: Vec<Box<dyn Val + '_>> = items.iter().map(to_cel).collect();
            Box::new(CelList::from(items))
        }
        Value::Object(map) => {
            let entries: HashMap<CelMapKey<'_>, Box<dyn Val + '_>> = map
                .iter()
                .map(|(key, item)| (CelMapKey::from(key.as_str()), to_cel(item)))
                .collect();
            Box::new(SharedMap::from(CelMap::from(entries)))
        }
    }
}

/// The value `steps` below `root`, borrowed from it: how the engine binds an
/// `each` item without converting its JSON again. `None` if a step is missing.
pub(crate) fn descend<'a, 'v>(
    root: &'a (dyn Val + 'v),
    steps: &[super::pointer::Key<'_>],
) -> Option<&'a (dyn Val + 'v)> {
    let mut current = root;
    for step in steps {
        current = match *step {
            super::pointer::Key::Index(i) => {
                current.downcast_ref::<CelList>()?.inner().get(i)?.as_ref()
            }
            super::pointer::Key::Name(name) => {
                match current.as_indexer()?.get(&CelString::from(name)) {
                    Ok(cel::common::value::CowVal::Borrowed(value)) => value,
                    _ => return None,
                }
            }
        };
    }
    Some(current)
}

/// Renders a CEL result for a message: strings bare, lists comma-separated,
/// maps as `{key: value, ...}` in key order.
pub(crate) fn display_val(value: &dyn Val) -> String {
    if let Some(text) = value.downcast_ref::<CelString>() {
        return text.inner().to_string();
    }
    if let Some(list) = value.downcast_ref::<CelList>() {
        return list
            .inner()
            .iter()
            .map(|item| display_val(item.as_ref()))
            .collect::<Vec<_>>()
            .join(", ");
    }
    if value.get_type().name() == types::MAP_TYPE.name() {
        if let (Some(keys), Some(indexer)) = (value.as_iterable(), value.as_indexer()) {
            let mut keys = keys.iter();
            let mut entries = Vec::new();
            while let Some(key) = keys.next() {
                let shown = indexer
                    .get(key)
                    .map_or_else(|e| format!("<error: {e}>"), |v| display_val(v.as_ref()));
                entries.push((display_val(key), shown));
            }
            entries.sort();
            let entries: Vec<String> = entries
                .into_iter()
                .map(|(key, shown)| format!("{key}: {shown}"))
                .collect();
            return format!("{{{}}}", entries.join(", "));
        }
    }
    match CelValue::try_from(value) {
        Ok(value) => display_scalar(&value),
        Err(_) => format!("{value:?}"),
    }
}

/// cel's message for `error`, naming the types of the values it involves and
/// never the values: a report must not dump the document (cel prints a map
/// whole, in its hash order, so the same document read differently run to
/// run).
pub(crate) fn describe_error(error: &cel::ExecutionError) -> String {
    use cel::ExecutionError as E;
    let t = value_type_name;
    match error {
        E::UnsupportedTargetType { target } => format!("invalid argument type: {}", t(target)),
        E::NotSupportedAsMethod { method, target } => {
            format!("method '{method}' not supported on type {}", t(target))
        }
        E::UnsupportedKeyType(value) => format!("a {} cannot be used as a key", t(value)),
        E::ValuesNotComparable(a, b) => format!("a {} cannot be compared to a {}", t(a), t(b)),
        E::UnsupportedBinaryOperator(operator, a, b) => {
            format!(
                "unsupported binary operator '{operator}' on {} and {}",
                t(a),
                t(b)
            )
        }
        E::UnsupportedIndex(a, b) => format!("a {} cannot index a {}", t(a), t(b)),
        E::DivisionByZero(value) => format!("division by zero of a {}", t(value)),
        E::RemainderByZero(value) => format!("remainder by zero of a {}", t(value)),
        other => other.to_string(),
    }
}

/// The CEL type name of a value in an error: `map`, `list`, `string`, ...
fn value_type_name(value: &CelValue) -> &'static str {
    match value {
        CelValue::List(_) => "list",
        CelValue::Map(_) => "map",
        CelValue::Function(..) => "function",
        CelValue::Int(_) => "int",
        CelValue::UInt(_) => "uint",
        CelValue::Float(_) => "double",
        CelValue::String(_) => "string",
        CelValue::Bytes(_) => "bytes",
        CelValue::Bool(_) => "bool",
        CelValue::Null => "null",
        _ => "value",
    }
}

/// The CEL type name of a result, for "expected a bool, got a map".
pub(crate) fn type_name_of(value: &dyn Val) -> String {
    format!("a {}", value.get_type().name())
}

/// A double in a message: whole numbers without a fraction (`3`, not `3.0`).
pub(crate) fn display_double(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

/// The values [`display_val`] leaves to `cel::Value`: numbers, booleans, null
/// and durations.
fn display_scalar(value: &CelValue) -> String {
    match value {
        CelValue::Int(i) => i.to_string(),
        CelValue::UInt(u) => u.to_string(),
        CelValue::Float(f) => display_double(*f),
        CelValue::Bool(b) => b.to_string(),
        CelValue::Null => "null".to_owned(),
        // Rules subtract dates (`timestamp(today) - timestamp(d)`); say it in days.
        CelValue::Duration(duration) => {
            let days = duration.num_days();
            if days == 1 {
                "1 day".to_owned()
            } else {
                format!("{days} days")
            }
        }
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// An error about a map names its type, never its content: the same
    /// message every time, and no document dumped into a report.
    #[test]
    fn errors_name_the_types_of_the_values_not_the_values() {
        let env = std::sync::Arc::new(cel::Env::stdlib());
        let document = json!({"z": 1, "a": {"y": [1, {"q": 2, "b": 3}], "c": true}, "m": "secret"});
        let mut context = cel::Context::with_env(env.clone());
        context.add_variable_as_val("doc", to_cel(&document));
        for source in ["doc + 1", "doc.a + 'x'", "doc.m - 1"] {
            let program = env.compile(source).unwrap();
            let error = cel::Value::resolve_val(program.expression(), &context).unwrap_err();
            let described = super::describe_error(&error);
            assert!(
                !described.contains("secret") && !described.contains('q'),
                "{described}"
            );
            for _ in 0..20 {
                let again = cel::Value::resolve_val(program.expression(), &context).unwrap_err();
                assert_eq!(super::describe_error(&again), described);
            }
        }
        let program = env.compile("doc.a + 'x'").unwrap();
        let error = cel::Value::resolve_val(program.expression(), &context).unwrap_err();
        assert_eq!(
            super::describe_error(&error),
            "unsupported binary operator 'add' on map and string"
        );
    }

    use super::super::pointer::{Key, Pattern};
    use super::{descend, to_cel};

    #[test]
    fn descend_finds_each_item_in_the_converted_document() {
        let document = json!({"years": [{"courses": [{"t": "A"}, {"t": "B"}]}], "m": {"k/x": 3}});
        let root = to_cel(&document);
        for pattern in [
            "/years/*/courses/*",
            "/years/*",
            "/m/*",
            "/years/0/courses/1",
        ] {
            for found in Pattern::new(pattern).expand(&document).matches() {
                let item = descend(root.as_ref(), &found.steps()).unwrap();
                assert!(
                    item.equals(to_cel(found.value()).as_ref()),
                    "{}",
                    found.pointer()
                );
            }
        }
        assert!(descend(root.as_ref(), &[Key::Name("nope")]).is_none());
        assert!(descend(root.as_ref(), &[Key::Name("years"), Key::Index(5)]).is_none());
    }
}
