//! Stage 4: turn an [`Outcome`] into output records (normalised article, events
//! with CloudEvents headers, or a dead letter carrying the original bytes) and
//! publish them, retrying until the broker acknowledges each one. The one
//! exception: an article or event the broker refuses for good as too large for
//! its topic makes the worker dead-letter the input (`too_large`) instead.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use rdkafka::message::{Header, Headers, OwnedHeaders};
use rdkafka::producer::FutureRecord;
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::util::Timeout;

use crate::metrics::{Metrics, RecordKind};
use crate::pipeline::{DeadLetter, ErrorKind, Outcome};
use crate::records::{Event, EventType, NormalizedArticle, SourceOffset};

use super::Producer;

/// Output topic names.
#[derive(Debug, Clone)]
pub struct Topics {
    pub events: Arc<str>,
    pub normalized: Arc<str>,
    pub dlq: Arc<str>,
}

/// One record to publish, owned so it can be re-sent after a failure.
#[derive(Debug, Clone)]
pub struct OutRecord {
    pub kind: RecordKind,
    /// Shared with every other record for the same topic.
    pub topic: Arc<str>,
    pub key: Option<Vec<u8>>,
    /// `None` only for the dead letter of a tombstone (null value), kept null.
    pub payload: Option<Vec<u8>>,
    /// Our header names and fixed values are static; a dead letter's copied
    /// headers and the per-record values are owned.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, [u8]>)>,
}

impl OutRecord {
    /// The record as librdkafka takes it (borrowing payload and key).
    pub fn to_future_record(&self) -> FutureRecord<'_, [u8], [u8]> {
        let mut headers = OwnedHeaders::new_with_capacity(self.headers.len());
        for (k, v) in &self.headers {
            headers = headers.insert(Header {
                key: k,
                value: Some(&**v),
            });
        }
        let mut record = FutureRecord::to(&self.topic).headers(headers);
        if let Some(p) = &self.payload {
            record = record.payload(p.as_slice());
        }
        if let Some(k) = &self.key {
            record = record.key(k.as_slice());
        }
        record
    }

    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| &**v)
    }
}

/// The input message as the sink needs it for dead letters.
pub struct Original<'a> {
    pub key: Option<&'a [u8]>,
    pub payload: Option<&'a [u8]>,
    pub headers: Option<&'a OwnedHeaders>,
    pub position: &'a SourceOffset,
}

/// Every record one input produces, in publish order.
pub fn records_for(outcome: &Outcome, original: &Original<'_>, topics: &Topics) -> Vec<OutRecord> {
    match outcome {
        Outcome::Accepted { article, events } => {
            let mut out = Vec::with_capacity(events.len() + 1);
            out.push(article_record(article, &topics.normalized));
            out.extend(events.iter().map(|e| event_record(e, &topics.events)));
            out
        }
        Outcome::Rejected(dead) => vec![dead_letter_record(dead, original, &topics.dlq)],
    }
}

/// Serialised into a buffer reused per thread, then copied once into a
/// payload of exactly its size: one allocation per record instead of the
/// half-dozen regrowths `serde_json::to_vec` makes for a 4 KB article.
fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    thread_local! {
        static BUF: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(16 * 1024));
    }
    BUF.with(|buf| {
        let mut buf = buf.borrow_mut();
        buf.clear();
        // The record types are plain data (strings, numbers, maps with string
        // keys): serialisation cannot fail.
        let out = match serde_json::to_writer(&mut *buf, value) {
            Ok(()) => buf.as_slice().to_vec(),
            Err(_) => Vec::new(),
        };
        // A rare huge article must not pin its size in every processing thread.
        if buf.capacity() > 256 * 1024 {
            *buf = Vec::with_capacity(16 * 1024);
        }
        out
    })
}

const JSON: Cow<'static, [u8]> = Cow::Borrowed(b"application/json");

