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

/// Types of the events the built-in extractor finds in one sentence.
fn types(sentence: &str) -> Vec<EventType> {
    Extractor::builtin()
        .extract("", sentence)
        .iter()
        .map(|x| x.event_type)
        .collect()
}

#[test]
fn what_could_have_happened_did_not() {
    assert!(
        types("France and Britain could have vetoed the resolution on Syria.").is_empty(),
        "a counterfactual"
    );
    assert!(
        types("Analysts said the president of Venezuela was unlikely to concede defeat.")
            .is_empty(),
        "an act not expected"
    );
    assert!(
        types("The police should have arrested and jailed the governor of Lagos.").is_empty(),
        "what should have been done"
    );
    // Done, it is the act.
    let done = types("France and Britain vetoed the resolution on Syria.");
    assert!(
        !done.is_empty() && done.iter().all(|t| *t == EventType::Reject),
        "{done:?}"
    );
}

#[test]
fn a_habit_is_background_not_an_event() {
    assert!(
        types("India and Pakistan often accuse each other of violating the ceasefire.").is_empty()
    );
    assert!(types("Militants in Yemen attack government posts from time to time.").is_empty());
    // A count of acts is a record, not one act.
    assert!(types(
        "The Ugandan opposition leader has been arrested several times in recent years."
    )
    .is_empty());
    assert_eq!(
        types("The Ugandan opposition leader was arrested in Kampala on Tuesday."),
        vec![EventType::Coerce]
    );
    assert_eq!(
        types("India accused Pakistan of violating the ceasefire on Monday."),
        vec![EventType::Accuse]
    );
    // A refusal repeated over time is a stance; one refusal is an act.
    assert!(types("Ethiopia has repeatedly refused to sign the deal.").is_empty());
    assert!(
        types("Egypt and Sudan have repeatedly and categorically rejected the plan.").is_empty()
    );
    assert_eq!(
        types("Ethiopia refused to sign the deal on Monday."),
        vec![EventType::Reject]
    );
    // Criticism made repeatedly is still made.
    assert_eq!(
        types("The OAS has repeatedly criticized the prosecutors' investigations."),
        vec![EventType::Accuse]
    );
    assert_eq!(
        types("Russia has repeatedly denounced the sanctions."),
        vec![EventType::Accuse]
    );
}

#[test]
fn an_act_poised_to_happen_is_intended() {
    let e = Extractor::builtin().extract(
        "",
        "The European Union is poised to impose sanctions on Iran.",
    );
    let s = e
        .iter()
        .find(|x| x.event_type == EventType::Sanction)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(s.modality, Modality::Intended, "{e:?}");
}

#[test]
fn a_guess_or_a_penalty_that_may_come_is_no_event() {
    assert!(
        types("Japanese media say that it looks like both missiles fell near Hokkaido.").is_empty()
    );
    assert!(types("Navalny of Russia is facing up to 30 days in jail.").is_empty());
    assert_eq!(
        types("Russian police jailed Navalny for 30 days."),
        vec![EventType::Coerce]
    );
}

#[test]
fn what_a_complaint_or_an_allegation_says_was_done_is_not_news() {
    let x = Extractor::builtin();
    let s = "Police said the arrest followed a complaint from the Election Commission of Pakistan that he threatened its head.";
    let e = x.extract("", s);
    assert!(
        !e.iter().any(|x| x.event_type == EventType::Threaten),
        "{s}: {e:?}"
    );
    // Said as fact by a speaker, it is reported.
    let s = "The army said that it had arrested the men who fired rockets.";
    let e = x.extract("", s);
    assert_eq!(
        e.first().map(|x| x.event_type),
        Some(EventType::Coerce),
        "{s}: {e:?}"
    );
}

#[test]
fn an_act_still_going_on_is_a_stance_but_one_that_has_been_going_on_is_reported() {
    let s = "France has not recognised the military leaders and is still demanding Bazoum's restoration.";
    assert!(types(s).is_empty(), "{s}: {:?}", types(s));
    // The act reported as done, what PLOVER codes as it goes on, and the present perfect
    // progressive, which coders of real news code as the act ("have been protesting over
    // the farm bills", "has been negotiating with the IMF since February").
    for (s, t) in [
        (
            "Opposition members have been protesting over the new farm laws in Delhi.",
            EventType::Protest,
        ),
        (
            "Sri Lanka has been negotiating with the IMF since early March.",
            EventType::Consult,
        ),
        (
            "The Philippines demanded on Monday that Chinese vessels leave Scarborough Shoal.",
            EventType::Request,
        ),
        (
            "Jordanian and Israeli intelligence services have been sharing information on militants.",
            EventType::Cooperate,
        ),
        (
            "Benin was still refusing admittance to Ghanaians, police said.",
            EventType::Reject,
        ),
        // The past perfect narrates what led up to the news.
        (
            "Niger's military regime had been demanding the French ambassador's departure since August.",
            EventType::Request,
        ),
    ] {
        assert!(types(s).contains(&t), "{s}: {:?}", types(s));
    }
}

