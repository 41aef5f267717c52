//! Negation, intention, condition, denial and attribution around a trigger.
//!
//! Works on the ASCII-lowercased sentence (same byte offsets as the original).

use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::lexicon::{AUX, BE, HAVE};
use super::sentences::after_char;
use crate::records::EventType;

/// What the words around a trigger say about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frame {
    pub negated: bool,
    pub denied: bool,
    pub intended: bool,
    /// The intention is readiness ("prepared to resume shelling"): posturing, not a threat.
    pub prepared: bool,
    /// The act is only possible ("could impose sanctions", "might be widened"; not
    /// "may", which is as often the month).
    pub possible: bool,
    /// The condition clause ("only if all hostilities … ceased").
    pub condition: Option<String>,
}

/// Who voices a sentence's claim: "…, a diplomat said", "Aliyev said that …".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribution {
    /// The speaker phrase plus its speech verb, byte range in the sentence.
    pub start: usize,
    pub end: usize,
    /// Just the speaker phrase.
    pub speaker_start: usize,
    pub speaker_end: usize,
    /// After the claim (", a diplomat said") rather than before it ("Aliyev said that").
    pub trailing: bool,
}

// Verbs only: "states", "reports", "claims", "notes" are too often nouns.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "reported",
    "announced",
    "stated",
    "added",
    "claimed",
    "explained",
    "noted",
    "emphasized",
    "emphasised",
    "emphasizes",
    "stressed",
    "confirmed",
    "acknowledged",
    "indicated",
    "maintains",
    "maintained",
    "insisted",
    "argued",
    "wrote",
    "quoted",
    "disclosed",
    "revealed",
    "asserted",
    "remarked",
    "commented",
    "reiterated",
    "underlined",
    "highlighted",
];

/// Words that turn an offer or intention into its refusal.
const NEGATORS: &[&str] = &[
    "not",
    "no",
    "never",
    "nor",
    "neither",
    "cannot",
    "won't",
    "wouldn't",
    "didn't",
    "doesn't",
    "don't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "hasn't",
    "haven't",
    "hadn't",
    "can't",
    "couldn't",
    "shouldn't",
    "refused",
    "refuses",
    "refuse",
    "refusing",
    "declined",
    "declines",
    "decline",
    "declining",
    "rejected",
    "rejects",
    "reject",
    "rejecting",
    "ruled",
    "rules",
    "ruling",
    "against",
    "unwilling",
    "reluctant",
    "failed",
    "fails",
    "fail",
    "failing",
    "failure",
    "unable",
];

const DENIERS: &[&str] = &["denied", "denies", "deny", "denying", "denial"];

const INTENDERS: &[&str] = &[
    // "is likely to be lifted", "is due to meet", "is scheduled to meet": not yet done.
    "likely",
    "due",
    "scheduled",
    "poised",
    "will",
    "would",
    "could",
    "might",
    "shall",
    "plans",
    "plan",
    "planned",
    "planning",
    "intends",
    "intend",
    "intended",
    "intending",
    "consider",
    "considers",
    "considering",
    "considered",
    "ready",
    "prepared",
    "willing",
    "offered",
    "offers",
    "offer",
    "promised",
    "promises",
    "promise",
    "pledged",
    "pledges",
    "pledge",
    "vowed",
    "vows",
    "aims",
    "aim",
    "expected",
    "going",
    "hopes",
    "hope",
    "proposed",
    "proposes",
    "agreed",
    "agrees",
    "wants",
    "want",
    "seeks",
    "sought",
];

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'\'' || b == b'-'
}

/// Words of `lower[from..to]`, with their byte starts, last first.
fn words_back(lower: &str, from: usize, to: usize) -> Vec<(usize, &str)> {
    let b = lower.as_bytes();
    let mut out = Vec::new();
    let mut i = to;
    while i > from {
        while i > from && !is_word_byte(b[i - 1]) {
            // Clause breaks end the window.
            if matches!(b[i - 1], b',' | b';' | b':' | b'"' | b'(' | b')')
                || b[i - 1] >= 0x80 && is_break_char(lower, i)
            {
                return out;
            }
            i -= 1;
        }
        let end = i;
        while i > from && is_word_byte(b[i - 1]) {
            i -= 1;
        }
        if end > i {
            out.push((i, &lower[i..end]));
        }
    }
    out
}

