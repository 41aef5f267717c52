//! The trigger's clause, read from the dependency parse of [`super::syntax`]: who acts
//! (the subject, or the "by" agent of a passive), who is acted on (an object or a
//! prepositional object that names an actor, never a place named as a landmark nor an
//! abstract noun), how the trigger stands in its clause, and the clause's tense,
//! modality and negation.
//!
//! Parsing costs more per sentence than the rest of extraction, so only a sentence
//! that already has a main trigger and an actor phrase is parsed (`Extractor::sentence`).
//! Where the parse gives nothing usable (no clause for the trigger), the word-order
//! heuristics of [`super::roles`] stand.

use super::actors::Span;
use super::syntax::{rel_is, Analyser, Clause, Intent, Link, Modal, Parse, Tense, Upos};

/// A parsed sentence and its clauses.
pub(super) struct Structure<'s> {
    pub parse: Parse<'s>,
    pub clauses: Vec<Clause>,
}

/// How the trigger word stands in the clause that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Standing {
    /// It is the clause's predicate ("Israel attacked …").
    Predicate,
    /// A noun that is an argument of the predicate ("launched an attack", "talks began").
    Argument,
    /// A noun inside another noun phrase ("the implications of the Fallujah assault"):
    /// a mention of an act, not a report of one.
    Nominal,
    /// A participle used as an adjective ("the besieged enclave").
    Modifier,
}

/// What the trigger's clause says. Actor and recipients are span indexes.
#[derive(Debug, Clone)]
pub(super) struct Reading {
    pub standing: Standing,
    /// The clause's predicate token.
    pub predicate: usize,
    pub passive: bool,
    /// The phrase that acts names an actor.
    pub actor: Option<usize>,
    /// Coordinated actors after the first ("Ethiopia and Eritrea agreed").
    pub co_actors: Vec<usize>,
    /// The clause has a subject (or agent) that is a common noun naming no actor ("the
    /// runner attacked", "the bill seeks"): nobody political acts.
    pub subject_not_actor: bool,
    /// The clause has a subject or an agent at all.
    pub has_subject: bool,
    /// Byte range of the subject phrase, when it stands right before its predicate
    /// (only auxiliaries, adverbs or "not" between).
    pub adjacent_subject: Option<(usize, usize)>,
    /// Spans the parse shows to be landmarks ("near the border with Morocco"), not
    /// anyone acted on.
    pub landmarks: Vec<usize>,
    /// Actors acted on, best first.
    pub recipients: Vec<usize>,
    /// "will meet", "is going to", "next week": not yet done.
    pub future: bool,
    /// "may", "might", "could", "would", "is likely to": not asserted.
    pub hypothetical: bool,
    /// "did not", "never", "no troops".
    pub negated: bool,
    /// Governed by "deny" ("denied attacking the village").
    pub denied: bool,
    /// The trigger reports an act rather than mentions one ([`Structure::reports`]).
    pub reports: bool,
    /// A noun trigger for an act that has not happened: "a possible offensive", "fears
    /// of an attack", "to avert a new attack", "foiled a plot to attack".
    pub speculative: bool,
    /// The trigger noun, or the phrase it qualifies, is what the predicate acts on:
    /// an object, an oblique or a passive subject ("restrain the protesting supporters",
    /// "called on the hundreds of protesters").
    pub acted_on: bool,
    /// A casualty participle after a noun, describing it inside another clause: "the
    /// officers killed have been identified", "a police sergeant killed in the north".
    pub describes_noun: bool,
}

/// Where a wire dateline that opens a sentence ends: "BEIJING, Sept. 30 (Xinhua) --
/// ", "MANILA, Philippines — ", "KYIV (Reuters) - ", "LONDON: ", "PETALING JAYA : ". A
/// dateline starts with a place in capitals, then a comma, a bracket, a colon or the
/// dash, and ends at the first dash or colon, within a few words. ("CENTCOM said …: " is
/// a sentence.)
pub(super) fn dateline_end(text: &str) -> Option<usize> {
    let caps = |w: &str| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase() || b == b'.');
    // The place: one or more words in capitals ("ADDIS ABABA", "PORT VILA").
    let mut place_end = 0;
    for w in text.split(' ') {
        let word = w.trim_end_matches([',', ':']);
        if !caps(word) {
            break;
        }
        place_end += w.len() + 1;
        if word.len() < w.len() {
            break;
        }
    }
    let place = text
        .get(..place_end.saturating_sub(1))?
        .trim_end_matches([',', ':']);
    if place.len() < 3 {
        return None;
    }
    let rest = &text[place.len()..];
    if ![",", " (", ":", " :", " -", " —", " –"]
        .iter()
        .any(|p| rest.starts_with(p))
    {
        return None;
    }
    let mut n = text.len().min(80);
    while !text.is_char_boundary(n) {
        n -= 1;
    }
    let head = &text[..n];
    [" -- ", " — ", " – ", " - ", ": "]
        .iter()
        .filter_map(|sep| head.find(sep).map(|i| i + sep.len()))
        .min()
        .filter(|&end| end < text.len())
}

/// Who acts unnamed in a clause ([`Structure::unnamed_actor`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unnamed {
    /// "he", "she", "it", "they".
    Pronoun,
    /// "we", "I": the speaker.
    FirstPerson,
    /// A proper name no list knows.
    Name,
    /// "the group", "ministers", "the statement".
    Group,
}

/// Words for a body or its voice that act for someone the sentence names elsewhere.
const GROUP_WORDS: &[&str] = &[
    "group",
    "movement",
    "ministers",
    "officials",
    "leaders",
    "lawmakers",
    "legislators",
    "members",
    "statement",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "delegation",
    "delegations",
    "sides",
];

/// Adjectives that make an act noun a prospect, not a happening.
const PROSPECTIVE: &[&str] = &[
    "possible",
    "potential",
    "imminent",
    "feared",
    "looming",
    "threatened",
    "planned",
    "prospective",
    "eventual",
    "future",
    "expected",
    "likely",
];

