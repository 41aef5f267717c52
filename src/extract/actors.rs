//! From gazetteer mentions to actor phrases: "Azerbaijan’s President Ilham Aliyev",
//! "Israeli troops", "the foreign minister", "He" — each with what is known of its
//! country, kind, person and role, and whether it still needs coreference.

use super::gazetteer::{Class, Gazetteer, Mention};
use crate::records::{Actor, ActorKind};

/// An actor phrase in a sentence. Byte offsets into the sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub actor: Actor,
    pub how: Resolution,
    /// A bare place name ("Gaza", "Baku"): may be a location rather than an actor.
    pub place: bool,
    /// The place's own name when the phrase names a place ("Gaza", "Baku", "Azerbaijan").
    pub place_name: Option<String>,
    /// A pronoun ("he", "they", "we").
    pub pronoun: bool,
}

/// How an actor's identity was established; feeds the confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Named in the phrase itself.
    Named,
    /// A generic noun or pronoun resolved to an earlier actor of the article.
    Coreference,
    /// A generic noun given the country of the place where the event happens.
    Location,
    /// A generic noun not (yet) resolved.
    Unresolved,
}

impl Span {
    /// Political enough to carry an event: a country, an organisation, a named group.
    pub fn is_political(&self) -> bool {
        self.actor.is_political()
    }

    /// A generic phrase no list names ("he", "the ruling party"), left for coreference.
    fn unresolved(start: usize, end: usize, text: &str, kind: ActorKind) -> Span {
        Span {
            start,
            end,
            actor: Actor {
                text: text.to_string(),
                name: text.to_string(),
                country: None,
                kind,
                person: None,
                role: None,
            },
            how: Resolution::Unresolved,
            place: false,
            place_name: None,
            pronoun: false,
        }
    }
}

/// Puts `span` among `spans` in the order of their starts.
pub(super) fn insert_in_order(spans: &mut Vec<Span>, span: Span) {
    let at = spans
        .iter()
        .position(|s| s.start > span.start)
        .unwrap_or(spans.len());
    spans.insert(at, span);
}

const PRONOUNS: &[(&str, ActorKind)] = &[
    ("he", ActorKind::Person),
    ("she", ActorKind::Person),
    ("it", ActorKind::Thing),
    ("they", ActorKind::Plural),
    ("we", ActorKind::Speaker),
    ("i", ActorKind::Speaker),
];

/// Whether `after` (the text right after a name) starts with a possessive "'s": the
/// name owns what follows ("the soldier's mutilation", "the opposition's plans").
pub(super) fn possessive(after: &str) -> bool {
    after.starts_with("'s") || after.starts_with("’s")
}

/// Words allowed between the parts of one actor phrase.
fn joinable(gap: &str) -> bool {
    let g = gap.trim();
    g.is_empty()
        || matches!(
            g,
            "'s" | "’s"
                | "’"
                | "'"
                | "-"
                | "of"
                | "of the"
                | "the"
                | "’s new"
                | "'s new"
                | "’s top"
                | "'s top"
                | "’s former"
                | "'s former"
        )
}

/// "Diplomats from Russia", "foreign ministers from the Association of Southeast Asian
/// Nations": people sent by a state or a body are that state's or body's. Only words
/// for envoys: "troops from Syria" are as often troops leaving it.
fn delegates_from(sentence: &str, people: &Mention, from: &Mention) -> bool {
    const DELEGATES: &[&str] = &[
        "officials",
        "diplomats",
        "envoys",
        "ministers",
        "foreign ministers",
        "delegates",
        "delegation",
        "negotiators",
        "lawmakers",
        "leaders",
    ];
    let gap = sentence[people.end..from.start].trim();
    matches!(gap, "from" | "from the")
        && DELEGATES
            .iter()
            .any(|d| sentence[people.start..people.end].eq_ignore_ascii_case(d))
}

/// Words after a title that name a competition, not its holder ("Premier League").
const COMPETITIONS: &[&str] = &[
    "League",
    "Cup",
    "Championship",
    "Championships",
    "Trophy",
    "Series",
    "Tour",
    "Games",
    "Open",
];

