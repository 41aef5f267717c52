//! The CAMEO verb lexicon (issue 10, deliverable 2): PETRARCH2's verb dictionary compiled
//! into `data/cameo_verbs.txt` by `data/generate_lexicon.py` and loaded behind the hand
//! rules. Each check would fail without the dictionary or with the dictionary ranked
//! above the hand rules or let loose without its gates.

use newsworker::extract::lexicon::{Lexicon, BUILTIN_LEXICON};
use newsworker::extract::Extractor;
use newsworker::records::{EventType, Extraction};

fn events(sentence: &str) -> Vec<Extraction> {
    Extractor::builtin().extract("", sentence)
}

fn main_event(sentence: &str) -> Option<Extraction> {
    events(sentence)
        .into_iter()
        .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
}

#[test]
fn generated_file_parses_whole_with_its_attribution() {
    let lex = Lexicon::parse(BUILTIN_LEXICON).expect("data/cameo_verbs.txt parses");
    let (blocks, verbs, patterns) = lex.counts();
    // CAMEO.2.0.txt has 397 verb blocks and 4,668 patterns; the generator leaves out only
    // patterns with reversed roles (`[:x]`) or undefined synonym sets.
    assert_eq!(blocks, 397);
    assert!(verbs > 1_700, "{verbs} verbs");
    assert!((4_500..=4_668).contains(&patterns), "{patterns} patterns");
    assert!(BUILTIN_LEXICON.contains("MIT License"));
    assert!(BUILTIN_LEXICON.contains("Copyright (c) 2015 Open Event Data Alliance"));
    assert!(BUILTIN_LEXICON.contains("CC BY-SA 4.0"));
    // Every event code the dictionary uses has a PLOVER reading or is a comment (01x);
    // a typo in the generator's code handling would leave codes unmapped.
    for line in BUILTIN_LEXICON
        .lines()
        .filter(|l| l.starts_with("pattern\t"))
    {
        let code = line.split('\t').nth(2).unwrap();
        if code == "---" || code.starts_with("01") {
            assert!(lex.plover(code).is_none(), "{line}");
        } else {
            assert!(lex.plover(code).is_some(), "unmapped code in {line}");
        }
    }
}

#[test]
fn cameo_codes_map_to_plover_events() {
    let lex = Lexicon::builtin();
    let t = |c: &str| lex.plover(c).map(|(t, _, _)| t);
    assert_eq!(t("0874"), Some(EventType::Retreat));
    assert_eq!(t("063"), Some(EventType::Cooperate));
    assert_eq!(t("173"), Some(EventType::Coerce));
    assert_eq!(t("163"), Some(EventType::Coerce));
    assert_eq!(t("1712"), Some(EventType::Assault));
    assert_eq!(t("0241"), Some(EventType::Request)); // appeals keep their 02x code
    assert_eq!(t("012"), None); // a comment
    assert_eq!(t("---"), None);
    // A code the table lacks takes its parent's reading.
    assert_eq!(t("1979"), Some(EventType::Assault));
}

#[test]
fn dictionary_only_verbs_produce_their_cameo_code() {
    // Verbs no hand rule knows (the trace shows only dictionary hits); the dictionary's
    // code for the verb is emitted with its PLOVER event.
    for (sentence, t, code) in [
        (
            "The Ugandan government acquitted the opposition leader Kizza Besigye of Uganda.",
            EventType::Concede,
            "081",
        ),
        (
            "The Philippine government inspected the camps of the Moro Islamic Liberation Front.",
            EventType::Accuse,
            "090",
        ),
    ] {
        let trace = Extractor::builtin().trace(sentence);
        assert!(
            trace
                .iter()
                .filter(|l| l.starts_with("trigger"))
                .all(|l| l.contains(" cameo.")),
            "a hand rule fires: {trace:?}"
        );
        let e = main_event(sentence).unwrap_or_else(|| panic!("no event: {sentence}"));
        assert_eq!(
            (e.event_type, e.cameo_code.as_str()),
            (t, code),
            "{sentence}"
        );
        assert!(e.actor.is_some_and(|a| a.country.is_some()), "{sentence}");
    }
    // A pattern's words give its more specific code and event: PAY alone is 061
    // (COOPERATE), "paid compensation" 0842 (RETREAT: return property).
    let e = main_event("The Kenyan government paid compensation to Uganda.").expect("an event");
    assert_eq!(
        (e.event_type, e.cameo_code.as_str()),
        (EventType::Retreat, "0842")
    );
    let e = main_event("The Kenyan government paid Uganda.").expect("an event");
    assert_eq!(
        (e.event_type, e.cameo_code.as_str()),
        (EventType::Cooperate, "061")
    );
}