/// Verbs whose noun object is an act that did not (yet) happen; lemmas, inflected by
/// [`AVERTING_FORMS`].
const AVERTING: &[&str] = &[
    "avert",
    "prevent",
    "deter",
    "forestall",
    "fear",
    "brace",
    "thwart",
    "foil",
    "plan",
    "plot",
    "warn",
    "threaten",
    "risk",
];

/// Verbs whose noun argument is an act that happened: occurrence ("clashes erupted", "the
/// attack killed five", "killed in an attack") and light verbs that carry out an act
/// named by a noun ("launched an attack", "held talks", "imposed sanctions"). Lemmas,
/// inflected by [`OCCURRENCE_FORMS`]; "sped" is a form `inflect` does not know.
const OCCURRENCE: &[&str] = &[
    // occurrence
    "occur",
    "happen",
    "erupt",
    "break",
    "take",
    "rage",
    "continue",
    "spread",
    "escalate",
    "intensify",
    "begin",
    "start",
    "resume",
    // consequences that report the act
    "paralyse",
    "paralyze",
    "cripple",
    "shut",
    "disrupt",
    "ravage",
    "devastate",
    "engulf",
    "grip",
    "displace",
    "kill",
    "leave",
    "wound",
    "injure",
    "hit",
    "target",
    "destroy",
    "damage",
    "rock",
    "shake",
    "claim",
    "die",
    // a speaker who reports or confirms the act ("confirmed the arrest of 30
    // protesters"), and "says" taking the subject of a reported clause as its object,
    // which the parser does when it reads that clause's verb as a noun ("said the
    // airstrike hit", "says clashes … have left two dead")
    "say",
    "report",
    "confirm",
    // light verbs
    "launch",
    "carry",
    "mount",
    "stage",
    "conduct",
    "order",
    "step",
    "hold",
    "pay",
    "convene",
    "host",
    "chair",
    "attend",
    "sign",
    "reach",
    "impose",
    "make",
    "issue",
    "give",
    "provide",
    "send",
    "organize",
    "organise",
    "declare",
    "offer",
    "extend",
    "grant",
    "deliver",
    "seal",
    "strike",
    "open",
    "announce",
    "approve",
    "adopt",
    "pass",
    "file",
    "lodge",
    "lead",
    "join",
    "call",
    "agree",
    "conclude",
    "undertake",
    "perpetrate",
    "commit",
    "unleash",
    "execute",
    "accept",
    "suffer",
    "face",
    "speed",
    "sped",
    "accelerate",
    "complete",
    "tighten",
    "enforce",
    "maintain",
    "expand",
    // an act set going ("initiated a probe", "instituted an inquiry", "waged an
    // insurgency")
    "initiate",
    "institute",
    "commence",
    "wage",
    // a renewed or repeated act ("renewed threats", "repeated calls for")
    "renew",
    "repeat",
    "reiterate",
    // an act chosen or fallen back on ("opted for a walkout", "resorted to a hunger
    // strike", "embarked on a strike")
    "opt",
    "resort",
    "embark",
];

/// Verbs of setting something off: what they set off happened ("the arrest sparked
/// protests", "protests were triggered by the ruling"), what sets it off is only its
/// cause, reported or not ([`CAUSATIVE_FORMS`]).
const CAUSATIVES: &[&str] = &["spark", "trigger", "prompt"];

/// Meetings and calls, which one "has" as one holds them.
const CONSULTATIONS: &[&str] = &[
    "meeting",
    "meetings",
    "talks",
    "discussion",
    "discussions",
    "consultations",
    "call",
    "calls",
    "conversation",
    "summit",
];

/// Verbs of arriving somewhere, which carry the visit or talks one arrives for.
const ARRIVALS: &[&str] = &["arrive", "land", "travel", "fly", "head", "touch", "jet"];

/// What one travels for besides [`CONSULTATIONS`]: a visit, a tour, negotiations.
const VISITS: &[&str] = &["visit", "visits", "tour", "trip", "negotiations"];

/// Nouns whose "to" clause is an act offered, planned, refused or asked for: the rules
/// read these frames ("no plans to send troops" is a refusal).
const FRAME_NOUNS: &[&str] = &[
    "plan",
    "plans",
    "decision",
    "refusal",
    "offer",
    "offers",
    "agreement",
    "threat",
    "threats",
    "promise",
    "pledge",
    "call",
    "calls",
    "request",
    "demand",
    "demands",
    "bid",
    "attempt",
    "readiness",
    "willingness",
    "intention",
    "order",
    "orders",
    "proposal",
    "commitment",
    "vow",
    "ultimatum",
    "deal",
];

/// Nouns that carry the act named in their "of" phrase: "a wave of bombings", "a series
/// of attacks", "as a result of torture".
const CARRIERS: &[&str] = &[
    "wave",
    "waves",
    "series",
    "spate",
    "string",
    "campaign",
    "round",
    "rounds",
    "result",
    "wake",
    "number",
    "dozens",
    "hundreds",
    "day",
    "days",
    "week",
    "weeks",
    "night",
    // quantities of an act: "a new slew of sanctions", "a set of sanctions", "a barrage of
    // rockets", "the latest tranche of aid"
    "slew",
    "set",
    "package",
    "raft",
    "batch",
    "tranche",
    "barrage",
    "volley",
    "salvo",
    "flurry",
    // crowds of people who act: "thousands of protesters gathered", "a group of rioters"
    "thousands",
    "tens",
    "scores",
    "millions",
    "crowd",
    "crowds",
    "group",
    "groups",
];

/// Every form of the [`OCCURRENCE`] verbs, inflected once ([`super::rules::inflect`],
/// the rules' own verb forms).
static OCCURRENCE_FORMS: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| forms(OCCURRENCE));

/// Every form of the [`CAUSATIVES`], inflected once.
static CAUSATIVE_FORMS: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| forms(CAUSATIVES));

/// Every form of the [`ARRIVALS`] verbs, inflected once.
static ARRIVAL_FORMS: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| forms(ARRIVALS));

