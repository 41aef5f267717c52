//! From a sentence's chosen trigger to an event record: a [`Draft`] passed through
//! named passes, each one question about the event, in this order:
//!
//! 1. [`Draft::new`]: the trigger's reading (type, code, modality from its frame).
//! 2. [`Draft::speaker_acts`]: "Russia said Sudan must return …": the speaker acts.
//! 3. [`Draft::actor_from_attribution`]: a leading speaker or a quotation's speaker
//!    acts when the clause names no one else.
//!    [`Draft::on_behalf`], [`Draft::agent_after`]: who signs for a government, who is
//!    named after "a rebuke from", "summoned by".
//! 4. [`Draft::place`]: where it happens, and the country that gives a generic actor.
//! 5. [`Draft::actor_from_place`]: protest crowds, police, troops without a country.
//! 6. [`Draft::reframe`]: a rights group reporting violence accuses; an official
//!    "protest" is ACCUSE.
//! 7. [`Draft::recipient`]: the first recipient candidate not the actor's own side.
//! 8. [`Draft::relevance`]: an event needs a political actor (or a political
//!    recipient of an act by unknown hands, an unnamed subject in a sentence about a
//!    political actor, or casualties after an attack the article reported); `false`
//!    drops it.
//! 9. [`Draft::attribution`]: who reported it (`reported_by`, modality `reported`).
//! 10. [`Draft::score`]: confidence from how sure each role is.
//! 11. [`Draft::co_actors`] and [`Draft::finish`].

use super::actors::{Resolution, Span};
use super::coref::Memory;
use super::gazetteer::Gazetteer;
use super::modality::Attribution;
use super::roles::{self, Roles};
use super::rules::Hit;
use super::select::{self, Choice};
use super::structure::{Standing, Structure, Unnamed};
use crate::records::{
    Actor, ActorKind, EventType, Evidence, Extraction, Location, Modality, QuadClass,
};

/// One sentence with what was found in it.
pub(super) struct Sentence<'a> {
    pub text: &'a str,
    pub lower: &'a str,
    pub spans: &'a [Span],
    pub attribution: Option<&'a Attribution>,
    pub speaker_idx: Option<usize>,
    /// About sport, entertainment or technology (the sentence or the article's title).
    pub topic: bool,
    /// Where the sentence's grammar starts: after a wire dateline ("DUBAI, United Arab
    /// Emirates — "), whose places take no role; else 0.
    pub dateline: usize,
    /// The parse, made on first need ([`Sentence::structure`]).
    pub parsed: &'a std::cell::OnceCell<Structure<'a>>,
}

impl<'a> Sentence<'a> {
    /// The sentence's parse (made once, when first asked for).
    fn structure(&self) -> &Structure<'a> {
        self.parsed.get_or_init(|| Structure::of(self.text))
    }

    fn speaker(&self) -> Option<&Span> {
        self.speaker_idx.map(|i| &self.spans[i])
    }

    /// "Militants loyal to Iraq's Al-Qaeda frontman said": a generic speaker stands for
    /// the side named with it.
    fn speaker_side(&self) -> Option<&Span> {
        self.speaker().filter(|x| x.is_political()).or_else(|| {
            let a = self.attribution?;
            self.spans.iter().find(|x| {
                x.start >= a.speaker_start
                    && x.end <= a.speaker_end
                    && x.how == Resolution::Named
                    && x.is_political()
            })
        })
    }
}

/// An event being built for one trigger.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub choice: Choice,
    pub roles: Roles,
    pub modality: Modality,
    pub condition: Option<String>,
    pub actor: Option<Actor>,
    pub actor_how: Resolution,
    /// Recipient candidates (span indexes, best first; `usize::MAX` for none).
    pub recipients: Vec<usize>,
    pub recipient: Option<Actor>,
    /// Set by a pass that knows the recipient outright (the accused of a reported act).
    pub recipient_override: Option<Actor>,
    pub location: Option<Location>,
    /// The country where it happens, from the location or a place the sentence names.
    pub place_country: Option<String>,
    /// The trigger lies inside a quotation.
    pub quoted: bool,
    /// Spans the parse shows to be landmarks ("near the border with Somalia").
    pub landmarks: Vec<usize>,
    pub reported_by: Option<String>,
    /// The sentence mentions the act without reporting it ([`Draft::structure`]): it
    /// may add evidence to an event reported elsewhere in the article, never stand alone.
    pub mention: bool,
    /// A speaker no list knows criticises a state body's act ([`Draft::speaker_acts`]).
    pub criticised_body: bool,
}

fn country_actor(gaz: &Gazetteer, a: &mut Actor, iso: &str) {
    a.name = gaz.country_name(iso).unwrap_or(iso).to_string();
    a.country = Some(iso.to_string());
}

fn weak(a: &Option<Actor>) -> bool {
    a.as_ref().is_none_or(|a| !a.is_political())
}

impl Draft {
    /// The trigger's reading and the clause's roles.
    pub fn new(s: &Sentence<'_>, choice: Choice) -> Draft {
        let frame = &choice.frame;
        let mut modality = if frame.denied {
            Modality::Denied
        } else if frame.intended && !frame.negated {
            Modality::Intended
        } else {
            Modality::Asserted
        };
        let condition = frame.condition.clone();
        if condition.is_some() && !frame.negated {
            modality = Modality::Conditional;
        }
        let anchor = choice.anchor;
        let roles = roles::assign(
            s.lower,
            s.spans,
            s.dateline,
            &anchor,
            s.attribution,
            choice.event_type,
        );
        let mut actor_how = Resolution::Unresolved;
        let actor = roles.actor.map(|i| {
            actor_how = s.spans[i].how;
            s.spans[i].actor.clone()
        });
        Draft {
            recipients: roles.recipients.clone(),
            roles,
            modality,
            condition,
            actor,
            actor_how,
            recipient: None,
            recipient_override: None,
            location: None,
            place_country: None,
            quoted: super::in_quote(s.text, anchor.start),
            landmarks: Vec::new(),
            reported_by: None,
            mention: false,
            criticised_body: false,
            choice,
        }
    }

