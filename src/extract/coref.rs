//! In-article coreference: later references ("the country", "the government",
//! "the president", a surname alone, "he", "we" in a quotation) resolve to actors
//! named earlier in the same article.

use super::actors::{Resolution, Span};
use crate::records::{Actor, ActorKind, Location};

/// What the article has named so far.
#[derive(Debug, Default, Clone)]
pub struct Memory {
    /// Most recent actor with a country (a state, its government, its people).
    last_state: Option<Actor>,
    /// Most recent international organisation, for "the bloc", "the alliance".
    last_igo: Option<Actor>,
    /// Named people with their full actor, most recent last.
    people: Vec<Actor>,
    /// Actor of the previous sentence's subject or event, for sentence-initial pronouns.
    last_subject: Option<Actor>,
    /// Most recent location, for "the region" and "there".
    pub last_location: Option<Location>,
    /// Speaker of an open quotation, for "I" and "we" inside it.
    pub speaker: Option<Actor>,
    /// The political speaker of the last quotation, closed or not: a quotation that
    /// opens the next sentence with no speaker of its own is still theirs.
    pub quoted: Option<Actor>,
    /// Countries named so far with how often, in order of first mention: the
    /// article's dominant country stands in for unnamed actors ("gunmen", "police").
    countries: Vec<(String, u32)>,
    /// Countries the whole article names, counted before it is read: the dominant
    /// one stands in while the text read so far has named none.
    article_countries: Vec<(String, u32)>,
    /// The last attack the article reported, with its actor when one was named: later
    /// casualties with no attacker named are that attack's ("… were also killed").
    pub last_attack: Option<Option<Actor>>,
    /// Bodies the article named in full with an acronym after them ("the Reserve Bank
    /// of India (RBI)"): later "RBI", and "the Bank" for the last one, name them.
    institutions: Vec<Institution>,
}

/// A body named in full once, referred to later by its acronym or its head noun.
#[derive(Debug, Clone)]
struct Institution {
    acronym: String,
    /// The full name's last word, lowercase: "commission" for "… Commission".
    head: String,
    actor: Actor,
}

impl Memory {
    /// Resolves generic phrases and pronouns of one sentence, left to right, and
    /// remembers what the sentence names.
    pub fn resolve(&mut self, spans: &mut [Span]) {
        for s in spans.iter_mut() {
            if s.how == Resolution::Unresolved {
                if let Some(a) = self.lookup(s) {
                    let text = std::mem::take(&mut s.actor.text);
                    let role = s.actor.role.take();
                    s.actor = Actor {
                        text,
                        role: role.or(a.role.clone()),
                        ..a
                    };
                    s.how = Resolution::Coreference;
                }
            }
            self.remember(s);
        }
    }

    fn lookup(&self, s: &Span) -> Option<Actor> {
        let a = &s.actor;
        if s.pronoun {
            return match a.kind {
                ActorKind::Speaker => self.speaker.clone(),
                ActorKind::Person => self
                    .last_subject
                    .clone()
                    .filter(|x| x.person.is_some())
                    .or_else(|| self.people.last().cloned()),
                _ => self.last_subject.clone(),
            };
        }
        // "the president", "the foreign minister": the person last named with that role.
        if let Some(role) = &a.role {
            if let Some(p) = self
                .people
                .iter()
                .rev()
                .find(|p| p.role.as_deref() == Some(role.as_str()))
            {
                return Some(p.clone());
            }
        }
        // "the bloc", "the alliance", "the organisation": the body last named.
        if a.kind == ActorKind::Igo {
            return self.last_igo.clone().map(|b| Actor {
                text: String::new(),
                ..b
            });
        }
        // "the country", "the government", "the army": the state last named. Protesters,
        // rebels and the opposition are not the state.
        if matches!(
            a.kind,
            ActorKind::Civilian | ActorKind::Rebel | ActorKind::Opposition
        ) {
            return None;
        }
        let state = self.last_state.clone()?;
        Some(Actor {
            name: state.name,
            country: state.country,
            kind: if a.kind == ActorKind::Leader {
                ActorKind::Government
            } else {
                a.kind
            },
            person: None,
            role: a.role.clone(),
            text: String::new(),
        })
    }

