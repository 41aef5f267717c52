//! Scoring extracted events against gold-coded sentences.
//!
//! The `eval` example extracts each gold sentence and feeds the extractor's answer here; the
//! arithmetic lives in the library so that it is tested on its own (`tests/eval_score.rs`).
//!
//! A gold file is JSONL, one sentence a line:
//!
//! - `text` (required); `id` or `sent_id` names it; `genre` groups the events-per-sentence
//!   figure; a `sent_id` ending in `-NNNN` names its document (`doc-0001`, `doc-0002`, ...).
//! - `event_type`: the PLOVER category the sentence reports as a real event; `"NONE"` (or no
//!   field) when it reports none. A file with no `event_type` anywhere only measures events
//!   per sentence.
//! - `also`: other PLOVER categories the same sentence reports; predicting one is right.
//! - `actor`, `recipient`: ISO3 codes, or `IGO`/`NGO`, any of which is right.
//! - `doubt`: `true` on a sentence whose coding was a borderline call when it was coded;
//!   the example's `--sure-only` leaves these out, to show how much the figures rest on them.
//! - `quad_class`: the five-way CAMEO class, `none` (no act: opinion, background),
//!   `statement` (CAMEO 01x comment), or one of `verbal_cooperation`, `material_cooperation`,
//!   `verbal_conflict`, `material_conflict` (CAMEO 02x appeals are verbal cooperation,
//!   10x demands verbal conflict).
//!
//! The scores:
//!
//! - Event type, micro P/R/F1 over sentences. The prediction is the extractor's most confident
//!   event. A prediction in the gold set (`event_type` and `also`) is a true positive; any
//!   other prediction is a false positive, also on a `NONE` sentence; a gold event with no
//!   right prediction is a false negative.
//! - Actor (and recipient) code accuracy on the true positives whose gold lists one.
//! - Five-way class: micro P/R/F1 over the four cooperation and conflict classes, where
//!   `none` and `statement` are the negative class (no event predicted); and the share of the
//!   sentences coded `none` or `statement` that are given any event.
//! - Events per sentence: every event the extractor reports for the sentence, by genre.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use crate::records::{Actor, EventType, QuadClass};

/// What a gold sentence says happened, in the five-way CAMEO classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GoldClass {
    /// Opinion, background or commentary: no act at all.
    NoAct,
    /// A comment (CAMEO 01x): said something, but did nothing PLOVER codes.
    Statement,
    Quad(QuadClassKey),
}

/// [`QuadClass`] with an order, for tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum QuadClassKey {
    VerbalCooperation,
    MaterialCooperation,
    VerbalConflict,
    MaterialConflict,
}

impl From<QuadClass> for QuadClassKey {
    fn from(q: QuadClass) -> Self {
        match q {
            QuadClass::VerbalCooperation => QuadClassKey::VerbalCooperation,
            QuadClass::MaterialCooperation => QuadClassKey::MaterialCooperation,
            QuadClass::VerbalConflict => QuadClassKey::VerbalConflict,
            QuadClass::MaterialConflict => QuadClassKey::MaterialConflict,
        }
    }
}

impl QuadClassKey {
    pub const ALL: [QuadClassKey; 4] = [
        QuadClassKey::VerbalCooperation,
        QuadClassKey::MaterialCooperation,
        QuadClassKey::VerbalConflict,
        QuadClassKey::MaterialConflict,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QuadClassKey::VerbalCooperation => "verbal_cooperation",
            QuadClassKey::MaterialCooperation => "material_cooperation",
            QuadClassKey::VerbalConflict => "verbal_conflict",
            QuadClassKey::MaterialConflict => "material_conflict",
        }
    }
}

impl GoldClass {
    pub fn parse(s: &str) -> Option<GoldClass> {
        match s {
            "none" => Some(GoldClass::NoAct),
            "statement" => Some(GoldClass::Statement),
            _ => QuadClassKey::ALL
                .into_iter()
                .find(|q| q.as_str() == s)
                .map(GoldClass::Quad),
        }
    }
}

#[derive(Deserialize)]
struct GoldLine {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    sent_id: Option<String>,
    #[serde(default)]
    genre: Option<String>,
    #[serde(default)]
    split: Option<String>,
    text: String,
    #[serde(default)]
    event_type: Option<String>,
    #[serde(default)]
    also: Vec<String>,
    #[serde(default)]
    actor: Vec<String>,
    #[serde(default)]
    recipient: Vec<String>,
    #[serde(default)]
    quad_class: Option<String>,
    #[serde(default)]
    doubt: bool,
}