    /// The trigger's clause, when the sentence was parsed: its subject (or a passive's
    /// agent) acts, an object or prepositional object naming an actor receives, and
    /// its tense, modality and negation read the act. `false`: no event (a participle
    /// used as an adjective, a negated act with no refusal reading). Without a clause
    /// for the trigger the heuristic roles of [`Draft::new`] stand.
    pub fn structure(&mut self, s: &Sentence<'_>) -> bool {
        // Parsed only where the word-order heuristics are unsure: nobody political found,
        // a passive, a team or a firm named, or a word that changes the reading.
        // (With nobody political in the sentence the parse has no actor to offer.)
        let political_named = s.spans.iter().any(|x| x.is_political());
        let need = weak(&self.actor) && political_named
            || self.roles.passive
            || s.spans
                .iter()
                .any(|x| matches!(x.actor.kind, ActorKind::Sport | ActorKind::Company))
            || super::structure::unsure(s.lower)
            || s.parsed.get().is_some();
        // Whether the trigger reports an act or only mentions one is asked of every
        // trigger that may be a noun ("the attacks on September 11").
        let a = self.choice.anchor;
        // (Without anyone political in the sentence there will be no event to check.)
        // A judgement a speaker voices ("the arrests were a brutal lie") is the speaker's
        // act wherever the noun stands.
        let voiced_judgement =
            self.choice.speaker_acts && self.choice.event_type == EventType::Accuse;
        let check_report = political_named
            && !voiced_judgement
            && super::structure::may_be_noun(&s.lower[a.start..a.head_end]);
        // "warned that the world is witnessing a catastrophe": what a warning says is
        // the case is a comment, not a threat; only the parse shows the complement.
        let warning = self.choice.event_type == EventType::Threaten
            && s.lower[a.start..a.end.max(a.head_end)].contains("warn");
        // "the officers killed have been identified": a participle right after a common
        // noun may describe it; only the parse tells it from "the army killed".
        let after_noun = political_named
            && super::structure::casualty(&s.lower[a.start..a.head_end])
            && s.text[..a.start]
                .split_whitespace()
                .next_back()
                .is_some_and(|w| {
                    w.chars().all(|c| c.is_ascii_lowercase())
                        && !super::structure::governs_participle(w)
                });
        if dated_earlier(s.lower, a.start, a.end.max(a.head_end)) {
            let st = s.structure();
            if st
                .read(s.spans, a.start, a.head_end)
                // "launched an attack in 2016", "talks began in 2017": a noun the dated
                // verb takes is as old as the verb.
                .is_some_and(|r| {
                    matches!(r.standing, Standing::Predicate | Standing::Argument)
                        && st.dated_earlier(r.predicate)
                })
            {
                self.mention = true;
            }
        }
        if !(need || check_report || warning || after_noun) || s.spans.is_empty() {
            return true;
        }
        let st = s.structure();
        let Some(r) = st.read(s.spans, a.start, a.head_end) else {
            return true;
        };
        if warning && st.says_what_is(r.predicate) {
            return false;
        }
        if !r.reports && !voiced_judgement && !st.verb_in_or_none(a.head_end, a.end) {
            self.mention = true;
        }
        if r.speculative {
            return false;
        }
        // "The officers killed have been identified as …": victims the sentence describes,
        // of an act told before; the sentence reports what is said of them.
        if r.describes_noun {
            return false;
        }
        // "restrained the protesting supporters", "called on the protesters to leave":
        // protesters someone else acts on are a mention, not a protest they are reported
        // to make.
        if r.acted_on
            && self.choice.event_type == EventType::Protest
            && s.lower[a.start..a.head_end]
                .split(' ')
                .any(super::structure::names_protesters)
        {
            return false;
        }
        if !need {
            return true;
        }
        // The parse is trusted where the word-order heuristics found nobody political
        // (a passive's agent far from "by", a subject beyond a relative clause), and to
        // take away an actor from another clause when the trigger's own subject, right
        // before it, names nobody ("In the final, the runner attacked …").
        let political = |i: usize| s.spans[i].is_political();
        // A "be" + participle right at the trigger is a passive the parse may miss
        // ("Russia was sanctioned"): its subject is the one acted on, not the actor.
        let missed_passive =
            |i: usize| self.roles.passive && !r.passive && self.roles.recipient == Some(i);
        let parsed_actor = r.actor.filter(|&i| political(i) && !missed_passive(i));
        if let Some(i) = parsed_actor.filter(|_| weak(&self.actor)) {
            self.roles.actor = Some(i);
            self.roles.co_actors = r
                .co_actors
                .iter()
                .copied()
                .filter(|&j| political(j))
                .collect();
            self.roles.passive = r.passive;
            self.actor = Some(s.spans[i].actor.clone());
            self.actor_how = s.spans[i].how;
        } else if r
            .actor
            .is_some_and(|i| matches!(s.spans[i].actor.kind, ActorKind::Sport | ActorKind::Company))
            && weak(&self.actor)
        {
            // "the French side attacked the Irish defence", "a US bank agreed to pay": a
            // team or a firm acts, not a state; nobody political stands in for it.
            return false;
        } else if let Some((from, _)) = r.adjacent_subject.filter(|_| r.subject_not_actor) {
            // Not "Fabius and a group of deputies held talks": joined to the subject.
            let elsewhere = self.roles.actor.is_none_or(|i| {
                s.spans[i].end <= from
                    && !s.lower[s.spans[i].end..from]
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == "and" || w == "or")
            });
            if elsewhere {
                self.roles.actor = None;
                self.roles.co_actors.clear();
                self.actor = None;
                self.actor_how = Resolution::Unresolved;
            }
        }
        // Recipients: the heuristic candidates less the landmarks, then what the parse
        // names as objects ("accused the chancellor").
        let mut recipients: Vec<usize> = self
            .recipients
            .iter()
            .copied()
            .filter(|i| !r.landmarks.contains(i))
            .collect();
        for i in r.recipients.iter().copied() {
            if !recipients.contains(&i) && Some(i) != self.roles.actor && !r.landmarks.contains(&i)
            {
                recipients.push(i);
            }
        }
        self.roles.recipients.retain(|i| !r.landmarks.contains(i));
        self.landmarks = r.landmarks;
        self.recipients = recipients;
        // A trigger that is no clause's predicate nor an argument of one, or whose
        // clause names nobody political, is less sure.
        if r.standing == Standing::Nominal || parsed_actor.is_none() && r.has_subject {
            self.choice.confidence *= 0.85;
        }
        // Modality: denial, negation, then what is yet to happen.
        let frame = self.choice.frame.clone();
        let c = &mut self.choice;
        // "was not acceptable", "not fair": the trigger holds its own negation.
        // ("cannot be justified", "could never be justified" alike); a negation in a
        // gap of the pattern is the clause's ("penalty should not be imposed").
        let own_negation = s.lower[c.anchor.start..c.anchor.head_end]
            .split_whitespace()
            .any(|w| matches!(w, "not" | "no" | "never" | "cannot" | "can't" | "can’t"));
        if r.denied {
            self.modality = Modality::Denied;
        } else if r.negated && !frame.negated && !frame.denied && !own_negation {
            // PLOVER: a negated act did not happen; a refused offer is REJECT.
            let Some((t, code)) = super::modality::negate(c.event_type, &c.cameo) else {
                return false;
            };
            c.event_type = t;
            c.cameo = code;
            c.mode = None;
            c.confidence *= 0.95;
        } else if (r.future || r.hypothetical)
            && !frame.intended
            && !frame.negated
            && self.modality == Modality::Asserted
        {
            self.modality = Modality::Intended;
            let (t, code) = super::modality::intend(c.event_type, &c.cameo);
            if t != c.event_type {
                c.event_type = t;
                c.cameo = code;
                c.mode = None;
                c.confidence *= 0.95;
            }
        }
        true
    }

    /// "Russia said Sudan must return …": the speaker demands, the subject is asked.
    /// Without a speaker a modal ("must", "should") is no act of anyone: `false`, no
    /// event ("Ireland must defeat France").
    pub fn speaker_acts(&mut self, s: &Sentence<'_>, memory: &Memory) -> bool {
        if !self.choice.speaker_acts {
            return true;
        }
        // "The Bush administration declared Tuesday that China must drop barriers": the
        // main clause's subject before the "that" speaks.
        let subject_at = self
            .roles
            .actor
            .map_or(self.choice.anchor.start, |i| s.spans[i].start);
        // Inside a quotation with no speaker of its own, the quotation's speaker.
        if s.attribution.is_none() && self.quoted {
            if let Some(sp) = memory.speaker.clone() {
                self.speaker_speaks(sp, Resolution::Coreference);
                return true;
            }
        }
        let speaker = s.speaker().filter(|x| x.is_political()).or_else(|| {
            s.spans.iter().find(|x| {
                x.is_political()
                    && (!x.place && x.end < subject_at && s.lower[x.end..subject_at].contains(" that ")
                        // "Poland has gone a step further, saying Putin is masterminding
                        // the crisis": the sentence's subject says it (an accusation
                        // only: "saying you should be doing well" asks nobody).
                        || self.choice.event_type == EventType::Accuse
                            && matches!(s.lower[..x.start].trim(), "" | "the")
                            && (s.lower[x.end..self.choice.anchor.start].contains(", saying ")
                                // "Rodríguez, Cuba's foreign minister, described as
                                // cynical the inclusion of Cuba": the subject of a verb
                                // of judging judges.
                                || judges_between(&s.lower[x.end..self.choice.anchor.start])))
            })
        });
        let Some(sp) = speaker else {
            // "Lawyer Andrés Gil Domínguez said the decree issued by President Milei's
            // administration is unconstitutional": criticism of a state body's act by
            // someone no list knows is still criticism, by an unknown actor.
            let body = |x: &Span| {
                x.is_political()
                    && !x.place
                    && (x.actor.kind.institutional() || x.actor.kind.transnational())
                    && !s
                        .attribution
                        .is_some_and(|a| x.start >= a.speaker_start && x.end <= a.speaker_end)
            };
            // "Gould said the decision was unconstitutional and politically motivated": a
            // named speaker no list knows who judges in words only politics uses
            // accuses, as an unknown actor.
            let political_judgement = {
                let a = self.choice.anchor;
                let said = &s.lower[a.start..a.end.max(a.head_end)];
                POLITICAL_JUDGEMENTS.iter().any(|w| said.contains(w))
            };
            let named_speaker = s
                .attribution
                .is_some_and(|a| proper_name(&s.text[a.speaker_start..a.speaker_end]));
            if self.choice.event_type == EventType::Accuse
                && s.attribution.is_some()
                && (s.spans.iter().any(body) || political_judgement && named_speaker)
            {
                self.recipients
                    .insert(0, self.roles.actor.unwrap_or(usize::MAX));
                self.actor = None;
                self.criticised_body = true;
                return true;
            }
            return false;
        };
        self.speaker_speaks(sp.actor.clone(), sp.how);
        true
    }

    /// The speaker acts; the clause's subject is the first one acted on.
    fn speaker_speaks(&mut self, speaker: Actor, how: Resolution) {
        self.recipients
            .insert(0, self.roles.actor.unwrap_or(usize::MAX));
        self.actor = Some(speaker);
        self.actor_how = how;
    }

    /// "called on", "urged", "asked", "appealed": an appeal (CAMEO 02x, verbal
    /// cooperation), not a demand (10x). CAMEO numbers the two families alike
    /// (1053 demand release of persons, 0253 appeal for it), so the code keeps its
    /// specific part.
    pub fn appeal_or_demand(&mut self, s: &Sentence<'_>) -> bool {
        let c = &mut self.choice;
        if c.event_type != EventType::Request {
            return true;
        }
        let a = c.anchor;
        let head = s.lower[a.start..a.head_end]
            .split_whitespace()
            .next()
            .unwrap_or("");
        // "asked the prime minister on what obstacles exist", "asked the government why
        // the talks failed": a question, not an appeal for anything.
        if head.starts_with("ask") && asks_a_question(&s.lower[a.head_end..]) {
            return false;
        }
        if !c.cameo.starts_with("10") {
            return true;
        }
        // "wants" is a desire, not a request, unless someone is asked to act
        // ("India wants Sri Lanka to devolve power", not "Ireland wants to win", nor
        // "wants a deal with the ELN to seal peace": the one asked is the object).
        if head.starts_with("want")
            && !s.spans.iter().any(|x| {
                x.start >= a.head_end
                    && x.end <= a.end
                    && x.is_political()
                    && matches!(s.lower[a.head_end..x.start].trim(), "" | "the")
            })
        {
            return false;
        }
        // "told Guterres to appoint an envoy" asks; "told reporters he plans to visit"
        // does not: the infinitive must be the telling verb's own.
        if head.starts_with("tell") || head == "told" {
            let st = s.structure();
            let own = st
                .read(s.spans, a.start, a.head_end)
                .is_some_and(|r| st.takes_infinitive(r.predicate));
            if !own {
                return false;
            }
        }
        // "Prime Minister Hasina called on President Kovind": a courtesy call, a visit
        // (CAMEO 042), when nobody is asked to do anything.
        if head.starts_with("call") && courtesy_call(s.text, a.end) {
            c.event_type = EventType::Consult;
            c.cameo = "042".to_string();
            c.mode = Some("visit".to_string());
            c.context = None;
            return true;
        }
        if is_appeal_verb(head) {
            c.cameo = format!("02{}", &c.cameo[2..]);
        }
        true
    }

    /// An arrest or detention (CAMEO 173), the act only police or troops make.
    fn is_arrest(&self) -> bool {
        self.choice.event_type == EventType::Coerce && self.choice.cameo.starts_with("173")
    }

    /// An act a state makes on people or property: seizure, restriction, arrest,
    /// expulsion (CAMEO 171–174), a criminal charge (115) or an inquiry (09x).
    fn state_act(&self) -> bool {
        let c = self.choice.cameo.as_str();
        match self.choice.event_type {
            EventType::Coerce => ["171", "172", "173", "174"]
                .iter()
                .any(|p| c.starts_with(p)),
            EventType::Accuse => c.starts_with("09") || c.starts_with("115"),
            _ => false,
        }
    }

    /// "Japan said it had halted aid": a speaker before the content acts when the
    /// content names no one else; inside a quotation, the quotation's speaker does.
    pub fn actor_from_attribution(&mut self, s: &Sentence<'_>, memory: &Memory) {
        let anchor = self.choice.anchor;
        let leading = s
            .attribution
            .is_some_and(|a| a.end <= anchor.start && a.speaker_start < anchor.start);
        if leading && weak(&self.actor) && !self.roles.passive && !self.choice.speaker_acts {
            if let Some(sp) = s.speaker_side() {
                self.actor = Some(sp.actor.clone());
                self.actor_how = sp.how;
            }
        }
        // "Two officials were sanctioned, the Treasury said", "five men were arrested,
        // police said", "weapons were seized, the army said", "the case is being
        // investigated, prosecutors said": with no agent, the body that announces a
        // sanction, an arrest, a seizure, an expulsion, a charge or an inquiry is the one
        // that made it (not so for a killing the army reports).
        let own_act = self.choice.event_type == EventType::Sanction || self.state_act();
        if self.actor.is_none() && self.roles.passive && own_act && s.attribution.is_some() {
            if let Some(sp) = s.speaker_side() {
                self.actor = Some(sp.actor.clone());
                self.actor_how = sp.how;
            }
        }
        if weak(&self.actor) && !self.roles.passive && self.quoted {
            let sp = s
                .speaker()
                .filter(|x| x.is_political())
                .map(|x| x.actor.clone())
                .or_else(|| memory.speaker.clone());
            if let Some(sp) = sp {
                self.actor = Some(sp);
                self.actor_how = Resolution::Coreference;
            }
        }
    }

    /// Where it happens: the clause's locative phrase ("the region", "there": the
    /// article's last place), else the country of a place the sentence names.
    pub fn place(&mut self, s: &Sentence<'_>, memory: &Memory) {
        let mut location = self
            .roles
            .location
            .and_then(|i| roles::location(&s.spans[i]));
        if location.is_none() && (s.lower.contains("the region") || s.lower.contains(" there")) {
            location = memory.last_location.clone();
        }
        // Without a locative phrase, a generic actor may still take the country of a
        // place the sentence names ("protesters marched through the streets of Caracas").
        self.place_country = location
            .as_ref()
            .and_then(|l| l.country.clone())
            .or_else(|| {
                // A landmark ("near the border with Somalia") is not where it happens.
                (0..s.spans.len())
                    .find(|&i| {
                        let x = &s.spans[i];
                        x.place
                            && !x.pronoun
                            && !self.landmarks.contains(&i)
                            && !beside(s.lower, x.start)
                    })
                    .and_then(|i| s.spans[i].actor.country.clone())
            })
            .or_else(|| where_it_happens(s, self.choice.anchor.end, &self.roles.recipients));
        self.location = location;
    }

    /// "General Sada Samake signed the ceasefire on behalf of the Malian government":
    /// whoever signs for a government, the government acts.
    pub fn on_behalf(&mut self, s: &Sentence<'_>) {
        if self.actor.as_ref().is_some_and(|a| a.country.is_some()) {
            return;
        }
        let Some(p) = s.lower.find("on behalf of ") else {
            return;
        };
        let from = p + "on behalf of ".len();
        if let Some(x) = s
            .spans
            .iter()
            .find(|x| x.start >= from && x.start <= from + 12 && x.is_political() && !x.place)
        {
            self.actor = Some(x.actor.clone());
            self.actor_how = x.how;
        }
    }

    /// "The comment drew a rebuke from Premier Legault", "diplomats summoned by Turkey":
    /// a criticism trigger that ends in "from", or any that ends in "by", names its actor
    /// right after it ("halted imports from Ukraine" does not).
    pub fn agent_after(&mut self, s: &Sentence<'_>) {
        let a = self.choice.anchor;
        let trigger = &s.lower[a.start..a.end];
        let critic = trigger.ends_with(" from") && self.choice.event_type == EventType::Accuse;
        if !(critic || trigger.ends_with(" by")) {
            return;
        }
        if let Some(x) = s
            .spans
            .iter()
            .find(|x| x.start >= a.end && x.start <= a.end + 12 && x.is_political())
        {
            self.actor = Some(x.actor.clone());
            self.actor_how = x.how;
        }
    }

    /// "Demonstrators rallied in Tbilisi": the protest noun is itself the actor. Police,
    /// troops, protesters without a country: the country where it happens.
    pub fn actor_from_place(&mut self, gaz: &Gazetteer, s: &Sentence<'_>) {
        let event_type = self.choice.event_type;
        if self.actor.is_none() && event_type == EventType::Protest {
            if let Some(x) = s
                .spans
                .iter()
                .find(|x| x.actor.kind == ActorKind::Civilian && x.how == Resolution::Unresolved)
            {
                self.actor = Some(x.actor.clone());
            }
        }
        // Protesters act where they protest ("ethnic Albanians demonstrated in Serbia").
        if let (Some(a), Some(c)) = (self.actor.as_mut(), self.place_country.as_deref()) {
            // A named person of unknown country only takes the place he acts in ("in
            // Haiti"), not one he goes to ("will visit Washington").
            let named_person = self.actor_how == Resolution::Named && a.person.is_some();
            let generic = a.country.is_none()
                && !matches!(a.kind, ActorKind::Igo | ActorKind::Ngo)
                && !(named_person && self.location.is_none());
            let residents = event_type == EventType::Protest && a.kind == ActorKind::People;
            if generic || residents {
                country_actor(gaz, a, c);
                self.actor_how = Resolution::Location;
            }
        }
    }

    /// "Amnesty said Nigerian soldiers had tortured detainees": a rights group that
    /// reports a state's violence accuses it (it does not witness it). A government
    /// "protests" in words: ACCUSE.
    pub fn reframe(&mut self, s: &Sentence<'_>) {
        let c = &mut self.choice;
        let reporter = s.speaker_side().filter(|sp| {
            sp.actor.kind == ActorKind::Ngo && s.attribution.is_some_and(|a| !a.trailing)
        });
        if let Some(sp) = reporter.filter(|_| {
            c.event_type.quad_class() == QuadClass::MaterialConflict
                && self
                    .actor
                    .as_ref()
                    .is_some_and(|a| a.kind != ActorKind::Ngo)
        }) {
            self.recipient_override = self.actor.take();
            self.actor = Some(sp.actor.clone());
            self.actor_how = sp.how;
            c.event_type = EventType::Accuse;
            c.cameo = "112".to_string();
            c.mode = Some("allege".to_string());
        }
        // "Around 140,000 people protested in Serbia, demanding early elections", "the
        // rally was to demand electoral reforms": what a protest demands is the protest's
        // message, not an appeal of its own (CAMEO 14x, PLOVER PROTEST).
        if c.event_type == EventType::Request && protest_demands(s.lower, &c.anchor) {
            c.event_type = EventType::Protest;
            c.cameo = "141".to_string();
            c.mode = Some("demo".to_string());
            c.context = None;
        }
        // "Climate activists from the Finnish branch of … blocked traffic": a crowd
        // named first is who blocks, whatever state a phrase after it names.
        let crowd_first = s
            .spans
            .iter()
            .filter(|x| x.start < c.anchor.start)
            .min_by_key(|x| x.start)
            .is_some_and(|x| x.actor.kind == ActorKind::Civilian);
        // A crowd or a party that blocks or shuts a place obstructs in protest (CAMEO
        // 144); only a state imposes a blockade (191): "unions shut down the airport".
        let crowd_blocks = c.event_type == EventType::Coerce
            && c.cameo.starts_with("191")
            && (crowd_first
                || self
                    .actor
                    .as_ref()
                    .is_some_and(|a| matches!(a.kind, ActorKind::Civilian | ActorKind::Party)));
        if crowd_blocks {
            c.event_type = EventType::Protest;
            c.cameo = "144".to_string();
            c.mode = Some("obstruct".to_string());
            c.context = None;
        }
        if let (Some((t, code)), Some(a), false) =
            (c.official.as_ref(), self.actor.as_ref(), crowd_first)
        {
            if matches!(
                a.kind,
                ActorKind::State
                    | ActorKind::Government
                    | ActorKind::Leader
                    | ActorKind::Igo
                    | ActorKind::Ngo
                    // "riot police blocked off the streets": the state's forces restrict.
                    | ActorKind::Police
                    | ActorKind::Military
            ) {
                c.event_type = *t;
                c.cameo = code.clone();
                c.mode = None;
                c.context = None;
            }
        }
    }

    /// PLOVER: joint operations are COOPERATE, one country's exercises MOBILIZE. "Joint"
    /// exercises with no partner named (no co-actor, no "with": "conducted sea and air
    /// joint exercises east of Taiwan") are one military's show of force, aimed at
    /// whoever is the recipient.
    pub fn exercise_alone(&mut self, s: &Sentence<'_>) {
        let c = &mut self.choice;
        let partner = !self.roles.co_actors.is_empty()
            || s.lower[c.anchor.start..]
                .split([',', ';'])
                .next()
                .is_some_and(|clause| clause.contains(" with "));
        if c.event_type == EventType::Cooperate && c.cameo.starts_with("062") && !partner {
            c.event_type = EventType::Mobilize;
            c.cameo = "152".to_string();
            c.mode = Some("troops".to_string());
        }
    }

    /// The first recipient candidate that is not the actor's own side ("deploy any
    /// forces"); else a political actor named after the trigger.
    pub fn recipient(&mut self, gaz: &Gazetteer, s: &Sentence<'_>, article: Option<&str>) {
        let actor = &self.actor;
        let own_side = |i: usize| {
            let r = &s.spans[i];
            actor.as_ref().is_some_and(|a| {
                a.country.is_some()
                    && a.country == r.actor.country
                    && (r.how != Resolution::Named
                        || a.name == r.actor.name && a.kind == r.actor.kind)
            })
        };
        // "riots near the border with Morocco": a place named as a landmark is no one acted on.
        let landmark = |i: usize| beside(s.lower, s.spans[i].start);
        let mut recipient = self
            .recipients
            .iter()
            .copied()
            .filter(|&i| i < s.spans.len())
            .find(|&i| !own_side(i) && !landmark(i))
            .map(|i| s.spans[i].actor.clone());
        if recipient.is_none() {
            // Named inside the attribution but not the speaker ("diplomats involved in talks over the ISF").
            let anchor_end = self.choice.anchor.end;
            recipient = (0..s.spans.len())
                .find(|&i| {
                    let x = &s.spans[i];
                    x.start >= anchor_end
                        && Some(i) != s.speaker_idx
                        && x.how == Resolution::Named
                        && x.is_political()
                        && !x.place
                        && !own_side(i)
                        && !landmark(i)
                })
                .map(|i| s.spans[i].actor.clone());
            if recipient.is_some() {
                self.choice.confidence *= 0.9;
            }
        }
        if let Some(r) = self.recipient_override.take() {
            recipient = Some(r);
        }
        // "X accused the chancellor": an official without a country is of the country
        // where it happens, else of the one the article is about.
        let country = self
            .place_country
            .as_deref()
            .or_else(|| article.filter(|_| recipient.as_ref().is_some_and(|r| r.role.is_some())));
        if let (Some(r), Some(c)) = (recipient.as_mut(), country) {
            if !r.is_political() {
                country_actor(gaz, r, c);
            }
        }
        self.recipient = recipient;
    }

    /// An event needs a political actor; a passive without "by", a protest by unnamed
    /// people or an attack by unknown hands needs a political recipient; a pronoun or an
    /// unknown name acting in a sentence about a political actor acts unnamed
    /// ([`Draft::unnamed_act`]). `false`: no event.
    pub fn relevance(&mut self, gaz: &Gazetteer, s: &Sentence<'_>, memory: &Memory) -> bool {
        let political = |a: &Option<Actor>| a.as_ref().is_some_and(Actor::is_political);
        let event_type = self.choice.event_type;
        // A bombing or an attack by unknown hands still has victims ("a car bomb killed
        // seven officers in Mogadishu").
        let implicit_actor =
            self.roles.passive || matches!(event_type, EventType::Protest | EventType::Assault);
        // Nobody named acts ("journalists were detained in Belarus", "gunmen killed 12 in
        // Nigeria"): as dictionary coders do, the country where it happens acts, else
        // the country the article is about, with less confidence.
        // Someone must be there: an unnamed group as subject, or someone acted on.
        // A crowd protesting or a bomber striking in a named place is there ("thousands
        // marched through Prague", "a suicide bomber blew himself up in Peshawar").
        let crowd_in_place = matches!(event_type, EventType::Protest | EventType::Assault)
            && self.location.as_ref().is_some_and(|l| l.country.is_some());
        // "was among those later detained": a passive the word order hides.
        // "diplomats were expelled": a trigger that is itself a passive names who is
        // acted on.
        let be = |w: &str| matches!(w, "was" | "were" | "been" | "being" | "got");
        let a = self.choice.anchor;
        let passive_trigger = s.lower[a.start..a.end].split_whitespace().any(be);
        // The trigger's own clause up to it.
        let before = &s.lower[..a.start];
        let clause_before = before.rsplit([',', ';', ':']).next().unwrap_or(before);
        // Who or what did a harm the trigger names ("the attack wounded", "floods killed").
        let harmed_by = harm_subject(s, &a, clause_before);
        if event_type == EventType::Assault && harmed_by.is_some_and(misfortune) {
            return false;
        }
        // "Several arrests were made", "two arrests have been made": a noun made by
        // nobody named is a passive too.
        let made = {
            let after = s.lower[a.end.max(a.head_end).min(s.lower.len())..].trim_start();
            [
                "were made",
                "was made",
                "have been made",
                "has been made",
                "had been made",
                "were carried out",
                "was carried out",
            ]
            .iter()
            .any(|p| after.starts_with(p))
        };
        let passive = self.roles.passive
            || passive_trigger
            || made
            || clause_before.split_whitespace().rev().take(4).any(be);
        // Acts only a state does, and who does them when nobody political is named:
        // - "Kejriwal was arrested on March 21": an arrest with no agent is the police's,
        //   whoever is arrested;
        // - "Castillo ordered a night-time curfew": only those who govern impose a curfew
        //   or a state of emergency, whoever the sentence names;
        // - "Five journalists were freed", "two diplomats were expelled", "three reporters
        //   were deported", "two activists were charged with treason": with no agent, only
        //   a state frees, expels, deports or charges people (a court charges). A
        //   statement "released" is no one's release: a release or a charge needs someone
        //   acted on.
        let acted_on = passive_trigger
            || self.recipient.is_some()
            || !self.recipients.is_empty()
            || !self.roles.recipients.is_empty();
        let cameo = self.choice.cameo.as_str();
        let state_actor = if self.actor.as_ref().is_some_and(Actor::is_political) {
            None
        } else if passive && self.is_arrest() {
            Some(ActorKind::Police)
        } else if event_type == EventType::Coerce && matches!(cameo, "1723" | "1724")
            // "New sanctions were imposed on Iran": only states and their unions impose
            // sanctions, and never the one they are imposed on (below).
            || passive && event_type == EventType::Sanction && cameo == "163" && acted_on
        {
            Some(ActorKind::Government)
        } else if passive && event_type == EventType::Mobilize {
            // "Thousands of police officers were deployed in central Paris", "security
            // was tightened": only a state's police or army deploy.
            Some(if cameo == "153" {
                ActorKind::Police
            } else {
                ActorKind::Military
            })
        } else if passive
            && (cameo.starts_with("174")
                || cameo.starts_with("166")
                || (cameo.starts_with("0841") || cameo.starts_with("115")) && acted_on)
        {
            Some(if cameo.starts_with("115") {
                ActorKind::Judiciary
            } else {
                ActorKind::Government
            })
        } else if self.choice.mode.as_deref() == Some("convict")
            && (passive || {
                // Active only with a penalty named ("received prison terms", not "gave
                // the sentence a second look").
                let rest = &s.lower[a.start..];
                super::imprisons(rest)
                    || [" years", " months", "death"]
                        .iter()
                        .any(|w| rest.contains(w))
            })
        {
            // "Khosravi was sentenced to death", "was given a 9-year sentence", "the 45
            // convicted received prison terms": only a court sentences.
            Some(ActorKind::Judiciary)
        } else if passive
            && event_type == EventType::Accuse
            && s.lower[a.start..a.end].contains("summon")
        {
            // "The Polish ambassador was summoned to the foreign ministry": only a
            // government summons another's envoy.
            Some(ActorKind::Government)
        } else if event_type == EventType::Assault && passive && crowd_control(s.lower) {
            // "At least 15 people were injured by tear gas and rubber bullets": hurt by
            // the weapons only police and troops fire at crowds.
            Some(ActorKind::Police)
        } else {
            None
        };
        if state_actor.is_some() {
            self.actor = None;
        }
        // "Nearly 1,000 civilians have been killed in the violence": people killed or
        // wounded in fighting are the victims of an attack whoever made it; the actor is
        // the country where it happened, else unknown. (A car crash is no attack.)
        let casualties = event_type == EventType::Assault
            && passive
            && self.actor.as_ref().is_none_or(|a| !a.is_political())
            && in_violence(&s.lower[self.choice.anchor.end.min(s.lower.len())..]);
        if casualties {
            self.actor = None;
            // "killed in fighting with Pakistani soldiers": the other side of the fighting
            // made the attack.
            if let Some(x) = opponent(s, self.choice.anchor.end) {
                self.actor = Some(x.actor.clone());
                self.actor_how = x.how;
            }
        }
        // "Shelling killed three civilians", "a car bomb exploded", "armed men attacked a
        // bus": artillery, air power, bombs and armed attackers make it armed violence,
        // whoever is hit and wherever; its actor is unknown unless a place says more.
        let armed_attack = event_type == EventType::Assault
            && (["194", "195"].iter().any(|c| cameo.starts_with(c))
                // "Some bombs can help create life", "bomb craters": a bomb is a weapon,
                // its use needs a blast, a target or a harm.
                && (!matches!(&s.lower[a.start..a.head_end], "bomb" | "bombs")
                    || bomb_used(s.lower))
                // A bombing, not any explosion ("an explosion at a coal mine", "Enron
                // is blowing up").
                || cameo.starts_with("183") && s.lower[a.start..a.end.max(a.head_end)].contains("bomb")
                || armed_attackers(clause_before)
                || harmed_by.is_some_and(|(prev, w)| violent(prev, w))
                || violence_then_harm(s, &a, clause_before)
                || fighting_broke_out(s, &a));
        let unnamed_acts = self.actor.is_some()
            || crowd_in_place
            || state_actor.is_some()
            || casualties
            || armed_attack
            || (implicit_actor || matches!(event_type, EventType::Coerce | EventType::Mobilize))
                && political(&self.recipient);
        // "At least 17 people from one family were also killed, it added": casualties with
        // nobody named after the article has reported an attack are that attack's.
        let continued = event_type == EventType::Assault
            && passive
            && !casualties
            && self.actor.as_ref().is_none_or(|a| !a.is_political())
            && memory.last_attack.is_some();
        if continued {
            self.actor = memory.last_attack.clone().flatten();
            self.actor_how = Resolution::Coreference;
            self.choice.confidence *= 0.85;
        }
        // Police or troops with no country named take it the same way; a named person
        // does not ("Kovind held talks with his Bangladeshi counterpart").
        let countryless = self
            .actor
            .as_ref()
            .is_none_or(|a| a.country.is_none() && a.person.is_none() && !a.kind.transnational());
        if countryless && unnamed_acts {
            let fallback = self
                .location
                .as_ref()
                .and_then(|l| l.country.clone())
                .or_else(|| where_it_happens(s, self.choice.anchor.end, &self.roles.recipients))
                .map(|c| (c, 0.85))
                .or_else(|| memory.dominant_country().map(|c| (c.to_string(), 0.75)))
                // "The foreign ministry summoned the Iranian ambassador": a country's
                // diplomats serve abroad, so whoever acts on them is not that country;
                // nor does a country sanction itself.
                .filter(|(c, _)| {
                    !self.recipient.as_ref().is_some_and(|r| {
                        r.country.as_deref() == Some(c.as_str())
                            && (diplomat(&r.text) || event_type == EventType::Sanction)
                    })
                });
            // Who acts unnamed: the state actor above, else nobody in particular.
            let kind = state_actor.unwrap_or(ActorKind::Unspecified);
            let unnamed = || Actor {
                text: String::new(),
                name: String::new(),
                country: None,
                kind,
                person: None,
                role: None,
            };
            if let Some((c, f)) = fallback {
                let mut a = self.actor.take().unwrap_or_else(unnamed);
                country_actor(gaz, &mut a, &c);
                self.actor = Some(a);
                self.actor_how = Resolution::Location;
                self.choice.confidence *= f / 0.85;
            } else if state_actor.is_some() || casualties {
                // Nowhere named, no article around it ("Mohamed had been detained"):
                // still the act of police (or a government) of no known country.
                self.actor = Some(unnamed());
                self.choice.confidence *= 0.85;
            }
        }
        // A crowd that protests or riots is political wherever it is ("protesters
        // chanted", "supporters clashed with the police").
        let crowd_protests = matches!(event_type, EventType::Protest | EventType::Assault)
            && self
                .actor
                .as_ref()
                .is_some_and(|a| a.kind == ActorKind::Civilian);
        // Someone unnamed or unknown ("Diallo accused the commission and the
        // government") acts on a government, an army, a party or an international body:
        // the act is political whoever does it. A state or a place as recipient is not
        // enough ("I visited Georgia Tech", "a friend out in Chicago").
        // A title ("the former President", a "Vice President" in a signature) is a
        // person, not a body; and the body must be the act's own object, not one in the
        // next clause ("the storm threatened the coast while police detained ...").
        let anchor_end = self.choice.anchor.end;
        let object = self
            .roles
            .recipients
            .first()
            .map(|&i| &s.spans[i])
            .filter(|x| x.start >= anchor_end && !clause_break(&s.lower[anchor_end..x.start]));
        let on_a_body = object.is_some_and(|x| {
            let r = &x.actor;
            !equipment(r)
                && r.is_political()
                && r.kind != ActorKind::Leader
                && r.role.is_none()
                && r.person.is_none()
                && (r.kind.institutional() || r.kind.transnational())
        });
        // Meeting a named foreign official, or a visit the sentence calls official, is
        // diplomacy whoever the visitor is ("Dr Balakrishnan met Norwegian Foreign
        // Minister Ine Eriksen Soreide"; not "I met the president").
        let diplomacy = event_type == EventType::Consult
            && !first_person(&s.lower[..self.choice.anchor.start])
            && (self
                .roles
                .recipients
                .first()
                .map(|&i| &s.spans[i])
                .is_some_and(|x| {
                    x.start >= self.choice.anchor.head_end
                        && x.actor.country.is_some()
                        && x.actor.is_political()
                        && (x.actor.role.is_some() || x.actor.person.is_some())
                })
                || [
                    "official visit",
                    "state visit",
                    "working visit",
                    "his counterpart",
                    "her counterpart",
                ]
                .iter()
                .any(|w| s.lower.contains(w)));
        // A call for protests, new elections or a leader's resignation is political
        // whoever makes it ("Navalny called for a nationwide protest").
        // So is a condemnation, an accusation, a refusal or a threat about political
        // violence or abuse of power ("I strongly condemn these war crimes", "accusing her
        // of abuse of power and corruption"). "I" and "we" are a writer's own words,
        // except in a quotation, where news copy has them from someone it reports.
        let verbal_conflict = matches!(
            event_type,
            EventType::Accuse | EventType::Reject | EventType::Threaten
        );
        // An agreement, a meeting or a signing about a ceasefire, peace or envoys is
        // diplomacy whoever the parties are ("the two parties have agreed to the
        // cessation of hostilities").
        let accord = matches!(
            event_type,
            EventType::Agree | EventType::Consult | EventType::Support
        );
        let political_call = (event_type == EventType::Request
            || self.choice.cameo == "140"
            || verbal_conflict
            || accord)
            && s.lower[self.choice.anchor.start..]
                .split([',', ';', '.'])
                .next()
                .is_some_and(|clause| {
                    clause
                        .split(|c: char| !c.is_alphanumeric() && c != '-')
                        .take(12)
                        .any(|w| {
                            POLITICAL_AIMS.contains(&w)
                                || verbal_conflict && POLITICAL_WRONGS.contains(&w)
                                || accord && POLITICAL_ACCORDS.contains(&w)
                        })
                })
            && (self.quoted || !first_person(&s.lower[..self.choice.anchor.start]));
        if !(political(&self.actor)
            || crowd_protests
            || on_a_body
            || diplomacy
            || political_call
            || implicit_actor && political(&self.recipient)
            || casualties
            || continued
            || armed_attack
            || self.criticised_body
            || self.unnamed_act(s))
        {
            return false;
        }
        if !political(&self.actor) && !crowd_protests {
            self.actor = None;
        }
        true
    }

    /// "Zhao urged the U.S. side to …", "PTI condemned the arrest of …", "they have been
    /// calling for early elections": someone the sentence does not name, or names with a
    /// name no list knows, reports an act in a sentence about a political actor. The act
    /// is real and its actor unknown, as the coders of news leave it. Only a clause that
    /// reports the act, with a pronoun, an unknown name or a group word as its subject
    /// (`Structure::unnamed_actor`), counts: a thing as subject ("the storm threatened
    /// oil installations") or no subject at all does not.
    fn unnamed_act(&self, s: &Sentence<'_>) -> bool {
        // Only an act asserted to have happened: an unknown actor's plan or threat ("if
        // Abbas keeps up this talk he will kill the peace talks") is too little to go on.
        if s.topic
            || self.modality != Modality::Asserted
            || !s
                .spans
                .iter()
                .any(|x| x.is_political() && !equipment(&x.actor))
        {
            return false;
        }
        // Someone named but not political (a firm, a team) is no unnamed actor.
        if self.actor.as_ref().is_some_and(|a| {
            !matches!(
                a.kind,
                ActorKind::Person
                    | ActorKind::Plural
                    | ActorKind::Thing
                    | ActorKind::Speaker
                    | ActorKind::Unspecified
            )
        }) {
            return false;
        }
        let a = self.choice.anchor;
        let st = s.structure();
        let Some(r) = st.read(s.spans, a.start, a.head_end) else {
            return false;
        };
        // The trigger is its clause's predicate and reports the act.
        let reported = r.reports && r.standing == Standing::Predicate && !r.speculative;
        if !reported || self.mention {
            return false;
        }
        match st.unnamed_actor(s.spans, r.predicate) {
            // "we are calling on you all," Herzog said: only a quoted speaker's "we".
            Some(Unnamed::FirstPerson) => s.attribution.is_some(),
            Some(_) => true,
            None => false,
        }
    }

    /// "launched an attack on the opposition's spending plans", "attacked the last
    /// 200m": an attack on a plan, a record or a stretch of road is words or sport, not
    /// ASSAULT; so is a plan killed. An attack in words on a plan or a policy ("the
    /// Conservative leader's attacks on carbon pricing") is criticism of its author,
    /// CAMEO 111: the draft is recoded as ACCUSE. An attack in sport or a plan killed is
    /// no event: `false`.
    pub fn literal_or_criticism(&mut self, s: &Sentence<'_>) -> bool {
        let Some(target) = self.figurative_target(s) else {
            return true;
        };
        let a = self.choice.anchor;
        let trigger = &s.lower[a.start..a.end.max(a.head_end)];
        let attack = ATTACKS.iter().any(|w| trigger.contains(w));
        if !attack || SPORT_TARGETS.contains(&target) {
            return false;
        }
        let c = &mut self.choice;
        c.event_type = EventType::Accuse;
        c.cameo = "111".to_string();
        c.mode = Some("disapprove".to_string());
        c.context = None;
        true
    }

    /// The plan, record or stretch of road an attack or a killing reaches first, when no
    /// actor stands before it (a possessive actor, "the opposition's", does not count).
    fn figurative_target(&self, s: &Sentence<'_>) -> Option<&'static str> {
        if self.choice.event_type != EventType::Assault {
            return None;
        }
        let a = self.choice.anchor;
        let trigger = &s.lower[a.start..a.end.max(a.head_end)];
        // "effectively killed the president's $400 billion plan": a plan, a bill or a
        // deal is killed in words too, but only as the object itself (not "killed the
        // leader of the plan").
        let killed = KILLS.iter().any(|w| trigger.starts_with(w));
        let from = ATTACKS
            .iter()
            .chain(KILLS)
            .filter_map(|w| trigger.find(w))
            .min()
            .map(|i| {
                let i = a.start + i;
                i + s.lower[i..].find(' ').unwrap_or(s.lower.len() - i)
            })?;
        let after = s.lower[from..].trim_start();
        let mut at = s.lower.len() - after.len();
        let from = at;
        for (i, w) in after.split(' ').enumerate() {
            if i > 7 {
                break;
            }
            let word = w.trim_matches(|c: char| !c.is_alphanumeric());
            if let Some(&target) = ABSTRACT_TARGETS
                .iter()
                .chain(SPORT_TARGETS)
                .find(|&&t| t == word)
            {
                let actor_between = s.spans.iter().any(|x| {
                    x.start >= from && x.end <= at && !super::actors::possessive(&s.lower[x.end..])
                });
                return (!actor_between).then_some(target);
            }
            if w.ends_with([',', '.', ';', ':'])
                || killed && matches!(word, "of" | "in" | "at" | "and" | "with" | "who" | "near")
            {
                break;
            }
            at += w.len() + 1;
        }
        None
    }

    /// "is still demanding Bazoum's restoration": an act still going on is a standing
    /// position, which coders leave uncoded (the act that began it is coded where it
    /// is reported). `false` for a trigger after "still". Not the present perfect
    /// progressive: "have been protesting over the farm bills", "has been negotiating
    /// with the IMF since February" were coded as the act in six of seven real
    /// sentences. Sharing intelligence and refusing are different: PLOVER codes
    /// cooperation that goes on and a refusal that stands ("was still refusing
    /// admittance") as they are.
    pub fn ongoing(&self, s: &Sentence<'_>) -> bool {
        if matches!(
            self.choice.event_type,
            EventType::Cooperate | EventType::Reject
        ) {
            return true;
        }
        let a = self.choice.anchor;
        let first = s.lower[a.start..a.head_end.max(a.start)]
            .split_whitespace()
            .next()
            .unwrap_or("");
        if !first.ends_with("ing") {
            return true;
        }
        let before: Vec<&str> = s.lower[..a.start]
            .split_whitespace()
            .rev()
            .take(2)
            .collect();
        !matches!(
            before.as_slice(),
            [
                "still",
                "is" | "are" | "was" | "were" | "'s" | "’s" | "'re" | "’re"
            ]
        )
    }

    /// In a sentence about sport, a film or a gadget a bare country or people is a
    /// team, a cast or a market ("France beat Ireland", "best supporting actor"): only
    /// a government, its forces, a party, an organisation or an armed group acts.
    pub fn on_topic(&self, s: &Sentence<'_>) -> bool {
        !s.topic
            || self.actor.as_ref().is_some_and(|a| {
                !matches!(
                    a.kind,
                    ActorKind::State
                        | ActorKind::People
                        | ActorKind::Civilian
                        | ActorKind::Unspecified
                        | ActorKind::Elite
                        | ActorKind::Place
                        | ActorKind::Person
                        | ActorKind::Thing
                        | ActorKind::Plural
                        | ActorKind::Speaker
                ) && a.kind.can_act_politically()
            })
    }

    /// The speaker of a claim about someone else is kept apart from the actor; a
    /// state's own official speaking for it is kept as the actor's person.
    pub fn attribution(&mut self, s: &Sentence<'_>) {
        let mut reported_by = None;
        if let Some(sp) = s.speaker() {
            // Only a speaker named with its own country speaks for the actor's side.
            // A named speaker, or a named person referred to again ("Aliyev", "he").
            let named = sp.how == Resolution::Named || sp.actor.person.is_some();
            let same = named
                && self
                    .actor
                    .as_ref()
                    .is_some_and(|a| a.country.is_some() && a.country == sp.actor.country);
            if same {
                if let Some(a) = self.actor.as_mut() {
                    if a.person.is_none() && sp.actor.person.is_some() {
                        a.person = sp.actor.person.clone();
                        a.role = sp.actor.role.clone().or(a.role.take());
                    }
                }
            } else if self.actor.as_ref() != Some(&sp.actor) && !self.choice.speaker_acts {
                reported_by = s
                    .attribution
                    .map(|a| s.text[a.speaker_start..a.speaker_end].trim().to_string());
            }
        } else if let Some(a) = s.attribution {
            if !self.quoted || self.actor_how != Resolution::Coreference {
                reported_by = Some(s.text[a.speaker_start..a.speaker_end].trim().to_string());
            }
        }
        if s.lower.contains("reportedly") || s.lower.contains("allegedly") {
            reported_by.get_or_insert_with(String::new);
        }
        if reported_by.is_some() && self.modality == Modality::Asserted {
            self.modality = Modality::Reported;
        }
        self.reported_by = reported_by.filter(|x| !x.is_empty());
    }

    /// Confidence from how each role was found.
    pub fn score(&mut self) {
        let c = &mut self.choice.confidence;
        *c *= match self.actor_how {
            Resolution::Named => 1.0,
            Resolution::Coreference => 0.9,
            Resolution::Location => 0.85,
            Resolution::Unresolved => 0.75,
        };
        if self.actor.is_none() {
            *c *= 0.8;
        }
        if self.recipient.is_none() {
            *c *= 0.95;
        }
        if self.roles.passive {
            *c *= 0.95;
        }
    }

    /// Each further coordinated subject acts too (PETRARCH codes one event per
    /// actor); a passive's subjects are acted on, not actors.
    pub fn co_actors(&self, s: &Sentence<'_>) -> Vec<Actor> {
        if self.roles.passive || self.choice.speaker_acts {
            return Vec::new();
        }
        self.roles
            .co_actors
            .iter()
            .map(|&i| &s.spans[i])
            .filter(|x| x.is_political())
            .filter(|x| {
                self.actor
                    .as_ref()
                    .is_some_and(|a| a.country != x.actor.country || a.name != x.actor.name)
            })
            .map(|x| x.actor.clone())
            .collect()
    }

    /// The record.
    pub fn finish(self, evidence: Option<Evidence>) -> Extraction {
        let c = self.choice;
        let quad_class = QuadClass::of(c.event_type, &c.cameo);
        Extraction {
            event_type: c.event_type,
            mode: c.mode,
            context: c.context,
            cameo_code: c.cameo,
            quad_class,
            actor: self.actor,
            recipient: self.recipient,
            location: self.location,
            modality: self.modality,
            condition: self.condition,
            reported_by: self.reported_by,
            evidence: evidence.into_iter().collect(),
            confidence: c.confidence.clamp(0.0, 1.0),
        }
    }
}

