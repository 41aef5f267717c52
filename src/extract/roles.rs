//! Who acts and who receives, from clause structure around a trigger: the
//! subject before the verb, the object or prepositional phrase after it, the
//! passive "was attacked by X", and the place where it happens.

use super::actors::{Resolution, Span};
use super::modality::Attribution;
use super::rules::Hit;
use super::sentences::after_char;
use crate::records::{ActorKind, EventType, Location};

/// The roles found for one trigger.
#[derive(Debug, Clone, Default)]
pub struct Roles {
    pub actor: Option<usize>,
    pub recipient: Option<usize>,
    /// Every recipient candidate, best first (the caller drops the actor's own side).
    pub recipients: Vec<usize>,
    pub location: Option<usize>,
    pub passive: bool,
    /// The other coordinated subjects ("Burkina Faso, Mali and Niger announced"), in
    /// text order; `actor` is the first of them.
    pub co_actors: Vec<usize>,
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
    "through",
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
    "through",
    "throughout",
    "within",
    "via",
    "beyond",
    "behind",
];
const BE: &[&str] = &[
    "was", "were", "is", "are", "been", "being", "be", "got", "get", "gets", "getting",
];

/// The word right before byte `pos` (lowercased input).
/// "gunmen linked to al-Shabaab", "a car bomb blamed on ETA": the group named is who acts.
fn affiliated(lower: &str, pos: usize) -> bool {
    let head = lower[..pos].trim_end();
    let head = head.strip_suffix("the").unwrap_or(head).trim_end();
    [
        "linked to",
        "loyal to",
        "allied to",
        "allied with",
        "aligned with",
        "affiliated with",
        "belonging to",
        "tied to",
        "blamed on",
    ]
    .iter()
    .any(|p| head.ends_with(p))
}

