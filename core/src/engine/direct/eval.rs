//! Walking a compiled tree over one document. `None` means "ask cel".

use std::rc::Rc;

use serde_json::Value;

use super::compile::{
    Arithmetic, Calendar, Direct, Fold, Loop, LoopKind, Node, TextTest, DOC, FRAMEWORK, GLOBALS,
    INDEX, ITEM, TODAY,
};
use super::value::{literal, Groups, V};
use crate::document::Name;
use crate::engine::functions::lists::{self, Reduce, Scalar};
use crate::engine::pointer::Key;

/// The variables of one evaluation: the globals, then comprehension variables.
/// One frame serves every rule of a document; `item` and `index` change per
/// `each` item.
pub(crate) struct Frame<'a> {
    slots: Vec<Option<V<'a>>>,
    /// Per-document subexpressions evaluated so far (see `Invariants`):
    /// `Some(None)` is one left to cel.
    cache: Vec<Option<Option<V<'a>>>>,
    /// Steps left of the document's evaluation budget (`engine::budget`).
    steps_left: u64,
    /// Set once a step was refused: every evaluation then gives up.
    exhausted: bool,
}

impl<'a> Frame<'a> {
    /// A frame for `doc`, with no `item` until [`Frame::set_item`], room
    /// for `invariants` cached subexpressions, and `budget` steps to spend.
    pub(crate) fn new(
        doc: V<'a>,
        framework: &'a Value,
        today: Option<&'a str>,
        invariants: usize,
        budget: u64,
    ) -> Frame<'a> {
        let mut slots = vec![None; GLOBALS.len()];
        slots[DOC] = Some(doc);
        slots[FRAMEWORK] = Some(V::json(framework));
        // Unset, an expression reading `today` gives up (cel then reports it).
        slots[TODAY] = today.map(V::Str);
        Frame {
            slots,
            cache: vec![None; invariants],
            steps_left: budget,
            exhausted: false,
        }
    }

    /// Spends `steps` of the budget, or gives up (`None`) for good.
    #[inline]
    fn spend(&mut self, steps: usize) -> Option<()> {
        match self.steps_left.checked_sub(steps as u64) {
            Some(left) if !self.exhausted => {
                self.steps_left = left;
                Some(())
            }
            _ => {
                self.steps_left = 0;
                self.exhausted = true;
                None
            }
        }
    }

    /// Spends the steps of `bytes` of text built: one per 64 started.
    fn spend_text(&mut self, bytes: usize) -> Option<()> {
        self.spend(bytes.div_ceil(64))
    }

    /// Whether the document's budget is spent: an evaluation that gave up
    /// did so for that reason, and cel must not be asked instead.
    pub(crate) fn exhausted(&self) -> bool {
        self.exhausted || self.steps_left == 0
    }

    pub(crate) fn steps_left(&self) -> u64 {
        self.steps_left
    }

    /// What a cel evaluation left of the budget.
    pub(crate) fn set_steps_left(&mut self, left: u64) {
        self.steps_left = left;
        if left == 0 {
            self.exhausted = true;
        }
    }

    /// Binds `item` and `index` (a position or a key), or unbinds them.
    pub(crate) fn set_item(&mut self, item: Option<(V<'a>, Key<'a>)>) {
        let (item, index) = match item {
            Some((value, index)) => (
                Some(value),
                Some(match index {
                    Key::Index(i) => V::Int(i64::try_from(i).unwrap_or(i64::MAX)),
                    Key::Name(name) => V::Str(name),
                }),
            ),
            None => (None, None),
        };
        self.slots[ITEM] = item;
        self.slots[INDEX] = index;
    }
}

impl Direct {
    /// The value of the expression, or `None` where cel must decide.
    pub(crate) fn eval<'a>(&'a self, frame: &mut Frame<'a>) -> Option<V<'a>> {
        if frame.slots.len() < self.slots {
            frame.slots.resize(self.slots, None);
        }
        if frame.exhausted {
            return None;
        }
        eval(&self.root, frame)
    }
}

/// The member `field` of the variable in `slot`, as [`V::member_named`]
/// gives it: the one lookup behind `Field`, `FieldIsText` and `HasField`.
#[inline]
fn slot_field<'a>(frame: &Frame<'a>, slot: usize, field: &Name) -> Option<Option<V<'a>>> {
    frame.slots.get(slot)?.as_ref()?.member_named(field)
}