/// The words of an attack that may be made in words or in sport ([`Draft::literal_or_criticism`]).
const ATTACKS: &[&str] = &["attack", "assault", "onslaught"];

/// The words of a killing that may be of a plan, a bill or a deal.
const KILLS: &[&str] = &["kill", "torpedo", "scuttle"];

/// What an attack in words is aimed at: a plan, a policy, a budget, a bill.
const ABSTRACT_TARGETS: &[&str] = &[
    "plan",
    "plans",
    "policy",
    "policies",
    "spending",
    "budget",
    "budgets",
    "proposal",
    "proposals",
    "reform",
    "reforms",
    "remarks",
    "comments",
    "decision",
    "handling",
    "strategy",
    "tax",
    "taxes",
    "bill",
    "legislation",
    "credibility",
    "reputation",
    "character",
    "views",
    "stance",
    "idea",
    "ideas",
    "agenda",
    "manifesto",
    "programme",
    "program",
    "pledge",
    "pledges",
    "leadership",
    "competence",
    "claims",
    "deal",
    "motion",
    "amendment",
    "initiative",
    "pricing",
    "approach",
    "rhetoric",
];

/// What an attack in sport reaches ("attacked the world record", "the last lap"), or
/// one that may be either: no event at all.
const SPORT_TARGETS: &[&str] = &[
    "record", "hopes", "chances", "200m", "100m", "400m", "lap", "climb", "hill", "stage", "final",
    "lead", "pitch", "bowling", "defence", "defense", "goal", "basket",
];

