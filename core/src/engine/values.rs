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
                entries.push(format!("{}: {shown}", display_val(key)));
            }
            entries.sort();
            return format!("{{{}}}", entries.join(", "));
        }
    }
    match CelValue::try_from(value) {
        Ok(value) => display(&value),
        Err(_) => format!("{value:?}"),
    }
}

/// Renders an owned CEL value, as [`display_val`].
pub(crate) fn display(value: &CelValue) -> String {
    match value {
        CelValue::String(s) => s.to_string(),
        CelValue::Int(i) => i.to_string(),
        CelValue::UInt(u) => u.to_string(),
        CelValue::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{f:.0}")
            } else {
                f.to_string()
            }
        }
        CelValue::Bool(b) => b.to_string(),
        CelValue::Null => "null".to_owned(),
        CelValue::List(items) => items.iter().map(display).collect::<Vec<_>>().join(", "),
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
