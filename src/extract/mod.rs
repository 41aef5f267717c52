//! Stage 3: normalised text → political events (PLOVER/CAMEO).
//!
//! Per article: split sentences ([`sentences`]), find actor names ([`gazetteer`])
//! and group them into actor phrases ([`actors`]), resolve later references to
//! earlier actors ([`coref`]), find event triggers ([`rules`]), read negation,
//! intention, conditions and attribution around them ([`modality`]), assign
//! actor, recipient and location ([`roles`]), build the event record from a draft
//! passed through named passes (`passes`: speaker acts, actor, place, recipient,
//! relevance, attribution, score), then merge the sentences that describe one
//! happening ([`merge`]). [`syntax`] tags and parses a sentence into clauses
//! (predicate, subject or agent, objects, tense, modality, negation).
//!
//! Deterministic and explainable: every event carries the sentences it came from.

pub mod actors;
pub mod coref;
pub mod discards;
pub mod gazetteer;
pub mod lexicon;
pub mod merge;
pub mod modality;
mod passes;
pub mod roles;
pub mod rules;
pub mod select;
pub mod sentences;
mod structure;
pub mod syntax;

use std::sync::{Arc, OnceLock};

use actors::{Resolution, Span};
use coref::Memory;
use discards::{Discards, Scope};
use gazetteer::Gazetteer;
use lexicon::Lexicon;
use modality::Attribution;
use passes::{Draft, Sentence};
use rules::{Hit, RuleSet};
use structure::Structure;

use crate::records::{Actor, ActorKind, EventType, Evidence, Extraction, QuadClass};

pub use rules::RulesError;

/// Sentences longer than this are not read for events.
const MAX_SENTENCE_BYTES: usize = 3000;