/// The hot nodes (variables, fields, logic, equality) are handled here; the
/// rest live in their own functions so that this one stays small: it runs
/// for every node of every rule.
fn eval<'a>(node: &'a Node, frame: &mut Frame<'a>) -> Option<V<'a>> {
    Some(match node {
        Node::Literal(value) => literal(value),
        Node::Var(slot) => frame.slots.get(*slot)?.clone()?,
        Node::Field(slot, field) => slot_field(frame, *slot, field)??,
        Node::FieldIsText(slot, field, text, equal) => {
            let value = slot_field(frame, *slot, field)??;
            // `equals` of a string and anything else is cel's call: `None`.
            V::Bool((*value.as_str()? == **text) == *equal)
        }
        Node::Select(operand, field) => eval(operand, frame)?.member_named(field)??,
        Node::Has(operand, field) => V::Bool(eval(operand, frame)?.member_named(field)?.is_some()),
        Node::HasField(slot, field) => V::Bool(slot_field(frame, *slot, field)?.is_some()),
        Node::Not(operand) => V::Bool(!eval(operand, frame)?.as_bool()?),
        Node::NotStrictlyFalse(operand) => V::Bool(eval(operand, frame)?.as_bool()?),
        Node::And(left, right) => {
            V::Bool(eval(left, frame)?.as_bool()? && eval(right, frame)?.as_bool()?)
        }
        Node::Or(left, right) => {
            V::Bool(eval(left, frame)?.as_bool()? || eval(right, frame)?.as_bool()?)
        }
        Node::Conditional(parts) => {
            let [condition, then, otherwise] = &**parts;
            if eval(condition, frame)?.as_bool()? {
                eval(then, frame)?
            } else {
                eval(otherwise, frame)?
            }
        }
        Node::Equals(left, right) => V::Bool(eval(left, frame)?.equals(&eval(right, frame)?)?),
        Node::NotEquals(left, right) => V::Bool(!eval(left, frame)?.equals(&eval(right, frame)?)?),
        Node::Cached(id, inner) => match frame.cache.get(*id)? {
            Some(known) => known.clone()?,
            None => return cache_miss(*id, inner, frame),
        },
        Node::Fold(fold) => return fold_items(fold, frame),
        Node::Loop(kind, each) => return loop_items(*kind, each, frame),
        _ => return eval_cold(node, frame),
    })
}

/// A calendar function's value, as `engine::functions` computes it for cel:
/// `None` where cel would raise an error.
fn calendar<'a>(function: Calendar, first: &str, second: Option<Option<&str>>) -> Option<V<'a>> {
    use crate::engine::functions;
    let months = |list: Vec<String>| {
        V::List(Rc::new(
            list.into_iter().map(|m| V::String(m.into())).collect(),
        ))
    };
    Some(match (function, second) {
        (Calendar::SchoolYearOf, None) => {
            let text = functions::school_year_bytes(first)?;
            V::String(std::str::from_utf8(&text).ok()?.into())
        }
        (Calendar::InSchoolYear, Some(year)) => {
            V::Bool(functions::date_in_school_year(first, year?)?)
        }
        (Calendar::SchoolMonths, None) => months(functions::months_of_school_year(first)?),
        (Calendar::MonthsBetween, Some(last)) => months(functions::months_from_to(first, last?)?),
        (Calendar::DaysBetween, Some(to)) => V::Int(functions::days_from_to(first, to?)?),
        _ => return None,
    })
}

#[inline(never)]
fn cache_miss<'a>(id: usize, inner: &'a Node, frame: &mut Frame<'a>) -> Option<V<'a>> {
    let value = eval(inner, frame);
    if let Some(entry) = frame.cache.get_mut(id) {
        *entry = Some(value.clone());
    }
    value
}