/// Quotes and dashes (multi-byte) break clauses.
fn is_break_char(lower: &str, end: usize) -> bool {
    let from = end.saturating_sub(3);
    (from..end)
        .find_map(|k| lower.get(k..end))
        .and_then(|s| s.chars().last())
        .is_some_and(|c| matches!(c, '“' | '”' | '—' | '–'))
}

/// The modal frame of the trigger at `start..end`.
pub fn frame(text: &str, lower: &str, start: usize, end: usize) -> Frame {
    let mut f = Frame::default();
    let before = words_back(lower, 0, start);
    // "rejected the plan and threatened to …": a finite verb after "and" starts its
    // own clause, which an earlier refusal does not frame ("will not meet and talk" does).
    let finite = lower[start..end]
        .split_whitespace()
        .next()
        .is_some_and(|w| w.ends_with("ed"));
    for (k, &(_, w)) in before.iter().take(8).enumerate() {
        let w = w.trim_matches('\'');
        if w == "but" || w == "and" && finite {
            break;
        }
        if NEGATORS.contains(&w) || w.ends_with("n't") {
            // "not only" and "no longer … but" are not refusals; "ruled" needs "out".
            let next = if k > 0 { before[k - 1].1 } else { "" };
            if matches!(w, "ruled" | "rules" | "ruling") && next != "out" {
                continue;
            }
            if next == "only" && w == "not" {
                continue;
            }
            f.negated = true;
        }
        if DENIERS.contains(&w) {
            f.denied = true;
        }
        if INTENDERS.contains(&w) {
            f.intended = true;
            f.prepared |= matches!(
                w,
                "prepared" | "ready" | "preparing" | "prepares" | "readying"
            );
            f.possible |= matches!(w, "could" | "might");
        }
    }
    // A passive trigger carries its own modal: "the embargo is likely to be lifted",
    // "sanctions will be eased".
    let inner = &lower[start..end];
    if inner.contains(" be ")
        && inner
            .split_whitespace()
            .any(|w| INTENDERS.contains(&w) && !matches!(w, "agreed" | "agrees"))
    {
        f.intended = true;
        f.possible |= inner
            .split_whitespace()
            .any(|w| matches!(w, "could" | "might"));
    }
    // "meets his counterpart in Athens next week": a time ahead in the trigger's clause
    // (up to the next clause break) makes it not yet done, without an auxiliary.
    let clause_end = lower[end..]
        .find([',', ';', ':', '(', '"'])
        .map_or(lower.len(), |k| end + k);
    if time_ahead(&lower[end..clause_end]) || time_ahead(&lower[words_start(&before)..start]) {
        f.intended = true;
    }
    // "removing the sanctions is out of the question".
    let after = &lower[end..];
    if [
        "out of the question",
        "is not an option",
        "was not an option",
        "off the table",
    ]
    .iter()
    .any(|p| after.contains(p))
    {
        f.negated = true;
    }
    // "has no plans to", "ruled out sending": the negation frames the intention.
    if f.denied {
        f.negated = false;
    }
    f.condition = condition(lower, start, end).map(|c| restore_case(text, lower, &c));
    f
}

/// "peace talks … will not take place as planned", "the meeting was postponed": what
/// the trigger names was called off in its own clause, so it did not happen, and no
/// one refused it either.
pub fn called_off(lower: &str, end: usize) -> bool {
    // Runs for every trigger: most sentences name none of these, so look once first.
    let rest = &lower[end..];
    if !(rest.contains("not take place")
        || rest.contains("not be held")
        || rest.contains("postponed")
        || rest.contains("cancel")
        || rest.contains("called off"))
    {
        return false;
    }
    let mut own_clause = rest.split([',', ';', ':', '(', '"']).next().unwrap_or(rest);
    // Not a clause of its own inside it ("would pull out … unless the United States
    // called off its exercises").
    for w in [
        " that ",
        " unless ",
        " if ",
        " when ",
        " which ",
        " who ",
        " because ",
        " until ",
        " while ",
        " after ",
        " before ",
        " but ",
    ] {
        if let Some(k) = own_clause.find(w) {
            own_clause = &own_clause[..k];
        }
    }
    [
        "not take place",
        "not be held",
        "been postponed",
        "was postponed",
        "were postponed",
        "was cancelled",
        "were cancelled",
        "was canceled",
        "were canceled",
        "been cancelled",
        "been canceled",
        "called off",
    ]
    .iter()
    .any(|p| own_clause.contains(p))
}

