//! Which trigger is a sentence's main event: rule priority, lowered for triggers
//! in subordinate positions (participial and purpose clauses, "after …",
//! "as …", "if …"), so "resigned as the opposition threatened" is a resignation
//! and "blocked roads to press demands" a protest.

use super::modality::{self, Frame};
use super::rules::{self, Hit, Rule, RuleSet};
use super::sentences::after_char;
use crate::records::EventType;

/// Lowering for a trigger in a subordinate position.
const SUBORDINATE: i32 = 15;

const SUBORDINATORS: &[&str] = &[
    "as",
    "after",
    "when",
    "while",
    "because",
    "following",
    "since",
    "before",
    "until",
    "amid",
    "despite",
    "although",
    "though",
    "whereas",
    "where",
    "which",
    "who",
    "whom",
    "unless",
    "if",
    "whose",
];
const HAVE_BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "not", "never", "also", "then",
    "later", "who", "which", "that",
];
const AUXILIARIES: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "began",
    "begun",
    "begin",
    "begins",
    "started",
    "start",
    "starts",
    "continued",
    "continue",
    "continues",
    "continuing",
    "kept",
    "keep",
    "keeps",
    "stop",
    "stopped",
    "resumed",
];

fn prev_word(lower: &str, pos: usize) -> (&str, bool) {
    let head = &lower[..pos];
    let trimmed = head.trim_end();
    let comma = trimmed.ends_with(',');
    let t = trimmed.trim_end_matches(|c: char| !c.is_alphanumeric());
    let start = t
        .rfind(|c: char| !c.is_alphanumeric() && c != '\'')
        .map_or(0, |p| after_char(t, p));
    (&t[start..], comma)
}

/// How far a trigger is lowered for where it stands.
fn penalty(rules: &RuleSet, text: &str, lower: &str, hits: &[Hit], i: usize) -> i32 {
    let h = &hits[i];
    let earlier = hits.iter().any(|o| o.end <= h.start);
    let (prev, comma) = prev_word(lower, h.start);
    let head = &lower[h.start..h.head_end];
    let gerund = head
        .split_whitespace()
        .next()
        .is_some_and(|w| w.ends_with("ing") && w.len() > 5);
    let mut p = 0;
    // "turned down a Venezuelan offer to mediate": a trigger that starts inside the
    // object of an earlier one ("turn down … offer") and runs past it is what that act
    // is about, not the act. (One wholly inside, "launched a joint investigation",
    // names the act more exactly and keeps its rank.)
    let own = rules.rule(h.rule).event_type;
    if hits.iter().any(|o| {
        o.head_end < o.end
            && o.head_end <= h.start
            && h.start < o.end
            && h.end > o.end
            && rules.rule(o.rule).event_type != own
    }) {
        p += SUBORDINATE;
    }
    // "spoke with Musharraf about the investigation into the Mumbai train bombings":
    // an event noun in a noun phrase after the main verb is what the talk is about.
    let earlier_verb = hits
        .iter()
        .any(|o| o.end <= h.start && !nominal_after_determiner(lower, o));
    if earlier_verb && nominal_after_determiner(lower, h) {
        p += SUBORDINATE;
    }
    // "ordered troops to pull back", "ordered police to disperse the crowd": an order to
    // those under command is carried out, so the act it names is the event.
    if order_gives_way(rules, text, lower, hits, h) {
        p += 2 * SUBORDINATE;
    }
    // ", killing one", "a demonstration calling for": a participle modifies the main clause.
    if gerund && (comma || !AUXILIARIES.contains(&prev)) && earlier {
        p += SUBORDINATE;
    }
    // "blocked roads to press their demands": a purpose or complement clause after
    // the main verb.
    let in_to_clause = hits.iter().any(|o| {
        o.end <= h.start
            && lower[o.end..h.start]
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "to")
    });
    if (prev == "to" || in_to_clause) && earlier {
        p += SUBORDINATE;
    }
    // "Despite a bitter exchange of accusations, Argentina said it was willing to …": a
    // sentence-initial subordinate clause is background to what follows its comma.
    if let Some(comma) = opening_clause_end(lower) {
        if h.end <= comma && hits.iter().any(|o| o.start > comma) {
            p += SUBORDINATE + 5;
        }
    }
    // "resigned as the opposition threatened": a subordinate clause after the main verb.
    if hits
        .iter()
        .any(|o| o.end <= h.start && has_subordinator(&lower[o.end..h.start]))
    {
        p += SUBORDINATE + 5;
    }
    // "ruled out a state, saying Israel must keep control": what a participle of
    // speech reports backs the main verb up, it is not the event.
    if earlier
        && lower[..h.start].rsplit(',').next().is_some_and(|clause| {
            let first = clause.split_whitespace().next().unwrap_or("");
            matches!(
                first,
                "saying" | "adding" | "arguing" | "insisting" | "stressing" | "noting" | "warning"
            ) && !lower[..h.start].trim_end().ends_with(first)
        })
    {
        p += SUBORDINATE;
    }
    // "rejected the offer and vowed to crush the insurgency": the first of coordinated
    // verbs is the main event.
    if hits
        .iter()
        .any(|o| o.end <= h.start && lower[o.end..h.start].split_whitespace().any(|w| w == "and"))
    {
        p += 5;
    }
    // "weapons and equipment seized last year": a participle modifying a noun.
    let participle = head
        .split_whitespace()
        .next()
        .is_some_and(|w| w.ends_with("ed"));
    if participle && earlier && !HAVE_BE.contains(&prev) && !comma && prev != "and" {
        p += SUBORDINATE;
    }
    p
}

