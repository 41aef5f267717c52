//! Tense and hypothesis (issue 10, error class 5): what is likely, planned or
//! conditional is not asserted as done.

use newsworker::extract::Extractor;
use newsworker::records::{EventType, Modality};

#[test]
fn a_likely_lifting_of_an_embargo_is_no_sanction_asserted() {
    let e = Extractor::builtin().extract(
        "",
        "The EU's embargo on Iran is likely to be lifted next month.",
    );
    assert!(
        !e.iter().any(|x| x.event_type == EventType::Sanction),
        "{e:?}"
    );
    let x = e.first().expect("the announced easing");
    assert_eq!(x.modality, Modality::Intended, "{x:?}");
    // Done, it is the easing itself.
    let e = Extractor::builtin().extract("", "The EU's embargo on Iran was lifted on Monday.");
    assert!(
        e.iter()
            .any(|x| x.event_type == EventType::Retreat && x.modality == Modality::Asserted),
        "{e:?}"
    );
}

#[test]
fn a_threat_with_a_condition_is_conditional() {
    let e = Extractor::builtin().extract(
        "",
        "Russia could impose sanctions on Moldova if the vote goes ahead.",
    );
    let x = e.first().expect("an event");
    assert_eq!(x.modality, Modality::Conditional, "{x:?}");
    assert!(x.condition.is_some());
}
