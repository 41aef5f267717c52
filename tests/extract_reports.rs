//! A report of an act, or a mention of one (issue 10: precision on real text). Event
//! coders code what a clause asserts was done; an act named as background ("a response
//! to the rocket attacks"), or asked about, is no event of its own.

use newsworker::extract::Extractor;
use newsworker::records::{EventType, Extraction};

fn events(body: &str) -> Vec<Extraction> {
    Extractor::builtin().extract("", body)
}

fn types(e: &[Extraction]) -> Vec<EventType> {
    e.iter().map(|x| x.event_type).collect()
}

#[test]
fn an_act_named_inside_another_clause_is_a_mention() {
    let e = events(
        "Israel's air strikes on Gaza were a response to the rocket attacks, the minister said.",
    );
    assert!(!types(&e).contains(&EventType::Assault), "{e:?}");
}

#[test]
fn an_act_a_copular_sentence_compares_with_is_a_mention() {
    // A copula is the sentence's predicate: the attack is background, not news.
    let e = events(
        "It was similar to an attack on the U.S. Embassy in the Egyptian capital on Tuesday night.",
    );
    assert!(e.is_empty(), "{e:?}");
    let e =
        events("Protesters attacked the U.S. Embassy in the Egyptian capital on Tuesday night.");
    assert!(!e.is_empty(), "{e:?}");
}

#[test]
fn an_act_that_is_only_a_prospect_is_no_event() {
    let e = events("Ukraine braces for a possible Russian military offensive.");
    assert!(e.is_empty(), "{e:?}");
    let e = events("Russian troops launched a new offensive in eastern Ukraine.");
    assert_eq!(types(&e), vec![EventType::Assault], "{e:?}");
}

#[test]
fn protesters_doing_anything_at_all_is_the_protest() {
    for s in [
        "Demonstrators removed the embassy's sign on the outer wall, set tires ablaze, and pelted the compound with rocks.",
        "Protesters smashed windows as they breached the embassy perimeter.",
    ] {
        let e = events(s);
        assert_eq!(types(&e), vec![EventType::Protest], "{s}: {e:?}");
    }
    // Protesters acted on, or only speaking, are no protest of theirs.
    let e = events("The protesters said they would return on Friday.");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn fighting_that_ravaged_or_displaced_is_reported() {
    let e = events("Sudan has been ravaged by fighting between the army and the paramilitary Rapid Support Forces since April 15.");
    assert_eq!(types(&e), vec![EventType::Assault], "{e:?}");
    let e = events("The region has been ravaged by drought.");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn a_question_reports_no_act() {
    let e = events("Why would Russia attack Ukraine now?");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn nouns_that_a_verb_of_occurrence_or_a_light_verb_takes_are_reports() {
    for body in [
        "The Russian army launched an assault on the town.",
        "An attack on the convoy killed five Malian soldiers.",
        "Fighting broke out between Sudanese troops and rebels in Darfur.",
    ] {
        let e = events(body);
        assert!(types(&e).contains(&EventType::Assault), "{body}: {e:?}");
    }
}

#[test]
fn a_mention_adds_evidence_to_the_act_reported_elsewhere() {
    let e = events(
        "Israeli warplanes struck targets in Gaza on Monday.\n\n\
         Israel's air strikes on Gaza were a response to rocket attacks, the minister said.",
    );
    let assaults: Vec<&Extraction> = e
        .iter()
        .filter(|x| x.event_type == EventType::Assault)
        .collect();
    assert_eq!(assaults.len(), 1, "{e:?}");
    assert_eq!(assaults[0].evidence.len(), 2, "{:?}", assaults[0]);
}

#[test]
fn the_act_a_sentence_reports_stands_and_the_one_it_mentions_does_not() {
    // "fighting" is chosen first and only mentioned; "seized" is what the clause reports.
    let e = events("After weeks of heavy fighting, Syrian troops seized the town of Qusayr.");
    assert!(types(&e).contains(&EventType::Coerce), "{e:?}");
    assert!(!types(&e).contains(&EventType::Assault), "{e:?}");
}

#[test]
fn an_act_that_sets_the_time_of_another_is_background() {
    let e = events(
        "After the Russian invasion of Ukraine, the war of words between the two countries intensified.",
    );
    assert!(e.is_empty(), "{e:?}");
    let e = events("The Russian invasion began at dawn.");
    assert_eq!(types(&e), vec![EventType::Assault], "{e:?}");
}

#[test]
fn a_quantity_of_an_act_carries_it() {
    // "a new set of sanctions" announced is the sanctions; only debated, it is not.
    let e = events("The European Union on Monday announced a new set of sanctions on Belarus.");
    assert_eq!(types(&e), vec![EventType::Sanction], "{e:?}");
    let e = events("EU ministers debated a new package of sanctions on Belarus.");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn a_verb_that_only_describes_a_noun_mentions_its_act() {
    let e = events(
        "The transfer was tied to a deal involving 300 prisoners to be released by the Sudanese government.",
    );
    assert!(e.is_empty(), "{e:?}");
    let e = events("The Sudanese government released 300 prisoners on Monday.");
    assert_eq!(types(&e), vec![EventType::Retreat], "{e:?}");
}

#[test]
fn a_passive_act_the_parse_hung_from_a_noun_is_still_reported() {
    // The parser made "arrested" a modifier of "people", the complement of "said": a
    // noun phrase cannot be a clause, so its verb is the report.
    let s = "Two more people named to an alternative Supreme Court in defiance of Nicaraguan President Daniel Ortega's government were arrested on Tuesday by police during a political showdown, the opposition said.";
    assert_eq!(types(&events(s)), vec![EventType::Coerce], "{s}");
    // A participle that does describe a noun stays a mention.
    let e = events(
        "The Nicaraguan minister visited the families of the people arrested in the protests.",
    );
    assert!(!types(&e).contains(&EventType::Coerce), "{e:?}");
}

#[test]
fn an_act_a_speaker_confirms_or_reports_is_reported() {
    for (s, t) in [
        (
            "Meanwhile, the Lagos Police Command has confirmed the arrest of 30 protesters.",
            EventType::Coerce,
        ),
        // The parser takes "clashes" for what "says" acts on, not for the subject of
        // "have left".
        (
            "Armenia says clashes along the border with Azerbaijan have left two of its troops dead.",
            EventType::Assault,
        ),
    ] {
        assert!(types(&events(s)).contains(&t), "{s}: {:?}", events(s));
    }
    // Still a mention: an act another noun phrase holds.
    let e = events("The minister confirmed the cost of the attacks on Gaza, officials said.");
    assert!(!types(&e).contains(&EventType::Assault), "{e:?}");
}