pub fn article_record(article: &NormalizedArticle, topic: &Arc<str>) -> OutRecord {
    OutRecord {
        kind: RecordKind::Article,
        topic: topic.clone(),
        key: Some(article.article_id.as_bytes().to_vec()),
        payload: Some(to_json(article)),
        headers: vec![(Cow::Borrowed("content-type"), JSON)],
    }
}

/// `org.newsworker.event.<type in lower case>`, made once per type.
fn ce_type(t: EventType) -> &'static [u8] {
    static TYPES: LazyLock<Vec<(EventType, String)>> = LazyLock::new(|| {
        EventType::ALL
            .into_iter()
            .map(|t| {
                let name = t.as_str().to_ascii_lowercase();
                (t, format!("org.newsworker.event.{name}"))
            })
            .collect()
    });
    TYPES
        .iter()
        .find(|(known, _)| *known == t)
        .map_or(&b"org.newsworker.event"[..], |(_, name)| name.as_bytes())
}

/// CloudEvents Kafka protocol binding, binary content mode: the record value is
/// the event data; the context attributes travel as `ce_*` headers.
pub fn event_record(event: &Event, topic: &Arc<str>) -> OutRecord {
    let ce_time = event
        .published_at
        .clone()
        .unwrap_or_else(|| event.extracted_at.clone());
    OutRecord {
        kind: RecordKind::Event,
        topic: topic.clone(),
        key: Some(event.article_id.as_bytes().to_vec()),
        payload: Some(to_json(event)),
        headers: vec![
            (Cow::Borrowed("ce_specversion"), Cow::Borrowed(b"1.0")),
            (
                Cow::Borrowed("ce_id"),
                Cow::Owned(event.event_id.as_bytes().to_vec()),
            ),
            (
                Cow::Borrowed("ce_type"),
                Cow::Borrowed(ce_type(event.extraction.event_type)),
            ),
            (
                Cow::Borrowed("ce_source"),
                Cow::Owned(format!("urn:newsworker:article:{}", event.article_id).into_bytes()),
            ),
            (
                Cow::Borrowed("ce_subject"),
                Cow::Owned(event.article_id.as_bytes().to_vec()),
            ),
            (Cow::Borrowed("ce_time"), Cow::Owned(ce_time.into_bytes())),
            (Cow::Borrowed("content-type"), JSON),
        ],
    }
}

/// The original bytes unchanged, the original key, the original headers (except
/// our own, so a replayed dead letter does not carry stale reasons), and why.
pub fn dead_letter_record(
    dead: &DeadLetter,
    original: &Original<'_>,
    topic: &Arc<str>,
) -> OutRecord {
    let mut headers: Vec<(Cow<'static, str>, Cow<'static, [u8]>)> = Vec::new();
    if let Some(h) = original.headers {
        for hd in h.iter() {
            if !hd.key.starts_with("newsworker-") {
                headers.push((
                    Cow::Owned(hd.key.to_string()),
                    Cow::Owned(hd.value.unwrap_or_default().to_vec()),
                ));
            }
        }
    }
    let pos = original.position;
    headers.extend([
        (
            Cow::Borrowed("newsworker-error-kind"),
            Cow::Borrowed(dead.kind.as_str().as_bytes()),
        ),
        (
            Cow::Borrowed("newsworker-error"),
            Cow::Owned(dead.message.as_bytes().to_vec()),
        ),
        (
            Cow::Borrowed("newsworker-source-topic"),
            Cow::Owned(pos.topic.as_bytes().to_vec()),
        ),
        (
            Cow::Borrowed("newsworker-source-partition"),
            Cow::Owned(pos.partition.to_string().into_bytes()),
        ),
        (
            Cow::Borrowed("newsworker-source-offset"),
            Cow::Owned(pos.offset.to_string().into_bytes()),
        ),
    ]);
    OutRecord {
        kind: RecordKind::DeadLetter,
        topic: topic.clone(),
        key: original.key.map(<[u8]>::to_vec),
        payload: original.payload.map(<[u8]>::to_vec),
        headers,
    }
}

