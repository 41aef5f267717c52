//! The evaluation data parse, and the scorer's arithmetic is right on a case worked by hand.

use std::collections::HashSet;

use newsworker::eval::{parse_gold, GoldClass, Predicted, QuadClassKey, Score};
use newsworker::records::{EventType, QuadClass};

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_ewt_political_gold_parses_and_is_complete() {
    let gold = parse_gold(&read("tests/eval/ewt-political.jsonl")).unwrap();
    assert!(gold.len() >= 150, "{} sentences", gold.len());
    let mut ids = HashSet::new();
    for g in &gold {
        assert!(ids.insert(g.id.clone()), "duplicate {}", g.id);
        assert!(g.coded, "{} has no event_type", g.id);
        assert!(g.doc.is_some(), "{} has no document", g.id);
        assert!(
            matches!(g.genre.as_deref(), Some("weblog" | "newsgroup")),
            "{}",
            g.id
        );
        assert!(g.class.is_some(), "{} has no quad_class", g.id);
        // An event's class matches PLOVER's quad class, except REQUEST: CAMEO 02x appeals
        // are verbal cooperation, 10x demands verbal conflict.
        if let (Some(&t), Some(GoldClass::Quad(q))) = (g.events.first(), g.class) {
            if t != EventType::Request {
                assert_eq!(QuadClassKey::from(t.quad_class()), q, "{}", g.id);
            }
        }
    }
    let with_event = gold.iter().filter(|g| !g.events.is_empty()).count();
    assert!(with_event > 0 && with_event < gold.len());
    // The borderline calls are marked, and are a minority.
    let doubtful = gold.iter().filter(|g| g.doubt).count();
    assert!(doubtful > 0 && doubtful * 5 < gold.len(), "{doubtful}");
}

#[test]
fn the_ewt_nonpolitical_file_parses_and_codes_nothing() {
    let other = parse_gold(&read("tests/eval/ewt-nonpolitical.jsonl")).unwrap();
    let political = parse_gold(&read("tests/eval/ewt-political.jsonl")).unwrap();
    let coded: HashSet<_> = political.iter().map(|g| g.id.as_str()).collect();
    let mut genres = HashSet::new();
    for g in &other {
        assert!(!g.coded && g.events.is_empty(), "{}", g.id);
        assert!(!coded.contains(g.id.as_str()), "{} is in both files", g.id);
        genres.insert(g.genre.clone().unwrap());
    }
    for g in ["answers", "email", "reviews"] {
        assert!(genres.contains(g), "no {g} sentences");
    }
    // Together the two files hold the EWT dev and test splits once each.
    assert_eq!(other.len() + political.len(), 2001 + 2077);
}

fn pred(t: EventType, quad: QuadClass, actor: Option<&str>) -> Predicted {
    Predicted {
        event_type: t,
        quad,
        actor: actor.map(str::to_string),
        recipient: None,
    }
}