    /// Counts the countries the whole article names (its actor phrases, all
    /// sentences), before it is read.
    pub fn note_article<'s>(&mut self, spans: impl Iterator<Item = &'s Span>) {
        for s in spans {
            count_country(&mut self.article_countries, s);
        }
    }

    fn remember(&mut self, s: &Span) {
        let a = &s.actor;
        // The press reports from its own country: "told the Associated Press" says
        // nothing about where the story is, nor who "the security forces" are.
        if a.kind == ActorKind::Media {
            return;
        }
        count_country(&mut self.countries, s);
        if a.country.is_some()
            && a.kind.can_act_politically()
            && !matches!(
                a.kind,
                ActorKind::Rebel | ActorKind::Igo | ActorKind::Ngo | ActorKind::Civilian
            )
            && !s.pronoun
        {
            self.last_state = Some(a.clone());
        }
        if a.kind == ActorKind::Igo && s.how == Resolution::Named {
            self.last_igo = Some(a.clone());
        }
        // A state or place is no person, whatever its name looks like ("South Africa").
        let listed_person = || {
            !s.place
                && !matches!(
                    a.kind,
                    ActorKind::State | ActorKind::Place | ActorKind::People
                )
                && personal_name(&a.name)
        };
        if s.how == Resolution::Named && (a.person.is_some() || listed_person()) {
            self.people
                .retain(|p| p.person != a.person || a.person.is_none() && p.name != a.name);
            self.people.push(a.clone());
        }
    }

    /// Whether the article so far (title first) has named this country.
    pub fn has_seen(&self, country: &str) -> bool {
        self.countries.iter().any(|(c, _)| c == country)
    }

    /// Remembers a body named in full before its acronym in brackets.
    pub fn learn_institution(&mut self, acronym: &str, head: &str, actor: Actor) {
        self.institutions.retain(|i| i.acronym != acronym);
        self.institutions.push(Institution {
            acronym: acronym.to_string(),
            head: head.to_ascii_lowercase(),
            actor,
        });
    }

    /// Whether the article has defined any body by its acronym.
    pub fn has_institutions(&self) -> bool {
        !self.institutions.is_empty()
    }

    /// The body an acronym ("RBI") stands for in this article.
    pub fn institution_by_acronym(&self, acronym: &str) -> Option<&Actor> {
        self.last_institution(|i| i.acronym == acronym)
    }

    /// The last body whose name ends in `head` ("the Commission", "the authority").
    pub fn institution_by_head(&self, head: &str) -> Option<&Actor> {
        self.last_institution(|i| i.head == head)
    }

    fn last_institution(&self, f: impl Fn(&Institution) -> bool) -> Option<&Actor> {
        self.institutions
            .iter()
            .rev()
            .find(|i| f(i))
            .map(|i| &i.actor)
    }

    /// A surname alone ("Aliyev") names a person of the article.
    pub fn person_by_surname(&self, word: &str) -> Option<&Actor> {
        self.people.iter().rev().find(|p| {
            p.person
                .as_deref()
                .unwrap_or(&p.name)
                .split_whitespace()
                .last()
                .is_some_and(|last| last == word)
        })
    }

    /// The country the article names most often so far (the first named on a tie);
    /// before it has named any, the one the whole article names most often.
    pub fn dominant_country(&self) -> Option<&str> {
        most_named(&self.countries).or_else(|| most_named(&self.article_countries))
    }

    pub fn set_subject(&mut self, a: Option<&Actor>) {
        if let Some(a) = a {
            self.last_subject = Some(a.clone());
        }
    }
}

/// Counts a country named by an actor phrase. The press reports from its own
/// country: "told the Associated Press" says nothing about where the story is, nor
/// who "the security forces" are.
fn count_country(countries: &mut Vec<(String, u32)>, s: &Span) {
    let a = &s.actor;
    if a.kind == ActorKind::Media || s.how != Resolution::Named {
        return;
    }
    if let Some(c) = &a.country {
        match countries.iter_mut().find(|(x, _)| x == c) {
            Some((_, n)) => *n += 1,
            None => countries.push((c.clone(), 1)),
        }
    }
}

/// The country named most often (the first named on a tie).
fn most_named(countries: &[(String, u32)]) -> Option<&str> {
    let mut best: Option<&(String, u32)> = None;
    for c in countries {
        if best.is_none_or(|b| c.1 > b.1) {
            best = Some(c);
        }
    }
    best.map(|(c, _)| c.as_str())
}

/// A gazetteer name that is a person's ("Imran Khan", "Aleksandar Vucic"; the
/// dictionaries list some people among institutions): two to five capitalised words,
/// none a word that names a body ("Assam Rifles", "Hazm Movement").
fn personal_name(name: &str) -> bool {
    const BODY_WORDS: &[&str] = &[
        "Army",
        "Forces",
        "Force",
        "Movement",
        "Party",
        "Front",
        "Rifles",
        "University",
        "Declaration",
        "Council",
        "Brigade",
        "Brigades",
        "Guard",
        "Guards",
        "Union",
        "League",
        "Congress",
        "Committee",
        "Organization",
        "Organisation",
        "Group",
        "Administration",
        "Government",
        "Ministry",
        "Court",
        "Police",
        "Corps",
        "Alliance",
        "Coalition",
        "Authority",
        "Agency",
        "Bank",
        "Fund",
        "Institute",
        "Association",
        "Assembly",
        "Parliament",
        "Battalion",
        "Regiment",
        "Service",
        "Services",
        "Office",
        "Commission",
        "Tribunal",
        "Network",
        "State",
        "Republic",
        "Kingdom",
        "Emirate",
    ];
    // Lower-case particles inside a name: "Abdel Fattah el Sisi", "Ursula von der Leyen".
    const PARTICLES: &[&str] = &[
        "al", "el", "bin", "ibn", "de", "da", "di", "du", "van", "von", "der", "la", "le", "del",
        "dos", "das",
    ];
    let n = name.split_whitespace().count();
    (2..=5).contains(&n)
        && name.split_whitespace().enumerate().all(|(i, w)| {
            let capitalised = w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().skip(1).any(char::is_lowercase)
                && !BODY_WORDS.contains(&w);
            capitalised || i > 0 && i + 1 < n && PARTICLES.contains(&w)
        })
}

#[cfg(test)]
mod tests {
    use super::personal_name;

    #[test]
    fn personal_names_are_told_from_bodies() {
        for n in ["Imran Khan", "Aleksandar Vucic", "Abdel Fattah el Sisi"] {
            assert!(personal_name(n), "{n}");
        }
        for n in [
            "Assam Rifles",
            "Hazm Movement",
            "Afghan National Security Forces",
            "Obama",
            "ANSF",
        ] {
            assert!(!personal_name(n), "{n}");
        }
    }
}