/// Weapons of crowd control, which only police and troops fire: "tear gas", "rubber
/// bullets", "water cannon".
fn crowd_control(lower: &str) -> bool {
    [
        "tear gas",
        "teargas",
        "tear-gas",
        "rubber bullets",
        "rubber-coated bullets",
        "plastic bullets",
        "water cannon",
        "stun grenade",
        "pepper spray",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Jets or ships without an owner are equipment, not a military ("agreed to buy 75 737
/// MAX jets").
fn equipment(a: &Actor) -> bool {
    a.country.is_none()
        && a.text.rsplit(' ').next().is_some_and(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "jets"
                    | "warplanes"
                    | "aircraft"
                    | "planes"
                    | "helicopters"
                    | "drones"
                    | "ships"
                    | "warships"
                    | "vessels"
                    | "tanks"
            )
        })
}

/// A demand made by a protest named before it in the same clause run: "protested …,
/// demanding", "the rally … was to demand", "protesters had gathered … demanding".
fn protest_demands(lower: &str, a: &Hit) -> bool {
    const PROTESTS: &[&str] = &[
        "protested",
        "protesters",
        "protestors",
        "demonstrators",
        "demonstrated",
        "the rally",
        "a rally",
        "marched",
        "took to the streets",
    ];
    let head = &lower[a.start..a.head_end];
    let before = &lower[..a.start];
    let demand = head.starts_with("demanding")
        || head.starts_with("calling for")
        || (head.starts_with("demand") && before.trim_end().ends_with(" to"));
    demand && PROTESTS.iter().any(|w| before.contains(w))
}

/// After "called on": a titled person by name ("President Kovind") and no "to", "for"
/// or "that" asking something of them in the rest of the clause.
fn courtesy_call(text: &str, after: usize) -> bool {
    const TITLES: &[&str] = &[
        "President",
        "Prime",
        "King",
        "Queen",
        "Emir",
        "Crown",
        "Chancellor",
        "Premier",
        "Pope",
        "Sheikh",
        "Vice",
        "Foreign",
        "Governor",
        "Speaker",
        "Sultan",
    ];
    let rest = &text[after..];
    let clause = rest.split([',', ';', '.']).next().unwrap_or(rest);
    // "Indian President Kovind": a nationality may stand before the title.
    let words: Vec<&str> = clause.split_whitespace().collect();
    let at = usize::from(words.len() > 2 && TITLES.contains(&words[1]));
    let (Some(title), Some(name)) = (words.get(at), words.get(at + 1)) else {
        return false;
    };
    TITLES.contains(title)
        && name.starts_with(|c: char| c.is_uppercase())
        && !clause
            .split_whitespace()
            .any(|w| matches!(w, "to" | "for" | "that" | "not"))
}

/// Whether words between a verb and a name start another clause ("while", "but",
/// "who", "if"; not "and" or a comma, which also join the names of one object).
fn clause_break(between: &str) -> bool {
    between.contains([';', ':'])
        || select::has_subordinator(between)
        || between.split_whitespace().any(|w| w == "but")
}

/// The country across a border from where it happens ("near the border with Morocco").
fn across_border(lower: &str, at: usize) -> bool {
    let before = lower[..at].trim_end();
    ["border with", "borders with", "frontier with", "border of"]
        .iter()
        .any(|m| before.ends_with(m))
}

/// A place named as a landmark, not as someone acted on ("near Gaza", "the border with").
fn beside(lower: &str, at: usize) -> bool {
    let before = lower[..at].trim_end();
    let before = before.strip_suffix(" the").unwrap_or(before);
    across_border(lower, at)
        || ["near", "close to", "outside", "beside", "towards", "toward"]
            .iter()
            .any(|m| before.ends_with(&format!(" {m}")))
}

/// The words after "asked" put a question: a question word or "about" comes within a
/// few words, before any "to", "for" or "that" that would make it an appeal ("asked
/// the minister whether", "asked Biden about the sanctions"; not "asked the UN for
/// help on how to", "asked them to explain why").
fn asks_a_question(after: &str) -> bool {
    const QUESTION: &[&str] = &[
        "why", "what", "how", "whether", "if", "when", "where", "who", "which", "about",
    ];
    for w in after
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .take(6)
    {
        if QUESTION.contains(&w) {
            return true;
        }
        if matches!(w, "to" | "for" | "that") {
            return false;
        }
    }
    false
}

/// Words that say a bomb was used, not only named: a blast, a target, a harm.
fn bomb_used(lower: &str) -> bool {
    const USED: &[&str] = &[
        "explod",
        "explosion",
        "blast",
        "detonat",
        "went off",
        "go off",
        "planted",
        "dropped",
        "hurled",
        "threw",
        "thrown",
        "kill",
        "wound",
        "injur",
        "destroy",
        "damag",
        "attack",
        "target",
        "dead",
        "casualt",
        "victim",
        "hit ",
        "struck",
    ];
    USED.iter().any(|w| lower.contains(w))
}

/// The first word of an appeal ("called on", "urges", "an appeal", "asked", "sought").
fn is_appeal_verb(w: &str) -> bool {
    const STEMS: &[&str] = &[
        "call", "urg", "appeal", "ask", "request", "plead", "pled", "implor", "seek", "sought",
        "petition", "lobb", "press", "push", "invit", "entreat", "beg", "want",
    ];
    STEMS.iter().any(|s| w.starts_with(s))
}

/// The country of a place or demonym named after the trigger, else before it, that is
/// not the victim's ("Three US servicemen were killed … outside the Iraqi city of
/// Basra") nor what someone opposes ("an anti-Syria journalist").
fn where_it_happens(s: &Sentence<'_>, after: usize, recipients: &[usize]) -> Option<String> {
    let fits = |i: usize| {
        let x = &s.spans[i];
        x.how == Resolution::Named
            && !x.pronoun
            && (x.place || x.actor.kind == ActorKind::State)
            && recipients.first() != Some(&i)
            && !s.lower[..x.start].ends_with("anti-")
            && !s.lower[..x.start].ends_with("pro-")
            && !across_border(s.lower, x.start)
            && !s
                .attribution
                .is_some_and(|a| x.start >= a.start && x.end <= a.end)
    };
    let n = s.spans.len();
    (0..n)
        .find(|&i| s.spans[i].start >= after && fits(i))
        .or_else(|| (0..n).find(|&i| fits(i)))
        .and_then(|i| s.spans[i].actor.country.clone())
}

/// Whether a clause up to an attack names armed attackers nobody identifies ("armed
/// men attacked", "unknown assailants opened fire").
fn armed_attackers(clause: &str) -> bool {
    let words: Vec<&str> = clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let n = words.len();
    (n.saturating_sub(4)..n).any(|k| {
        matches!(
            words[k],
            "assailants" | "attackers" | "raiders" | "bandits" | "gunman"
        ) || k > 0
            && matches!(words[k], "men" | "man" | "group" | "groups")
            && matches!(
                words[k - 1],
                "armed" | "masked" | "unidentified" | "unknown" | "hooded"
            )
    })
}

/// Whether the words after a killing say it happened in fighting: "in the violence",
/// "in clashes between …", "during an air strike" (before the clause ends).
fn in_violence(after: &str) -> bool {
    let clause = after.split([';', '.']).next().unwrap_or(after);
    let words: Vec<&str> = clause
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    // "killed by bombardments", "died from wounds sustained from a stun grenade",
    // "injured due to the Indian troops' unprovoked firing".
    let cause = |i: usize| match words[i] {
        "in" | "during" | "amid" | "by" | "from" | "following" => true,
        "to" => i > 0 && words[i - 1] == "due",
        "of" => i > 0 && matches!(words[i - 1], "because" | "result"),
        _ => false,
    };
    words.iter().enumerate().any(|(i, _)| {
        cause(i)
            && (i + 1..words.len().min(i + 6)).any(|k| {
                // A strike that kills is no labour strike ("killed in the strike").
                violent(words[k - 1], words[k])
                    || matches!(words[k], "strike" | "strikes")
                    || WEAPONS_FIRED.contains(&words[k])
            })
    })
}

/// What a casualty is hurt by in fighting, beside [`VIOLENCE`]: "wounded by mortar
/// shells", "injured due to unprovoked firing".
const WEAPONS_FIRED: &[&str] = &[
    "firing",
    "gunshot",
    "gunshots",
    "grenade",
    "grenades",
    "mortar",
    "mortars",
    "shells",
    "shellfire",
    "landmine",
    "landmines",
    "bombardments",
    "shootings",
];

/// Whether `word` (after `prev`) names organised violence: an air strike, not a hunger
/// strike; an attack, not a heart attack.
fn violent(prev: &str, word: &str) -> bool {
    match word {
        "strike" | "strikes" => matches!(prev, "air" | "drone" | "missile" | "rocket"),
        "attack" | "attacks" => prev != "heart",
        w => VIOLENCE.contains(&w),
    }
}

/// Words that may stand between a subject and its verb ("the attack has also killed").
fn between_subject_and_verb(w: &str) -> bool {
    matches!(
        w,
        "has" | "have" | "had" | "also" | "reportedly" | "then" | "later"
    )
}

/// Harm done, for [`harm_subject`]: "killed", "wounded", "left [dead]", "damaged".
const HARM: &[&str] = &[
    "killed",
    "kills",
    "wounded",
    "wounds",
    "injured",
    "injures",
    "left",
    "leaves",
    "hit",
    "hits",
    "struck",
    "damaged",
    "destroyed",
    "claimed",
];

/// The words of `text`, lower-case, without those that may stand between a subject and
/// its verb.
fn clause_words(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty() && !between_subject_and_verb(w))
}

