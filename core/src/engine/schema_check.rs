//! Load-time checking of a rule's CEL against its kind's JSON Schema, so that
//! `doc.lerner.id` or `sise(doc.courses)` is a pack error naming the field or
//! function, not an "could not be evaluated" finding on every document.
//!
//! What is checked: every `doc.a.b` selection and `has()` path (through
//! `properties`, `$ref`s, array items bound by `each` or by a macro variable,
//! and `[i]` indexing); that every function or macro exists; a string field
//! compared with a number literal or a number field with a string literal;
//! `size()` of a number or boolean. What is accepted undecided: fields under
//! `additionalProperties` or an untyped schema, map keys bound by macros,
//! values computed by functions, `framework`, `today`, `index`, and any
//! comparison where a side's type is not fixed by the schema.

use std::collections::HashMap;
use std::sync::Arc;

use cel::common::ast::{Expr, IdedExpr, LiteralValue};
use cel::{Context, Env, ExecutionError};
use serde_json::Value;

use crate::schema_walk::{Field, Schema};
use crate::suggest::did_you_mean;

/// What the schema says an expression's value is, as far as it can tell.
#[derive(Clone)]
enum Shape<'s> {
    /// The value matches one of these schemas.
    Schema(Vec<&'s Value>),
    /// A literal of this JSON type.
    Literal(&'static str),
    /// Cannot decide.
    Unknown,
}

/// The check of one rule's expressions: its kind's schema and what `item` is.
pub(crate) struct SchemaCheck<'s> {
    root: &'s Value,
    schema: Schema<'s>,
    item: Shape<'s>,
    env: &'s Arc<Env>,
    known: &'s mut HashMap<String, bool>,
}

impl<'s> SchemaCheck<'s> {
    /// `each` is the rule's pointer pattern, whose matches are bound to `item`.
    pub(crate) fn new(
        schema_root: &'s Value,
        each: Option<&str>,
        env: &'s Arc<Env>,
        known: &'s mut HashMap<String, bool>,
    ) -> Self {
        let schema = Schema::new(schema_root);
        let item = each
            .and_then(|pattern| schema.at_pointer(pattern))
            .map_or(Shape::Unknown, Shape::Schema);
        SchemaCheck {
            root: schema_root,
            schema,
            item,
            env,
            known,
        }
    }

