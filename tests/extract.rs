//! Extractor behaviour on whole articles: the reference article, and articles
//! with no political content. Sentence-level tables live in `extract_table.rs`.

use newsworker::extract::Extractor;
use newsworker::records::{EventType, Extraction, Modality};

/// The reference article (tests/fixtures/seed-article-azerbaijan-isf.txt) with its
/// punctuation restored by hand: the fixture itself is raw mojibake, repaired by
/// the normaliser, and these tests are about extraction only. First line: title.
const SEED: &str = include_str!("extract_seed_clean.txt");

fn seed() -> (&'static str, &'static str) {
    SEED.split_once('\n').expect("title line")
}

fn seed_events() -> Vec<Extraction> {
    let (title, body) = seed();
    Extractor::builtin().extract(title, body)
}

/// `body[start:end]` in Python: slicing by code points.
fn slice_chars(s: &str, start: usize, end: usize) -> String {
    s.chars().skip(start).take(end - start).collect()
}

#[test]
fn reference_article_yields_the_reject_event() {
    let events = seed_events();
    let rejects: Vec<&Extraction> = events
        .iter()
        .filter(|e| e.event_type == EventType::Reject)
        .collect();
    assert_eq!(rejects.len(), 1, "one REJECT for one refusal: {events:#?}");
    let e = rejects[0];
    assert_eq!(e.cameo_code, "1224");
    let actor = e.actor.as_ref().expect("actor");
    assert_eq!(actor.country.as_deref(), Some("AZE"));
    assert_eq!(actor.name, "Azerbaijan");
    assert!(
        matches!(actor.kind.as_str(), "state" | "government"),
        "{actor:?}"
    );
    assert_eq!(actor.person.as_deref(), Some("Ilham Aliyev"));
    assert_eq!(actor.role.as_deref(), Some("President"));
    let loc = e.location.as_ref().expect("location");
    assert_eq!(loc.country.as_deref(), Some("PSE"));
    assert_eq!(loc.name, "Gaza");
    let isf_named = e
        .recipient
        .as_ref()
        .is_some_and(|r| r.name.contains("Stabilisation Force"))
        || e.evidence.iter().any(|ev| ev.text.contains("ISF"));
    assert!(isf_named, "{e:#?}");
    let cond = e.condition.as_deref().expect("condition kept");
    assert!(
        cond.contains("all hostilities between Israel and Hamas ceased"),
        "{cond}"
    );
    assert_eq!(e.modality, Modality::Asserted);
    assert_eq!(e.quad_class, EventType::Reject.quad_class());
}

#[test]
fn reference_reject_evidence_indexes_the_body_in_code_points() {
    let events = seed_events();
    let e = events
        .iter()
        .find(|e| e.event_type == EventType::Reject)
        .expect("REJECT");
    assert!(e
        .evidence
        .iter()
        .any(|ev| ev.text.contains("will not deploy any forces")));
    assert!(e
        .evidence
        .iter()
        .any(|ev| ev.text.contains("No participation in peacekeeping forces")));
    for ev in &e.evidence {
        assert_eq!(slice_chars(seed().1, ev.start, ev.end), ev.text);
    }
    // The sentence that voiced the condition is kept with it.
    assert!(e
        .evidence
        .iter()
        .any(|ev| ev.text.contains("would only consider contributing troops")));
    // The title is support only: no evidence offset points into it.
    assert!(e
        .evidence
        .iter()
        .all(|ev| !ev.text.contains("no plans to send troops")));
}

#[test]
fn reference_article_reported_claim_keeps_its_speaker_apart() {
    let events = seed_events();
    let e = events
        .iter()
        .find(|e| e.event_type == EventType::Assault)
        .expect("ASSAULT");
    assert_eq!(
        e.actor.as_ref().and_then(|a| a.country.as_deref()),
        Some("ISR")
    );
    assert_eq!(e.modality, Modality::Reported);
    assert_eq!(e.reported_by.as_deref(), Some("a diplomat"));
}

#[test]
fn confidence_is_a_probability() {
    for e in seed_events() {
        assert!((0.0..=1.0).contains(&e.confidence), "{e:?}");
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn on_any_text(title in "\\PC{0,40}", body in "(\\PC|[’“”—–…\\n ]){0,400}") {
            let x = Extractor::builtin();
            for e in x.extract(&title, &body) {
                for ev in &e.evidence {
                    prop_assert_eq!(slice_chars(&body, ev.start, ev.end), ev.text.clone());
                }
            }
        }

        #[test]
        fn on_news_like_text(words in proptest::collection::vec(prop_oneof![
            Just("Israel"), Just("the"), Just("attacked"), Just("“"), Just("”"), Just("—"), Just(","), Just("."),
            Just("said"), Just("will not"), Just("send troops"), Just("if"), Just("Azerbaijan’s"), Just("President"),
            Just("Aliyev"), Just("he"), Just("was"), Just("by"), Just("in Gaza"), Just("the country"), Just("anti-"),
            Just("according to"), Just("Ü"), Just("’s"), Just("\n\n"),
        ], 0..60)) {
            let body = words.join(" ");
            let x = Extractor::builtin();
            for e in x.extract("", &body) {
                prop_assert!((0.0..=1.0).contains(&e.confidence));
                for ev in &e.evidence {
                    prop_assert_eq!(slice_chars(&body, ev.start, ev.end), ev.text.clone());
                }
            }
        }
    }
}

#[test]
fn rules_file_replaces_the_builtin_rules_and_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("rules.toml");
    std::fs::write(
        &good,
        "[[rule]]\nid = \"hug\"\ntype = \"SUPPORT\"\ncameo = \"051\"\ntriggers = [\"hug+\"]\n",
    )
    .unwrap();
    let x = Extractor::from_rules_file(&good).unwrap();
    assert_ne!(x.version(), Extractor::builtin().version());
    let events = x.extract("", "France hugged Germany on Monday. Israel attacked Gaza.");
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].event_type, EventType::Support);

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "# comment\n[[rule]]\nid = \"x\"\ntype = \"SUPPORT\"\ncameo = \"051\"\ntriggers = [\"hug+ ... \"]\n",
    )
    .unwrap();
    let err = Extractor::from_rules_file(&bad).unwrap_err().to_string();
    assert!(err.contains("line 6"), "{err}");
    let missing = Extractor::from_rules_file(&dir.path().join("none.toml")).unwrap_err();
    assert!(missing.to_string().contains("none.toml"));
}
