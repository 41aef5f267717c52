//! Stage 3: normalised text → political events (PLOVER/CAMEO).
//!
//! Per article: split sentences ([`sentences`]), find actor names ([`gazetteer`])
//! and group them into actor phrases ([`actors`]), resolve later references to
//! earlier actors ([`coref`]), find event triggers ([`rules`]), read negation,
//! intention, conditions and attribution around them ([`modality`]), assign
//! actor, recipient and location ([`roles`]), then merge the sentences that
//! describe one happening ([`merge`]).
//!
//! Deterministic and explainable: every event carries the sentences it came from.

pub mod actors;
pub mod coref;
pub mod gazetteer;
pub mod merge;
pub mod modality;
pub mod roles;
pub mod rules;
pub mod select;
pub mod sentences;

use std::sync::{Arc, OnceLock};

use actors::{Resolution, Span};
use coref::Memory;
use gazetteer::Gazetteer;
use modality::Attribution;
use rules::{Hit, RuleSet};

use crate::records::{Actor, ActorKind, EventType, Evidence, Extraction, Modality};

pub use rules::RulesError;

/// Sentences longer than this are not read for events.
const MAX_SENTENCE_BYTES: usize = 3000;

/// The compiled extractor: gazetteer and rules, built once, shared by all tasks.
#[derive(Clone)]
pub struct Extractor {
    gazetteer: Arc<Gazetteer>,
    rules: Arc<RuleSet>,
    version: String,
}

impl std::fmt::Debug for Extractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extractor")
            .field("version", &self.version)
            .finish()
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::builtin()
    }
}

fn builtin_gazetteer() -> Arc<Gazetteer> {
    static GAZ: OnceLock<Arc<Gazetteer>> = OnceLock::new();
    GAZ.get_or_init(|| Arc::new(Gazetteer::builtin())).clone()
}

fn builtin_rules() -> Arc<RuleSet> {
    static RULES: OnceLock<Arc<RuleSet>> = OnceLock::new();
    RULES
        .get_or_init(|| {
            Arc::new(
                RuleSet::parse(rules::BUILTIN_RULES)
                    .expect("built-in data/rules.toml is valid (tested)"),
            )
        })
        .clone()
}

impl Extractor {
    /// The gazetteer and rules compiled into the binary.
    pub fn builtin() -> Self {
        Self::with_rules(builtin_rules())
    }

