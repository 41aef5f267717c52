//! Bounded logging for conditions that repeat. With the broker down,
//! librdkafka reports the same failure many times a second from each client,
//! and every queued record fails its publish attempt: logged as they come,
//! that is a flood that hides everything else. A [`Throttle`] lets the first
//! report of each kind through at once, then the same kind again only after
//! an interval that doubles while it keeps repeating (1 s up to 60 s), with
//! the number held back in between.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, OnceLock};
use std::time::{Duration, Instant};

use rdkafka::config::RDKafkaLogLevel;

const FIRST_INTERVAL: Duration = Duration::from_secs(1);
const MAX_INTERVAL: Duration = Duration::from_secs(60);
/// Kinds are error codes and librdkafka facilities (a small set); the cap only
/// guards against a source of unbounded keys.
const MAX_KINDS: usize = 256;

#[derive(Debug)]
struct Entry {
    next: Instant,
    interval: Duration,
    held: u64,
}

/// Admits one report per kind per (growing) interval.
#[derive(Debug, Default)]
pub struct Throttle {
    kinds: Mutex<HashMap<String, Entry>>,
}

impl Throttle {
    /// `Some(held back since the last admitted report)` when this report of
    /// `kind` should be logged, `None` when it should be counted and dropped.
    pub fn admit(&self, kind: &str) -> Option<u64> {
        self.admit_at(kind, Instant::now())
    }

    fn admit_at(&self, kind: &str, now: Instant) -> Option<u64> {
        let mut kinds = self.kinds.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(e) = kinds.get_mut(kind) {
            if now < e.next {
                e.held += 1;
                return None;
            }
            let held = std::mem::take(&mut e.held);
            // Quiet for a long while: a new episode starts at the short interval.
            e.interval = if now.duration_since(e.next) > MAX_INTERVAL {
                FIRST_INTERVAL
            } else {
                (e.interval * 2).min(MAX_INTERVAL)
            };
            e.next = now + e.interval;
            return Some(held);
        }
        if kinds.len() >= MAX_KINDS {
            kinds.retain(|_, e| e.next > now);
            if kinds.len() >= MAX_KINDS {
                return None;
            }
        }
        kinds.insert(
            kind.to_string(),
            Entry {
                next: now + FIRST_INTERVAL,
                interval: FIRST_INTERVAL,
                held: 0,
            },
        );
        Some(0)
    }
}

/// One throttle for every Kafka client of the process, so the consumer and the
/// producer reporting the same outage count as one.
pub fn throttle() -> &'static Throttle {
    static THROTTLE: LazyLock<Throttle> = LazyLock::new(Throttle::default);
    &THROTTLE
}

/// Why the broker will not talk to this client at all: its security settings
/// (`security.protocol`, `sasl.*`, `ssl.*`) do not match the broker's, or its
/// credentials were refused. No retry fixes that, so the worker stops.
static SECURITY_FAILURE: OnceLock<String> = OnceLock::new();

/// The first security failure any client reported, if one did.
pub fn security_failure() -> Option<&'static str> {
    SECURITY_FAILURE.get().map(String::as_str)
}

/// An authentication or TLS failure, as one line for the operator. Other
/// errors (a broker down or restarting, a refused connection) are retried.
fn security_problem(error: &rdkafka::error::KafkaError, reason: &str) -> Option<String> {
    use rdkafka::types::RDKafkaErrorCode as C;
    let what = match error.rdkafka_error_code()? {
        C::Authentication
        | C::SaslAuthenticationFailed
        | C::IllegalSASLState
        | C::UnsupportedSASLMechanism => "SASL authentication with the broker failed",
        C::SSL => "the TLS handshake with the broker failed",
        _ => return None,
    };
    Some(format!(
        "{what} (check -X security.protocol, sasl.* and ssl.*): {}",
        // librdkafka never quotes credentials in these messages.
        reason.split_whitespace().collect::<Vec<_>>().join(" ")
    ))
}

/// A client error callback (`ClientContext::error`), throttled by its text.
pub fn client_error(client: &str, error: &rdkafka::error::KafkaError, reason: &str) {
    if let Some(problem) = security_problem(error, reason) {
        if SECURITY_FAILURE.set(problem.clone()).is_ok() {
            tracing::warn!(client, "{problem}; stopping");
        }
        return;
    }
    let kind = error.to_string();
    if let Some(held_back) = throttle().admit(&kind) {
        tracing::warn!(client, error = %kind, reason, held_back, "librdkafka error");
    }
}

/// A librdkafka log line (`ClientContext::log`), throttled by level and facility.
pub fn client_log(level: RDKafkaLogLevel, fac: &str, message: &str) {
    // Debug lines exist only when asked for (`-X debug=...`): every one counts.
    if matches!(level, RDKafkaLogLevel::Debug) {
        tracing::debug!(target: "librdkafka", fac, "{message}");
        return;
    }
    let kind = format!("log:{}:{fac}", level as i32);
    let Some(held_back) = throttle().admit(&kind) else {
        return;
    };
    match level {
        RDKafkaLogLevel::Emerg
        | RDKafkaLogLevel::Alert
        | RDKafkaLogLevel::Critical
        | RDKafkaLogLevel::Error
        | RDKafkaLogLevel::Warning => {
            tracing::warn!(target: "librdkafka", fac, held_back, "{message}")
        }
        RDKafkaLogLevel::Notice | RDKafkaLogLevel::Info => {
            tracing::info!(target: "librdkafka", fac, held_back, "{message}")
        }
        RDKafkaLogLevel::Debug => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_are_admitted_at_a_doubling_interval_with_a_count() {
        let t = Throttle::default();
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        assert_eq!(t.admit_at("down", ms(0)), Some(0));
        // 45 a second, as librdkafka reports an outage: held back.
        for i in 1..45 {
            assert_eq!(t.admit_at("down", ms(i * 22)), None);
        }
        assert_eq!(t.admit_at("down", ms(1000)), Some(44));
        assert_eq!(t.admit_at("down", ms(2500)), None);
        assert_eq!(t.admit_at("down", ms(3000)), Some(1));
        assert_eq!(t.admit_at("down", ms(6000)), None);
        assert_eq!(t.admit_at("down", ms(7000)), Some(1));
        // Another kind has its own interval.
        assert_eq!(t.admit_at("other", ms(7001)), Some(0));
        // Long quiet: the next episode is reported at once and restarts at 1 s.
        assert_eq!(t.admit_at("down", ms(600_000)), Some(0));
        assert_eq!(t.admit_at("down", ms(601_000)), Some(0));
    }

    #[test]
    fn at_most_one_line_per_second_per_kind_under_a_flood() {
        let t = Throttle::default();
        let t0 = Instant::now();
        let admitted = (0..60_000u64)
            .filter(|i| {
                t.admit_at("flood", t0 + Duration::from_millis(*i))
                    .is_some()
            })
            .count();
        // 1 s, 2 s, 4 s, ... over one minute: a handful, not thousands.
        assert!(admitted <= 8, "{admitted}");
    }
}