    /// A field of the `each` pattern the schema does not know, if any: a
    /// typo there would bind `item` to nothing and the rule would never run.
    pub(crate) fn each_problem(&self, pattern: &str) -> Option<String> {
        let mut nodes = vec![self.root];
        for token in pattern.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            nodes = if token == "*" || token.parse::<usize>().is_ok() {
                self.schema.items(&nodes)?
            } else {
                match self.schema.field(&nodes, &token) {
                    Field::Known(found) => found,
                    Field::Open => return None,
                    Field::Unknown(names) => {
                        return Some(format!(
                            "unknown field `{token}` in `each: {pattern}`{}",
                            did_you_mean(&token, names.iter().copied())
                        ));
                    }
                }
            };
        }
        None
    }

    /// The problems of `expression` (written as `source`), each one line.
    pub(crate) fn problems(&mut self, expression: &IdedExpr, source: &str) -> Vec<String> {
        let mut problems = Vec::new();
        let mut scope = Vec::new();
        self.shape(expression, &mut scope, source, &mut problems);
        problems.dedup();
        problems
    }

    fn shape(
        &mut self,
        node: &IdedExpr,
        scope: &mut Vec<(String, Shape<'s>)>,
        source: &str,
        problems: &mut Vec<String>,
    ) -> Shape<'s> {
        match &node.expr {
            Expr::Ident(name) => {
                if let Some((_, shape)) = scope.iter().rev().find(|(bound, _)| bound == name) {
                    return shape.clone();
                }
                match name.as_str() {
                    "doc" => Shape::Schema(vec![self.schema_root()]),
                    "item" => self.item.clone(),
                    _ => Shape::Unknown,
                }
            }
            Expr::Literal(literal) => Shape::Literal(match literal {
                LiteralValue::Boolean(_) => "boolean",
                LiteralValue::Int(_) | LiteralValue::UInt(_) | LiteralValue::Double(_) => "number",
                LiteralValue::String(_) => "string",
                LiteralValue::Null => "null",
                LiteralValue::Bytes(_) => "bytes",
            }),
            Expr::Select(select) => {
                let operand = self.shape(&select.operand, scope, source, problems);
                let Shape::Schema(nodes) = operand else {
                    return Shape::Unknown;
                };
                match self.schema.field(&nodes, &select.field) {
                    Field::Known(found) => Shape::Schema(found),
                    Field::Open => Shape::Unknown,
                    Field::Unknown(names) => {
                        problems.push(format!(
                            "unknown field `{}` in `{source}`{}",
                            select.field,
                            did_you_mean(&select.field, names.iter().copied())
                        ));
                        Shape::Unknown
                    }
                }
            }
            Expr::Comprehension(comprehension) => {
                let range = self.shape(&comprehension.iter_range, scope, source, problems);
                let element = match &range {
                    Shape::Schema(nodes) => self
                        .schema
                        .items(nodes)
                        .map_or(Shape::Unknown, Shape::Schema),
                    _ => Shape::Unknown,
                };
                self.shape(&comprehension.accu_init, scope, source, problems);
                let depth = scope.len();
                scope.push((comprehension.iter_var.clone(), element));
                if let Some(second) = &comprehension.iter_var2 {
                    scope.push((second.clone(), Shape::Unknown));
                }
                scope.push((comprehension.accu_var.clone(), Shape::Unknown));
                self.shape(&comprehension.loop_cond, scope, source, problems);
                self.shape(&comprehension.loop_step, scope, source, problems);
                self.shape(&comprehension.result, scope, source, problems);
                scope.truncate(depth);
                Shape::Unknown
            }
            Expr::Call(call) => {
                let target = call
                    .target
                    .as_ref()
                    .map(|target| self.shape(target, scope, source, problems));
                let args: Vec<Shape<'s>> = call
                    .args
                    .iter()
                    .map(|arg| self.shape(arg, scope, source, problems))
                    .collect();
                self.call(
                    &call.func_name,
                    target.is_some(),
                    target.as_ref(),
                    &args,
                    source,
                    problems,
                )
            }
            Expr::List(list) => {
                for element in &list.elements {
                    self.shape(element, scope, source, problems);
                }
                Shape::Unknown
            }
            Expr::Map(map) => {
                for entry in &map.entries {
                    if let cel::common::ast::EntryExpr::MapEntry(entry) = &entry.expr {
                        self.shape(&entry.key, scope, source, problems);
                        self.shape(&entry.value, scope, source, problems);
                    }
                }
                Shape::Unknown
            }
            _ => Shape::Unknown,
        }
    }

    fn schema_root(&self) -> &'s Value {
        self.root
    }

    fn call(
        &mut self,
        name: &str,
        member: bool,
        target: Option<&Shape<'s>>,
        args: &[Shape<'s>],
        source: &str,
        problems: &mut Vec<String>,
    ) -> Shape<'s> {
        match name {
            "_==_" | "_!=_" | "_<_" | "_<=_" | "_>_" | "_>=_" => {
                if let [left, right] = args {
                    if let Some(problem) = self.mismatch(name, left, right, source) {
                        problems.push(problem);
                    }
                }
                Shape::Literal("boolean")
            }
            "_[_]" => match args {
                [Shape::Schema(nodes), Shape::Literal("number")] => self
                    .schema
                    .items(nodes)
                    .map_or(Shape::Unknown, Shape::Schema),
                // `m['key']`: left to run time.
                _ => Shape::Unknown,
            },
            "size" => {
                let subject = target.or(args.first());
                if let Some(Shape::Schema(nodes)) = subject {
                    if let Some(types) = self.schema.types(nodes) {
                        if types
                            .iter()
                            .all(|t| matches!(*t, "number" | "integer" | "boolean"))
                        {
                            problems.push(format!(
                                "`size()` of a {} in `{source}`; size takes a string, list or map",
                                types.join(" or ")
                            ));
                        }
                    }
                }
                Shape::Literal("number")
            }
            _ if name.starts_with('_')
                || name.starts_with('@')
                || name.starts_with('!')
                || name.starts_with('-') =>
            {
                Shape::Unknown
            }
            _ => {
                if !self.function_exists(name, member) {
                    let known = KNOWN_HINTS.iter().copied();
                    problems.push(format!(
                        "unknown function `{name}` in `{source}`{}",
                        did_you_mean(name, known)
                    ));
                }
                Shape::Unknown
            }
        }
    }

    /// An error for a comparison whose sides cannot be of one type.
    fn mismatch(
        &self,
        operator: &str,
        left: &Shape<'s>,
        right: &Shape<'s>,
        source: &str,
    ) -> Option<String> {
        let (field, literal) = match (left, right) {
            (Shape::Schema(nodes), Shape::Literal(literal))
            | (Shape::Literal(literal), Shape::Schema(nodes)) => (nodes, *literal),
            _ => return None,
        };
        if !matches!(literal, "string" | "number") {
            return None;
        }
        let types = self.schema.types(field)?;
        let fits = types.iter().any(|t| match *t {
            "integer" | "number" => literal == "number",
            "string" => literal == "string",
            "null" => false,
            _ => true,
        });
        let op = operator.trim_matches('_');
        (!fits).then(|| {
            format!(
                "`{op}` compares a {} field with a {literal} in `{source}`",
                types
                    .iter()
                    .filter(|t| **t != "null")
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" or ")
            )
        })
    }

    /// Whether cel knows a function of this name: calling it with no arguments
    /// fails as an undeclared reference only when no overload exists at all.
    fn function_exists(&mut self, name: &str, member: bool) -> bool {
        let key = format!("{member}:{name}");
        if let Some(known) = self.known.get(&key) {
            return *known;
        }
        let probe = if member {
            format!("''.{name}()")
        } else {
            format!("{name}()")
        };
        let exists = match self.env.compile(&probe) {
            Ok(program) => {
                let context = Context::with_env(self.env.clone());
                !matches!(program.execute(&context), Err(ExecutionError::UndeclaredReference(found)) if found.as_str() == name)
            }
            Err(_) => true,
        };
        self.known.insert(key, exists);
        exists
    }
}