/// An order verb ("ordered", "commanded", "instructed") whose object is no proper name
/// ("ordered the army to", not "ordered Israel to"): the order goes to those under
/// command.
fn command_to_subordinates(text: &str, lower: &str, h: &Hit) -> bool {
    let verb = lower[h.start..h.head_end].split(' ').next().unwrap_or("");
    if !matches!(
        verb,
        "order" | "orders" | "ordered" | "ordering" | "commanded" | "instructed" | "instructs"
    ) {
        return false;
    }
    text[h.head_end..]
        .split_whitespace()
        .find(|w| {
            !matches!(
                w.to_ascii_lowercase().as_str(),
                "the" | "its" | "his" | "her" | "their" | "all" | "some" | "more"
            )
        })
        .is_some_and(|w| w.starts_with(|c: char| c.is_lowercase()))
}

/// An order to those under command with an act after it: the act is the event.
fn order_gives_way(rules: &RuleSet, text: &str, lower: &str, hits: &[Hit], h: &Hit) -> bool {
    rules.rule(h.rule).event_type == EventType::Request
        && command_to_subordinates(text, lower, h)
        && hits
            .iter()
            .any(|o| o.start >= h.head_end && rules.rule(o.rule).event_type != EventType::Request)
}

const DETERMINERS: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "this",
    "that",
    "these",
    "those",
    "of",
    "over",
    "about",
    "into",
    "for",
    "against",
    "after",
    "following",
    "by",
    "with",
    "amid",
];

/// Verbs whose object noun is the event itself ("began a hunger strike", "staged a
/// protest", "launched an attack").
const LIGHT_VERBS: &[&str] = &[
    "began",
    "begin",
    "begins",
    "started",
    "start",
    "staged",
    "stage",
    "stages",
    "launched",
    "launch",
    "launches",
    "held",
    "hold",
    "holds",
    "mounted",
    "carried",
    "declared",
    "announced",
    "called",
    "organised",
    "organized",
    "led",
    "made",
    "imposed",
    "ordered",
    "conducted",
    "signed",
    "opened",
    "resumed",
    "ended",
    "waged",
    "unleashed",
    "issued",
];

/// A trigger that is a noun (not a verb form) with a determiner or preposition at most
/// three words before it and no light verb ("the Bali nightclub bombings", "over the
/// crackdown", but not "staged a protest").
fn nominal_after_determiner(lower: &str, h: &Hit) -> bool {
    let first = lower[h.start..h.head_end]
        .split_whitespace()
        .next()
        .unwrap_or("");
    if first.ends_with("ed") || first.ends_with("ing") || rules::is_verb_form(first) {
        return false;
    }
    let clause = lower[..h.start]
        .rsplit([',', ';', ':', '('])
        .next()
        .unwrap_or("");
    let before: Vec<&str> = clause.split_whitespace().rev().take(4).collect();
    before.iter().take(3).any(|w| DETERMINERS.contains(w))
        && !before.iter().any(|w| LIGHT_VERBS.contains(w))
}