/// Producer callbacks: errors go to the log; statistics only feed the
/// broker watch (see [`super::brokers`]).
pub struct SinkContext {
    pub brokers: std::sync::Arc<super::brokers::BrokerWatch>,
}

impl SinkContext {
    pub fn new() -> SinkContext {
        SinkContext {
            brokers: std::sync::Arc::new(super::brokers::BrokerWatch::new("producer")),
        }
    }
}

impl Default for SinkContext {
    fn default() -> Self {
        SinkContext::new()
    }
}

impl rdkafka::ClientContext for SinkContext {
    fn stats(&self, stats: rdkafka::Statistics) {
        self.brokers.observe(stats.brokers.values().map(Into::into));
    }

    fn error(&self, error: rdkafka::error::KafkaError, reason: &str) {
        super::logs::client_error("producer", &error, reason);
    }

    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, message: &str) {
        super::logs::client_log(level, fac, message);
    }
}

/// The producer the worker publishes through. Under exactly-once a fenced
/// producer is replaced by a new one (see `txn`), so users take the current
/// one for each call rather than keep their own.
pub struct ProducerSlot(std::sync::RwLock<Producer>);

impl ProducerSlot {
    pub fn new(producer: Producer) -> ProducerSlot {
        ProducerSlot(std::sync::RwLock::new(producer))
    }

    /// The current producer (a cheap handle).
    pub fn get(&self) -> Producer {
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Put `producer` in place of the current one, which is returned.
    pub fn replace(&self, producer: Producer) -> Producer {
        std::mem::replace(
            &mut *self.0.write().unwrap_or_else(|p| p.into_inner()),
            producer,
        )
    }
}

/// Publishes records and resolves once the broker has acknowledged all of them.
#[derive(Clone)]
pub struct Sink {
    producer: Arc<ProducerSlot>,
    metrics: Arc<Metrics>,
}

const RETRY_MIN: Duration = Duration::from_millis(100);
const RETRY_MAX: Duration = Duration::from_secs(10);
/// Refusals in a row (about 3 s with backoff) before an output counts as
/// refused for good and its input is dead-lettered instead.
const REFUSALS_PERMANENT: u32 = 5;

/// An output the broker refuses for good, and the dead-letter kind its input gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub kind: ErrorKind,
    pub message: String,
}

/// Errors no retry can fix: the record itself, or this client's right to write
/// it, is refused. Everything else (broker down, leader moving, timeouts, a
/// topic not there yet) is retried with backoff until the drain timeout.
pub(crate) fn permanent_refusal(code: RDKafkaErrorCode) -> Option<ErrorKind> {
    use RDKafkaErrorCode as C;
    match code {
        C::MessageSizeTooLarge | C::InvalidMessageSize => Some(ErrorKind::TooLarge),
        C::InvalidMessage
        | C::InvalidRecord
        | C::InvalidTopic
        | C::TopicAuthorizationFailed
        | C::PolicyViolation
        | C::UnsupportedForMessageFormat => Some(ErrorKind::PublishRefused),
        _ => None,
    }
}

/// 50–150 % of `d`, so records that failed together do not retry in lockstep
/// (and land in the same batch again).
fn jitter(d: Duration) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|t| t.subsec_nanos())
        .unwrap_or(0);
    d.mul_f64(0.5 + f64::from(nanos % 1000) / 1000.0)
}

impl Sink {
    pub fn new(producer: Arc<ProducerSlot>, metrics: Arc<Metrics>) -> Sink {
        Sink { producer, metrics }
    }

    /// The current producer.
    pub fn producer(&self) -> Producer {
        self.producer.get()
    }