fn word_before(lower: &str, pos: usize) -> &str {
    let head = lower[..pos].trim_end_matches(|c: char| !c.is_alphanumeric());
    let start = head
        .rfind(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .map_or(0, |p| after_char(head, p));
    let w = &head[start..];
    // "the ISF", "the proposed force": skip articles and modifiers.
    if matches!(
        w,
        "the"
            | "a"
            | "an"
            | "its"
            | "their"
            | "his"
            | "her"
            | "proposed"
            | "new"
            | "two"
            | "both"
            | "central"
            | "northern"
            | "southern"
            | "eastern"
            | "western"
            | "downtown"
            | "neighbouring"
            | "neighboring"
            // "authorities in the North African country": a region's adjective.
            | "north"
            | "south"
            | "east"
            | "west"
            | "african"
            | "asian"
            | "european"
            | "arab"
            | "american"
            | "latin"
            | "caribbean"
            | "pacific"
            | "gulf"
            | "baltic"
            | "balkan"
            | "nordic"
            | "island"
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

/// Assigns roles for a trigger; spans that end by `grammar_from` (a wire dateline) take
/// none.
pub fn assign(
    lower: &str,
    spans: &[Span],
    grammar_from: usize,
    trigger: &Hit,
    attribution: Option<&Attribution>,
    event_type: EventType,
) -> Roles {
    let (start, head_end, end) = (trigger.start, trigger.head_end, trigger.end);
    let mut r = Roles::default();
    // "anti-Syria journalist": the country is what the person opposes, not who acts.
    let usable = |s: &Span| {
        !(inside(attribution, s)
            || s.end <= grammar_from
            || s.start < head_end && s.end > start
            || lower[..s.start].ends_with("anti-")
            || lower[..s.start].ends_with("pro-"))
    };

    // Location: a place after a locative preposition, after the trigger first.
    let place_at = |s: &Span| {
        s.place
            && preposition_before(lower, s).is_some_and(|p| LOCATIVE.contains(&p) || p == "into")
    };
    r.location = spans
        .iter()
        .position(|s| s.start >= end && place_at(s) && !inside(attribution, s))
        .or_else(|| {
            spans
                .iter()
                .position(|s| place_at(s) && !inside(attribution, s))
        });

    // Passive: "was attacked by X", "were killed by an explosive device": a form of
    // "be" and a participle at or before the trigger, in the same clause.
    // An accord or a meeting told in the passive ("talks were held in Doha") has no one
    // acted on.
    let mutual = matches!(
        event_type,
        EventType::Agree | EventType::Support | EventType::Consult | EventType::Cooperate
    );
    r.passive = trigger.passive && !mutual
        || passive_before(lower, start, head_end)
        || passive_inside(&lower[start..end]);

    let before: Vec<usize> = (0..spans.len())
        .filter(|&i| spans[i].end <= start && usable(&spans[i]))
        .collect();
    let after: Vec<usize> = (0..spans.len())
        .filter(|&i| spans[i].start >= head_end && usable(&spans[i]))
        .collect();
    let is_locative =
        |i: usize| preposition_before(lower, &spans[i]).is_some_and(|p| LOCATIVE.contains(&p));
    let candidate = |i: usize| {
        preposition_before(lower, &spans[i]).is_none() && !(spans[i].place && is_locative(i))
    };
    // The nearest subject before the verb, skipping an appositive between commas
    // ("Pakistan, a key U.S. ally, has refused").
    let subject = before
        .iter()
        .rev()
        .copied()
        .filter(|&i| candidate(i))
        .find(|&i| {
            // Skipped only for a named head ("Pakistan, a key U.S. ally, …"); a generic
            // head takes its name from the appositive ("The rebel group, FDD, insisted").
            let appositive = lower[spans[i].end..start].contains(',')
                && before.iter().any(|&j| {
                    j != i
                        && spans[j].end <= spans[i].start
                        && candidate(j)
                        && spans[j].is_political()
                        && lower[spans[j].end..spans[i].start].contains(',')
                });
            // "Police surrounded the protesters and detained some": the trigger opens a
            // second verb phrase, so the name just before "and" is the first one's object.
            let second_verb = matches!(lower[spans[i].end..start].trim(), "and" | ", and")
                && before.iter().any(|&j| {
                    spans[j].end <= spans[i].start
                        && candidate(j)
                        && !lower[spans[j].end..spans[i].start].trim().is_empty()
                });
            !appositive && !second_verb
        })
        // "A group of Moroccan diplomats held": the subject's head is not a name; take the
        // name inside it, unless a comma sets it apart ("since the invasion of Ukraine, …").
        .or_else(|| {
            before.iter().rev().copied().find(|&i| {
                (matches!(
                    word_before(lower, spans[i].start),
                    "by" | "of" | "from" | "at"
                ) || affiliated(lower, spans[i].start))
                    && !lower[spans[i].end..start].contains(',')
            })
        });
    // "died in a Russian airstrike", "US and British strikes": a nationality right
    // before an act's noun names who acts, whatever the clause's subject.
    let modifier = before.last().copied().filter(|&i| {
        let sp = &spans[i];
        sp.actor.kind == ActorKind::State
            && !sp.place
            && lower[sp.end..start] == *" "
            && super::structure::may_be_noun(&lower[start..head_end])
    });
    let subject = modifier.or(subject);
    // "Ethiopia and Eritrea agreed": the first of coordinated subjects leads.
    let mut chain = Vec::new();
    let subject = subject.map(|mut i| {
        chain.push(i);
        let mut joined = false;
        while let Some(&j) = before
            .iter()
            .rev()
            .find(|&&j| spans[j].end <= spans[i].start)
        {
            let between = lower[spans[j].end..spans[i].start].trim();
            // "X and Y", "Sudan's army and the paramilitary RSF": at most two words after "and".
            let mut w = between.split_whitespace();
            let conj = matches!(w.next(), Some("and" | "or")) && w.count() <= 2;
            // "Burkina Faso, Mali and Niger": a comma list that ends in "and".
            let listed = (joined && between == "," || between == ", and") && candidate(j);
            if conj && !between.contains(',') || listed {
                joined = true;
                i = j;
                chain.push(j);
            } else {
                break;
            }
        }
        i
    });
    chain.reverse();

    // "an airstrike by the Saudi-led coalition", "an ambush by suspected militants": the
    // act's agent follows its noun; the clause's subject is then whom it struck.
    // "Artillery fire from the Syrian army hit a border post": fire's source is its agent.
    let fire = [head_end, end].iter().any(|&e| {
        let last = lower[start..e].rsplit(' ').next();
        matches!(last, Some("fire" | "gunfire" | "shelling" | "shots"))
    });
    let by_agent = after.iter().copied().find(|&i| {
        let gap = &lower[end.min(spans[i].start)..spans[i].start];
        let mut words = gap.split_whitespace();
        let from_after = |at: usize| {
            let mut w = lower[at..spans[i].start.max(at)].split_whitespace();
            w.next() == Some("from") && w.count() <= 2
        };
        words.next() == Some("by") && words.count() <= 2
            || fire && (from_after(end.min(spans[i].start)) || from_after(head_end))
    });
    if let Some(agent) = by_agent.filter(|_| !r.passive) {
        r.actor = Some(agent);
        r.recipient = subject.filter(|&i| i != agent);
        r.recipients = r.recipient.into_iter().collect();
        return r;
    }
    if r.passive {
        // "The Myanmar ambassador was summoned": a name holding the trigger's object
        // noun is whom the act is done to.
        r.recipient = subject.or_else(|| {
            let object = |x: &Span| x.start < head_end && x.end > start;
            spans.iter().position(|x| trigger.passive && object(x))
        });
        let subject = r.recipient;
        r.recipients = subject.into_iter().collect();
        // "came under fire from Taliban militants", "received aid from Germany": "from"
        // names the agent there.
        let from_agent = lower[start..end].contains(" under ") || receiving(&lower[start..end]);
        let preceded_by = |i: usize, p: &str| {
            lower[..spans[i].start]
                .split_whitespace()
                .rev()
                .take(3)
                .any(|w| w == p)
        };
        r.actor = after
            .iter()
            .copied()
            .find(|&i| preceded_by(i, "by") || from_agent && preceded_by(i, "from"));
        // "The MoU was signed between Malaysia's minister and his Korean counterpart":
        // an accord or a meeting is made by the parties it is between.
        if r.actor.is_none() && mutual {
            let parties: Vec<usize> = after
                .iter()
                .copied()
                .skip_while(|&i| {
                    !lower[end.min(spans[i].start)..spans[i].start].contains("between ")
                })
                .take(2)
                .collect();
            r.actor = parties
                .iter()
                .copied()
                .find(|&i| spans[i].is_political())
                .or(parties.first().copied());
        }
        return r;
    }
    // "A meeting of OPEC ministers was held in Vienna": with no subject, those the
    // meeting is of met; nobody is acted on.
    if subject.is_none() && mutual {
        let members = after.iter().copied().find(|&i| {
            spans[i].end <= end
                && spans[i].is_political()
                && spans[i].how != Resolution::Unresolved
                && matches!(word_before(lower, spans[i].start), "of" | "among")
        });
        if members.is_some() {
            r.actor = members;
            return r;
        }
    }
    r.actor = subject;
    r.co_actors = chain.into_iter().skip(1).collect();
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

/// "received aid from Germany": the subject is given to, as in a passive.
fn receiving(trigger: &str) -> bool {
    matches!(
        trigger.split_whitespace().next(),
        Some("received" | "receives" | "receive" | "receiving")
    ) && trigger.ends_with(" from")
}

/// "sanctions were imposed": a trigger that names a measure and then its passive verb
/// (not "Dutch aid was suspended", whose owner acts); "came under attack": its subject
/// is attacked.
fn passive_inside(trigger: &str) -> bool {
    let words: Vec<&str> = trigger.split_whitespace().collect();
    if receiving(trigger) {
        return true;
    }
    if words.len() > 2 && words[1] == "under" {
        return matches!(words[0], "came" | "come" | "comes" | "coming");
    }
    if !matches!(
        words.first(),
        Some(&("sanctions" | "embargo" | "restrictions"))
    ) {
        return false;
    }
    words
        .windows(2)
        .skip(1)
        .any(|w| BE.contains(&w[0]) && is_participle(w[1]))
}

/// "was attacked", "were killed by": a passive verb at or just before the trigger.
fn passive_before(lower: &str, start: usize, head_end: usize) -> bool {
    // The trigger's first word is the participle, with a form of "be" at most two words before it.
    let Some(participle) = lower[start..head_end].split_whitespace().next() else {
        return false;
    };
    if !is_participle(participle) {
        return false;
    }
    let before: Vec<&str> = lower[..start]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(2)
        .collect();
    match before.as_slice() {
        [w, ..] if BE.contains(w) => true,
        [adv, w] => {
            BE.contains(w)
                && matches!(
                    *adv,
                    "being"
                        | "reportedly"
                        | "allegedly"
                        | "also"
                        | "then"
                        | "later"
                        | "badly"
                        | "fatally"
                        | "seriously"
                )
        }
        _ => false,
    }
}

fn is_participle(w: &str) -> bool {
    (w.ends_with("ed") && w.len() > 3)
        || matches!(
            w,
            "shot"
                | "hit"
                | "struck"
                | "taken"
                | "held"
                | "beaten"
                | "seen"
                | "thrown"
                | "blown"
                | "killed"
                | "driven"
                | "forced"
                | "sent"
                | "caught"
                | "led"
                | "given"
                | "told"
                | "brought"
                | "stolen"
                | "torn"
                | "slain"
                | "hung"
                | "bound"
                | "found"
                | "kept"
                | "left"
                | "set"
                | "put"
                | "cut"
                | "won"
                | "lost"
                | "shut"
                | "overrun"
        )
}

/// The first place named after a locative preposition ("in Gaza"), for later "the region".
pub fn locative_place(lower: &str, spans: &[Span]) -> Option<usize> {
    spans.iter().position(|s| {
        s.place
            && preposition_before(lower, s).is_some_and(|p| LOCATIVE.contains(&p) || p == "into")
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