/// Every form of the [`AVERTING`] verbs, inflected once.
static AVERTING_FORMS: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| forms(AVERTING));

fn forms(lemmas: &[&str]) -> std::collections::HashSet<String> {
    lemmas
        .iter()
        .flat_map(|lemma| super::rules::inflect(lemma))
        .collect()
}

/// Whether `verb` (a lowercased form) is a form of an [`OCCURRENCE`] verb, also with
/// "re-" ("reimposed").
fn occurrence(verb: &str) -> bool {
    let known = |w: &str| OCCURRENCE_FORMS.contains(w);
    known(verb) || verb.strip_prefix("re").is_some_and(known)
}

/// "1988", "2016": a year of the last or this century.
pub(super) fn year(w: &str) -> bool {
    w.len() == 4
        && w.bytes().all(|b| b.is_ascii_digit())
        && (w.starts_with("19") || w.starts_with("20"))
}

/// Past forms that are never nouns, besides those in "-ed".
const IRREGULAR_PAST: &[&str] = &[
    "fought",
    "struck",
    "shot",
    "met",
    "sent",
    "held",
    "took",
    "beat",
    "hit",
    "led",
    "gave",
    "made",
    "told",
    "said",
    "sought",
    "began",
    "broke",
    "threw",
    "froze",
    "seized",
    "won",
    "lost",
    "left",
    "stole",
    "drove",
    "withdrew",
    "overran",
    "rose",
    "swore",
    "undertook",
    "blew",
    "fled",
    "fell",
    "flew",
    "spoke",
    "stood",
    "hid",
    "brought",
    "built",
    "bought",
    "caught",
    "chose",
    "came",
    "dealt",
    "drew",
    "fed",
    "forbade",
    "forgave",
    "got",
    "grew",
    "heard",
    "kept",
    "knew",
    "laid",
    "lent",
    "meant",
    "paid",
    "ran",
    "rode",
    "saw",
    "sold",
    "shook",
    "slew",
    "spent",
    "stuck",
    "swept",
    "taught",
    "tore",
    "thought",
    "upheld",
    "wrote",
    "overthrew",
    "overtook",
];

/// Whether a trigger's head words may be a noun rather than a verb in the past (which
/// needs no parse to be known as a report): "attack", "attacks", "fighting", "talks".
/// A word in "-ing" followed by more of the trigger is a verb with its object
/// ("contributing troops"), whatever the tagger makes of it.
pub(super) fn may_be_noun(head: &str) -> bool {
    let mut words = head.split_whitespace();
    let first = words.next().unwrap_or("");
    let gerund = first.ends_with("ing") && words.next().is_some();
    !(gerund || first.ends_with("ed") || IRREGULAR_PAST.contains(&first))
}

/// Prepositions of place, time and topic: their objects are where, when or what
/// about, not who is acted on.
const LOCATIVE: &[&str] = &[
    "in",
    "near",
    "inside",
    "outside",
    "across",
    "around",
    "throughout",
    "within",
    "through",
    "beside",
    "along",
    "during",
    "since",
    "before",
    "after",
    "until",
    "from",
    "over",
    "under",
    "behind",
    "beyond",
    "via",
    "amid",
    "despite",
    "about",
    "of",
    "like",
    "than",
    "as",
    "by",
];

/// Prepositions that name a landmark, never someone acted on.
const LANDMARK: &[&str] = &[
    "near", "outside", "beside", "along", "around", "toward", "towards", "across", "off", "beyond",
    "behind",
];

/// Nouns of time a parser may take for a subject ("Israel today mounted").
const TIME_WORDS: &[&str] = &[
    "today",
    "yesterday",
    "tonight",
    "tomorrow",
    "week",
    "weekend",
    "month",
    "year",
    "morning",
    "afternoon",
    "evening",
    "night",
    "day",
    "time",
];

/// Title words that are also adjectives ("the general election", "a general strike").
const TITLE_ADJECTIVES: &[&str] = &["general", "chief", "premier", "royal"];

/// The sentence has a title word that is also an adjective ("general", "chief").
pub(super) fn title_word(lower: &str) -> bool {
    TITLE_ADJECTIVES.iter().any(|w| {
        lower
            .match_indices(w)
            .any(|(i, _)| lower[..i].ends_with(' '))
    })
}

/// Words that make the word-order heuristics unsure and so call for the parse:
/// negation beyond the trigger's window, landmarks, denial.
const UNSURE: &[&str] = &[
    "no", "never", "near", "outside", "beside", "along", "border", "frontier", "deny", "denied",
    "denies", "denying",
];

/// Whether the sentence has one of the [`UNSURE`] words.
pub(super) fn unsure(lower: &str) -> bool {
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| UNSURE.contains(&w))
}

impl Reading {
    /// One line for `eval --trace`.
    pub fn describe(&self, st: &Structure<'_>, text: &str, spans: &[Span]) -> String {
        let name = |i: usize| &text[spans[i].start..spans[i].end];
        format!(
            "{:?}{} of {:?}: actor {:?}{} recipients {:?} passive={} future={} hypothetical={} negated={} denied={}",
            self.standing,
            if self.reports { "" } else { " (mentions, reports no act)" },
            st.parse.word(self.predicate),
            self.actor.map(name),
            if self.subject_not_actor { " (subject names no actor)" } else { "" },
            self.recipients.iter().map(|&i| name(i)).collect::<Vec<_>>(),
            self.passive,
            self.future,
            self.hypothetical,
            self.negated,
            self.denied
        )
    }
}

impl<'s> Structure<'s> {
    /// Tokenises, tags and parses the sentence.
    pub fn of(text: &'s str) -> Self {
        // "MANILA, Philippines — The China Coast Guard fired …": a dateline is no part of
        // the sentence's grammar (parsed with it, the dash becomes the root). The rest is
        // parsed alone and its tokens keep their offsets in the whole text.
        let from = dateline_end(text).unwrap_or(0);
        let mut parse = Analyser::builtin().analyse(&text[from..]);
        if from > 0 {
            for t in &mut parse.tokens {
                t.start += from;
                t.end += from;
            }
            parse.text = text;
        }
        let clauses = parse.clauses();
        Structure { parse, clauses }
    }

