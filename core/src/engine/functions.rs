//! Calendar functions the rules read school years and months with, registered
//! on cel's environment beside its standard library.
//!
//! Why: the seeds count per school year ("two occasions each school year")
//! and per month ("a full day each month"), and a document's dates, not its
//! labels, decide which year or month a record falls in. CEL has no calendar
//! arithmetic on `YYYY-MM-DD` text, so these three do it:
//!
//! - `school_year_of('2024-09-18')` is `'2024-2025'`: a school year runs from
//!   1 July to 30 June (the federal program year states report on).
//! - `school_months('2025-2026')` is the months September 2025 to May 2026,
//!   which every school year includes: the default span of the monthly
//!   benchmarks when a document gives no calendar of its own.
//! - `in_school_year('2025-03-01', '2024-2025')` is `true`: the same test as
//!   `school_year_of(date) == year` without building the year's text.
//! - `months_between('2025-08', '2026-06')` is every month from the first to
//!   the last, both included (empty when the first is later, at most 240).
//! - `days_between('2025-01-15', today)` is the days from the first date to
//!   the second, negative when the second is earlier: an age in days that no
//!   schema-valid date can overflow.
//! - `days_since(d)` is `days_between(d, today)`, spelled shorter (rewritten
//!   so when the rule is compiled: see `engine::desugar`).
//!
//! `sum`, `min` and `max` over lists are in [`lists`].

use cel::common::types::{CelBool, CelInt, CelList, CelString};
use cel::common::value::Val;
use cel::{DeclarationError, Env, ExecutionError};
use chrono::NaiveDate;

/// The longest month list `months_between` builds: twenty years.
const MAX_MONTHS: usize = 240;

pub(crate) mod lists;

pub(super) fn register(env: &mut Env) -> Result<(), DeclarationError> {
    lists::register(env)?;
    // Named explicitly: the macro would spell them in camelCase.
    cel::add_overload!(env, fn school_year_of: (CelString) -> Result<CelString>,
        name = "school_year_of")?;
    cel::add_overload!(env, fn school_months: (CelString) -> Result<CelList>,
        name = "school_months")?;
    cel::add_overload!(env, fn months_between: (CelString, CelString) -> Result<CelList>,
        name = "months_between")?;
    cel::add_overload!(env, fn days_between: (CelString, CelString) -> Result<CelInt>,
        name = "days_between")?;
    cel::add_overload!(env, fn in_school_year: (CelString, CelString) -> Result<CelBool>,
        name = "in_school_year")?;
    Ok(())
}

/// Days from `from` to `to`, both `YYYY-MM-DD`.
pub(crate) fn days_from_to(from: &str, to: &str) -> Option<i64> {
    let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    Some(date(to)?.signed_duration_since(date(from)?).num_days())
}

/// The school year a `YYYY-MM-DD` date falls in, `YYYY-YYYY`.
pub(crate) fn school_year_of_date(date: &str) -> Option<String> {
    let text = school_year_bytes(date)?;
    String::from_utf8(text.to_vec()).ok()
}

/// [`school_year_of_date`] as its nine ASCII bytes, read from the date's
/// bytes: a rule grouping meetings by school year asks it of every meeting,
/// and parsing and formatting text cost more than the rest of the rule.
pub(crate) fn school_year_bytes(date: &str) -> Option<[u8; 9]> {
    let bytes = date.as_bytes();
    let digit = |at: usize| -> Option<u32> {
        let byte = *bytes.get(at)?;
        byte.is_ascii_digit().then(|| u32::from(byte - b'0'))
    };
    let year = (0..4).try_fold(0_u32, |n, at| Some(n * 10 + digit(at)?))?;
    let month = digit(5)? * 10 + digit(6)?;
    if bytes.get(4) != Some(&b'-') || !(1..=12).contains(&month) {
        return None;
    }
    let first = if month >= 7 {
        year
    } else {
        year.checked_sub(1)?
    };
    let second = first + 1;
    if second > 9999 {
        return None;
    }
    let mut text = [b'-'; 9];
    for (at, divisor) in [1000, 100, 10, 1].into_iter().enumerate() {
        // Each is one decimal digit, below 10: the cast keeps it.
        #[allow(clippy::cast_possible_truncation)]
        {
            text[at] = b'0' + (first / divisor % 10) as u8;
            text[5 + at] = b'0' + (second / divisor % 10) as u8;
        }
    }
    Some(text)
}

