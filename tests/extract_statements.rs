//! Statements are not acts (issue 10, error classes 2, 6 and 7): CAMEO 01x comments
//! give no PLOVER event; appeals are CAMEO 02x with their quad class; modal and desire
//! verbs are no request by themselves. Each case is paired with the act it frames, so
//! a test fails if the extractor simply stops seeing the act.

use newsworker::extract::Extractor;
use newsworker::records::{EventType, Extraction, QuadClass};

fn events(sentence: &str) -> Vec<Extraction> {
    Extractor::builtin().extract("", sentence)
}

fn types(sentence: &str) -> Vec<EventType> {
    events(sentence).iter().map(|e| e.event_type).collect()
}

#[test]
fn a_dictionary_verb_with_a_clausal_object_has_no_target_in_that_clause() {
    // CAMEO's "admit" reads as cooperation with whoever follows; after
    // "that" the name is the subject of what was admitted, and nothing was done to it.
    for s in [
        "Officials have admitted that French workers will have to work longer.",
        "The Kenyan police admitted that Somali refugees had been living in the camp for years.",
    ] {
        assert!(types(s).is_empty(), "{s}: {:?}", events(s));
    }
    // Nor is a name that only owns the object: calling an act names it, no phone call.
    let s = "The Indian army called the soldier's mutilation a despicable act.";
    assert!(
        !types(s).contains(&EventType::Consult),
        "{s}: {:?}",
        events(s)
    );
    let s = "Serbia admitted inspectors from the European Union.";
    assert_eq!(
        types(s).first(),
        Some(&EventType::Retreat),
        "{s}: {:?}",
        events(s)
    );
}

#[test]
fn comments_give_no_event_but_the_acts_they_frame_do() {
    for (comment, act, t) in [
        (
            "The Taliban claimed responsibility for the attacks on police posts in Kabul.",
            "Taliban fighters attacked police posts in Kabul.",
            EventType::Assault,
        ),
        (
            "The Serbian foreign ministry declined to comment on the talks with Kosovo.",
            "The Serbian foreign minister held talks with Kosovo's prime minister.",
            EventType::Consult,
        ),
        (
            "The Pakistani minister denied charges that Islamabad had armed the militants.",
            "India accused Pakistan of arming the militants.",
            EventType::Accuse,
        ),
        // Rejecting or dismissing an accusation denies it: a comment, not a refusal.
        (
            "Pakistan's foreign ministry rejected Indian claims that its troops had crossed the border.",
            "Pakistan's foreign ministry rejected India's proposal for talks on the border.",
            EventType::Reject,
        ),
        (
            "The Turkish foreign ministry dismissed the accusations as unfounded.",
            "The Turkish foreign ministry dismissed the Greek proposal for a meeting.",
            EventType::Reject,
        ),
        (
            "Iran was pessimistic about the chances of resuming talks with the United States.",
            "Iran resumed talks with the United States in Oman.",
            EventType::Consult,
        ),
    ] {
        assert_eq!(types(comment), vec![], "{comment}");
        assert!(types(act).contains(&t), "{act}: {:?}", types(act));
    }
}

#[test]
fn a_comment_in_a_concessive_clause_frames_only_that_clause() {
    let e = events(
        "Amnesty International said Nigerian soldiers had executed hundreds of detainees, \
         although the army has denied such allegations.",
    );
    assert!(e.iter().any(|x| x.event_type == EventType::Accuse), "{e:?}");
}

#[test]
fn appeals_are_cameo_02x_and_verbal_cooperation_demands_stay_10x() {
    for (s, code) in [
        ("Egypt urged Hamas to release the hostages.", "0253"),
        (
            "The United Nations called on Israel to halt the offensive.",
            "0256",
        ),
        (
            "Kenya appealed for international food aid after the drought.",
            "023",
        ),
    ] {
        let e = events(s);
        let r = e
            .iter()
            .find(|x| x.event_type == EventType::Request)
            .unwrap_or_else(|| panic!("{s}: {e:?}"));
        assert_eq!(r.cameo_code, code, "{s}");
        assert_eq!(r.quad_class, QuadClass::VerbalCooperation, "{s}");
    }
    let e = events("Russia demanded that Ukraine withdraw its troops from the border.");
    let r = e
        .iter()
        .find(|x| x.event_type == EventType::Request)
        .expect("a demand");
    assert!(r.cameo_code.starts_with("10"), "{r:?}");
    assert_eq!(r.quad_class, QuadClass::VerbalConflict);
}

#[test]
fn every_event_has_the_quad_class_of_its_code() {
    for s in [
        "Egypt urged Hamas to release the hostages.",
        "Russia demanded that Ukraine withdraw its troops.",
        "Israeli aircraft struck targets in Gaza.",
        "France and Germany signed a defence agreement in Paris.",
    ] {
        for e in events(s) {
            assert_eq!(
                e.quad_class,
                QuadClass::of(e.event_type, &e.cameo_code),
                "{s}"
            );
        }
    }
}

