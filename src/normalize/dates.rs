//! `published_at` from RFC 3339, RFC 2822 and the formats news feeds use, to UTC.
//! A date without a zone is taken as UTC; one we cannot read is `None`, never an error.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Zone-aware formats beyond RFC 3339 / 2822 (`%z` takes `+0100` and `+01:00`).
const WITH_ZONE: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M%z",
    "%a, %d %b %Y %H:%M:%S %z",
    "%d %b %Y %H:%M:%S %z",
    "%a %b %d %H:%M:%S %z %Y",
    "%B %d, %Y %H:%M %z",
];

/// Formats without a zone (read as UTC).
const NAIVE: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d %B %Y %H:%M",
    "%d %b %Y %H:%M",
    "%B %d, %Y %H:%M",
    "%b %d, %Y %H:%M",
    "%B %d, %Y %I:%M %p",
    "%b %d, %Y %I:%M %p",
    "%A, %B %d, %Y %I:%M %p",
    "%a, %d %b %Y %H:%M:%S",
];

const DATE_ONLY: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y%m%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%A, %B %d, %Y",
    "%A, %d %B %Y",
    "%d.%m.%Y",
];

pub(super) fn parse(input: &str) -> Option<DateTime<Utc>> {
    let s = input.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Some(t) = epoch(s) {
        return Some(t);
    }
    // Zone names that mean UTC: "... UTC", "... GMT", "...Z".
    let (s, utc_suffix) = strip_utc(s);
    if !utc_suffix {
        for f in WITH_ZONE {
            if let Ok(t) = DateTime::parse_from_str(s, f) {
                return Some(t.with_timezone(&Utc));
            }
        }
    }
    for f in NAIVE {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(Utc.from_utc_datetime(&t));
        }
    }
    for f in DATE_ONLY {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return d.and_hms_opt(0, 0, 0).map(|t| Utc.from_utc_datetime(&t));
        }
    }
    None
}

fn strip_utc(s: &str) -> (&str, bool) {
    for suffix in [" UTC", " GMT", " UT", "Z", " Z"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            return (rest.trim_end(), true);
        }
    }
    (s, false)
}

/// Unix time in seconds or milliseconds, within 1990..2100 to avoid reading
/// arbitrary numbers as dates.
fn epoch(s: &str) -> Option<DateTime<Utc>> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    let secs = match s.len() {
        9 | 10 => n,
        12 | 13 => n / 1000,
        _ => return None,
    };
    (631_152_000..4_102_444_800)
        .contains(&secs)
        .then(|| Utc.timestamp_opt(secs, 0).single())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse(s).map(|t| t.to_rfc3339())
    }

    #[test]
    fn formats() {
        let want = Some("2025-11-24T13:05:00+00:00".to_string());
        for s in [
            "2025-11-24T13:05:00Z",
            "2025-11-24T14:05:00+01:00",
            "Mon, 24 Nov 2025 13:05:00 GMT",
            "Mon, 24 Nov 2025 08:05:00 -0500",
            "2025-11-24 13:05:00",
            "2025-11-24T13:05:00.000+0000",
            "2025-11-24 13:05 UTC",
            "24 November 2025 13:05",
            "November 24, 2025 1:05 PM",
            "Nov 24, 2025 13:05",
            "1763989500",
            "1763989500000",
        ] {
            assert_eq!(iso(s), want, "{s}");
        }
        assert_eq!(
            iso("24.11.2025").as_deref(),
            Some("2025-11-24T00:00:00+00:00")
        );
        assert_eq!(
            iso("November 24, 2025").as_deref(),
            Some("2025-11-24T00:00:00+00:00")
        );
    }

    #[test]
    fn garbage_is_none() {
        for s in ["", "yesterday", "42", "2025-13-45", "99999999999999"] {
            assert_eq!(iso(s), None, "{s}");
        }
    }
}