#[test]
fn scores_a_hand_worked_case() {
    let gold = parse_gold(concat!(
        // 1: right type, right actor.
        r#"{"sent_id":"d-0001","genre":"weblog","text":"a","event_type":"ASSAULT","actor":["USA"],"quad_class":"material_conflict"}"#,
        "\n",
        // 2: right type via `also`, wrong actor.
        r#"{"sent_id":"d-0002","genre":"weblog","text":"b","event_type":"PROTEST","also":["REJECT"],"actor":["IRQ"],"quad_class":"material_conflict"}"#,
        "\n\n",
        // 3: wrong type: one fp (ACCUSE) and one fn (REQUEST); an appeal is verbal cooperation.
        r#"{"sent_id":"d-0003","genre":"weblog","text":"c","event_type":"REQUEST","actor":["PSE"],"quad_class":"verbal_cooperation"}"#,
        "\n",
        // 4: missed: one fn.
        r#"{"sent_id":"e-0001","genre":"newsgroup","text":"d","event_type":"AGREE","actor":[],"quad_class":"verbal_cooperation"}"#,
        "\n",
        // 5: an event on a NONE statement: one fp.
        r#"{"sent_id":"e-0002","genre":"newsgroup","text":"e","event_type":"NONE","actor":[],"quad_class":"statement"}"#,
        "\n",
        // 6: nothing on a NONE opinion: nothing counted.
        r#"{"sent_id":"e-0003","genre":"newsgroup","text":"f","event_type":"NONE","quad_class":"none"}"#,
        "\n",
        // 7: a sentence that codes nothing: only events per sentence.
        r#"{"sent_id":"f-0001","genre":"reviews","text":"g"}"#,
    ))
    .unwrap();
    assert_eq!(gold.len(), 7);
    assert_eq!(gold[0].doc.as_deref(), Some("d"));
    use EventType::*;
    use QuadClass::*;
    let preds = [
        (Some(pred(Assault, MaterialConflict, Some("USA"))), 2),
        (Some(pred(Reject, VerbalConflict, Some("USA"))), 1),
        (Some(pred(Accuse, VerbalConflict, Some("PSE"))), 1),
        (None, 0),
        (Some(pred(Consult, VerbalCooperation, None)), 1),
        (None, 0),
        (Some(pred(Assault, MaterialConflict, None)), 3),
    ];
    let mut s = Score::default();
    for (g, (p, n)) in gold.iter().zip(&preds) {
        s.add(g, p.as_ref(), *n);
    }
    assert_eq!(s.sentences, 7);
    assert_eq!(s.coded, 6);
    assert_eq!(s.gold_events, 4);
    let m = s.micro();
    assert_eq!((m.tp, m.fp, m.fn_), (2, 2, 2));
    let (p, r, f) = m.prf();
    assert!((p - 0.5).abs() < 1e-9 && (r - 0.5).abs() < 1e-9 && (f - 0.5).abs() < 1e-9);
    assert_eq!(s.per_type[&Reject].tp, 1);
    assert_eq!(s.per_type[&Request].fn_, 1);
    assert_eq!(s.per_type[&Consult].fp, 1);
    // Actor on true positives: sentence 1 right, sentence 2 wrong.
    assert_eq!((s.actor_tp.right, s.actor_tp.of), (1, 2));
    // With any prediction: 1, 2 and 3 have gold actors and a prediction; 1 and 3 right.
    assert_eq!((s.actor_any.right, s.actor_any.of), (2, 3));
    // Five-way: 1 right (MK); 2 predicted VK for gold MK (fp VK, fn MK); 3 predicted VK for
    // gold VC (fp VK, fn VC); 4 missed VC (fn); 5 predicted VC on a statement (fp VC).
    let c = s.class_micro();
    assert_eq!((c.tp, c.fp, c.fn_), (1, 3, 3));
    assert_eq!(s.per_class[&QuadClassKey::VerbalConflict].fp, 2);
    assert_eq!(s.per_class[&QuadClassKey::VerbalCooperation].fn_, 2);
    // Plain statements: the statement (5) got an event, the opinion (6) did not.
    assert_eq!(
        (s.plain_given_event().right, s.plain_given_event().of),
        (1, 2)
    );
    assert_eq!(s.statement_given_event.right, 1);
    // Events per sentence: 3 events in 3 weblog sentences, 1 in 3 newsgroup, 3 in 1 review.
    assert_eq!(s.by_genre["weblog"], (3, 4));
    assert_eq!(s.by_genre["newsgroup"], (3, 1));
    assert_eq!(s.by_genre["reviews"], (1, 3));
    assert!((s.events_per_sentence() - 8.0 / 7.0).abs() < 1e-9);
    let text = s.to_string();
    assert!(text.contains("micro"), "{text}");
    assert!(
        text.contains("plain statements given an event: 0.500 (1/2)"),
        "{text}"
    );
}

#[test]
fn rejects_malformed_gold() {
    let bad = [
        r#"{"text":"x","event_type":"BOMB"}"#,
        r#"{"text":"x","event_type":"NONE","also":["ASSAULT"]}"#,
        r#"{"text":"x","event_type":"NONE","quad_class":"material_conflict"}"#,
        r#"{"text":"x","event_type":"ASSAULT","quad_class":"statement"}"#,
        r#"{"text":"x","event_type":"ASSAULT","quad_class":"hostile"}"#,
        r#"{"event_type":"ASSAULT"}"#,
        "not json",
    ];
    for line in bad {
        let text = format!("{{\"text\":\"ok\",\"event_type\":\"AGREE\"}}\n{line}\n");
        let err = parse_gold(&text).expect_err(line).to_string();
        assert!(err.starts_with("line 2:"), "{line}: {err}");
    }
}

#[test]
fn the_f1_interval_brackets_the_estimate_and_narrows_with_agreement() {
    let line = |t: &str| format!("{{\"text\":\"x\",\"event_type\":\"{t}\"}}\n");
    let gold = parse_gold(&(line("ASSAULT").repeat(40) + &line("NONE").repeat(40))).unwrap();
    let right = pred(EventType::Assault, QuadClass::MaterialConflict, None);
    // All right: every resample scores 1.
    let mut perfect = Score::default();
    for g in &gold {
        perfect.add(g, (!g.events.is_empty()).then_some(&right), 1);
    }
    assert_eq!(perfect.f1_interval(200, 0.025, 0.975), Some((1.0, 1.0)));
    // Half the events missed and a quarter of the NONE sentences given one: F1 = 40/70.
    let mut mixed = Score::default();
    for (i, g) in gold.iter().enumerate() {
        let p = if g.events.is_empty() {
            i % 4 == 0
        } else {
            i % 2 == 0
        };
        mixed.add(g, p.then_some(&right), usize::from(p));
    }
    let m = mixed.micro();
    assert_eq!((m.tp, m.fp, m.fn_), (20, 10, 20));
    let f1 = m.prf().2;
    let (lo, hi) = mixed.f1_interval(500, 0.025, 0.975).unwrap();
    assert!(lo < f1 && f1 < hi, "{lo} {f1} {hi}");
    assert!(hi - lo > 0.1 && hi - lo < 0.5, "{lo} {hi}");
    assert_eq!(mixed.f1_interval(500, 0.025, 0.975), Some((lo, hi)));
    assert_eq!(Score::default().f1_interval(10, 0.0, 1.0), None);
}