#[test]
fn modal_and_desire_verbs_are_no_request_by_themselves() {
    for s in [
        "Scotland must defeat the Irish to reach the quarter-finals.",
        "The Turkish government wants to cut taxes before the election.",
        // The one named is in what is wanted, not the one asked.
        "Colombia's president now wants a deal with the FARC rebels to end the war.",
    ] {
        assert!(
            !types(s).contains(&EventType::Request),
            "{s}: {:?}",
            types(s)
        );
    }
    // Someone asked to act, or a speaker who demands, still makes a request.
    for s in [
        "India wants Sri Lanka to devolve more power to the provinces.",
        "Russia said Sudan must return the seized ships.",
        "The Bush administration declared Tuesday that China must drop barriers to U.S. exports.",
    ] {
        assert!(
            types(s).contains(&EventType::Request),
            "{s}: {:?}",
            types(s)
        );
    }
}

#[test]
fn declining_to_call_it_something_is_a_comment() {
    let e = Extractor::builtin().extract(
        "",
        "Ecuador's foreign minister declined to call it an expulsion of the US ambassador.",
    );
    assert!(e.is_empty(), "{e:?}");
    // Declining an offer is the refusal.
    let e = events("Ecuador declined to accept the US ambassador's offer of talks.");
    assert!(e.iter().any(|x| x.event_type == EventType::Reject), "{e:?}");
}

#[test]
fn disputing_an_election_is_an_act_of_words() {
    let types = |s: &str| events(s).iter().map(|x| x.event_type).collect::<Vec<_>>();
    assert_eq!(
        types(
            "Zimbabwe's opposition leader Chamisa called the results a blatant and gigantic fraud."
        ),
        vec![EventType::Accuse]
    );
    assert_eq!(
        types("Tanzania's opposition leader Lissu said he will not accept the election results."),
        vec![EventType::Reject]
    );
}

#[test]
fn a_warning_of_what_is_the_case_is_a_comment_not_a_threat() {
    for s in [
        "The minister warned that the policy does not cover refugees.",
        "The UN envoy warned that the region is facing a humanitarian disaster.",
    ] {
        let e = Extractor::builtin().extract("", s);
        assert!(e.is_empty(), "{s}: {e:?}");
    }
    // What the speaker will do, would do, or stands ready to do, is a threat.
    for s in [
        "Iran warned that it would retaliate against any attack.",
        "Russia warned that its troops will respond to any provocation.",
        "Israel warned Hezbollah that it is ready to strike.",
        // Consequences promised to others: the speaker threatens them.
        "Rioters will be dealt with severely, Kenya's interior minister said on Monday.",
        "Iran's foreign minister said the attackers will pay a heavy price.",
        "France will show the utmost firmness towards looters, the minister said.",
    ] {
        let e = Extractor::builtin().extract("", s);
        assert_eq!(
            e.first().map(|x| x.event_type),
            Some(EventType::Threaten),
            "{s}: {e:?}"
        );
    }
}

#[test]
fn a_political_speaker_judging_an_act_unjust_or_hostile_criticises_its_author() {
    for s in [
        "The opposition said the verdict was politically motivated.",
        "The decision was unfair, the Kenyan foreign minister said.",
        "The opposition party said the ruling was disappointing.",
        "The Kenyan government said the decree was undemocratic.",
        "Poland's prime minister said he was appalled by the verdict.",
        "The opposition said the charges were a political vendetta.",
    ] {
        assert_eq!(types(s), vec![EventType::Accuse], "{s}");
    }
    // Opinion with no political speaker, or no speaker at all, is no event.
    for s in [
        "The game was unfair, the coach said.",
        "The ruling was unfair.",
        "The result was disappointing, the coach said.",
        "Fans said they were shocked by the defeat.",
    ] {
        assert!(types(s).is_empty(), "{s}");
    }
}

#[test]
fn a_political_speaker_saying_an_act_violates_or_undermines_criticises_its_author() {
    for s in [
        "The Chinese foreign ministry said the arms sales seriously violate the one-China principle.",
        "The move has jeopardized relations between the two countries, the Chinese foreign ministry said.",
    ] {
        assert_eq!(types(s), vec![EventType::Accuse], "{s}");
    }
    // Said by no one political, it is no criticism.
    for s in [
        "The engineer said the new road could undermine the stability of the hillside.",
        "The builders violated the agreement with the landlord, the tenants said.",
    ] {
        assert!(types(s).is_empty(), "{s}");
    }
}