/// The compiled extractor: gazetteer and rules, built once, shared by all tasks.
#[derive(Clone)]
pub struct Extractor {
    gazetteer: Arc<Gazetteer>,
    rules: Arc<RuleSet>,
    discards: Arc<Discards>,
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

/// Distinct sport, entertainment or technology phrases that make a whole article's topic.
const ARTICLE_TOPIC_PHRASES: usize = 2;

fn builtin_discards() -> Arc<Discards> {
    static D: OnceLock<Arc<Discards>> = OnceLock::new();
    D.get_or_init(|| Arc::new(Discards::builtin())).clone()
}

fn builtin_rules() -> Arc<RuleSet> {
    static RULES: OnceLock<Arc<RuleSet>> = OnceLock::new();
    RULES
        .get_or_init(|| {
            Arc::new(
                RuleSet::parse_with_lexicon(rules::BUILTIN_RULES, &Lexicon::builtin())
                    .expect("built-in data/rules.toml is valid (tested)"),
            )
        })
        .clone()
}

fn version_of(rules_hash: u64) -> String {
    format!(
        "newsworker-{}+rules.{:08x}",
        env!("CARGO_PKG_VERSION"),
        rules_hash as u32
    )
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

    /// Rules from TOML text. They replace all built-in rules, the CAMEO verb
    /// dictionary included: a rules file is the whole lexicon.
    pub fn from_rules_str(text: &str) -> Result<Self, RulesError> {
        Ok(Self::with_rules(Arc::new(RuleSet::parse(text)?)))
    }

    fn with_rules(rules: Arc<RuleSet>) -> Self {
        Extractor {
            gazetteer: builtin_gazetteer(),
            version: version_of(rules.hash()),
            rules,
            discards: builtin_discards(),
        }
    }

    /// The version an extractor built from `rules_text` reports, without building
    /// it (repair-only runs stamp records with it but never extract).
    pub fn version_for_rules(rules_text: &str) -> String {
        let hash = rules::fnv1a(rules_text.as_bytes());
        // The built-in rules carry the CAMEO verb dictionary; a rules file does not.
        if rules_text == rules::BUILTIN_RULES {
            let lexicon = rules::fnv1a(lexicon::BUILTIN_LEXICON.as_bytes());
            return version_of(rules::with_lexicon(hash, lexicon));
        }
        version_of(hash)
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
        let st = Structure::of(sentence);
        let lexicon = self.rules.find_lexicon(sentence, &lower, |_, _| true);
        for h in self.rules.find(sentence, &lower).into_iter().chain(lexicon) {
            let r = self.rules.rule(h.rule);
            out.push(format!(
                "trigger {:?} {} {} {} p{}",
                &sentence[h.start..h.end],
                r.id,
                r.event_type.as_str(),
                r.cameo,
                r.priority
            ));
            if let Some(c) = st.read(&spans, h.start, h.head_end) {
                out.push(format!("  clause {}", c.describe(&st, sentence, &spans)));
            }
        }
        out
    }

    /// Events found in one article. `body` offsets in the evidence are code points.
    pub fn extract(&self, title: &str, body: &str) -> Vec<Extraction> {
        let mut memory = Memory::default();
        let title_lower = title.to_ascii_lowercase();
        // A title about sport, a film or a phone: the article is about that (PETRARCH's
        // story-level discards drop it whole).
        let topic = match self.discards.find(title) {
            Some(Scope::Story) => return Vec::new(),
            Some(_) => true,
            // A body that names several such things ("striker", "equalised", "second
            // leg") is a match report whatever its title says.
            None => self.discards.topic_phrases(body) >= ARTICLE_TOPIC_PHRASES,
        };
        let mut found = Vec::new();
        // Every sentence's actor phrases first: the countries the whole article names
        // stand in for an unnamed one's before the text has named any ("The court
        // sentenced the deputy governor …" above a paragraph on Uzbekistan).
        let title_sentences = sentences::split(title);
        let body_sentences = sentences::split(body);
        let spans: Vec<Vec<Span>> = title_sentences
            .iter()
            .map(|s| s.text(title))
            .chain(body_sentences.iter().map(|s| s.text(body)))
            .map(|text| self.actor_spans(text))
            .collect();
        memory.note_article(spans.iter().flatten());
        let mut spans = spans.into_iter();
        // The title is read first so the body can refer back to it, but its
        // sentences are support only: evidence always indexes the body, and the
        // body's wording comes first when sentences merge.
        let mut from_title = Vec::new();
        for (s, spans) in title_sentences.iter().zip(spans.by_ref()) {
            let text = s.text(title);
            from_title.extend(self.sentence(text, spans, None, &title_lower, topic, &mut memory));
        }
        for (s, spans) in body_sentences.iter().zip(spans) {
            let text = s.text(body);
            let evidence = Evidence {
                text: text.to_string(),
                start: s.char_start,
                end: s.char_end,
            };
            found.extend(self.sentence(
                text,
                spans,
                Some(evidence),
                &title_lower,
                topic,
                &mut memory,
            ));
        }
        found.extend(from_title);
        merge::merge(found)
    }

    /// The actor phrases of one sentence (none in one too long to read).
    fn actor_spans(&self, text: &str) -> Vec<Span> {
        if text.len() > MAX_SENTENCE_BYTES {
            return Vec::new();
        }
        let mentions = self.gazetteer.find(text);
        let mut spans = actors::spans(text, &mentions, &self.gazetteer);
        spans.retain(|x| !street_name(text, x));
        spans
    }

    /// Events of one sentence (at most one per sentence: its main event), whose
    /// actor phrases are `spans`.
    fn sentence(
        &self,
        text: &str,
        mut spans: Vec<Span>,
        evidence: Option<Evidence>,
        title_lower: &str,
        topic: bool,
        memory: &mut Memory,
    ) -> Vec<merge::Found> {
        // Longer than any real sentence (a table, a run-on dump): not read for events,
        // which also bounds the per-sentence work.
        if text.len() > MAX_SENTENCE_BYTES {
            return Vec::new();
        }
        // In a sentence, a story-level phrase ("the World Cup") marks the topic: riot
        // police clashing with fans after the match still act.
        let topic = match self.discards.find(text) {
            Some(Scope::Sentence) => return Vec::new(),
            Some(Scope::Story | Scope::Topic) => true,
            None => topic,
        };
        let lower = text.to_ascii_lowercase();
        add_surnames(text, &mut spans, memory);
        acronyms_in_context(text, &mut spans, memory);
        add_institutions(text, &mut spans, memory);
        let mut attribution = modality::attribution(&lower);
        // "DUBAI, United Arab Emirates — Iran's Revolutionary Guard said": the dateline
        // says where the story was filed; the speaker comes after it, and its places
        // take no role (`Sentence::dateline`).
        let dateline = structure::dateline_end(text).unwrap_or(0);
        if let Some(a) = attribution.as_mut() {
            if a.speaker_start < dateline && dateline < a.speaker_end {
                a.speaker_start = dateline;
                a.start = a.start.max(dateline);
            }
        }
        let speaker_idx = attribution.as_ref().and_then(|a| speaker_span(&spans, a));
        actors::people_and_parties_from_article(
            &mut spans,
            memory.dominant_country(),
            &self.gazetteer,
        );
        memory.resolve(&mut spans);
        learn_institutions(text, &spans, memory);
        let keep = |h: &Hit| {
            !attribution.as_ref().is_some_and(|a| {
                if a.trailing {
                    h.start >= a.start && h.end <= a.end
                } else {
                    // "the army declared a state of emergency and said …": the act
                    // before "and said" is the speaker's own, not part of its name.
                    h.start >= a.speaker_start
                        && h.end <= a.speaker_end
                        && !lower[a.speaker_start..a.speaker_end].ends_with(" and")
                }
            }) && self.requires_ok(h, &lower, title_lower)
                && !adjectival(text, &lower, h)
                && !phone_call(&lower, h)
                && !month(text, h)
                && !in_proper_name(text, h)
                // "Amnesty International", "Liberian riot police": a name, not an act
                // (unless it is the object of a passive: "the Polish ambassador was
                // summoned").
                && (!spans.iter().any(|s| {
                    s.how == Resolution::Named && s.start <= h.start && h.head_end <= s.end
                }) || passive_object(&lower, h))
        };
        let mut hits: Vec<Hit> = self
            .rules
            .find(text, &lower)
            .into_iter()
            .filter(keep)
            .collect();
        // The CAMEO verb dictionary is a fallback for sentences no hand rule reads, and
        // only behind a political subject (see `lexicon`).
        if hits.is_empty() && !topic && spans.iter().any(|s| s.is_political()) {
            hits = self
                .rules
                .find_lexicon(text, &lower, |s, e| {
                    lexicon::fallback_ok(&lower, &spans, s, e)
                })
                .into_iter()
                .filter(keep)
                .collect();
        }
        // "Ethiopia declared a state of emergency": a "speech verb" that is itself the
        // trigger does not attribute the sentence to a speaker.
        let attribution = attribution.filter(|a| {
            a.trailing
                || !hits
                    .iter()
                    .any(|h| h.start >= a.speaker_end && h.start < a.end)
        });
        let mut speaker_idx = if attribution.is_some() {
            speaker_idx
        } else {
            None
        };
        // A quotation's "I" and "we" are its speaker, also in its later sentences.
        if let Some(i) = speaker_idx.filter(|&i| spans[i].is_political()) {
            memory.speaker = Some(spans[i].actor.clone());
            memory.quoted = memory.speaker.clone();
        } else if attribution.is_none() && text.trim_start().starts_with(['“', '"']) {
            // "“It's a lack of respect on his part.”" after "…,” Legault said.": a
            // quotation that opens a sentence with no speaker goes on with the last one.
            if memory.speaker.is_none() {
                memory.speaker = memory.quoted.clone();
            }
        } else if !text.contains(['“', '”', '"']) {
            memory.quoted = None;
        }
        let place = roles::locative_place(&lower, &spans).and_then(|i| roles::location(&spans[i]));
        let mut out = Vec::new();
        // A comment that frames the sentence ("declined to comment", "claimed
        // responsibility for the attacks") reports no act: CAMEO 01x, no PLOVER event.
        // One in a concessive or contrasting clause ("…, although the army denied such
        // allegations") frames only that clause.
        // "Millions would go hungry if donors do not provide the money": what a condition
        // supposes is nobody's act; nor is a counterfactual, an act not expected or a
        // habit ([`modality::unreal`]).
        let hits: Vec<Hit> = hits
            .into_iter()
            .filter(|h| !self.rules.rule(h.rule).statement || !after_contrast(&lower, h.start))
            .filter(|h| !modality::inside_condition(&lower, h.start))
            .filter(|h| !modality::unreal(&lower, h.start, h.head_end))
            .filter(|h| !modality::called_off(&lower, h.end))
            .collect();
        // A question asserts no act ("why should the Palestinians pay for it?").
        let choice = select::choose(&self.rules, text, &lower, &hits)
            .filter(|c| !self.rules.rule(c.anchor.rule).statement)
            .filter(|_| !is_question(text));
        // A candidate (a main trigger and an actor phrase) may be parsed: its clause
        // gives the roles and modality ([`structure`]). Parsing costs more than the rest
        // of extraction, so it happens on first need only (`Sentence::structure`).
        let parsed = std::cell::OnceCell::new();
        if choice.is_some() && !spans.is_empty() && structure::title_word(&lower) {
            // "the general election": a title used as an adjective names nobody.
            let st = parsed.get_or_init(|| Structure::of(text));
            let speaker = speaker_idx.map(|i| spans[i].clone());
            spans.retain(|x| !st.title_as_adjective(x));
            speaker_idx = speaker.and_then(|x| spans.iter().position(|y| *y == x));
        }
        let sentence = Sentence {
            text,
            lower: &lower,
            spans: &spans,
            attribution: attribution.as_ref(),
            speaker_idx,
            topic,
            dateline,
            parsed: &parsed,
        };
        // A main trigger that only mentions its act ("after weeks of fighting") gives way
        // to the next trigger that reports one ("recaptured the village"); the mention is
        // kept when none does. So does a judgement nobody is reported to make ("in
        // violation of the law" with no speaker): it is opinion, and the sentence may
        // still report an act. So does a trigger no political actor makes.
        let mut tried: Vec<Hit> = Vec::new();
        // Why the last trigger tried made no event, while none has.
        let mut failed: Option<NoEvent> = None;
        let mut found = choice.and_then(|c| {
            let at = c.anchor;
            tried.push(at);
            match self.event(&sentence, c, memory, evidence.clone()) {
                Ok(f) => Some((at, f)),
                Err(why) => {
                    failed = Some(why);
                    None
                }
            }
        });
        while (failed.is_some() || found.as_ref().is_some_and(|(_, f)| f.mention))
            && tried.len() < 3
        {
            // After a judgement nobody owns, no judgement can stand, but another reading
            // of the same words can ("violated a ban": a defiance).
            let rest: Vec<Hit> = hits
                .iter()
                .copied()
                .filter(|h| {
                    if failed == Some(NoEvent::Unowned) {
                        !self.rules.rule(h.rule).speaker_acts && !tried.contains(h)
                    } else {
                        // A longer trigger around the mention is another reading of it
                        // ("handed a jail term" around the noun "jail").
                        !tried.iter().any(|t| {
                            let around = h.start <= t.start
                                && t.end <= h.end
                                && h.end - h.start > t.end - t.start;
                            h.start < t.end && t.start < h.end && !around
                        })
                    }
                })
                .collect();
            let Some(c) = select::choose(&self.rules, text, &lower, &rest)
                .filter(|c| !self.rules.rule(c.anchor.rule).statement)
            else {
                break;
            };
            tried.push(c.anchor);
            let at = c.anchor;
            match self.event(&sentence, c, memory, evidence.clone()) {
                Ok(f) if found.is_none() || !f.mention => {
                    failed = None;
                    found = Some((at, f));
                }
                _ => {}
            }
        }
        if let Some((main_at, main)) = found {
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
                .and_then(|c| self.event(&sentence, c, memory, evidence).ok());
            let main_actor = main.extraction.actor.clone();
            let main_confidence = main.extraction.confidence;
            let main_mention = main.mention;
            if main.extraction.event_type == EventType::Assault && !main_mention {
                memory.last_attack = Some(main_actor.clone());
            }
            memory.set_subject(main_actor.as_ref());
            let cos = main.co_actors.clone();
            let base = main.extraction.clone();
            out.push(main);
            // PLOVER: a conviction that imprisons is also COERCE `arrest` ("sentenced to
            // four years in prison").
            if base.event_type == EventType::Sanction
                && base.mode.as_deref() == Some("convict")
                && imprisons(&lower[main_at.start..])
            {
                let mut x = base.clone();
                x.event_type = EventType::Coerce;
                x.cameo_code = "173".into();
                x.mode = Some("arrest".into());
                x.quad_class = QuadClass::of(EventType::Coerce, "173");
                x.confidence *= 0.9;
                out.push(merge::Found {
                    extraction: x,
                    co_actors: Vec::new(),
                    mention: main_mention,
                });
            }
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
                    mention: main_mention,
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

    /// The event record for a sentence's main trigger, or why there is none: the
    /// trigger's draft through the passes of `passes`, in order.
    fn event(
        &self,
        s: &Sentence<'_>,
        choice: select::Choice,
        memory: &mut Memory,
        evidence: Option<Evidence>,
    ) -> Result<merge::Found, NoEvent> {
        let gaz = &*self.gazetteer;
        let mut d = Draft::new(s, choice);
        if !d.literal_or_criticism(s) || !d.ongoing(s) || !d.structure(s) {
            return Err(NoEvent::Rejected);
        }
        if !d.speaker_acts(s, memory) {
            return Err(NoEvent::Unowned);
        }
        if !d.appeal_or_demand(s) {
            return Err(NoEvent::Rejected);
        }
        d.actor_from_attribution(s, memory);
        d.on_behalf(s);
        d.agent_after(s);
        d.place(s, memory);
        d.actor_from_place(gaz, s);
        d.reframe(s);
        d.recipient(gaz, s, memory.dominant_country());
        d.exercise_alone(s);
        if !d.relevance(gaz, s, memory) || !d.on_topic(s) {
            return Err(NoEvent::Rejected);
        }
        d.attribution(s);
        d.score();
        memory.set_subject(d.actor.as_ref());
        let co_actors = d.co_actors(s);
        Ok(merge::Found {
            co_actors,
            mention: d.mention,
            extraction: d.finish(evidence),
        })
    }
}

/// Whether a sentence (from its conviction on) puts someone in prison: "four years in
/// prison", "a jail term", "life imprisonment".
fn imprisons(rest: &str) -> bool {
    [
        "prison",
        "jail",
        "gaol",
        "imprisonment",
        "behind bars",
        "penal colony",
        "labour camp",
        "labor camp",
    ]
    .iter()
    .any(|w| rest.contains(w))
}

/// Why [`Extractor::event`] made no event of a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NoEvent {
    /// A judgement or a modal with no speaker to own it ("must", "in violation of"):
    /// opinion, so another trigger of the sentence may still report an act.
    Unowned,
    /// The trigger reports no act here, or no political actor makes it.
    Rejected,
}

/// The actor phrase that is the speaker of an attribution.
fn speaker_span(spans: &[Span], a: &Attribution) -> Option<usize> {
    spans
        .iter()
        .position(|s| s.start >= a.speaker_start && s.end <= a.speaker_end)
}

/// An acronym read out of context: a UK regulator's "FSA" is not the Free Syrian Army.
/// An armed group or party named only by its acronym stands when the article (its
/// title first) or the sentence names the group's country; else it is dropped.
fn acronyms_in_context(text: &str, spans: &mut Vec<Span>, memory: &Memory) {
    let countries: Vec<String> = spans
        .iter()
        .filter(|s| !named_by_acronym(&text[s.start..s.end]))
        .filter_map(|s| s.actor.country.clone())
        .collect();
    let foreign = |s: &Span| {
        s.how == Resolution::Named
            && named_by_acronym(&text[s.start..s.end])
            && !distinctive_acronym(&text[s.start..s.end])
            && s.actor
                .country
                .as_deref()
                .is_some_and(|c| !memory.has_seen(c) && !countries.iter().any(|x| x == c))
    };
    // A crowd named after an acronym ("PTI supporters" in a Pakistani story, not the
    // Press Trust of India's) keeps being a crowd, of no known country.
    for s in spans.iter_mut() {
        if s.actor.kind == ActorKind::Civilian && foreign(s) {
            s.actor.country = None;
        }
    }
    spans.retain(|s| {
        let local = matches!(
            s.actor.kind,
            ActorKind::Rebel | ActorKind::Party | ActorKind::Media
        );
        !(local && foreign(s))
    });
}

/// Acronyms of armed groups that name nothing else in news copy ("FARC", "PKK"), so
/// they stand without their country named: unlike "FSA" (a UK regulator), "IRA" (a
/// retirement account), "ETA" (an arrival time), "SDF" (Japan's forces) or "RSF"
/// (Reporters Without Borders).
const DISTINCTIVE_ACRONYMS: &[&str] = &[
    "AQAP", "AQIM", "CJNG", "ELN", "EZLN", "FARC", "FDLR", "ISKP", "ISWAP", "JNIM", "KNLA", "KNU",
    "LTTE", "MNDAA", "MNLF", "PFLP", "PKK", "SPLA", "SPLM", "TNLA", "TPNPB", "TTP", "ULFA",
    "UNITA",
];

fn distinctive_acronym(phrase: &str) -> bool {
    phrase
        .split_whitespace()
        .any(|w| DISTINCTIVE_ACRONYMS.contains(&w.trim_end_matches(['\'', '’', 's'])))
}

/// "Wellington Street", "Paris Road": a name that names a street is neither the place
/// nor its country, nor anyone who acts.
fn street_name(text: &str, x: &Span) -> bool {
    let next = text[x.end..]
        .strip_prefix(' ')
        .and_then(|r| r.split(|c: char| !c.is_alphabetic()).next())
        .unwrap_or("");
    matches!(
        next,
        "Street" | "St" | "Road" | "Rd" | "Avenue" | "Ave" | "Boulevard" | "Blvd" | "Lane"
    )
}

/// "FSA", "FSA spokesman": the phrase names its body by an acronym only.
fn named_by_acronym(phrase: &str) -> bool {
    phrase.split_whitespace().any(|w| {
        (2..=6).contains(&w.len()) && w.chars().all(|c| c.is_ascii_uppercase() || c == '.')
    }) && !phrase.split_whitespace().any(|w| {
        w.len() > 1
            && w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase)
    })
}

/// A capitalised word equal to the surname of a person named earlier ("Aliyev said").
/// A surname the gazetteer knows alone is still that person as the article named them,
/// with the title given there ("President Ilham Aliyev … Aliyev maintains").
fn add_surnames(text: &str, spans: &mut Vec<Span>, memory: &Memory) {
    for (start, w) in sentences::words(text) {
        if w.len() < 3 || !w.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if let Some(known) = spans.iter_mut().find(|s| s.start <= start && s.end > start) {
            if known.start == start
                && known.end == start + w.len()
                && known.how == Resolution::Named
            {
                if let Some(p) = memory.person_by_surname(w).filter(|p| p.role.is_some()) {
                    known.actor = Actor {
                        text: w.to_string(),
                        ..p.clone()
                    };
                    known.how = Resolution::Coreference;
                }
            }
            continue;
        }
        if let Some(p) = memory.person_by_surname(w) {
            actors::insert_in_order(spans, coreferent(start, w, p));
        }
    }
}

/// A word of the sentence that names an actor the article named before.
fn coreferent(start: usize, word: &str, actor: &Actor) -> Span {
    Span {
        start,
        end: start + word.len(),
        actor: Actor {
            text: word.to_string(),
            ..actor.clone()
        },
        how: Resolution::Coreference,
        place: false,
        place_name: None,
        pronoun: false,
    }
}

/// Last words of a public body's name: such a name followed by an acronym in brackets
/// defines the acronym for the rest of the article.
const INSTITUTION_HEADS: &[(&str, ActorKind)] = &[
    ("Commission", ActorKind::Government),
    ("Authority", ActorKind::Government),
    ("Board", ActorKind::Government),
    ("Bureau", ActorKind::Government),
    ("Ministry", ActorKind::Government),
    ("Department", ActorKind::Government),
    ("Agency", ActorKind::Government),
    ("Directorate", ActorKind::Government),
    ("Office", ActorKind::Government),
    ("Council", ActorKind::Government),
    ("Bank", ActorKind::Government),
    ("Regulator", ActorKind::Government),
    ("Administration", ActorKind::Government),
    ("Court", ActorKind::Judiciary),
    ("Tribunal", ActorKind::Judiciary),
    ("Police", ActorKind::Police),
];

/// An acronym as written in brackets: "RBI", "NMDPRA", "DGFT".
fn acronym(w: &str) -> bool {
    (2..=8).contains(&w.len())
        && w.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && w.bytes().filter(u8::is_ascii_uppercase).count() >= 2
}

/// "the Reserve Bank of India (RBI)", "The Nigerian Communications Commission (NCC)":
/// a public body named in full, then its acronym. The body is the political actor the
/// name holds (its state), as a government, court or police; later sentences name it by
/// the acronym or by the name's last word ("the Commission").
fn learn_institutions(text: &str, spans: &[Span], memory: &mut Memory) {
    let mut from = 0;
    while let Some(i) = text[from..].find(" (") {
        let open = from + i;
        from = open + 2;
        let Some(close) = text[from..].find(')').map(|j| from + j) else {
            break;
        };
        let acr = &text[from..close];
        if !acronym(acr) {
            continue;
        }
        // The capitalised name before the bracket ("of", "and", "for" may join it).
        let before = &text[..open];
        let mut name_start = open;
        let mut head = None;
        for (start, w) in sentences::words(before)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            let joins = matches!(w, "of" | "and" | "for" | "on");
            if head.is_none() {
                if !capital || start + w.len() != open {
                    break;
                }
                head = Some(w);
            } else if !capital && !joins {
                break;
            }
            name_start = start;
        }
        let Some(head) = head else { continue };
        if text[name_start..].starts_with("The ") {
            name_start += 4;
        }
        let Some(kind) = INSTITUTION_HEADS
            .iter()
            .find(|(h, _)| *h == head)
            .map(|(_, k)| *k)
        else {
            continue;
        };
        // The state the name holds ("Nigerian", "of India", "South Korea's"), or a body
        // the lists know that ends the name.
        let inner = spans.iter().rev().find(|x| {
            x.start < open
                // (reaching back to a possessive state: "South Korea's Fair Trade …")
                && x.end > name_start.saturating_sub(12)
                && x.is_political()
                && (x.actor.country.is_some() || x.actor.kind == ActorKind::Igo)
        });
        let Some(inner) = inner else { continue };
        let actor = if inner.end == open && inner.actor.kind != ActorKind::State {
            inner.actor.clone()
        } else {
            Actor {
                text: String::new(),
                name: text[name_start..open].to_string(),
                country: inner.actor.country.clone(),
                kind: if inner.actor.kind == ActorKind::Igo {
                    ActorKind::Igo
                } else {
                    kind
                },
                person: None,
                role: None,
            }
        };
        memory.learn_institution(acr, head, actor);
    }
}

