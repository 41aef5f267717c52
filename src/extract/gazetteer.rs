//! The actor gazetteer: countries (names, demonyms, capitals), organisations,
//! institutions, armed groups, people, places and generic actor nouns, compiled
//! once into one Aho-Corasick automaton.
//!
//! The data files live in `data/gazetteer/` and are embedded with `include_str!`,
//! so the binary never reads them at run time.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::records::ActorKind;

/// What kind of name an entry is; decides how a mention is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// "Azerbaijan", "the United States", also provinces and cities Phoenix codes to a country.
    Country,
    /// "Azerbaijani", "Israeli": qualifies a following noun or stands for the people.
    Adjective,
    /// A capital or seat of power, used as metonym ("Baku said").
    Capital,
    /// Organisations, institutions, armed groups, metonyms ("the Kremlin").
    Organisation,
    /// A named person.
    Person,
    /// A generic actor noun or office title ("the government", "the foreign minister").
    Agent,
    /// A place that is not a country name ("Gaza").
    Place,
}

/// One entry of the gazetteer.
#[derive(Debug, Clone)]
pub struct Entity {
    pub name: String,
    pub kind: ActorKind,
    pub country: Option<String>,
    /// For office titles: the role a named holder has ("President").
    pub role: Option<String>,
    pub class: Class,
}

/// A name found in a text. Byte offsets into the searched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: u32,
}

struct Pattern {
    entity: u32,
    surface: String,
    /// No lowercase letters ("UN", "ISF", "U.S."): must match exactly, so "us" is not the US.
    exact: bool,
}

pub struct Gazetteer {
    entities: Vec<Entity>,
    /// ISO alpha-3 → common country name.
    country_names: std::collections::HashMap<String, String>,
    patterns: Vec<Pattern>,
    matcher: AhoCorasick,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entities", &self.entities.len())
            .field("patterns", &self.patterns.len())
            .finish()
    }
}

const COUNTRIES: &str = include_str!("../../data/gazetteer/countries.tsv");
const ORGANISATIONS: &str = include_str!("../../data/gazetteer/organisations.tsv");
const PARTIES: &str = include_str!("../../data/gazetteer/parties.tsv");
const INSTITUTIONS: &str = include_str!("../../data/gazetteer/institutions.tsv");
const ARMED_GROUPS: &str = include_str!("../../data/gazetteer/armed_groups.tsv");
const PEOPLE: &str = include_str!("../../data/gazetteer/people.tsv");
const LEADERS: &str = include_str!("../../data/gazetteer/leaders.tsv");
const PLACES: &str = include_str!("../../data/gazetteer/places.tsv");
const AGENTS: &str = include_str!("../../data/gazetteer/agents.tsv");
const DEMONYMS: &str = include_str!("../../data/gazetteer/demonyms.tsv");

/// Tab-separated data lines of a file, comments and blank lines skipped.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn col<'a>(row: &[&'a str], i: usize) -> &'a str {
    row.get(i).copied().unwrap_or("")
}

/// A data file's kind column; an unknown name is `other` (a test keeps the files clean).
fn kind_of(s: &str) -> ActorKind {
    ActorKind::parse(s).unwrap_or(ActorKind::Other)
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn aliases(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|a| !a.is_empty())
}

#[derive(Default)]
struct Builder {
    entities: Vec<Entity>,
    patterns: Vec<Pattern>,
    seen: std::collections::HashSet<String>,
    country_names: std::collections::HashMap<String, String>,
}

impl Builder {
    fn entity(&mut self, e: Entity) -> u32 {
        self.entities.push(e);
        (self.entities.len() - 1) as u32
    }

    /// An entity from a data row (name, kind, country), known by its name.
    fn named(&mut self, r: &[&str], class: Class) -> u32 {
        let id = self.entity(Entity {
            name: col(r, 0).to_string(),
            kind: kind_of(col(r, 1)),
            country: opt(col(r, 2)),
            role: None,
            class,
        });
        self.alias(id, col(r, 0));
        id
    }

