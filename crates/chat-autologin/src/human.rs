//! Times and spans of time written for people: rounded, in human units, in UTC.

use std::fmt::Write as _;

use crate::rules::MAX_NOW_SECS;

/// A span of time in its two largest units, rounded to the second: `45s`,
/// `4m 12s`, `3h`, `2d 5h`; under half a second is `0s`.
pub fn span(seconds: f64) -> String {
    // Spans beyond any real date (1e300 s) are not worth their digits.
    const TEN_THOUSAND_YEARS: f64 = 10_000.0 * 365.2425 * 86_400.0;
    if seconds.abs() >= TEN_THOUSAND_YEARS || seconds.is_nan() {
        return "more than 10000 years".to_owned();
    }
    let total = seconds.abs().round() as u64;
    let units = [
        (total / 86_400, "d"),
        (total % 86_400 / 3_600, "h"),
        (total % 3_600 / 60, "m"),
        (total % 60, "s"),
    ];
    let Some(first) = units.iter().position(|(n, _)| *n != 0) else {
        return "0s".to_owned();
    };
    units[first..]
        .iter()
        .take(2)
        .filter(|(n, _)| *n != 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Days since 1970-01-01 as a proleptic Gregorian (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Shift the epoch to 0000-03-01 so that leap days end each 400-year era.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the inverse of
/// [`civil_from_days`]).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Seconds since the Unix epoch as an RFC 3339 UTC time, to the millisecond
/// when there is a fraction; outside years 1970–9999, a phrase instead.
pub(crate) fn utc(seconds: f64) -> String {
    if !(0.0..=MAX_NOW_SECS + 1.0).contains(&seconds) {
        return "(not a date between 1970 and 9999)".to_owned();
    }
    let millis_total = (seconds * 1000.0).round() as i64;
    let (whole, millis) = (millis_total.div_euclid(1000), millis_total.rem_euclid(1000));
    let (year, month, day) = civil_from_days(whole.div_euclid(86_400));
    let in_day = whole.rem_euclid(86_400);
    let mut out = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        in_day / 3_600,
        in_day % 3_600 / 60,
        in_day % 60
    );
    if millis != 0 {
        let fraction = format!("{millis:03}");
        let _ = write!(out, ".{}", fraction.trim_end_matches('0'));
    }
    out.push('Z');
    out
}

/// `, at 2023-11-14T22:13:20Z` for a message, or nothing for a time that is
/// not a date (a timestamp in milliseconds, read as seconds).
pub(crate) fn at(time: f64) -> String {
    if (0.0..=MAX_NOW_SECS + 1.0).contains(&time) {
        format!(", at {}", utc(time))
    } else {
        String::new()
    }
}

/// A time relative to `now`: `2m ago`, `in 5m`, `just now`.
pub(crate) fn relative(time: f64, now: f64) -> String {
    let delta = time - now;
    if delta.abs() < 0.5 {
        "just now".to_owned()
    } else if delta > 0.0 {
        format!("in {}", span(delta))
    } else {
        format!("{} ago", span(delta))
    }
}

/// A time for a message: `2023-11-14T22:13:20Z (2m ago)`.
pub(crate) fn when(time: f64, now: f64) -> String {
    format!("{} ({})", utc(time), relative(time, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_use_the_two_largest_units() {
        assert_eq!(span(0.2), "0s");
        assert_eq!(span(3301.034622192383), "55m 1s");
        assert_eq!(span(-10_800.0), "3h");
        assert_eq!(span(2.0 * 86_400.0 + 5.0 * 3_600.0 + 7.0), "2d 5h");
        assert_eq!(span(1e300), "more than 10000 years");
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_700_000_000.0), "2023-11-14T22:13:20Z");
        assert_eq!(utc(1_700_000_000.25), "2023-11-14T22:13:20.25Z");
        assert_eq!(utc(951_782_400.0), "2000-02-29T00:00:00Z");
        assert_eq!(utc(MAX_NOW_SECS), "9999-12-31T23:59:59Z");
        assert_eq!(utc(1.7e12), "(not a date between 1970 and 9999)");
        for days in [-1, 0, 59, 10_957, 11_016, 19_675, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn relative_times() {
        assert_eq!(relative(100.0, 220.0), "2m ago");
        assert_eq!(relative(400.0, 100.0), "in 5m");
        assert_eq!(relative(100.2, 100.0), "just now");
    }
}