/// Later mentions of a body the article defined ([`learn_institutions`]): its acronym,
/// or "the" and the last word of its name ("the Commission", "the authority").
fn add_institutions(text: &str, spans: &mut Vec<Span>, memory: &Memory) {
    if !memory.has_institutions() {
        return;
    }
    let words: Vec<(usize, &str)> = sentences::words(text).collect();
    for (k, &(start, w)) in words.iter().enumerate() {
        if spans
            .iter()
            .any(|s| s.start < start + w.len() && s.end > start)
        {
            continue;
        }
        let by_head = || {
            let the = k > 0 && words[k - 1].1.eq_ignore_ascii_case("the");
            let lower = w.to_ascii_lowercase();
            // Only a head the article gave a body, after "the" ("the commission says").
            the.then(|| memory.institution_by_head(&lower)).flatten()
        };
        let found = if acronym(w) {
            memory.institution_by_acronym(w)
        } else {
            by_head()
        };
        let Some(actor) = found else { continue };
        actors::insert_in_order(spans, coreferent(start, w, actor));
    }
}

/// A trigger read in the passive, object first ("the ambassador was summoned"): its head
/// is the object noun, and a "be" follows it.
fn passive_object(lower: &str, h: &Hit) -> bool {
    lower[h.head_end..h.end]
        .split_whitespace()
        .any(|w| lexicon::BE.contains(&w))
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

fn adjectival(text: &str, lower: &str, h: &Hit) -> bool {
    // "long-threatened invasion", "so-called": part of a compound word.
    if lower[..h.start].ends_with('-') {
        return true;
    }
    let head = &lower[h.start..h.head_end];
    if head.contains(' ') {
        return false;
    }
    // "the visiting Houston Rockets": a present participle between a determiner and a
    // name describes it ("the killing of", a noun, reports an act and stays).
    if head.ends_with("ing") {
        let prev = lower[..h.start]
            .split_whitespace()
            .next_back()
            .unwrap_or("");
        let capital_next = text[h.head_end..]
            .trim_start_matches(' ')
            .starts_with(|c: char| c.is_uppercase());
        // "Visiting Chinese Foreign Minister Wang Yi and his counterpart signed …": at
        // the sentence's start, before a title, it describes the visitor (not "Visiting
        // Paris on Monday, Macron said").
        let titled = || {
            lower[h.head_end..]
                .split(',')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .take(4)
                .any(|w| TITLES.contains(&w))
        };
        return capital_next && (DETERMINERS.contains(&prev) || prev.is_empty() && titled());
    }
    participle_modifier(head, &lower[..h.start])
}

/// Titles of visitors ("Visiting Chinese Foreign Minister …").
const TITLES: &[&str] = &[
    "minister",
    "president",
    "premier",
    "chancellor",
    "secretary",
    "king",
    "queen",
    "prince",
    "emir",
    "envoy",
    "delegation",
    "foreign",
    "prime",
    "vice",
    "deputy",
    "defence",
    "defense",
];

/// Words that open a noun phrase, before a participle that modifies its noun.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "this", "these", "those",
];

