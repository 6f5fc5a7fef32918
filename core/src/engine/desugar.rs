//! Spellings the engine reads as others, rewritten on cel's syntax tree once
//! when a rule is compiled, before either evaluator sees it: cel's
//! interpreter and direct evaluation then run the same expression, so both
//! paths agree and equivalent spellings cost the same.
//!
//! - `days_since(d)` is `days_between(d, today)`: a registered function sees
//!   only its arguments, never the check's `today`.
//! - `x.f != null` is `has(x.f)`, and `x.f == null` is `!has(x.f)` (either
//!   operand order). Documents hold no `null` fields: normalisation drops
//!   them, so a field given as `null` reads as absent. Standard CEL would make
//!   `x.f` an error for an absent field; this engine reads the comparison as
//!   the test for presence its author meant. Both are documented in the
//!   README (rule packs) and tested below.

use cel::common::ast::{operators, CallExpr, Expr, IdedExpr, LiteralValue, SelectExpr};

/// Rewrites `expression` in place; ids of new nodes start above `next_id`.
pub(crate) fn desugar(expression: &mut IdedExpr) {
    let mut next_id = max_id(expression) + 1;
    rewrite(expression, &mut next_id);
}

pub(super) fn max_id(expression: &IdedExpr) -> u64 {
    let mut highest = expression.id;
    visit(expression, &mut |node| highest = highest.max(node.id));
    highest
}

/// Calls `visit` on every node below `expression` (not on itself).
fn visit(expression: &IdedExpr, visit_node: &mut dyn FnMut(&IdedExpr)) {
    for child in children(expression) {
        visit_node(child);
        visit(child, visit_node);
    }
}

fn children(expression: &IdedExpr) -> Vec<&IdedExpr> {
    match &expression.expr {
        Expr::Call(call) => call
            .target
            .as_deref()
            .into_iter()
            .chain(&call.args)
            .collect(),
        Expr::Comprehension(c) => vec![
            &c.iter_range,
            &c.accu_init,
            &c.loop_cond,
            &c.loop_step,
            &c.result,
        ],
        Expr::List(list) => list.elements.iter().collect(),
        Expr::Map(map) => map
            .entries
            .iter()
            .flat_map(|entry| match &entry.expr {
                cel::common::ast::EntryExpr::MapEntry(e) => vec![&e.key, &e.value],
                cel::common::ast::EntryExpr::StructField(f) => vec![&f.value],
            })
            .collect(),
        Expr::Struct(structure) => structure
            .entries
            .iter()
            .flat_map(|entry| match &entry.expr {
                cel::common::ast::EntryExpr::MapEntry(e) => vec![&e.key, &e.value],
                cel::common::ast::EntryExpr::StructField(f) => vec![&f.value],
            })
            .collect(),
        Expr::Select(select) => vec![&*select.operand],
        _ => Vec::new(),
    }
}

pub(super) fn children_mut(expression: &mut IdedExpr) -> Vec<&mut IdedExpr> {
    use cel::common::ast::EntryExpr;
    match &mut expression.expr {
        Expr::Call(call) => call
            .target
            .as_deref_mut()
            .into_iter()
            .chain(call.args.iter_mut())
            .collect(),
        Expr::Comprehension(c) => {
            let c = &mut **c;
            vec![
                &mut c.iter_range,
                &mut c.accu_init,
                &mut c.loop_cond,
                &mut c.loop_step,
                &mut c.result,
            ]
        }
        Expr::List(list) => list.elements.iter_mut().collect(),
        Expr::Map(map) => map
            .entries
            .iter_mut()
            .flat_map(|entry| match &mut entry.expr {
                EntryExpr::MapEntry(e) => vec![&mut e.key, &mut e.value],
                EntryExpr::StructField(f) => vec![&mut f.value],
            })
            .collect(),
        Expr::Struct(structure) => structure
            .entries
            .iter_mut()
            .flat_map(|entry| match &mut entry.expr {
                EntryExpr::MapEntry(e) => vec![&mut e.key, &mut e.value],
                EntryExpr::StructField(f) => vec![&mut f.value],
            })
            .collect(),
        Expr::Select(select) => vec![&mut *select.operand],
        _ => Vec::new(),
    }
}

fn rewrite(expression: &mut IdedExpr, next_id: &mut u64) {
    for child in children_mut(expression) {
        rewrite(child, next_id);
    }
    let Expr::Call(call) = &mut expression.expr else {
        return;
    };
    if call.target.is_none() && call.func_name == "days_since" && call.args.len() == 1 {
        call.func_name = "days_between".to_owned();
        call.args.push(IdedExpr {
            id: fresh(next_id),
            expr: Expr::Ident("today".to_owned()),
        });
        return;
    }
    let equal = match call.func_name.as_str() {
        operators::EQUALS => true,
        operators::NOT_EQUALS => false,
        _ => return,
    };
    let [left, right] = call.args.as_mut_slice() else {
        return;
    };
    let is_null = |e: &Expr| matches!(e, Expr::Literal(LiteralValue::Null));
    let field = match (&mut left.expr, &mut right.expr) {
        (Expr::Select(select), other) | (other, Expr::Select(select))
            if is_null(other) && !select.test =>
        {
            select
        }
        _ => return,
    };
    let has = Expr::Select(SelectExpr {
        operand: std::mem::take(&mut field.operand),
        field: std::mem::take(&mut field.field),
        test: true,
    });
    expression.expr = if equal {
        Expr::Call(CallExpr {
            func_name: operators::LOGICAL_NOT.to_owned(),
            target: None,
            args: vec![IdedExpr {
                id: fresh(next_id),
                expr: has,
            }],
        })
    } else {
        has
    };
}

pub(super) fn fresh(next_id: &mut u64) -> u64 {
    let id = *next_id;
    *next_id += 1;
    id
}

#[cfg(test)]
mod tests {
    use super::desugar;

    fn desugared(source: &str) -> cel::IdedExpr {
        let env = crate::engine::cel_env().unwrap();
        let mut expression = env.compile(source).unwrap().expression().clone();
        desugar(&mut expression);
        expression
    }

    fn same(a: &str, b: &str) {
        let strip = |e: cel::IdedExpr| format!("{e:?}").replace(|c: char| c.is_ascii_digit(), "");
        assert_eq!(strip(desugared(a)), strip(desugared(b)), "{a} against {b}");
    }

    #[test]
    fn days_since_reads_as_days_between_and_today() {
        same(
            "days_since(doc.d) <= 1095",
            "days_between(doc.d, today) <= 1095",
        );
        same(
            "doc.l.all(x, days_since(x.d) >= 0)",
            "doc.l.all(x, days_between(x.d, today) >= 0)",
        );
    }

    #[test]
    fn null_comparisons_of_fields_read_as_has() {
        same("doc.a.b != null", "has(doc.a.b)");
        same("null != doc.a.b", "has(doc.a.b)");
        same("doc.a.b == null", "!has(doc.a.b)");
        same("null == item.b", "!has(item.b)");
        same("doc.l.exists(x, x.k != null)", "doc.l.exists(x, has(x.k))");
        // Anything but a field compared with null stays as written.
        same("doc.a != 1", "doc.a != 1");
        same("doc != null", "doc != null");
        same("doc.a[0] != null", "doc.a[0] != null");
    }

    #[test]
    fn new_nodes_get_ids_no_other_node_has() {
        let expression = desugared("doc.a != null && days_since(doc.d) > 0");
        let mut ids = vec![expression.id];
        super::visit(&expression, &mut |node| ids.push(node.id));
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }
}