/// Names offered as suggestions for a misspelt function: the ones rules use.
const KNOWN_HINTS: &[&str] = &[
    "size",
    "contains",
    "startsWith",
    "endsWith",
    "matches",
    "exists",
    "exists_one",
    "all",
    "map",
    "filter",
    "has",
    "int",
    "uint",
    "double",
    "string",
    "bool",
    "type",
    "timestamp",
    "duration",
    "lowerAscii",
    "upperAscii",
    "trim",
    "split",
    "join",
    "replace",
    "substring",
    "indexOf",
    "lastIndexOf",
    "charAt",
    "distinct",
    "flatten",
    "sort",
    "sortBy",
    "reverse",
    "slice",
    "max",
    "min",
    "school_year_of",
    "school_months",
    "months_between",
    "days_between",
    "in_school_year",
];

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use super::SchemaCheck;
    use crate::kind::Kind;

    fn problems(kind: Kind, each: Option<&str>, source: &str) -> Vec<String> {
        let env = Arc::new(super::super::cel_env().unwrap());
        let mut known = HashMap::new();
        let schema = crate::document::schemas::cached_document_schema(kind);
        let mut check = SchemaCheck::new(schema, each, &env, &mut known);
        let program = env.compile(source).unwrap();
        check.problems(program.expression(), source)
    }

    #[test]
    fn typos_in_fields_and_functions_are_named_with_a_suggestion() {
        let plan = Kind::PlanOfStudy;
        assert_eq!(
            problems(plan, None, "doc.lerner.id != ''"),
            ["unknown field `lerner` in `doc.lerner.id != ''`; did you mean `learner`?"]
        );
        assert_eq!(
            problems(plan, None, "sise(doc.school_years) > 0"),
            ["unknown function `sise` in `sise(doc.school_years) > 0`; did you mean `size`?"]
        );
        assert_eq!(
            problems(plan, None, "has(doc.learner.grad)"),
            ["unknown field `grad` in `has(doc.learner.grad)`; did you mean `grade`?"]
        );
        assert_eq!(
            problems(plan, None, "doc.learner.any(x, true)"),
            ["unknown function `any` in `doc.learner.any(x, true)`"]
        );
    }

    #[test]
    fn fields_resolve_through_each_macros_and_indexing() {
        let plan = Kind::PlanOfStudy;
        assert!(problems(plan, Some("/school_years/*"), "size(item.courses) > 0").is_empty());
        assert_eq!(
            problems(plan, Some("/school_years/*"), "size(item.corses) > 0"),
            ["unknown field `corses` in `size(item.corses) > 0`; did you mean `courses`?"]
        );
        assert_eq!(
            problems(plan, None, "doc.school_years.all(y, y.courses.all(c, c.titl != ''))"),
            ["unknown field `titl` in `doc.school_years.all(y, y.courses.all(c, c.titl != ''))`; did you mean `title`?"]
        );
        assert!(problems(plan, None, "doc.school_years[0].courses.size() >= 0").is_empty());
        assert_eq!(
            problems(plan, None, "doc.school_years[0].coursse.size() >= 0").len(),
            1
        );
    }

    #[test]
    fn a_typo_in_each_is_named() {
        let env = Arc::new(super::super::cel_env().unwrap());
        let mut known = HashMap::new();
        let schema = crate::document::schemas::cached_document_schema(Kind::PlanOfStudy);
        let check = SchemaCheck::new(schema, None, &env, &mut known);
        assert_eq!(check.each_problem("/school_years/*/courses/*"), None);
        assert_eq!(
            check.each_problem("/school_yeras/*").as_deref(),
            Some("unknown field `school_yeras` in `each: /school_yeras/*`; did you mean `school_years`?")
        );
    }

    #[test]
    fn obvious_type_mismatches_are_errors_and_undecidable_forms_pass() {
        let plan = Kind::PlanOfStudy;
        assert_eq!(
            problems(plan, None, "doc.learner.id == 3"),
            ["`==` compares a string field with a number in `doc.learner.id == 3`"]
        );
        assert_eq!(
            problems(plan, None, "size(doc.school_years[0].courses[0].credits) > 0"),
            ["`size()` of a number in `size(doc.school_years[0].courses[0].credits) > 0`; size takes a string, list or map"]
        );
        assert!(problems(
            plan,
            None,
            "doc.learner.grade >= 9 && framework.clusters.size() > 0"
        )
        .is_empty());
        assert!(problems(plan, None, "today > '2020-01-01' && index == 0").is_empty());
    }

    #[test]
    fn the_national_pack_passes_the_schema_aware_check() {
        let pack = crate::pack::national_pack().unwrap();
        let engine = crate::Engine::new(vec![pack]);
        assert!(
            engine.is_ok(),
            "{}",
            engine
                .err()
                .map(|e| e
                    .errors()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n"))
                .unwrap_or_default()
        );
    }
}