/// Where a sentence-initial subordinate clause ("Despite …,", "After …,") ends.
fn opening_clause_end(lower: &str) -> Option<usize> {
    let first = lower.split_whitespace().next()?;
    if !matches!(
        first,
        "despite"
            | "after"
            | "following"
            | "amid"
            | "although"
            | "though"
            | "while"
            | "as"
            | "when"
            | "before"
            | "since"
            | "because"
            | "unlike"
            | "in"
    ) {
        return None;
    }
    lower.find(',')
}

/// Whether a word of `between` opens a subordinate clause ("after", "who", "if").
pub(crate) fn has_subordinator(between: &str) -> bool {
    between
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| SUBORDINATORS.contains(&w))
}

/// Triggers of a verb coordinated with the main one ("rejected the offer and vowed
/// to …"): from the first trigger that follows "and"/"but" (with at most an adverb or
/// auxiliary between), when nothing subordinate or reported stands in between.
pub fn coordinated(lower: &str, hits: &[Hit], main_end: usize) -> Option<Vec<Hit>> {
    let first = hits.iter().find(|h| {
        if h.start < main_end {
            return false;
        }
        let between = &lower[main_end..h.start];
        let words: Vec<&str> = between
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let Some(conj) = words.iter().rposition(|w| matches!(*w, "and" | "but")) else {
            return false;
        };
        let tail = &words[conj + 1..];
        tail.len() <= 2
            && tail.iter().all(|w| {
                matches!(
                    *w,
                    "also"
                        | "then"
                        | "later"
                        | "has"
                        | "have"
                        | "had"
                        | "will"
                        | "would"
                        | "was"
                        | "were"
                        | "is"
                        | "are"
                        | "subsequently"
                        | "separately"
                        | "again"
                )
            })
            && !has_subordinator(between)
            && !words
                .iter()
                .any(|w| matches!(*w, "that" | "saying" | "said" | "to"))
            && !h.head_end.eq(&h.start)
            && !lower[h.start..h.head_end]
                .split_whitespace()
                .next()
                .is_some_and(|w| w.ends_with("ing"))
    })?;
    Some(
        hits.iter()
            .copied()
            .filter(|h| h.start >= first.start)
            .collect(),
    )
}

/// The main event of a sentence.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The trigger whose clause gives the roles (earliest of the winning category).
    pub anchor: Hit,
    pub frame: Frame,
    pub event_type: EventType,
    pub cameo: String,
    pub mode: Option<String>,
    pub context: Option<String>,
    pub confidence: f32,
    pub speaker_acts: bool,
    pub official: Option<(EventType, String)>,
}

/// Whether CAMEO code `c` is a more specific form of `code`: within it ("173" →
/// "1731"), or anywhere in the family of a family's unspecified code ("170" → "1711",
/// "100" → "1056"). An arrest ("173") is no property seizure ("1711").
fn refines(c: &str, code: &str) -> bool {
    c.starts_with(code) || code.len() == 3 && code.ends_with('0') && c.get(..2) == code.get(..2)
}

/// PLOVER's mode for a category reached by negation (REJECT shares REQUEST's modes).
fn derived_mode(t: EventType, cameo: &str) -> Option<String> {
    if t != EventType::Reject {
        return None;
    }
    let mode = match cameo.get(..3)? {
        "121" | "122" => "assist",
        "123" => "change",
        "124" => "yield",
        "125" | "126" | "127" => "meet",
        _ => return None,
    };
    Some(mode.to_string())
}