/// When the trigger is a harm done ("killed", "wounded") right after its subject, the
/// subject's last two words ("multi-weapon attack", "heart attack"; the first is empty
/// for a one-word subject).
fn harm_subject<'t>(
    s: &'t Sentence<'_>,
    anchor: &Hit,
    clause_before: &'t str,
) -> Option<(&'t str, &'t str)> {
    let trigger = &s.lower[anchor.start..anchor.end.max(anchor.head_end)];
    if !clause_words(trigger)
        .next()
        .is_some_and(|w| HARM.contains(&w))
    {
        return None;
    }
    let mut before = clause_words(clause_before).rev();
    let last = before.next()?;
    if matches!(last, "that" | "which") {
        // "the March aircraft crash en-route Nairobi that killed": a relative clause's
        // subject is the noun phrase before it, whose head may stand a few words back.
        let phrase: Vec<&str> = before.take(5).collect();
        let pair = |i: usize| (phrase.get(i + 1).copied().unwrap_or(""), phrase[i]);
        return (0..phrase.len().min(4))
            .map(pair)
            .find(|&p| misfortune(p))
            .or_else(|| (!phrase.is_empty()).then(|| pair(0)));
    }
    Some((before.next().unwrap_or(""), last))
}

/// Whether the trigger is violence and a harm done follows it: "clashes have left two
/// troops dead", "the attack wounded a woman" read from the attack. (The other way round,
/// the harm as trigger with violence before it, is [`harm_subject`].)
fn violence_then_harm(s: &Sentence<'_>, anchor: &Hit, clause_before: &str) -> bool {
    let end = anchor.end.max(anchor.head_end).min(s.lower.len());
    let mut trigger = clause_words(&s.lower[anchor.start..end]).rev();
    let Some(last) = trigger.next() else {
        return false;
    };
    let prev = trigger
        .next()
        .or_else(|| clause_words(clause_before).next_back())
        .unwrap_or("");
    violent(prev, last)
        && clause_words(&s.lower[end..])
            .next()
            .is_some_and(|w| HARM.contains(&w))
}