    /// Whether the verb at `pred` takes a "to"-infinitive of its own ("told Guterres to
    /// appoint an envoy"; not "told reporters he plans to visit", where the infinitive
    /// belongs to the reported clause).
    pub fn takes_infinitive(&self, pred: usize) -> bool {
        let p = &self.parse;
        let to = |k: usize| p.children(k).any(|c| self.lower(c) == "to");
        (0..p.tokens.len()).any(|k| {
            let t = &p.tokens[k];
            match t.head {
                Some(h) if h == pred => t.deprel == "xcomp" && to(k),
                // The parser may hang the infinitive on the one told ("told his
                // counterpart to start"): an infinitive on the verb's own object.
                Some(h) => {
                    t.deprel == "acl"
                        && p.tokens[h].head == Some(pred)
                        && matches!(p.tokens[h].deprel, "obj" | "iobj")
                        && to(k)
                }
                None => false,
            }
        })
    }

    /// Whether the verb at `pred` reports what is or was the case: its clausal
    /// complement is in the present or past with no modal, no condition and no future
    /// ("warned that the world is witnessing a catastrophe"; not "warned that it would
    /// retaliate", "warned that troops will respond", "that it is ready to strike",
    /// "warned Iran of consequences").
    pub fn says_what_is(&self, pred: usize) -> bool {
        // Any prospect after the verb keeps the threat, wherever the parse hangs it (a
        // tagger's slip can move "would be met with force" out of the complement).
        let prospect = |c: &Clause| {
            c.tense == Tense::Future
                || c.modal.is_some()
                || c.intent.is_some()
                || c.link == Link::Xcomp
                || c.mark
                    .is_some_and(|m| matches!(self.lower(m).as_str(), "if" | "unless"))
                || self.time_ahead(c.predicate)
        };
        // The words too, where a slip of the tagger leaves no clause for them.
        let prospect_word = (pred + 1..self.parse.tokens.len()).any(|k| {
            matches!(
                self.lower(k).as_str(),
                "will"
                    | "would"
                    | "wo"
                    | "'ll"
                    | "shall"
                    | "could"
                    | "can"
                    | "may"
                    | "might"
                    | "must"
                    | "should"
                    | "if"
                    | "unless"
                    | "ready"
                    | "prepared"
                    | "determined"
            )
        });
        !prospect_word
            && self
                .clauses
                .iter()
                .any(|c| c.governor == Some(pred) && c.link == Link::Ccomp && c.predicate > pred)
            && !self
                .clauses
                .iter()
                .any(|c| c.predicate > pred && prospect(c))
    }