/// What a trigger means once negation and intention are read.
fn reading(
    text: &str,
    lower: &str,
    rule: &Rule,
    h: &Hit,
) -> Option<(Frame, EventType, String, bool)> {
    let frame = modality::frame(text, lower, h.start, h.end);
    let (t, c, changed) = if frame.denied {
        (rule.event_type, rule.cameo.clone(), false)
    } else if frame.negated {
        let (t, c) = rule
            .negated
            .clone()
            .or_else(|| modality::negate(rule.event_type, &rule.cameo))?;
        (t, c, true)
    } else if frame.intended {
        let (t, c) = if rule.event_type == EventType::Assault && frame.prepared {
            (EventType::Mobilize, "152".to_string())
        } else if (frame.condition.is_some() || frame.possible)
            && rule.event_type == EventType::Sanction
        {
            // "could impose sanctions": a sanction held out as possible is a threat
            // (PLOVER: THREATEN, not SANCTION plus a mode); one announced as decided
            // ("will impose a tariff") stays a sanction.
            modality::conditional_sanction(&rule.cameo)
        } else {
            modality::intend(rule.event_type, &rule.cameo)
        };
        let changed = t != rule.event_type;
        (t, c, changed)
    } else {
        (rule.event_type, rule.cameo.clone(), false)
    };
    Some((frame, t, c, changed))
}

/// Picks the main trigger and reads it. `None` when the main act is negated away
/// ("did not attack").
pub fn choose(rules: &RuleSet, text: &str, lower: &str, hits: &[Hit]) -> Option<Choice> {
    // "would meet him if he gave them a veto": what an if-clause names is a condition,
    // not an event, when the sentence has another trigger.
    let conditional = |h: &Hit| {
        let before = &lower[..h.start];
        [" if ", " unless ", " provided that ", " on condition that "]
            .iter()
            .filter_map(|m| before.rfind(m))
            .max()
            .is_some_and(|p| {
                !lower[p..h.start].contains([',', ';']) && hits.iter().any(|o| o.end <= p)
            })
    };
    let kept: Vec<Hit> = hits.iter().copied().filter(|h| !conditional(h)).collect();
    let hits = &kept[..];
    let scored: Vec<(usize, i32)> = (0..hits.len())
        .map(|i| {
            (
                i,
                rules.rule(hits[i].rule).priority - penalty(rules, text, lower, hits, i),
            )
        })
        .collect();
    let &(win, win_score) = scored
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(hits[b.0].start.cmp(&hits[a.0].start)))?;
    let win_rule = rules.rule(hits[win].rule);
    // Roles come from the earliest trigger of the same category standing as high.
    let anchor = scored
        .iter()
        .filter(|&&(i, s)| {
            rules.rule(hits[i].rule).event_type == win_rule.event_type
                && s + SUBORDINATE > win_score
        })
        .map(|&(i, _)| i)
        .min_by_key(|&i| hits[i].start)
        .unwrap_or(win);
    let (frame, event_type, mut cameo, changed) = reading(text, lower, win_rule, &hits[win])?;
    let mut mode = if changed {
        derived_mode(event_type, &cameo)
    } else {
        win_rule.mode.clone()
    };
    let mut context = win_rule.context.clone();
    // The most specific code among triggers that read as the same category.
    for &(i, s) in &scored {
        if i == win || s + SUBORDINATE <= win_score && hits[i].start < hits[win].start {
            continue;
        }
        let r = rules.rule(hits[i].rule);
        if let Some((_, t, c, ch)) = reading(text, lower, r, &hits[i]) {
            if t == event_type && c.len() > cameo.len() && refines(&c, &cameo) {
                cameo = c;
                mode = if ch {
                    derived_mode(t, &cameo)
                } else {
                    r.mode.clone()
                };
                context = r.context.clone().or(context);
            }
        }
    }
    let mut confidence = win_rule.confidence;
    if changed {
        confidence *= 0.95;
    }
    Some(Choice {
        anchor: hits[anchor],
        frame,
        event_type,
        cameo,
        mode,
        context,
        confidence,
        // "HRW accused Sri Lankan forces of shelling hospitals, in violation of the laws
        // of war": the judgement stands with an act of accusing, whose subject acts.
        speaker_acts: win_rule.speaker_acts && rules.rule(hits[anchor].rule).speaker_acts,
        official: win_rule.official.clone(),
    })
}