/// Whether the participle `head`, preceded by `before`, modifies or stands for a noun:
/// after a determiner ("the besieged enclave"), a preposition ("living in besieged
/// areas"; a finite verb or passive never follows one directly), an adverb that does
/// ("the most seriously wounded"), or joined to such a participle ("the detained or
/// killed").
fn participle_modifier(head: &str, before: &str) -> bool {
    if !(head.ends_with("ed") || head.ends_with("en")) {
        return false;
    }
    let mut words = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let mut prev = words.next().unwrap_or("");
    while prev.ends_with("ly") || matches!(prev, "most" | "more" | "very" | "less" | "least") {
        prev = words.next().unwrap_or("");
    }
    if matches!(prev, "or" | "and") {
        let Some(other) = words.next() else {
            return false;
        };
        // `other` is a slice of `before`: what stands before it starts at its offset.
        let at = other.as_ptr() as usize - before.as_ptr() as usize;
        return other != head && participle_modifier(other, &before[..at]);
    }
    DETERMINERS.contains(&prev)
        || matches!(
            prev,
            "in" | "of"
                | "from"
                | "for"
                | "with"
                | "into"
                | "on"
                | "at"
                | "among"
                | "near"
                | "inside"
                | "across"
                | "to"
        )
}

/// "Bank of America Merrill Lynch", "Camp Strike Force": a capitalised trigger inside a
/// run of capitalised words, in running text, is part of a name. A headline in title
/// case ("Rebels Attack Convoy") capitalises its verbs too, so it is left alone.
fn in_proper_name(text: &str, h: &Hit) -> bool {
    let capital = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    if !capital(&text[h.start..]) {
        return false;
    }
    let before = text[..h.start].trim_end_matches(' ');
    let Some(prev) = before.rsplit(' ').next().filter(|w| !w.is_empty()) else {
        return false; // the sentence's first word
    };
    let next = text[h.head_end..].split_whitespace().next().unwrap_or("");
    let words: Vec<&str> = text.split_whitespace().collect();
    let lowercase = words
        .iter()
        .filter(|w| w.starts_with(|c: char| c.is_lowercase()))
        .count();
    let running_text = lowercase * 2 >= words.len();
    running_text && ((capital(prev) && !prev.ends_with(['.', ':', '"'])) || capital(next))
}