/// Every other node: operators and functions rules use less often.
#[inline(never)]
fn eval_cold<'a>(node: &'a Node, frame: &mut Frame<'a>) -> Option<V<'a>> {
    Some(match node {
        Node::Index(target, key) => {
            let target = eval(target, frame)?;
            let key = eval(key, frame)?;
            match (&target, &key) {
                (V::Object(_) | V::TreeObject(_) | V::ConstantMap(_) | V::Map(_), _) => {
                    target.member(key.as_str()?)??
                }
                (_, V::Int(i)) => target.items()?.nth(usize::try_from(*i).ok()?)?,
                _ => return None,
            }
        }
        Node::List(elements) => {
            frame.spend(elements.len())?;
            V::List(Rc::new(
                elements
                    .iter()
                    .map(|element| eval(element, frame))
                    .collect::<Option<_>>()?,
            ))
        }
        Node::Compare(left, right, holds) => {
            V::Bool(holds(eval(left, frame)?.compare(&eval(right, frame)?)?))
        }
        Node::In(element, container) => {
            let element = eval(element, frame)?;
            match eval(container, frame)? {
                map @ (V::Object(_) | V::TreeObject(_) | V::ConstantMap(_) | V::Map(_)) => {
                    V::Bool(map.member(element.as_str()?)?.is_some())
                }
                list => {
                    let mut found = false;
                    for item in list.items()? {
                        if element.equals(&item)? {
                            found = true;
                            break;
                        }
                    }
                    V::Bool(found)
                }
            }
        }
        Node::Arithmetic(operator, left, right) => {
            let value = arithmetic(*operator, eval(left, frame)?, eval(right, frame)?)?;
            spend_built(frame, &value)?;
            value
        }
        Node::Negate(operand) => match eval(operand, frame)? {
            V::Int(i) => V::Int(i.checked_neg()?),
            V::Double(d) => V::Double(-d),
            _ => return None,
        },
        Node::Size(operand) => V::Int(i64::try_from(eval(operand, frame)?.size()?).ok()?),
        Node::Constants(items) => V::Constants(items),
        Node::ConstantMap(map) => V::ConstantMap(map),
        Node::InStrings(element, strings) => {
            let element = eval(element, frame)?;
            match element.as_str() {
                Some(text) => V::Bool(strings.set.contains(text)),
                // Not a string: item by item, as `in` over any list.
                None => {
                    let mut found = false;
                    for item in &*strings.items {
                        if element.equals(&literal(item))? {
                            found = true;
                            break;
                        }
                    }
                    V::Bool(found)
                }
            }
        }
        Node::Reduce(function, list) => {
            let list = eval(list, frame)?;
            frame.spend(list.list_len()?)?;
            reduce(*function, &list)?
        }
        Node::Calendar(function, first, second) => {
            let first = eval(first, frame)?;
            let second = match second {
                Some(second) => Some(eval(second, frame)?),
                None => None,
            };
            let value = calendar(*function, first.as_str()?, second.as_ref().map(V::as_str))?;
            spend_built(frame, &value)?;
            value
        }
        Node::Concat(operands) => {
            let values: Vec<V<'a>> = operands
                .iter()
                .map(|operand| eval(operand, frame))
                .collect::<Option<_>>()?;
            if values.iter().all(|v| v.as_str().is_some()) {
                let length = values.iter().map(|v| v.as_str().map_or(0, str::len)).sum();
                frame.spend_text(length)?;
                let mut joined = String::with_capacity(length);
                for value in &values {
                    joined.push_str(value.as_str()?);
                }
                V::String(joined.into())
            } else {
                let mut values = values.into_iter();
                let first = values.next()?;
                let sum =
                    values.try_fold(first, |sum, value| arithmetic(Arithmetic::Add, sum, value))?;
                spend_built(frame, &sum)?;
                sum
            }
        }
        Node::Distinct(list) => distinct(&eval(list, frame)?, frame)?,
        Node::Flatten(list) => {
            // Lists of lists only: cel's flatten of anything else is its call.
            let list = eval(list, frame)?;
            let mut items = Vec::new();
            for inner in list.items()? {
                frame.spend(1 + inner.list_len()?)?;
                items.extend(inner.items()?);
            }
            V::List(Rc::new(items))
        }
        Node::Group(keys, values) => {
            let (keys, values) = (eval(keys, frame)?, eval(values, frame)?);
            group(&keys, &values, frame)?
        }
        Node::String(operand) => match eval(operand, frame)? {
            V::Int(i) => V::String(i.to_string().into()),
            V::UInt(u) => V::String(u.to_string().into()),
            V::Bool(b) => V::String(b.to_string().into()),
            text @ (V::Str(_) | V::String(_)) => text,
            _ => return None,
        },
        Node::Join(list, separator) => {
            let list = eval(list, frame)?;
            let separator = match separator {
                Some(separator) => Some(eval(separator, frame)?),
                None => None,
            };
            let separator = match &separator {
                Some(separator) => separator.as_str()?,
                None => "",
            };
            let mut joined = String::new();
            for (i, item) in list.items()?.enumerate() {
                if i > 0 {
                    joined.push_str(separator);
                }
                joined.push_str(item.as_str()?);
            }
            frame.spend(list.list_len()?)?;
            frame.spend_text(joined.len())?;
            V::String(joined.into())
        }
        Node::Text(test, text, other) => {
            let (text, other) = (eval(text, frame)?, eval(other, frame)?);
            let (text, other) = (text.as_str()?, other.as_str()?);
            V::Bool(match test {
                TextTest::StartsWith => text.starts_with(other),
                TextTest::EndsWith => text.ends_with(other),
                TextTest::Contains => text.contains(other),
            })
        }
        Node::Literal(_)
        | Node::Var(_)
        | Node::Field(..)
        | Node::FieldIsText(..)
        | Node::HasField(..)
        | Node::Loop(..)
        | Node::Select(..)
        | Node::Has(..)
        | Node::Not(_)
        | Node::NotStrictlyFalse(_)
        | Node::And(..)
        | Node::Or(..)
        | Node::Conditional(_)
        | Node::Equals(..)
        | Node::NotEquals(..)
        | Node::Cached(..)
        | Node::Fold(_) => return eval(node, frame),
    })
}