#[test]
fn hand_rules_win_where_both_match() {
    // "pardoned 200 prisoners" is a hand rule (CONCEDE 081) and a more specific
    // dictionary pattern (RETREAT 0841): the hand rule's reading is kept.
    let s = "The Kenyan government pardoned 200 prisoners from Somalia on Monday.";
    let trace = Extractor::builtin().trace(s);
    assert!(
        trace.iter().any(|l| l.contains("cameo.pardon:")),
        "{trace:?}"
    );
    let e = main_event(s).unwrap();
    assert_eq!(
        (e.event_type, e.cameo_code.as_str()),
        (EventType::Concede, "081")
    );
    // A hand STATEMENT rule (a comment) also keeps the dictionary out: no event.
    assert!(events("Iran's foreign ministry declined to comment on the extradition.").is_empty());
}

#[test]
fn fallbacks_need_a_political_subject_a_target_and_a_finite_verb() {
    // Each is coded when written as a plain act of one state on another.
    let act = "The Philippine government inspected the camps of the Moro Islamic Liberation Front.";
    assert!(!events(act).is_empty());
    for sentence in [
        // Sport (discards): no dictionary event even with states on both sides.
        "France inspected the Germany squad before the World Cup match.",
        // No political subject: a bare country name (a team?), a company, a place after
        // a preposition.
        "Brazil inspected the camps of the Moro Islamic Liberation Front.",
        "Apple inspected the camps of the Moro Islamic Liberation Front.",
        "Farmers in the Philippines inspected the camps of the Moro Islamic Liberation Front.",
        // No target (PETRARCH's dyad): nothing political follows the verb.
        "The Philippine government inspected the camps.",
        // Not a finite verb after the subject: a noun compound, a passive.
        "Philippine inspections of the Moro Islamic Liberation Front camps ended.",
        "The Philippine government was inspected by the Moro Islamic Liberation Front.",
    ] {
        assert!(
            events(sentence).is_empty(),
            "{sentence}: {:?}",
            events(sentence)
        );
    }
}

#[test]
fn calling_someone_something_is_no_phone_call() {
    // The dictionary's bare CALL is a telephone call (CAMEO 041).
    let call =
        main_event("The Turkish foreign minister called the Russian foreign minister on Tuesday.")
            .expect("a call");
    assert_eq!(
        (call.event_type, call.cameo_code.as_str()),
        (EventType::Consult, "041")
    );
    // Naming a person or a thing is no call.
    for sentence in [
        "The Iranian foreign minister called the International Atomic Energy Agency resolution a scenario.",
        "The Fijian deputy prime minister called the Fijian opposition leader \u{201c}an expert in dissension\u{201d}.",
    ] {
        assert!(
            events(sentence).iter().all(|e| e.event_type != EventType::Consult),
            "{sentence}: {:?}",
            events(sentence)
        );
    }
}

#[test]
fn the_builtin_version_covers_the_dictionary() {
    // Repair-only runs stamp records with the version computed from the rules text; it
    // must equal the built-in extractor's, which also fingerprints the dictionary.
    let builtin = Extractor::builtin();
    assert_eq!(
        Extractor::version_for_rules(newsworker::extract::rules::BUILTIN_RULES),
        builtin.version()
    );
    let hand_only = Extractor::from_rules_str(newsworker::extract::rules::BUILTIN_RULES).unwrap();
    assert_ne!(hand_only.version(), builtin.version());
}

#[test]
fn a_verb_alone_in_an_unspecified_consultation_or_cooperation_block_is_no_event() {
    // "weigh", like "consider", "learn" and "face", sits in a block coded 040 (consult,
    // unspecified).
    for s in [
        "The Japanese government is weighing the Chinese offer.",
        "The Kenyan government is considering the Ugandan offer.",
    ] {
        assert!(
            events(s).iter().all(|e| e.event_type != EventType::Consult),
            "{s}: {:?}",
            events(s)
        );
    }
    // "boost" and "manage" sit in blocks coded 060 (material cooperation, unspecified).
    for s in [
        "The Brazilian government boosted the Argentine economy.",
        "The Indian government managed the Nepalese project.",
    ] {
        assert!(
            events(s)
                .iter()
                .all(|e| e.event_type != EventType::Cooperate),
            "{s}: {:?}",
            events(s)
        );
    }
}

#[test]
fn an_official_fired_or_sacked_is_dismissed_not_attacked() {
    for s in [
        "The Zambian president fired his finance minister on Tuesday.",
        "The Peruvian president sacked the army chief on Monday.",
    ] {
        assert!(
            events(s).iter().all(|e| e.event_type != EventType::Assault),
            "{s}: {:?}",
            events(s)
        );
    }
    // Weapons are still fired at someone.
    let s = "The Sudanese army fired rockets at the Rapid Support Forces.";
    assert!(
        events(s).iter().any(|e| e.event_type == EventType::Assault),
        "{s}: {:?}",
        events(s)
    );
}

#[test]
fn a_sitting_that_kicked_off_began() {
    let s = "The Kenyan National Assembly kicked off with fewer than half of the opposition lawmakers on Tuesday.";
    assert!(
        events(s).iter().all(|e| e.event_type != EventType::Assault),
        "{s}: {:?}",
        events(s)
    );
    let s = "Israeli soldiers kicked Palestinian detainees.";
    assert!(
        events(s).iter().any(|e| e.event_type == EventType::Assault),
        "{s}: {:?}",
        events(s)
    );
}