/// One gold sentence, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldSentence {
    pub id: String,
    /// The document the sentence belongs to (its `sent_id` without the sentence number).
    pub doc: Option<String>,
    pub genre: Option<String>,
    /// The treebank split the sentence comes from (`dev` or `test`), when given.
    pub split: Option<String>,
    pub text: String,
    /// Whether the line codes events at all (`event_type` present).
    pub coded: bool,
    /// The main event first, then `also`; empty for `NONE`.
    pub events: Vec<EventType>,
    pub actor: Vec<String>,
    pub recipient: Vec<String>,
    pub class: Option<GoldClass>,
    /// The coder marked the call as borderline.
    pub doubt: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("line {line}: {reason}")]
    Line { line: usize, reason: String },
}

/// Parses a gold JSONL file; blank lines are skipped, anything else must be a valid record.
pub fn parse_gold(text: &str) -> Result<Vec<GoldSentence>, GoldError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: String| GoldError::Line {
            line: i + 1,
            reason,
        };
        let g: GoldLine = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        let parse_type =
            |s: &str| EventType::parse(s).ok_or_else(|| bad(format!("unknown event type {s:?}")));
        let mut events = Vec::new();
        let coded = g.event_type.is_some();
        match g.event_type.as_deref() {
            None | Some("NONE") => {
                if !g.also.is_empty() {
                    return Err(bad("`also` on a sentence with no event".into()));
                }
            }
            Some(t) => events.push(parse_type(t)?),
        }
        for t in &g.also {
            events.push(parse_type(t)?);
        }
        let class = match g.quad_class.as_deref() {
            None => None,
            Some(q) => {
                Some(GoldClass::parse(q).ok_or_else(|| bad(format!("unknown quad_class {q:?}")))?)
            }
        };
        if events.is_empty() && matches!(class, Some(GoldClass::Quad(_))) {
            return Err(bad("a cooperation or conflict class needs an event".into()));
        }
        if !events.is_empty() && matches!(class, Some(GoldClass::NoAct | GoldClass::Statement)) {
            return Err(bad("an event needs a cooperation or conflict class".into()));
        }
        let id = g
            .sent_id
            .clone()
            .or(g.id)
            .unwrap_or_else(|| format!("line-{}", i + 1));
        let doc = g.sent_id.as_deref().and_then(|s| {
            let (doc, n) = s.rsplit_once('-')?;
            n.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| doc.to_string())
        });
        out.push(GoldSentence {
            id,
            doc,
            genre: g.genre,
            split: g.split,
            text: g.text,
            coded,
            events,
            actor: g.actor,
            recipient: g.recipient,
            class,
            doubt: g.doubt,
        });
    }
    Ok(out)
}

/// The code an actor has in the gold standard: its country, or IGO/NGO.
pub fn actor_code(a: &Actor) -> Option<String> {
    a.country.clone().or_else(|| match a.kind.as_str() {
        "igo" => Some("IGO".into()),
        "ngo" => Some("NGO".into()),
        _ => None,
    })
}

/// The extractor's answer for one sentence, reduced to what is scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicted {
    pub event_type: EventType,
    pub quad: QuadClass,
    pub actor: Option<String>,
    pub recipient: Option<String>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub tp: u32,
    pub fp: u32,
    pub fn_: u32,
}

impl Counts {
    /// Precision, recall and F1; 0 where undefined.
    pub fn prf(self) -> (f64, f64, f64) {
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }

    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// `a / b`, or 0 when `b` is 0.
pub fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

/// Right answers out of those scored.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Hits {
    pub right: u32,
    pub of: u32,
}

impl Hits {
    fn add(&mut self, right: bool) {
        self.of += 1;
        self.right += u32::from(right);
    }

    pub fn rate(self) -> f64 {
        ratio(self.right, self.of)
    }
}

