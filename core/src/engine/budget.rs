//! The evaluation budget of one document ([`crate::Limits::max_steps`]).
//!
//! Why: a schema-valid document with long lists, or a state's rule nesting
//! one loop inside another, can make a check quadratic; a portal worker must
//! still answer in bounded time. Every rule of a document draws on one
//! budget of steps: a comprehension's iteration, an item of a list built, 64
//! bytes of text built. A rule that would overdraw it is a finding with
//! status `error` and code [`BUDGET_ERROR_CODE`](crate::report::BUDGET_ERROR_CODE).
//!
//! Direct evaluation counts in its [`Frame`](super::direct::Frame). cel's
//! interpreter has no such hook, so the expression cel runs is instrumented
//! once when the rule is compiled: each comprehension calls `@step()` before
//! each iteration (a name CEL source cannot spell). The function draws on a
//! per-thread counter that [`with_budget`] loads from the frame and stores
//! back around each cel evaluation.

use std::cell::Cell;

use cel::common::ast::{operators, CallExpr, Expr, IdedExpr, LiteralValue};
use cel::common::types::CelBool;
use cel::common::value::CowVal;
use cel::{DeclarationError, Env, ExecutionError};

use super::desugar::{children_mut, fresh, max_id};
use super::direct::Frame;

/// The name of the counting function: `@` keeps it out of rule authors' reach.
const STEP: &str = "@step";

thread_local! {
    /// Steps left for the cel evaluation running on this thread.
    static STEPS_LEFT: Cell<u64> = const { Cell::new(0) };
}

/// Runs `evaluate` (a cel evaluation) on the frame's remaining budget, and
/// leaves in the frame what it did not spend.
pub(super) fn with_budget<R>(frame: &mut Frame<'_>, evaluate: impl FnOnce() -> R) -> R {
    let saved = STEPS_LEFT.with(|left| left.replace(frame.steps_left()));
    let result = evaluate();
    let left = STEPS_LEFT.with(|left| left.replace(saved));
    frame.set_steps_left(left);
    result
}

pub(super) fn register(env: &mut Env) -> Result<(), DeclarationError> {
    env.add_overload(STEP, STEP, Vec::new(), step)
}

fn step<'b, 'v>(_args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    let spent = STEPS_LEFT.with(|left| match left.get().checked_sub(1) {
        Some(rest) => {
            left.set(rest);
            true
        }
        None => false,
    });
    if spent {
        Ok(CowVal::Owned(Box::new(CelBool::from(true))))
    } else {
        Err(ExecutionError::function_error(
            STEP,
            "the evaluation budget is spent",
        ))
    }
}

/// Makes every comprehension of `expression` call `@step()` before each
/// iteration, keeping the shapes cel's interpreter runs fast: a `map` or
/// `filter` (literal loop condition, appending step) counts in its step's
/// guard or item, any other comprehension in its loop condition. Either way
/// an overdrawn budget is an error raised before the iteration's work, and
/// one no `||` or `&&` absorbs (both sit in a `?:` condition).
pub(super) fn instrument(expression: &mut IdedExpr) {
    let mut next_id = max_id(expression) + 1;
    visit(expression, &mut next_id);
}

fn visit(expression: &mut IdedExpr, next_id: &mut u64) {
    for child in children_mut(expression) {
        visit(child, next_id);
    }
    let Expr::Comprehension(comprehension) = &mut expression.expr else {
        return;
    };
    let accu = comprehension.accu_var.clone();
    let literal_condition = matches!(comprehension.loop_cond.expr, Expr::Literal(_));
    if literal_condition {
        if let Some(counted) = appended_part(&mut comprehension.loop_step, &accu) {
            guard(counted, next_id);
            return;
        }
    }
    guard(&mut comprehension.loop_cond, next_id);
}

/// The part of an appending step to count in: the guard of
/// `cond ? @result + [x] : @result`, or the `x` of `@result + [x]`.
fn appended_part<'e>(step: &'e mut IdedExpr, accu: &str) -> Option<&'e mut IdedExpr> {
    let is_accu = |e: &IdedExpr| matches!(&e.expr, Expr::Ident(name) if name == accu);
    let Expr::Call(call) = &mut step.expr else {
        return None;
    };
    if call.target.is_some() {
        return None;
    }
    let guarded = call.func_name == operators::CONDITIONAL
        && matches!(call.args.as_slice(), [_, _, otherwise] if is_accu(otherwise));
    let appended = call.func_name == operators::ADD
        && matches!(call.args.as_slice(), [left, right]
            if is_accu(left) && matches!(&right.expr, Expr::List(list) if list.elements.len() == 1));
    if guarded {
        return call.args.first_mut();
    }
    if !appended {
        return None;
    }
    match &mut call.args.get_mut(1)?.expr {
        Expr::List(list) => list.elements.first_mut(),
        _ => None,
    }
}

/// Rewrites `x` as `@step() ? x : false`: the same value, after a step.
fn guard(counted: &mut IdedExpr, next_id: &mut u64) {
    let mut node = |expr| IdedExpr {
        id: fresh(next_id),
        expr,
    };
    let call = node(Expr::Call(CallExpr {
        func_name: STEP.to_owned(),
        target: None,
        args: Vec::new(),
    }));
    let otherwise = node(Expr::Literal(LiteralValue::Boolean(false.into())));
    let original = std::mem::take(counted);
    *counted = IdedExpr {
        id: fresh(next_id),
        expr: Expr::Call(CallExpr {
            func_name: operators::CONDITIONAL.to_owned(),
            target: None,
            args: vec![call, original, otherwise],
        }),
    };
}
