//! `sum(list)`, `min(list)` and `max(list)`: CEL has no fold, so a credit
//! total had to be written out term by term.
//!
//! - `sum` of ints is an int (an overflow is an error), of uints a uint; a
//!   list with any double (`[1, 0.5]`: JSON credits mix both) sums as a
//!   double. The sum of `[]` is `0`.
//! - `min` and `max` give the least or greatest item, keeping its type: of
//!   numbers (ints, uints and doubles compare by value), or of strings
//!   (`max(dates)` is the latest `YYYY-MM-DD`). Of equal items, the first.
//!   An empty list is an error.
//!
//! Anything else in the list is an error. The logic lives here once, over
//! [`Scalar`]s; cel's overloads and direct evaluation only convert to them.
//!
//! `group(keys, values)` is a map from each distinct key (a string) to the
//! values at the positions it holds, in order: `group(years, dates)` groups
//! dates by their school year once, so a rule `each` school year reads its
//! own with `item.year in g ? g[item.year] : []` in constant time instead
//! of filtering every date again per year (quadratic on long plans). Lists
//! of unequal length, or a key that is no string, are an error.

use std::cmp::Ordering;

use std::collections::HashMap;

use cel::common::types::{
    CelDouble, CelInt, CelList, CelMap, CelMapKey, CelString, CelUInt, LIST_TYPE,
};
use cel::common::value::{CowVal, Val};
use cel::{DeclarationError, Env, ExecutionError};

/// One item of a list these functions read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scalar<'s> {
    Int(i64),
    UInt(u64),
    Double(f64),
    Str(&'s str),
}

/// Which function, for messages and dispatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reduce {
    Sum,
    Min,
    Max,
}

impl Reduce {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Reduce::Sum => "sum",
            Reduce::Min => "min",
            Reduce::Max => "max",
        }
    }
}

/// The sum, or `None` where it is an error (a non-number, an overflow, ints
/// mixed with uints and no double).
pub(crate) fn sum<'s>(items: impl Iterator<Item = Option<Scalar<'s>>>) -> Option<Scalar<'static>> {
    let mut int: Option<i64> = Some(0);
    let mut uint: Option<u64> = Some(0);
    let mut double = 0.0_f64;
    let (mut ints, mut uints, mut doubles) = (false, false, false);
    for item in items {
        match item? {
            Scalar::Int(i) => {
                ints = true;
                int = int.and_then(|sum| sum.checked_add(i));
                #[allow(clippy::cast_precision_loss)]
                let as_double = i as f64;
                double += as_double;
            }
            Scalar::UInt(u) => {
                uints = true;
                uint = uint.and_then(|sum| sum.checked_add(u));
                #[allow(clippy::cast_precision_loss)]
                let as_double = u as f64;
                double += as_double;
            }
            Scalar::Double(d) => {
                doubles = true;
                double += d;
            }
            Scalar::Str(_) => return None,
        }
    }
    match (ints, uints, doubles) {
        (_, _, true) => Some(Scalar::Double(double)),
        (true, true, false) => None,
        (false, true, false) => uint.map(Scalar::UInt),
        (_, false, false) => int.map(Scalar::Int),
    }
}

