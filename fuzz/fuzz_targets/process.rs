//! `Pipeline::process` on arbitrary bytes and content types: it must never
//! panic, and what it returns must hold the record contracts.
//!
//! Input layout: a leading 0x00 byte starts a content type that runs to the
//! next 0x00 (`\0text/plain; charset=koi8-r\0<message>`); otherwise the whole
//! input is the message, so plain JSON lines are seeds as they are.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use newsworker::extract::Extractor;
use newsworker::normalize::Normalizer;
use newsworker::pipeline::{ErrorKind, Input, Outcome, Pipeline};
use newsworker::records::SourceOffset;

/// A small size limit keeps each run fast; `too_large` is covered all the same.
static PIPELINE: LazyLock<Pipeline> =
    LazyLock::new(|| Pipeline::new(Normalizer::default(), Extractor::builtin(), 64 * 1024));

fn split(data: &[u8]) -> (Option<&str>, &[u8]) {
    if let Some(rest) = data.strip_prefix(b"\0") {
        if let Some(end) = rest.iter().position(|&b| b == 0) {
            return (std::str::from_utf8(&rest[..end]).ok(), &rest[end + 1..]);
        }
    }
    (None, data)
}

fuzz_target!(|data: &[u8]| {
    let (content_type, bytes) = split(data);
    let position = SourceOffset {
        topic: "fuzz".into(),
        partition: 0,
        offset: 0,
    };
    let outcome = PIPELINE.process(Input {
        bytes,
        content_type,
        position: Some(&position),
    });
    match outcome {
        Outcome::Accepted { article, events } => {
            assert!(!article.body.is_empty());
            assert!(!article.article_id.is_empty());
            if let Some(lang) = &article.language {
                assert!(lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase()), "{lang}");
            }
            if let Some(t) = &article.published_at {
                assert!(t.ends_with('Z'), "{t}");
            }
            let chars = article.body.chars().count();
            assert_eq!(article.event_ids.len(), events.len());
            assert!(events.len() <= newsworker::pipeline::MAX_EVENTS_PER_ARTICLE);
            for e in &events {
                assert_eq!(e.article_id, article.article_id);
                assert!(e.extraction.evidence.len() <= newsworker::pipeline::MAX_EVIDENCE_PER_EVENT);
                for span in &e.extraction.evidence {
                    assert!(span.start <= span.end && span.end <= chars, "{span:?} of {chars}");
                }
                serde_json::to_vec(e).expect("event serialises");
            }
            serde_json::to_vec(&article).expect("article serialises");
        }
        Outcome::Rejected(dead) => {
            assert!(ErrorKind::ALL.contains(&dead.kind));
            assert_ne!(dead.kind, ErrorKind::Internal);
            assert!(!dead.message.is_empty());
        }
    }
});
