//! Who acts and who receives, from clause structure around a trigger: the
//! subject before the verb, the object or prepositional phrase after it, the
//! passive "was attacked by X", and the place where it happens.

use super::actors::{Resolution, Span};
use super::modality::Attribution;
use crate::records::{EventType, Location};

/// The roles found for one trigger.
#[derive(Debug, Clone, Default)]
pub struct Roles {
    pub actor: Option<usize>,
    pub recipient: Option<usize>,
    /// Every recipient candidate, best first (the caller drops the actor's own side).
    pub recipients: Vec<usize>,
    pub location: Option<usize>,
    pub passive: bool,
}

const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "inside",
    "across",
    "including",
    "around",
    "throughout",
    "within",
];
const PREPOSITIONS: &[&str] = &[
    "of",
    "in",
    "at",
    "near",
    "to",
    "for",
    "with",
    "against",
    "from",
    "by",
    "on",
    "into",
    "between",
    "about",
    "over",
    "among",
    "inside",
    "outside",
    "across",
    "including",
    "around",
    "toward",
    "towards",
    "under",
    "than",
    "like",
];
const BE: &[&str] = &[
    "was", "were", "is", "are", "been", "being", "be", "got", "get", "gets", "getting",
];

/// The word right before byte `pos` (lowercased input).
fn word_before(lower: &str, pos: usize) -> &str {
    let head = lower[..pos].trim_end_matches(|c: char| !c.is_alphanumeric());
    let start = head
        .rfind(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .map_or(0, |p| p + 1);
    let w = &head[start..];
    // "the ISF", "the proposed force": skip articles and one modifier.
    if matches!(
        w,
        "the" | "a" | "an" | "its" | "their" | "his" | "her" | "proposed" | "new" | "two" | "both"
    ) {
        return word_before(lower, start);
    }
    w
}

fn preposition_before<'a>(lower: &'a str, s: &Span) -> Option<&'a str> {
    let w = word_before(lower, s.start);
    PREPOSITIONS.contains(&w).then_some(w)
}

fn inside(a: Option<&Attribution>, s: &Span) -> bool {
    a.is_some_and(|a| s.start >= a.start && s.end <= a.end)
}

/// Assigns roles for a trigger at `start..end` (head ends at `head_end`).
pub fn assign(
    lower: &str,
    spans: &[Span],
    start: usize,
    head_end: usize,
    end: usize,
    attribution: Option<&Attribution>,
    event_type: EventType,
) -> Roles {
    let mut r = Roles::default();
    let usable = |s: &Span| !(inside(attribution, s) || s.start < end && s.end > start);

    // Location: a place after a locative preposition, after the trigger first.
    let place_at = |s: &Span| {
        s.place
            && preposition_before(lower, s)
                .is_some_and(|p| LOCATIVE.contains(&p) || p == "into" || p == "to")
    };
    r.location = spans
        .iter()
        .position(|s| s.start >= end && place_at(s) && !inside(attribution, s))
        .or_else(|| {
            spans
                .iter()
                .position(|s| place_at(s) && !inside(attribution, s))
        });

    // Passive: "was attacked by X" / "were killed".
    let head = &lower[start..head_end];
    let participle = head
        .split_whitespace()
        .next()
        .is_some_and(|w| w.ends_with("ed") || w.ends_with("en") || w.ends_with('t'));
    r.passive = participle && {
        let w = word_before(lower, start);
        BE.contains(&w)
            || lower[..start]
                .split_whitespace()
                .rev()
                .take(2)
                .any(|w| BE.contains(&w))
    };

    let before: Vec<usize> = (0..spans.len())
        .filter(|&i| spans[i].end <= start && usable(&spans[i]))
        .collect();
    let after: Vec<usize> = (0..spans.len())
        .filter(|&i| spans[i].start >= end && usable(&spans[i]))
        .collect();
    let is_locative =
        |i: usize| preposition_before(lower, &spans[i]).is_some_and(|p| LOCATIVE.contains(&p));
    let subject = before
        .iter()
        .rev()
        .copied()
        .find(|&i| {
            preposition_before(lower, &spans[i]).is_none() && !(spans[i].place && is_locative(i))
        })
        .or_else(|| before.iter().rev().copied().find(|&i| !is_locative(i)));

    if r.passive {
        r.recipient = subject;
        r.actor = after
            .iter()
            .copied()
            .find(|&i| word_before(lower, spans[i].start) == "by");
        return r;
    }
    r.actor = subject;
    let same = |i: usize| {
        r.actor.is_some_and(|a| {
            let (x, y) = (&spans[a].actor, &spans[i].actor);
            x.name == y.name && x.country == y.country
        })
    };
    let candidates: Vec<usize> = after
        .iter()
        .copied()
        .filter(|&i| {
            !same(i)
                && !is_locative(i)
                && (spans[i].is_political() || spans[i].how != Resolution::Unresolved)
        })
        .collect();
    // Meetings and cooperation are "with" someone.
    let with_first = matches!(
        event_type,
        EventType::Consult | EventType::Cooperate | EventType::Agree
    );
    let mut ordered = candidates.clone();
    if with_first {
        ordered.sort_by_key(|&i| word_before(lower, spans[i].start) != "with");
    }
    r.recipient = ordered.first().copied();
    r.recipients = ordered;
    r
}

/// The first place named after a locative preposition ("in Gaza"), for later "the region".
pub fn locative_place(lower: &str, spans: &[Span]) -> Option<usize> {
    spans.iter().position(|s| {
        s.place
            && preposition_before(lower, s)
                .is_some_and(|p| LOCATIVE.contains(&p) || p == "into" || p == "to")
    })
}

/// A location record from a place phrase.
pub fn location(s: &Span) -> Option<Location> {
    Some(Location {
        text: s.actor.text.clone(),
        name: s.place_name.clone().unwrap_or_else(|| s.actor.name.clone()),
        country: s.actor.country.clone(),
    })
}