/// Capitalised words right after a title: the holder's name ("President Ilham Aliyev").
fn name_after(sentence: &str, from: usize) -> Option<(usize, usize)> {
    let rest = &sentence[from..];
    let trimmed = rest.trim_start_matches(' ');
    if trimmed.len() == rest.len() {
        return None;
    }
    let start = from + (rest.len() - trimmed.len());
    let mut end = start;
    let mut words = 0;
    for w in trimmed.split(' ') {
        let core = w.trim_end_matches([',', '.', ';', ':', '’', '\'', ')', '”', '"']);
        let core = core
            .strip_suffix("’s")
            .or_else(|| core.strip_suffix("'s"))
            .unwrap_or(core);
        let capital = core.chars().next().is_some_and(char::is_uppercase)
            && core.chars().skip(1).any(char::is_lowercase);
        if !capital || words == 4 || core.chars().any(|c| !c.is_alphabetic() && c != '-') {
            break;
        }
        // "Premier League", "President's Cup": a competition, not a titled person.
        if words == 0 && COMPETITIONS.contains(&core) {
            return None;
        }
        end = start + (w.as_ptr() as usize - trimmed.as_ptr() as usize) + core.len();
        words += 1;
        if core.len() != w.len() {
            break;
        }
    }
    (words > 0).then_some((start, end))
}

/// Groups adjacent mentions into actor phrases.
pub fn spans(sentence: &str, mentions: &[Mention], gaz: &Gazetteer) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < mentions.len() {
        let mut j = i + 1;
        while j < mentions.len()
            && (joinable(&sentence[mentions[j - 1].end..mentions[j].start])
                || delegates_from(sentence, &mentions[j - 1], &mentions[j]))
        {
            j += 1;
        }
        out.extend(phrase(sentence, &mentions[i..j], gaz));
        i = j;
    }
    for span in out.iter_mut() {
        company(sentence, span);
    }
    let names: Vec<(usize, usize)> = out.iter().map(|s| (s.start, s.end)).collect();
    for span in out.iter_mut() {
        officer_of_unknown_body(sentence, span, &names);
    }
    out.retain(|s| !surname(sentence, s, &names) && !court_as_setting(sentence, s));
    named_parties(sentence, &mut out);
    // Pronouns open a sentence or a quotation ("He added", "“We know").
    let lead = sentence.trim_start_matches(['“', '"', '‘', '\'', ' ']);
    let offset = sentence.len() - lead.len();
    let word: String = lead.chars().take_while(|c| c.is_alphabetic()).collect();
    // "It makes you wonder", "It seems": an empty subject, nobody to resolve ("It is"
    // and "It was" may still be a body: "It was attacked twice").
    let expletive = word.eq_ignore_ascii_case("it")
        && matches!(
            lead[word.len()..].split_whitespace().next().unwrap_or(""),
            "makes"
                | "made"
                | "seems"
                | "seemed"
                | "appears"
                | "appeared"
                | "remains"
                | "remained"
                | "looks"
                | "looked"
        );
    if let Some(&(_, kind)) = PRONOUNS.iter().find(|(p, _)| p.eq_ignore_ascii_case(&word)) {
        if !expletive && !out.iter().any(|s| s.start <= offset && s.end > offset) {
            let mut span = Span::unresolved(offset, offset + word.len(), &word, kind);
            span.pronoun = true;
            out.insert(0, span);
        }
    }
    out
}

