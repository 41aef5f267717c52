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
pub mod sentences;

use std::sync::{Arc, OnceLock};

use actors::{Resolution, Span};
use coref::Memory;
use gazetteer::Gazetteer;
use modality::Attribution;
use rules::{Hit, RuleSet};

use crate::records::{EventType, Evidence, Extraction, Modality};

pub use rules::RulesError;

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
        let lower = text.to_ascii_lowercase();
        let mentions = self.gazetteer.find(text);
        let mut spans = actors::spans(text, &mentions, &self.gazetteer);
        add_surnames(text, &mut spans, memory);
        let attribution = modality::attribution(&lower);
        // Quotation: "I" and "we" are the speaker; an unclosed quote carries the speaker on.
        let speaker_idx = attribution.as_ref().and_then(|a| speaker_span(&spans, a));
        memory.resolve(&mut spans);
        if let Some(i) = speaker_idx {
            if spans[i].is_political() {
                memory.speaker = Some(spans[i].actor.clone());
            }
        }
        let hits = self.rules.find(text, &lower);
        let hits: Vec<Hit> = hits
            .into_iter()
            .filter(|h| {
                !attribution
                    .as_ref()
                    .is_some_and(|a| h.start >= a.start && h.end <= a.end)
            })
            .filter(|h| self.requires_ok(h, &lower, title_lower))
            .filter(|h| !adjectival(&lower, h))
            .collect();
        let place = roles::locative_place(&lower, &spans).and_then(|i| roles::location(&spans[i]));
        let out = self.best(
            text,
            &lower,
            &hits,
            &mut spans,
            attribution.as_ref(),
            speaker_idx,
            memory,
            evidence,
        );
        if let Some(p) = place {
            memory.last_location = Some(p);
        }
        if !quote_open_at_end(text) && text.contains(['”', '"']) {
            memory.speaker = None;
        }
        out.into_iter().collect()
    }

    /// `requires` may be met by the sentence or by the title (the article's topic).
    fn requires_ok(&self, h: &Hit, lower: &str, title_lower: &str) -> bool {
        let r = self.rules.rule(h.rule);
        r.requires.is_empty()
            || r.requires
                .iter()
                .any(|w| lower.contains(w.as_str()) || title_lower.contains(w.as_str()))
    }

    #[allow(clippy::too_many_arguments)]
    fn best(
        &self,
        text: &str,
        lower: &str,
        hits: &[Hit],
        spans: &mut [Span],
        attribution: Option<&Attribution>,
        speaker_idx: Option<usize>,
        memory: &mut Memory,
        evidence: Option<Evidence>,
    ) -> Option<merge::Found> {
        // The main trigger: highest priority, then earliest.
        let main = hits.iter().max_by(|a, b| {
            let (ra, rb) = (self.rules.rule(a.rule), self.rules.rule(b.rule));
            ra.priority.cmp(&rb.priority).then(b.start.cmp(&a.start))
        })?;
        let rule = self.rules.rule(main.rule);
        let frame = modality::frame(text, lower, main.start, main.end);
        let mut event_type = rule.event_type;
        let mut cameo = rule.cameo.clone();
        let mut context = rule.context.clone();
        let mut mode = rule.mode.clone();
        let mut modality = Modality::Asserted;
        let mut confidence = rule.confidence;
        // A framing verb takes its code from the action it frames ("offered to hand over").
        if event_type == EventType::Agree && cameo.len() == 3 && cameo.ends_with('0') {
            if let Some(inner) = hits
                .iter()
                .filter(|h| h.start >= main.head_end)
                .map(|h| self.rules.rule(h.rule))
                .find(|r| {
                    matches!(
                        r.event_type,
                        EventType::Aid
                            | EventType::Cooperate
                            | EventType::Consult
                            | EventType::Support
                    )
                })
            {
                cameo = modality::intend(inner.event_type, &inner.cameo).1;
                context = inner.context.clone().or(context);
            }
        }
        if frame.denied {
            modality = Modality::Denied;
        } else if frame.negated {
            let neg = rule
                .negated
                .clone()
                .or_else(|| modality::negate(event_type, &cameo));
            let (t, c) = neg?;
            if t != event_type {
                mode = None;
            }
            event_type = t;
            cameo = c;
            confidence *= 0.95;
        } else if frame.intended {
            let (t, c) = modality::intend(event_type, &cameo);
            if t != event_type {
                mode = None;
                confidence *= 0.95;
            }
            event_type = t;
            cameo = c;
            modality = Modality::Intended;
        }
        let condition = frame.condition.clone();
        if condition.is_some() && !frame.negated {
            modality = Modality::Conditional;
        }

        let roles = roles::assign(
            lower,
            spans,
            main.start,
            main.head_end,
            main.end,
            attribution,
            event_type,
        );
        let speaker = speaker_idx.map(|i| spans[i].clone());
        let mut actor_how = Resolution::Unresolved;
        let mut actor = roles.actor.map(|i| {
            actor_how = spans[i].how;
            spans[i].actor.clone()
        });
        // Inside a quotation, or with no subject of its own, the speaker acts.
        let quoted = in_quote(text, main.start);
        if actor.as_ref().is_none_or(|a| {
            a.country.is_none() && !matches!(a.kind.as_str(), "igo" | "ngo" | "rebel")
        }) && !roles.passive
        {
            if let Some(sp) = speaker
                .as_ref()
                .filter(|s| s.is_political())
                .map(|s| s.actor.clone())
                .or_else(|| quoted.then(|| memory.speaker.clone()).flatten())
            {
                actor = Some(sp);
                actor_how = Resolution::Coreference;
            }
        }
        let mut location = roles.location.and_then(|i| roles::location(&spans[i]));
        if location.is_none() && (lower.contains("the region") || lower.contains(" there")) {
            location = memory.last_location.clone();
        }
        // Police, troops, protesters without a country: the country where it happens.
        if let Some(a) = actor.as_mut() {
            if a.country.is_none() && !matches!(a.kind.as_str(), "igo" | "ngo") {
                if let Some(c) = location.as_ref().and_then(|l| l.country.clone()) {
                    a.name = self.gazetteer.country_name(&c).unwrap_or(&c).to_string();
                    a.country = Some(c);
                    actor_how = Resolution::Location;
                }
            }
        }
        // The first recipient candidate that is not the actor's own side ("deploy any forces").
        let own_side = |i: usize| {
            let r = &spans[i];
            actor.as_ref().is_some_and(|a| {
                a.country.is_some()
                    && a.country == r.actor.country
                    && (r.how != Resolution::Named
                        || a.name == r.actor.name && a.kind == r.actor.kind)
            })
        };
        let mut recipient = roles
            .recipients
            .iter()
            .copied()
            .find(|&i| !own_side(i))
            .map(|i| spans[i].actor.clone());
        if recipient.is_none() {
            // Named inside the attribution but not the speaker ("diplomats involved in talks over the ISF").
            recipient = (0..spans.len())
                .find(|&i| {
                    spans[i].start >= main.end
                        && Some(i) != speaker_idx
                        && spans[i].how == Resolution::Named
                        && spans[i].is_political()
                        && !spans[i].place
                        && !own_side(i)
                })
                .map(|i| spans[i].actor.clone());
            if recipient.is_some() {
                confidence *= 0.9;
            }
        }
        if let Some(r) = recipient.as_mut() {
            if r.country.is_none() && !matches!(r.kind.as_str(), "igo" | "ngo" | "rebel") {
                if let Some(c) = location.as_ref().and_then(|l| l.country.clone()) {
                    r.name = self.gazetteer.country_name(&c).unwrap_or(&c).to_string();
                    r.country = Some(c);
                }
            }
        }
        let political = |a: &Option<crate::records::Actor>| {
            a.as_ref().is_some_and(|a| {
                a.country.is_some() || matches!(a.kind.as_str(), "igo" | "ngo" | "rebel")
            })
        };
        // An event needs a political actor; a passive without "by" needs its recipient.
        if !(political(&actor) || roles.passive && political(&recipient)) {
            return None;
        }
        // The speaker of a claim about someone else is kept apart from the actor.
        let mut reported_by = None;
        if let Some(sp) = &speaker {
            let same = actor
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
            } else if actor.as_ref() != Some(&sp.actor) {
                reported_by = Some(sp.actor.text.clone());
            }
        } else if let Some(a) = attribution {
            if actor_how != Resolution::Coreference || !quoted {
                reported_by = Some(text[a.speaker_start..a.speaker_end].trim().to_string());
            }
        }
        if lower.contains("reportedly") || lower.contains("allegedly") {
            reported_by.get_or_insert_with(String::new);
        }
        if reported_by.is_some() && modality == Modality::Asserted {
            modality = Modality::Reported;
        }
        let reported_by = reported_by.filter(|s| !s.is_empty());

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
        Some(merge::Found {
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

/// The actor phrase that is the speaker of an attribution.
fn speaker_span(spans: &[Span], a: &Attribution) -> Option<usize> {
    spans
        .iter()
        .position(|s| s.start >= a.speaker_start && s.end <= a.speaker_end)
}

/// A capitalised word equal to the surname of a person named earlier ("Aliyev said").
fn add_surnames(text: &str, spans: &mut Vec<Span>, memory: &Memory) {
    let mut pos = 0;
    for w in text.split(|c: char| !c.is_alphanumeric() && c != '-') {
        let start = pos;
        pos += w.len() + 1;
        if w.len() < 3 || !w.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if spans.iter().any(|s| s.start <= start && s.end > start) {
            continue;
        }
        if let Some(p) = memory.person_by_surname(w) {
            let start = text[..text.len().min(start + w.len())]
                .rfind(w)
                .unwrap_or(start);
            let span = Span {
                start,
                end: start + w.len(),
                actor: crate::records::Actor {
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
fn adjectival(lower: &str, h: &Hit) -> bool {
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
