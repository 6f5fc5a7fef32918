//! From cel's AST to the tree [`eval`](super::eval) walks: variables become
//! slots, operators and functions become nodes, anything else is `None`.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use cel::common::ast::{operators, CallExpr, ComprehensionExpr, Expr, LiteralValue};
use cel::IdedExpr;

use crate::document::Name;
use crate::engine::functions::lists::Reduce;

/// The variables every rule can use, in slot order (see [`super::Frame`]).
pub(super) const GLOBALS: [&str; 5] = ["doc", "item", "index", "framework", "today"];
pub(super) const DOC: usize = 0;
pub(super) const ITEM: usize = 1;
pub(super) const INDEX: usize = 2;
pub(super) const FRAMEWORK: usize = 3;
pub(super) const TODAY: usize = 4;

/// Slots whose value is the same for every rule and item of a document.
const PER_DOCUMENT: u64 = 1 << DOC | 1 << FRAMEWORK | 1 << TODAY;

/// Comprehension variables stop short of this slot, so that every slot has a
/// bit in a `u64` mask.
const MAX_SLOTS: usize = 63;

/// Subexpressions that read only `doc`, `framework` and `today`, numbered by
/// their compiled form across all rules: each is evaluated at most once per
/// document, however many rules, items and iterations use it (the framework
/// lookups of an `each` over courses, `doc.cluster` inside a comprehension).
#[derive(Debug, Default)]
pub(crate) struct Invariants {
    ids: HashMap<String, usize>,
}

impl Invariants {
    /// How many there are: the size of each document's cache.
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    fn id(&mut self, node: &Node) -> usize {
        let next = self.ids.len();
        *self.ids.entry(format!("{node:?}")).or_insert(next)
    }
}

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
    Select(Box<Node>, Name),
    Has(Box<Node>, Name),
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
    /// The comprehensions of cel's `exists`, `all`, `filter` and `map`
    /// macros, recognised so that they loop without an accumulator.
    Loop(LoopKind, Box<Loop>),
    /// A field of a variable (`c.title`): the commonest node, in one step.
    Field(usize, Name),
    /// `has()` of a variable's field (`has(c.pathway)`), in one step.
    HasField(usize, Name),
    /// A field of a variable compared with a string literal, in one step:
    /// `c.category == 'technical'` (`true`) or `m.status != 'cancelled'`
    /// (`false`), the usual test inside a macro.
    FieldIsText(usize, Name, Box<str>, bool),
    /// A per-document subexpression, by its number in [`Invariants`].
    Cached(usize, Box<Node>),
    /// One of the engine's calendar functions (`engine::functions`), with
    /// its one or two arguments.
    Calendar(Calendar, Box<Node>, Option<Box<Node>>),
    /// `list.distinct()`: the items in first-seen order, without repeats.
    Distinct(Box<Node>),
    /// `list.flatten()`: the items of a list of lists, one level down.
    Flatten(Box<Node>),
    /// `group(keys, values)` (`engine::functions::lists`).
    Group(Box<Node>, Box<Node>),
    /// `sum`, `min` or `max` of a list (`engine::functions::lists`).
    Reduce(Reduce, Box<Node>),
    /// A list literal of literals, built once when the rule is compiled
    /// rather than for every document.
    Constants(Box<[Literal]>),
    /// A map literal with string keys and literal values, likewise.
    ConstantMap(Box<ConstantMap>),
    /// `x in [...]` over a list literal of strings: a hash lookup, not a
    /// walk of the list. Any other `x` is tested item by item, as `In`.
    InStrings(Box<Node>, Box<Strings>),
    /// `a + b + c ...`, three or more operands, left to right: text is joined
    /// in one allocation instead of one per `+` (messages are built so).
    Concat(Vec<Node>),
}

/// A list literal of strings as a set, for `in`; `items` keeps the list.
pub(super) struct Strings {
    pub set: HashSet<Box<str>>,
    pub items: Box<[Literal]>,
}

/// A constant map: its entries by key.
pub(crate) struct ConstantMap {
    pub entries: HashMap<Box<str>, Literal>,
}

// By their literal text, in a fixed order: [`Invariants`] numbers nodes by
// their `Debug` form, so equal literals must print alike.
impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.items.iter()).finish()
    }
}