#[test]
fn objections_disappointment_and_insults_are_disapproval() {
    // CAMEO 111: a state voicing its objection or disappointment, or insulting a people.
    for s in [
        "The Peruvian government expressed its disappointment with the court's ruling.",
        "Iran's strong objection to the remarks was conveyed to the Swiss envoy.",
        "The Mexican president said his Venezuelan counterpart had insulted the Mexican people.",
        "\"We object in the strongest way possible,\" Israeli President Isaac Herzog said.",
        // The verbs news copy uses for criticism, and summoning a Commonwealth envoy.
        "The opposition leader berated the Ghanaian government over its handling of the economy.",
        "The Nigerian senator hit out at the electoral commission.",
        "The Kenyan president took a swipe at the opposition.",
        "Pakistan summoned India's deputy high commissioner in Islamabad.",
    ] {
        assert_eq!(types(s), vec![EventType::Accuse], "{s}");
    }
    // Words of the same family that voice nothing.
    for s in [
        "The Mexican president said the remarks were not meant as an insult.",
        "The French minister had no objection to the plan.",
    ] {
        assert!(types(s).is_empty(), "{s}");
    }
}

#[test]
fn a_speaker_saying_another_should_or_needs_to_act_demands_it() {
    // Like "must": "should" and "needs to" said of another by a political speaker.
    for s in [
        "The Chinese foreign ministry said the United States should stop making provocations.",
        "Zambia's minister said neighbouring countries need to sign an agreement on disaster relief.",
        "The Australian opposition says further investigations into the government are required.",
    ] {
        assert_eq!(types(s), vec![EventType::Request], "{s}");
    }
    // Without such a speaker, of the speaker's own side, or of the past: nothing.
    for s in [
        "Ireland should beat France on Saturday, the coach said.",
        "We need to talk to Russia, the German chancellor said.",
        "The Kenyan president should have resigned years ago, the opposition said.",
        "More rain is needed for the harvest, the farmer said.",
        // A need named as a noun is a reason given, not a demand.
        "The Guinean minister said the junta had suspended all political activities, citing a need to preserve public order.",
    ] {
        assert!(types(s).is_empty(), "{s}");
    }
}

#[test]
fn a_reporter_s_question_a_press_briefing_and_a_wish_for_anonymity_are_no_appeal() {
    for s in [
        "Chinese foreign ministry spokesperson Wang Wenbin made the remarks at a daily press briefing when responding to a related query.",
        "The Chinese spokesman made the remarks when asked to comment on the arms sales to Taiwan.",
        // A source's wish for anonymity asks nothing of anyone.
        "A Kenyan police officer, who asked not to be named, said two suspects were being questioned.",
        "A diplomat in Addis Ababa who asked not to be identified said the envoy had left.",
    ] {
        assert!(types(s).is_empty(), "{s}");
    }
    // "pressed" as a verb still presses.
    let s = "At a press conference, the Chinese foreign minister pressed Washington to lift the tariffs.";
    assert_eq!(types(s), vec![EventType::Request], "{s}");
}

#[test]
fn an_allegation_made_or_a_thing_called_unlawful_accuses() {
    for s in [
        "In Telangana, the Congress party alleged, election duties are being given to officers who support the ruling party.",
        "The Congress party also alleged misuse of official machinery in Telangana.",
        "The Nigerian ruling party made a new allegation against the electoral commission on Monday.",
        "Iran is calling an international resolution on its nuclear program politically motivated and illegal.",
    ] {
        assert_eq!(types(s), vec![EventType::Accuse], "{s}");
    }
    // "alleged" before a noun is an adjective, and "called a" with no judgement names nothing.
    for s in [
        "The alleged meeting of the Congress party took place in Hyderabad.",
        "The Indian government called a meeting of the Congress party.",
    ] {
        assert!(
            !types(s).contains(&EventType::Accuse),
            "{s}: {:?}",
            types(s)
        );
    }
}

#[test]
fn insisting_that_something_is_so_is_a_claim_not_a_demand() {
    for s in [
        "The ruling party insisted that it would win a two-thirds majority in the election.",
        "The Thai army insisted on Tuesday that the move was not a coup.",
    ] {
        assert!(
            !types(s).contains(&EventType::Request),
            "{s}: {:?}",
            types(s)
        );
    }
    // A bare verb in the complement, or "insist on", demands.
    for s in [
        "Opposition leader Benazir Bhutto insisted that President Zia ul-Haq step down.",
        "Ecuadorean indigenous leaders insisted on Monday that President Lucio Gutierrez sack his economy minister.",
        "The Kenyan opposition insisted on fresh elections.",
    ] {
        assert_eq!(types(s), vec![EventType::Request], "{s}");
    }
}

