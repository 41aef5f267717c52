//! The heart of the worker: one pure function from an input message to an
//! [`Outcome`] — a normalised article with its events, or a dead letter.
//!
//! No I/O happens here. The Kafka worker, the offline `extract` and `normalize`
//! commands, `demo`, and the benchmarks all call [`Pipeline::process`], so what
//! is tested offline is exactly what runs in production.

use crate::extract::Extractor;
use crate::ids::event_id;
use crate::normalize::{NormalizeError, Normalizer, RawArticle};
pub use crate::records::ErrorKind;
use crate::records::{Event, NormalizedArticle, SourceOffset, ARTICLE_SCHEMA, EVENT_SCHEMA};
use chrono::{SecondsFormat, Utc};

/// Default cap on an input message (bytes); larger ones are dead-lettered as `too_large`.
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 4 * 1024 * 1024;

/// One input message as the pipeline sees it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Input<'a> {
    pub bytes: &'a [u8],
    /// Charset hint from a Kafka `content-type` header, e.g. `text/plain; charset=windows-1252`.
    pub content_type: Option<&'a str>,
    pub position: Option<&'a SourceOffset>,
}

/// Why an input was rejected. The original bytes travel with it in the sink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    pub kind: ErrorKind,
    pub message: String,
}

/// Built once per message and moved a few times; boxing the article would add an
/// allocation per message for no gain.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Accepted {
        article: NormalizedArticle,
        events: Vec<Event>,
    },
    Rejected(DeadLetter),
}

/// At most this many events per article, and evidence spans per event: one
/// sentence repeated 85,000 times must not become a 7 MB event with 85,000
/// spans (over any topic's record limit, and no use to anyone). The first
/// ones in text order are kept.
pub const MAX_EVENTS_PER_ARTICLE: usize = 200;
pub const MAX_EVIDENCE_PER_EVENT: usize = 20;

/// Everything `process` needs, built once at start-up and shared by all tasks.
pub struct Pipeline {
    normalizer: Normalizer,
    /// `None` for repair-only runs (`normalize --no-events`): no extraction,
    /// `event_ids` empty, and no gazetteer or rule automata built at all.
    extractor: Option<Extractor>,
    /// Stamped on every record, also by repair-only runs.
    extractor_version: String,
    max_message_bytes: usize,
}

impl Pipeline {
    pub fn new(normalizer: Normalizer, extractor: Extractor, max_message_bytes: usize) -> Self {
        Pipeline {
            normalizer,
            extractor_version: extractor.version().to_string(),
            extractor: Some(extractor),
            max_message_bytes,
        }
    }

    /// Repair and normalise only, without building an extractor: `event_ids`
    /// stays empty and records carry `extractor_version` (see
    /// [`Extractor::version_for_rules`]).
    pub fn repair_only(
        normalizer: Normalizer,
        extractor_version: String,
        max_message_bytes: usize,
    ) -> Self {
        Pipeline {
            normalizer,
            extractor: None,
            extractor_version,
            max_message_bytes,
        }
    }

    /// Repair and normalise only: the extractor is not run and `event_ids` stays empty.
    pub fn without_events(mut self) -> Self {
        self.extractor = None;
        self
    }

    /// The built-in normaliser and rules with default limits.
    pub fn with_defaults() -> Self {
        Pipeline::new(
            Normalizer::default(),
            Extractor::builtin(),
            DEFAULT_MAX_MESSAGE_BYTES,
        )
    }

    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    /// `None` in a repair-only pipeline.
    pub fn extractor(&self) -> Option<&Extractor> {
        self.extractor.as_ref()
    }

    pub fn extractor_version(&self) -> &str {
        &self.extractor_version
    }

    /// Decode, normalise, extract. Never panics on input; never does I/O.
    pub fn process(&self, input: Input<'_>) -> Outcome {
        match self.parse(input) {
            Ok(raw) => self.process_article(raw, input.position),
            Err(dead) => Outcome::Rejected(dead),
        }
    }

    /// [`Pipeline::process`] for an article already parsed (e.g. a plain-text file).
    pub fn process_article(&self, raw: RawArticle, position: Option<&SourceOffset>) -> Outcome {
        match self.build_article(raw, position) {
            Ok((article, events)) => Outcome::Accepted { article, events },
            Err(dead) => Outcome::Rejected(dead),
        }
    }

