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
//!
//! JSON Schema counts `11.0` (YAML `011`) as an integer, and so do the
//! generated schemas, but serde does not read it into an integer field: the
//! round trip then reads the document again with such floats written as
//! integers, and the plan writes the integer `11`, so both give the same.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::tree::{Name, NodeId, Shape as TreeShape, Tree};
use super::types;
use crate::kind::Kind;

/// Runs a schema-valid document through its Rust type and back.
pub fn normalize(kind: Kind, value: &Value) -> Result<Value, String> {
    fn round_trip<T>(value: &Value) -> Result<Value, String>
    where
        T: for<'de> Deserialize<'de> + Serialize,
    {
        let typed = match T::deserialize(value) {
            Ok(typed) => typed,
            // JSON Schema counts `5.0` (YAML `05` reads as it) as an integer,
            // serde does not: a schema-valid document must still normalise.
            Err(error) => {
                T::deserialize(&whole_numbers_as_integers(value)).map_err(|_| error.to_string())?
            }
        };
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

/// `value` with every float that is a whole number written as an integer,
/// as JSON Schema reads it (the plan's [`whole_number`]).
fn whole_numbers_as_integers(value: &Value) -> Value {
    match value {
        Value::Number(number) if number.is_f64() => number
            .as_f64()
            .and_then(whole_number)
            .map_or_else(|| value.clone(), Value::Number),
        Value::Array(items) => Value::Array(items.iter().map(whole_numbers_as_integers).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| (key.clone(), whole_numbers_as_integers(item)))
                .collect(),
        ),
        _ => value.clone(),
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

/// [`normalize_owned`] on a tree, in place: `false` for a kind that takes
/// the round trip, which a tree cannot.
pub(crate) fn normalize_tree(kind: Kind, tree: &mut Tree<'_>) -> bool {
    match &PLANS[kind.index()] {
        Some(plan) => {
            plan.apply_tree(plan.root, tree, Tree::ROOT);
            true
        }
        None => false,
    }
}

/// Whether [`normalize_tree`] can normalise documents of `kind` in place.
pub(crate) fn normalizes_trees(kind: Kind) -> bool {
    PLANS[kind.index()].is_some()
}

static PLANS: LazyLock<Vec<Option<Plan>>> = LazyLock::new(|| {
    Kind::ALL
        .iter()
        .map(|kind| Plan::compile(&super::schemas::document_schema(*kind)))
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
    /// Whole-number floats (`11.0`, which the schema accepts) become integers.
    Integer,
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
    name: Name,
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
        let mut plan = Plan {
            shapes: compiler.shapes,
            root,
        };
        plan.prune();
        Some(plan)
    }

    /// Leaves out what does nothing: a field with no default, never dropped
    /// as `null`, whose value needs no change (most fields are plain strings)
    /// is not even looked up, and a shape with nothing to do is a leaf.
    fn prune(&mut self) {
        // Optimistic, then corrected until nothing changes: a recursive shape
        // with nothing to do anywhere stays idle.
        let mut idle = vec![true; self.shapes.len()];
        let skippable = |field: &Field, idle: &[bool]| {
            field.default.is_none() && !field.optional && idle[field.shape]
        };
        loop {
            let mut changed = false;
            for (id, shape) in self.shapes.iter().enumerate() {
                let still = match shape {
                    Shape::Leaf => true,
                    Shape::Float | Shape::Integer | Shape::Pending => false,
                    Shape::Array(inner) | Shape::Ref(inner) => idle[*inner],
                    Shape::Object { fields, values } => {
                        fields.iter().all(|field| skippable(field, &idle))
                            && values.is_none_or(|values| idle[values])
                    }
                };
                if idle[id] && !still {
                    idle[id] = false;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for (shape, &is_idle) in self.shapes.iter_mut().zip(&idle) {
            if is_idle {
                *shape = Shape::Leaf;
            } else if let Shape::Object { fields, .. } = shape {
                fields.retain(|field| !skippable(field, &idle));
            }
        }
    }

    fn apply(&self, shape: ShapeId, value: &mut Value) {
        match (&self.shapes[shape], value) {
            (Shape::Ref(target), value) => self.apply(*target, value),
            (Shape::Float, Value::Number(number)) if !number.is_f64() => {
                if let Some(float) = number.as_f64().and_then(serde_json::Number::from_f64) {
                    *number = float;
                }
            }
            (Shape::Integer, Value::Number(number)) if number.is_f64() => {
                if let Some(integer) = number.as_f64().and_then(whole_number) {
                    *number = integer;
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

    /// [`Plan::apply`] on the node `id` of a tree. Defaults are borrowed
    /// from the plan, which lives as long as the process.
    fn apply_tree<'t>(&'static self, shape: ShapeId, tree: &mut Tree<'t>, id: NodeId) {
        match (&self.shapes[shape], tree.shape(id)) {
            (Shape::Ref(target), _) => self.apply_tree(*target, tree, id),
            (Shape::Float, TreeShape::Number(number)) if !number.is_f64() => {
                if let Some(float) = number.as_f64().and_then(serde_json::Number::from_f64) {
                    tree.set_number(id, float);
                }
            }
            (Shape::Integer, TreeShape::Number(number)) if number.is_f64() => {
                if let Some(integer) = number.as_f64().and_then(whole_number) {
                    tree.set_number(id, integer);
                }
            }
            (Shape::Array(items), TreeShape::Array) => {
                let mut child = tree.first_child(id);
                while let Some(item) = child {
                    self.apply_tree(*items, tree, item);
                    child = tree.next_sibling(item);
                }
            }
            (Shape::Object { fields, values }, TreeShape::Object) => {
                for field in fields {
                    match tree.member_named(id, &field.name) {
                        None => {
                            if let Some(default) = &field.default {
                                tree.add_member(id, &field.name, default);
                            }
                        }
                        Some(member) => match tree.shape(member) {
                            TreeShape::Null if field.optional => tree.drop_member(id, member),
                            _ => self.apply_tree(field.shape, tree, member),
                        },
                    }
                }
                if let Some(values) = values {
                    let mut child = tree.first_child(id);
                    while let Some(member) = child {
                        self.apply_tree(*values, tree, member);
                        child = tree.next_sibling(member);
                    }
                }
            }
            _ => {}
        }
    }

    fn apply_field(&self, field: &Field, map: &mut Map<String, Value>) {
        match super::member_mut(map, &field.name) {
            None => {
                if let Some(default) = &field.default {
                    map.insert(field.name.to_string(), default.clone());
                }
            }
            Some(Value::Null) if field.optional => {
                map.remove(&*field.name);
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
        } else if types.contains(&"integer") {
            Shape::Integer
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
                    name: Name::new(name),
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

/// `11.0` as the integer `11`; `None` for a fraction or out of range.
#[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
fn whole_number(float: f64) -> Option<serde_json::Number> {
    if float.fract() != 0.0 {
        return None;
    }
    if float >= 0.0 && float < u64::MAX as f64 {
        Some((float as u64).into())
    } else if float < 0.0 && float >= i64::MIN as f64 {
        Some((float as i64).into())
    } else {
        None
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

    #[test]
    fn whole_number_floats_in_integer_fields_become_integers() {
        let mut document = serde_json::json!({
            "kind": "plan-of-study", "learner": {"id": "L1", "grade": 11.0},
            "cluster": "HL", "pathway": "HL-TS", "school_years": []
        });
        let fast = normalize_owned(Kind::PlanOfStudy, document.clone()).unwrap();
        assert_eq!(fast, normalize(Kind::PlanOfStudy, &document).unwrap());
        assert_eq!(fast["learner"]["grade"], serde_json::json!(11));
        assert!(fast["learner"]["grade"].is_u64());
        document["learner"]["grade"] = serde_json::json!(11);
        assert_eq!(fast, normalize(Kind::PlanOfStudy, &document).unwrap());
        assert_eq!(whole_number(-3.0), Some((-3i64).into()));
        assert_eq!(whole_number(2.5), None);
        assert_eq!(whole_number(1e300), None);
    }
}
