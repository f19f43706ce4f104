//! Value types every backend stores the same way: fixed-point decimals as scaled integers and moments as
//! microseconds since the Unix epoch. Both order correctly in SQL and serialize as Django REST framework does.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Serialize, Serializer};

/// A decimal with `P` places, stored as the integer `value × 10^P` (`19.99` with `P = 2` is `1999`). Serializes as
/// a string with exactly `P` places, like DRF's `DecimalField` with `coerce_to_string`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fixed<const P: u32>(pub i64);

impl<const P: u32> Fixed<P> {
    /// A decimal as Django REST framework's `DecimalField` reads it (sign, digits, at most `P` places, an
    /// exponent), `None` for anything else: `"-0.50"` is `Fixed(-50)`.
    pub fn parse(text: &str) -> Option<Self> {
        crate::decimal::parse_scaled(text.trim(), 18, P)
            .ok()
            .map(Fixed)
    }

    /// The exact mean of `count` values that sum to `total`, rounded half away from zero to `P` places (Python's
    /// `ROUND_HALF_UP`); `None` for no values.
    pub fn mean(total: Self, count: i64) -> Option<Self> {
        if count <= 0 {
            return None;
        }
        let (total, count) = (i128::from(total.0), i128::from(count));
        let rounded = (2 * total.abs() + count) / (2 * count) * total.signum();
        i64::try_from(rounded).ok().map(Fixed)
    }
}

impl<const P: u32> From<i64> for Fixed<P> {
    fn from(scaled: i64) -> Self {
        Fixed(scaled)
    }
}

impl<const P: u32> fmt::Display for Fixed<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = 10u64.pow(P);
        let sign = if self.0 < 0 { "-" } else { "" };
        let magnitude = self.0.unsigned_abs();
        if P == 0 {
            return write!(f, "{sign}{magnitude}");
        }
        write!(
            f,
            "{sign}{}.{:0width$}",
            magnitude / scale,
            magnitude % scale,
            width = P as usize
        )
    }
}

impl<const P: u32> Serialize for Fixed<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A moment in UTC, stored as microseconds since 1970-01-01. Serializes as ISO 8601 with a `Z`, with microseconds
/// only when they are not zero (`2026-11-27T09:41:07.123456Z`), as DRF's `DateTimeField` does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn now() -> Self {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Timestamp(i64::try_from(since.as_micros()).unwrap_or(i64::MAX))
    }
}