    /// The size limit on one input (`--max-message-bytes`); readers stop there.
    pub fn max_message_bytes(&self) -> usize {
        self.max_message_bytes
    }

    /// The dead letter for an input of `len` bytes over the limit (`None`: a
    /// reader stopped at the limit without learning the full size).
    pub fn too_large(&self, len: Option<u64>) -> DeadLetter {
        let size = match len {
            Some(n) => format!("{n} bytes"),
            None => format!("more than {} bytes", self.max_message_bytes),
        };
        DeadLetter {
            kind: ErrorKind::TooLarge,
            message: format!(
                "message is {size}, over the limit of {} (--max-message-bytes)",
                self.max_message_bytes
            ),
        }
    }

    fn parse(&self, input: Input<'_>) -> Result<RawArticle, DeadLetter> {
        if input.bytes.len() > self.max_message_bytes {
            return Err(self.too_large(Some(input.bytes.len() as u64)));
        }
        let decoded = self
            .normalizer
            .decode(input.bytes, input.content_type)
            .map_err(dead_letter)?;
        let mut raw = RawArticle::from_json(&decoded.text).map_err(dead_letter)?;
        raw.repairs.extend(decoded.repairs);
        Ok(raw)
    }

    fn build_article(
        &self,
        raw: RawArticle,
        position: Option<&SourceOffset>,
    ) -> Result<(NormalizedArticle, Vec<Event>), DeadLetter> {
        let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
        let extra = raw.extra.clone();
        let doc = self.normalizer.article(raw).map_err(dead_letter)?;
        let article_id = doc.article_id.clone();
        let published_at = doc
            .published_at
            .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
        let extractor_version = self.extractor_version.clone();

        let extractions = match &self.extractor {
            Some(extractor) => extractor.extract(&doc.title, &doc.body),
            None => Vec::new(),
        };
        let events: Vec<Event> = extractions
            .into_iter()
            .take(MAX_EVENTS_PER_ARTICLE)
            .map(|mut x| {
                x.evidence.truncate(MAX_EVIDENCE_PER_EVENT);
                // Three decimals carry all the precision a heuristic score has,
                // and keep f32 noise (0.91249996) out of the records.
                x.confidence = (x.confidence * 1000.0).round() / 1000.0;
                x
            })
            .map(|x| Event {
                schema: EVENT_SCHEMA.to_string(),
                event_id: event_id(&article_id, &x),
                article_id: article_id.clone(),
                extraction: x,
                published_at: published_at.clone(),
                extracted_at: now.clone(),
                extractor_version: extractor_version.clone(),
            })
            .collect();

        let article = NormalizedArticle {
            schema: ARTICLE_SCHEMA.to_string(),
            article_id,
            url: doc.url,
            source: doc.source,
            title: doc.title,
            body: doc.body,
            language: doc.language,
            language_confidence: doc.language_confidence,
            published_at,
            content_hash: doc.content_hash,
            repairs: doc.repairs,
            source_offset: position.cloned(),
            event_ids: events.iter().map(|e| e.event_id.clone()).collect(),
            processed_at: now,
            extractor_version,
            extra,
        };
        Ok((article, events))
    }
}