    fn clause(&self, predicate: usize) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.predicate == predicate)
    }

    fn lower(&self, i: usize) -> String {
        self.parse.word(i).to_ascii_lowercase()
    }

    /// The trigger's own token: its first verb, else its first noun, else its first word.
    fn trigger_token(&self, start: usize, head_end: usize) -> Option<usize> {
        let r = self.parse.tokens_in(start, head_end);
        let t = &self.parse.tokens;
        r.clone()
            .find(|&k| t[k].upos == Upos::Verb)
            .or_else(|| {
                r.clone()
                    .find(|&k| matches!(t[k].upos, Upos::Noun | Upos::Propn))
            })
            .or_else(|| r.clone().next())
    }

    /// Who acts in the clause of `predicate` when the text does not name them: a
    /// personal pronoun ("they have been calling for"), a name no list knows ("Zhao
    /// urged", "PTI condemned") or a group word ("the group dismissed"). `None` when
    /// the clause has no actor phrase, or one that names an actor or a thing ("the
    /// storm threatened").
    pub fn unnamed_actor(&self, spans: &[Span], predicate: usize) -> Option<Unnamed> {
        let p = &self.parse;
        let a = self.clause(predicate)?.actor()?;
        let t = p.tokens[a];
        let word = self.lower(a);
        let (from, to) = p.span(a);
        let covered = spans
            .iter()
            .any(|x| x.start < to && x.end > from && !x.pronoun);
        match t.upos {
            Upos::Pron => match word.as_str() {
                "he" | "she" | "they" | "it" => Some(Unnamed::Pronoun),
                "we" | "i" => Some(Unnamed::FirstPerson),
                _ => None,
            },
            Upos::Propn if !covered => Some(Unnamed::Name),
            Upos::Noun if !covered && GROUP_WORDS.contains(&word.as_str()) => Some(Unnamed::Group),
            _ => None,
        }
    }

    /// The span that names the phrase headed by token `k`: one that covers `k`, else a
    /// name modifying it ("Lebanese villages", "Israel's embassy", "a group of Moroccan
    /// diplomats"). A title used as an adjective ("the general election") names nobody.
    pub fn span_for(&self, spans: &[Span], k: usize) -> Option<usize> {
        self.span_for_depth(spans, k, 0)
    }

    fn span_for_depth(&self, spans: &[Span], k: usize, depth: usize) -> Option<usize> {
        let t = self.parse.tokens[k];
        let covering = spans
            .iter()
            .position(|s| s.start <= t.start && t.end <= s.end);
        if let Some(i) = covering {
            // "The rebel group, FDD, insisted": a generic head takes the name beside it.
            if !spans[i].is_political() {
                if let Some(j) = self
                    .parse
                    .children(k)
                    .filter(|&c| self.parse.tokens[c].deprel == "appos")
                    .find_map(|c| self.span_for_depth(spans, c, depth + 1))
                    .filter(|&j| spans[j].is_political())
                {
                    return Some(j);
                }
            }
            return Some(i);
        }
        if depth > 2 {
            return None;
        }
        for c in self.parse.children(k) {
            let d = self.parse.tokens[c].deprel;
            let of = || {
                self.parse
                    .child(c, "case")
                    .is_some_and(|p| matches!(self.lower(p).as_str(), "of" | "from"))
            };
            let modifier = matches!(d, "amod" | "compound" | "nmod:poss" | "flat" | "appos")
                || (d == "nmod" && of() && t.upos != Upos::Propn);
            if !modifier {
                continue;
            }
            if let Some(i) = self.span_for_depth(spans, c, depth + 1) {
                if !self.title_as_adjective(&spans[i]) {
                    return Some(i);
                }
            }
        }
        None
    }

    /// "the general election": a title word that modifies a noun names no one.
    pub fn title_as_adjective(&self, s: &Span) -> bool {
        if s.how == super::actors::Resolution::Named || s.actor.person.is_some() {
            return false;
        }
        let Some(h) = self.parse.head_of(s.start, s.end) else {
            return false;
        };
        let t = self.parse.tokens[h];
        let word = self.lower(h);
        TITLE_ADJECTIVES.contains(&word.as_str())
            && (t.upos == Upos::Adj || t.deprel == "amod")
            && t.head
                .is_some_and(|g| g > h && self.parse.tokens[g].upos == Upos::Noun)
    }

    /// Reads the clause of the trigger at `start..head_end`; `None` when the parse has
    /// no clause for it.
    pub fn read(&self, spans: &[Span], start: usize, head_end: usize) -> Option<Reading> {
        let p = &self.parse;
        let tok = self.trigger_token(start, head_end)?;
        let t = p.tokens[tok];
        let standing;
        let pred;
        if self.clause(tok).is_some() {
            standing = Standing::Predicate;
            pred = tok;
        } else if t.upos == Upos::Verb
            && t.deprel == "amod"
            && t.head == Some(tok + 1)
            && tok > 0
            && (matches!(p.tokens[tok - 1].upos, Upos::Det | Upos::Adp)
                || p.tokens[tok - 1].deprel == "nmod:poss")
        {
            // "the besieged enclave", "its proposed deal": between a determiner and its noun.
            standing = Standing::Modifier;
            pred = p.predicate_of(tok, &self.clauses)?;
        } else {
            pred = p.predicate_of(tok, &self.clauses)?;
            let direct = t.head == Some(pred)
                && (rel_is(t.deprel, "obj")
                    || rel_is(t.deprel, "nsubj")
                    || rel_is(t.deprel, "obl")
                    || t.deprel == "iobj");
            standing = if direct {
                Standing::Argument
            } else {
                Standing::Nominal
            };
        }
        let c = self.clause(pred)?;
        let lower = |i: usize| self.lower(i);

        // Who acts.
        let actor_tok = c.actor();
        let mut actor = actor_tok.and_then(|a| self.span_for(spans, a));
        let mut subject_not_actor = actor.is_none()
            && actor_tok.is_some_and(|a| {
                let (from, to) = p.span(a);
                p.tokens[a].upos == Upos::Noun
                    && !TIME_WORDS.contains(&lower(a).as_str())
                    && !spans.iter().any(|x| x.start < to && x.end > from)
                    && p.conjuncts(a).len() == 1
            });
        // The subject phrase right before its verb: "the runner attacked", "the bill
        // would impose" (a parse that puts the subject far away is less trusted).
        let adjacent_subject = c
            .subject
            .filter(|&sj| !c.passive && sj < pred)
            .and_then(|sj| {
                let (from, to) = p.span(sj);
                let last = p.tokens.iter().rposition(|x| x.end <= to)?;
                let between_ok = (last + 1..pred)
                    .all(|k| matches!(p.tokens[k].upos, Upos::Aux | Upos::Adv | Upos::Part));
                between_ok.then_some((from, to))
            });
        let co_actors = actor_tok
            .map(|a| {
                p.conjuncts(a)
                    .into_iter()
                    .skip(1)
                    .filter_map(|k| self.span_for(spans, k))
                    .filter(|&i| Some(i) != actor)
                    .collect()
            })
            .unwrap_or_default();

        // Who is acted on: the patient, objects, an indirect object, then prepositional
        // objects that are not places or times; for a noun trigger, its own "on", "with",
        // "against" phrases first ("an attack on X", "talks with Y").
        let mut cands: Vec<usize> = Vec::new();
        if standing != Standing::Predicate {
            for o in p.prep_dependents(tok) {
                if o.prep
                    .is_none_or(|pr| !LOCATIVE.contains(&lower(pr).as_str()))
                {
                    cands.push(o.head);
                }
            }
        }
        if c.passive {
            cands.extend(c.subject);
        } else {
            cands.extend(c.objects.iter().copied());
        }
        cands.extend(c.indirect);
        for o in &c.obliques {
            if o.prep
                .is_some_and(|pr| !LOCATIVE.contains(&lower(pr).as_str()))
            {
                cands.push(o.head);
            }
        }
        let mut recipients: Vec<usize> = Vec::new();
        for k in cands {
            // "fired at police" acts on the police; "met at Camp David" names a place.
            let at_place = p
                .child(k, "case")
                .is_some_and(|pr| matches!(lower(pr).as_str(), "at" | "into"));
            for k in p.conjuncts(k) {
                if let Some(i) = self.span_for(spans, k) {
                    let place = at_place && spans[i].place;
                    if Some(i) != actor && !place && !recipients.contains(&i) {
                        recipients.push(i);
                    }
                }
            }
        }

        // "talks between Russia and Ukraine", "clashes erupted between police and
        // protesters": with nobody else to act, the first party acts on the others. (Not
        // for a subjectless verb: "Talks between … were postponed" tagged as a verb.)
        if actor.is_none() && (matches!(t.upos, Upos::Noun | Upos::Propn) || c.subject.is_some()) {
            if let Some(parties) = self.between_parties(spans, tok, pred) {
                actor = Some(parties[0]);
                subject_not_actor = false;
                recipients.retain(|r| !parties.contains(r));
                for &r in parties[1..].iter().rev() {
                    recipients.insert(0, r);
                }
            }
        }

        // An act noun that is only a prospect ("braces for a possible offensive", "to
        // avert a new attack"): its own modifier, or the verb that takes it.
        let speculative = standing != Standing::Predicate
            && (p.children(tok).any(|x| {
                matches!(p.tokens[x].deprel, "amod" | "advmod")
                    && PROSPECTIVE.contains(&lower(x).as_str())
            }) || t.head == Some(pred) && AVERTING_FORMS.contains(&lower(pred)));
        // Tense, modality, negation: the clause's own, and what governs it.
        let mut future = c.tense == Tense::Future;
        let mut hypothetical = matches!(
            c.modal,
            Some(Modal::May | Modal::Might | Modal::Could | Modal::Would)
        ) || c.intent == Some(Intent::Hypothetical)
            || c.mark
                .is_some_and(|m| matches!(lower(m).as_str(), "if" | "unless" | "whether"));
        if matches!(c.intent, Some(Intent::Plan | Intent::Promise)) {
            future = true;
        }
        // "a meeting next week", "will meet on Tuesday" need no auxiliary: a time ahead.
        let scope = if standing == Standing::Predicate {
            pred
        } else {
            tok
        };
        future |= self.time_ahead(scope) || self.time_ahead(pred);
        let negated = c.negated;
        let mut denied = false;
        let mut g = c.governor;
        let mut link = c.link;
        for _ in 0..3 {
            let Some(h) = g else { break };
            if !matches!(link, Link::Xcomp | Link::Ccomp | Link::Advcl | Link::Other) {
                break;
            }
            let w = lower(h);
            if w.starts_with("den")
                && matches!(w.as_str(), "deny" | "denied" | "denies" | "denying")
            {
                denied = true;
            }
            let Some(gc) = self.clause(h) else { break };
            if link == Link::Xcomp && matches!(gc.modal, Some(Modal::May | Modal::Might)) {
                hypothetical = true;
            }
            g = gc.governor;
            link = gc.link;
        }
        // A noun trigger that is what was denied ("denied the attack").
        if standing != Standing::Predicate
            && matches!(
                lower(pred).as_str(),
                "deny" | "denied" | "denies" | "denying"
            )
        {
            denied = true;
        }
        // Landmarks: a span under "near", "outside", "along" …, or after a border noun.
        let landmarks = (0..spans.len())
            .filter(|&i| {
                let Some(mut k) = p.head_of(spans[i].start, spans[i].end) else {
                    return false;
                };
                for _ in 0..4 {
                    if k == pred {
                        return false;
                    }
                    let landmark_prep = p
                        .child(k, "case")
                        .is_some_and(|pr| LANDMARK.contains(&lower(pr).as_str()));
                    if landmark_prep {
                        return true;
                    }
                    let Some(h) = p.tokens[k].head else {
                        return false;
                    };
                    if matches!(
                        lower(h).as_str(),
                        "border" | "borders" | "frontier" | "boundary"
                    ) {
                        return true;
                    }
                    k = h;
                }
                false
            })
            .collect();
        let reports = self.reports(tok, standing, c);
        let acted_on = standing != Standing::Predicate && {
            // Up from the trigger through the phrase it sits in ("the hundreds of
            // protesters", "the protesting supporters") to the predicate's argument.
            let mut k = tok;
            for _ in 0..3 {
                match p.tokens[k].head {
                    Some(h)
                        if h != pred
                            && matches!(p.tokens[k].deprel, "nmod" | "amod" | "compound") =>
                    {
                        k = h
                    }
                    _ => break,
                }
            }
            let rel = p.tokens[k].deprel;
            p.tokens[k].head == Some(pred)
                && (rel_is(rel, "obj")
                    || rel_is(rel, "obl")
                    || rel == "iobj"
                    || rel == "nsubj:pass")
        };
        // (The parse often hangs such a participle on the main verb as its subject or
        // object: with no subject, agent, auxiliary or subordinator of its own, right
        // after a noun, it is the noun's.)
        let describes_noun = standing == Standing::Predicate
            && c.aux.is_empty()
            && c.mark.is_none()
            && c.subject.is_none()
            && tok > 0
            && p.tokens[tok - 1].upos == Upos::Noun
            && c.agent.is_none()
            && casualty(&lower(tok))
            && (c.link == Link::Acl && !reports
                || ["nsubj", "obj", "obl", "nmod"]
                    .iter()
                    .any(|r| rel_is(p.tokens[tok].deprel, r)));
        Some(Reading {
            acted_on,
            describes_noun,
            reports,
            adjacent_subject,
            landmarks,
            standing,
            predicate: pred,
            passive: c.passive,
            actor,
            co_actors,
            subject_not_actor,
            has_subject: actor_tok.is_some(),
            recipients,
            future,
            hypothetical,
            negated,
            denied,
            speculative,
        })
    }

    /// The parties named by a "between A and B" phrase of the trigger `tok` or of its
    /// predicate `pred`, when it names at least two.
    fn between_parties(&self, spans: &[Span], tok: usize, pred: usize) -> Option<Vec<usize>> {
        let p = &self.parse;
        let phrases = p.prep_dependents(tok).into_iter().chain(
            (pred != tok)
                .then(|| p.prep_dependents(pred))
                .into_iter()
                .flatten(),
        );
        for o in phrases {
            if o.prep.is_none_or(|pr| self.lower(pr) != "between") {
                continue;
            }
            let mut parties: Vec<usize> = Vec::new();
            for k in p.conjuncts(o.head) {
                if let Some(i) = self.span_for(spans, k) {
                    if !parties.contains(&i) {
                        parties.push(i);
                    }
                }
            }
            if parties.len() >= 2 {
                return Some(parties);
            }
        }
        None
    }

    /// Whether the trigger token `tok`, standing as it does in clause `c`, reports an
    /// act. Event coders code what a clause asserts was done, not every act a sentence
    /// mentions:
    /// - a predicate reports, unless it is a state after a copula ("are committed to
    ///   leaving", "is opposed to") or a participle modifying a noun ("fundamentalists
    ///   opposed to the US presence");
    /// - a noun reports when a verb of occurrence or a light verb takes it ("launched an
    ///   attack", "the attack killed five", "clashes erupted", "there were clashes",
    ///   "killed in an attack", "held talks");
    /// - a noun inside another noun phrase ("the implications of the Fallujah assault")
    ///   or the argument of any other verb ("provoked by the US assault", "the
    ///   assassination has weakened the party") mentions an act as background.
    fn reports(&self, tok: usize, standing: Standing, c: &Clause) -> bool {
        let p = &self.parse;
        let t = p.tokens[tok];
        match standing {
            Standing::Modifier => false,
            // "Israel's scheme to destroy", "fundamentalists opposed to the US presence":
            // a clause that describes a noun.
            // unless the noun frames the act and is itself reported ("has no plans to
            // send troops", "announced a decision to withdraw").
            Standing::Predicate => {
                let Some(h) = t
                    .head
                    .filter(|&h| c.link == Link::Acl && p.tokens[h].upos.is_nominal())
                else {
                    return true;
                };
                // "Thousands of people marched in …" parsed as a noun phrase with no
                // verb of its own: a whole sentence has a predicate, so this is it. So
                // has a reported one ("Two people … were arrested, the opposition said",
                // parsed with "people" as the complement of "said").
                if (p.tokens[h].head.is_none() || p.tokens[h].deprel == "ccomp")
                    && !p.children(h).any(|k| {
                        let d = p.tokens[k].deprel;
                        d == "cop" || rel_is(d, "nsubj")
                    })
                {
                    return true;
                }
                let framed = FRAME_NOUNS.contains(&self.lower(h).as_str());
                let governor = p.tokens[h].head;
                framed
                    && governor.is_some_and(|g| {
                        let d = p.tokens[h].deprel;
                        let verb = self.lower(g);
                        (rel_is(d, "obj") || rel_is(d, "nsubj"))
                            && (matches!(verb.as_str(), "have" | "has" | "had")
                                || occurrence(&verb))
                    })
            }
            // Only a noun is judged by its place: a trigger read as an auxiliary ("must")
            // or an adjective is left to the rules.
            _ if t.upos != Upos::Noun => true,
            _ => {
                // "a hunger strike", "a mediation effort", "a wave of bombings", "as a
                // result of torture": the phrase that holds it stands for it.
                let mut k = tok;
                while let Some(h) = p.tokens[k].head.filter(|&h| p.tokens[h].upos == Upos::Noun) {
                    let d = p.tokens[k].deprel;
                    let carried = d == "compound"
                        || rel_is(d, "nmod") && CARRIERS.contains(&self.lower(h).as_str());
                    if !carried {
                        break;
                    }
                    k = h;
                }
                // "No participation is envisaged", "no plans": a refusal, which the
                // negation rules read.
                if p.children(k)
                    .any(|x| p.tokens[x].deprel == "det" && self.lower(x) == "no")
                {
                    return true;
                }
                let d = p.tokens[k].deprel;
                // "Demonstrators pelted the compound with rocks": a crowd of protesters
                // doing anything at all is the protest.
                // (A verbless root noun whose verb hangs from it is that verb's subject:
                // "Thousands of protesters have gathered", parsed with "Thousands" as root.)
                let root_subject = p.tokens[k].head.is_none()
                    && !p.children(k).any(|x| {
                        let dx = p.tokens[x].deprel;
                        dx == "cop" || rel_is(dx, "nsubj")
                    })
                    && p.children(k)
                        .any(|x| p.tokens[x].upos == Upos::Verb && x > k);
                if (d == "nsubj" && p.tokens[k].head == Some(c.predicate) || root_subject)
                    && [k, tok].iter().any(|&x| names_protesters(&self.lower(x)))
                {
                    return true;
                }
                // "After the invasion, sanctions intensified", "since it took power after the
                // U.S. invasion": an act that sets the time of another is background.
                let time_frame = rel_is(d, "obl")
                    && p.child(k, "case").is_some_and(|x| {
                        matches!(
                            self.lower(x).as_str(),
                            "after"
                                | "since"
                                | "before"
                                | "following"
                                | "until"
                                | "amid"
                                | "despite"
                        )
                    });
                let argument = p.tokens[k].head == Some(c.predicate)
                    && !time_frame
                    && (rel_is(d, "obj") || rel_is(d, "nsubj") || rel_is(d, "obl"));
                // "walked off the job in protest", "killing three in an attack": what
                // the clause's act was.
                let manner =
                    rel_is(d, "obl") && p.child(k, "case").is_some_and(|x| self.lower(x) == "in");
                argument
                    && (manner || p.child(c.predicate, "expl").is_some() || {
                        let verb = self.lower(c.predicate);
                        // "will have talks with", "is scheduled to have a meeting":
                        // "have" carries out only a meeting or a call (not "has
                        // sanctions on Iran", a state).
                        occurrence(&verb)
                            || (d == "obj" || d == "nsubj:pass")
                                && CAUSATIVE_FORMS.contains(verb.as_str())
                            || rel_is(d, "obj")
                                && matches!(verb.as_str(), "have" | "has" | "had" | "having")
                                && CONSULTATIONS.contains(&self.lower(k).as_str())
                            // "landed in Beijing on an official visit", "arrived for
                            // talks": a visit one travels on is made.
                            || rel_is(d, "obl")
                                && ARRIVAL_FORMS.contains(verb.as_str())
                                && p.child(k, "case")
                                    .is_some_and(|x| matches!(self.lower(x).as_str(), "on" | "for"))
                                && (VISITS.contains(&self.lower(k).as_str())
                                    || CONSULTATIONS.contains(&self.lower(k).as_str()))
                    })
            }
        }
    }

    /// Whether a year ("in 2016", "in late 2019") or "ago" or "last year" dates the
    /// clause of `pred` itself, not a phrase inside it: the first verb above the date is
    /// `pred` ("agreed a peace deal with the government in 2016"; not "offered to hand
    /// over two nationals suspected of blowing up a plane in 1988").
    pub fn dated_earlier(&self, pred: usize) -> bool {
        let p = &self.parse;
        (0..p.tokens.len())
            .filter(|&k| {
                let w = self.lower(k);
                year(&w) || w == "ago" || w == "year" && k > 0 && self.lower(k - 1) == "last"
            })
            .any(|k| {
                let mut h = p.tokens[k].head;
                for _ in 0..6 {
                    match h {
                        // "the conflict began in 2014 when the Houthis seized Sanaa": a
                        // "when" clause shares the date of the verb it hangs from.
                        Some(v) if p.tokens[v].upos == Upos::Verb => {
                            return v == pred
                                || p.tokens[pred].head == Some(v)
                                    && p.tokens[pred].deprel == "advcl"
                                    && p.children(pred).any(|c| self.lower(c) == "when")
                        }
                        // "after his electoral defeat in 2022": a phrase of time
                        // ("after", "since") dates its own noun, not the verb above.
                        Some(v)
                            if p.child(v, "case")
                                .or_else(|| p.child(v, "mark"))
                                .is_some_and(|c| {
                                    matches!(
                                        self.lower(c).as_str(),
                                        "after" | "before" | "since" | "following"
                                    )
                                }) =>
                        {
                            return false
                        }
                        Some(v) => h = p.tokens[v].head,
                        None => return false,
                    }
                }
                false
            })
    }

    /// Whether a clause's predicate verb lies in the byte range ("embargo on Iran is
    /// likely to be lifted": the act is the later verb), or the parse found no verb at
    /// all (a headline, or a verb tagged as a noun: then the parse cannot tell a report
    /// from a mention).
    pub fn verb_in_or_none(&self, start: usize, end: usize) -> bool {
        let t = &self.parse.tokens;
        let is_verb = |k: usize| t[k].upos == Upos::Verb;
        // A copula is a predicate too ("It was similar to an attack on …").
        !(0..t.len()).any(|k| is_verb(k) || t[k].deprel == "cop")
            || self
                .parse
                .tokens_in(start, end)
                // Not a clause that only describes a noun ("a deal involving prisoners to
                // be released"): that verb mentions its act too. One that names who did
                // it reports it ("nine diplomats summoned by Turkey").
                .any(|k| {
                    is_verb(k)
                        && self.clause(k).is_some_and(|c| {
                            !matches!(c.link, Link::Acl | Link::Relcl)
                                || c.link == Link::Acl && self.has_agent(k)
                        })
                })
    }

    /// A participle's "by" phrase names who acted: "summoned by Turkey" (not "to be
    /// released by the government", an act to come).
    fn has_agent(&self, k: usize) -> bool {
        let p = &self.parse;
        let bare = !p
            .children(k)
            .any(|c| matches!(p.tokens[c].deprel, "mark" | "aux" | "aux:pass"));
        bare && p.children(k).any(|c| {
            let d = p.tokens[c].deprel;
            d == "obl:agent"
                || rel_is(d, "obl") && p.child(c, "case").is_some_and(|x| self.lower(x) == "by")
        })
    }

    /// A time ahead modifies token `k`: "next week", "tomorrow", "later this month".
    fn time_ahead(&self, k: usize) -> bool {
        let p = &self.parse;
        p.children(k).any(|c| {
            let d = p.tokens[c].deprel;
            if !(rel_is(d, "obl") || rel_is(d, "nmod") || d == "advmod") {
                return false;
            }
            let w = self.lower(c);
            w == "tomorrow"
                || p.children(c).any(|x| {
                    matches!(self.lower(x).as_str(), "next" | "coming" | "upcoming")
                        && matches!(p.tokens[x].deprel, "amod" | "det")
                })
        })
    }
}