#[test]
fn a_meeting_that_will_not_take_place_is_no_event_and_calling_it_off_refuses_it() {
    for s in [
        "African Union-sponsored peace talks between Ethiopia and Tigray will not take place as planned this weekend.",
        "The talks between Ethiopia and the TPLF were postponed.",
    ] {
        assert_eq!(types(s), vec![], "{s}");
    }
    // Calling talks off is a refusal to meet, as cancelling them is (CAMEO 125).
    assert_eq!(
        types("Kenya called off its talks with Somalia."),
        vec![EventType::Reject]
    );
    // Held, they are a meeting; a later clause calling something else off is not theirs.
    assert_eq!(
        types("Ethiopia and the TPLF held talks in Pretoria."),
        vec![EventType::Consult]
    );
    assert_eq!(
        types("North Korea warned that it would pull out of the treaty unless the United States called off its military exercises."),
        vec![EventType::Threaten]
    );
}

#[test]
fn demonstrating_something_is_no_street_protest() {
    assert_eq!(
        types("The Irish government's proceedings demonstrated the deterioration in its relationship with Sinn Fein."),
        vec![]
    );
    assert_eq!(
        types("Thousands of Israelis demonstrated outside parliament in Jerusalem."),
        vec![EventType::Protest]
    );
}

#[test]
fn an_act_dated_to_an_earlier_year_is_background() {
    // The article's date would misdate it: PLOVER's `historical` mode, not news.
    for s in [
        "Colombia's government agreed a peace deal with the FARC in 2016.",
        "Police arrested the opposition leader in March last year.",
        // A "when" clause shares the date of the verb it hangs from.
        "Libya's war began in 2011 when NATO jets bombed Gaddafi's forces.",
        // A date fronted before the first comma dates the clause after it.
        "In 2012, the emir pledged to hold parliamentary elections within a year.",
        "In 2015, the rebels carried out dozens of attacks on army posts in the north.",
        // A noun the dated verb takes is as old as the verb.
        "The last visit by an Indian prime minister to Pakistan was made by Narendra Modi in 2015.",
        "The first visit by a German chancellor to Angola was made by Angela Merkel in 2011, according to Lusa.",
        // A "will" after the act belongs to what was signed, not to the signing.
        "In March 2015, Chile, Peru and Bolivia signed a declaration of principles that guarantees that all parties will take steps to protect the river.",
    ] {
        assert!(types(s).is_empty(), "{s}: {:?}", types(s));
    }
    // A date inside a phrase of the clause is not the act's; a plan for a year ahead
    // is a plan.
    for (s, t) in [
        (
            "Colombia's government agreed a peace deal with the ELN on Tuesday.",
            EventType::Agree,
        ),
        (
            "Libya has offered to hand over two nationals suspected of blowing up a plane in 1988.",
            EventType::Agree,
        ),
        (
            "Ghana's president will meet the Nigerian president in 2027.",
            EventType::Agree,
        ),
        (
            "In 2027, Ghana's president will meet the Nigerian president in Abuja.",
            EventType::Agree,
        ),
        // A fronted phrase that is no date leaves the clause alone.
        (
            "In Accra, Ghana's president met the Nigerian president on Monday.",
            EventType::Consult,
        ),
    ] {
        assert_eq!(types(s), vec![t], "{s}");
    }
}

#[test]
fn a_meeting_later_today_is_still_ahead_one_later_that_day_is_done() {
    // PLOVER: a meeting yet to happen is AGREE.
    assert_eq!(
        types("The Turkish foreign minister is meeting his Greek counterpart later today."),
        vec![EventType::Agree]
    );
    assert_eq!(
        types("The Turkish foreign minister met his Greek counterpart later that day."),
        vec![EventType::Consult]
    );
}

#[test]
fn an_act_asked_about_with_whether_or_done_to_nobody_did_not_happen() {
    for s in [
        "The Irish minister faced questions over whether he will resign.",
        "Reporters asked whether Kenyan police would arrest the opposition leader.",
        "Nobody was arrested by the Kenyan police.",
        "None of the protesters were detained by Ugandan police.",
    ] {
        assert!(types(s).is_empty(), "{s}: {:?}", types(s));
    }
    // Done to somebody, it happened.
    let s = "Somebody was arrested by the Kenyan police.";
    assert_eq!(types(s), vec![EventType::Coerce], "{s}");
}

#[test]
fn a_sanction_held_out_as_possible_is_a_threat_but_one_decided_stays_a_sanction() {
    for s in [
        "The European Union could impose sanctions on Belarus, diplomats said.",
        "Fresh sanctions might be imposed on Belarus by the European Union.",
    ] {
        assert_eq!(types(s), vec![EventType::Threaten], "{s}");
    }
    let s = "The European Union will impose sanctions on Belarus next week.";
    assert_eq!(types(s), vec![EventType::Sanction], "{s}");
}