/// Whether the trigger at `start` is in an "if"/"unless" clause, or in a "whether"
/// clause (a question asked: "questions over whether he will resign"): the nearest such
/// word before it with no clause break in between.
pub fn inside_condition(lower: &str, start: usize) -> bool {
    let before = &lower[..start];
    let clause = before
        .rfind([',', ';', ':', '.', '"', '“', '”'])
        .map_or(before, |p| &before[after_char(lower, p)..]);
    clause
        .split_whitespace()
        .any(|w| matches!(w, "if" | "unless" | "whether"))
}

/// Whether the trigger at `start..end` names an act that did not happen or no act in
/// particular, so no event: a counterfactual ("could have vetoed", "would have
/// attacked"), an act not expected ("was unlikely to concede"), or a habit ("often
/// accuse each other", "attack government interests from time to time", "arrested
/// several times"). Coders code
/// what happened; a habit is background.
pub fn unreal(lower: &str, start: usize, end: usize) -> bool {
    let before = &lower[..start];
    let clause = before
        .rfind([',', ';', ':', '"', '“', '”'])
        .map_or(before, |p| &before[after_char(lower, p)..]);
    // The last 14 words of the clause, nearest first: 8 for the frames next to the
    // trigger, all 14 for a claim's "that" further back.
    let far: Vec<&str> = clause.split_whitespace().rev().take(14).collect();
    let words = &far[..far.len().min(8)];
    let at = |i: usize| words.get(i).copied().unwrap_or("");
    // "could have vetoed", "would not have signed", "should have been arrested and
    // jailed"; not "would have talks" (a participle must follow "have").
    let trigger_word = lower[start..end].split_whitespace().next().unwrap_or("");
    let participle = |w: &str| {
        w == "been"
            || [
                "ed", "en", "wn", "ght", "ung", "ade", "id", "ld", "ne", "ck",
            ]
            .iter()
            .any(|e| w.ends_with(e))
    };
    let counterfactual = (0..6).any(|i| {
        at(i) == "have"
            && participle(if i == 0 { trigger_word } else { at(i - 1) })
            && (matches!(
                at(i + 1),
                "could" | "would" | "should" | "couldn't" | "wouldn't"
            ) || matches!(at(i + 1), "not" | "never")
                && matches!(at(i + 2), "could" | "would" | "should"))
    });
    let unexpected = (0..3).any(|i| at(i) == "to" && at(i + 1) == "unlikely")
        || at(0) == "be" && at(1) == "to" && at(2) == "unlikely";
    // The habit holds for the rest of its clause ("often accuse each other of violating").
    let habit = words.iter().any(|w| {
        matches!(
            *w,
            "often"
                | "frequently"
                | "regularly"
                | "routinely"
                | "usually"
                | "sometimes"
                | "occasionally"
                | "typically"
                | "habitually"
                | "always"
        )
    });
    // "has repeatedly refused to sign", "have repeatedly and categorically rejected": a
    // refusal held over time is a stance, not one act. Criticism or a call made
    // repeatedly is still made ("has repeatedly criticized the investigations").
    let refusal = |w: &str| {
        DENIERS.contains(&w)
            || ["refus", "reject", "declin", "dismiss", "rebuff", "spurn"]
                .iter()
                .any(|p| w.starts_with(p))
    };
    let repeated = (0..4).any(|i| {
        at(i) == "repeatedly"
            && HAVE.contains(&at(i + 1))
            && (refusal(trigger_word) || (0..i).any(|j| refusal(at(j))))
    });
    // "it looks like both missiles fell", "seems to have": a guess, not a report;
    // "faces up to 30 days in jail": a penalty that may come.
    let guess = (0..words.len()).any(|i| {
        matches!(at(i), "like" | "if") && matches!(at(i + 1), "looks" | "look" | "looked")
            || at(i) == "to" && matches!(at(i + 1), "seems" | "seem" | "seemed")
            || matches!(at(i), "faces" | "facing" | "face")
    });
    // "a complaint from the commission that he threatened its head", "allegations that
    // troops tortured prisoners": what a claim says was done is the claim's, not news.
    let claimed = far.iter().position(|w| *w == "that").is_some_and(|i| {
        far[i + 1..].iter().take(8).any(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric()),
                "complaint"
                    | "complaints"
                    | "allegation"
                    | "allegations"
                    | "accusation"
                    | "accusations"
                    | "claim"
                    | "claims"
                    | "charge"
                    | "charges"
                    | "rumour"
                    | "rumours"
                    | "rumor"
                    | "rumors"
                    | "suspicion"
                    | "suspicions"
                    | "speculation"
                    | "fears"
            )
        })
    });
    let after = &lower[end.min(lower.len())..];
    let rest = after.split([',', ';', '.']).next().unwrap_or("");
    // "has been arrested several times in recent years": a count of acts is a record.
    let counted = [
        "from time to time",
        "several times",
        "many times",
        "numerous times",
        "countless times",
        "on several occasions",
        "on many occasions",
        "on numerous occasions",
        "time and again",
    ]
    .iter()
    .any(|w| rest.contains(w));
    counterfactual || unexpected || habit || repeated || guess || claimed || counted
}

