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

/// cel's message for `error`, with the values it quotes written in a fixed
/// order: cel prints a map in its hash order, so the same document gave
/// different reports from run to run.
pub(crate) fn describe_error(error: &cel::ExecutionError) -> String {
    use cel::ExecutionError as E;
    let v = stable_debug;
    match error {
        E::UnsupportedTargetType { target } => format!("Invalid argument type: {}", v(target)),
        E::NotSupportedAsMethod { method, target } => {
            format!("Method '{method}' not supported on type '{}'", v(target))
        }
        E::UnsupportedKeyType(value) => format!("Unable to use value '{}' as a key", v(value)),
        E::ValuesNotComparable(a, b) => format!("{} can not be compared to {}", v(a), v(b)),
        E::UnsupportedBinaryOperator(operator, a, b) => {
            format!(
                "Unsupported binary operator '{operator}': {}, {}",
                v(a),
                v(b)
            )
        }
        E::UnsupportedIndex(a, b) => format!("Cannot use value {} to index {}", v(a), v(b)),
        E::DivisionByZero(value) => format!("Division by zero of {}", v(value)),
        E::RemainderByZero(value) => format!("Remainder by zero of {}", v(value)),
        other => other.to_string(),
    }
}

/// `value`'s `Debug` form with map entries sorted.
fn stable_debug(value: &CelValue) -> String {
    match value {
        CelValue::Map(map) => {
            let mut entries: Vec<(String, String)> = map
                .map
                .iter()
                .map(|(key, item)| (format!("{key:?}"), stable_debug(item)))
                .collect();
            entries.sort();
            let entries: Vec<String> = entries
                .into_iter()
                .map(|(key, item)| format!("{key}: {item}"))
                .collect();
            format!("Map({{{}}})", entries.join(", "))
        }
        CelValue::List(items) => {
            let items: Vec<String> = items.iter().map(stable_debug).collect();
            format!("List([{}])", items.join(", "))
        }
        other => format!("{other:?}"),
    }
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

    /// An error quoting a map quotes it the same way every time.
    #[test]
    fn errors_quote_maps_in_key_order() {
        let env = std::sync::Arc::new(cel::Env::stdlib());
        let document = json!({"z": 1, "a": {"y": [1, {"q": 2, "b": 3}], "c": true}, "m": "x"});
        let mut context = cel::Context::with_env(env.clone());
        context.add_variable_as_val("doc", to_cel(&document));
        // The first of these whose error quotes the map.
        let (program, described) = [
            "max(doc, 1)",
            "max([1, doc])",
            "max([doc, doc.a])",
            "doc + 1",
        ]
        .iter()
        .find_map(|source| {
            let program = env.compile(source).unwrap();
            let error = cel::Value::resolve_val(program.expression(), &context).err()?;
            let described = super::describe_error(&error);
            described.contains("Map({").then_some((program, described))
        })
        .expect("an error that quotes a map");
        let a = described.find("String(\"a\")").unwrap();
        let m = described.find("String(\"m\")").unwrap();
        let z = described.find("String(\"z\")").unwrap();
        assert!(a < m && m < z, "{described}");
        for _ in 0..20 {
            let again = cel::Value::resolve_val(program.expression(), &context).unwrap_err();
            assert_eq!(super::describe_error(&again), described);
        }
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