/// The position of the least (`Min`) or greatest (`Max`) item, the first
/// of equal ones; `None` where it is an error.
pub(crate) fn extreme<'s>(
    function: Reduce,
    items: impl Iterator<Item = Option<Scalar<'s>>>,
) -> Option<usize> {
    let wanted = match function {
        Reduce::Min => Ordering::Less,
        Reduce::Max => Ordering::Greater,
        Reduce::Sum => return None,
    };
    let mut best: Option<(usize, Scalar<'s>)> = None;
    for (position, item) in items.enumerate() {
        let item = item?;
        best = Some(match best {
            None => {
                // A NaN has no place in an order.
                compare(&item, &item)?;
                (position, item)
            }
            Some((at, current)) => {
                if compare(&item, &current)? == wanted {
                    (position, item)
                } else {
                    (at, current)
                }
            }
        });
    }
    best.map(|(position, _)| position)
}

/// Numbers by value whatever their type, strings by their text; a number
/// and a string have no order.
fn compare(a: &Scalar<'_>, b: &Scalar<'_>) -> Option<Ordering> {
    #[allow(clippy::cast_precision_loss)]
    let number = |s: &Scalar<'_>| match *s {
        Scalar::Int(i) => Some(i as f64),
        Scalar::UInt(u) => Some(u as f64),
        Scalar::Double(d) => Some(d),
        Scalar::Str(_) => None,
    };
    match (a, b) {
        (Scalar::Int(a), Scalar::Int(b)) => Some(a.cmp(b)),
        (Scalar::UInt(a), Scalar::UInt(b)) => Some(a.cmp(b)),
        (Scalar::Str(a), Scalar::Str(b)) => Some(a.cmp(b)),
        _ => number(a)?.partial_cmp(&number(b)?),
    }
}

pub(super) fn register(env: &mut Env) -> Result<(), DeclarationError> {
    env.add_overload("sum", "sum(list)", vec![LIST_TYPE], sum_val)?;
    env.add_overload("min", "min(list)", vec![LIST_TYPE], min_val)?;
    env.add_overload("max", "max(list)", vec![LIST_TYPE], max_val)?;
    env.add_overload(
        "group",
        "group(list, list)",
        vec![LIST_TYPE, LIST_TYPE],
        group_val,
    )
}

fn group_val<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    let invalid = || {
        ExecutionError::function_error(
            "group",
            "takes a list of string keys and a list of values of the same length",
        )
    };
    let [keys, values] = args.as_slice() else {
        return Err(ExecutionError::invalid_argument_count(2, args.len()));
    };
    let (Some(keys), Some(values)) = (keys.as_iterable(), values.as_iterable()) else {
        return Err(invalid());
    };
    let mut groups: HashMap<CelMapKey<'v>, Vec<Box<dyn Val + 'v>>> = HashMap::new();
    let (mut keys, mut values) = (keys.iter(), values.iter());
    loop {
        match (keys.next(), values.next()) {
            (None, None) => break,
            (Some(key), Some(value)) => {
                let key = key.downcast_ref::<CelString>().ok_or_else(invalid)?;
                groups
                    .entry(CelMapKey::from(key.inner().to_owned()))
                    .or_default()
                    .push(value.clone_as_boxed());
            }
            _ => return Err(invalid()),
        }
    }
    let map: HashMap<CelMapKey<'v>, Box<dyn Val + 'v>> = groups
        .into_iter()
        .map(|(key, items)| (key, Box::new(CelList::from(items)) as Box<dyn Val + 'v>))
        .collect();
    Ok(CowVal::Owned(Box::new(CelMap::from(map))))
}

/// A cel value as a [`Scalar`], if it is one.
fn scalar<'s>(value: &'s dyn Val) -> Option<Scalar<'s>> {
    if let Some(i) = value.downcast_ref::<CelInt>() {
        return Some(Scalar::Int(*i.inner()));
    }
    if let Some(u) = value.downcast_ref::<CelUInt>() {
        return Some(Scalar::UInt(*u.inner()));
    }
    if let Some(d) = value.downcast_ref::<CelDouble>() {
        return Some(Scalar::Double(*d.inner()));
    }
    value
        .downcast_ref::<CelString>()
        .map(|s| Scalar::Str(s.inner()))
}

/// The items of the one list argument.
fn items<'a, 'v>(
    function: Reduce,
    args: &'a [CowVal<'_, 'v>],
) -> Result<Vec<&'a (dyn Val + 'v)>, ExecutionError> {
    let list = match args {
        [list] => list.as_ref(),
        _ => return Err(ExecutionError::invalid_argument_count(1, args.len())),
    };
    let Some(iterable) = list.as_iterable() else {
        return Err(invalid(function));
    };
    let mut found = Vec::new();
    let mut iterator = iterable.iter();
    while let Some(item) = iterator.next() {
        found.push(item);
    }
    Ok(found)
}