/// Whether the trigger is fighting that the sentence says broke out: "fighting resumed
/// at 5.30 a.m.", "clashes broke out between protesting farmers and …". Armed violence
/// whoever fought. A single "clash" is also a match in sport, so only the plural.
fn fighting_broke_out(s: &Sentence<'_>, anchor: &Hit) -> bool {
    let end = anchor.end.max(anchor.head_end).min(s.lower.len());
    let Some(last) = clause_words(&s.lower[anchor.start..end]).next_back() else {
        return false;
    };
    let mut after = clause_words(&s.lower[end..]);
    matches!(last, "fighting" | "clashes" | "hostilities")
        && after.next().is_some_and(|w| {
            matches!(
                w,
                "broke" | "erupted" | "resumed" | "flared" | "raged" | "intensified" | "escalated"
            )
        })
}

/// Whether a harm was done by illness, weather or accident ("a heart attack killed", "the
/// storm destroyed", "the crash left three dead"), given the subject's last two words: no
/// one attacked.
fn misfortune((prev, w): (&str, &str)) -> bool {
    const MISFORTUNE: &[&str] = &[
        "crash",
        "crashes",
        "collision",
        "accident",
        "accidents",
        "derailment",
        "storm",
        "storms",
        "cyclone",
        "hurricane",
        "typhoon",
        "tornado",
        "flood",
        "floods",
        "flooding",
        "earthquake",
        "quake",
        "landslide",
        "landslides",
        "mudslide",
        "fire",
        "fires",
        "blaze",
        "wildfire",
        "wildfires",
        "avalanche",
        "collapse",
        "disease",
        "cancer",
        "illness",
        "virus",
        "outbreak",
        "epidemic",
        "pandemic",
        "heatwave",
        "drought",
        "stroke",
        "overdose",
        "lightning",
    ];
    MISFORTUNE.contains(&w) || matches!(w, "attack" | "attacks") && prev == "heart"
}