/// "the uMkhonto Wesizwe (MK) party", "the Congress party", "the ruling party", "the
/// party": a party the gazetteer does not know is still a party, named by the words
/// before "party" or "parties" (capitalised, or "ruling", "governing", "political"). Its
/// country comes from the article, as for other generic actors. Not "a third party",
/// "the Christmas party".
fn named_parties(sentence: &str, out: &mut Vec<Span>) {
    const SOCIAL: &[&str] = &[
        "Christmas",
        "Halloween",
        "Birthday",
        "Bowl",
        "Year",
        "Year's",
        "Eve",
        "Garden",
        "Dinner",
        "Pool",
        "Launch",
        "Release",
        "Wedding",
        "Block",
        "Street",
        "House",
    ];
    for (at, _) in sentence.match_indices(' ') {
        let rest = &sentence[at + 1..];
        let Some(word) = ["party", "Party", "parties", "Parties"]
            .into_iter()
            .find(|w| rest.starts_with(w))
        else {
            continue;
        };
        let end = at + 1 + word.len();
        if sentence[end..].starts_with(|c: char| c.is_alphanumeric()) {
            continue; // "partying", "partys"
        }
        // Walk back over "(MK)" and the name's words.
        let mut cut = sentence[..at].trim_end().len();
        if sentence[..cut].ends_with(')') {
            if let Some(open) = sentence[..cut].rfind('(') {
                cut = sentence[..open].trim_end().len();
            }
        }
        let mut start = None;
        loop {
            let w_start = sentence[..cut].rfind(' ').map_or(0, |i| i + 1);
            let w = &sentence[w_start..cut];
            let bare = w.trim_start_matches(['“', '"', '‘', '(']);
            let first = start.is_none();
            // "the party" alone is the party the article is about (in a story about a
            // party's campaign, not a birthday's).
            let generic = first
                && (matches!(bare, "ruling" | "governing" | "political")
                    || matches!(bare, "the" | "The") && word.eq_ignore_ascii_case("party"));
            let named = bare.chars().any(char::is_uppercase)
                && !matches!(bare, "The" | "A" | "An")
                && !(first && SOCIAL.contains(&bare));
            if !(named || generic) || bare.is_empty() {
                break;
            }
            start = Some(cut - bare.len());
            if generic || w_start == 0 {
                break;
            }
            cut = sentence[..w_start].trim_end().len();
            if sentence[cut..w_start].contains([',', ';', ':']) || cut == 0 {
                break;
            }
        }
        let Some(start) = start else { continue };
        if out.iter().any(|x| x.start < end && x.end > start) {
            continue;
        }
        let span = Span::unresolved(start, end, &sentence[start..end], ActorKind::Party);
        insert_in_order(out, span);
    }
}

/// Whether byte `at` lies inside one of the phrases `names` (start, end).
fn covered(names: &[(usize, usize)], at: usize) -> bool {
    names.iter().any(|&(s, e)| s <= at && e > at)
}

/// "Stuart Rowley, president of Ford of Europe": a bare title "of" a name no phrase
/// covers heads a body the gazetteer does not know, most often a firm; not a state's
/// leader.
fn officer_of_unknown_body(sentence: &str, span: &mut Span, names: &[(usize, usize)]) {
    if span.actor.kind != ActorKind::Leader || span.actor.person.is_some() {
        return;
    }
    let Some(after) = sentence[span.end..].strip_prefix(" of ") else {
        return;
    };
    let at = span.end + " of ".len();
    let named = after.starts_with(|c: char| c.is_uppercase());
    if named && !covered(names, at) {
        span.actor.kind = ActorKind::Company;
    }
}