    fn alias(&mut self, entity: u32, surface: &str) {
        let surface = surface.trim();
        // Too short to be a name unless it is an acronym; the first spelling listed wins.
        if surface.chars().count() < 2 || !self.seen.insert(surface.to_ascii_lowercase()) {
            return;
        }
        let exact = !surface.chars().any(|c| c.is_lowercase());
        self.patterns.push(Pattern {
            entity,
            surface: surface.to_string(),
            exact,
        });
    }
}

impl Gazetteer {
    /// The built-in gazetteer.
    pub fn builtin() -> Gazetteer {
        let mut b = Builder::default();
        // Order matters only for duplicate spellings: the first listed wins, so curated
        // entries and agents come before the large generated lists.
        for r in rows(AGENTS) {
            let id = b.entity(Entity {
                name: col(&r, 0).to_string(),
                kind: kind_of(col(&r, 1)),
                country: None,
                role: opt(col(&r, 2)),
                class: Class::Agent,
            });
            b.alias(id, col(&r, 0));
        }
        for r in rows(ORGANISATIONS).chain(rows(PARTIES)) {
            let kind = kind_of(col(&r, 1));
            let class = if kind == ActorKind::State {
                Class::Country
            } else {
                Class::Organisation
            };
            let id = b.entity(Entity {
                name: col(&r, 0).to_string(),
                kind,
                country: opt(col(&r, 2)),
                role: None,
                class,
            });
            b.alias(id, col(&r, 0));
            for a in aliases(col(&r, 3)) {
                b.alias(id, a);
            }
        }
        for r in rows(DEMONYMS) {
            let iso = col(&r, 1);
            let id = b.entity(Entity {
                name: iso.to_string(),
                kind: if col(&r, 0).ends_with('s') {
                    ActorKind::People
                } else {
                    ActorKind::State
                },
                country: opt(iso),
                role: None,
                class: Class::Adjective,
            });
            b.alias(id, col(&r, 0));
        }
        for r in rows(PLACES) {
            let country = opt(col(&r, 1));
            for name in std::iter::once(col(&r, 0)).chain(aliases(col(&r, 2))) {
                let id = b.entity(Entity {
                    name: name.to_string(),
                    kind: ActorKind::Place,
                    country: country.clone(),
                    role: None,
                    class: Class::Place,
                });
                b.alias(id, name);
            }
        }
        for r in rows(COUNTRIES) {
            let iso = opt(col(&r, 0));
            let name = col(&r, 1).to_string();
            if let Some(code) = &iso {
                b.country_names.insert(code.clone(), name.clone());
            }
            let state = b.entity(Entity {
                name: name.clone(),
                kind: ActorKind::State,
                country: iso.clone(),
                role: None,
                class: Class::Country,
            });
            for a in aliases(col(&r, 2)) {
                b.alias(state, a);
            }
            let adj = b.entity(Entity {
                name: name.clone(),
                kind: ActorKind::State,
                country: iso.clone(),
                role: None,
                class: Class::Adjective,
            });
            // Plural demonyms ("Israelis", "Palestinians") name the people.
            let people = b.entity(Entity {
                name: name.clone(),
                kind: ActorKind::People,
                country: iso.clone(),
                role: None,
                class: Class::Adjective,
            });
            for a in aliases(col(&r, 3)) {
                if a.ends_with('s') {
                    b.alias(people, a);
                } else {
                    b.alias(adj, a);
                    b.alias(people, &format!("{a}s"));
                }
            }
            for cap in aliases(col(&r, 4)) {
                let id = b.entity(Entity {
                    name: cap.to_string(),
                    kind: ActorKind::Government,
                    country: iso.clone(),
                    role: None,
                    class: Class::Capital,
                });
                b.alias(id, cap);
            }
        }
        for r in rows(INSTITUTIONS).chain(rows(ARMED_GROUPS)) {
            let id = b.named(&r, Class::Organisation);
            for a in aliases(col(&r, 3)) {
                b.alias(id, a);
            }
        }
        // (The people file's fourth column is a Phoenix code, not aliases.)
        for r in rows(PEOPLE) {
            b.named(&r, Class::Person);
        }
        // Leaders since the Phoenix lists were made, and the surnames news uses alone
        // ("Macron said"). After `PEOPLE`, so a name both lists hold keeps the older row;
        // a leaders row adds only the spellings not seen before.
        for r in rows(LEADERS) {
            let id = b.named(&r, Class::Person);
            for a in aliases(col(&r, 3)) {
                b.alias(id, a);
            }
        }
        // Lowercased patterns over a lowercased text (`with_ascii_lowercase`): ASCII case
        // ignored, as before, at a fraction of the start-up.
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(b.patterns.iter().map(|p| p.surface.to_ascii_lowercase()))
            .expect("built-in gazetteer patterns compile");
        Gazetteer {
            entities: b.entities,
            country_names: b.country_names,
            patterns: b.patterns,
            matcher,
        }
    }

