//! Normalisation: what a schema-valid document looks like once it has been read
//! into its Rust type and written back, so that rules see every defaulted field
//! (`framework: "2008"`, empty lists) and no explicit `null`s.
//!
//! The typed round trip ([`normalize`]) is the definition. [`normalize_owned`]
//! gets the same result in place, from a plan compiled once per kind out of the
//! generated schema: insert the `default` of each missing property, drop `null`
//! optional properties, and write integers as floats where the type is a float.
//! A kind whose schema has a shape the plan does not model (an untagged enum)
//! takes the round trip. Tests hold the two equal on every bundled document.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::types;
use crate::kind::Kind;

/// Runs a schema-valid document through its Rust type and back.
pub fn normalize(kind: Kind, value: &Value) -> Result<Value, String> {
    fn round_trip<T>(value: &Value) -> Result<Value, String>
    where
        T: for<'de> Deserialize<'de> + Serialize,
    {
        let typed = T::deserialize(value).map_err(|e| e.to_string())?;
        serde_json::to_value(typed).map_err(|e| e.to_string())
    }
    match kind {
        Kind::PlanOfStudy => round_trip::<types::PlanOfStudy>(value),
        Kind::LocalProgram => round_trip::<types::LocalProgram>(value),
        Kind::StateSystem => round_trip::<types::StateSystem>(value),
        Kind::Curriculum => round_trip::<types::Curriculum>(value),
        Kind::InterestSurvey => round_trip::<types::InterestSurvey>(value),
        Kind::SelfAssessment => round_trip::<types::SelfAssessment>(value),
    }
}

/// [`normalize`] without the round trip: the document is changed in place.
pub fn normalize_owned(kind: Kind, mut value: Value) -> Result<Value, String> {
    match &PLANS[kind.index()] {
        Some(plan) => {
            plan.apply(plan.root, &mut value);
            Ok(value)
        }
        None => normalize(kind, &value),
    }
}

static PLANS: LazyLock<Vec<Option<Plan>>> = LazyLock::new(|| {
    Kind::ALL
        .iter()
        .map(|kind| Plan::compile(&crate::schemas::document_schema(*kind)))
        .collect()
});

/// Index of a [`Shape`] in its plan.
type ShapeId = usize;

/// What normalisation does to a value of one schema.
#[derive(Debug)]
enum Shape {
    /// Nothing: strings, integers, booleans, enums, free-form values.
    Leaf,
    /// Integers become floats, as a Rust `f64` writes them.
    Float,
    Array(ShapeId),
    Object {
        fields: Vec<Field>,
        /// The shape of the values of a map (`additionalProperties: {...}`).
        values: Option<ShapeId>,
    },
    /// A `$ref`: the shape of its definition.
    Ref(ShapeId),
    /// A `$ref` not compiled yet (only while compiling).
    Pending,
}

#[derive(Debug)]
struct Field {
    name: String,
    shape: ShapeId,
    default: Option<Value>,
    /// An `Option` field: a `null` is dropped, as `skip_serializing_if` does.
    optional: bool,
}

#[derive(Debug)]
struct Plan {
    shapes: Vec<Shape>,
    root: ShapeId,
}

impl Plan {
    /// `None` when the schema has a shape this plan does not model.
    fn compile(schema: &Value) -> Option<Plan> {
        let mut compiler = Compiler {
            defs: schema.get("$defs").and_then(Value::as_object),
            shapes: Vec::new(),
            by_ref: HashMap::new(),
        };
        let root = compiler.shape(schema)?;
        Some(Plan {
            shapes: compiler.shapes,
            root,
        })
    }

    fn apply(&self, shape: ShapeId, value: &mut Value) {
        match (&self.shapes[shape], value) {
            (Shape::Ref(target), value) => self.apply(*target, value),
            (Shape::Float, Value::Number(number)) if !number.is_f64() => {
                if let Some(float) = number.as_f64().and_then(serde_json::Number::from_f64) {
                    *number = float;
                }
            }
            (Shape::Array(items), Value::Array(values)) => {
                for value in values {
                    self.apply(*items, value);
                }
            }
            (Shape::Object { fields, values }, Value::Object(map)) => {
                for field in fields {
                    self.apply_field(field, map);
                }
                if let Some(values) = values {
                    for value in map.values_mut() {
                        self.apply(*values, value);
                    }
                }
            }
            _ => {}
        }
    }

    fn apply_field(&self, field: &Field, map: &mut Map<String, Value>) {
        match map.get_mut(&field.name) {
            None => {
                if let Some(default) = &field.default {
                    map.insert(field.name.clone(), default.clone());
                }
            }
            Some(Value::Null) if field.optional => {
                map.remove(&field.name);
            }
            Some(value) => self.apply(field.shape, value),
        }
    }
}

