//! Free variables of a compiled CEL expression, so that a typo such as `dco.cluster`
//! is a pack error at load time instead of a runtime failure on every document.
//!
//! cel's own `references()` also lists the variables that macros such as
//! `all(x, ...)` bind; this walk keeps track of those scopes.

use cel::common::ast::{EntryExpr, Expr, IdedExpr};

/// Type names CEL resolves as identifiers (`type(x) == int`).
const TYPE_NAMES: &[&str] = &[
    "bool",
    "bytes",
    "double",
    "duration",
    "int",
    "list",
    "map",
    "null_type",
    "string",
    "timestamp",
    "type",
    "uint",
    "dyn",
];

/// Identifiers used but not bound by an enclosing comprehension, in first-use order.
pub(crate) fn free_variables(expression: &IdedExpr) -> Vec<String> {
    let mut found = Vec::new();
    let mut bound = Vec::new();
    walk(expression, &mut bound, &mut found);
    found
}

fn walk(node: &IdedExpr, bound: &mut Vec<String>, found: &mut Vec<String>) {
    match &node.expr {
        Expr::Ident(name) => {
            let is_internal = name.starts_with('@');
            if !is_internal
                && !bound.iter().any(|b| b == name)
                && !TYPE_NAMES.contains(&name.as_str())
                && !found.contains(name)
            {
                found.push(name.clone());
            }
        }
        Expr::Call(call) => {
            if let Some(target) = &call.target {
                walk(target, bound, found);
            }
            for arg in &call.args {
                walk(arg, bound, found);
            }
        }
        Expr::Comprehension(comprehension) => {
            walk(&comprehension.iter_range, bound, found);
            walk(&comprehension.accu_init, bound, found);
            let depth = bound.len();
            bound.push(comprehension.iter_var.clone());
            if let Some(second) = &comprehension.iter_var2 {
                bound.push(second.clone());
            }
            bound.push(comprehension.accu_var.clone());
            walk(&comprehension.loop_cond, bound, found);
            walk(&comprehension.loop_step, bound, found);
            walk(&comprehension.result, bound, found);
            bound.truncate(depth);
        }
        Expr::List(list) => {
            for element in &list.elements {
                walk(element, bound, found);
            }
        }
        Expr::Map(map) => walk_entries(map.entries.iter().map(|e| &e.expr), bound, found),
        Expr::Struct(structure) => {
            walk_entries(structure.entries.iter().map(|e| &e.expr), bound, found);
        }
        Expr::Select(select) => walk(&select.operand, bound, found),
        _ => {}
    }
}

fn walk_entries<'e>(
    entries: impl Iterator<Item = &'e EntryExpr>,
    bound: &mut Vec<String>,
    found: &mut Vec<String>,
) {
    for entry in entries {
        match entry {
            EntryExpr::StructField(field) => walk(&field.value, bound, found),
            EntryExpr::MapEntry(entry) => {
                walk(&entry.key, bound, found);
                walk(&entry.value, bound, found);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::free_variables;

    fn free(source: &str) -> Vec<String> {
        let program = cel::Env::stdlib().compile(source).unwrap();
        free_variables(program.expression())
    }

    #[test]
    fn macro_variables_are_bound_only_inside_their_macro() {
        assert_eq!(
            free("doc.a.all(x, x > 0) && item.b.exists(y, y == x)"),
            ["doc", "item", "x"]
        );
        assert_eq!(free("doc.years.map(y, y.level)"), ["doc"]);
        assert_eq!(free("type(doc.a) == int && has(dco.b)"), ["doc", "dco"]);
    }
}