/// Where the window of words before the trigger starts (the trigger itself without them).
fn words_start(before: &[(usize, &str)]) -> usize {
    before[..before.len().min(8)].last().map_or(0, |&(p, _)| p)
}

/// "monday" … "sunday" (lower case).
pub(super) fn weekday(w: &str) -> bool {
    matches!(
        w,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// "january" … "december" (lower case; "may" is left out, being a modal as often).
pub(super) fn month_name(w: &str) -> bool {
    matches!(
        w,
        "january"
            | "february"
            | "march"
            | "april"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}

/// "next week", "tomorrow", "later this month", "later tonight", "next Tuesday": a time
/// still ahead ("later that day" is not).
fn time_ahead(words: &str) -> bool {
    let ws: Vec<&str> = words
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    ws.iter().enumerate().any(|(i, &w)| {
        let next = ws.get(i + 1).copied().unwrap_or("");
        w == "tomorrow"
            || matches!(w, "next" | "coming" | "upcoming")
                && (weekday(next)
                    || matches!(
                        next,
                        "week"
                            | "month"
                            | "year"
                            | "weekend"
                            | "spring"
                            | "summer"
                            | "autumn"
                            | "winter"
                            | "fall"
                            | "days"
                            | "weeks"
                            | "months"
                    ))
            || w == "later" && matches!(next, "this" | "today" | "tonight")
    })
}

/// A condition clause in the sentence: "if …", "unless …", "provided that …";
/// "would only consider … if X" gives "only if X".
fn condition(lower: &str, start: usize, end: usize) -> Option<String> {
    const MARKERS: &[&str] = &[
        " if ",
        " unless ",
        " provided that ",
        " on condition that ",
        " as long as ",
        " only when ",
        " until ",
    ];
    // Searchers built once: `str::find` would build one per marker per call.
    static FINDERS: LazyLock<Vec<Finder<'static>>> =
        LazyLock::new(|| MARKERS.iter().map(|m| Finder::new(m.as_bytes())).collect());
    let (pos, marker) = MARKERS
        .iter()
        .zip(FINDERS.iter())
        .filter_map(|(m, f)| f.find(lower.as_bytes()).map(|p| (p, *m)))
        .min_by_key(|(p, _)| *p)?;
    // A condition placed before the trigger must be in its own clause ("If X, Y will …").
    if pos < start && !lower[pos..start].contains(',') {
        return None;
    }
    let _ = end;
    let from = pos + 1;
    let clause_start = lower[..pos]
        .rfind([',', ';', ':'])
        .map_or(0, |p| after_char(lower, p));
    let only = lower[clause_start..pos]
        .split_whitespace()
        .any(|w| w == "only");
    let clause_end = lower[pos + marker.len()..]
        .find([',', ';', '.', '?', '!', '"'])
        .map(|k| pos + marker.len() + k)
        .unwrap_or(lower.len());
    let mut to = clause_end;
    while to > from && !lower.as_bytes()[to - 1].is_ascii_alphanumeric() {
        to -= 1;
    }
    (to > from).then(|| {
        let text = &lower[from..to];
        if only && !text.starts_with("only") {
            format!("only {text}")
        } else {
            text.to_string()
        }
    })
}

/// The condition as written (the sentence's original case), found by its lowercase form.
fn restore_case(text: &str, lower: &str, cond: &str) -> String {
    let (prefix, body) = match cond.strip_prefix("only ") {
        Some(b) if !lower.contains(cond) => ("only ", b),
        _ => ("", cond),
    };
    match lower.find(body) {
        Some(p) => format!("{prefix}{}", &text[p..p + body.len()]),
        None => cond.to_string(),
    }
}

/// The attribution of a sentence, if any: trailing (", a diplomat said."),
/// leading ("Aliyev said the government …") or "according to …".
pub fn attribution(lower: &str) -> Option<Attribution> {
    let b = lower.as_bytes();
    // According to X (to the next comma or the end).
    static ACCORDING_TO: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("according to "));
    if let Some(p) = ACCORDING_TO.find(b) {
        let sp = p + "according to ".len();
        let se = lower[sp..]
            .find([',', '.', ';'])
            .map(|k| sp + k)
            .unwrap_or(lower.len());
        let start = if p > 1 && b[p - 2] == b',' { p - 2 } else { p };
        return Some(Attribution {
            start,
            end: se,
            speaker_start: sp,
            speaker_end: se,
            trailing: true,
        });
    }
    let words: Vec<(usize, usize)> = word_ranges(lower);
    for (idx, &(ws, we)) in words.iter().enumerate() {
        if !SPEECH_VERBS.contains(&&lower[ws..we]) {
            continue;
        }
        // Inverted: ", says <speaker>" or "” said the ministry, noting …" (not "said to
        // be", "said that"). The speaker ends the sentence or is followed by what a
        // speaker does ("…, noting that …", "…, who …"): in "Obasanjo, a former
        // president, said the agreement included …" the speaker leads.
        let before_verb = lower[..ws].trim_end();
        let inverting = matches!(&lower[ws..we], "said" | "says" | "added" | "adds" | "wrote");
        if inverting && before_verb.ends_with([',', '”', '"']) {
            let seg_end = lower[we..]
                .find([',', '.', ';'])
                .map_or(lower.len(), |k| we + k);
            let speaker = lower[we..seg_end].trim();
            let first = speaker.split_whitespace().next().unwrap_or("");
            let n = speaker.split_whitespace().count();
            let next = lower[seg_end..]
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .split_whitespace()
                .next()
                .unwrap_or("");
            let closes = next.is_empty()
                || next.ends_with("ing")
                || matches!(next, "who" | "in" | "on" | "at" | "according");
            // A speaker is a name, not a clause: in "Smith, a spokesman for the ministry,
            // said the ruling was unlawful" what follows "said" is what was said.
            if closes
                && !finite(speaker)
                && (1..=9).contains(&n)
                && !matches!(first, "to" | "that" | "it" | "this" | "there")
            {
                let sp = we + (lower[we..seg_end].len() - lower[we..seg_end].trim_start().len());
                let d = before_verb.len() - before_verb.chars().last().map_or(1, char::len_utf8);
                // The attribution ends with its speaker: what follows ("…, noting
                // that …") is still read.
                return Some(Attribution {
                    start: d,
                    end: seg_end,
                    speaker_start: sp,
                    speaker_end: sp + speaker.len(),
                    trailing: true,
                });
            }
        }
        // Trailing: ", <speaker> said" or "” <speaker> said" near the end.
        let tail = lower[we..].trim_matches(|c: char| !c.is_alphanumeric());
        let tail_words = if lower[we..].contains(['“', '"']) {
            usize::MAX
        } else {
            tail.split_whitespace().count()
        };
        let delimiter = lower[..ws].rfind([',', '”', '"']);
        if let Some(d) = delimiter {
            let cs = after_char(lower, d);
            let speaker = lower[cs..ws].trim();
            let n = speaker.split_whitespace().count();
            if (1..=8).contains(&n) && tail_words <= 4 {
                let sp = cs + (lower[cs..ws].len() - lower[cs..ws].trim_start().len());
                return Some(Attribution {
                    start: d,
                    end: lower.len(),
                    speaker_start: sp,
                    speaker_end: sp + speaker.len(),
                    trailing: true,
                });
            }
        }
        // Leading: "<speaker> said (that)" within the first words of the clause. Not a
        // passive ("clashes were reported between …"): its subject is what was said.
        if idx > 0 && BE.contains(&&lower[words[idx - 1].0..words[idx - 1].1]) {
            continue;
        }
        let lead_from = lower[..ws]
            .rfind([',', ';', '“', '"'])
            .map_or(0, |p| after_char(lower, p));
        // "Smith, a spokesman for the ministry, said …": the speaker and the appositives
        // after it, back to the clause's start.
        if lower[lead_from..ws].trim().is_empty() && lower[..ws].trim_end().ends_with(',') {
            let comma = lower[..ws].trim_end().len() - 1;
            let from = lower[..comma]
                .rfind([';', ':', '“', '"', '”'])
                .map_or(0, |p| after_char(lower, p));
            let chain = &lower[from..comma];
            let words = chain.split_whitespace().count();
            if chain.contains(',') && (2..=24).contains(&words) && !finite(chain) {
                let speaker_end = from + chain.trim_end().len();
                let sp = from + (chain.len() - chain.trim_start().len());
                return Some(Attribution {
                    start: sp,
                    end: we,
                    speaker_start: sp,
                    speaker_end,
                    trailing: false,
                });
            }
        }
        let speaker = lower[lead_from..ws].trim();
        let n = speaker.split_whitespace().count();
        // "rejected what it said were fake results": a clause ends with the speech verb.
        let embedded = speaker.split_whitespace().any(|w| w == "what");
        if (1..=9).contains(&n) && idx + 1 < words.len() && !embedded {
            let mut end = we;
            // "said that", "said on Monday that"
            for &(ns, ne) in words.iter().skip(idx + 1).take(4) {
                if &lower[ns..ne] == "that" {
                    end = ne;
                    break;
                }
            }
            let sp =
                lead_from + (lower[lead_from..ws].len() - lower[lead_from..ws].trim_start().len());
            return Some(Attribution {
                start: sp,
                end,
                speaker_start: sp,
                speaker_end: sp + speaker.len(),
                trailing: false,
            });
        }
    }
    None
}

/// Whether words hold an auxiliary, a "be" or "have", or "that": a clause, where a
/// speaker's name would have none.
fn finite(words: &str) -> bool {
    words
        .split_whitespace()
        .any(|w| BE.contains(&w) || HAVE.contains(&w) || AUX.contains(&w) || w == "that")
}

fn word_ranges(lower: &str) -> Vec<(usize, usize)> {
    let b = lower.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphabetic() {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphabetic() || b[i] == b'\'') {
                i += 1;
            }
            out.push((s, i));
        } else {
            i += 1;
        }
    }
    out
}