/// Participles that count a conflict's casualties ("the soldiers killed").
pub(super) fn casualty(word: &str) -> bool {
    matches!(
        word,
        "killed" | "slain" | "wounded" | "injured" | "hurt" | "murdered"
    )
}

/// Words after which a participle is a verb's, not a noun's description.
pub(super) fn governs_participle(word: &str) -> bool {
    const AUXILIARY: &[&str] = &[
        "be",
        "been",
        "being",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "not",
        "never",
        "also",
        "reportedly",
        "allegedly",
        "who",
        "which",
        "that",
        "and",
        "or",
        "but",
        "then",
        "later",
    ];
    AUXILIARY.contains(&word)
}

/// A word that names people protesting rather than the protest ("protesters",
/// "the protesting supporters").
pub(super) fn names_protesters(word: &str) -> bool {
    matches!(
        word,
        "protester"
            | "protesters"
            | "protestor"
            | "protestors"
            | "protesting"
            | "demonstrator"
            | "demonstrators"
            | "demonstrating"
            | "rioters"
            | "marchers"
    )
}

#[cfg(test)]
mod tests {
    use super::dateline_end;

    #[test]
    fn a_dateline_is_a_place_in_capitals_before_a_dash_or_colon() {
        for (text, rest) in [
            (
                "MANILA, Philippines \u{2014} The coast guard fired.",
                "The coast guard fired.",
            ),
            (
                "BEIJING, Sept. 30 (Xinhua) -- Xi met Tillerson.",
                "Xi met Tillerson.",
            ),
            ("KYIV (Reuters) - Russia attacked.", "Russia attacked."),
            (
                "ADDIS ABABA \u{2013} Many soldiers died.",
                "Many soldiers died.",
            ),
            (
                "LONDON: The UK imposed sanctions.",
                "The UK imposed sanctions.",
            ),
            // Some outlets set a space before the colon.
            (
                "PETALING JAYA : A former aide was arrested.",
                "A former aide was arrested.",
            ),
        ] {
            assert_eq!(dateline_end(text).map(|i| &text[i..]), Some(rest), "{text}");
        }
        // An acronym that is the subject, a word in capitals mid-sentence: no dateline.
        for text in [
            "CENTCOM said in a statement on the strikes: \"These weapons were destroyed.\"",
            "NATO SUMMIT",
            "US officials said: no talks.",
        ] {
            assert_eq!(dateline_end(text), None, "{text}");
        }
    }
}
