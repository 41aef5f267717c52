//! The accounting promise, as a property: every input, whatever its bytes and
//! content type, yields exactly one normalised article record or exactly one
//! dead letter (carrying the original bytes and key), never both, never none.

use newsworker::kafka::sink::{records_for, Original, Topics};
use newsworker::metrics::RecordKind;
use newsworker::pipeline::{Input, Pipeline};
use newsworker::records::SourceOffset;
use proptest::prelude::*;

fn topics() -> Topics {
    Topics {
        events: "ev".into(),
        normalized: "norm".into(),
        dlq: "dlq".into(),
    }
}

/// JSON-ish articles: real field names with hostile values, plus raw junk.
fn message() -> impl Strategy<Value = Vec<u8>> {
    let value = prop_oneof![
        any::<String>().prop_map(|s| serde_json::Value::String(s).to_string()),
        "[ -~]{0,40}".prop_map(|s| format!("\"{s}\"")),
        any::<i64>().prop_map(|n| n.to_string()),
        "[0-9]{19,40}",
        Just("null".to_string()),
        Just("true".to_string()),
        Just("[1, {\"a\": 2}]".to_string()),
        Just("\"\\ud800\"".to_string()),
        Just("\"Russia accused Ukraine of shelling the plant.\"".to_string()),
    ];
    let field = prop_oneof![
        Just("id"),
        Just("title"),
        Just("body"),
        Just("text"),
        Just("html"),
        Just("url"),
        Just("published_at"),
        Just("language"),
        Just("source"),
        Just("other"),
    ];
    let object = prop::collection::vec((field, value), 0..6).prop_map(|fields| {
        let inner: Vec<String> = fields
            .into_iter()
            .map(|(k, v)| format!("\"{k}\": {v}"))
            .collect();
        format!("{{{}}}", inner.join(", ")).into_bytes()
    });
    prop_oneof![
        object.clone(),
        // The same, with bytes flipped or cut short.
        (object, any::<prop::sample::Index>(), any::<u8>()).prop_map(|(mut b, at, byte)| {
            if !b.is_empty() {
                let i = at.index(b.len());
                if byte % 2 == 0 {
                    b[i] = byte;
                } else {
                    b.truncate(i);
                }
            }
            b
        }),
        prop::collection::vec(any::<u8>(), 0..300),
    ]
}

fn content_type() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("application/json".to_string())),
        Just(Some("text/plain; charset=windows-1252".to_string())),
        Just(Some("application/json; charset=koi8-r".to_string())),
        Just(Some("charset=utf-16le".to_string())),
        "[ -~]{0,30}".prop_map(Some),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_input_is_one_article_or_one_dead_letter(
        bytes in message(),
        content_type in content_type(),
        key in prop::option::of(prop::collection::vec(any::<u8>(), 0..8)),
    ) {
        static PIPELINE: std::sync::LazyLock<Pipeline> = std::sync::LazyLock::new(|| {
            let p = Pipeline::with_defaults();
            p.normalizer().prepare();
            p
        });
        let position = SourceOffset { topic: "in".into(), partition: 1, offset: 7 };
        let outcome = PIPELINE.process(Input {
            bytes: &bytes,
            content_type: content_type.as_deref(),
            position: Some(&position),
        });
        let original = Original {
            key: key.as_deref(),
            payload: Some(&bytes),
            headers: None,
            position: &position,
        };
        let records = records_for(&outcome, &original, &topics());
        let articles = records.iter().filter(|r| r.kind == RecordKind::Article).count();
        let dead = records.iter().filter(|r| r.kind == RecordKind::DeadLetter).count();
        prop_assert_eq!(articles + dead, 1, "{:?}", outcome);
        if dead == 1 {
            prop_assert_eq!(records.len(), 1);
            prop_assert_eq!(records[0].payload.as_deref(), Some(&bytes[..]));
            prop_assert_eq!(records[0].key.as_deref(), key.as_deref());
            prop_assert!(records[0].header("newsworker-error-kind").is_some());
        } else {
            prop_assert_eq!(records[0].kind, RecordKind::Article);
            prop_assert!(records[1..].iter().all(|r| r.kind == RecordKind::Event));
        }
    }
}