    pub fn country_name(&self, iso: &str) -> Option<&str> {
        self.country_names.get(iso).map(String::as_str)
    }

    pub fn entity(&self, id: u32) -> &Entity {
        &self.entities[id as usize]
    }

    /// All names in `text`, left to right, longest first, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        with_ascii_lowercase(text, |lower| self.find_in(text, lower))
    }

    /// [`Gazetteer::find`], searching `lower` (`text` ASCII-lowercased).
    fn find_in(&self, text: &str, lower: &str) -> Vec<Mention> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for m in self.matcher.find_iter(lower) {
            let (s, e) = (m.start(), m.end());
            if !boundary_before(bytes, s) || !boundary_after(bytes, e) {
                continue;
            }
            let p = &self.patterns[m.pattern().as_usize()];
            let found = &text[s..e];
            let ent = &self.entities[p.entity as usize];
            if p.exact {
                if found != p.surface {
                    continue;
                }
            } else if ent.class != Class::Agent && !proper_noun_case(found, &p.surface) {
                continue;
            }
            out.push(Mention {
                start: s,
                end: e,
                entity: p.entity,
            });
        }
        out
    }
}

fn boundary_before(b: &[u8], s: usize) -> bool {
    s == 0 || !(b[s - 1].is_ascii_alphanumeric() || b[s - 1] >= 0x80 && is_letter_before(b, s))
}

fn boundary_after(b: &[u8], e: usize) -> bool {
    e >= b.len() || !(b[e].is_ascii_alphanumeric() || b[e] >= 0x80 && is_letter_at(b, e))
}

// Non-ASCII neighbours: a letter (é) joins words, punctuation (’ “ —) does not.
fn is_letter_at(b: &[u8], i: usize) -> bool {
    std::str::from_utf8(&b[i..b.len().min(i + 4)])
        .ok()
        .or_else(|| {
            (1..4)
                .rev()
                .find_map(|k| std::str::from_utf8(&b[i..b.len().min(i + k)]).ok())
        })
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_alphanumeric)
}

fn is_letter_before(b: &[u8], s: usize) -> bool {
    let from = s.saturating_sub(4);
    (from..s)
        .find_map(|k| std::str::from_utf8(&b[k..s]).ok())
        .and_then(|t| t.chars().last())
        .is_some_and(char::is_alphanumeric)
}

/// A proper name must be capitalised as one: the first word after an optional "the"
/// starts with a capital, and every all-capitals word of the listed spelling matches exactly.
fn proper_noun_case(found: &str, surface: &str) -> bool {
    let mut words = found.split_whitespace();
    let first = match words.next() {
        Some(w) if w.eq_ignore_ascii_case("the") => words.next(),
        other => other,
    };
    // "al-Shabaab", "el-Sisi": an Arabic article keeps its lower case.
    let first = first.map(|w| match w.split_once('-') {
        Some(("al" | "el" | "ad" | "as" | "ash" | "an" | "ar" | "at", rest)) => rest,
        _ => w,
    });
    if !first
        .and_then(|w| w.chars().find(|c| c.is_alphabetic()))
        .is_some_and(char::is_uppercase)
    {
        return false;
    }
    found
        .split_whitespace()
        .zip(surface.split_whitespace())
        .all(|(f, s)| {
            s.chars().filter(|c| c.is_alphabetic()).count() < 2
                || s.chars().any(char::is_lowercase)
                || f == s
        })
}