impl Timestamp {
    /// Reads ISO 8601 as Django's `parse_datetime` does: `YYYY-MM-DD`, `T` or a space, `hh:mm`, optional `:ss`
    /// and up to six fraction digits, then `Z`, `+hh:mm`, `-hh:mm` or nothing (UTC).
    pub fn parse(text: &str) -> Option<Timestamp> {
        let text = text.trim();
        let number = |s: &str| -> Option<i64> {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let (date, rest) = (text.get(..10)?, text.get(10..)?);
        let mut parts = date.split('-');
        let (year, month, day) = (
            number(parts.next()?)?,
            number(parts.next()?)?,
            number(parts.next()?)?,
        );
        let rest = rest.strip_prefix(['T', ' '])?;
        let (clock, offset) = match rest.find(['Z', '+', '-']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let (clock, fraction) = clock.split_once(['.', ',']).unwrap_or((clock, ""));
        let mut hms = clock.split(':');
        let hour = number(hms.next()?)?;
        let minute = number(hms.next()?)?;
        let second = match hms.next() {
            Some(s) => number(s)?,
            None => 0,
        };
        if hms.next().is_some()
            || fraction.len() > 6
            || (!fraction.is_empty() && number(fraction).is_none())
        {
            return None;
        }
        let micros = if fraction.is_empty() {
            0
        } else {
            number(&format!("{fraction:0<6}"))?
        };
        let offset_minutes = match offset {
            "" | "Z" => 0,
            _ => {
                let sign = if offset.starts_with('-') { -1 } else { 1 };
                let (h, m) = offset[1..].split_once(':').unwrap_or((&offset[1..], "0"));
                let (h, m) = (number(h)?, number(m)?);
                if h > 23 || m > 59 {
                    return None;
                }
                sign * (h * 60 + m)
            }
        };
        let days_in_month = days_in_month(year, month);
        if !(1..=9999).contains(&year)
            || days_in_month == 0
            || day < 1
            || day > days_in_month
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        let seconds =
            days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
                - offset_minutes * 60;
        Some(Timestamp(seconds * 1_000_000 + micros))
    }
}

/// A calendar date, stored as days since 1970-01-01. Serializes as `YYYY-MM-DD`, as DRF's `DateField` does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub i64);

impl Date {
    /// Reads a date as Django's `parse_date` does: `YYYY-MM-DD` (month and day of one or two digits), a real
    /// date; anything else (another format, a datetime, month 13, February 30) is `None`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |s: &str, lengths: std::ops::RangeInclusive<usize>| {
            (lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<i64>().ok())?
        };
        let (year, month, day) = (
            digits(year, 4..=4)?,
            digits(month, 1..=2)?,
            digits(day, 1..=2)?,
        );
        if parts.next().is_some()
            || !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
        {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = civil_from_days(self.0);
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl From<i64> for Timestamp {
    fn from(micros: i64) -> Self {
        Timestamp(micros)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.0.div_euclid(1_000_000);
        let micros = self.0.rem_euclid(1_000_000);
        let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            second_of_day / 3600,
            second_of_day / 60 % 60,
            second_of_day % 60
        )?;
        if micros != 0 {
            write!(f, ".{micros:06}")?;
        }
        f.write_str("Z")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_point_has_exactly_its_places() {
        assert_eq!(Fixed::<2>(1999).to_string(), "19.99");
        assert_eq!(Fixed::<2>(500).to_string(), "5.00");
        assert_eq!(Fixed::<2>(7).to_string(), "0.07");
        assert_eq!(Fixed::<2>(-150).to_string(), "-1.50");
        assert_eq!(Fixed::<0>(42).to_string(), "42");
        assert_eq!(serde_json::to_string(&Fixed::<2>(1)).unwrap(), "\"0.01\"");
    }

    #[test]
    fn a_mean_is_exact_then_rounded_half_up() {
        let mean =
            |total: i64, count: i64| Fixed::<2>::mean(Fixed(total), count).map(|m| m.to_string());
        assert_eq!(mean(1000 + 2001, 2).as_deref(), Some("15.01")); // 15.005
        assert_eq!(mean(1000 + 2000 + 2001, 3).as_deref(), Some("16.67")); // 16.67
        assert_eq!(mean(1, 3).as_deref(), Some("0.00"));
        assert_eq!(mean(1, 2).as_deref(), Some("0.01"));
        assert_eq!(mean(-1, 2).as_deref(), Some("-0.01"));
        assert_eq!(
            mean(i64::MAX, 1).as_deref(),
            Some(Fixed::<2>(i64::MAX).to_string().as_str())
        );
        assert_eq!(mean(5, 0), None);
    }

    #[test]
    fn dates_as_django_reads_and_drf_writes_them() {
        let read = |s: &str| Date::parse(s).map(|d| d.to_string());
        assert_eq!(read("2026-12-01").as_deref(), Some("2026-12-01"));
        assert_eq!(read("2024-2-9").as_deref(), Some("2024-02-09"));
        assert_eq!(read("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(read("1970-01-01"), Some("1970-01-01".into()));
        assert_eq!(Date::parse("1969-12-31"), Some(Date(-1)));
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026",
            "2026-12",
            "2026-12-01T10:00",
            "01/12/2026",
            "2026-12-001",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn fixed_point_is_read_as_drf_reads_it() {
        assert_eq!(Fixed::<2>::parse("19.99"), Some(Fixed(1999)));
        assert_eq!(Fixed::<2>::parse("-0.50"), Some(Fixed(-50)));
        assert_eq!(Fixed::<2>::parse("7"), Some(Fixed(700)));
        assert_eq!(Fixed::<2>::parse("1e2"), Some(Fixed(10_000)));
        for bad in ["x", "1.234", "", "--1", "1,5"] {
            assert_eq!(Fixed::<2>::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn timestamps_are_iso_8601_utc() {
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Timestamp(1_795_772_467_123_456).to_string(),
            "2026-11-27T09:41:07.123456Z"
        );
        assert_eq!(
            Timestamp(951_782_400_000_000).to_string(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(Timestamp(-1).to_string(), "1969-12-31T23:59:59.999999Z");
        assert!(Timestamp::now().0 > 1_700_000_000_000_000);
    }

    #[test]
    fn iso_8601_is_read_as_django_reads_it() {
        let read = |s: &str| Timestamp::parse(s).map(|t| t.to_string());
        assert_eq!(
            read("2026-11-27T09:41:07.123456Z").as_deref(),
            Some("2026-11-27T09:41:07.123456Z")
        );
        assert_eq!(
            read("2026-11-27T09:41").as_deref(),
            Some("2026-11-27T09:41:00Z")
        );
        assert_eq!(
            read("2026-11-27 10:41:07+01:00").as_deref(),
            Some("2026-11-27T09:41:07Z")
        );
        assert_eq!(
            read("2026-11-27T04:41:07.5-05:00").as_deref(),
            Some("2026-11-27T09:41:07.500000Z")
        );
        assert_eq!(
            read("2000-02-29T00:00:00Z").as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        for bad in [
            "2026-11-27",
            "2026-13-01T00:00",
            "2026-02-29T00:00",
            "2026-11-27T24:00",
            "x",
            "2026-11-27T09:41:07.1234567",
            "2026-11-27T09:41+25:00",
            "",
        ] {
            assert_eq!(read(bad), None, "{bad}");
        }
    }
}