/// A phrase naming a country's diplomats ("the Iranian ambassador", "two Russian
/// diplomats", "its envoy").
fn diplomat(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "ambassador"
                | "ambassadors"
                | "envoy"
                | "envoys"
                | "diplomat"
                | "diplomats"
                | "embassy"
                | "consul"
                | "charge"
        )
    })
}

/// The side named after "with" or "against" in the fighting a casualty clause reports
/// ("killed in clashes with security forces"): political, no place, in the same clause.
fn opponent<'a>(s: &'a Sentence<'_>, after: usize) -> Option<&'a Span> {
    s.spans.iter().find(|x| {
        x.start > after && x.is_political() && !x.place && {
            let between = &s.lower[after..x.start];
            !between.contains([';', '.'])
                && (between.ends_with(" with ")
                    || between.ends_with(" with the ")
                    || between.ends_with(" against ")
                    || between.ends_with(" against the "))
                && in_violence(between)
        }
    })
}

/// Nouns of organised violence that casualties are reported "in".
const VIOLENCE: &[&str] = &[
    "violence",
    "clashes",
    "clash",
    "fighting",
    "attack",
    "attacks",
    "shelling",
    "bombing",
    "bombings",
    "bombardment",
    "airstrike",
    "airstrikes",
    "raid",
    "raids",
    "gunfire",
    "crossfire",
    "unrest",
    "riots",
    "rioting",
    "ambush",
    "assault",
    "offensive",
    "massacre",
    "shootout",
    "gunbattle",
    "firefight",
    "insurgency",
    "crackdown",
];

/// What only states and armed parties agree on or negotiate (with [`POLITICAL_AIMS`]).
const POLITICAL_ACCORDS: &[&str] = &[
    "hostilities",
    "peace",
    "armistice",
    "disarmament",
    "demobilisation",
    "demobilization",
    "treaty",
    "ambassadors",
    "diplomatic",
    "troops",
    "prisoners",
    "hostages",
];