/// The running score over a gold file.
#[derive(Debug, Default, Clone)]
pub struct Score {
    pub sentences: u32,
    /// Sentences whose line codes events (has `event_type`).
    pub coded: u32,
    /// Coded sentences with a gold event.
    pub gold_events: u32,
    pub per_type: BTreeMap<EventType, Counts>,
    /// Sentences given at least one event.
    pub with_event: u32,
    /// Actor code right, on true positives whose gold names an actor.
    pub actor_tp: Hits,
    /// Actor code right, on sentences with a gold actor and any prediction (the older figure
    /// in BENCHMARKS.md).
    pub actor_any: Hits,
    /// Actor code right, over every gold event with a gold actor.
    pub actor_all: Hits,
    pub recipient_tp: Hits,
    pub per_class: BTreeMap<QuadClassKey, Counts>,
    /// Gold `none` sentences given an event, and gold `statement` sentences.
    pub no_act_given_event: Hits,
    pub statement_given_event: Hits,
    /// Sentences and events by genre (every event, not only the most confident).
    pub by_genre: BTreeMap<String, (u32, u32)>,
    /// Each coded sentence's contribution to the event-type micro counts, for resampling.
    pub outcomes: Vec<Counts>,
}

impl Score {
    /// Scores one sentence: `top` is the extractor's most confident event for it and
    /// `events` the number of events it reported there.
    pub fn add(&mut self, gold: &GoldSentence, top: Option<&Predicted>, events: usize) {
        self.sentences += 1;
        let events = u32::try_from(events).unwrap_or(u32::MAX);
        let genre = gold.genre.clone().unwrap_or_else(|| "-".into());
        let g = self.by_genre.entry(genre).or_default();
        g.0 += 1;
        g.1 = g.1.saturating_add(events);
        if top.is_some() {
            self.with_event += 1;
        }
        if !gold.coded {
            return;
        }
        self.coded += 1;
        if !gold.events.is_empty() {
            self.gold_events += 1;
        }
        let type_ok = top.is_some_and(|p| gold.events.contains(&p.event_type));
        let mut outcome = Counts::default();
        match top {
            Some(p) if type_ok => {
                self.per_type.entry(p.event_type).or_default().tp += 1;
                outcome.tp += 1;
            }
            Some(p) => {
                self.per_type.entry(p.event_type).or_default().fp += 1;
                outcome.fp += 1;
            }
            None => {}
        }
        if !type_ok {
            if let Some(&main) = gold.events.first() {
                self.per_type.entry(main).or_default().fn_ += 1;
                outcome.fn_ += 1;
            }
        }
        self.outcomes.push(outcome);
        let actor_ok = top
            .and_then(|p| p.actor.as_ref())
            .is_some_and(|c| gold.actor.contains(c));
        // A NONE sentence may name who spoke; only events have an actor to score.
        if !gold.actor.is_empty() && !gold.events.is_empty() {
            self.actor_all.add(actor_ok);
            if top.is_some() {
                self.actor_any.add(actor_ok);
            }
            if type_ok {
                self.actor_tp.add(actor_ok);
            }
        }
        if type_ok && !gold.recipient.is_empty() {
            let ok = top
                .and_then(|p| p.recipient.as_ref())
                .is_some_and(|c| gold.recipient.contains(c));
            self.recipient_tp.add(ok);
        }
        if let Some(class) = gold.class {
            let pred = top.map(|p| QuadClassKey::from(p.quad));
            match class {
                GoldClass::NoAct => self.no_act_given_event.add(pred.is_some()),
                GoldClass::Statement => self.statement_given_event.add(pred.is_some()),
                GoldClass::Quad(_) => {}
            }
            let gold_q = match class {
                GoldClass::Quad(q) => Some(q),
                _ => None,
            };
            if let Some(p) = pred {
                if Some(p) == gold_q {
                    self.per_class.entry(p).or_default().tp += 1;
                } else {
                    self.per_class.entry(p).or_default().fp += 1;
                }
            }
            if let Some(q) = gold_q {
                if pred != Some(q) {
                    self.per_class.entry(q).or_default().fn_ += 1;
                }
            }
        }
    }

    /// Micro counts over all event types.
    pub fn micro(&self) -> Counts {
        let mut c = Counts::default();
        for v in self.per_type.values() {
            c.add(*v);
        }
        c
    }

    /// Micro counts over the four cooperation and conflict classes.
    pub fn class_micro(&self) -> Counts {
        let mut c = Counts::default();
        for v in self.per_class.values() {
            c.add(*v);
        }
        c
    }