/// Spends what building `value` cost: its items, or its text.
fn spend_built(frame: &mut Frame<'_>, value: &V<'_>) -> Option<()> {
    match value {
        V::List(items) => frame.spend(items.len()),
        V::String(text) => frame.spend_text(text.len()),
        _ => Some(()),
    }
}

/// `list.distinct()`: the items in first-seen order, without repeats, found
/// by hashing. Scalars only: the equality of anything else is left to cel.
/// An int and a uint of one value are not equal here (cel's `==` of the two
/// is its own call), as [`V::equals`] says.
fn distinct<'a>(list: &V<'a>, frame: &mut Frame<'a>) -> Option<V<'a>> {
    #[derive(PartialEq, Eq, Hash)]
    enum Seen<'s> {
        Bool(bool),
        Int(i64),
        UInt(u64),
        Text(&'s str),
    }
    /// Up to this many items, each is compared with those kept: cheaper
    /// than hashing for the few dates of a plan.
    const SCANNED: usize = 16;
    frame.spend(list.list_len()?)?;
    let items: Vec<V<'a>> = list.items()?.collect();
    let key = |item: &'_ V<'a>| -> Option<()> {
        matches!(
            item,
            V::Bool(_) | V::Int(_) | V::UInt(_) | V::Str(_) | V::String(_)
        )
        .then_some(())
    };
    let mut kept: Vec<V<'a>> = Vec::new();
    if items.len() <= SCANNED {
        for item in items {
            key(&item)?;
            if !kept
                .iter()
                .any(|earlier| earlier.equals(&item) == Some(true))
            {
                kept.push(item);
            }
        }
        return Some(V::List(Rc::new(kept)));
    }
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    for item in &items {
        let key = match item {
            V::Bool(b) => Seen::Bool(*b),
            V::Int(i) => Seen::Int(*i),
            V::UInt(u) => Seen::UInt(*u),
            V::Str(_) | V::String(_) => Seen::Text(item.as_str()?),
            _ => return None,
        };
        if seen.insert(key) {
            kept.push(item.clone());
        }
    }
    Some(V::List(Rc::new(kept)))
}

/// `group(keys, values)`: each distinct key (a string) with the values at
/// the positions it holds, in order. Lists of unequal length are an error.
fn group<'a>(keys: &V<'a>, values: &V<'a>, frame: &mut Frame<'a>) -> Option<V<'a>> {
    if keys.list_len()? != values.list_len()? {
        return None;
    }
    frame.spend(keys.list_len()?)?;
    let mut groups = Groups::default();
    for (key, value) in keys.items()?.zip(values.items()?) {
        groups.list_of(key)?.push(value);
    }
    Some(V::Map(Rc::new(groups)))
}

/// `sum`, `min` or `max` of a list, as cel's overloads compute them.
fn reduce<'a>(function: Reduce, list: &V<'a>) -> Option<V<'a>> {
    let items: Vec<V<'a>> = list.items()?.collect();
    fn scalar<'s>(item: &'s V<'_>) -> Option<Scalar<'s>> {
        Some(match item {
            V::Int(i) => Scalar::Int(*i),
            V::UInt(u) => Scalar::UInt(*u),
            V::Double(d) => Scalar::Double(*d),
            _ => Scalar::Str(item.as_str()?),
        })
    }
    match function {
        Reduce::Sum => Some(match lists::sum(items.iter().map(scalar))? {
            Scalar::Int(i) => V::Int(i),
            Scalar::UInt(u) => V::UInt(u),
            Scalar::Double(d) => V::Double(d),
            Scalar::Str(_) => return None,
        }),
        Reduce::Min | Reduce::Max => {
            let position = lists::extreme(function, items.iter().map(scalar))?;
            items.into_iter().nth(position)
        }
    }
}