/// "in March last year", "on March 3", "since early March": the month, not a protest
/// march (a headline's "Thousands March on Parliament" has none of these around it).
fn month(text: &str, h: &Hit) -> bool {
    if !text[h.start..].starts_with("March") {
        return false;
    }
    let lower_word = |w: &str| w.to_ascii_lowercase();
    let prev = text[..h.start]
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .map(lower_word)
        .unwrap_or_default();
    let next = text[h.start + "March".len()..]
        .split(|c: char| c.is_whitespace() || c == ',')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    matches!(
        prev.as_str(),
        "in" | "on"
            | "since"
            | "until"
            | "till"
            | "by"
            | "from"
            | "through"
            | "early"
            | "late"
            | "mid"
            | "last"
            | "next"
            | "this"
            | "of"
            | "between"
            | "before"
            | "after"
            | "during"
            | "and"
            | "to"
    ) || next.starts_with(|c: char| c.is_ascii_digit())
        || matches!(next, "last" | "this" | "next")
}

/// A contrasting or concessive clause opens before byte `pos`.
fn after_contrast(lower: &str, pos: usize) -> bool {
    const MARKERS: &[&str] = &[
        ", although ",
        ", though ",
        ", while ",
        ", whereas ",
        ", but ",
        "; ",
        " even though ",
    ];
    MARKERS.iter().any(|m| lower[..pos].contains(m))
}

/// Whether byte `pos` lies inside a quotation.
pub(super) fn in_quote(text: &str, pos: usize) -> bool {
    let before = &text[..pos];
    let opens = before.matches('“').count();
    let closes = before.matches('”').count();
    let straight = before.matches('"').count();
    // A sentence that ends a quotation begun in an earlier one ("I condemn it.”") has
    // only the closing mark, after `pos`.
    let closed_after =
        || text[pos..].contains('”') || straight == 0 && text[pos..].matches('"').count() % 2 == 1;
    opens > closes || straight % 2 == 1 || (opens == 0 && closes == 0 && closed_after())
}

fn quote_open_at_end(text: &str) -> bool {
    text.matches('“').count() > text.matches('”').count()
}

/// The sentence is a question: it ends in "?", before any closing quotes or brackets.
fn is_question(text: &str) -> bool {
    text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | ')' | ']')
    })
    .ends_with('?')
}
