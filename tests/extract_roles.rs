//! Roles and modality from sentence structure (issue 10, deliverable 1): the parse of
//! a candidate sentence decides who acts, who is acted on and how sure the act is.

use newsworker::extract::Extractor;
use newsworker::records::{ActorKind, EventType, Extraction, Modality};

fn events(title: &str, body: &str) -> Vec<Extraction> {
    Extractor::builtin().extract(title, body)
}

fn country(a: &Option<newsworker::records::Actor>) -> Option<&str> {
    a.as_ref().and_then(|a| a.country.as_deref())
}

#[test]
fn the_agent_of_a_passive_acts_even_far_from_by() {
    // The "by" phrase names the artillery of the army: the army acts, and is not also
    // the one acted on.
    let e = events(
        "",
        "The village was shelled on Monday and again on Tuesday by artillery of the Syrian army.",
    );
    let x = e.first().expect("an assault");
    assert_eq!(x.event_type, EventType::Assault, "{x:?}");
    let a = x.actor.as_ref().expect("an actor");
    assert_eq!(a.country.as_deref(), Some("SYR"), "{x:?}");
    assert_eq!(a.kind, ActorKind::Military, "{x:?}");
    assert_ne!(country(&x.recipient), Some("SYR"), "{x:?}");
}

#[test]
fn a_meeting_next_week_is_intended() {
    let e = events(
        "",
        "The French president hosts the German chancellor in Paris next week.",
    );
    let x = e.first().expect("an event");
    assert_eq!(x.modality, Modality::Intended, "{x:?}");
    // PLOVER: a future meeting is AGREE.
    assert_eq!(x.event_type, EventType::Agree, "{x:?}");
    assert_eq!(country(&x.actor), Some("FRA"), "{x:?}");
    assert_eq!(country(&x.recipient), Some("DEU"), "{x:?}");
    // One "has" a meeting as one holds it.
    for s in [
        "The Indian foreign minister will have talks with his Chinese counterpart on Monday.",
        "The Kenyan president is scheduled to have a meeting with the Ethiopian prime minister.",
    ] {
        let e = events("", s);
        let x = e.first().unwrap_or_else(|| panic!("{s}: no event"));
        assert_eq!(x.event_type, EventType::Agree, "{s}: {x:?}");
        assert_eq!(x.modality, Modality::Intended, "{s}: {x:?}");
    }
}

#[test]
fn no_troops_sent_is_no_mobilisation() {
    let e = events("", "Israel sent no troops to Lebanon.");
    assert!(
        !e.iter()
            .any(|x| matches!(x.event_type, EventType::Mobilize | EventType::Assault)),
        "{e:?}"
    );
}