/// A recognised macro over a list.
#[inline(never)]
fn loop_items<'a>(kind: LoopKind, each: &'a Loop, frame: &mut Frame<'a>) -> Option<V<'a>> {
    let range = eval(&each.range, frame)?;
    let mut built = Vec::new();
    let mut count = 0_usize;
    for item in range.items()? {
        frame.spend(1)?;
        let kept = matches!(kind, LoopKind::Filter).then(|| item.clone());
        frame.slots[each.iter] = Some(item);
        let value = eval(&each.body, frame)?;
        match kind {
            LoopKind::Exists if value.as_bool()? => return Some(V::Bool(true)),
            LoopKind::All if !value.as_bool()? => return Some(V::Bool(false)),
            LoopKind::Filter if value.as_bool()? => built.extend(kept),
            LoopKind::Map => built.push(value),
            LoopKind::Count if value.as_bool()? => count += 1,
            LoopKind::Exists | LoopKind::All | LoopKind::Filter | LoopKind::Count => {}
        }
    }
    Some(match kind {
        LoopKind::Exists => V::Bool(false),
        LoopKind::All => V::Bool(true),
        LoopKind::Count => V::Int(i64::try_from(count).ok()?),
        LoopKind::Filter | LoopKind::Map => V::List(Rc::new(built)),
    })
}

/// A comprehension over a list: cel's macros, whatever their step.
#[inline(never)]
fn fold_items<'a>(fold: &'a Fold, frame: &mut Frame<'a>) -> Option<V<'a>> {
    let range = eval(&fold.range, frame)?;
    frame.slots[fold.accu] = Some(eval(&fold.init, frame)?);
    for item in range.items()? {
        frame.spend(1)?;
        frame.slots[fold.iter] = Some(item);
        if !eval(&fold.condition, frame)?.as_bool()? {
            break;
        }
        let next = eval(&fold.step, frame)?;
        frame.slots[fold.accu] = Some(next);
    }
    let result = eval(&fold.result, frame);
    frame.slots[fold.iter] = None;
    frame.slots[fold.accu] = None;
    result
}

fn arithmetic<'a>(operator: Arithmetic, left: V<'a>, right: V<'a>) -> Option<V<'a>> {
    use Arithmetic::{Add, Divide, Modulo, Multiply, Subtract};
    Some(match (operator, &left, &right) {
        (Add, V::Int(a), V::Int(b)) => V::Int(a.checked_add(*b)?),
        (Subtract, V::Int(a), V::Int(b)) => V::Int(a.checked_sub(*b)?),
        (Multiply, V::Int(a), V::Int(b)) => V::Int(a.checked_mul(*b)?),
        (Divide, V::Int(a), V::Int(b)) => V::Int(a.checked_div(*b)?),
        (Modulo, V::Int(a), V::Int(b)) => V::Int(a.checked_rem(*b)?),
        (Add, V::UInt(a), V::UInt(b)) => V::UInt(a.checked_add(*b)?),
        (Subtract, V::UInt(a), V::UInt(b)) => V::UInt(a.checked_sub(*b)?),
        (Multiply, V::UInt(a), V::UInt(b)) => V::UInt(a.checked_mul(*b)?),
        (Divide, V::UInt(a), V::UInt(b)) => V::UInt(a.checked_div(*b)?),
        (Modulo, V::UInt(a), V::UInt(b)) => V::UInt(a.checked_rem(*b)?),
        (Add, V::Double(a), V::Double(b)) => V::Double(a + b),
        (Subtract, V::Double(a), V::Double(b)) => V::Double(a - b),
        (Multiply, V::Double(a), V::Double(b)) => V::Double(a * b),
        (Divide, V::Double(a), V::Double(b)) => V::Double(a / b),
        (Add, _, _) => {
            if let (Some(a), Some(b)) = (left.as_str(), right.as_str()) {
                let mut joined = String::with_capacity(a.len() + b.len());
                joined.push_str(a);
                joined.push_str(b);
                V::String(joined.into())
            } else {
                let (a, b) = (left.items()?, right.items()?);
                V::List(Rc::new(a.chain(b).collect()))
            }
        }
        _ => return None,
    })
}