/// Whether a `YYYY-MM-DD` date falls in a `YYYY-YYYY` school year, without
/// spelling the date's school year out: rules test it per meeting, so it
/// reads bytes where [`school_year_of_date`] builds text.
pub(crate) fn date_in_school_year(date: &str, school_year: &str) -> Option<bool> {
    let (date, year) = (date.as_bytes(), school_year.as_bytes());
    let digits = |bytes: &[u8]| bytes.iter().all(u8::is_ascii_digit);
    let shaped = date.len() >= 7
        && digits(date.get(..4)?)
        && date.get(4) == Some(&b'-')
        && digits(date.get(5..7)?)
        && year.len() == 9
        && digits(year.get(..4)?)
        && year.get(4) == Some(&b'-')
        && digits(year.get(5..)?);
    if !shaped {
        return None;
    }
    let number = |bytes: &[u8]| {
        bytes
            .iter()
            .fold(0_u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let month = number(date.get(5..7)?);
    if !(1..=12).contains(&month) {
        return None;
    }
    let (first, second) = (year.get(..4)?, year.get(5..)?);
    if number(second) != number(first) + 1 {
        return Some(false);
    }
    let calendar_year = date.get(..4)?;
    Some(if month >= 7 {
        calendar_year == first
    } else {
        calendar_year == second
    })
}

/// September of a school year's first year to May of its second.
pub(crate) fn months_of_school_year(school_year: &str) -> Option<Vec<String>> {
    let (first, second) = school_year.split_once('-')?;
    let first: i32 = digits(first, 4)?;
    let second: i32 = digits(second, 4)?;
    if second != first + 1 {
        return None;
    }
    Some(month_range((first, 9), (second, 5)))
}

/// Every `YYYY-MM` from `first` to `last`, both included.
pub(crate) fn months_from_to(first: &str, last: &str) -> Option<Vec<String>> {
    Some(month_range(year_month(first)?, year_month(last)?))
}

fn month_range(first: (i32, u32), last: (i32, u32)) -> Vec<String> {
    let mut months = Vec::new();
    let (mut year, mut month) = first;
    while (year, month) <= last && months.len() < MAX_MONTHS {
        months.push(format!("{year:04}-{month:02}"));
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    months
}

/// `YYYY-MM` as numbers, the month 1-12.
fn year_month(text: &str) -> Option<(i32, u32)> {
    let (year, month) = text.split_once('-')?;
    let month: u32 = digits(month, 2)?;
    (1..=12)
        .contains(&month)
        .then_some((digits(year, 4)?, month))
}

fn digits<T: std::str::FromStr>(text: &str, width: usize) -> Option<T> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn invalid(function: &str, what: &str, value: &str) -> ExecutionError {
    ExecutionError::function_error(function, format!("`{value}` is not {what}"))
}

fn list(months: Vec<String>) -> CelList<'static> {
    months
        .into_iter()
        .map(|m| Box::new(CelString::from(m)) as Box<dyn Val>)
        .collect::<Vec<_>>()
        .into()
}

fn school_year_of(date: &CelString<'_>) -> Result<CelString<'static>, ExecutionError> {
    school_year_of_date(date.inner())
        .map(CelString::from)
        .ok_or_else(|| invalid("school_year_of", "a YYYY-MM-DD date", date.inner()))
}

fn school_months(school_year: &CelString<'_>) -> Result<CelList<'static>, ExecutionError> {
    months_of_school_year(school_year.inner())
        .map(list)
        .ok_or_else(|| {
            invalid(
                "school_months",
                "a school year such as 2025-2026",
                school_year.inner(),
            )
        })
}

fn months_between(
    first: &CelString<'_>,
    last: &CelString<'_>,
) -> Result<CelList<'static>, ExecutionError> {
    months_from_to(first.inner(), last.inner())
        .map(list)
        .ok_or_else(|| {
            invalid(
                "months_between",
                "two YYYY-MM months",
                &format!("{}, {}", first.inner(), last.inner()),
            )
        })
}

fn in_school_year(
    date: &CelString<'_>,
    school_year: &CelString<'_>,
) -> Result<CelBool, ExecutionError> {
    date_in_school_year(date.inner(), school_year.inner())
        .map(CelBool::from)
        .ok_or_else(|| {
            invalid(
                "in_school_year",
                "a YYYY-MM-DD date and a school year such as 2025-2026",
                &format!("{}, {}", date.inner(), school_year.inner()),
            )
        })
}

fn days_between(from: &CelString<'_>, to: &CelString<'_>) -> Result<CelInt, ExecutionError> {
    days_from_to(from.inner(), to.inner())
        .map(CelInt::from)
        .ok_or_else(|| {
            invalid(
                "days_between",
                "two YYYY-MM-DD dates",
                &format!("{}, {}", from.inner(), to.inner()),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_school_year_runs_from_july_to_june() {
        assert_eq!(school_year_of_date("2024-07-01").unwrap(), "2024-2025");
        assert_eq!(school_year_of_date("2024-09-18").unwrap(), "2024-2025");
        assert_eq!(school_year_of_date("2025-06-30").unwrap(), "2024-2025");
        assert_eq!(school_year_of_date("2025-01-15").unwrap(), "2024-2025");
        assert_eq!(school_year_of_date("2025-07-01").unwrap(), "2025-2026");
        assert_eq!(school_year_of_date("2025-13-01"), None);
        assert_eq!(school_year_of_date("25-07-01"), None);
    }

    #[test]
    fn in_school_year_agrees_with_school_year_of() {
        for date in [
            "2024-06-30",
            "2024-07-01",
            "2025-01-15",
            "2025-06-30",
            "2025-07-01",
        ] {
            for year in ["2023-2024", "2024-2025", "2025-2026"] {
                assert_eq!(
                    date_in_school_year(date, year),
                    Some(school_year_of_date(date).unwrap() == year),
                    "{date} {year}"
                );
            }
        }
        assert_eq!(date_in_school_year("2025-01-15", "2024-2026"), Some(false));
        assert_eq!(date_in_school_year("2025-13-15", "2024-2025"), None);
        assert_eq!(date_in_school_year("2025-01-15", "2024"), None);
    }

    #[test]
    fn days_between_counts_calendar_days_either_way() {
        assert_eq!(days_from_to("2025-01-15", "2025-01-15"), Some(0));
        assert_eq!(days_from_to("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(days_from_to("2025-03-01", "2025-02-28"), Some(-1));
        assert_eq!(days_from_to("1700-01-01", "2025-11-23"), Some(119_030));
        assert_eq!(days_from_to("2025-02-30", "2025-03-01"), None);
    }

    #[test]
    fn school_months_run_from_september_to_may() {
        let months = months_of_school_year("2025-2026").unwrap();
        assert_eq!(months.len(), 9);
        assert_eq!(months.first().unwrap(), "2025-09");
        assert_eq!(months.last().unwrap(), "2026-05");
        assert!(months.contains(&"2025-12".to_owned()));
        assert!(months.contains(&"2026-01".to_owned()));
        assert_eq!(months_of_school_year("2025-2027"), None);
        assert_eq!(months_of_school_year("2025"), None);
    }

    #[test]
    fn months_between_includes_both_ends_and_is_bounded() {
        assert_eq!(
            months_from_to("2025-11", "2026-02").unwrap(),
            ["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(months_from_to("2025-11", "2025-11").unwrap(), ["2025-11"]);
        assert!(months_from_to("2026-01", "2025-12").unwrap().is_empty());
        assert_eq!(
            months_from_to("1900-01", "2200-12").unwrap().len(),
            MAX_MONTHS
        );
        assert_eq!(months_from_to("2025-00", "2025-03"), None);
    }
}