fn dead_letter(err: NormalizeError) -> DeadLetter {
    DeadLetter {
        kind: err.kind(),
        message: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline(max: usize) -> Pipeline {
        Pipeline::new(Normalizer::default(), Extractor::builtin(), max)
    }

    fn reject_kind(p: &Pipeline, bytes: &[u8]) -> ErrorKind {
        match p.process(Input {
            bytes,
            ..Input::default()
        }) {
            Outcome::Rejected(dead) => dead.kind,
            Outcome::Accepted { article, .. } => panic!("accepted: {article:?}"),
        }
    }

    #[test]
    fn rejects_with_a_bounded_kind() {
        let p = pipeline(64);
        assert_eq!(reject_kind(&p, b"{not json"), ErrorKind::InvalidJson);
        assert_eq!(reject_kind(&p, b"[1, 2]"), ErrorKind::InvalidJson);
        assert_eq!(reject_kind(&p, br#"{"body": 5}"#), ErrorKind::InvalidJson);
        assert_eq!(
            reject_kind(&p, br#"{"title": "t"}"#),
            ErrorKind::MissingField
        );
        assert_eq!(
            reject_kind(&p, br#"{"body": "   "}"#),
            ErrorKind::MissingField
        );
        assert_eq!(reject_kind(&p, &[b' '; 65]), ErrorKind::TooLarge);
    }

    fn accept(p: &Pipeline, bytes: &[u8]) -> (NormalizedArticle, Vec<Event>) {
        match p.process(Input {
            bytes,
            ..Input::default()
        }) {
            Outcome::Accepted { article, events } => (article, events),
            Outcome::Rejected(d) => panic!("rejected {d:?}: {}", String::from_utf8_lossy(bytes)),
        }
    }

    #[test]
    fn numeric_ids_beyond_64_bits_stay_exact() {
        let p = pipeline(DEFAULT_MAX_MESSAGE_BYTES);
        let body = "Russia accused Ukraine of shelling the plant.";
        let a = format!(r#"{{"id": 18446744073709551617, "body": "{body}"}}"#);
        let b = format!(r#"{{"id": 18446744073709551618, "body": "{body}"}}"#);
        let (a, a_events) = accept(&p, a.as_bytes());
        let (b, b_events) = accept(&p, b.as_bytes());
        assert_eq!(a.article_id, "18446744073709551617");
        assert_eq!(b.article_id, "18446744073709551618");
        assert!(!a_events.is_empty());
        assert_ne!(a_events[0].event_id, b_events[0].event_id);
        let (c, _) = accept(&p, br#"{"id": 42, "body": "Text."}"#);
        assert_eq!(c.article_id, "42");
    }

    #[test]
    fn a_lone_surrogate_escape_is_named_as_such() {
        let p = pipeline(DEFAULT_MAX_MESSAGE_BYTES);
        for bad in [
            &br#"{"body": "a\ud800"}"#[..],
            br#"{"body": "\udc00 b"}"#,
            br#"{"body": "\ud800\u0041"}"#,
        ] {
            match p.process(Input {
                bytes: bad,
                ..Input::default()
            }) {
                Outcome::Rejected(d) => {
                    assert_eq!(d.kind, ErrorKind::InvalidJson);
                    assert!(d.message.contains("lone UTF-16 surrogate"), "{}", d.message);
                    assert!(!d.message.contains("end of hex escape"), "{}", d.message);
                }
                other => panic!("accepted {other:?}"),
            }
        }
        // A pair is one character; an escaped backslash is not an escape.
        let (a, _) = accept(&p, br#"{"body": "smile \ud83d\ude00 and \\ud800"}"#);
        assert_eq!(a.body, "smile \u{1f600} and \\ud800");
    }

    #[test]
    fn an_unreadable_published_at_is_null_and_noted_never_a_rejection() {
        let p = pipeline(DEFAULT_MAX_MESSAGE_BYTES);
        for date in [r#""garbage""#, "true", "1.5", "[1]", r#"{"y": 2024}"#] {
            let bytes = format!(r#"{{"body": "Text.", "published_at": {date}}}"#);
            let (a, _) = accept(&p, bytes.as_bytes());
            assert_eq!(a.published_at, None, "{date}");
            assert!(
                a.repairs.iter().any(|r| r == "published_at:unreadable"),
                "{date}: {:?}",
                a.repairs
            );
        }
        // Unix time as a number is a date.
        let (a, _) = accept(&p, br#"{"body": "Text.", "published_at": 1700000000}"#);
        assert_eq!(a.published_at.as_deref(), Some("2023-11-14T22:13:20Z"));
        assert!(!a.repairs.iter().any(|r| r.starts_with("published_at")));
        let (a, _) = accept(&p, br#"{"body": "Text.", "published_at": null}"#);
        assert!(!a.repairs.iter().any(|r| r.starts_with("published_at")));
    }

    #[test]
    fn invalid_hints_and_unsure_guesses_are_never_published_as_codes() {
        let p = pipeline(DEFAULT_MAX_MESSAGE_BYTES);
        let bodies = [
            "ok",
            "Leaders met.",
            "Ja.",
            "xyz qqq",
            "Talks 2024",
            "NATO UN EU",
        ];
        let mut unsure = 0;
        for body in bodies {
            for hint in [None, Some("zz"), Some("xx-INVALID"), Some("q1")] {
                let bytes = match hint {
                    Some(h) => format!(r#"{{"body": "{body}", "language": "{h}"}}"#),
                    None => format!(r#"{{"body": "{body}"}}"#),
                };
                let (a, _) = accept(&p, bytes.as_bytes());
                let sure = whatlang::detect(body)
                    .is_some_and(|i| i.confidence() >= crate::normalize::MIN_GUESS);
                if !sure {
                    unsure += 1;
                    assert_eq!(a.language, None, "{bytes}");
                }
                if let Some(code) = &a.language {
                    assert_ne!(Some(code.as_str()), hint.map(|h| &h[..2]), "{bytes}");
                    assert!(
                        a.language_confidence
                            .is_some_and(|c| f64::from(c) >= crate::normalize::MIN_GUESS),
                        "{bytes}: {a:?}"
                    );
                }
            }
        }
        assert!(unsure > 0, "some bodies leave the detector unsure");
        // A valid hint is kept when detection is unsure.
        let (a, _) = accept(&p, br#"{"body": "ok", "language": "en-GB"}"#);
        assert_eq!(a.language.as_deref(), Some("en"));
    }

    #[test]
    fn evidence_and_events_per_article_are_capped() {
        let p = pipeline(DEFAULT_MAX_MESSAGE_BYTES);
        let body = "Russia accused Ukraine of shelling the plant. ".repeat(2000);
        let bytes = serde_json::to_vec(&serde_json::json!({ "body": body })).unwrap();
        let (_, events) = accept(&p, &bytes);
        assert!(!events.is_empty());
        assert!(events.len() <= MAX_EVENTS_PER_ARTICLE);
        assert!(
            events
                .iter()
                .any(|e| e.extraction.evidence.len() == MAX_EVIDENCE_PER_EVENT),
            "the cap is reached"
        );
        assert!(events
            .iter()
            .all(|e| e.extraction.evidence.len() <= MAX_EVIDENCE_PER_EVENT));
    }

    #[test]
    fn accepts_an_article_and_keeps_what_it_does_not_interpret() {
        let p = pipeline(DEFAULT_MAX_MESSAGE_BYTES);
        let position = SourceOffset {
            topic: "raw".into(),
            partition: 3,
            offset: 42,
        };
        let input = Input {
            bytes:
                br#"{"id": "a-1", "title": "Talks", "text": "Leaders met.", "section": "world"}"#,
            content_type: None,
            position: Some(&position),
        };
        let Outcome::Accepted { article, .. } = p.process(input) else {
            panic!("rejected");
        };
        assert_eq!(article.article_id, "a-1");
        assert_eq!(article.title, "Talks");
        assert_eq!(article.body, "Leaders met.");
        assert_eq!(article.source_offset, Some(position));
        assert_eq!(article.extra["section"], "world");
        assert_eq!(article.schema, ARTICLE_SCHEMA);
    }

    #[test]
    fn repair_only_matches_without_events_and_builds_no_extractor() {
        let body = br#"{"id": "a-1", "title": "Talks", "body": "Russia accused Ukraine of shelling the plant."}"#;
        let full = pipeline(DEFAULT_MAX_MESSAGE_BYTES);
        let (with_events, events) = accept(&full, body);
        assert!(!events.is_empty());
        let repair = Pipeline::repair_only(
            Normalizer::default(),
            Extractor::version_for_rules(crate::extract::rules::BUILTIN_RULES),
            DEFAULT_MAX_MESSAGE_BYTES,
        );
        assert!(repair.extractor().is_none());
        let (a, events) = accept(&repair, body);
        let (b, _) = accept(&full.without_events(), body);
        assert!(events.is_empty());
        assert!(a.event_ids.is_empty());
        assert_eq!(a.extractor_version, with_events.extractor_version);
        // Identical but for the processing time.
        let strip = |mut x: NormalizedArticle| {
            x.processed_at.clear();
            x
        };
        assert_eq!(strip(a), strip(b));
    }

    #[test]
    fn ids_are_deterministic() {
        let p = pipeline(DEFAULT_MAX_MESSAGE_BYTES);
        let bytes = br#"{"url": "https://example.org/a", "body": "Text."}"#;
        let id = |b: &[u8]| match p.process(Input {
            bytes: b,
            ..Input::default()
        }) {
            Outcome::Accepted { article, .. } => article.article_id,
            Outcome::Rejected(d) => panic!("{d:?}"),
        };
        assert_eq!(id(bytes), id(bytes));
        assert_ne!(
            id(bytes),
            id(br#"{"url": "https://example.org/b", "body": "Text."}"#)
        );
    }
}