/// What a refused offer means: "will not send troops" → REJECT 1224. `None` when a
/// negated event is simply absent ("did not attack").
pub fn negate(t: EventType, cameo: &str) -> Option<(EventType, String)> {
    use EventType::*;
    let code = match t {
        Aid => match cameo {
            "071" | "0331" => "1221",
            "072" | "0332" => "1222",
            "073" | "0333" => "1223",
            "074" | "0334" => "1224",
            _ => "122",
        },
        Cooperate => match cameo {
            "061" => "1211",
            "062" => "1212",
            "063" => "1213",
            "064" => "1214",
            _ => "121",
        },
        Consult => "125",
        Concede | Retreat => "124",
        Agree | Support => "120",
        _ => return None,
    };
    Some((Reject, code.to_string()))
}

/// What an announced action means (PLOVER: future cooperation is AGREE, future
/// retreat is CONCEDE, a vowed attack is a threat).
pub fn intend(t: EventType, cameo: &str) -> (EventType, String) {
    use EventType::*;
    let (t, code) = match t {
        Consult => (Agree, "036"),
        Support => (Agree, "032"),
        Cooperate => (
            Agree,
            match cameo {
                "061" => "0311",
                "062" => "0312",
                "063" => "0313",
                "064" => "0314",
                _ => "031",
            },
        ),
        Aid => (
            Agree,
            match cameo {
                "071" => "0331",
                "072" => "0332",
                "073" => "0333",
                "074" => "0334",
                _ => "033",
            },
        ),
        // CAMEO 035x (intent to yield) is AGREE in the CAMEO-to-PLOVER table.
        Retreat | Concede => (
            Agree,
            match cameo {
                "0841" | "0842" => "0353",
                "085" => "0354",
                "086" | "0861" | "0862" | "0863" => "0355",
                "081" | "0811" | "0812" => "0351",
                "082" => "0352",
                "083" | "0831" | "0832" | "0833" | "0834" => "034",
                _ => "0356",
            },
        ),
        Assault => (Threaten, "138"),
        Coerce => (Threaten, "132"),
        Protest => (Threaten, "133"),
        _ => return (t, cameo.to_string()),
    };
    (t, code.to_string())
}