/// Calls `f` with `text` ASCII-lowercased (same length and byte offsets), in a buffer
/// reused per thread.
///
/// The automata (gazetteer, discards, rule heads) hold their patterns ASCII-lowercased
/// and search such a copy instead of being built ASCII-case-insensitive: the matches are
/// the same (same bytes and offsets, non-ASCII bytes untouched), but the automaton has
/// half the transitions and builds in far less time at start-up.
pub(crate) fn with_ascii_lowercase<R>(text: &str, f: impl FnOnce(&str) -> R) -> R {
    thread_local! {
        static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    BUF.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            buf.clear();
            buf.push_str(text);
            buf.make_ascii_lowercase();
            f(&buf)
        }
        // Nested use from `f`: a fresh copy.
        Err(_) => f(&text.to_ascii_lowercase()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_column_names_a_kind() {
        for (file, text) in [
            ("agents", AGENTS),
            ("organisations", ORGANISATIONS),
            ("parties", PARTIES),
            ("institutions", INSTITUTIONS),
            ("armed_groups", ARMED_GROUPS),
            ("people", PEOPLE),
            ("leaders", LEADERS),
        ] {
            for r in rows(text) {
                assert!(
                    ActorKind::parse(col(&r, 1)).is_some(),
                    "{file}: unknown kind {:?} in {r:?}",
                    col(&r, 1)
                );
            }
        }
    }

    fn names(g: &Gazetteer, t: &str) -> Vec<(String, Option<String>, Class)> {
        g.find(t)
            .into_iter()
            .map(|m| {
                let e = g.entity(m.entity);
                (t[m.start..m.end].to_string(), e.country.clone(), e.class)
            })
            .collect()
    }

    #[test]
    fn countries_demonyms_capitals_and_metonyms() {
        let g = Gazetteer::builtin();
        let t = "Azerbaijan’s President met Israeli officials in Baku; the Kremlin and Downing Street objected.";
        let found = names(&g, t);
        let get = |s: &str| found.iter().find(|f| f.0 == s).cloned();
        assert_eq!(get("Azerbaijan").map(|f| f.1), Some(Some("AZE".into())));
        assert_eq!(get("Israeli").map(|f| f.2), Some(Class::Adjective));
        assert_eq!(get("Baku").map(|f| f.1), Some(Some("AZE".into())));
        assert_eq!(get("the Kremlin").map(|f| f.1), Some(Some("RUS".into())));
        assert_eq!(get("Downing Street").map(|f| f.1), Some(Some("GBR".into())));
        assert_eq!(get("President").map(|f| f.2), Some(Class::Agent));
    }

    #[test]
    fn leaders_since_the_phoenix_lists_and_their_surnames_alone() {
        let g = Gazetteer::builtin();
        let t = "Macron met Zelensky and Donald Trump; Putin and Erdogan objected.";
        let found = names(&g, t);
        let country = |s: &str| found.iter().find(|f| f.0 == s).and_then(|f| f.1.clone());
        assert_eq!(country("Macron").as_deref(), Some("FRA"));
        assert_eq!(country("Zelensky").as_deref(), Some("UKR"));
        assert_eq!(country("Donald Trump").as_deref(), Some("USA"));
        assert_eq!(country("Putin").as_deref(), Some("RUS"));
        assert_eq!(country("Erdogan").as_deref(), Some("TUR"));
        // A surname is a name only when capitalised.
        assert!(names(&g, "played his trump card").is_empty());
    }

    #[test]
    fn acronyms_match_case_exactly_and_names_need_capitals() {
        let g = Gazetteer::builtin();
        assert!(names(&g, "it would place us in a bind")
            .iter()
            .all(|f| f.0 != "us"));
        assert!(names(&g, "The US and the UN and the ISF")
            .iter()
            .any(|f| f.0 == "ISF"));
        assert!(names(&g, "a turkey and a jordan almond")
            .iter()
            .all(|f| f.2 == Class::Agent));
    }

    #[test]
    fn every_iso_country_is_present() {
        let g = Gazetteer::builtin();
        let isos: std::collections::HashSet<_> = g
            .entities
            .iter()
            .filter(|e| e.class == Class::Country)
            .filter_map(|e| e.country.clone())
            .collect();
        assert!(isos.len() >= 249, "{}", isos.len());
    }

    #[test]
    fn regions_cities_and_group_names_resolve_to_their_country() {
        let g = Gazetteer::builtin();
        let country = |t: &str, s: &str| {
            names(&g, t)
                .into_iter()
                .find(|f| f.0 == s)
                .map(|f| (f.1, f.2))
        };
        let place = |iso: &str| Some((Some(iso.to_string()), Class::Place));
        let group = |iso: &str| Some((Some(iso.to_string()), Class::Adjective));
        assert_eq!(
            country("Gunmen attacked a bus in Sindh.", "Sindh"),
            place("PAK")
        );
        assert_eq!(
            country("Fighting in Tigray and Oromia", "Oromia"),
            place("ETH")
        );
        assert_eq!(
            country("An attack in Diyala province", "Diyala province"),
            place("IRQ")
        );
        assert_eq!(country("Sikh militants shot two men", "Sikh"), group("IND"));
        assert_eq!(country("Basque separatists", "Basque"), group("ESP"));
        // A longer name wins over a country name inside it.
        assert_eq!(
            country("A bomb in Northern Ireland", "Northern Ireland"),
            place("GBR")
        );
        assert_eq!(
            country("Kidnapped in the Niger Delta", "Niger Delta"),
            place("NGA")
        );
        assert_eq!(
            country("Police in Rio de Janeiro", "Rio de Janeiro"),
            place("BRA")
        );
        // Ordinary words, first names and surnames are not places.
        for t in ["Brittany met Guerrero", "the Plateau", "Jos Buttler"] {
            assert!(names(&g, t).is_empty(), "{t}: {:?}", names(&g, t));
        }
    }

    /// A hand-curated place or group name must not repeat a name listed earlier, or in
    /// countries.tsv, under another country: the first spelling wins, so it would shadow it.
    #[test]
    fn curated_places_and_demonyms_shadow_no_other_country() {
        // Agents have no country: a place spelled like one would never be found.
        let mut first: std::collections::HashMap<String, String> = rows(AGENTS)
            .map(|r| (col(&r, 0).to_ascii_lowercase(), String::new()))
            .collect();
        for r in rows(ORGANISATIONS).chain(rows(PARTIES)) {
            for a in std::iter::once(col(&r, 0)).chain(aliases(col(&r, 3))) {
                first
                    .entry(a.to_ascii_lowercase())
                    .or_insert(col(&r, 2).to_string());
            }
        }
        let mut curated: Vec<(String, String)> = rows(DEMONYMS)
            .map(|r| (col(&r, 0).to_string(), col(&r, 1).to_string()))
            .collect();
        for r in rows(PLACES) {
            for a in std::iter::once(col(&r, 0)).chain(aliases(col(&r, 2))) {
                curated.push((a.to_string(), col(&r, 1).to_string()));
            }
        }
        let mut later: std::collections::HashMap<String, String> = Default::default();
        for r in rows(COUNTRIES) {
            // world-countries codes Kosovo UNK; the curated files use XKX.
            let iso = match col(&r, 0) {
                "UNK" => "XKX",
                iso => iso,
            };
            for a in aliases(col(&r, 2))
                .chain(aliases(col(&r, 3)))
                .chain(aliases(col(&r, 4)))
            {
                later
                    .entry(a.to_ascii_lowercase())
                    .or_insert(iso.to_string());
            }
        }
        // Listed before this check existed: Hong Kong stands for China.
        let known = ["hong kong"];
        let mut bad = Vec::new();
        for (name, iso) in curated {
            let key = name.to_ascii_lowercase();
            for earlier in [first.get(&key), later.get(&key)].into_iter().flatten() {
                if earlier != &iso && !known.contains(&key.as_str()) {
                    bad.push(format!("{name} ({iso}) is also listed for {earlier:?}"));
                }
            }
            first.entry(key).or_insert(iso);
        }
        assert!(bad.is_empty(), "{bad:#?}");
    }

    #[test]
    fn lowercases_ascii_only_and_nests() {
        let got = with_ascii_lowercase("Ünïted NATIONS É", |l| {
            with_ascii_lowercase("ABC", |inner| format!("{l}|{inner}"))
        });
        assert_eq!(got, "Ünïted nations É|abc");
    }
}