    /// Rules from a TOML file instead of the built-in ones.
    pub fn from_rules_file(path: &std::path::Path) -> Result<Self, RulesError> {
        let text = std::fs::read_to_string(path).map_err(|source| RulesError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_rules_str(&text)
    }

    /// Rules from TOML text.
    pub fn from_rules_str(text: &str) -> Result<Self, RulesError> {
        Ok(Self::with_rules(Arc::new(RuleSet::parse(text)?)))
    }

    fn with_rules(rules: Arc<RuleSet>) -> Self {
        let version = format!(
            "newsworker-{}+rules.{:08x}",
            env!("CARGO_PKG_VERSION"),
            rules.hash() as u32
        );
        Extractor {
            gazetteer: builtin_gazetteer(),
            rules,
            version,
        }
    }

    /// Identifies the extractor and its rules in every record it produces.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// What the extractor sees in one sentence: actor phrases, attribution and
    /// triggers, one line each. For debugging rules (`eval --trace`).
    pub fn trace(&self, sentence: &str) -> Vec<String> {
        let lower = sentence.to_ascii_lowercase();
        let mentions = self.gazetteer.find(sentence);
        let spans = actors::spans(sentence, &mentions, &self.gazetteer);
        let mut out: Vec<String> = spans
            .iter()
            .map(|s| {
                format!(
                    "actor {:?} {:?} {:?} {:?} place={}",
                    &sentence[s.start..s.end],
                    s.actor.country,
                    s.actor.kind,
                    s.how,
                    s.place
                )
            })
            .collect();
        if let Some(a) = modality::attribution(&lower) {
            out.push(format!(
                "attribution {:?} speaker {:?}",
                &sentence[a.start..a.end],
                &sentence[a.speaker_start..a.speaker_end]
            ));
        }
        for h in self.rules.find(sentence, &lower) {
            let r = self.rules.rule(h.rule);
            out.push(format!(
                "trigger {:?} {} {} {} p{}",
                &sentence[h.start..h.end],
                r.id,
                r.event_type.as_str(),
                r.cameo,
                r.priority
            ));
        }
        out
    }

    /// Events found in one article. `body` offsets in the evidence are code points.
    pub fn extract(&self, title: &str, body: &str) -> Vec<Extraction> {
        let mut memory = Memory::default();
        let title_lower = title.to_ascii_lowercase();
        let mut found = Vec::new();
        // The title is read first so the body can refer back to it, but its
        // sentences are support only: evidence always indexes the body, and the
        // body's wording comes first when sentences merge.
        let mut from_title = Vec::new();
        for s in sentences::split(title) {
            from_title.extend(self.sentence(s.text(title), None, &title_lower, &mut memory));
        }
        for s in sentences::split(body) {
            let text = s.text(body);
            let evidence = Evidence {
                text: text.to_string(),
                start: s.char_start,
                end: s.char_end,
            };
            found.extend(self.sentence(text, Some(evidence), &title_lower, &mut memory));
        }
        found.extend(from_title);
        merge::merge(found)
    }

    /// Events of one sentence (at most one per sentence: its main event).
    fn sentence(
        &self,
        text: &str,
        evidence: Option<Evidence>,
        title_lower: &str,
        memory: &mut Memory,
    ) -> Vec<merge::Found> {
        // Longer than any real sentence (a table, a run-on dump): not read for events,
        // which also bounds the per-sentence work.
        if text.len() > MAX_SENTENCE_BYTES {
            return Vec::new();
        }
        let lower = text.to_ascii_lowercase();
        let mentions = self.gazetteer.find(text);
        let mut spans = actors::spans(text, &mentions, &self.gazetteer);
        add_surnames(text, &mut spans, memory);
        let attribution = modality::attribution(&lower);
        let speaker_idx = attribution.as_ref().and_then(|a| speaker_span(&spans, a));
        memory.resolve(&mut spans);
        let hits: Vec<Hit> = self
            .rules
            .find(text, &lower)
            .into_iter()
            .filter(|h| {
                !attribution.as_ref().is_some_and(|a| {
                    if a.trailing {
                        h.start >= a.start && h.end <= a.end
                    } else {
                        h.start >= a.speaker_start && h.end <= a.speaker_end
                    }
                })
            })
            .filter(|h| self.requires_ok(h, &lower, title_lower))
            .filter(|h| !adjectival(&lower, h))
            .filter(|h| !phone_call(&lower, h))
            // "Amnesty International", "Liberian riot police": a name, not an act.
            .filter(|h| {
                !spans.iter().any(|s| {
                    s.how == Resolution::Named && s.start <= h.start && h.head_end <= s.end
                })
            })
            .collect();
        // "Ethiopia declared a state of emergency": a "speech verb" that is itself the
        // trigger does not attribute the sentence to a speaker.
        let attribution = attribution.filter(|a| {
            a.trailing
                || !hits
                    .iter()
                    .any(|h| h.start >= a.speaker_end && h.start < a.end)
        });
        let speaker_idx = if attribution.is_some() {
            speaker_idx
        } else {
            None
        };
        // A quotation's "I" and "we" are its speaker, also in its later sentences.
        if let Some(i) = speaker_idx.filter(|&i| spans[i].is_political()) {
            memory.speaker = Some(spans[i].actor.clone());
        }
        let place = roles::locative_place(&lower, &spans).and_then(|i| roles::location(&spans[i]));
        let sentence = Sentence {
            text,
            lower: &lower,
            spans: &spans,
            attribution: attribution.as_ref(),
            speaker_idx,
        };
        let mut out = Vec::new();
        if let Some(choice) = select::choose(&self.rules, text, &lower, &hits) {
            let main_at = choice.anchor;
            if let Some(main) = self.event(&sentence, choice, memory, evidence.clone()) {
                // "rejected the offer and vowed to fight on": a second act of the same
                // subject, after the main one or before it, less sure than the main one.
                // Before the main verb only a past-tense verb is an act of its own
                // ("called the drills a rehearsal for invasion and warned": not "invasion").
                let earlier: Vec<Hit> = hits
                    .iter()
                    .copied()
                    .filter(|h| h.end <= main_at.start)
                    .filter(|h| {
                        lower[h.start..h.head_end]
                            .split_whitespace()
                            .next()
                            .is_some_and(|w| w.ends_with("ed"))
                    })
                    .collect();
                let before_main = earlier
                    .iter()
                    .any(|h| select::coordinated(&lower, &[main_at], h.end).is_some());
                let second = select::coordinated(&lower, &hits, main_at.end)
                    .or_else(|| before_main.then_some(earlier))
                    .and_then(|c| select::choose(&self.rules, text, &lower, &c))
                    .filter(|c| c.event_type != main.extraction.event_type)
                    .and_then(|c| self.event(&sentence, c, memory, evidence));
                let main_actor = main.extraction.actor.clone();
                let main_confidence = main.extraction.confidence;
                memory.set_subject(main_actor.as_ref());
                let cos = main.co_actors.clone();
                let base = main.extraction.clone();
                out.push(main);
                for co in &cos {
                    let mut x = base.clone();
                    x.actor = Some(co.clone());
                    // The recipient of a joint act is nobody among its actors.
                    if x.recipient
                        .as_ref()
                        .is_some_and(|r| r.country == co.country)
                    {
                        x.recipient = None;
                    }
                    x.confidence *= 0.95;
                    out.push(merge::Found {
                        extraction: x,
                        co_actors: Vec::new(),
                    });
                }
                if let Some(mut f) = second {
                    let x = &mut f.extraction;
                    if main_actor.is_some() {
                        x.actor = main_actor;
                    }
                    x.confidence = x.confidence.min(main_confidence * 0.9);
                    out.push(f);
                }
            }
        }
        if let Some(p) = place {
            memory.last_location = Some(p);
        }
        if !quote_open_at_end(text) && text.contains(['”', '"']) {
            memory.speaker = None;
        }
        out
    }

    /// `requires` may be met by the sentence or by the title (the article's topic).
    fn requires_ok(&self, h: &Hit, lower: &str, title_lower: &str) -> bool {
        let r = self.rules.rule(h.rule);
        r.requires.is_empty()
            || r.requires
                .iter()
                .any(|w| lower.contains(w.as_str()) || title_lower.contains(w.as_str()))
    }

    fn country_actor(&self, a: &mut Actor, iso: &str) {
        a.name = self.gazetteer.country_name(iso).unwrap_or(iso).to_string();
        a.country = Some(iso.to_string());
    }

    /// The event record for a sentence's main trigger, or `None` without a political actor.
    fn event(
        &self,
        s: &Sentence<'_>,
        choice: select::Choice,
        memory: &mut Memory,
        evidence: Option<Evidence>,
    ) -> Option<merge::Found> {
        let select::Choice {
            anchor,
            frame,
            mut event_type,
            mut cameo,
            mut mode,
            mut context,
            mut confidence,
            speaker_acts,
            official,
        } = choice;
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
        let roles = roles::assign(
            s.lower,
            s.spans,
            anchor.start,
            anchor.head_end,
            anchor.end,
            s.attribution,
            event_type,
        );
        let speaker = s.speaker_idx.map(|i| s.spans[i].clone());
        // "Militants loyal to Iraq's Al-Qaeda frontman said": a generic speaker stands for
        // the side named with it.
        let speaker_side = speaker.clone().filter(Span::is_political).or_else(|| {
            let a = s.attribution?;
            s.spans
                .iter()
                .find(|x| {
                    x.start >= a.speaker_start
                        && x.end <= a.speaker_end
                        && x.how == Resolution::Named
                        && x.is_political()
                })
                .cloned()
        });
        let mut actor_how = Resolution::Unresolved;
        let mut actor = roles.actor.map(|i| {
            actor_how = s.spans[i].how;
            s.spans[i].actor.clone()
        });
        let mut recipients = roles.recipients.clone();
        // "Russia said Sudan must return …": the speaker demands, the subject is asked.
        if speaker_acts {
            if let Some(sp) = speaker.as_ref().filter(|x| x.is_political()) {
                recipients.insert(0, roles.actor.unwrap_or(usize::MAX));
                actor = Some(sp.actor.clone());
                actor_how = sp.how;
            }
        }
        // "Japan said it had halted aid": a speaker before the content acts when the
        // content names no one else.
        let leading = s
            .attribution
            .is_some_and(|a| a.end <= anchor.start && a.speaker_start < anchor.start);
        let weak_actor = actor.as_ref().is_none_or(|a| !a.is_political());
        if leading && weak_actor && !roles.passive && !speaker_acts {
            if let Some(sp) = speaker_side.as_ref() {
                actor = Some(sp.actor.clone());
                actor_how = sp.how;
            }
        }
        // Inside a quotation the speaker acts when the quote names no one else.
        let quoted = in_quote(s.text, anchor.start);
        let weak = |a: &Option<Actor>| a.as_ref().is_none_or(|a| !a.is_political());
        if weak(&actor) && !roles.passive && quoted {
            let sp = speaker
                .as_ref()
                .filter(|x| x.is_political())
                .map(|x| x.actor.clone())
                .or_else(|| memory.speaker.clone());
            if let Some(sp) = sp {
                actor = Some(sp);
                actor_how = Resolution::Coreference;
            }
        }
        let mut location = roles.location.and_then(|i| roles::location(&s.spans[i]));
        if location.is_none() && (s.lower.contains("the region") || s.lower.contains(" there")) {
            location = memory.last_location.clone();
        }
        // Without a locative phrase, a generic actor may still take the country of a
        // place the sentence names ("protesters marched through the streets of Caracas").
        let loc_country = location
            .as_ref()
            .and_then(|l| l.country.clone())
            .or_else(|| {
                s.spans
                    .iter()
                    .find(|x| x.place && !x.pronoun)
                    .and_then(|x| x.actor.country.clone())
            })
            .or_else(|| where_it_happens(s, anchor.end, &roles.recipients));
        // "Demonstrators rallied in Tbilisi": the protest noun is itself the actor.
        if actor.is_none() && event_type == EventType::Protest {
            if let Some(x) = s
                .spans
                .iter()
                .find(|x| x.actor.kind == ActorKind::Civilian && x.how == Resolution::Unresolved)
            {
                actor = Some(x.actor.clone());
            }
        }
        // Police, troops, protesters without a country: the country where it happens.
        // Protesters act where they protest ("ethnic Albanians demonstrated in Serbia").
        if let (Some(a), Some(c)) = (actor.as_mut(), loc_country.as_deref()) {
            // A named person of unknown country only takes the place he acts in ("in
            // Haiti"), not one he goes to ("will visit Washington").
            let named_person = actor_how == Resolution::Named && a.person.is_some();
            let generic = a.country.is_none()
                && !matches!(a.kind, ActorKind::Igo | ActorKind::Ngo)
                && !(named_person && location.is_none());
            let residents = event_type == EventType::Protest && a.kind == ActorKind::People;
            if generic || residents {
                self.country_actor(a, c);
                actor_how = Resolution::Location;
            }
        }
        // "Amnesty said Nigerian soldiers had tortured detainees": a rights group that
        // reports a state's violence accuses it (it does not witness it).
        let mut roles_recipient_override = None;
        let reporter = speaker_side.as_ref().filter(|sp| {
            sp.actor.kind == ActorKind::Ngo && s.attribution.is_some_and(|a| !a.trailing)
        });
        if let Some(sp) = reporter.filter(|_| {
            event_type.quad_class() == crate::records::QuadClass::MaterialConflict
                && actor.as_ref().is_some_and(|a| a.kind != ActorKind::Ngo)
        }) {
            roles_recipient_override = actor.take();
            actor = Some(sp.actor.clone());
            actor_how = sp.how;
            event_type = EventType::Accuse;
            cameo = "112".to_string();
            mode = Some("allege".to_string());
        }
        // A government "protests" in words: ACCUSE.
        if let (Some((t, c)), Some(a)) = (official, actor.as_ref()) {
            if matches!(
                a.kind,
                ActorKind::State
                    | ActorKind::Government
                    | ActorKind::Leader
                    | ActorKind::Igo
                    | ActorKind::Ngo
            ) {
                event_type = t;
                cameo = c;
                mode = None;
                context = None;
            }
        }
        // The first recipient candidate that is not the actor's own side ("deploy any forces").
        let own_side = |i: usize| {
            let r = &s.spans[i];
            actor.as_ref().is_some_and(|a| {
                a.country.is_some()
                    && a.country == r.actor.country
                    && (r.how != Resolution::Named
                        || a.name == r.actor.name && a.kind == r.actor.kind)
            })
        };
        let mut recipient = recipients
            .iter()
            .copied()
            .filter(|&i| i < s.spans.len())
            .find(|&i| !own_side(i))
            .map(|i| s.spans[i].actor.clone());
        if recipient.is_none() {
            // Named inside the attribution but not the speaker ("diplomats involved in talks over the ISF").
            recipient = (0..s.spans.len())
                .find(|&i| {
                    let x = &s.spans[i];
                    x.start >= anchor.end
                        && Some(i) != s.speaker_idx
                        && x.how == Resolution::Named
                        && x.is_political()
                        && !x.place
                        && !own_side(i)
                })
                .map(|i| s.spans[i].actor.clone());
            if recipient.is_some() {
                confidence *= 0.9;
            }
        }
        if roles_recipient_override.is_some() {
            recipient = roles_recipient_override;
        }
        if let (Some(r), Some(c)) = (recipient.as_mut(), loc_country.as_deref()) {
            if !r.is_political() {
                self.country_actor(r, c);
            }
        }
        let political = |a: &Option<Actor>| a.as_ref().is_some_and(Actor::is_political);
        // An event needs a political actor; a passive without "by", a protest by unnamed
        // people or an attack by unknown hands needs a political recipient.
        // A bombing or an attack by unknown hands still has victims ("a car bomb killed
        // seven officers in Mogadishu").
        let implicit_actor =
            roles.passive || matches!(event_type, EventType::Protest | EventType::Assault);
        // Nobody named acts ("journalists were detained in Belarus", "gunmen killed 12 in
        // Nigeria"): as dictionary coders do, the country where it happens acts, else
        // the country the article is about, with less confidence.
        // Someone must be there: an unnamed group as subject, or someone acted on.
        // A crowd protesting or a bomber striking in a named place is there ("thousands
        // marched through Prague", "a suicide bomber blew himself up in Peshawar").
        let crowd_in_place = matches!(event_type, EventType::Protest | EventType::Assault)
            && location.as_ref().is_some_and(|l| l.country.is_some());
        let unnamed_acts = actor.is_some()
            || crowd_in_place
            || (implicit_actor || matches!(event_type, EventType::Coerce | EventType::Mobilize))
                && political(&recipient);
        if !political(&actor) && unnamed_acts {
            let fallback = location
                .as_ref()
                .and_then(|l| l.country.clone())
                .or_else(|| where_it_happens(s, anchor.end, &roles.recipients))
                .map(|c| (c, 0.85))
                .or_else(|| memory.dominant_country().map(|c| (c.to_string(), 0.75)));
            if let Some((c, f)) = fallback {
                let mut a = actor.take().unwrap_or_else(|| Actor {
                    text: String::new(),
                    name: String::new(),
                    country: None,
                    kind: ActorKind::Unspecified,
                    person: None,
                    role: None,
                });
                self.country_actor(&mut a, &c);
                actor = Some(a);
                actor_how = Resolution::Location;
                confidence *= f / 0.85;
            }
        }
        if !(political(&actor) || implicit_actor && political(&recipient)) {
            return None;
        }
        if !political(&actor) {
            actor = None;
        }
        // The speaker of a claim about someone else is kept apart from the actor.
        let mut reported_by = None;
        if let Some(sp) = &speaker {
            // Only a speaker named with its own country speaks for the actor's side.
            // A named speaker, or a named person referred to again ("Aliyev", "he").
            let named = sp.how == Resolution::Named || sp.actor.person.is_some();
            let same = named
                && actor
                    .as_ref()
                    .is_some_and(|a| a.country.is_some() && a.country == sp.actor.country);
            if same {
                // A state's own official speaks for it: keep who spoke.
                if let Some(a) = actor.as_mut() {
                    if a.person.is_none() && sp.actor.person.is_some() {
                        a.person = sp.actor.person.clone();
                        a.role = sp.actor.role.clone().or(a.role.take());
                    }
                }
            } else if actor.as_ref() != Some(&sp.actor) && !speaker_acts {
                reported_by = s
                    .attribution
                    .map(|a| s.text[a.speaker_start..a.speaker_end].trim().to_string());
            }
        } else if let Some(a) = s.attribution {
            if !quoted || actor_how != Resolution::Coreference {
                reported_by = Some(s.text[a.speaker_start..a.speaker_end].trim().to_string());
            }
        }
        if s.lower.contains("reportedly") || s.lower.contains("allegedly") {
            reported_by.get_or_insert_with(String::new);
        }
        if reported_by.is_some() && modality == Modality::Asserted {
            modality = Modality::Reported;
        }
        let reported_by = reported_by.filter(|x| !x.is_empty());

        confidence *= match actor_how {
            Resolution::Named => 1.0,
            Resolution::Coreference => 0.9,
            Resolution::Location => 0.85,
            Resolution::Unresolved => 0.75,
        };
        if actor.is_none() {
            confidence *= 0.8;
        }
        if recipient.is_none() {
            confidence *= 0.95;
        }
        if roles.passive {
            confidence *= 0.95;
        }
        memory.set_subject(actor.as_ref());
        // Each further coordinated subject acts too (PETRARCH codes one event per
        // actor); a passive's subjects are acted on, not actors.
        let co_actors = if roles.passive || speaker_acts {
            Vec::new()
        } else {
            roles
                .co_actors
                .iter()
                .map(|&i| &s.spans[i])
                .filter(|x| x.is_political())
                .filter(|x| {
                    actor
                        .as_ref()
                        .is_some_and(|a| a.country != x.actor.country || a.name != x.actor.name)
                })
                .map(|x| x.actor.clone())
                .collect()
        };
        Some(merge::Found {
            co_actors,
            extraction: Extraction {
                event_type,
                mode,
                context,
                cameo_code: cameo,
                quad_class: event_type.quad_class(),
                actor,
                recipient,
                location,
                modality,
                condition,
                reported_by,
                evidence: evidence.into_iter().collect(),
                confidence: confidence.clamp(0.0, 1.0),
            },
        })
    }
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

/// One sentence with what was found in it.
struct Sentence<'a> {
    text: &'a str,
    lower: &'a str,
    spans: &'a [Span],
    attribution: Option<&'a Attribution>,
    speaker_idx: Option<usize>,
}

/// The actor phrase that is the speaker of an attribution.
fn speaker_span(spans: &[Span], a: &Attribution) -> Option<usize> {
    spans
        .iter()
        .position(|s| s.start >= a.speaker_start && s.end <= a.speaker_end)
}

/// A capitalised word equal to the surname of a person named earlier ("Aliyev said").
fn add_surnames(text: &str, spans: &mut Vec<Span>, memory: &Memory) {
    for (start, w) in sentences::words(text) {
        if w.len() < 3 || !w.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if spans.iter().any(|s| s.start <= start && s.end > start) {
            continue;
        }
        if let Some(p) = memory.person_by_surname(w) {
            let span = Span {
                start,
                end: start + w.len(),
                actor: Actor {
                    text: w.to_string(),
                    ..p.clone()
                },
                how: Resolution::Coreference,
                place: false,
                place_name: None,
                pronoun: false,
            };
            let at = spans
                .iter()
                .position(|s| s.start > start)
                .unwrap_or(spans.len());
            spans.insert(at, span);
        }
    }
}

/// "the besieged enclave", "a proposed deal": a participle used as an adjective.
/// "in a phone call on Tuesday": the noun "call" after "phone" asks nothing.
fn phone_call(lower: &str, h: &Hit) -> bool {
    lower[h.start..].starts_with("call")
        && lower[..h.start]
            .split_whitespace()
            .next_back()
            .is_some_and(|w| matches!(w, "phone" | "telephone" | "video" | "conference"))
}

fn adjectival(lower: &str, h: &Hit) -> bool {
    // "long-threatened invasion", "so-called": part of a compound word.
    if lower[..h.start].ends_with('-') {
        return true;
    }
    let head = &lower[h.start..h.head_end];
    if head.contains(' ') || !(head.ends_with("ed") || head.ends_with("en")) {
        return false;
    }
    let before = lower[..h.start].trim_end();
    let prev = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    matches!(
        prev,
        "the" | "a" | "an" | "its" | "their" | "his" | "her" | "this" | "these" | "those"
    )
}

/// Whether byte `pos` lies inside a quotation.
fn in_quote(text: &str, pos: usize) -> bool {
    let before = &text[..pos];
    let opens = before.matches('“').count();
    let closes = before.matches('”').count();
    let straight = before.matches('"').count();
    opens > closes || straight % 2 == 1 || (opens == 0 && closes == 0 && text[pos..].contains('”'))
}

fn quote_open_at_end(text: &str) -> bool {
    text.matches('“').count() > text.matches('”').count()
}
