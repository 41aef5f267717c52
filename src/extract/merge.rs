//! One event per distinct happening in an article: sentences that describe the
//! same act by the same actor are merged, their evidence kept together; an
//! earlier conditional stance is kept as the condition of the refusal it precedes.

use crate::records::{EventType, Extraction, Modality};

/// An event found in one sentence (title sentences have no evidence).
#[derive(Debug, Clone)]
pub struct Found {
    pub extraction: Extraction,
    /// Further coordinated subjects who did the same ("Jordan and Britain agreed").
    pub co_actors: Vec<crate::records::Actor>,
    /// Only mentioned, not reported: evidence for an event reported elsewhere.
    pub mention: bool,
}

fn actor_key(x: &Extraction) -> Option<String> {
    x.actor
        .as_ref()
        .map(|a| a.country.clone().unwrap_or_else(|| a.name.to_lowercase()))
}

fn related(a: &Extraction, b: &Extraction) -> bool {
    match (&a.context, &b.context) {
        (Some(x), Some(y)) => x == y,
        _ => a.cameo_code.get(1..) == b.cameo_code.get(1..),
    }
}

pub fn merge(found: Vec<Found>) -> Vec<Extraction> {
    let mentions: Vec<bool> = found.iter().map(|f| f.mention).collect();
    let mut items: Vec<Extraction> = found.into_iter().map(|f| f.extraction).collect();

    // "would only consider contributing troops if …" then "will not deploy": the
    // refusal keeps the condition; the conditional offer is folded into it.
    let mut folded = vec![false; items.len()];
    for i in 0..items.len() {
        if items[i].modality != Modality::Conditional || items[i].event_type != EventType::Agree {
            continue;
        }
        let key = actor_key(&items[i]);
        if key.is_none() {
            continue;
        }
        if let Some(j) = (0..items.len()).find(|&j| {
            items[j].event_type == EventType::Reject
                && actor_key(&items[j]) == key
                && related(&items[i], &items[j])
        }) {
            if items[j].condition.is_none() {
                items[j].condition = items[i].condition.clone();
                // The sentence that voiced the condition is evidence too, so a reader
                // can find where the condition came from.
                let from = items[i].evidence.clone();
                items[j].evidence.extend(from);
            }
            folded[i] = true;
        }
    }

    let mut groups: Vec<Extraction> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    // Whether any sentence of the group reports the act: a group of mentions is dropped.
    let mut reported: Vec<bool> = Vec::new();
    let kept = items
        .into_iter()
        .zip(mentions)
        .zip(folded)
        .filter(|(_, f)| !f)
        .map(|(x, _)| x);
    for (x, mention) in kept {
        let key = actor_key(&x);
        let slot = groups.iter().position(|g| {
            g.event_type == x.event_type
                && key.is_some()
                && actor_key(g) == key
                && (g.recipient.is_none()
                    || x.recipient.is_none()
                    || g.recipient.as_ref().map(|r| &r.name)
                        == x.recipient.as_ref().map(|r| &r.name))
        });
        match slot {
            None => {
                groups.push(x);
                counts.push(1);
                reported.push(!mention);
            }
            Some(k) => {
                if !reported[k] && !mention {
                    // The first report of an act gathered from mentions sets its modality.
                    groups[k].modality = x.modality;
                }
                absorb(&mut groups[k], x, mention);
                counts[k] += 1;
                reported[k] |= !mention;
            }
        }
    }
    groups
        .into_iter()
        .zip(counts)
        .zip(reported)
        .filter(|(_, r)| *r)
        .map(|(g, _)| g)
        .filter(|(g, _)| !g.evidence.is_empty())
        .map(|(mut g, n)| {
            // Several independent sentences make the event more certain.
            g.confidence = (g.confidence + 0.05 * (n as f32 - 1.0)).min(0.99);
            g.evidence.sort_by_key(|e| e.start);
            g.evidence.dedup();
            if g.modality != Modality::Reported {
                g.reported_by = None;
            }
            g
        })
        .collect()
}

/// Folds `x` into the group `g`; a mention adds evidence and details, but its modality
/// (a background mention reads as asserted) does not count.
fn absorb(g: &mut Extraction, x: Extraction, mention: bool) {
    // The most specific CAMEO code wins, with its mode and context.
    if x.cameo_code.len() > g.cameo_code.len() {
        g.cameo_code = x.cameo_code.clone();
        g.mode = x.mode.clone();
        g.context = x.context.clone();
    }
    if let (Some(a), Some(b)) = (g.actor.as_mut(), x.actor.as_ref()) {
        if a.person.is_none() && b.person.is_some() {
            a.person = b.person.clone();
            a.role = b.role.clone();
        }
    }
    if g.recipient.is_none() {
        g.recipient = x.recipient.clone();
    }
    if g.location.is_none() {
        g.location = x.location.clone();
    }
    if g.condition.is_none() {
        g.condition = x.condition.clone();
    }
    // What is asserted anywhere outranks what is only reported or intended.
    if !mention
        && (x.modality == Modality::Asserted
            || g.modality == Modality::Reported && x.modality != Modality::Reported)
    {
        g.modality = x.modality;
    }
    if g.reported_by.is_none() {
        g.reported_by = x.reported_by.clone();
    }
    g.confidence = g.confidence.max(x.confidence);
    g.evidence.extend(x.evidence);
}
