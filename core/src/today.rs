//! The date rules see as `today`: a calendar date, parsed in one place.
//!
//! Why a type: `today` reaches the engine from a flag, a Python dict, a JS
//! object or Rust, and each face used to check the text its own way. Here it
//! is parsed once, by [`Today::from_str`], with one error (`E_OPTIONS` at
//! `/today`) for every face, and a batch resolves it once (the system date
//! when unset), so a batch that crosses midnight still sees one date.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, ErrorCode, Result};

/// A day of the proleptic Gregorian calendar, written `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Today {
    date: NaiveDate,
    /// The date as rules compare it (`item.date <= today`): formatted once.
    text: String,
}

impl Today {
    /// `date` as the rules' `today`.
    #[must_use]
    pub fn new(date: NaiveDate) -> Today {
        Today {
            text: date.format("%Y-%m-%d").to_string(),
            date,
        }
    }

    /// Today's date in UTC, from the system clock.
    #[must_use]
    pub fn system() -> Today {
        Today::new(chrono::Utc::now().date_naive())
    }

    /// `given` parsed, or the system date when there is none: what a check
    /// or a batch runs on.
    pub fn resolve(given: Option<&str>) -> Result<Today> {
        given.map_or_else(|| Ok(Today::system()), str::parse)
    }

    #[must_use]
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// `YYYY-MM-DD`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whole days from `date` (`YYYY-MM-DD`) to this day: negative when
    /// `date` is later. `None` when `date` is no calendar date.
    #[must_use]
    pub fn days_since(&self, date: &str) -> Option<i64> {
        Some(self.date.signed_duration_since(parse(date)?).num_days())
    }
}

/// `YYYY-MM-DD` exactly (four-digit year, two-digit month and day), naming
/// a real day. chrono alone would take `2026-1-5` and `+2026-01-05`.
pub(crate) fn parse(text: &str) -> Option<NaiveDate> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

impl FromStr for Today {
    type Err = Error;

    /// The one parse of `today` every face uses: `E_OPTIONS`, pointing at
    /// `/today`, for anything but a real `YYYY-MM-DD` date (`2025-02-30` is
    /// the right shape and no date).
    fn from_str(text: &str) -> Result<Today> {
        // A date of this exact shape prints as it reads: keep the text, so a
        // check resolving its `today` formats nothing.
        parse(text)
            .map(|date| Today {
                date,
                text: text.to_owned(),
            })
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::Options,
                    format!("`today` is `{text}`, not a date; write YYYY-MM-DD"),
                )
                .with_path("/today")
            })
    }
}

impl fmt::Display for Today {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Today {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Today {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Today, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse()
            .map_err(|error: Error| serde::de::Error::custom(error.message()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_parse_and_print_as_given() {
        for text in [
            "2025-11-23",
            "2024-02-29",
            "2000-02-29",
            "2025-12-31",
            "0001-01-01",
            "9999-12-31",
        ] {
            let today: Today = text.parse().unwrap();
            assert_eq!(today.as_str(), text);
            assert_eq!(today.to_string(), text);
        }
    }

    #[test]
    fn anything_else_is_one_options_error_at_today() {
        for text in [
            "yesterday",
            "15/01/2026",
            "2026-1-15",
            "+2026-01-15",
            "20260115",
            "2026-01-15T00:00:00Z",
            " 2026-01-15",
            "2026\u{2212}01\u{2212}15",
            "\u{ff12}\u{ff10}\u{ff12}\u{ff16}-01-15",
            "",
            "2025-02-29",
            "1900-02-29",
            "2025-04-31",
            "2025-13-01",
            "2025-00-10",
            "2025-01-00",
            "2025-01-32",
        ] {
            let error = text.parse::<Today>().unwrap_err();
            assert_eq!(error.code(), ErrorCode::Options, "{text:?}");
            assert_eq!(error.path(), Some("/today"), "{text:?}");
            assert_eq!(
                error.message(),
                format!("`today` is `{text}`, not a date; write YYYY-MM-DD")
            );
        }
    }

    #[test]
    fn days_since_counts_calendar_days_either_way() {
        let today: Today = "2025-11-23".parse().unwrap();
        assert_eq!(today.days_since("2025-11-23"), Some(0));
        assert_eq!(today.days_since("2025-11-24"), Some(-1));
        assert_eq!(today.days_since("2022-11-23"), Some(1096));
        assert_eq!(today.days_since("0001-01-01"), Some(739_577));
        assert_eq!(today.days_since("2025-02-30"), None);
        assert_eq!(today.days_since("2025-2-3"), None);
    }

    #[test]
    fn unset_resolves_to_the_system_date() {
        let system = Today::resolve(None).unwrap();
        assert_eq!(system.as_str().len(), 10);
        assert_eq!(system.as_str().parse::<Today>().unwrap(), system);
        assert!(Today::resolve(Some("2025-02-30")).is_err());
    }

    #[test]
    fn serde_reads_and_writes_the_text() {
        let today: Today = serde_json::from_str("\"2024-02-29\"").unwrap();
        assert_eq!(serde_json::to_string(&today).unwrap(), "\"2024-02-29\"");
        let error = serde_json::from_str::<Today>("\"2025-02-29\"").unwrap_err();
        assert!(error.to_string().contains("not a date"), "{error}");
    }
}