/// "sought a court order", "sued the company in a San Francisco court": a court named as
/// a kind of paper or as the place of a lawsuit is no party to the act.
fn court_as_setting(sentence: &str, span: &Span) -> bool {
    let text = &sentence[span.start..span.end];
    // A named court ("the Constitutional Court") may be a party; a common noun is not.
    if span.actor.kind != ActorKind::Judiciary || !text.ends_with("court") {
        return false;
    }
    let next = sentence[span.end..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches([',', '.']);
    let modifier = matches!(
        next,
        "order"
            | "orders"
            | "ruling"
            | "rulings"
            | "case"
            | "cases"
            | "filing"
            | "filings"
            | "documents"
            | "papers"
            | "hearing"
            | "hearings"
            | "date"
            | "battle"
            | "fight"
            | "challenge"
            | "action"
            | "proceedings"
    );
    // "in court", "in a court", "in a federal court" (the words before, nearest first).
    let words: Vec<&str> = sentence[..span.start]
        .split_whitespace()
        .rev()
        .take(3)
        .collect();
    let is = |i: usize, set: &[&str]| {
        words
            .get(i)
            .is_some_and(|w| set.iter().any(|s| w.eq_ignore_ascii_case(s)))
    };
    let venue = is(0, &["in"])
        || is(0, &["a", "the", "federal", "district"]) && is(1, &["in"])
        || is(0, &["federal", "district", "high", "lower"])
            && is(1, &["a", "the"])
            && is(2, &["in"]);
    modifier || venue
}

/// "Lewis Hamilton": a bare town name right after a capitalised word
/// that no phrase covers (`names`: every phrase's bytes) and that opens no phrase of
/// place is part of a person's name; so is any place name, a country's too, between a
/// rank or an honorific and another capitalised word ("Lt Gen Mali Socheata").
fn surname(sentence: &str, span: &Span, names: &[(usize, usize)]) -> bool {
    const OPENERS: &[&str] = &[
        "In",
        "At",
        "On",
        "From",
        "To",
        "For",
        "The",
        "And",
        "But",
        "Or",
        "Of",
        "By",
        "With",
        "Near",
        "Outside",
        "Inside",
        "Across",
        "Into",
        "Over",
        "Under",
        "Since",
        "After",
        "Before",
        "While",
        "When",
        "Where",
        "If",
        "As",
        "Like",
        "Unlike",
        "Via",
        "Toward",
        "Towards",
        "Through",
        "Throughout",
        "Around",
        "Between",
        "Beyond",
        "About",
        "Against",
        "Amid",
        "Despite",
        "Including",
        "Meanwhile",
        "Yesterday",
        "Today",
        "Both",
        "Only",
        "Even",
        "Also",
        "Greater",
        "Central",
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Upper",
        "Lower",
        "New",
        "Old",
        "Downtown",
        "Then",
        "Now",
        "Later",
        "Earlier",
        "Why",
        "How",
        "What",
        "Did",
        "Does",
        "Do",
        "Will",
        "Can",
    ];
    let text = &sentence[span.start..span.end];
    // "Lt Gen Mali Socheata", "Mr Jordan Peters": after a rank or an honorific and before
    // another capitalised word, even a country's name is a given name.
    const HONORIFICS: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Brig", "Adm", "Cmdr",
    ];
    let honorific_before = sentence[..span.start]
        .strip_suffix(' ')
        .and_then(|b| b.rsplit(' ').next())
        .is_some_and(|w| HONORIFICS.contains(&w.trim_end_matches('.')));
    let name_after = sentence[span.end..]
        .strip_prefix(' ')
        .is_some_and(|r| r.starts_with(|c: char| c.is_uppercase()));
    if span.place && !text.contains(' ') && honorific_before && name_after {
        return true;
    }
    // A town, not a country or a capital that stands for its government ("Communist
    // China", "Moscow" are kept).
    let city = span
        .place_name
        .as_deref()
        .is_some_and(|p| p != span.actor.name);
    if !span.place || !city || text.contains(' ') {
        return false;
    }
    let Some(before) = sentence[..span.start].strip_suffix(' ') else {
        return false;
    };
    let prev = before.rsplit(' ').next().unwrap_or("");
    let prev_start = before.len() - prev.len();
    prev.len() > 1
        && !covered(names, prev_start)
        && prev.starts_with(|c: char| c.is_uppercase())
        && prev.chars().all(char::is_alphabetic)
        && !OPENERS.iter().any(|o| o.eq_ignore_ascii_case(prev))
}

