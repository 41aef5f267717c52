//! Output records validate against the JSON Schemas in `schemas/`, and the
//! schemas agree with the code's closed sets (event types, quad classes).

use newsworker::offline::text_article;
use newsworker::pipeline::{Input, Outcome, Pipeline};
use newsworker::records::{EventType, SourceOffset};
use serde_json::Value;

fn schema(name: &str) -> jsonschema::Validator {
    let path = format!("{}/schemas/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    jsonschema::options()
        .should_validate_formats(true)
        .build(&value)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assert_valid(validator: &jsonschema::Validator, record: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(record)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match its schema: {errors:#?}\n{record:#}"
    );
}

/// Every bundled sample: plain-text files as one article, JSONL files line by line.
fn sample_outcomes(pipeline: &Pipeline) -> Vec<(String, Outcome)> {
    let dir = format!("{}/data/samples", env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let position = SourceOffset {
        topic: "news.articles.raw".into(),
        partition: 0,
        offset: 7,
    };
    let mut out = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("txt") => {
                let raw = text_article(pipeline.normalizer(), &bytes).unwrap();
                out.push((name, pipeline.process_article(raw, Some(&position))));
            }
            Some("jsonl") => {
                for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let input = Input {
                        bytes: line,
                        content_type: None,
                        position: Some(&position),
                    };
                    out.push((format!("{name}:{}", n + 1), pipeline.process(input)));
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn sample_records_match_the_schemas() {
    let article_schema = schema("article.v1.schema.json");
    let event_schema = schema("event.v1.schema.json");
    let pipeline = Pipeline::with_defaults();
    let outcomes = sample_outcomes(&pipeline);
    assert!(!outcomes.is_empty(), "no samples found in data/samples");
    let mut accepted = 0;
    for (name, outcome) in outcomes {
        let Outcome::Accepted { article, events } = outcome else {
            continue;
        };
        accepted += 1;
        assert_valid(
            &article_schema,
            &serde_json::to_value(&article).unwrap(),
            &format!("article from {name}"),
        );
        let body: Vec<char> = article.body.chars().collect();
        for event in &events {
            let value = serde_json::to_value(event).unwrap();
            assert_valid(&event_schema, &value, &format!("event from {name}"));
            assert!(article.event_ids.contains(&event.event_id));
            // Evidence offsets are code points into the normalised body.
            for ev in &event.extraction.evidence {
                assert!(ev.end <= body.len(), "{name}: evidence past the body end");
                let slice: String = body[ev.start..ev.end].iter().collect();
                assert_eq!(
                    slice, ev.text,
                    "{name}: evidence offsets do not index the body"
                );
            }
        }
    }
    assert!(accepted > 0, "no sample was accepted");
}

#[test]
fn schema_enums_match_the_code() {
    let text = std::fs::read_to_string(format!(
        "{}/schemas/event.v1.schema.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let in_schema: Vec<String> = value["properties"]["event_type"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let in_code: Vec<String> = EventType::ALL
        .iter()
        .map(|t| {
            serde_json::to_value(t)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(in_schema, in_code);
    for t in EventType::ALL {
        let quad = serde_json::to_value(t.quad_class()).unwrap();
        let allowed = value["properties"]["quad_class"]["enum"]
            .as_array()
            .unwrap();
        assert!(allowed.contains(&quad), "{quad} not in the schema");
    }
}

#[test]
fn event_ids_are_stable_across_replays() {
    let pipeline = Pipeline::with_defaults();
    let first = sample_outcomes(&pipeline);
    let second = sample_outcomes(&pipeline);
    for ((name, a), (_, b)) in first.iter().zip(&second) {
        match (a, b) {
            (Outcome::Accepted { article: a1, .. }, Outcome::Accepted { article: a2, .. }) => {
                assert_eq!(a1.article_id, a2.article_id, "{name}");
                assert_eq!(a1.event_ids, a2.event_ids, "{name}");
                assert_eq!(a1.content_hash, a2.content_hash, "{name}");
            }
            (Outcome::Rejected(d1), Outcome::Rejected(d2)) => assert_eq!(d1, d2, "{name}"),
            _ => panic!("{name}: outcome changed between runs"),
        }
    }
}