#[test]
fn anyone_judging_a_state_body_s_act_unlawful_criticises_it() {
    // A speaker no list knows: the criticism stands, its actor unknown.
    let e = events(
        "Lawyer Andres Gil Dominguez said the decree issued by the Argentine government is unconstitutional.",
    );
    let e = e.first().expect("a criticism");
    assert_eq!(e.event_type, EventType::Accuse);
    assert!(e.actor.is_none(), "{e:?}");
    // Nothing political judged, or no speaker: opinion.
    for s in [
        "The coach said the referee's decision was unfair.",
        "The lawyer said the verdict was unfair.",
        "The decree issued by the Argentine government is unconstitutional.",
    ] {
        assert!(types(s).is_empty(), "{s}: {:?}", types(s));
    }
}

#[test]
fn a_judgement_voiced_after_the_quote_is_the_speakers_accusation() {
    // The speaker named after the verb ("…, says the minister") owns the judgement.
    for s in [
        "The opposition leader is a nuisance, says Fiji's Interior Minister Paul Rabuka.",
        "“The opposition is spreading lies about the switch,” said Fiji's foreign minister.",
    ] {
        let e = Extractor::builtin().extract("", s);
        let x = e.first().unwrap_or_else(|| panic!("{s}: no event"));
        assert_eq!(x.event_type, EventType::Accuse, "{s}: {e:?}");
        assert_eq!(
            x.actor.as_ref().and_then(|a| a.country.as_deref()),
            Some("FJI"),
            "{s}: {e:?}"
        );
    }
}

#[test]
fn a_speaker_no_list_knows_accuses_in_words_only_politics_uses() {
    for s in [
        "Gould said the decision was unconstitutional and politically motivated.",
        "In a strongly-worded statement, Mr Brown said it was \"a purely political sentence\".",
    ] {
        let e = events(s);
        assert_eq!(
            e.iter().map(|x| x.event_type).collect::<Vec<_>>(),
            vec![EventType::Accuse],
            "{s}: {e:?}"
        );
        assert!(e[0].actor.is_none(), "{s}: {e:?}");
    }
    // Disappointment is anyone's: an unknown speaker's is nobody's event.
    let s = "Gould said the decision was disappointing.";
    assert!(events(s).is_empty(), "{s}: {:?}", events(s));
}

#[test]
fn a_speaker_with_appositives_before_said_owns_the_judgement() {
    // "X, <who X is>, said …": the speaker is the chain before "said", not what follows
    // it; a judgement voiced as a noun ("a blatant lie") is still voiced.
    for s in [
        "Ana Ruiz, a spokeswoman for the Peruvian interior ministry, said the ruling was politically motivated.",
        "Marko Ilic, a senior official of the Serbian Progressive Party, said the charges were a blatant lie invented to silence critics.",
        // The noun under a participle the parse hangs it on is still voiced.
        "Marko Ilic, a senior official of the Serbian Progressive Party, a party in Serbia, said the arrests linked to the murder were “a brutal lie invented to cover up the intimidation of people.”",
    ] {
        let e = Extractor::builtin().extract("", s);
        let x = e.first().unwrap_or_else(|| panic!("{s}: no event"));
        assert_eq!(x.event_type, EventType::Accuse, "{s}: {e:?}");
    }
    let e = Extractor::builtin().extract(
        "",
        "Ana Ruiz, a spokeswoman for the Peruvian interior ministry, said the ruling was politically motivated.",
    );
    assert_eq!(
        e[0].actor.as_ref().and_then(|a| a.country.as_deref()),
        Some("PER"),
        "{e:?}"
    );
}

#[test]
fn the_subject_of_a_verb_of_judging_judges() {
    // "described as cynical the inclusion …": the subject, not an unnamed writer.
    let s = "Venezuela's foreign minister, Yván Gil, described as hypocritical the new sanctions imposed by the European Union.";
    let e = events(s);
    let x = e
        .iter()
        .find(|x| x.event_type == EventType::Accuse)
        .unwrap_or_else(|| panic!("{s}: {e:?}"));
    assert_eq!(
        x.actor.as_ref().and_then(|a| a.country.as_deref()),
        Some("VEN"),
        "{x:?}"
    );
}

#[test]
fn telling_someone_to_act_asks_but_telling_reporters_a_plan_does_not() {
    for s in [
        "Bangladesh's foreign minister told his Myanmar counterpart to start the repatriation of refugees.",
        "The Kenyan president told protesters to go home.",
        // Asking that something be done.
        "Kenya's government has asked that the rally be halted on Friday evening.",
    ] {
        assert_eq!(types(s), vec![EventType::Request], "{s}: {:?}", events(s));
    }
    // The infinitive belongs to the reported clause: no one is asked.
    for s in [
        "The Chinese foreign minister told reporters he plans to visit Washington next week.",
        "Pakistan's foreign minister told Reuters he wanted to improve ties with India.",
    ] {
        assert!(types(s).is_empty(), "{s}: {:?}", events(s));
    }
}