/// Whether the words of the trigger's clause date an act to an earlier year (the parse
/// then shows whether the date is the trigger's own: [`Structure::dated_earlier`]):
/// "the FARC, which agreed a peace deal with the government in 2016", "talks that began
/// in late 2019", "clashes last year". Such an act is the story's background, not its news, and an
/// event record dated by the article would misdate it (the PLOVER manual's
/// `historical` mode, which the record schema does not carry). A year ahead ("will
/// hold elections in 2027") is a plan, not history.
fn dated_earlier(lower: &str, start: usize, end: usize) -> bool {
    let bound = |c: char| matches!(c, ',' | ';' | ':' | '.' | '—' | '–' | '(' | ')');
    let from = lower[..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| bound(c))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let to = lower[end..].find(bound).map_or(lower.len(), |p| end + p);
    // "In 2011, Sheikh Hamad pledged to hold elections": a date fronted before the
    // sentence's first comma dates the clause after it.
    let from = match lower.find(',') {
        Some(c) if c < from && lower[..c].split_whitespace().count() <= 4 => 0,
        _ => from,
    };
    let clause = &lower[from..to];
    // Most clauses name no year and nothing "ago": asked of every candidate trigger.
    if !clause.bytes().any(|b| b.is_ascii_digit())
        && !clause.contains("ago")
        && !clause.contains("last year")
    {
        return false;
    }
    let words: Vec<&str> = clause
        .split_whitespace()
        .map(|w| w.trim_end_matches(','))
        .collect();
    // A plan is told before its act ("will hold elections in 2027"); a "will" in a
    // clause after the act ("signed a declaration that the parties will …") is not.
    let up_to_act = lower[from..end.min(to)].split_whitespace().count();
    let ahead = words[..up_to_act.min(words.len())].iter().any(|w| {
        matches!(
            *w,
            "will"
                | "would"
                | "shall"
                | "next"
                | "plans"
                | "planned"
                | "scheduled"
                | "due"
                | "expected"
                | "until"
                | "expires"
        )
    });
    if ahead {
        return false;
    }
    let year = super::structure::year;
    let dated = words
        .windows(2)
        .any(|p| matches!(p[0], "in" | "during") && year(p[1]))
        || words.windows(3).any(|p| {
            matches!(p[0], "in" | "during")
                && (matches!(p[1], "early" | "late" | "mid") || super::modality::month_name(p[1]))
                && year(p[2])
        })
        || clause.contains("last year")
        || clause.contains("years ago")
        || clause.contains("decades ago")
        || clause.contains("a year ago");
    dated
}

/// Whether the words between a sentence's subject and a judgement hold a verb that
/// says the judgement of something ("described as cynical", "branded it a farce"), in
/// the same sentence and not in a clause of its own.
fn judges_between(between: &str) -> bool {
    const JUDGING: &[&str] = &[
        " described ",
        " describes ",
        " labelled ",
        " labeled ",
        " branded ",
        " brands ",
        " termed ",
        " terms ",
        " dubbed ",
        " characterised ",
        " characterized ",
    ];
    !between.contains([';', '.', '"', '“', '”'])
        && !between.contains(" that ")
        && !between.contains(" who ")
        && JUDGING.iter().any(|v| between.contains(v))
}

/// Judgements only said of political acts ("unconstitutional", "a show trial").
const POLITICAL_JUDGEMENTS: &[&str] = &[
    "politically motivated",
    "politically-motivated",
    "politically driven",
    "unconstitutional",
    "undemocratic",
    "anti-democratic",
    "illegitimate",
    "political vendetta",
    "witch hunt",
    "witch-hunt",
    "political persecution",
    "political trial",
    "show trial",
    "political sentence",
    "purely political",
    "abuse of power",
    "abuse of office",
    "rigged",
    "electoral fraud",
    "attack on democracy",
];

/// "Gould", "Mr Brown", "Adriano Nuvunga": one to four capitalised words, a courtesy
/// title allowed.
fn proper_name(phrase: &str) -> bool {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        })
}

/// What a condemnation or an accusation is political for (with [`POLITICAL_AIMS`]).
const POLITICAL_WRONGS: &[&str] = &[
    "crimes",
    "killing",
    "killings",
    "massacre",
    "violence",
    "attack",
    "attacks",
    "bombing",
    "shelling",
    "invasion",
    "aggression",
    "genocide",
    "coup",
    "rigging",
    "rigged",
    "corruption",
    "crackdown",
    "repression",
    "policing",
    "arrest",
    "arrests",
    "detention",
    "detentions",
    "torture",
    "execution",
    "executions",
    "hanging",
    "hangings",
    "abductions",
    "disappearances",
    "persecution",
];

/// What a call asks for that only politics gives: protests, votes, office, release,
/// peace.
const POLITICAL_AIMS: &[&str] = &[
    "protest",
    "protests",
    "demonstration",
    "demonstrations",
    "strike",
    "boycott",
    "election",
    "elections",
    "polls",
    "referendum",
    "resignation",
    "resign",
    "impeachment",
    "ceasefire",
    "cease-fire",
    "truce",
    "sanctions",
    "independence",
    "recount",
    "rerun",
    "re-run",
];

/// Whether the words before a trigger have "I" or "we" as a subject: a writer's own
/// meetings are not diplomacy.
fn first_person(before: &str) -> bool {
    before
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| matches!(w, "i" | "we" | "i'm" | "we're" | "i've" | "we've"))
}

#[cfg(test)]
mod tests {
    use super::super::{actors, modality, rules::RuleSet, select};
    use super::*;
    use std::sync::OnceLock;

    fn gaz() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::builtin)
    }

    fn rules() -> &'static RuleSet {
        static R: OnceLock<RuleSet> = OnceLock::new();
        R.get_or_init(|| RuleSet::parse(super::super::rules::BUILTIN_RULES).unwrap())
    }

    /// The sentence as the extractor reads it and the draft of its main trigger, before
    /// any pass.
    fn draft_of<R>(text: &str, f: impl FnOnce(&Sentence<'_>, Draft) -> R) -> R {
        let lower = text.to_ascii_lowercase();
        let spans = actors::spans(text, &gaz().find(text), gaz());
        let attribution = modality::attribution(&lower);
        let speaker_idx = attribution
            .as_ref()
            .and_then(|a| super::super::speaker_span(&spans, a));
        let parsed = std::cell::OnceCell::new();
        let s = Sentence {
            text,
            lower: &lower,
            spans: &spans,
            attribution: attribution.as_ref(),
            speaker_idx,
            topic: false,
            dateline: super::super::structure::dateline_end(text).unwrap_or(0),
            parsed: &parsed,
        };
        // As the extractor does: a trigger inside a name ("Amnesty International") is no act.
        let hits: Vec<_> = rules()
            .find(text, &lower)
            .into_iter()
            .filter(|h| {
                !spans.iter().any(|s| {
                    s.how == Resolution::Named && s.start <= h.start && h.head_end <= s.end
                })
            })
            .collect();
        let choice = select::choose(rules(), text, &lower, &hits).expect("a trigger");
        let d = Draft::new(&s, choice);
        f(&s, d)
    }

    fn country(a: &Option<Actor>) -> Option<&str> {
        a.as_ref().and_then(|a| a.country.as_deref())
    }

    #[test]
    fn new_reads_the_clause_roles_and_modality() {
        draft_of("Israel will attack Hamas positions.", |_, d| {
            assert_eq!(country(&d.actor), Some("ISR"));
            assert_eq!(d.modality, Modality::Intended);
        });
    }

    #[test]
    fn speaker_acts_makes_the_speaker_the_actor_and_the_subject_the_recipient() {
        draft_of(
            "Russia said Sudan must return the seized ships.",
            |s, mut d| {
                assert!(d.choice.speaker_acts, "{:?}", d.choice);
                d.speaker_acts(s, &Memory::default());
                assert_eq!(country(&d.actor), Some("RUS"));
                d.recipient(gaz(), s, None);
                assert_eq!(country(&d.recipient), Some("SDN"));
            },
        );
    }

    #[test]
    fn a_leading_speaker_acts_when_the_clause_names_nobody() {
        draft_of("Japan said it had halted aid to the region.", |s, mut d| {
            d.actor_from_attribution(s, &Memory::default());
            assert_eq!(country(&d.actor), Some("JPN"));
        });
    }

    #[test]
    fn a_crowd_takes_the_country_where_it_protests() {
        draft_of(
            "Protesters marched through the streets of Caracas.",
            |s, mut d| {
                d.place(s, &Memory::default());
                assert_eq!(d.place_country.as_deref(), Some("VEN"));
                d.actor_from_place(gaz(), s);
                assert_eq!(country(&d.actor), Some("VEN"));
                assert_eq!(d.actor_how, Resolution::Location);
            },
        );
    }

    #[test]
    fn a_rights_group_reporting_violence_accuses() {
        draft_of(
            "Amnesty International said Nigerian soldiers shot dead three protesters.",
            |s, mut d| {
                d.reframe(s);
                assert_eq!(d.choice.event_type, EventType::Accuse);
                assert_eq!(d.choice.cameo, "112");
                d.recipient(gaz(), s, None);
                assert_eq!(country(&d.recipient), Some("NGA"));
            },
        );
    }

    #[test]
    fn the_recipient_is_not_the_actors_own_side() {
        draft_of("Israeli troops attacked Lebanese villages.", |s, mut d| {
            d.recipient(gaz(), s, None);
            assert_eq!(country(&d.recipient), Some("LBN"));
        });
    }

    #[test]
    fn without_a_political_actor_there_is_no_event() {
        draft_of("The committee agreed to meet again.", |s, mut d| {
            assert!(!d.relevance(gaz(), s, &Memory::default()));
        });
    }

    #[test]
    fn a_trailing_speaker_reports() {
        draft_of("Iran attacked the convoy, a diplomat said.", |s, mut d| {
            d.attribution(s);
            assert_eq!(d.reported_by.as_deref(), Some("a diplomat"));
            assert_eq!(d.modality, Modality::Reported);
        });
    }

    #[test]
    fn an_attack_on_a_plan_is_criticism_and_one_on_a_lap_nothing() {
        draft_of(
            "The British finance minister launched an attack on the opposition's spending plans.",
            |s, mut d| {
                assert!(d.literal_or_criticism(s));
                assert_eq!(d.choice.event_type, EventType::Accuse);
                assert_eq!(d.choice.cameo, "111");
            },
        );
        draft_of("The Kenyan runner attacked the last lap.", |s, mut d| {
            assert!(!d.literal_or_criticism(s))
        });
        draft_of(
            "The British army launched an attack on rebel positions.",
            |s, mut d| {
                assert!(d.literal_or_criticism(s));
                assert_eq!(d.choice.event_type, EventType::Assault);
            },
        );
    }

    #[test]
    fn on_a_sport_topic_a_bare_country_does_not_act() {
        draft_of("France attacked Ireland in Paris.", |s, d| {
            assert!(d.on_topic(s));
            let s = Sentence { topic: true, ..*s };
            assert!(!d.on_topic(&s));
        });
        draft_of("French police attacked fans in Paris.", |s, d| {
            let s = Sentence { topic: true, ..*s };
            assert!(d.on_topic(&s));
        });
    }

    #[test]
    fn score_lowers_confidence_for_missing_roles() {
        draft_of("Iran attacked.", |_, mut d| {
            let before = d.choice.confidence;
            d.score();
            assert!((d.choice.confidence - before * 0.95).abs() < 1e-6);
        });
    }
}
