//! Phrases that mark a sentence or an article as reporting no political event, as
//! dictionary coders skip them (`data/discards.txt`: PETRARCH2's discards plus a
//! hand-curated list of sport, entertainment and technology words).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

const DISCARDS: &str = include_str!("../../data/discards.txt");

/// How far a phrase reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole article (when its title names it).
    Story,
    /// The sentence that names it.
    Sentence,
    /// Sport, entertainment, technology: events need a political actor beyond a bare
    /// country or people.
    Topic,
}

pub struct Discards {
    scopes: Vec<Scope>,
    matcher: AhoCorasick,
}

impl std::fmt::Debug for Discards {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Discards")
            .field("phrases", &self.scopes.len())
            .finish()
    }
}

impl Discards {
    pub fn builtin() -> Discards {
        let mut scopes = Vec::new();
        let mut phrases = Vec::new();
        for line in DISCARDS.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((scope, phrase)) = line.split_once('\t') else {
                continue;
            };
            let scope = match scope {
                "story" => Scope::Story,
                "topic" => Scope::Topic,
                _ => Scope::Sentence,
            };
            scopes.push(scope);
            phrases.push(phrase.trim().to_string());
        }
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(phrases.iter().map(|p| p.to_ascii_lowercase()))
            .expect("built-in discards compile");
        Discards { scopes, matcher }
    }

    /// The widest scope of a whole-word phrase in `text`, if any.
    pub fn find(&self, text: &str) -> Option<Scope> {
        self.with_phrases(text, |phrases| {
            phrases
                .map(|p| self.scopes[p])
                .reduce(|best, s| match (best, s) {
                    (Scope::Story, _) | (_, Scope::Story) => Scope::Story,
                    (Scope::Sentence, _) | (_, Scope::Sentence) => Scope::Sentence,
                    _ => Scope::Topic,
                })
        })
    }

    /// How many different sport, entertainment or technology phrases (`topic` or
    /// `story` scope) `text` names: an article whose body names several is about that,
    /// even when its title does not say so.
    pub fn topic_phrases(&self, text: &str) -> usize {
        self.with_phrases(text, |phrases| {
            let mut seen: Vec<usize> = Vec::new();
            for p in phrases {
                if self.scopes[p] != Scope::Sentence && !seen.contains(&p) {
                    seen.push(p);
                }
            }
            seen.len()
        })
    }

    /// Calls `f` with the phrases (pattern indices) found in `text` as whole words.
    fn with_phrases<R>(
        &self,
        text: &str,
        f: impl FnOnce(&mut dyn Iterator<Item = usize>) -> R,
    ) -> R {
        let b = text.as_bytes();
        let word = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric());
        // Lowercased phrases over a lowercased copy: ASCII case ignored (`gazetteer::with_ascii_lowercase`).
        super::gazetteer::with_ascii_lowercase(text, |lower| {
            let mut phrases = self
                .matcher
                .find_iter(lower)
                .filter(|m| !((m.start() > 0 && word(m.start() - 1)) || word(m.end())))
                .map(|m| m.pattern().as_usize());
            f(&mut phrases)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words_with_their_scope() {
        let d = Discards::builtin();
        assert_eq!(
            d.find("He won the Champions League final."),
            Some(Scope::Story)
        );
        assert_eq!(d.find("The goalless draw in Paris."), Some(Scope::Sentence));
        assert_eq!(
            d.find("France reached the quarter-finals."),
            Some(Scope::Topic)
        );
        assert_eq!(d.find("The Arab League met in Cairo."), None);
        // Not inside a word: "nba" in "Kinshasa nbanks" is no basketball.
        assert_eq!(d.find("the unbalanced budget"), None);
    }
}
