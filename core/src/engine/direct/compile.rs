//! From cel's AST to the tree [`eval`](super::eval) walks: variables become
//! slots, operators and functions become nodes, anything else is `None`.

use std::cmp::Ordering;

use cel::common::ast::{operators, CallExpr, ComprehensionExpr, Expr, LiteralValue};
use cel::IdedExpr;

/// The variables every rule can use, in slot order (see [`super::Frame`]).
pub(super) const GLOBALS: [&str; 5] = ["doc", "item", "index", "framework", "today"];

/// One compiled expression.
#[derive(Debug)]
pub(crate) struct Direct {
    pub(super) root: Node,
    /// Slots the expression needs: the globals plus its comprehension variables.
    pub(super) slots: usize,
}

#[derive(Debug)]
pub(super) enum Node {
    Literal(Literal),
    Var(usize),
    Select(Box<Node>, Box<str>),
    Has(Box<Node>, Box<str>),
    Index(Box<Node>, Box<Node>),
    List(Vec<Node>),
    Not(Box<Node>),
    NotStrictlyFalse(Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Conditional(Box<[Node; 3]>),
    Equals(Box<Node>, Box<Node>),
    NotEquals(Box<Node>, Box<Node>),
    Compare(Box<Node>, Box<Node>, fn(Ordering) -> bool),
    In(Box<Node>, Box<Node>),
    Arithmetic(Arithmetic, Box<Node>, Box<Node>),
    Negate(Box<Node>),
    Size(Box<Node>),
    String(Box<Node>),
    Join(Box<Node>, Option<Box<Node>>),
    Text(TextTest, Box<Node>, Box<Node>),
    Fold(Box<Fold>),
}

#[derive(Debug)]
pub(super) enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Double(f64),
    Str(Box<str>),
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Arithmetic {
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum TextTest {
    StartsWith,
    EndsWith,
    Contains,
}

/// A comprehension, as cel's macros expand them.
#[derive(Debug)]
pub(super) struct Fold {
    pub range: Node,
    pub iter: usize,
    pub accu: usize,
    pub init: Node,
    pub condition: Node,
    pub step: Node,
    pub result: Node,
}

/// Compiles `expression`, or `None` if it is outside the subset.
pub(crate) fn compile(expression: &IdedExpr) -> Option<Direct> {
    let mut compiler = Compiler {
        scope: GLOBALS
            .iter()
            .enumerate()
            .map(|(slot, name)| ((*name).to_owned(), slot))
            .collect(),
        slots: GLOBALS.len(),
    };
    let root = compiler.node(expression)?;
    Some(Direct {
        root,
        slots: compiler.slots,
    })
}

struct Compiler {
    /// Names in scope, innermost last, with their slots.
    scope: Vec<(String, usize)>,
    /// The most slots in use at once so far.
    slots: usize,
}

fn boxed(node: Node) -> Box<Node> {
    Box::new(node)
}

impl Compiler {
    fn node(&mut self, expression: &IdedExpr) -> Option<Node> {
        Some(match &expression.expr {
            Expr::Literal(literal) => Node::Literal(match literal {
                LiteralValue::Null => Literal::Null,
                LiteralValue::Boolean(b) => Literal::Bool(*b.inner()),
                LiteralValue::Int(i) => Literal::Int(*i.inner()),
                LiteralValue::UInt(u) => Literal::UInt(*u.inner()),
                LiteralValue::Double(d) => Literal::Double(*d.inner()),
                LiteralValue::String(s) => Literal::Str(s.inner().into()),
                LiteralValue::Bytes(_) => return None,
            }),
            Expr::Ident(name) => {
                let (_, slot) = self.scope.iter().rev().find(|(bound, _)| bound == name)?;
                Node::Var(*slot)
            }
            Expr::Select(select) => {
                let operand = boxed(self.node(&select.operand)?);
                let field = select.field.as_str().into();
                if select.test {
                    Node::Has(operand, field)
                } else {
                    Node::Select(operand, field)
                }
            }
            Expr::List(list) if list.optional_indices.is_empty() => Node::List(
                list.elements
                    .iter()
                    .map(|element| self.node(element))
                    .collect::<Option<_>>()?,
            ),
            Expr::Call(call) => self.call(call)?,
            Expr::Comprehension(comprehension) => self.fold(comprehension)?,
            _ => return None,
        })
    }

    fn call(&mut self, call: &CallExpr) -> Option<Node> {
        let args: Vec<Node> = call
            .args
            .iter()
            .map(|arg| self.node(arg))
            .collect::<Option<_>>()?;
        let target = match &call.target {
            Some(target) => Some(self.node(target)?),
            None => None,
        };
        let mut args = args.into_iter().map(boxed);
        let mut next = || args.next();
        let name = call.func_name.as_str();
        let node = match (target, call.args.len()) {
            (None, 1) => {
                let a = next()?;
                match name {
                    operators::LOGICAL_NOT => Node::Not(a),
                    operators::NOT_STRICTLY_FALSE => Node::NotStrictlyFalse(a),
                    operators::NEGATE => Node::Negate(a),
                    "size" => Node::Size(a),
                    "string" => Node::String(a),
                    _ => return None,
                }
            }
            (None, 2) => {
                let (a, b) = (next()?, next()?);
                match name {
                    operators::LOGICAL_AND => Node::And(a, b),
                    operators::LOGICAL_OR => Node::Or(a, b),
                    operators::EQUALS => Node::Equals(a, b),
                    operators::NOT_EQUALS => Node::NotEquals(a, b),
                    operators::LESS => Node::Compare(a, b, Ordering::is_lt),
                    operators::LESS_EQUALS => Node::Compare(a, b, Ordering::is_le),
                    operators::GREATER => Node::Compare(a, b, Ordering::is_gt),
                    operators::GREATER_EQUALS => Node::Compare(a, b, Ordering::is_ge),
                    operators::IN => Node::In(a, b),
                    operators::INDEX => Node::Index(a, b),
                    operators::ADD => Node::Arithmetic(Arithmetic::Add, a, b),
                    operators::SUBSTRACT => Node::Arithmetic(Arithmetic::Subtract, a, b),
                    operators::MULTIPLY => Node::Arithmetic(Arithmetic::Multiply, a, b),
                    operators::DIVIDE => Node::Arithmetic(Arithmetic::Divide, a, b),
                    operators::MODULO => Node::Arithmetic(Arithmetic::Modulo, a, b),
                    _ => return None,
                }
            }
            (None, 3) if name == operators::CONDITIONAL => {
                Node::Conditional(Box::new([*next()?, *next()?, *next()?]))
            }
            (Some(target), 0) => match name {
                "size" => Node::Size(boxed(target)),
                "join" => Node::Join(boxed(target), None),
                _ => return None,
            },
            (Some(target), 1) => {
                let (target, a) = (boxed(target), next()?);
                match name {
                    "join" => Node::Join(target, Some(a)),
                    "startsWith" => Node::Text(TextTest::StartsWith, target, a),
                    "endsWith" => Node::Text(TextTest::EndsWith, target, a),
                    "contains" => Node::Text(TextTest::Contains, target, a),
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(node)
    }

    fn fold(&mut self, comprehension: &ComprehensionExpr) -> Option<Node> {
        if comprehension.iter_var2.is_some() {
            return None;
        }
        let range = self.node(&comprehension.iter_range)?;
        let init = self.node(&comprehension.accu_init)?;
        let depth = self.scope.len();
        let iter = self.bind(&comprehension.iter_var);
        let accu = self.bind(&comprehension.accu_var);
        let compiled = (|| {
            Some(Fold {
                range,
                iter,
                accu,
                init,
                condition: self.node(&comprehension.loop_cond)?,
                step: self.node(&comprehension.loop_step)?,
                result: self.node(&comprehension.result)?,
            })
        })();
        self.scope.truncate(depth);
        Some(Node::Fold(Box::new(compiled?)))
    }

    /// Binds `name` to a fresh slot: one above every slot in scope, so that
    /// nested comprehensions never share one.
    fn bind(&mut self, name: &str) -> usize {
        let slot = self
            .scope
            .iter()
            .map(|(_, slot)| slot + 1)
            .max()
            .unwrap_or(0);
        self.scope.push((name.to_owned(), slot));
        self.slots = self.slots.max(slot + 1);
        slot
    }
}