/// One actor phrase from adjacent mentions; several when they cannot combine.
fn phrase(sentence: &str, ms: &[Mention], gaz: &Gazetteer) -> Vec<Span> {
    let start = ms[0].start;
    let mut end = ms[ms.len() - 1].end;
    let mut country: Option<(String, String)> = None; // (iso3, canonical name)
    let mut org: Option<(&str, ActorKind, Option<&str>)> = None; // (name, kind, iso3)
    let mut agent: Option<(&str, ActorKind, Option<&str>)> = None; // (noun, kind, role)
    let mut person: Option<String> = None;
    let mut place_only = true;
    let mut place_name: Option<String> = None;
    for m in ms {
        let e = gaz.entity(m.entity);
        match e.class {
            Class::Country | Class::Adjective | Class::Capital | Class::Place => {
                if let Some(c) = &e.country {
                    country.get_or_insert((c.clone(), country_name(gaz, c)));
                }
                if e.class == Class::Adjective {
                    place_only = false;
                } else if place_name.is_none() {
                    place_name = Some(e.name.clone());
                }
            }
            Class::Organisation => {
                place_only = false;
                if org.is_none() {
                    org = Some((&e.name, e.kind, e.country.as_deref()));
                }
            }
            Class::Person => {
                place_only = false;
                person = Some(e.name.clone());
                if let Some(c) = &e.country {
                    country.get_or_insert((c.clone(), String::new()));
                }
            }
            Class::Agent => {
                place_only = false;
                agent = Some((&e.name, e.kind, e.role.as_deref()));
            }
        }
    }
    // A title followed by a name not in the gazetteer: "Prime Minister Nikolai Tanaev".
    if person.is_none() {
        if let Some((_, _, Some(_))) = agent {
            if let Some((_, name_end)) = name_after(sentence, end) {
                person = Some(sentence[end..name_end].trim().to_string());
                end = name_end;
            }
        }
    }
    // "the president", "the foreign minister": keep the article with a generic noun.
    let start = if gaz.entity(ms[0].entity).class == Class::Agent
        && sentence[..start].to_ascii_lowercase().ends_with("the ")
    {
        start - 4
    } else {
        start
    };
    let text = sentence[start..end].to_string();
    let is_place = place_only && person.is_none();
    let (name, kind, iso) = if let Some((oname, okind, oiso)) = org {
        let iso = oiso
            .map(str::to_string)
            .or_else(|| country.as_ref().map(|c| c.0.clone()));
        match agent {
            // "PTI supporters", "Hamas supporters", "union members": a crowd of the
            // body's people, not the body.
            Some((_, ActorKind::Civilian, _)) => (text.clone(), ActorKind::Civilian, iso),
            _ => (oname.to_string(), okind, iso),
        }
    } else if let Some((iso, cname)) = &country {
        let kind = match agent {
            Some((_, k, _)) => k,
            None if person.is_some() => ActorKind::Government,
            None => {
                let e = gaz.entity(ms[0].entity);
                match e.class {
                    Class::Capital => ActorKind::Government,
                    _ if e.kind == ActorKind::People => ActorKind::People,
                    _ => ActorKind::State,
                }
            }
        };
        let cname = if cname.is_empty() {
            country_name(gaz, iso)
        } else {
            cname.clone()
        };
        (cname, kind, Some(iso.clone()))
    } else if let Some((noun, k, _)) = agent {
        (noun.to_string(), k, None)
    } else {
        return Vec::new();
    };
    let role = agent.and_then(|a| a.2).map(str::to_string);
    let kind = if person.is_some() && role.is_some() && kind == ActorKind::Leader {
        ActorKind::Government
    } else {
        kind
    };
    let named = iso.is_some() || org.is_some() || person.is_some();
    vec![Span {
        start,
        end,
        actor: Actor {
            text,
            name,
            country: iso,
            kind,
            person,
            role,
        },
        how: if named {
            Resolution::Named
        } else {
            Resolution::Unresolved
        },
        place: is_place,
        place_name: if is_place { place_name } else { None },
        pronoun: false,
    }]
}

/// Nouns for a firm: after a country's name or adjective the phrase is a company of
/// that country ("a US bank", "the Chinese carmaker"), not the state.
const COMPANY_NOUNS: &[&str] = &[
    "bank",
    "banks",
    "lender",
    "lenders",
    "firm",
    "firms",
    "company",
    "companies",
    "carrier",
    "airline",
    "airlines",
    "automaker",
    "carmaker",
    "chipmaker",
    "insurer",
    "retailer",
    "conglomerate",
    "corporation",
    "subsidiary",
    "subsidiaries",
    "giant",
    "manufacturer",
    "manufacturers",
    "maker",
    "makers",
    "producer",
    "producers",
    "exporter",
    "exporters",
    "supplier",
    "suppliers",
    "start-up",
    "startup",
    "brand",
    "investor",
    "investors",
    "fund",
    "telecoms",
    "shipper",
    "miner",
    "developer",
    "operator",
    "refiner",
    "broker",
    "business",
    "businesses",
    "businessman",
    "businessmen",
    "multinational",
    "tech",
    "utility",
    "club",
    "team",
    "side",
    "squad",
    "player",
    "players",
];

