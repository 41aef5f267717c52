//! Event rules: a TOML file of trigger patterns per PLOVER category with CAMEO
//! codes, compiled into one Aho-Corasick automaton.
//!
//! Trigger syntax (one string per trigger):
//! - words separated by spaces, matched case-insensitively on word boundaries;
//! - `word+` expands to the verb's forms (`attack+` → attack, attacks, attacked, attacking);
//! - `a|b` offers alternatives for one word (`agreement|accord|deal`);
//! - `...` allows a gap of up to six words (`sign+ ... agreement|accord`);
//! - a lone verb (or lone verbs as alternatives), a gap and nouns (`sign+ ... agreement|accord`)
//!   also match in the passive, object first: "the accord between them was signed"
//!   (`passive_form`).

use std::collections::HashSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;
use toml::Spanned;

use super::lexicon::Lexicon;
use crate::records::EventType;

/// The rules compiled into the binary.
pub const BUILTIN_RULES: &str = include_str!("../../data/rules.toml");

/// A rules file that cannot be used: where and why.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("cannot read rules file {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("rules file line {line}: {message}")]
    Invalid { line: usize, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    #[allow(dead_code)] // documents the format version in the file
    version: Option<u32>,
    #[serde(rename = "rule", default)]
    rules: Vec<Spanned<RuleDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDoc {
    id: String,
    #[serde(rename = "type")]
    event_type: Spanned<String>,
    cameo: Spanned<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    context: Option<String>,
    triggers: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    excludes: Vec<String>,
    #[serde(default)]
    priority: Option<i32>,
    #[serde(default)]
    confidence: Option<Spanned<f32>>,
    /// What a negated trigger means ("will not send troops" → REJECT 1224).
    #[serde(default)]
    negated: Option<Spanned<NegatedDoc>>,
    /// What the act is when a state, government or organisation does it (a
    /// government "protests" verbally: ACCUSE 111).
    #[serde(default)]
    official: Option<Spanned<NegatedDoc>>,
    /// The speaker of the sentence acts and the clause subject receives
    /// ("Russia said Sudan must return …").
    #[serde(default)]
    speaker_acts: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NegatedDoc {
    #[serde(rename = "type")]
    event_type: String,
    cameo: String,
}

/// A phrase that rules a rule's hit out.
///
/// A phrase holding one of the rule's trigger words names another sense of that word
/// ("car bomb" for "bomb", "meet the need" for "meet") and rules out only a hit it
/// overlaps: a suicide bombing elsewhere in the sentence leaves "launched airstrikes"
/// alone. Any other phrase is context ("tourist" for a visit) wherever it occurs.
#[derive(Debug, Clone)]
pub struct Exclude {
    phrase: String,
    local: bool,
}

impl Exclude {
    fn compile(phrases: &[String], triggers: &[Spanned<String>]) -> Vec<Exclude> {
        // Trigger words long enough to name a sense, without the function words
        // triggers share ("agree+ with|that").
        const SHARED: &[&str] = &[
            "with", "that", "from", "into", "onto", "upon", "over", "than", "this", "these",
            "their", "them", "they", "then", "been", "were", "have", "about", "after",
        ];
        let words: Vec<String> = triggers
            .iter()
            .flat_map(|t| {
                t.get_ref()
                    .to_lowercase()
                    .split(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
                    .filter(|w| w.len() >= 4 && !SHARED.contains(w))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        phrases
            .iter()
            .map(|p| {
                let phrase = p.to_lowercase();
                let local = words.iter().any(|w| phrase.contains(w.as_str()));
                Exclude { phrase, local }
            })
            .collect()
    }

    /// Whether the phrase rules out a hit at bytes `start..end` of `lower`.
    fn rules_out(&self, lower: &str, start: usize, end: usize) -> bool {
        // Most sentences hold none of the phrases: `contains` (std's fast path for
        // short needles) answers those before any occurrence is located.
        if !lower.contains(self.phrase.as_str()) {
            return false;
        }
        !self.local
            || lower
                .match_indices(self.phrase.as_str())
                .any(|(at, _)| at < end && at + self.phrase.len() > start)
    }
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub event_type: EventType,
    pub cameo: String,
    pub mode: Option<String>,
    pub context: Option<String>,
    pub priority: i32,
    pub confidence: f32,
    pub requires: Vec<String>,
    pub excludes: Vec<Exclude>,
    pub negated: Option<(EventType, String)>,
    pub official: Option<(EventType, String)>,
    pub speaker_acts: bool,
    /// A CAMEO 01x comment (`type = "STATEMENT"`: declined to comment, claimed or denied
    /// responsibility, pessimistic about): when it is a sentence's main trigger the
    /// sentence reports no act and has no event (PLOVER drops CAMEO 01). Its
    /// `event_type` is a placeholder never emitted. Dictionary patterns coded `---` or
    /// with a code PLOVER has no event for are statements too.
    pub statement: bool,
    /// A pattern of the CAMEO verb dictionary ([`super::lexicon`]), not a hand rule:
    /// found only by [`RuleSet::find_lexicon`].
    pub lexicon: bool,
}

/// What may stand between two segments of a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    /// `...`: up to six words.
    Gap,
    /// A time or manner adverbial and nothing else ("offered on Saturday to").
    Adverbial,
    /// Up to six words within the clause: a comma also ends the window (dictionary
    /// patterns, whose words belong to the verb's own phrase).
    Clause,
    /// Up to six words, then a participle right after a form of "be" (a trigger's
    /// passive form, [`passive_form`]).
    Passive,
}

#[derive(Debug, Clone)]
struct Trigger {
    rule: u32,
    /// Words after the first segment: (what may come before it, alternatives).
    tail: Vec<(Link, Vec<String>)>,
    /// Words that stand within six words before the head, in the same clause
    /// (a dictionary pattern's words between subject and verb).
    before: Vec<Vec<String>>,
}

/// A trigger found in a sentence. Byte offsets into the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub rule: u32,
    pub start: usize,
    /// End of the first segment (the head words).
    pub head_end: usize,
    pub end: usize,
    /// Matched in the passive, object first ("the ambassador was summoned"): the words
    /// before it name whom the act is done to.
    pub passive: bool,
}

pub struct RuleSet {
    rules: Vec<Rule>,
    triggers: Vec<Trigger>,
    /// The hand rules' heads.
    hand: Heads,
    /// The CAMEO dictionary's verb forms (none when built without it).
    lexicon: Option<Heads>,
    hash: u64,
}

/// One automaton over trigger heads.
struct Heads {
    /// Pattern index → the triggers sharing that surface form.
    pattern_trigger: Vec<Vec<u32>>,
    matcher: AhoCorasick,
}

/// Collects head surfaces while triggers are added.
#[derive(Default)]
struct HeadsBuilder {
    surfaces: Vec<String>,
    pattern_trigger: Vec<Vec<u32>>,
    index: std::collections::HashMap<String, usize>,
}

impl HeadsBuilder {
    fn add(&mut self, heads: Vec<String>, trig_idx: u32) {
        // One pattern per surface form, listing every trigger that starts with it.
        for h in heads {
            let k = *self.index.entry(h.clone()).or_insert_with(|| {
                self.surfaces.push(h);
                self.pattern_trigger.push(Vec::new());
                self.surfaces.len() - 1
            });
            if self.pattern_trigger[k].last() != Some(&trig_idx) {
                self.pattern_trigger[k].push(trig_idx);
            }
        }
    }

    fn build(self) -> Result<Heads, RulesError> {
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            // Searched over the sentence ASCII-lowercased (`scan`): ASCII case ignored,
            // with half the transitions of an ASCII-case-insensitive automaton.
            .build(self.surfaces.iter().map(|s| s.to_ascii_lowercase()))
            .map_err(|e| RulesError::Invalid {
                line: 1,
                message: format!("triggers do not compile: {e}"),
            })?;
        Ok(Heads {
            pattern_trigger: self.pattern_trigger,
            matcher,
        })
    }
}

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSet")
            .field("rules", &self.rules.len())
            .field("hash", &format_args!("{:016x}", self.hash))
            .finish()
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn invalid(text: &str, span: Range<usize>, message: impl Into<String>) -> RulesError {
    RulesError::Invalid {
        line: line_of(text, span.start),
        message: message.into(),
    }
}

/// Checks a `{ type, cameo }` table of a rule.
fn other(
    text: &str,
    id: &str,
    field: &str,
    v: Option<Spanned<NegatedDoc>>,
) -> Result<Option<(EventType, String)>, RulesError> {
    let Some(n) = v else { return Ok(None) };
    let span = n.span();
    let n = n.into_inner();
    let t = EventType::parse(&n.event_type).ok_or_else(|| {
        invalid(
            text,
            span.clone(),
            format!(
                "rule {id:?}: {field}: unknown event type {:?}",
                n.event_type
            ),
        )
    })?;
    if !valid_cameo(&n.cameo) {
        return Err(invalid(
            text,
            span,
            format!("rule {id:?}: {field}: bad cameo {:?}", n.cameo),
        ));
    }
    Ok(Some((t, n.cameo)))
}

fn valid_cameo(code: &str) -> bool {
    (2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

impl RuleSet {
    /// Parses and checks a rules file. Errors name the line and what is wrong.
    pub fn parse(text: &str) -> Result<RuleSet, RulesError> {
        let doc: FileDoc = toml::from_str(text).map_err(|e| RulesError::Invalid {
            line: e.span().map(|s| line_of(text, s.start)).unwrap_or(1),
            message: e.message().trim().to_string(),
        })?;
        if doc.rules.is_empty() {
            return Err(RulesError::Invalid {
                line: 1,
                message: "no [[rule]] entries".into(),
            });
        }
        let mut rules = Vec::new();
        let mut triggers = Vec::new();
        let mut hand = HeadsBuilder::default();
        let mut ids = HashSet::new();
        for spanned in doc.rules {
            let span = spanned.span();
            let r = spanned.into_inner();
            if !ids.insert(r.id.clone()) {
                return Err(invalid(text, span, format!("duplicate rule id {:?}", r.id)));
            }
            let statement = r.event_type.get_ref() == "STATEMENT";
            let parsed = if statement {
                Some(EventType::Reject)
            } else {
                EventType::parse(r.event_type.get_ref())
            };
            let event_type = parsed.ok_or_else(|| {
                invalid(
                    text,
                    r.event_type.span(),
                    format!(
                        "rule {:?}: unknown event type {:?} (expected one of the 16 PLOVER categories or STATEMENT)",
                        r.id,
                        r.event_type.get_ref()
                    ),
                )
            })?;
            if !valid_cameo(r.cameo.get_ref()) {
                return Err(invalid(
                    text,
                    r.cameo.span(),
                    format!(
                        "rule {:?}: cameo {:?} is not a 2-4 digit CAMEO code",
                        r.id,
                        r.cameo.get_ref()
                    ),
                ));
            }
            let negated = other(text, &r.id, "negated", r.negated)?;
            let official = other(text, &r.id, "official", r.official)?;
            let confidence = match r.confidence {
                Some(c) if !(0.0..=1.0).contains(c.get_ref()) => {
                    return Err(invalid(
                        text,
                        c.span(),
                        format!("rule {:?}: confidence must be within 0..1", r.id),
                    ))
                }
                Some(c) => *c.get_ref(),
                None => 0.7,
            };
            if r.triggers.get_ref().is_empty() {
                return Err(invalid(
                    text,
                    r.triggers.span(),
                    format!("rule {:?}: no triggers", r.id),
                ));
            }
            let rule_idx = rules.len() as u32;
            for t in r.triggers.get_ref() {
                let compiled = compile_trigger(t.get_ref()).map_err(|m| {
                    invalid(
                        text,
                        t.span(),
                        format!("rule {:?}: trigger {:?}: {m}", r.id, t.get_ref()),
                    )
                })?;
                for (heads, tail) in compiled {
                    let trig_idx = triggers.len() as u32;
                    triggers.push(Trigger {
                        rule: rule_idx,
                        tail,
                        before: Vec::new(),
                    });
                    hand.add(heads, trig_idx);
                }
            }
            rules.push(Rule {
                id: r.id,
                event_type,
                cameo: r.cameo.into_inner(),
                mode: r.mode.filter(|m| !m.is_empty()),
                context: r.context.filter(|c| !c.is_empty()),
                priority: r.priority.unwrap_or(50),
                confidence,
                requires: r.requires.iter().map(|s| s.to_lowercase()).collect(),
                excludes: Exclude::compile(&r.excludes, r.triggers.get_ref()),
                negated,
                official,
                speaker_acts: r.speaker_acts,
                statement,
                lexicon: false,
            });
        }
        Ok(RuleSet {
            rules,
            triggers,
            hand: hand.build()?,
            lexicon: None,
            hash: fnv1a(text.as_bytes()),
        })
    }

    /// Hand rules from `text` and, as a fallback, the patterns of a CAMEO verb
    /// dictionary (see [`super::lexicon`] for how they rank).
    pub fn parse_with_lexicon(text: &str, lexicon: &Lexicon) -> Result<RuleSet, RulesError> {
        let mut set = RuleSet::parse(text)?;
        let mut heads = HeadsBuilder::default();
        for e in &lexicon.entries {
            let rule_idx = set.rules.len() as u32;
            let segments = e.before.len() + e.after.len();
            let (event_type, statement) = match e.reading {
                Some(t) => (t, false),
                None => (EventType::Reject, true),
            };
            set.rules.push(Rule {
                id: e.id.clone(),
                event_type,
                cameo: e.cameo.clone(),
                mode: e.mode.clone(),
                context: e.context.clone(),
                // Below every hand rule; a pattern with more words outranks a shorter one.
                priority: 10 + 4 * segments.min(5) as i32,
                confidence: 0.55 + 0.05 * segments.min(3) as f32,
                requires: Vec::new(),
                excludes: Vec::new(),
                negated: None,
                official: None,
                speaker_acts: false,
                statement,
                lexicon: true,
            });
            let trig_idx = set.triggers.len() as u32;
            set.triggers.push(Trigger {
                rule: rule_idx,
                tail: e.after.iter().map(|a| (Link::Clause, a.clone())).collect(),
                before: e.before.clone(),
            });
            heads.add(e.heads.clone(), trig_idx);
        }
        set.lexicon = Some(heads.build()?);
        set.hash = with_lexicon(set.hash, lexicon.hash);
        Ok(set)
    }

    pub fn rule(&self, idx: u32) -> &Rule {
        &self.rules[idx as usize]
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Short hash of the rules text, for the extractor version.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// Every trigger in `sentence` whose rule's `excludes` hold (`requires` may be met
    /// by the article's title, so the caller checks it).
    /// `lower` is `sentence` lowercased (ASCII) — computed once by the caller.
    pub fn find(&self, sentence: &str, lower: &str) -> Vec<Hit> {
        self.scan(&self.hand, sentence, lower, |_, _| true)
    }

    /// Every CAMEO dictionary pattern in `sentence` (none without a dictionary) whose
    /// verb, at bytes `start..end`, `verb_ok` accepts: checked before the pattern's
    /// words, which most verbs never get to.
    pub fn find_lexicon(
        &self,
        sentence: &str,
        lower: &str,
        verb_ok: impl Fn(usize, usize) -> bool,
    ) -> Vec<Hit> {
        match &self.lexicon {
            Some(heads) => {
                let mut hits = self.scan(heads, sentence, lower, verb_ok);
                hits.retain(|h| !preposition_of_time(lower, h.end));
                hits
            }
            None => Vec::new(),
        }
    }

    fn scan(
        &self,
        heads: &Heads,
        sentence: &str,
        lower: &str,
        verb_ok: impl Fn(usize, usize) -> bool,
    ) -> Vec<Hit> {
        let bytes = sentence.as_bytes();
        let mut hits: Vec<Hit> = Vec::new();
        for m in heads.matcher.find_overlapping_iter(lower) {
            let (s, e) = (m.start(), m.end());
            if !word_boundary(bytes, s, e)
                || modifier_not_verb(&lower[s..e], &lower[e..])
                || other_sense(&lower[..s], &lower[s..e], &lower[e..])
                || !verb_ok(s, e)
            {
                continue;
            }
            for &t in &heads.pattern_trigger[m.pattern().as_usize()] {
                let trig = &self.triggers[t as usize];
                if !trig.before.is_empty() && !match_before(lower, s, &trig.before) {
                    continue;
                }
                let Some(end) = match_tail(lower, e, &trig.tail) else {
                    continue;
                };
                let rule = &self.rules[trig.rule as usize];
                if rule.excludes.iter().any(|x| x.rules_out(lower, s, end)) {
                    continue;
                }
                let hit = Hit {
                    rule: trig.rule,
                    start: s,
                    head_end: e,
                    end,
                    passive: trig.tail.iter().any(|(l, _)| *l == Link::Passive),
                };
                if !hits.contains(&hit) {
                    hits.push(hit);
                }
            }
        }
        hits
    }
}

/// A dictionary pattern that ends in a preposition ("CALL + ON": called someone on
/// something) and meets a time there ("called President Putin on Tuesday") reads an
/// adverbial as the pattern's object.
fn preposition_of_time(lower: &str, end: usize) -> bool {
    let before = lower[..end].trim_end();
    if ![" on", " in", " at", " during", " by"]
        .iter()
        .any(|p| before.ends_with(p))
    {
        return false;
    }
    let next = lower[end..]
        .trim_start()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    super::modality::weekday(next) || super::modality::month_name(next)
}

/// Trigger words that modify a noun rather than name an act: "close to the border",
/// "riot police", "attack helicopters", "bomb craters", "press briefing".
fn modifier_not_verb(found: &str, after: &str) -> bool {
    let next = after
        .trim_start_matches(' ')
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    match found {
        "close" => next == "to",
        "riot" => matches!(
            next,
            "police"
                | "gear"
                | "squad"
                | "squads"
                | "troops"
                | "control"
                | "shields"
                | "officers"
                | "units"
                | "act"
        ),
        "attack" => matches!(
            next,
            "helicopter"
                | "helicopters"
                | "submarine"
                | "submarines"
                | "dog"
                | "dogs"
                | "aircraft"
                | "jets"
                | "drones"
                | "boats"
        ),
        // "bomb craters", "a bomb shelter", "the bomb squad": places and people named
        // after bombs.
        "bomb" => matches!(
            next,
            "crater"
                | "craters"
                | "pond"
                | "ponds"
                | "shelter"
                | "shelters"
                | "disposal"
                | "squad"
                | "squads"
                | "detection"
                | "sniffer"
                | "technician"
                | "technicians"
                | "bay"
                | "bays"
        ),
        // "made the remarks at a press briefing when responding to a query".
        "press" => matches!(
            next,
            "briefing"
                | "briefings"
                | "conference"
                | "conferences"
                | "release"
                | "statement"
                | "secretary"
                | "office"
                | "officer"
                | "service"
                | "agency"
                | "freedom"
                | "corps"
                | "gallery"
                | "reports"
        ),
        _ => false,
    }
}

/// Finite verbs that make a complement a claim about what is or will be, not a demand.
const CLAIM_VERBS: &[&str] = &[
    "is", "are", "was", "were", "will", "would", "has", "have", "had", "could", "can", "did",
    "does", "do", "might", "may",
];

/// Trigger words in a sense that is no act: markets and sport ("oil demand", "prices
/// fell back down", "stormed to pole position", "the plant will be wound up",
/// "demonstrated the deterioration").
/// Runs on every automaton match, so the words around it are read only for the few
/// heads listed.
fn other_sense(before: &str, found: &str, after: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let next = || {
        after
            .trim_start_matches(' ')
            .split(|c: char| !word(c))
            .next()
            .unwrap_or("")
    };
    let prev = || {
        before
            .split(|c: char| !word(c))
            .rfind(|w| !w.is_empty())
            .unwrap_or("")
    };
    // A head may span words ("back down"): its first word decides.
    match found.split(' ').next().unwrap_or(found) {
        "demand" => {
            matches!(
                prev(),
                "oil"
                    | "fuel"
                    | "energy"
                    | "gas"
                    | "power"
                    | "electricity"
                    | "consumer"
                    | "customer"
                    | "external"
                    | "domestic"
                    | "global"
                    | "weak"
                    | "weaker"
                    | "strong"
                    | "stronger"
                    | "robust"
                    | "sluggish"
                    | "soft"
                    | "softer"
                    | "slowing"
                    | "rising"
                    | "falling"
                    | "moderating"
                    | "sapped"
                    | "sapping"
                    | "travel"
                    | "housing"
                    | "credit"
                    | "loan"
                    | "import"
                    | "export"
                    | "market"
                    | "aggregate"
                    | "chip"
                    | "steel"
                    | "commodity"
                    | "investor"
                    | "pent-up"
                    | "product"
                    | "food"
                    | "seasonal"
                    | "higher"
                    | "lower"
                    | "supply"
                    | "and"
            ) || matches!(
                next(),
                "destruction"
                    | "growth"
                    | "outlook"
                    | "side"
                    | "slowdown"
                    | "recovery"
                    | "rebound"
                    | "forecast"
                    | "forecasts"
                    | "and"
            )
        }
        "wound" => matches!(next(), "up" | "down"),
        "back" | "backed" | "backing" | "backs" => matches!(
            prev(),
            "fall"
                | "falls"
                | "fell"
                | "falling"
                | "came"
                | "come"
                | "comes"
                | "coming"
                | "went"
                | "go"
                | "goes"
                | "going"
                | "edged"
                | "slipped"
                | "drifted"
        ),
        "storm" | "stormed" | "storming" | "storms" => next() == "to",
        // "insisted that the party would win", "insisting the move was not a coup": a
        // claim; "insisted that the president step down" demands (a bare verb).
        "insist" | "insists" | "insisted" | "insisting" => {
            let clause = after
                .split([',', ';', '.', ':'])
                .next()
                .unwrap_or("")
                .trim_start();
            // "insisted on Monday that …" still leads to a complement; "insisted on
            // elections" demands them.
            let on_a_day = clause
                .strip_prefix("on ")
                .is_some_and(|rest| rest.split_whitespace().nth(1) == Some("that"));
            (!clause.starts_with("on ") || on_a_day)
                && clause
                    .split_whitespace()
                    .take(10)
                    .any(|w| CLAIM_VERBS.contains(&w))
        }
        // "the proceedings demonstrated the deterioration", "demonstrated its resolve",
        // "demonstrated dissatisfaction": showing something, not a street protest (which
        // takes no object).
        "demonstrate" | "demonstrated" | "demonstrates" | "demonstrating" => matches!(
            next(),
            "the"
                | "a"
                | "an"
                | "its"
                | "their"
                | "his"
                | "her"
                | "our"
                | "how"
                | "what"
                | "this"
                | "that"
                | "such"
                | "clear"
                | "strong"
                | "great"
                | "real"
                | "no"
                | "dissatisfaction"
                | "displeasure"
                | "commitment"
                | "resolve"
                | "goodwill"
                | "willingness"
                | "readiness"
        ),
        "lending" => matches!(
            next(),
            "margins"
                | "margin"
                | "rates"
                | "rate"
                | "growth"
                | "standards"
                | "business"
                | "volumes"
                | "activity"
                | "book"
                | "portfolio"
                | "income"
                | "practices"
        ),
        _ => false,
    }
}

fn word_boundary(b: &[u8], s: usize, e: usize) -> bool {
    (s == 0 || !b[s - 1].is_ascii_alphanumeric()) && (e >= b.len() || !b[e].is_ascii_alphanumeric())
}

/// Inside one sentence a full stop is an abbreviation ("U.N.", "Mr."); only these end
/// a trigger's window.
fn sentence_break(b: &[u8], i: usize) -> bool {
    matches!(b[i], b';' | b'!' | b'?')
}

/// Matches the words after the head; returns the end of the last one.
fn match_tail(lower: &str, mut pos: usize, tail: &[(Link, Vec<String>)]) -> Option<usize> {
    let b = lower.as_bytes();
    for (link, alts) in tail {
        // Window: up to six words in a gap, else the word right after the adverbial.
        let words = match link {
            Link::Gap | Link::Clause | Link::Passive => 7,
            Link::Adverbial => {
                let at = skip_adverbial(lower, pos);
                if at == pos {
                    return None;
                }
                pos = at;
                1
            }
        };
        let mut limit = pos;
        let mut seen = 0;
        // A passive form needs a "be" in its window; most noun heads have none, and are
        // let go before any participle is searched for.
        let mut be_seen = false;
        while limit < b.len() && seen < words {
            while limit < b.len() && !b[limit].is_ascii_alphanumeric() {
                // A clause break ends the window ("5.1 million" does not).
                if sentence_break(b, limit) || (*link == Link::Clause && b[limit] == b',') {
                    break;
                }
                limit += 1;
            }
            let word_start = limit;
            while limit < b.len()
                && (b[limit].is_ascii_alphanumeric() || matches!(b[limit], b'-' | b'\''))
            {
                limit += 1;
            }
            if *link == Link::Passive && !be_seen {
                be_seen = BE.iter().any(|w| w.as_bytes() == &b[word_start..limit]);
            }
            seen += 1;
            if limit < b.len()
                && (sentence_break(b, limit) || (*link == Link::Clause && b[limit] == b','))
            {
                break;
            }
        }
        if *link == Link::Passive && !be_seen {
            return None;
        }
        // An alternative must start inside the window and may run past it ("put its
        // troops along the border on full alert"). It starts where a word may start, so
        // only those few places are compared (a substring search per alternative cost
        // several per cent of the whole extractor: some tails list a hundred).
        let starts: Vec<usize> = (pos..limit)
            .filter(|&s| s == 0 || !b[s - 1].is_ascii_alphanumeric())
            .collect();
        let found = alts
            .iter()
            .filter_map(|a| {
                let a = a.as_bytes();
                starts.iter().find_map(|&s| {
                    let e = s + a.len();
                    // (The first byte rules out most places without a call to memcmp.)
                    (b.get(s) == a.first()
                        && b.get(s..e) == Some(a)
                        && word_boundary(b, s, e)
                        && (*link != Link::Passive || after_be(&lower[..s])))
                    .then_some(e)
                })
            })
            .min()?;
        pos = found;
    }
    Some(pos)
}

/// Each segment (any alternative) stands within six words before byte `head`, after the
/// last comma or clause break.
fn match_before(lower: &str, head: usize, before: &[Vec<String>]) -> bool {
    let b = lower.as_bytes();
    let mut from = head;
    let mut words = 0;
    while from > 0 && words < 6 {
        let c = b[from - 1];
        if c == b',' || sentence_break(b, from - 1) {
            break;
        }
        if c.is_ascii_alphanumeric() && (from == 1 || !b[from - 2].is_ascii_alphanumeric()) {
            words += 1;
        }
        from -= 1;
    }
    while !lower.is_char_boundary(from) {
        from += 1;
    }
    let window = &lower[from..head];
    before.iter().all(|alts| {
        alts.iter().any(|a| {
            window
                .match_indices(a.as_str())
                .any(|(i, _)| word_boundary(window.as_bytes(), i, i + a.len()))
        })
    })
}

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words that alone make an adverbial ("offered today to", "agreed unanimously to").
fn adverb(w: &str) -> bool {
    WEEKDAYS.contains(&w)
        || (w.len() > 4 && w.ends_with("ly") && w != "only")
        || matches!(
            w,
            "today"
                | "yesterday"
                | "tonight"
                | "overnight"
                | "again"
                | "also"
                | "earlier"
                | "once"
                | "now"
                | "early"
                | "late"
        )
}

/// How many words an adverbial starting at `words[0]` spans, or 0: a single adverb,
/// a time phrase ("on Saturday", "last week", "early on Tuesday"), or a short place
/// phrase of up to three words ("in Rome", "at an ECOWAS summit").
fn adverbial_len(words: &[&str]) -> usize {
    const TIME_NOUNS: &[&str] = &["week", "month", "year", "night", "morning", "evening"];
    let w = |i: usize| words.get(i).copied().unwrap_or("");
    if matches!(w(0), "on" | "last" | "this" | "late" | "early")
        && (WEEKDAYS.contains(&w(1)) || TIME_NOUNS.contains(&w(1)))
    {
        return 2;
    }
    if adverb(w(0)) {
        return 1;
    }
    if matches!(w(0), "in" | "at" | "during") {
        let phrase = (1..=3)
            .take_while(|&i| {
                let x = w(i);
                !x.is_empty() && !matches!(x, "to" | "on" | "in" | "with" | "that" | "for")
            })
            .count();
        return if phrase == 0 { 0 } else { phrase + 1 };
    }
    0
}

/// Skips time, manner and place adverbials that wire copy puts between a verb and its
/// particle ("offered on Saturday to", "agreed in Rome on Thursday to"), so `offer+ to`
/// still matches. Returns `pos` when there is none. A comma ends the search.
fn skip_adverbial(lower: &str, pos: usize) -> usize {
    // Most verbs are followed by no adverbial: decide on the first word without
    // collecting the rest.
    let first = lower[pos..]
        .trim_start_matches(' ')
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    if !(adverb(first) || matches!(first, "on" | "last" | "this" | "in" | "at" | "during")) {
        return pos;
    }
    // (start, end) of each word after `pos`, up to a comma or other punctuation.
    let mut spans = Vec::with_capacity(10);
    let b = lower.as_bytes();
    let mut i = pos;
    while spans.len() < 10 {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        let s = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'\'' | b'.')) {
            i += 1;
        }
        if s == i {
            break;
        }
        spans.push((s, i));
        if i < b.len() && b[i] != b' ' {
            break;
        }
    }
    let words: Vec<&str> = spans.iter().map(|&(s, e)| &lower[s..e]).collect();
    let mut k = 0;
    for _ in 0..4 {
        match adverbial_len(&words[k..]) {
            0 => break,
            n => k += n,
        }
    }
    if k == 0 || k > spans.len() || b.get(spans[k - 1].1).is_some_and(|&c| c != b' ') {
        pos
    } else {
        spans[k - 1].1
    }
}

type Compiled = (Vec<String>, Vec<(Link, Vec<String>)>);

/// Every phrase of `heads` followed by every word of `words` (the cross product
/// that expands alternatives word by word; an empty head takes the word alone).
pub(super) fn append_each(heads: &[String], words: &[String]) -> Vec<String> {
    heads
        .iter()
        .flat_map(|h| {
            words.iter().map(move |w| {
                if h.is_empty() {
                    w.clone()
                } else {
                    format!("{h} {w}")
                }
            })
        })
        .collect()
}

/// Expands one phrase: each `verb+` word into its forms, the others as written.
pub(super) fn expand_phrase(phrase: &str) -> Result<Vec<String>, String> {
    let mut out = vec![String::new()];
    for w in phrase.split_whitespace() {
        let forms = match w.strip_suffix('+') {
            Some(lemma) if !lemma.is_empty() => inflect(&lemma.to_lowercase()),
            Some(_) => return Err("a lone `+`".into()),
            None => vec![w.to_lowercase()],
        };
        out = append_each(&out, &forms);
        if out.len() > 4096 {
            return Err("too many combinations".into());
        }
    }
    if out.iter().any(String::is_empty) {
        return Err("empty alternative".into());
    }
    Ok(out)
}

/// Alternatives of one segment. `agree+ to|on|upon` shares its leading verb
/// (agree to, agree on, agree upon); `held talks|hold talks` lists whole phrases.
fn segment(seg: &str, head: bool) -> Result<Vec<String>, String> {
    let pieces: Vec<&str> = seg.split('|').map(str::trim).collect();
    let first_word = |p: &str| p.split_whitespace().next().unwrap_or("").to_string();
    let shared = head
        && pieces.len() > 1
        && first_word(pieces[0]).ends_with('+')
        && pieces[0].split_whitespace().count() >= 2
        && pieces[1..].iter().all(|p| !first_word(p).ends_with('+'));
    let mut out = Vec::new();
    if shared {
        let verb = first_word(pieces[0]);
        let rest0 = pieces[0][verb.len()..].trim();
        for alt in std::iter::once(rest0).chain(pieces[1..].iter().copied()) {
            out.extend(expand_phrase(&format!("{verb} {alt}"))?);
        }
    } else {
        for p in pieces {
            out.extend(expand_phrase(p)?);
        }
    }
    Ok(out)
}

/// Splits a trigger into its head phrases (expanded) and the alternatives of
/// each later segment (each after a gap of up to six words). A head that is a verb
/// and more words (`offer+ to`, `agree+ to|on`) gets a second form that lets a time
/// adverbial stand after the verb ("offered on Saturday to").
fn compile_trigger(t: &str) -> Result<Vec<Compiled>, String> {
    let segs: Vec<&str> = t.split("...").map(str::trim).collect();
    if segs.iter().any(|s| s.is_empty()) {
        return Err("empty trigger, or a gap at its start or end".into());
    }
    let heads = segment(segs[0], true)?;
    let mut tail = Vec::new();
    for s in &segs[1..] {
        tail.push((Link::Gap, segment(s, false)?));
    }
    let mut out = Vec::new();
    for (verb, rests) in verb_and_rests(segs[0]) {
        let mut alts = Vec::new();
        for r in rests {
            alts.extend(expand_phrase(r)?);
        }
        let mut t = vec![(Link::Adverbial, alts)];
        t.extend(tail.iter().cloned());
        out.push((inflect(&verb.to_lowercase()), t));
    }
    out.extend(passive_form(&segs));
    out.insert(0, (heads, tail));
    Ok(out)
}

/// Words that make a trigger's object segment something other than a noun phrase
/// ("ask+ ... to", "insist+ ... that"): such a trigger has no passive form.
const NOT_OBJECT: &[&str] = &[
    "to", "that", "for", "on", "upon", "with", "of", "in", "into", "at", "from", "by", "about",
    "against", "over", "as", "off", "out", "up", "down", "behind", "a", "an", "the", "his", "her",
    "its", "their", "our",
];

/// "announce+ ... ceasefire|truce" also reads in the passive, object first: "a
/// ceasefire between the two sides was announced". Only for a lone verb and one object
/// segment, and only its alternatives that are nouns. Lone verbs as alternatives
/// ("adopt+|approve+ ... sanctions") each give their participles.
fn passive_form(segs: &[&str]) -> Option<Compiled> {
    let [head, object] = segs else {
        return None;
    };
    let mut parts = Vec::new();
    for verb in head.split('|') {
        let lemma = verb.trim().strip_suffix('+')?;
        if lemma.is_empty() || lemma.contains([' ', '+']) {
            return None;
        }
        parts.extend(participles(lemma));
    }
    let nouns: Vec<String> = object.split('|').map(|a| a.trim().to_lowercase()).collect();
    let noun_like = |a: &String| {
        !a.is_empty() && !a.contains('+') && a.split_whitespace().all(|w| !NOT_OBJECT.contains(&w))
    };
    // "hold+ ... talks|round of talks": the nouns read in the passive ("talks were
    // held"), the phrase that is no plain noun does not.
    let nouns: Vec<String> = nouns.into_iter().filter(noun_like).collect();
    if nouns.is_empty() {
        return None;
    }
    Some((nouns, vec![(Link::Passive, parts)]))
}

/// The forms of "be" a passive form's participle follows.
const BE: &[&str] = &["was", "were", "been", "be", "being", "is", "are"];

/// Whether `before` ends with a form of "be" and a space ("… were ").
fn after_be(before: &str) -> bool {
    let Some(rest) = before.strip_suffix(' ') else {
        return false;
    };
    BE.contains(&rest.rsplit(' ').next().unwrap_or(rest))
}

/// A verb's past participles: the irregular one, else the "-ed" forms.
fn participles(lemma: &str) -> Vec<String> {
    if let Some(&(_, _, part)) = IRREGULAR.iter().find(|(l, _, _)| *l == lemma) {
        return vec![part.to_string()];
    }
    inflect(lemma)
        .into_iter()
        .filter(|f| f.ends_with("ed") && f != lemma)
        .collect()
}

/// The head segment's leading verbs and, for each, the words that follow it:
/// `agree+ to|on` → [("agree", ["to", "on"])]; `offer+ to|pledge+ to` → two verbs.
/// Bare alternatives share the leading verb as in [`segment`].
fn verb_and_rests(seg: &str) -> Vec<(&str, Vec<&str>)> {
    fn split(p: &str) -> Option<(&str, &str)> {
        let (first, rest) = p.trim().split_once(' ')?;
        let verb = first.strip_suffix('+')?;
        (!verb.is_empty()).then_some((verb, rest.trim()))
    }
    let pieces: Vec<&str> = seg.split('|').map(str::trim).collect();
    let starts_with_verb = |p: &str| p.split_whitespace().next().unwrap_or("").ends_with('+');
    let lead = pieces.first().and_then(|p| split(p));
    let shared =
        pieces.len() > 1 && lead.is_some() && !pieces[1..].iter().any(|p| starts_with_verb(p));
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        let vr = match (split(p), lead) {
            (Some(vr), _) if i == 0 || !shared => Some(vr),
            (_, Some((verb, _))) if shared => Some((verb, *p)),
            _ => None,
        };
        let Some((verb, rest)) = vr else { continue };
        match out.iter_mut().find(|(v, _)| *v == verb) {
            Some((_, rests)) => rests.push(rest),
            None => out.push((verb, vec![rest])),
        }
    }
    out
}

/// Whether `word` is an irregular past or participle ("held", "met", "shot"), so a
/// verb rather than a noun.
pub fn is_verb_form(word: &str) -> bool {
    IRREGULAR
        .iter()
        .any(|&(_, past, part)| past == word || part == word)
}

/// Irregular verbs: lemma, past, past participle.
const IRREGULAR: &[(&str, &str, &str)] = &[
    ("arise", "arose", "arisen"),
    ("bear", "bore", "borne"),
    ("beat", "beat", "beaten"),
    ("become", "became", "become"),
    ("begin", "began", "begun"),
    ("bind", "bound", "bound"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("bring", "brought", "brought"),
    ("build", "built", "built"),
    ("buy", "bought", "bought"),
    ("choose", "chose", "chosen"),
    ("come", "came", "come"),
    ("cut", "cut", "cut"),
    ("deal", "dealt", "dealt"),
    ("draw", "drew", "drawn"),
    ("drive", "drove", "driven"),
    ("fall", "fell", "fallen"),
    ("fight", "fought", "fought"),
    ("fly", "flew", "flown"),
    ("find", "found", "found"),
    ("flee", "fled", "fled"),
    ("forbid", "forbade", "forbidden"),
    ("forgive", "forgave", "forgiven"),
    ("freeze", "froze", "frozen"),
    ("get", "got", "got"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("hang", "hanged", "hung"),
    ("hold", "held", "held"),
    ("hit", "hit", "hit"),
    ("keep", "kept", "kept"),
    ("lay", "laid", "laid"),
    ("lead", "led", "led"),
    ("leave", "left", "left"),
    ("lend", "lent", "lent"),
    ("let", "let", "let"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("meet", "met", "met"),
    ("overthrow", "overthrew", "overthrown"),
    ("pay", "paid", "paid"),
    ("put", "put", "put"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shoot", "shot", "shot"),
    ("shut", "shut", "shut"),
    ("slay", "slew", "slain"),
    ("speak", "spoke", "spoken"),
    ("spend", "spent", "spent"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("strike", "struck", "struck"),
    ("swear", "swore", "sworn"),
    ("take", "took", "taken"),
    ("tear", "tore", "torn"),
    ("tell", "told", "told"),
    ("throw", "threw", "thrown"),
    ("undertake", "undertook", "undertaken"),
    ("uphold", "upheld", "upheld"),
    ("win", "won", "won"),
    ("withdraw", "withdrew", "withdrawn"),
    ("withhold", "withheld", "withheld"),
    ("write", "wrote", "written"),
];

/// Two-syllable verbs stressed on the last syllable double their consonant.
const DOUBLING: &[&str] = &[
    "admit", "commit", "compel", "control", "equip", "expel", "occur", "omit", "patrol", "permit",
    "propel", "rebel", "refer", "regret", "repel", "submit", "transmit", "acquit", "extol",
];

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// A verb's forms: lemma, third person, past, participle, gerund. Multi-word
/// lemmas ("hand over") inflect their first word.
pub fn inflect(lemma: &str) -> Vec<String> {
    if let Some((first, rest)) = lemma.split_once(' ') {
        return inflect(first)
            .into_iter()
            .map(|f| format!("{f} {rest}"))
            .collect();
    }
    let mut out = vec![lemma.to_string()];
    let b = lemma.as_bytes();
    let n = b.len();
    if n == 0 {
        return out;
    }
    if let Some(&(_, past, part)) = IRREGULAR.iter().find(|(l, _, _)| *l == lemma) {
        out.push(past.to_string());
        out.push(part.to_string());
    }
    // Third person singular (and noun plural).
    let third =
        if lemma.ends_with(['s', 'x', 'z']) || lemma.ends_with("sh") || lemma.ends_with("ch") {
            format!("{lemma}es")
        } else if n > 1 && b[n - 1] == b'y' && !is_vowel(b[n - 2]) {
            format!("{}ies", &lemma[..n - 1])
        } else {
            format!("{lemma}s")
        };
    out.push(third);
    let vowel_groups = b
        .windows(2)
        .filter(|w| is_vowel(w[1]) && !is_vowel(w[0]))
        .count()
        + usize::from(is_vowel(b[0]));
    let cvc = n >= 3
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
        && is_vowel(b[n - 2])
        && !is_vowel(b[n - 3]);
    let double = cvc && (vowel_groups == 1 || DOUBLING.contains(&lemma));
    let (past, gerund) = if lemma.ends_with("ee") {
        (format!("{lemma}d"), format!("{lemma}ing"))
    } else if lemma.ends_with("ie") {
        (format!("{lemma}d"), format!("{}ying", &lemma[..n - 2]))
    } else if lemma.ends_with('e') {
        (format!("{lemma}d"), format!("{}ing", &lemma[..n - 1]))
    } else if n > 1 && b[n - 1] == b'y' && !is_vowel(b[n - 2]) {
        (format!("{}ied", &lemma[..n - 1]), format!("{lemma}ing"))
    } else if double {
        let last = &lemma[n - 1..];
        (format!("{lemma}{last}ed"), format!("{lemma}{last}ing"))
    } else {
        (format!("{lemma}ed"), format!("{lemma}ing"))
    };
    if !IRREGULAR.iter().any(|(l, _, _)| *l == lemma) {
        out.push(past);
    }
    out.push(gerund);
    // Longer verbs ending consonant-vowel-consonant double in some words and spellings
    // only ("kidnapped", "targetted"): both forms are listed, an unused one costs nothing.
    if cvc && !double && !lemma.ends_with('l') {
        let last = &lemma[n - 1..];
        out.push(format!("{lemma}{last}ed"));
        out.push(format!("{lemma}{last}ing"));
    }
    // British spelling doubles a final l after one vowel: cancelled, travelling.
    if n >= 4 && b[n - 1] == b'l' && is_vowel(b[n - 2]) && !is_vowel(b[n - 3]) && !double {
        out.push(format!("{lemma}led"));
        out.push(format!("{lemma}ling"));
    }
    out.dedup();
    out
}

/// The fingerprint of hand rules (`rules`) and a dictionary (`lexicon`) together.
pub(crate) fn with_lexicon(rules: u64, lexicon: u64) -> u64 {
    fnv1a(format!("{rules:016x}{lexicon:016x}").as_bytes())
}

/// FNV-1a: a stable short fingerprint of the rules text for the version string.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflects_regular_and_irregular_verbs() {
        assert_eq!(
            inflect("attack"),
            vec!["attack", "attacks", "attacked", "attacking"]
        );
        assert!(inflect("ban").contains(&"banned".to_string()));
        assert!(inflect("expel").contains(&"expelled".to_string()));
        assert!(inflect("visit").contains(&"visited".to_string()));
        assert!(inflect("deny").contains(&"denied".to_string()));
        assert!(inflect("seize").contains(&"seized".to_string()));
        assert!(inflect("send").contains(&"sent".to_string()));
        assert!(inflect("hand over").contains(&"handed over".to_string()));
    }

    #[test]
    fn builtin_rules_compile_and_cover_all_categories() {
        let rs = RuleSet::parse(BUILTIN_RULES).expect("builtin rules");
        for t in EventType::ALL {
            assert!(
                rs.rules.iter().any(|r| r.event_type == t),
                "no rule for {t:?}"
            );
        }
    }

    #[test]
    fn triggers_with_gaps_and_alternatives() {
        let rs = RuleSet::parse(
            "[[rule]]\nid = \"x\"\ntype = \"AGREE\"\ncameo = \"057\"\ntriggers = [\"sign+ ... agreement|accord\"]\n",
        )
        .unwrap();
        let s = "They signed a new trade accord on Monday.";
        let hits = rs.find(s, &s.to_ascii_lowercase());
        assert_eq!(hits.len(), 1);
        assert_eq!(&s[hits[0].start..hits[0].end], "signed a new trade accord");
        let s = "They signed it; the accord was old.";
        assert!(rs.find(s, &s.to_ascii_lowercase()).is_empty());
    }

    #[test]
    fn object_triggers_also_read_in_the_passive() {
        let rs = RuleSet::parse(
            "[[rule]]\nid = \"x\"\ntype = \"CONSULT\"\ncameo = \"040\"\ntriggers = [\"hold+ ... talks|negotiations\", \"ask+ ... to\"]\n",
        )
        .unwrap();
        let found = |s: &str| -> Vec<String> {
            rs.find(s, &s.to_ascii_lowercase())
                .iter()
                .map(|h| s[h.start..h.end].to_string())
                .collect()
        };
        assert_eq!(
            found("Talks between the two sides were held in Geneva."),
            ["Talks between the two sides were held"]
        );
        assert_eq!(
            found("Negotiations will be held next week."),
            ["Negotiations will be held"]
        );
        assert!(found("Talks were postponed again.").is_empty());
        let passive = |s: &str| rs.find(s, &s.to_ascii_lowercase())[0].passive;
        assert!(passive("Talks were held in Geneva."));
        assert!(!passive("They held talks in Geneva."));
        // Only a verb and an object noun turn around: "asked ... to" has no passive form.
        assert_eq!(passive_form(&["ask+", "to"]), None);
        assert_eq!(passive_form(&["agree+ to", "ceasefire"]), None);
        // Lone verbs as alternatives each turn around.
        let (nouns, tail) = passive_form(&["adopt+|approve+", "sanctions|to act"]).unwrap();
        assert_eq!(nouns, ["sanctions"]);
        assert_eq!(tail[0].1, ["adopted", "approved"]);
        assert_eq!(passive_form(&["adopt+|approve+ to", "sanctions"]), None);
        assert_eq!(participles("hold"), ["held"]);
        assert_eq!(participles("sign"), ["signed"]);
    }

    #[test]
    fn adverbials_between_verb_and_particle_and_long_alternatives() {
        let rs = RuleSet::parse(
            "[[rule]]\nid = \"x\"\ntype = \"AGREE\"\ncameo = \"030\"\ntriggers = [\"offer+ to|agree+ on\", \"put+ ... on full alert\"]\n",
        )
        .unwrap();
        let found = |s: &str| {
            rs.find(s, &s.to_ascii_lowercase())
                .iter()
                .map(|h| s[h.start..h.end].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found("Pakistan offered on Saturday to host it."),
            ["offered on Saturday to"]
        );
        assert_eq!(found("They agreed today on a plan."), ["agreed today on"]);
        assert!(found("Pakistan offered bread to them.").is_empty());
        assert_eq!(
            found("Rebels agreed in Rome on Thursday on a truce."),
            ["agreed in Rome on Thursday on"]
        );
        assert!(found("Rebels agreed in Rome, on a truce.").is_empty());
        // The alternative starts within six words and may end beyond them.
        assert_eq!(
            found("Thailand put its troops along the Cambodian border on full alert."),
            ["put its troops along the Cambodian border on full alert"]
        );
    }

    #[test]
    fn longer_verbs_list_both_doubled_and_single_forms() {
        let forms = inflect("kidnap");
        assert!(forms.contains(&"kidnapped".to_string()));
        assert!(forms.contains(&"kidnaped".to_string()));
        assert!(inflect("fly").contains(&"flew".to_string()));
    }

    #[test]
    fn errors_name_the_line() {
        let bad_type =
            "[[rule]]\nid = \"x\"\ntype = \"HUG\"\ncameo = \"057\"\ntriggers = [\"hug+\"]\n";
        let e = RuleSet::parse(bad_type).unwrap_err().to_string();
        assert!(
            e.contains("line 3") && e.contains("unknown event type"),
            "{e}"
        );
        let syntax = "[[rule]]\nid = \"x\"\ntype = \"AGREE\"\ncameo = 057\"\n";
        let e = RuleSet::parse(syntax).unwrap_err().to_string();
        assert!(e.contains("line 4"), "{e}");
        let cameo =
            "[[rule]]\nid = \"x\"\ntype = \"AGREE\"\n\ncameo = \"5x\"\ntriggers = [\"a\"]\n";
        let e = RuleSet::parse(cameo).unwrap_err().to_string();
        assert!(e.contains("line 5") && e.contains("cameo"), "{e}");
    }
}