    /// Publish every record, retrying transient failures without end
    /// (at-least-once: an input is only stored for commit after all its outputs
    /// are acknowledged); the caller bounds the wait (drain timeout) by dropping
    /// the future. Returns false when the broker refused an article or event
    /// for good (too large for its topic): the caller dead-letters the input
    /// instead, so one oversized output cannot stall the partition.
    pub async fn publish_all(
        &self,
        records: Vec<OutRecord>,
        position: &SourceOffset,
    ) -> Result<(), Refused> {
        let sends = records.iter().map(|r| self.publish_one(r, position));
        futures::future::join_all(sends).await.into_iter().collect()
    }

    /// Exactly-once: hand every record to the (transactional) producer now and
    /// return the acknowledgements to wait for. No retries here: a failed record
    /// makes librdkafka fail the transaction, which is then aborted.
    pub async fn enqueue_all(
        &self,
        records: &[OutRecord],
    ) -> Result<Vec<(RecordKind, rdkafka::producer::DeliveryFuture)>, rdkafka::error::KafkaError>
    {
        let mut acks = Vec::with_capacity(records.len());
        let producer = self.producer.get();
        for r in records {
            let mut record = r.to_future_record();
            loop {
                match producer.send_result(record) {
                    Ok(ack) => {
                        acks.push((r.kind, ack));
                        break;
                    }
                    Err((e, back))
                        if e.rdkafka_error_code() == Some(RDKafkaErrorCode::QueueFull) =>
                    {
                        // Wait for room in librdkafka's queue (backpressure).
                        record = back;
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                    Err((e, _)) => return Err(e),
                }
            }
        }
        Ok(acks)
    }

    /// Wait for acknowledgements from [`Sink::enqueue_all`]; the first error if any failed.
    pub async fn acknowledged(
        &self,
        acks: Vec<(RecordKind, rdkafka::producer::DeliveryFuture)>,
        position: &SourceOffset,
    ) -> Result<(), rdkafka::error::KafkaError> {
        let mut result = Ok(());
        for (kind, ack) in acks {
            match ack.await {
                Ok(Ok(_)) => self
                    .metrics
                    .records_published
                    .with_label_values(&[kind.as_str()])
                    .inc(),
                Ok(Err((e, _))) => {
                    self.metrics
                        .publish_errors
                        .with_label_values(&[kind.as_str()])
                        .inc();
                    if let Some(held_back) =
                        super::logs::throttle().admit(&format!("txn publish:{e}"))
                    {
                        tracing::error!(error = %e, record = kind.as_str(), held_back,
                            source_partition = position.partition, source_offset = position.offset,
                            "publish failed inside a transaction; it will be aborted");
                    }
                    if result.is_ok() {
                        result = Err(e);
                    }
                }
                // Producer gone (shutting down).
                Err(_) => {
                    if result.is_ok() {
                        result = Err(rdkafka::error::KafkaError::Canceled);
                    }
                }
            }
        }
        result
    }

    /// `Err` only for a permanent refusal of an article or event; a dead
    /// letter is retried regardless (there is nothing left to fall back on).
    async fn publish_one(&self, r: &OutRecord, position: &SourceOffset) -> Result<(), Refused> {
        let mut backoff = RETRY_MIN;
        // The broker refuses a whole batch when one record in it is refused
        // (e.g. over the topic's size limit), so a small record batched with a
        // big one fails with it: only a record refused several times in a row,
        // with backoff, counts as refused for good.
        let mut refusals = 0;
        loop {
            let record = r.to_future_record();
            // Timeout::Never: when the local queue is full, wait for room
            // (backpressure) instead of failing.
            let producer = self.producer.get();
            match producer.send(record, Timeout::Never).await {
                Ok(_) => {
                    self.metrics
                        .records_published
                        .with_label_values(&[r.kind.as_str()])
                        .inc();
                    return Ok(());
                }
                Err((e, _)) => {
                    self.metrics
                        .publish_errors
                        .with_label_values(&[r.kind.as_str()])
                        .inc();
                    let refusal = e.rdkafka_error_code().and_then(permanent_refusal);
                    refusals = if refusal.is_some() { refusals + 1 } else { 0 };
                    let permanent = refusals >= REFUSALS_PERMANENT;
                    if let (true, Some(kind)) =
                        (permanent && r.kind != RecordKind::DeadLetter, refusal)
                    {
                        return Err(Refused {
                            kind,
                            message: format!(
                                "the {} record ({} bytes) for topic {} was refused {refusals} times: {e}",
                                r.kind.as_str(),
                                r.payload.as_ref().map_or(0, Vec::len),
                                r.topic,
                            ),
                        });
                    }
                    // Every queued record fails at once when the broker is
                    // away: one line per error kind per interval, not per record.
                    if let Some(held_back) = super::logs::throttle().admit(&format!("publish:{e}"))
                    {
                        tracing::warn!(
                            error = %e,
                            record = r.kind.as_str(),
                            topic = %r.topic,
                            source_partition = position.partition,
                            source_offset = position.offset,
                            permanent,
                            retry_in_ms = backoff.as_millis() as u64,
                            held_back,
                            "publish failed; retrying (the input offset is not stored until it succeeds)"
                        );
                    }
                    tokio::time::sleep(jitter(backoff)).await;
                    backoff = (backoff * 2).min(RETRY_MAX);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topics() -> Topics {
        Topics {
            events: "ev".into(),
            normalized: "norm".into(),
            dlq: "dlq".into(),
        }
    }

    #[test]
    fn only_errors_no_retry_can_fix_are_refusals() {
        assert_eq!(
            permanent_refusal(RDKafkaErrorCode::MessageSizeTooLarge),
            Some(ErrorKind::TooLarge)
        );
        assert_eq!(
            permanent_refusal(RDKafkaErrorCode::TopicAuthorizationFailed),
            Some(ErrorKind::PublishRefused)
        );
        for transient in [
            RDKafkaErrorCode::AllBrokersDown,
            RDKafkaErrorCode::MessageTimedOut,
            RDKafkaErrorCode::NotLeaderForPartition,
            RDKafkaErrorCode::UnknownTopicOrPartition,
            RDKafkaErrorCode::QueueFull,
        ] {
            assert_eq!(permanent_refusal(transient), None, "{transient:?}");
        }
    }

    #[test]
    fn dead_letter_keeps_bytes_key_and_says_why() {
        let pos = SourceOffset {
            topic: "in".into(),
            partition: 3,
            offset: 42,
        };
        let h = OwnedHeaders::new()
            .insert(Header {
                key: "trace",
                value: Some("abc"),
            })
            .insert(Header {
                key: "newsworker-error-kind",
                value: Some("stale"),
            });
        let original = Original {
            key: Some(b"k1"),
            payload: Some(b"\xff{not json"),
            headers: Some(&h),
            position: &pos,
        };
        let dead = DeadLetter {
            kind: ErrorKind::InvalidJson,
            message: "expected value".into(),
        };
        let recs = records_for(&Outcome::Rejected(dead), &original, &topics());
        assert_eq!(recs.len(), 1);
        let r = &recs[0];
        assert_eq!(&*r.topic, "dlq");
        assert_eq!(r.payload.as_deref(), Some(&b"\xff{not json"[..]));
        assert_eq!(r.key.as_deref(), Some(&b"k1"[..]));
        assert_eq!(r.header("trace"), Some(&b"abc"[..]));
        assert_eq!(
            r.header("newsworker-error-kind"),
            Some(&b"invalid_json"[..])
        );
        assert_eq!(r.header("newsworker-source-partition"), Some(&b"3"[..]));
        assert_eq!(r.header("newsworker-source-offset"), Some(&b"42"[..]));
        assert_eq!(
            r.headers
                .iter()
                .filter(|(k, _)| k == "newsworker-error-kind")
                .count(),
            1
        );
    }
}