/// "a US bank", "the French club": a state's name before a company noun (or a team's)
/// names a company of that country. Teams and players become `sport`.
fn company(sentence: &str, span: &mut Span) {
    if !matches!(span.actor.kind, ActorKind::State | ActorKind::People)
        || span.actor.person.is_some()
        || span.actor.country.is_none()
    {
        return;
    }
    // "Air India", "Air France": the airline, not the state.
    if sentence[..span.start].ends_with("Air ") {
        span.start -= "Air ".len();
        make_company(sentence, span, ActorKind::Company);
        return;
    }
    let mut rest = &sentence[span.end..];
    // "the Detroit-based car manufacturer": the place locates the firm.
    if let Some(after) = rest.strip_prefix("-based ") {
        let firm = after
            .split_whitespace()
            .take(4)
            .any(|w| COMPANY_NOUNS.contains(&w.trim_end_matches([',', '.'])));
        if firm {
            span.end += "-based".len();
            make_company(sentence, span, ActorKind::Company);
        }
        return;
    }
    // "Canada's Valeant Pharmaceuticals International Inc.", "Germany's flag carrier".
    let possessive = ["'s ", "’s "].iter().find(|p| rest.starts_with(**p));
    if let Some(p) = possessive {
        if let Some(len) = corporate_name(&rest[p.len()..]) {
            span.end += p.len() + len;
            make_company(sentence, span, ActorKind::Company);
            return;
        }
        rest = &rest[p.len() - 1..];
    }
    let trimmed = rest.trim_start_matches(' ');
    if trimmed.len() == rest.len() {
        return;
    }
    // A word as a slice of the sentence: the phrase's new end is where it stops.
    let word_at = |s: &'_ str| -> usize {
        s.find(|c: char| !(c.is_alphanumeric() || c == '-'))
            .unwrap_or(s.len())
    };
    let mut taken = word_at(trimmed);
    let word = &trimmed[..taken];
    let mut noun = COMPANY_NOUNS.iter().find(|n| word.eq_ignore_ascii_case(n));
    // "the South Korean technology company": one lower-case word may name the trade.
    if noun.is_none() && word.starts_with(|c: char| c.is_ascii_lowercase()) {
        if let Some(after) = trimmed[taken..].strip_prefix(' ') {
            let second = &after[..word_at(after)];
            noun = COMPANY_NOUNS.iter().find(|n| **n == second);
            if noun.is_some() {
                taken += 1 + second.len();
            }
        }
    }
    let Some(noun) = noun else {
        return;
    };
    let kind = if matches!(
        *noun,
        "club" | "team" | "side" | "squad" | "player" | "players"
    ) {
        ActorKind::Sport
    } else {
        ActorKind::Company
    };
    span.end = sentence.len() - trimmed.len() + taken;
    make_company(sentence, span, kind);
}

/// The phrase `span` now covers names a firm (or a team) of its country.
fn make_company(sentence: &str, span: &mut Span, kind: ActorKind) {
    span.actor.kind = kind;
    span.actor.text = sentence[span.start..span.end].to_string();
    span.place = false;
    span.place_name = None;
}

/// Words that end a firm's name ("Valeant Pharmaceuticals International Inc.").
const CORPORATE_SUFFIXES: &[&str] = &[
    "Inc",
    "Inc.",
    "Corp",
    "Corp.",
    "Corporation",
    "Ltd",
    "Ltd.",
    "Limited",
    "PLC",
    "plc",
    "LLC",
    "AG",
    "SA",
    "NV",
    "SE",
    "Co.",
    "Group",
    "Holdings",
    "Pharmaceuticals",
    "Airlines",
    "Airways",
    "Motors",
    "Industries",
    "Technologies",
    "Telecom",
    "Petroleum",
    "Energy",
];

/// The length of a run of capitalised words at the start of `text` that ends in a
/// corporate suffix, if there is one.
fn corporate_name(text: &str) -> Option<usize> {
    let mut end = 0;
    for w in text.split(' ').take(6) {
        let word = w.trim_end_matches(',');
        if !word.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        end += w.len();
        if CORPORATE_SUFFIXES.contains(&word) {
            return Some(end - (w.len() - word.len()));
        }
        if w.ends_with(',') {
            return None;
        }
        end += 1;
    }
    None
}

/// "Prime Minister Nikolai Tanaev", a title and a name the gazetteer does not know: the
/// holder's country is the one the article is about (named most often so far), not a
/// place that happens to stand next to the name. So is the country of a party named as
/// several countries' parties are ("Labour", "the Greens"). `article` is that country,
/// if any.
pub fn people_and_parties_from_article(spans: &mut [Span], article: Option<&str>, gaz: &Gazetteer) {
    let Some(iso) = article else {
        return;
    };
    for s in spans.iter_mut() {
        let a = &mut s.actor;
        if s.how == Resolution::Named && a.kind == ActorKind::Party && a.country.is_none() {
            a.country = Some(iso.to_string());
        } else if s.how == Resolution::Named
            && a.person.is_some()
            && a.role.is_some()
            && a.country.is_none()
            && !matches!(a.kind, ActorKind::Igo | ActorKind::Ngo | ActorKind::Rebel)
        {
            a.country = Some(iso.to_string());
            a.name = country_name(gaz, iso);
            if a.kind == ActorKind::Leader {
                a.kind = ActorKind::Government;
            }
        }
    }
}

/// The canonical name of a country by its code (for people, whose entry has only the code).
pub fn country_name(gaz: &Gazetteer, iso: &str) -> String {
    gaz.country_name(iso).unwrap_or(iso).to_string()
}