/// A sanction announced on a condition ("will impose tariffs unless Brasilia eases
/// its curbs", "could cut off aid if …") is a threat (CAMEO 131x), not yet a sanction.
pub fn conditional_sanction(cameo: &str) -> (EventType, String) {
    let code = match cameo.get(..3).unwrap_or("") {
        "162" => "1311",
        "163" => "1312",
        "161" | "166" => "1313",
        _ => "131",
    };
    (EventType::Threaten, code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(s: &str, trigger: &str) -> Frame {
        let lower = s.to_ascii_lowercase();
        let p = lower.find(trigger).unwrap();
        frame(s, &lower, p, p + trigger.len())
    }

    #[test]
    fn negation_intention_and_condition() {
        assert!(fr("Azerbaijan has no plans to send troops.", "send troops").negated);
        assert!(fr("Azerbaijan will not deploy any forces.", "deploy").negated);
        assert!(fr("They ruled out sending troops.", "sending").negated);
        assert!(!fr("They ruled the country and sent troops.", "sent troops").negated);
        let f = fr(
            "It would only consider contributing troops if all hostilities ceased.",
            "contributing",
        );
        assert!(f.intended && !f.negated);
        assert_eq!(
            f.condition.as_deref(),
            Some("only if all hostilities ceased")
        );
        assert!(fr("The army denied attacking the village.", "attacking").denied);
    }

    #[test]
    fn attribution_trailing_and_leading() {
        let s = "“Israel has killed many people in Gaza,” a diplomat said.";
        let a = attribution(&s.to_ascii_lowercase()).unwrap();
        assert_eq!(&s[a.speaker_start..a.speaker_end], "a diplomat");
        let s = "Aliyev said the government had discussed the force.";
        let a = attribution(&s.to_ascii_lowercase()).unwrap();
        assert_eq!(&s[a.speaker_start..a.speaker_end], "Aliyev");
        assert!(attribution("troops attacked the town on monday.").is_none());
    }

    #[test]
    fn attribution_inverted() {
        let speaker = |s: &str| {
            let a = attribution(&s.to_ascii_lowercase()).unwrap_or_else(|| panic!("{s}"));
            s[a.speaker_start..a.speaker_end].to_string()
        };
        let s = "The opposition leader is a nuisance, says Interior Minister Paul Rabuka.";
        assert_eq!(speaker(s), "Interior Minister Paul Rabuka");
        let s = "“We will not retreat,” said the ministry, noting that talks would go on.";
        assert_eq!(speaker(s), "the ministry");
        // After an apposition the speaker leads: what it said is no speaker.
        let s = "Obasanjo, a former Nigerian president, said the agreement included the release of prisoners, an end to fighting and aid.";
        let a = attribution(&s.to_ascii_lowercase());
        assert!(
            a.is_none_or(|a| !s[a.speaker_start..].starts_with("the agreement")),
            "{a:?}"
        );
    }
}
