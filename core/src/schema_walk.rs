//! Walking a generated JSON Schema by field names, as pack checks need it:
//! which fields an object has (for did-you-mean), and what a `doc.a.b`
//! selection in a rule's CEL leads to (for the load-time check).
//!
//! Only the shapes schemars generates are read: `$ref` into `$defs`, `anyOf`
//! / `oneOf` / `allOf` branches, `properties`, `additionalProperties` and
//! `items`. Anything else counts as "cannot decide", never as an error.

use serde_json::Value;

/// A schema and the `$defs` its `$ref`s point into.
#[derive(Clone, Copy)]
pub(crate) struct Schema<'s> {
    root: &'s Value,
}

/// What a field name leads to inside an object schema.
pub(crate) enum Field<'s> {
    /// The field's schemas (one per branch that defines it).
    Known(Vec<&'s Value>),
    /// No branch defines it and none allows other fields: these are the names.
    Unknown(Vec<&'s str>),
    /// The schema cannot say (`additionalProperties`, no `properties`...).
    Open,
}

impl<'s> Schema<'s> {
    pub(crate) fn new(root: &'s Value) -> Self {
        Schema { root }
    }

    /// `node` with its `$ref`s followed and its `anyOf`/`oneOf`/`allOf`
    /// spread into branches; `null` branches are dropped (an optional field
    /// is selected as its value). Depth-bounded against cyclic `$ref`s.
    pub(crate) fn branches(&self, node: &'s Value) -> Vec<&'s Value> {
        let mut out = Vec::new();
        self.spread(node, 0, &mut out);
        out
    }

    fn spread(&self, node: &'s Value, depth: usize, out: &mut Vec<&'s Value>) {
        if depth > 16 {
            out.push(&Value::Bool(true));
            return;
        }
        if let Some(target) = node.get("$ref").and_then(Value::as_str) {
            match self.lookup(target) {
                Some(found) => self.spread(found, depth + 1, out),
                None => out.push(&Value::Bool(true)),
            }
            return;
        }
        let mut spread = false;
        for key in ["anyOf", "oneOf", "allOf"] {
            if let Some(list) = node.get(key).and_then(Value::as_array) {
                spread = true;
                for branch in list {
                    if branch.get("type").and_then(Value::as_str) == Some("null") {
                        continue;
                    }
                    self.spread(branch, depth + 1, out);
                }
            }
        }
        if !spread || node.get("properties").is_some() {
            out.push(node);
        }
    }

    fn lookup(&self, target: &str) -> Option<&'s Value> {
        let pointer = target.strip_prefix('#')?;
        self.root.pointer(pointer)
    }

    /// What `name` selects in an object described by `nodes`.
    pub(crate) fn field(&self, nodes: &[&'s Value], name: &str) -> Field<'s> {
        let mut known = Vec::new();
        let mut names = Vec::new();
        for node in nodes.iter().flat_map(|node| self.branches(node)) {
            let properties = node.get("properties").and_then(Value::as_object);
            if let Some(found) = properties.and_then(|map| map.get(name)) {
                known.push(found);
                continue;
            }
            let closed = node.get("additionalProperties") == Some(&Value::Bool(false));
            match properties {
                Some(map) if closed => names.extend(map.keys().map(String::as_str)),
                _ if is_object_like(node) => return Field::Open,
                _ => {}
            }
        }
        if !known.is_empty() {
            Field::Known(known)
        } else if names.is_empty() {
            Field::Open
        } else {
            Field::Unknown(names)
        }
    }

    /// The item schemas of arrays described by `nodes`, or `None` when no
    /// branch says (the caller then stops deciding).
    pub(crate) fn items(&self, nodes: &[&'s Value]) -> Option<Vec<&'s Value>> {
        let items: Vec<&'s Value> = nodes
            .iter()
            .flat_map(|node| self.branches(node))
            .filter_map(|node| node.get("items"))
            .collect();
        (!items.is_empty()).then_some(items)
    }

    /// The schemas at a JSON pointer of an instance (`/rules/3/citation`):
    /// numeric segments step into arrays, others into properties.
    pub(crate) fn at_pointer(&self, pointer: &str) -> Option<Vec<&'s Value>> {
        let mut nodes = vec![self.root];
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            nodes = if token.parse::<usize>().is_ok() || token == "*" {
                self.items(&nodes)?
            } else {
                match self.field(&nodes, &token) {
                    Field::Known(found) => found,
                    Field::Unknown(_) | Field::Open => return None,
                }
            };
        }
        Some(nodes)
    }

    /// The JSON types the schemas allow (`string`, `number`...), or `None`
    /// when some branch does not say.
    pub(crate) fn types(&self, nodes: &[&'s Value]) -> Option<Vec<&'s str>> {
        let mut out = Vec::new();
        for node in nodes.iter().flat_map(|node| self.branches(node)) {
            match node.get("type") {
                Some(Value::String(name)) => out.push(name.as_str()),
                Some(Value::Array(names)) => out.extend(names.iter().filter_map(Value::as_str)),
                _ => {
                    if let Some(constant) = node.get("const") {
                        out.push(json_type(constant));
                    } else {
                        return None;
                    }
                }
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

fn is_object_like(node: &Value) -> bool {
    node.as_bool() == Some(true)
        || node.get("type").is_none()
        || node.get("type").and_then(Value::as_str) == Some("object")
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::{Field, Schema};

    #[test]
    fn fields_are_found_through_refs_arrays_and_optional_branches() {
        let root = crate::pack::rule_pack_schema();
        let schema = Schema::new(&root);
        let rule = schema.at_pointer("/rules/0").unwrap();
        assert!(matches!(schema.field(&rule, "check"), Field::Known(_)));
        match schema.field(&rule, "chek") {
            Field::Unknown(names) => assert!(names.contains(&"check")),
            _ => panic!("`chek` should be unknown"),
        }
        let citation = schema.at_pointer("/rules/0/citation").unwrap();
        assert!(matches!(schema.field(&citation, "item"), Field::Known(_)));
        assert_eq!(
            schema.types(&schema.at_pointer("/rules/0/check").unwrap()),
            Some(vec!["string"])
        );
    }
}