fn invalid(function: Reduce) -> ExecutionError {
    let what = match function {
        Reduce::Sum => "a list of numbers",
        Reduce::Min | Reduce::Max => "a list of numbers or of strings, not empty",
    };
    ExecutionError::function_error(function.name(), format!("takes {what}"))
}

fn sum_val<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    let items = items(Reduce::Sum, &args)?;
    let value: Box<dyn Val> = match sum(items.iter().map(|item| scalar(*item))) {
        Some(Scalar::Int(i)) => Box::new(CelInt::from(i)),
        Some(Scalar::UInt(u)) => Box::new(CelUInt::from(u)),
        Some(Scalar::Double(d)) => Box::new(CelDouble::from(d)),
        Some(Scalar::Str(_)) | None => return Err(invalid(Reduce::Sum)),
    };
    Ok(CowVal::Owned(value))
}

fn extreme_val<'b, 'v>(
    function: Reduce,
    args: &[CowVal<'b, 'v>],
) -> Result<CowVal<'b, 'v>, ExecutionError> {
    let items = items(function, args)?;
    let position = extreme(function, items.iter().map(|item| scalar(*item)))
        .ok_or_else(|| invalid(function))?;
    let item = items.get(position).ok_or_else(|| invalid(function))?;
    Ok(CowVal::Owned(item.clone_as_boxed()))
}

fn min_val<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    extreme_val(Reduce::Min, &args)
}

fn max_val<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    extreme_val(Reduce::Max, &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(items: &[i64]) -> Vec<Option<Scalar<'static>>> {
        items.iter().map(|i| Some(Scalar::Int(*i))).collect()
    }

    #[test]
    fn sums_keep_the_type_unless_a_double_is_there() {
        assert_eq!(sum(ints(&[]).into_iter()), Some(Scalar::Int(0)));
        assert_eq!(sum(ints(&[1, 2, 3]).into_iter()), Some(Scalar::Int(6)));
        assert_eq!(sum(ints(&[i64::MAX, 1]).into_iter()), None);
        let mixed = [Some(Scalar::Int(1)), Some(Scalar::Double(0.5))];
        assert_eq!(sum(mixed.into_iter()), Some(Scalar::Double(1.5)));
        let uints = [Some(Scalar::UInt(1)), Some(Scalar::UInt(2))];
        assert_eq!(sum(uints.into_iter()), Some(Scalar::UInt(3)));
        assert_eq!(
            sum([Some(Scalar::Int(1)), Some(Scalar::UInt(2))].into_iter()),
            None
        );
        assert_eq!(sum([Some(Scalar::Str("a"))].into_iter()), None);
        assert_eq!(sum([None].into_iter()), None);
    }

    #[test]
    fn extremes_are_the_first_of_equal_items() {
        assert_eq!(
            extreme(Reduce::Min, ints(&[3, 1, 1, 2]).into_iter()),
            Some(1)
        );
        assert_eq!(extreme(Reduce::Max, ints(&[3, 1, 3]).into_iter()), Some(0));
        assert_eq!(extreme(Reduce::Max, ints(&[]).into_iter()), None);
        let mixed = [
            Some(Scalar::Double(1.0)),
            Some(Scalar::Int(1)),
            Some(Scalar::UInt(2)),
        ];
        assert_eq!(extreme(Reduce::Min, mixed.into_iter()), Some(0));
        assert_eq!(extreme(Reduce::Max, mixed.into_iter()), Some(2));
        let dates = [
            Some(Scalar::Str("2025-01-02")),
            Some(Scalar::Str("2024-12-31")),
        ];
        assert_eq!(extreme(Reduce::Min, dates.into_iter()), Some(1));
        assert_eq!(
            extreme(
                Reduce::Max,
                [Some(Scalar::Str("a")), Some(Scalar::Int(1))].into_iter()
            ),
            None
        );
        assert_eq!(
            extreme(Reduce::Max, [Some(Scalar::Double(f64::NAN))].into_iter()),
            None
        );
    }
}