struct Compiler<'s> {
    defs: Option<&'s Map<String, Value>>,
    shapes: Vec<Shape>,
    by_ref: HashMap<&'s str, ShapeId>,
}

impl<'s> Compiler<'s> {
    fn push(&mut self, shape: Shape) -> ShapeId {
        self.shapes.push(shape);
        self.shapes.len() - 1
    }

    /// The shape of `schema`, with `null` branches set aside.
    fn shape(&mut self, schema: &'s Value) -> Option<ShapeId> {
        let Value::Object(node) = schema else {
            return Some(self.push(Shape::Leaf));
        };
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            return self.reference(reference);
        }
        if let Some(Value::Array(choices)) = node.get("oneOf") {
            // A Rust enum of unit variants with doc comments: constants only.
            let constants = choices
                .iter()
                .all(|choice| choice.get("const").is_some() || choice.get("enum").is_some());
            return constants.then(|| self.push(Shape::Leaf));
        }
        if node.contains_key("allOf") {
            return None;
        }
        if let Some(Value::Array(branches)) = node.get("anyOf") {
            let mut branches = branches.iter().filter(|branch| !is_null_schema(branch));
            let (Some(only), None) = (branches.next(), branches.next()) else {
                return None;
            };
            return self.shape(only);
        }
        let types = type_names(node.get("type"));
        let shape = if types.contains(&"number") {
            Shape::Float
        } else if types.contains(&"array") {
            let items = match node.get("items") {
                Some(items) => self.shape(items)?,
                None => self.push(Shape::Leaf),
            };
            Shape::Array(items)
        } else if types.contains(&"object") {
            self.object(node)?
        } else {
            Shape::Leaf
        };
        Some(self.push(shape))
    }

    fn object(&mut self, node: &'s Map<String, Value>) -> Option<Shape> {
        let required: Vec<&str> = node
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        if let Some(Value::Object(properties)) = node.get("properties") {
            for (name, property) in properties {
                fields.push(Field {
                    name: name.clone(),
                    shape: self.shape(property)?,
                    default: property.get("default").cloned(),
                    optional: !required.contains(&name.as_str()) && allows_null(property),
                });
            }
        }
        let values = match node.get("additionalProperties") {
            Some(schema @ Value::Object(_)) => Some(self.shape(schema)?),
            _ => None,
        };
        Some(Shape::Object { fields, values })
    }

    /// `#/$defs/Name`, compiled once (and recursive types only once).
    fn reference(&mut self, reference: &'s str) -> Option<ShapeId> {
        if let Some(&id) = self.by_ref.get(reference) {
            return Some(id);
        }
        let name = reference.strip_prefix("#/$defs/")?;
        let definition = self.defs?.get(name)?;
        let id = self.push(Shape::Pending);
        self.by_ref.insert(reference, id);
        let compiled = self.shape(definition)?;
        self.shapes[id] = Shape::Ref(compiled);
        Some(id)
    }
}

fn type_names(types: Option<&Value>) -> Vec<&str> {
    match types {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_null_schema(schema: &Value) -> bool {
    type_names(schema.get("type")) == ["null"]
}

/// Whether a property's schema admits `null`: an `Option` field.
fn allows_null(schema: &Value) -> bool {
    type_names(schema.get("type")).contains(&"null")
        || schema
            .get("anyOf")
            .and_then(Value::as_array)
            .is_some_and(|branches| branches.iter().any(is_null_schema))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_compile_for_every_kind_but_the_untagged_survey() {
        for kind in Kind::ALL {
            let planned = PLANS[kind.index()].is_some();
            assert_eq!(planned, kind != Kind::InterestSurvey, "{kind}");
        }
    }

    #[test]
    fn defaults_nulls_and_floats() {
        let document = serde_json::json!({
            "kind": "plan-of-study",
            "learner": {"id": "L1", "grade": 11},
            "cluster": "HL",
            "pathway": "HL-TS",
            "postsecondary": null,
            "school_years": [{"year": "2025-2026", "level": "secondary", "status": "current", "grade": 11,
                "courses": [{"title": "Anatomy", "category": "technical", "credits": 1, "pathway": null}]}]
        });
        let fast = normalize_owned(Kind::PlanOfStudy, document.clone()).unwrap();
        assert_eq!(fast, normalize(Kind::PlanOfStudy, &document).unwrap());
        assert_eq!(fast["framework"], "2008");
        assert!(fast.get("postsecondary").is_none());
        assert!(fast["school_years"][0]["courses"][0]["credits"].is_f64());
        assert!(fast["school_years"][0]["courses"][0]
            .get("pathway")
            .is_none());
    }
}