impl std::fmt::Debug for ConstantMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut entries: Vec<_> = self.entries.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        f.debug_map().entries(entries).finish()
    }
}

/// The calendar functions the engine registers on cel's environment.
#[derive(Debug, Clone, Copy)]
pub(super) enum Calendar {
    SchoolYearOf,
    InSchoolYear,
    SchoolMonths,
    MonthsBetween,
    DaysBetween,
}

#[derive(Debug)]
pub(crate) enum Literal {
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

#[derive(Debug, Clone, Copy)]
pub(super) enum LoopKind {
    Exists,
    All,
    Filter,
    Map,
    /// `size()` of a `filter`: the items kept are counted, not collected.
    Count,
}

/// A recognised macro: `body` is its predicate (or, for `map`, the new item).
#[derive(Debug)]
pub(super) struct Loop {
    pub range: Node,
    pub iter: usize,
    pub body: Node,
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
pub(crate) fn compile(expression: &IdedExpr, invariants: &mut Invariants) -> Option<Direct> {
    let mut compiler = Compiler {
        scope: GLOBALS
            .iter()
            .enumerate()
            .map(|(slot, name)| ((*name).to_owned(), slot))
            .collect(),
        slots: GLOBALS.len(),
    };
    let mut root = compiler.node(expression)?;
    cache_invariants(&mut root, invariants);
    Some(Direct {
        root,
        slots: compiler.slots,
    })
}

/// cel's expansion of `exists`, `all`, `filter` or two-argument `map`, as a
/// loop; any other comprehension stays a fold.
fn recognise(mut fold: Fold) -> Node {
    let (accu, iter) = (fold.accu, fold.iter);
    let is_accu = |node: &Node| matches!(node, Node::Var(slot) if *slot == accu);
    let reads_accu = |node: &Node| free_slots(node) & (1 << accu) != 0;
    let is_bool =
        |node: &Node, value: bool| matches!(node, Node::Literal(Literal::Bool(b)) if *b == value);
    let is_empty = |node: &Node| matches!(node, Node::List(items) if items.is_empty());
    // `[x]` appended to the accumulator: `@result + [x]`.
    let appends = |node: &Node, item: &dyn Fn(&Node) -> bool| {
        matches!(node, Node::Arithmetic(Arithmetic::Add, left, right)
            if is_accu(left) && matches!(&**right, Node::List(items) if items.len() == 1 && item(&items[0])))
    };
    let take = |node: &mut Node| std::mem::replace(node, Node::Literal(Literal::Null));
    if !is_accu(&fold.result) {
        return Node::Fold(Box::new(fold));
    }
    let found = match (&fold.init, &mut fold.condition, &mut fold.step) {
        (init, Node::NotStrictlyFalse(condition), Node::Or(left, body))
            if is_bool(init, false)
                && matches!(&**condition, Node::Not(operand) if is_accu(operand))
                && is_accu(left)
                && !reads_accu(body) =>
        {
            Some((LoopKind::Exists, take(body)))
        }
        (init, Node::NotStrictlyFalse(condition), Node::And(left, body))
            if is_bool(init, true) && is_accu(condition) && is_accu(left) && !reads_accu(body) =>
        {
            Some((LoopKind::All, take(body)))
        }
        (init, condition, Node::Conditional(parts))
            if is_empty(init)
                && is_bool(condition, true)
                && !reads_accu(&parts[0])
                && appends(
                    &parts[1],
                    &|item| matches!(item, Node::Var(slot) if *slot == iter),
                )
                && is_accu(&parts[2]) =>
        {
            Some((LoopKind::Filter, take(&mut parts[0])))
        }
        (init, condition, step)
            if is_empty(init)
                && is_bool(condition, true)
                && appends(step, &|item| !reads_accu(item)) =>
        {
            match step {
                Node::Arithmetic(_, _, right) => match &mut **right {
                    Node::List(items) => items.first_mut().map(|item| (LoopKind::Map, take(item))),
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    };
    match found {
        Some((kind, body)) => Node::Loop(
            kind,
            Box::new(Loop {
                range: fold.range,
                iter,
                body,
            }),
        ),
        None => Node::Fold(Box::new(fold)),
    }
}

/// Wraps each largest subexpression that reads only per-document slots,
/// and, inside it, each loop over the document: a loop one invariant shares
/// with another (the meetings of `group(m.map(...), m)`, read twice) then
/// runs once per document too.
fn cache_invariants(node: &mut Node, invariants: &mut Invariants) {
    let trivial = matches!(
        node,
        Node::Literal(_) | Node::Var(_) | Node::Constants(_) | Node::ConstantMap(_)
    );
    if !trivial && free_slots(node) & !PER_DOCUMENT == 0 {
        for child in node.children_mut() {
            cache_inner_loops(child, invariants);
        }
        let id = invariants.id(node);
        let inner = std::mem::replace(node, Node::Literal(Literal::Null));
        *node = Node::Cached(id, Box::new(inner));
        return;
    }
    for child in node.children_mut() {
        cache_invariants(child, invariants);
    }
}

/// Within an invariant, wraps the outermost loops that are invariant
/// themselves (a loop over an outer loop's variable is not).
fn cache_inner_loops(node: &mut Node, invariants: &mut Invariants) {
    if matches!(node, Node::Loop(..) | Node::Fold(_)) && free_slots(node) & !PER_DOCUMENT == 0 {
        for child in node.children_mut() {
            cache_inner_loops(child, invariants);
        }
        let id = invariants.id(node);
        let inner = std::mem::replace(node, Node::Literal(Literal::Null));
        *node = Node::Cached(id, Box::new(inner));
        return;
    }
    if matches!(node, Node::Cached(..)) {
        return;
    }
    for child in node.children_mut() {
        cache_inner_loops(child, invariants);
    }
}

/// The slots a node reads and does not bind itself, as a bit mask.
fn free_slots(node: &Node) -> u64 {
    match node {
        Node::Var(slot)
        | Node::Field(slot, _)
        | Node::HasField(slot, _)
        | Node::FieldIsText(slot, ..) => 1 << slot,
        Node::Loop(_, each) => {
            free_slots(&each.range) | (free_slots(&each.body) & !(1 << each.iter))
        }
        Node::Fold(fold) => {
            let body =
                free_slots(&fold.condition) | free_slots(&fold.step) | free_slots(&fold.result);
            let bound = 1 << fold.iter | 1 << fold.accu;
            free_slots(&fold.range) | free_slots(&fold.init) | (body & !bound)
        }
        other => other
            .children()
            .into_iter()
            .fold(0, |mask, child| mask | free_slots(child)),
    }
}

/// The children of a node, borrowed shared (`children!(node)`) or mutably
/// (`children!(node, mut)`): one list of the tree's shape for both.
macro_rules! children {
    ($node:expr $(, $mutability:tt)?) => {
        match $node {
            Node::Literal(_)
            | Node::Var(_)
            | Node::Field(..)
            | Node::HasField(..)
            | Node::FieldIsText(..)
            | Node::Constants(_)
            | Node::ConstantMap(_) => Vec::new(),
            Node::Loop(_, each) => vec![&$($mutability)? each.range, &$($mutability)? each.body],
            Node::Select(a, _)
            | Node::Has(a, _)
            | Node::Not(a)
            | Node::NotStrictlyFalse(a)
            | Node::Negate(a)
            | Node::Size(a)
            | Node::String(a)
            | Node::Join(a, None)
            | Node::Calendar(_, a, None)
            | Node::Distinct(a)
            | Node::Flatten(a)
            | Node::Reduce(_, a)
            | Node::InStrings(a, _)
            | Node::Cached(_, a) => vec![a],
            Node::Index(a, b)
            | Node::And(a, b)
            | Node::Or(a, b)
            | Node::Equals(a, b)
            | Node::NotEquals(a, b)
            | Node::Compare(a, b, _)
            | Node::In(a, b)
            | Node::Arithmetic(_, a, b)
            | Node::Join(a, Some(b))
            | Node::Group(a, b)
            | Node::Calendar(_, a, Some(b))
            | Node::Text(_, a, b) => vec![a, b],
            Node::List(items) | Node::Concat(items) => items.into_iter().collect(),
            Node::Conditional(parts) => (&$($mutability)? **parts).into_iter().collect(),
            Node::Fold(fold) => vec![
                &$($mutability)? fold.range,
                &$($mutability)? fold.init,
                &$($mutability)? fold.condition,
                &$($mutability)? fold.step,
                &$($mutability)? fold.result,
            ],
        }
    };
}

impl Node {
    fn children(&self) -> Vec<&Node> {
        children!(self)
    }

    fn children_mut(&mut self) -> Vec<&mut Node> {
        children!(self, mut)
    }
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

/// A list literal: its items once, when they are all literals (and there
/// are some: `[]` is how macros start their accumulator).
fn constants(items: Vec<Node>) -> Node {
    if items.is_empty() || !items.iter().all(|item| matches!(item, Node::Literal(_))) {
        return Node::List(items);
    }
    let literals = items
        .into_iter()
        .filter_map(|item| match item {
            Node::Literal(literal) => Some(literal),
            _ => None,
        })
        .collect();
    Node::Constants(literals)
}

/// A map literal with string keys and literal values, built once; `None`
/// (cel decides) for any other map literal.
fn constant_map(map: &cel::common::ast::MapExpr) -> Option<Node> {
    use cel::common::ast::EntryExpr;
    let mut entries = HashMap::new();
    for entry in &map.entries {
        let EntryExpr::MapEntry(entry) = &entry.expr else {
            return None;
        };
        let (Expr::Literal(LiteralValue::String(key)), Expr::Literal(value)) =
            (&entry.key.expr, &entry.value.expr)
        else {
            return None;
        };
        if entry.optional {
            return None;
        }
        let value = literal(value)?;
        // A repeated key is an error in cel.
        if entries
            .insert(Box::<str>::from(key.inner()), value)
            .is_some()
        {
            return None;
        }
    }
    Some(Node::ConstantMap(Box::new(ConstantMap { entries })))
}

/// Up to this many strings, comparing them in turn beats hashing the one
/// looked up (the national pack's lists are short; a pathway table is not).
const SET_FROM: usize = 8;

/// `a in b`, as a set lookup when `b` is a list literal of more than
/// [`SET_FROM`] strings.
fn in_list(a: Box<Node>, b: Node) -> Node {
    match b {
        Node::Constants(items)
            if items.len() > SET_FROM
                && items.iter().all(|item| matches!(item, Literal::Str(_))) =>
        {
            let set = items
                .iter()
                .filter_map(|item| match item {
                    Literal::Str(text) => Some(text.clone()),
                    _ => None,
                })
                .collect();
            Node::InStrings(a, Box::new(Strings { set, items }))
        }
        b => Node::In(a, boxed(b)),
    }
}

fn literal(literal: &LiteralValue) -> Option<Literal> {
    Some(match literal {
        LiteralValue::Null => Literal::Null,
        LiteralValue::Boolean(b) => Literal::Bool(*b.inner()),
        LiteralValue::Int(i) => Literal::Int(*i.inner()),
        LiteralValue::UInt(u) => Literal::UInt(*u.inner()),
        LiteralValue::Double(d) => Literal::Double(*d.inner()),
        LiteralValue::String(s) => Literal::Str(s.inner().into()),
        LiteralValue::Bytes(_) => return None,
    })
}

/// `size(list)`, or the count of a `filter` without its list.
fn size(list: Node) -> Node {
    match list {
        Node::Loop(LoopKind::Filter, each) => Node::Loop(LoopKind::Count, each),
        list => Node::Size(boxed(list)),
    }
}

/// `a + b`: one [`Node::Concat`] of the whole chain when `a` is itself a
/// sum, so `'x' + y + 'z'` is one node; two operands stay an addition (the
/// shape cel's `map`/`filter` accumulators are recognised by).
fn concat(a: Node, b: Node) -> Node {
    match a {
        Node::Concat(mut operands) => {
            operands.push(b);
            Node::Concat(operands)
        }
        Node::Arithmetic(Arithmetic::Add, first, second) => Node::Concat(vec![*first, *second, b]),
        a => Node::Arithmetic(Arithmetic::Add, boxed(a), boxed(b)),
    }
}

/// `a == b` (`equal`) or `a != b`, as one [`Node::FieldIsText`] when `a` is
/// a variable's field and `b` a string.
fn field_is_text(a: Node, b: Node, equal: bool) -> Node {
    match (a, b) {
        (Node::Field(slot, field), Node::Literal(Literal::Str(text))) => {
            Node::FieldIsText(slot, field, text, equal)
        }
        (a, b) if equal => Node::Equals(boxed(a), boxed(b)),
        (a, b) => Node::NotEquals(boxed(a), boxed(b)),
    }
}

impl Compiler {
    fn node(&mut self, expression: &IdedExpr) -> Option<Node> {
        Some(match &expression.expr {
            Expr::Literal(value) => Node::Literal(literal(value)?),
            Expr::Ident(name) => {
                let (_, slot) = self.scope.iter().rev().find(|(bound, _)| bound == name)?;
                Node::Var(*slot)
            }
            Expr::Select(select) => {
                let operand = self.node(&select.operand)?;
                let field = Name::new(&select.field);
                match operand {
                    Node::Var(slot) if select.test => Node::HasField(slot, field),
                    _ if select.test => Node::Has(boxed(operand), field),
                    Node::Var(slot) => Node::Field(slot, field),
                    _ => Node::Select(boxed(operand), field),
                }
            }
            Expr::List(list) if list.optional_indices.is_empty() => constants(
                list.elements
                    .iter()
                    .map(|element| self.node(element))
                    .collect::<Option<_>>()?,
            ),
            Expr::Map(map) => constant_map(map)?,
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
                    "size" => size(*a),
                    "string" => Node::String(a),
                    "sum" => Node::Reduce(Reduce::Sum, a),
                    "min" => Node::Reduce(Reduce::Min, a),
                    "max" => Node::Reduce(Reduce::Max, a),
                    "school_year_of" => Node::Calendar(Calendar::SchoolYearOf, a, None),
                    "school_months" => Node::Calendar(Calendar::SchoolMonths, a, None),
                    _ => return None,
                }
            }
            (None, 2) => {
                let (a, b) = (next()?, next()?);
                match name {
                    operators::LOGICAL_AND => Node::And(a, b),
                    operators::LOGICAL_OR => Node::Or(a, b),
                    operators::EQUALS => field_is_text(*a, *b, true),
                    operators::NOT_EQUALS => field_is_text(*a, *b, false),
                    operators::LESS => Node::Compare(a, b, Ordering::is_lt),
                    operators::LESS_EQUALS => Node::Compare(a, b, Ordering::is_le),
                    operators::GREATER => Node::Compare(a, b, Ordering::is_gt),
                    operators::GREATER_EQUALS => Node::Compare(a, b, Ordering::is_ge),
                    operators::IN => in_list(a, *b),
                    operators::INDEX => Node::Index(a, b),
                    operators::ADD => concat(*a, *b),
                    operators::SUBSTRACT => Node::Arithmetic(Arithmetic::Subtract, a, b),
                    operators::MULTIPLY => Node::Arithmetic(Arithmetic::Multiply, a, b),
                    operators::DIVIDE => Node::Arithmetic(Arithmetic::Divide, a, b),
                    operators::MODULO => Node::Arithmetic(Arithmetic::Modulo, a, b),
                    "months_between" => Node::Calendar(Calendar::MonthsBetween, a, Some(b)),
                    "in_school_year" => Node::Calendar(Calendar::InSchoolYear, a, Some(b)),
                    "days_between" => Node::Calendar(Calendar::DaysBetween, a, Some(b)),
                    "group" => Node::Group(a, b),
                    _ => return None,
                }
            }
            (None, 3) if name == operators::CONDITIONAL => {
                Node::Conditional(Box::new([*next()?, *next()?, *next()?]))
            }
            (Some(target), 0) => match name {
                "size" => size(target),
                "join" => Node::Join(boxed(target), None),
                "distinct" => Node::Distinct(boxed(target)),
                "flatten" => Node::Flatten(boxed(target)),
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
        if comprehension.iter_var2.is_some() || self.slots + 2 > MAX_SLOTS {
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
        Some(recognise(compiled?))
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
