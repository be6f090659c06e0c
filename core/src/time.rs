//! Instants as the library stores them (UTC) and as transcripts write them (`xsd:dateTime`,
//! Vietnamese local time, UTC+07:00 all year). Time is always an input: nothing here reads a clock.

use std::fmt;

/// Vietnam's offset from UTC in seconds (Asia/Ho_Chi_Minh, no daylight saving since 1975).
pub const VIETNAM_OFFSET_SECONDS: i64 = 7 * 3600;

/// An instant, to the second, in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcTime {
    unix_seconds: i64,
}

/// A date-time that is not a valid `xsd:dateTime`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a date-time of the form YYYY-MM-DDThh:mm:ss[.fff][Z|±hh:mm]")]
pub struct TimeError(pub String);

impl UtcTime {
    /// The instant `unix_seconds` seconds after 1970-01-01T00:00:00Z (negative: before).
    pub const fn from_unix_seconds(unix_seconds: i64) -> Self {
        UtcTime { unix_seconds }
    }

    /// Seconds since 1970-01-01T00:00:00Z, leap seconds not counted (negative: before).
    pub const fn unix_seconds(self) -> i64 {
        self.unix_seconds
    }

    /// From a [`std::time::SystemTime`] (seconds before 1970 are supported, fractions dropped).
    pub fn from_system_time(time: std::time::SystemTime) -> Self {
        let seconds = match time.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => after.as_secs() as i64,
            Err(before) => -(before.duration().as_secs_f64().ceil() as i64),
        };
        UtcTime { unix_seconds: seconds }
    }

    /// Reads an `xsd:dateTime`. Without an offset the time is Vietnamese local time, as signing
    /// software in Vietnam writes it. Fractions of a second are dropped.
    pub fn parse(text: &str) -> Result<Self, TimeError> {
        let error = || TimeError(text.to_owned());
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Result<i64, TimeError> {
            let part = b.get(range).ok_or_else(error)?;
            if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
                return Err(error());
            }
            Ok(part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
        };
        if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
            return Err(error());
        }
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return Err(error());
        }
        let mut rest = &text[19..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if len == 0 {
                return Err(error());
            }
            rest = &fraction[len..];
        }
        let offset = match rest {
            "" => VIETNAM_OFFSET_SECONDS,
            "Z" => 0,
            _ => {
                let sign = match rest.as_bytes()[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return Err(error()),
                };
                let o = rest.as_bytes();
                if o.len() != 6 || o[3] != b':' {
                    return Err(error());
                }
                let hours = digits(text.len() - 5..text.len() - 3)?;
                let minutes = digits(text.len() - 2..text.len())?;
                if hours > 14 || minutes > 59 {
                    return Err(error());
                }
                sign * (hours * 3600 + minutes * 60)
            }
        };
        let days = days_from_civil(year, month, day);
        Ok(UtcTime { unix_seconds: days * 86_400 + hour * 3600 + minute * 60 + second - offset })
    }

    /// `YYYY-MM-DDThh:mm:ss+07:00`: the instant in Vietnamese time, offset written out.
    pub fn to_vietnam_string(self) -> String {
        format_with_offset(self.unix_seconds, VIETNAM_OFFSET_SECONDS)
    }

    /// `YYYY-MM-DDThh:mm:ssZ`.
    pub fn to_utc_string(self) -> String {
        format_with_offset(self.unix_seconds, 0)
    }
}

impl fmt::Display for UtcTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_utc_string())
    }
}

fn format_with_offset(unix_seconds: i64, offset: i64) -> String {
    let local = unix_seconds + offset;
    let (days, seconds) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let zone = if offset == 0 {
        "Z".to_owned()
    } else {
        format!("{}{:02}:{:02}", if offset < 0 { '-' } else { '+' }, offset.abs() / 3600, offset.abs() % 3600 / 60)
    };
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{zone}", seconds / 3600, seconds % 3600 / 60, seconds % 60)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// As `xsd:dateTime` in UTC (`2026-05-20T01:30:00Z`): stored and exchanged in UTC, shown in
/// Vietnamese time by the report.
impl serde::Serialize for UtcTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_utc_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_offsets() {
        let t = UtcTime::parse("2026-05-20T02:30:00Z").unwrap();
        assert_eq!(t.unix_seconds(), 1_779_244_200);
        assert_eq!(t.to_vietnam_string(), "2026-05-20T09:30:00+07:00");
        assert_eq!(UtcTime::parse("2026-05-20T09:30:00+07:00").unwrap(), t);
        // No offset: Vietnamese local time, as e-invoices write SigningTime.
        assert_eq!(UtcTime::parse("2026-05-20T09:30:00").unwrap(), t);
        assert_eq!(UtcTime::parse("2026-05-20T09:30:00.123+07:00").unwrap(), t);
        assert_eq!(UtcTime::parse("2026-05-19T21:30:00-05:00").unwrap(), t);
        assert_eq!(UtcTime::parse("2024-02-29T00:00:00Z").unwrap().to_utc_string(), "2024-02-29T00:00:00Z");
        assert_eq!(UtcTime::from_unix_seconds(0).to_vietnam_string(), "1970-01-01T07:00:00+07:00");
        assert_eq!(UtcTime::from_unix_seconds(-1).to_utc_string(), "1969-12-31T23:59:59Z");
        for day in [-800_000i64, -1, 0, 59, 60, 365, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
    }

    #[test]
    fn refuses_what_is_not_a_date_time() {
        for bad in [
            "",
            "2026-05-20",
            "2026-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2026-05-20T24:00:00Z",
            "2026-05-20T09:30:00+0700",
            "2026-05-20T09:30:00.Z",
            "2026-05-20 09:30:00",
            "２026-05-20T09:30:00Z",
        ] {
            assert!(UtcTime::parse(bad).is_err(), "{bad}");
        }
    }
}