    /// Sentences coded `none` or `statement` that were given an event.
    pub fn plain_given_event(&self) -> Hits {
        Hits {
            right: self.no_act_given_event.right + self.statement_given_event.right,
            of: self.no_act_given_event.of + self.statement_given_event.of,
        }
    }

    /// A bootstrap interval for the event-type micro F1: the `lo` and `hi` quantiles (such as
    /// 0.025 and 0.975) of F1 over `rounds` resamples of the coded sentences, drawn with
    /// replacement by a fixed generator so that a rerun prints the same interval.
    pub fn f1_interval(&self, rounds: usize, lo: f64, hi: f64) -> Option<(f64, f64)> {
        let n = self.outcomes.len();
        if n == 0 || rounds == 0 {
            return None;
        }
        // xorshift64*: no dependency, and the same draws on every platform.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        let mut f1s: Vec<f64> = (0..rounds)
            .map(|_| {
                let mut c = Counts::default();
                for _ in 0..n {
                    // The modulo bias is below 1e-15 for any file this size.
                    let i = usize::try_from(next() % n as u64).unwrap_or(0);
                    c.add(self.outcomes[i]);
                }
                c.prf().2
            })
            .collect();
        f1s.sort_by(f64::total_cmp);
        let at = |q: f64| {
            let k = (q * (rounds - 1) as f64).round() as usize;
            f1s[k.min(rounds - 1)]
        };
        Some((at(lo), at(hi)))
    }

    /// All events over all sentences.
    pub fn events_per_sentence(&self) -> f64 {
        let (s, e) = self
            .by_genre
            .values()
            .fold((0u32, 0u32), |(s, e), &(gs, ge)| {
                (s + gs, e.saturating_add(ge))
            });
        ratio(e, s)
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = |f: &mut fmt::Formatter<'_>, name: &str, c: Counts| {
            let (p, r, f1) = c.prf();
            writeln!(
                f,
                "{name:<20} {:>4} {:>4} {:>4} {p:>6.3} {r:>6.3} {f1:>6.3}",
                c.tp, c.fp, c.fn_
            )
        };
        let hits = |h: Hits| format!("{:.3} ({}/{})", h.rate(), h.right, h.of);
        if self.coded > 0 {
            writeln!(
                f,
                "{:<20} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}",
                "type", "tp", "fp", "fn", "P", "R", "F1"
            )?;
            for (t, c) in &self.per_type {
                row(f, t.as_str(), *c)?;
            }
            row(f, "micro", self.micro())?;
            if let Some((lo, hi)) = self.f1_interval(1000, 0.025, 0.975) {
                writeln!(
                    f,
                    "micro F1 95% bootstrap interval (1000 resamples of sentences): {lo:.3}-{hi:.3}"
                )?;
            }
            let none = self.coded - self.gold_events;
            writeln!(
                f,
                "sentences: {}; gold with an event: {}; gold NONE: {none}; given an event: {}",
                self.coded, self.gold_events, self.with_event
            )?;
            writeln!(
                f,
                "actor-country accuracy on true positives: {}",
                hits(self.actor_tp)
            )?;
            writeln!(
                f,
                "actor-country accuracy, sentences with an event: {}; over all gold actors: {}",
                hits(self.actor_any),
                hits(self.actor_all)
            )?;
            writeln!(
                f,
                "recipient accuracy on true positives: {}",
                hits(self.recipient_tp)
            )?;
            if !self.per_class.is_empty() || self.plain_given_event().of > 0 {
                writeln!(f, "five-way class (statement/none = no event):")?;
                for q in QuadClassKey::ALL {
                    row(
                        f,
                        q.as_str(),
                        self.per_class.get(&q).copied().unwrap_or_default(),
                    )?;
                }
                row(f, "class micro", self.class_micro())?;
                writeln!(
                    f,
                    "plain statements given an event: {} (statement {}; none {})",
                    hits(self.plain_given_event()),
                    hits(self.statement_given_event),
                    hits(self.no_act_given_event)
                )?;
            }
        }
        for (g, (s, e)) in &self.by_genre {
            writeln!(
                f,
                "events per sentence, {g}: {:.3} ({e} events, {s} sentences)",
                ratio(*e, *s)
            )?;
        }
        writeln!(
            f,
            "events per sentence, all: {:.3}",
            self.events_per_sentence()
        )
    }
}