#[test]
fn a_team_that_attacks_is_no_state() {
    let e = events("", "In Paris, the French side attacked the Irish defence.");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn a_landmark_is_neither_recipient_nor_the_country_of_others() {
    let e = events(
        "",
        "Kenyan police clashed with protesters near the border with Somalia.",
    );
    for x in &e {
        assert_ne!(country(&x.recipient), Some("SOM"), "{x:?}");
        assert_ne!(country(&x.actor), Some("SOM"), "{x:?}");
    }
}

#[test]
fn a_title_used_as_an_adjective_is_no_actor() {
    let e = events(
        "",
        "Senior Kenyan officials discussed the general election with the opposition.",
    );
    for x in &e {
        for a in [&x.actor, &x.recipient].into_iter().flatten() {
            assert_ne!(a.kind, ActorKind::Military, "{x:?}");
        }
    }
}

#[test]
fn reported_speech_gives_the_act_to_the_subject_of_its_own_clause() {
    let e = events(
        "",
        "Egypt said on Monday in a statement broadcast on state television that Israeli jets had bombed Gaza.",
    );
    let x = e.first().expect("an assault");
    assert_eq!(x.event_type, EventType::Assault, "{x:?}");
    assert_eq!(country(&x.actor), Some("ISR"), "{x:?}");
}

#[test]
fn a_titled_person_takes_the_country_of_the_article() {
    // The gazetteer does not know the name; the article is about Kyrgyzstan.
    let e = events(
        "Kyrgyzstan and Uzbekistan",
        "Kyrgyzstan's parliament met on Monday. Prime Minister Nikolai Tanaev accused Uzbekistan of blocking the border.",
    );
    let x = e
        .iter()
        .find(|x| x.event_type == EventType::Accuse)
        .expect("the accusation");
    assert_eq!(country(&x.actor), Some("KGZ"), "{x:?}");
    assert_eq!(country(&x.recipient), Some("UZB"), "{x:?}");
}

#[test]
fn the_agent_after_an_acts_noun_acts_and_the_subject_is_struck() {
    // "an airstrike by X": X acts, not the country where it struck.
    let e = events(
        "",
        "An airstrike by the Saudi-led coalition hit a school in northern Yemen on Saturday.",
    );
    let x = e.first().expect("an assault");
    assert_eq!(x.event_type, EventType::Assault, "{x:?}");
    assert_eq!(country(&x.actor), Some("SAU"), "{x:?}");
    // "troops were martyred in an ambush by militants": the troops are struck.
    let e = events(
        "",
        "Seven Pakistani soldiers were martyred in an ambush by Taliban fighters in North Waziristan.",
    );
    let x = e.first().expect("an assault");
    let a = x.actor.as_ref().expect("an actor");
    assert_ne!(a.kind, ActorKind::Military, "{x:?}");
    assert_eq!(
        x.recipient.as_ref().map(|r| r.kind),
        Some(ActorKind::Military),
        "{x:?}"
    );
}

#[test]
fn a_nationality_before_an_acts_noun_acts_not_the_speaker() {
    // "died in Russian shelling, Ukraine's governor said": Russia shelled.
    for (text, actor) in [
        (
            "Two civilians died in Russian shelling of Kharkiv overnight, Ukraine's governor said.",
            "RUS",
        ),
        (
            "Syria said on Monday a soldier had died in an Israeli airstrike near Damascus.",
            "ISR",
        ),
    ] {
        let e = events("", text);
        let x = e.first().expect("an assault");
        assert_eq!(x.event_type, EventType::Assault, "{x:?}");
        assert_eq!(country(&x.actor), Some(actor), "{text}: {x:?}");
    }
}

#[test]
fn a_second_verb_after_and_keeps_the_first_subject() {
    // "surrounded the protesters and detained some": the protesters were surrounded,
    // the police detained.
    let e = events(
        "",
        "Police in Delhi surrounded the protesters and detained some.",
    );
    let x = e
        .iter()
        .find(|x| x.event_type == EventType::Coerce)
        .expect("a coercion");
    assert_eq!(
        x.actor.as_ref().map(|a| a.kind),
        Some(ActorKind::Police),
        "{x:?}"
    );
    assert_eq!(country(&x.actor), Some("IND"), "{x:?}");
    // Coordinated subjects still act together.
    let e = events("", "Ethiopia and Eritrea agreed to end the war.");
    let actors: Vec<_> = e.iter().filter_map(|x| country(&x.actor)).collect();
    assert!(actors.contains(&"ETH") && actors.contains(&"ERI"), "{e:?}");
}

#[test]
fn who_announces_a_sanction_or_an_arrest_with_no_agent_made_it_but_not_a_killing() {
    for s in [
        "Russia was sanctioned, the British government said.",
        "Sanctions were imposed on Russia, the British government said.",
    ] {
        let e = events("", s);
        let x = e.first().expect("a sanction");
        assert_eq!(x.event_type, EventType::Sanction, "{s}: {x:?}");
        assert_eq!(country(&x.actor), Some("GBR"), "{s}: {x:?}");
        assert_eq!(country(&x.recipient), Some("RUS"), "{s}: {x:?}");
    }
    let e = events("", "Five men were arrested in Kano on Friday, police said.");
    let x = e.first().expect("an arrest");
    assert_eq!(
        x.actor.as_ref().map(|a| a.kind),
        Some(ActorKind::Police),
        "{x:?}"
    );
    // The army reports the killing of its soldiers; it did not kill them.
    let e = events(
        "",
        "Two soldiers were killed in an ambush in Kidal, the army said.",
    );
    assert!(
        e.iter().all(|x| x
            .actor
            .as_ref()
            .is_none_or(|a| a.kind != ActorKind::Military)),
        "{e:?}"
    );
}

#[test]
fn what_comes_under_attack_is_attacked_but_criticism_is_no_attack() {
    let e = events(
        "",
        "The Pakistani army convoy came under fire from Taliban militants near Peshawar.",
    );
    let x = e.first().expect("an assault");
    assert_eq!(x.event_type, EventType::Assault, "{x:?}");
    assert_eq!(
        x.actor.as_ref().map(|a| a.kind),
        Some(ActorKind::Rebel),
        "{x:?}"
    );
    assert_eq!(country(&x.recipient), Some("PAK"), "{x:?}");
    // Under fire from critics is criticism (ACCUSE), no attack.
    for s in [
        "The government has come under fire from critics over its handling of the crisis.",
        "The minister came under attack from opposition lawmakers for the budget.",
    ] {
        let e = events("", s);
        assert!(
            e.iter().all(|x| x.event_type != EventType::Assault),
            "{s}: {e:?}"
        );
        assert!(
            e.iter().any(|x| x.event_type == EventType::Accuse),
            "{s}: {e:?}"
        );
    }
}

#[test]
fn who_signs_on_behalf_of_a_government_signs_for_it() {
    let e = events(
        "",
        "General Sada Samake signed the ceasefire on behalf of the Malian government on Friday.",
    );
    let x = e.first().expect("the ceasefire");
    let a = x.actor.as_ref().expect("an actor");
    assert_eq!(a.country.as_deref(), Some("MLI"), "{x:?}");
}

#[test]
fn a_square_where_protesters_are_arrested_places_the_arrest() {
    let e = events(
        "",
        "More than a dozen activists were arrested by police on Red Square.",
    );
    let x = e.first().expect("the arrest");
    let a = x.actor.as_ref().expect("an actor");
    assert_eq!(a.country.as_deref(), Some("RUS"), "{x:?}");
}

#[test]
fn one_soldier_killed_is_an_attack_on_the_military() {
    let e = events(
        "",
        "One soldier was killed and another wounded in the firing from across the border.",
    );
    let x = e.first().expect("the attack");
    assert_eq!(x.event_type, EventType::Assault, "{x:?}");
}

#[test]
fn a_verb_and_its_object_read_in_the_passive() {
    // "hold+ ... talks" in the passive, object first; "between A and B": A acts on B.
    let e = events(
        "",
        "The talks between Russian and Ukrainian officials were held in Istanbul on Tuesday.",
    );
    let x = e.first().expect("a consultation");
    assert_eq!(x.event_type, EventType::Consult, "{x:?}");
    assert_eq!(country(&x.actor), Some("RUS"), "{x:?}");
    assert_eq!(country(&x.recipient), Some("UKR"), "{x:?}");
    // The same words with no verb that carries them out report nothing.
    let e = events(
        "",
        "Talks between Russian and Ukrainian officials were postponed on Tuesday.",
    );
    assert!(
        !e.iter().any(|x| x.event_type == EventType::Consult),
        "{e:?}"
    );
    let e = events(
        "",
        "The talks between Russian and Ukrainian officials were postponed on Tuesday.",
    );
    assert!(
        !e.iter().any(|x| x.event_type == EventType::Consult),
        "{e:?}"
    );
}

#[test]
fn a_ceasefire_announced_between_two_states() {
    let e = events(
        "",
        "A ceasefire between Armenia and Azerbaijan was announced on Sunday.",
    );
    let x = e.first().expect("an event");
    assert_eq!(country(&x.actor), Some("ARM"), "{x:?}");
    assert_eq!(country(&x.recipient), Some("AZE"), "{x:?}");
    // A named actor keeps the act: "between" only stands in for a missing one.
    let e = events(
        "",
        "Russia announced a ceasefire between Armenia and Azerbaijan on Sunday.",
    );
    let x = e.first().expect("an event");
    assert_eq!(country(&x.actor), Some("RUS"), "{x:?}");
}

#[test]
fn a_surname_names_a_person_the_gazetteer_lists_among_bodies() {
    // "Imran Khan" is a dictionary entry, not a titled name the article spells out.
    let e = events(
        "",
        "Former Pakistani Prime Minister Imran Khan was arrested on Tuesday.\n\nKhan urged followers to stand up for their rights.",
    );
    let x = e
        .iter()
        .find(|x| x.event_type == EventType::Request)
        .expect("the appeal");
    assert_eq!(country(&x.actor), Some("PAK"), "{x:?}");
    assert!(x.evidence[0].text.starts_with("Khan urged"), "{x:?}");
    // Without the earlier mention, a lone "Khan" is nobody known.
    let e = events("", "Khan urged followers to stand up for their rights.");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn people_freed_expelled_deported_or_charged_with_no_agent_are_a_state_act() {
    // Only a state frees detainees, expels diplomats, deports or charges people: with no
    // agent named, the act is a government's (a court's for a charge) of no known country.
    for (sentence, event_type, kind) in [
        (
            "Five journalists were freed on Sunday after two weeks in detention.",
            EventType::Retreat,
            ActorKind::Government,
        ),
        (
            "Two diplomats were expelled on Tuesday.",
            EventType::Sanction,
            ActorKind::Government,
        ),
        (
            "Three foreign reporters were deported last week.",
            EventType::Coerce,
            ActorKind::Government,
        ),
        (
            "Two activists were charged with treason.",
            EventType::Accuse,
            ActorKind::Judiciary,
        ),
    ] {
        let e = events("", sentence);
        let x = e.first().unwrap_or_else(|| panic!("an event: {sentence}"));
        assert_eq!(x.event_type, event_type, "{x:?}");
        assert_eq!(x.actor.as_ref().map(|a| a.kind), Some(kind), "{x:?}");
    }
    // A statement released, batteries charged: nobody acted on, no event.
    for sentence in [
        "A statement was released on Monday.",
        "The batteries were charged overnight.",
    ] {
        let e = events("", sentence);
        assert!(e.is_empty(), "{sentence}: {e:?}");
    }
}

#[test]
fn the_other_side_of_the_fighting_kills() {
    let e = events(
        "",
        "Two Indian soldiers have been killed in fighting with Pakistani soldiers along the frontier.",
    );
    let x = e.first().expect("an assault");
    assert_eq!(x.event_type, EventType::Assault, "{x:?}");
    assert_eq!(country(&x.actor), Some("PAK"), "{x:?}");
    // A border "with" a country is a landmark, not a side.
    let e = events(
        "",
        "Two Indian soldiers have been killed in fighting along the frontier with Pakistan.",
    );
    assert!(e.iter().all(|x| country(&x.actor) != Some("PAK")), "{e:?}");
}

#[test]
fn hit_with_sanctions_is_a_sanction_by_the_subject() {
    let e = events(
        "",
        "The United States hit Russia with new sanctions on Friday.",
    );
    let x = e.first().expect("a sanction");
    assert_eq!(x.event_type, EventType::Sanction, "{x:?}");
    assert_eq!(country(&x.actor), Some("USA"), "{x:?}");
    assert_eq!(country(&x.recipient), Some("RUS"), "{x:?}");
    let e = events("", "The storm hit the coast with heavy rain.");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn whoever_acts_on_a_countrys_diplomats_is_not_that_country() {
    for sentence in [
        "The foreign ministry summoned the Iranian ambassador over the remarks.",
        "The government expelled two Russian diplomats for spying.",
    ] {
        let e = events("", sentence);
        let x = e.first().unwrap_or_else(|| panic!("an event: {sentence}"));
        assert_eq!(country(&x.actor), None, "{x:?}");
        assert!(country(&x.recipient).is_some(), "{x:?}");
    }
    // Where it happens still places the act.
    let e = events("", "Police arrested three Iranian diplomats in Baku.");
    let x = e.first().expect("an arrest");
    assert_eq!(country(&x.actor), Some("AZE"), "{x:?}");
}

#[test]
fn sanctions_with_no_one_named_are_a_states_but_not_the_targets() {
    for (sentence, target) in [
        ("New sanctions were imposed on Iran on Monday.", "IRN"),
        ("An arms embargo was imposed on Libya on Friday.", "LBY"),
    ] {
        let e = events("", sentence);
        let x = e
            .first()
            .unwrap_or_else(|| panic!("a sanction: {sentence}"));
        assert_eq!(x.event_type, EventType::Sanction, "{x:?}");
        assert_eq!(country(&x.actor), None, "{x:?}");
        assert_eq!(country(&x.recipient), Some(target), "{x:?}");
    }
    // Whoever is named imposes them.
    let e = events("", "Washington has imposed sanctions on Venezuela.");
    assert_eq!(country(&e[0].actor), Some("USA"), "{:?}", e[0]);
}

#[test]
fn a_wire_dateline_is_no_part_of_the_sentence_s_grammar() {
    // Parsed with its dateline, the dash is the sentence's root and the place before it
    // its subject; without, the protesters block the roads.
    let s = "LAGOS \u{2014} Thousands of anti-government protesters blocked traffic on Friday on the busy streets of Lagos, accusing the president of ordering the violent suppression of an earlier demonstration.";
    let e = events("", s);
    let x = e.first().expect("a protest");
    assert_eq!(x.event_type, EventType::Protest, "{x:?}");
    assert_eq!(country(&x.actor), Some("NGA"), "{x:?}");
    // Other dateline forms: a dash of two hyphens, a colon.
    for s in [
        "BEIJING, Sept. 30 (Xinhua) -- Chinese President Xi Jinping met with visiting U.S. Secretary of State Rex Tillerson on Saturday.",
        "NEW DELHI: Chinese President Xi Jinping met with visiting U.S. Secretary of State Rex Tillerson on Saturday.",
    ] {
        let e = events("", s);
        let x = e.first().expect("a meeting");
        assert_eq!(x.event_type, EventType::Consult, "{s}: {x:?}");
        assert_eq!(country(&x.actor), Some("CHN"), "{s}: {x:?}");
    }
    // The dateline's places are where the story was filed: neither the speaker nor the
    // subject; "it" is the speaker after the dash.
    let s = "DOHA, Qatar \u{2014} Iran's navy said Friday it seized a Greek oil tanker in the Gulf of Oman.";
    let e = events("", s);
    let x = e.first().expect("a seizure");
    assert_eq!(x.event_type, EventType::Coerce, "{x:?}");
    assert_eq!(country(&x.actor), Some("IRN"), "{x:?}");
    // A group of states after the dateline acts as a group (igo), not as the dateline.
    let s =
        "RIYADH, Saudi Arabia \u{2014} Four Arab nations cut diplomatic ties with Qatar on Monday.";
    let e = events("", s);
    let x = e.first().expect("ties cut");
    assert_eq!(x.event_type, EventType::Sanction, "{x:?}");
    assert_eq!(
        x.actor.as_ref().map(|a| a.kind.as_str()),
        Some("igo"),
        "{x:?}"
    );
}

#[test]
fn an_accord_signed_between_two_parties_is_theirs() {
    // In the passive, "between" names who signed, as "by" names an agent.
    let e = events(
        "",
        "The agreement was signed between Malaysia and South Korea on Monday.",
    );
    let x = e.first().expect("a signed accord");
    assert_eq!(x.event_type, EventType::Support, "{x:?}");
    assert_eq!(country(&x.actor), Some("MYS"), "{x:?}");
    assert_eq!(country(&x.recipient), Some("KOR"), "{x:?}");
    // Plural accords and "inked" are signed too; a firm's or a club's contract is no event.
    let e = events(
        "",
        "Brazil and Angola signed four memorandums of understanding on Friday.",
    );
    assert_eq!(
        e.first().map(|x| x.event_type),
        Some(EventType::Support),
        "{e:?}"
    );
    let e = events(
        "",
        "The two MoUs were inked by Indonesia and Japan in Tokyo.",
    );
    assert_eq!(
        e.first().map(|x| x.event_type),
        Some(EventType::Support),
        "{e:?}"
    );
    for s in [
        "The contract was signed between the club and the player's agent.",
        "The singer signed four contracts with a record label.",
    ] {
        assert!(events("", s).is_empty(), "{s}");
    }
}

#[test]
fn a_meeting_held_in_the_passive_is_a_meeting() {
    // "hold+ ... talks|round of talks": the nouns of a trigger read in the passive even
    // when one alternative is a phrase.
    let e = events(
        "",
        "A round of talks was held in Doha between Qatari and Afghan officials.",
    );
    let x = e.first().expect("a meeting");
    assert_eq!(x.event_type, EventType::Consult, "{x:?}");
    assert_eq!(country(&x.actor), Some("QAT"), "{x:?}");
}

#[test]
fn a_place_described_by_its_region_is_no_subject() {
    // "in the Gulf country" is where the authorities act, not who acts.
    let e = events(
        "",
        "Since early January, authorities in the Gulf country have arrested over 30 political opponents.",
    );
    let x = e.first().expect("an arrest");
    assert_eq!(x.event_type, EventType::Coerce, "{x:?}");
    assert_eq!(
        x.actor.as_ref().map(|a| a.kind),
        Some(ActorKind::Government),
        "{x:?}"
    );
}

#[test]
fn two_countries_acting_together_act_and_take_their_names_from_the_article() {
    // Alone, "the two countries" are states of no known name; after a sentence naming
    // them, the first named.
    let e = events("", "On Friday the two countries signed a defence pact.");
    let x = e.first().expect("a signed pact");
    assert_eq!(x.event_type, EventType::Support, "{x:?}");
    let e = events(
        "",
        "Brazil's president received his Angolan counterpart in Brasilia on Thursday. \
         On Friday the two countries signed a defence pact.",
    );
    let x = e
        .iter()
        .find(|x| x.event_type == EventType::Support)
        .expect("a signed pact");
    assert_eq!(country(&x.actor), Some("BRA"), "{x:?}");
    // Not everyone from two countries is a state.
    assert!(events("", "Tourists from both countries enjoyed the beaches.").is_empty());
}

#[test]
fn the_by_phrase_is_the_agent_whatever_the_parser_hangs_by_under() {
    // The parser hangs "by" under "Australian" and gives "Albanese" only the
    // possessive "’s" of the next name as its case marker: the phrase's first word
    // still makes it the agent, not someone acted on.
    let s = "The agreement was signed on Thursday by Australian Prime Minister Anthony \
             Albanese and PNG’s James Marape.";
    let e = events("", s);
    let x = e.first().expect("a signing");
    assert_eq!(x.event_type, EventType::Support, "{x:?}");
    assert_eq!(country(&x.actor), Some("AUS"), "{x:?}");
    assert_ne!(country(&x.recipient), Some("AUS"), "{x:?}");
}

#[test]
fn envoys_from_a_state_are_that_states() {
    for (s, who) in [
        ("Diplomats from Russia met in Jakarta on Friday.", "RUS"),
        (
            "Foreign ministers from the Association of Southeast Asian Nations met in \
             Jakarta on Friday.",
            "IGO",
        ),
    ] {
        let e = events("", s);
        let x = e.first().unwrap_or_else(|| panic!("{s}: no event"));
        assert_eq!(x.event_type, EventType::Consult, "{s}: {x:?}");
        let a = x.actor.as_ref().expect("an actor");
        let got = if a.kind == ActorKind::Igo {
            "IGO"
        } else {
            a.country.as_deref().unwrap_or("")
        };
        assert_eq!(got, who, "{s}: {x:?}");
    }
    // Troops "from" a country are as often leaving it: the place stays a place.
    let e = events(
        "",
        "Soldiers from Syria attacked a checkpoint in Iraq on Friday.",
    );
    assert!(
        e.iter()
            .all(|x| x.actor.as_ref().is_none_or(|a| !a.name.contains("from"))),
        "{e:?}"
    );
}

#[test]
fn a_country_s_name_after_a_rank_or_an_honorific_is_a_given_name() {
    let e = Extractor::builtin().extract(
        "",
        "Lt Gen Mali Socheata, spokesperson for Cambodia's Ministry of Defence, accused Thai forces of starting the clash.",
    );
    let a = e.first().and_then(|x| x.actor.as_ref());
    assert_eq!(a.and_then(|a| a.country.as_deref()), Some("KHM"), "{e:?}");
    let e = Extractor::builtin().extract("", "Mr Jordan Peters criticised Israel.");
    assert!(
        e.iter()
            .all(|x| x.actor.as_ref().and_then(|a| a.country.as_deref()) != Some("JOR")),
        "{e:?}"
    );
}

#[test]
fn congo_alone_is_the_democratic_republic_as_wire_copy_uses_it() {
    let e = events(
        "",
        "Congo's army accused M23 rebels of shelling the outskirts of Goma on Monday.",
    );
    assert_eq!(
        e.first().and_then(|x| country(&x.actor)),
        Some("COD"),
        "{e:?}"
    );
    let e = events(
        "",
        "The Republic of Congo's foreign minister condemned the attack on the embassy.",
    );
    assert_eq!(
        e.first().and_then(|x| country(&x.actor)),
        Some("COG"),
        "{e:?}"
    );
}

#[test]
fn western_governments_act_as_a_group_of_states_not_as_the_country_they_accuse() {
    let e = events(
        "",
        "Western governments have accused Belarusian President Alexander Lukashenko of using migrants as a weapon.",
    );
    let first = e.first().expect("an event");
    assert_eq!(first.event_type, EventType::Accuse, "{e:?}");
    assert_eq!(country(&first.actor), None, "{e:?}");
    assert_eq!(
        first.actor.as_ref().map(|a| a.kind),
        Some(ActorKind::Igo),
        "{e:?}"
    );
}

#[test]
fn an_envoy_summoned_in_the_passive_is_the_one_acted_on() {
    let e = Extractor::builtin().extract(
        "",
        "The Russian ambassador was summoned by the Polish foreign ministry.",
    );
    let a = e
        .iter()
        .find(|x| x.event_type == EventType::Accuse)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(country(&a.actor), Some("POL"), "{e:?}");
    assert_eq!(country(&a.recipient), Some("RUS"), "{e:?}");
}

#[test]
fn a_leader_under_fire_from_critics_is_criticised_by_them() {
    let e = events(
        "",
        "Hungarian Prime Minister Viktor Orban came under fire from the Polish government for his remarks on Ukraine.",
    );
    let a = e
        .iter()
        .find(|x| x.event_type == EventType::Accuse)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(country(&a.actor), Some("POL"), "{e:?}");
    assert_eq!(country(&a.recipient), Some("HUN"), "{e:?}");
    // Under fire from militants, a convoy is attacked.
    let e = events(
        "",
        "A Nigerian army convoy came under fire from Boko Haram fighters near Maiduguri.",
    );
    assert!(
        e.iter().any(|x| x.event_type == EventType::Assault),
        "{e:?}"
    );
}

#[test]
fn a_broadside_or_a_tirade_against_someone_criticises_them() {
    let e = events(
        "",
        "The Serbian president launched a broadside against the Croatian government on Friday.",
    );
    let a = e
        .iter()
        .find(|x| x.event_type == EventType::Accuse)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(country(&a.actor), Some("SRB"), "{e:?}");
    assert_eq!(country(&a.recipient), Some("HRV"), "{e:?}");
}

#[test]
fn aid_received_from_a_state_is_given_by_it() {
    for (s, giver, given) in [
        (
            "Malawi received 2,000 tonnes of maize from Zambia on Monday.",
            "ZMB",
            "MWI",
        ),
        (
            "Moldova received military equipment from Romania.",
            "ROU",
            "MDA",
        ),
    ] {
        let e = events("", s);
        let a = e
            .iter()
            .find(|x| x.event_type == EventType::Aid)
            .unwrap_or_else(|| panic!("{s}: {e:?}"));
        assert_eq!(country(&a.actor), Some(giver), "{s}: {e:?}");
        assert_eq!(country(&a.recipient), Some(given), "{s}: {e:?}");
    }
}
