//! Sentence structure: part-of-speech tags, a dependency tree and a clause view
//! (predicate, subject or agent, objects, obliques, tense, modality, negation,
//! embedded clauses) for one sentence.
//!
//! # Why a tagger and a transition parser
//!
//! Roles in news depend on structure a chunker and rules do not see reliably:
//! passives with "by" agents, reported speech ("X said Y attacked Z"), control
//! ("agreed to send"), coordination. A greedy arc-eager parser with an averaged
//! perceptron gives Universal Dependencies trees in linear time, is a few hundred
//! lines of plain Rust, and is trained here, in the repository, from the English
//! Web Treebank (`newsworker train-syntax`). Both models are averaged perceptrons
//! over hashed features (Collins 2002; the parser uses Zhang & Nivre's 2011 feature
//! set in reduced form and Goldberg & Nivre's 2012 dynamic oracle).
//!
//! The model (`data/syntax/model.bin`, derived from UD English EWT, CC BY-SA 4.0:
//! see `data/syntax/README.md`) is compiled into the binary and parsed once, on
//! first use ([`Analyser::builtin`]).
//!
//! # Use
//!
//! ```
//! use newsworker::extract::syntax::{Analyser, Tense, Upos};
//!
//! let a = Analyser::builtin();
//! let p = a.analyse("The rebels did not attack the town, the army said.");
//! // Tokens carry byte offsets into the sentence, a UPOS tag, a head and a relation.
//! assert_eq!(p.word(2), "did");
//! assert_eq!(p.tokens[3].upos, Upos::Part);
//! // The clause view: one clause per predicate.
//! let said = p.clauses().into_iter().find(|c| p.word(c.predicate) == "said").unwrap();
//! assert_eq!(p.phrase(said.subject.unwrap()), "the army");
//! let attack = p.clauses().into_iter().find(|c| p.word(c.predicate) == "attack").unwrap();
//! assert!(attack.negated);
//! assert_eq!(attack.tense, Tense::Past);
//! assert_eq!(p.phrase(attack.subject.unwrap()), "The rebels");
//! assert_eq!(p.phrase(attack.objects[0]), "the town");
//! ```
//!
//! # API summary
//!
//! - [`Analyser::builtin`]`()` → `&'static Analyser`; [`Analyser::analyse`]`(sentence)` →
//!   [`Parse`]: one call per sentence (tokenise, tag, parse), no shared mutable state.
//! - [`Parse`]`.tokens[i]`: [`Token`] `{ start, end (bytes in the sentence), upos, head:
//!   Option<usize> (None = root), deprel: &'static str }`. Helpers: `word(i)`, `phrase(i)`
//!   and `span(i)` (the subtree of `i`), `children(i)`, `child(i, "nsubj")` (subtypes
//!   included), `conjuncts(i)`, `prep_dependents(i)` (obl/nmod with their preposition),
//!   `root()`, `token_at(byte)`, `tokens_in(start, end)`, `head_of(start, end)` (a gazetteer
//!   mention's head token), `predicate_of(i, &clauses)` (the verb a trigger noun hangs from).
//! - [`Parse::clauses`]`()` → one [`Clause`] per predicate: `predicate`, `link` ([`Link`]:
//!   Root, Ccomp, Xcomp, Advcl, Conj, Relcl, Acl, Parataxis, Other) and `governor`,
//!   `subject` (inherited through control and coordination: `subject_inherited`),
//!   `passive` and `agent`, `actor()` / `patient()`, `objects`, `indirect`, `obliques`
//!   ([`Oblique`] `{ prep, head }`), `aux`, `copula`, `tense` ([`Tense`]), `modal`
//!   ([`Modal`]), `negated`, `mark`, `complements`, and for an xcomp `intent` ([`Intent`]:
//!   Desire, Plan, Threat, Promise, Attempt, Agree, Refuse, Appeal, Hypothetical).
//!
//! Tokenisation follows the treebank ([`tokenize`]): "didn't" is "did" + "n't",
//! "search-engine" three tokens; map gazetteer mentions to tokens by byte range
//! ([`Parse::tokens_in`]).
//!
//! Accuracy and speed: README "Sentence structure" and BENCHMARKS.md.

pub mod clause;
pub mod conllu;
mod features;
mod model;
mod parser;
mod perceptron;
pub mod tokenize;
pub mod train;

use std::sync::OnceLock;

pub use clause::{Clause, Intent, Link, Modal, Oblique, Tense};
pub use model::Model;

/// The shipped model (see `data/syntax/README.md`).
const BUILTIN_MODEL: &[u8] = include_bytes!("../../../data/syntax/model.bin");

/// Errors loading or training a model.
#[derive(Debug, thiserror::Error)]
pub enum SyntaxError {
    #[error("syntax model: {0}")]
    Model(String),
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Treebank { path: String, message: String },
}

/// Universal part-of-speech tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    pub fn as_str(self) -> &'static str {
        [
            "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
            "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
        ][self as usize]
    }

    #[allow(clippy::should_implement_trait)]
    pub fn from_str(s: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|u| u.as_str() == s)
    }

    /// Nouns, proper nouns and pronouns: what can be an actor.
    pub fn is_nominal(self) -> bool {
        matches!(self, Upos::Noun | Upos::Propn | Upos::Pron)
    }
}

/// One token of an analysed sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the sentence.
    pub start: usize,
    pub end: usize,
    pub upos: Upos,
    /// Index of the head token; `None` for the root of the sentence.
    pub head: Option<usize>,
    /// Universal Dependencies relation to the head ("nsubj", "obl:agent", "root", …).
    pub deprel: &'static str,
}

/// An analysed sentence.
#[derive(Debug, Clone)]
pub struct Parse<'s> {
    pub text: &'s str,
    pub tokens: Vec<Token>,
}

impl<'s> Parse<'s> {
    /// The text of token `i`.
    pub fn word(&self, i: usize) -> &'s str {
        &self.text[self.tokens[i].start..self.tokens[i].end]
    }

    /// The root token (the main predicate), if the sentence has tokens.
    pub fn root(&self) -> Option<usize> {
        self.tokens.iter().position(|t| t.head.is_none())
    }

    /// Dependents of token `i`, left to right.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.tokens
            .iter()
            .enumerate()
            .filter(move |(_, t)| t.head == Some(i))
            .map(|(k, _)| k)
    }

    /// The first dependent of `i` whose relation is `rel` or a subtype of it
    /// (`"nsubj"` matches "nsubj:pass").
    pub fn child(&self, i: usize, rel: &str) -> Option<usize> {
        self.children(i)
            .find(|&k| rel_is(self.tokens[k].deprel, rel))
    }

    /// Byte range of the phrase headed by `i` (its subtree, which is contiguous for
    /// projective trees; the parser only builds projective ones), without a final
    /// punctuation token.
    pub fn span(&self, i: usize) -> (usize, usize) {
        let (mut lo, mut hi) = (i, i);
        for k in 0..self.tokens.len() {
            if self.dominates(i, k) {
                lo = lo.min(k);
                hi = hi.max(k);
            }
        }
        while hi > i && self.tokens[hi].upos == Upos::Punct {
            hi -= 1;
        }
        while lo < i && self.tokens[lo].upos == Upos::Punct {
            lo += 1;
        }
        (self.tokens[lo].start, self.tokens[hi].end)
    }

    /// The text of the phrase headed by `i` ("the army", "the town near the border").
    pub fn phrase(&self, i: usize) -> &'s str {
        let (s, e) = self.span(i);
        &self.text[s..e]
    }

    /// Whether `a` is `k` or an ancestor of `k`.
    pub fn dominates(&self, a: usize, mut k: usize) -> bool {
        for _ in 0..=self.tokens.len() {
            if k == a {
                return true;
            }
            match self.tokens[k].head {
                Some(h) => k = h,
                None => return false,
            }
        }
        false
    }

    /// The token containing byte `pos`.
    pub fn token_at(&self, pos: usize) -> Option<usize> {
        self.tokens
            .iter()
            .position(|t| t.start <= pos && pos < t.end)
    }

    /// Tokens overlapping the byte range `start..end` (a gazetteer mention).
    pub fn tokens_in(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let a = self
            .tokens
            .iter()
            .position(|t| t.end > start)
            .unwrap_or(self.tokens.len());
        let b = self
            .tokens
            .iter()
            .rposition(|t| t.start < end)
            .map_or(a, |b| b + 1);
        a..b.max(a)
    }

    /// The head of the phrase covering `start..end`: the token in the range whose
    /// head lies outside it.
    pub fn head_of(&self, start: usize, end: usize) -> Option<usize> {
        let r = self.tokens_in(start, end);
        r.clone()
            .find(|&k| self.tokens[k].head.is_none_or(|h| !r.contains(&h)))
    }

    /// `i` and the words coordinated with it ("Iran and Syria" → both heads).
    pub fn conjuncts(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() {
            let h = out[k];
            out.extend(
                self.children(h)
                    .filter(|&c| self.tokens[c].deprel == "conj"),
            );
            k += 1;
        }
        out
    }

    /// The preposition of the phrase headed by `k`: its "case" dependent before it
    /// (never a possessive "'s" after it), else the phrase's first word when that is a
    /// preposition the parser hung lower ("by" under "Australian" in "by Australian
    /// Prime Minister Anthony Albanese and PNG's James Marape").
    pub fn prep(&self, k: usize) -> Option<usize> {
        let case = |c: usize| rel_is(self.tokens[c].deprel, "case");
        if let Some(c) = self.children(k).find(|&c| c < k && case(c)) {
            return Some(c);
        }
        // The phrase's first word (punctuation aside): the leftmost token under `k`.
        let first = (0..k)
            .filter(|&i| self.tokens[i].upos != Upos::Punct)
            .find(|&i| self.dominates(k, i))?;
        (case(first) && self.tokens[first].upos == Upos::Adp).then_some(first)
    }

    /// Prepositional dependents of any word: the obliques of a verb, the `nmod`s of a
    /// noun ("an attack on the opposition's plans" → "on" + "plans"; "the border with
    /// Morocco" → "with" + "Morocco").
    pub fn prep_dependents(&self, i: usize) -> Vec<Oblique> {
        self.children(i)
            .filter(|&k| {
                let d = self.tokens[k].deprel;
                (rel_is(d, "obl") || rel_is(d, "nmod")) && d != "nmod:poss"
            })
            .map(|k| Oblique {
                prep: self.prep(k),
                head: k,
            })
            .collect()
    }

    /// The predicate of the clause a token belongs to: the token itself or its nearest
    /// ancestor that [`Parse::clauses`] reports (a trigger noun's verb: "launched" for
    /// "attack" in "launched an attack").
    pub fn predicate_of(&self, i: usize, clauses: &[Clause]) -> Option<usize> {
        let mut k = i;
        for _ in 0..=self.tokens.len() {
            if clauses.iter().any(|c| c.predicate == k) {
                return Some(k);
            }
            k = self.tokens[k].head?;
        }
        None
    }

    /// One clause per predicate, in sentence order (see [`Clause`]).
    pub fn clauses(&self) -> Vec<Clause> {
        clause::clauses(self)
    }
}

/// Whether `deprel` is `rel` or one of its subtypes.
pub fn rel_is(deprel: &str, rel: &str) -> bool {
    deprel == rel
        || deprel.len() > rel.len()
            && deprel.starts_with(rel)
            && deprel.as_bytes()[rel.len()] == b':'
}

/// The tagger and parser.
pub struct Analyser {
    model: Model,
}

impl std::fmt::Debug for Analyser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyser")
            .field("labels", &self.model.labels.len())
            .finish()
    }
}

impl Analyser {
    /// The model compiled into the binary, parsed on first use and shared.
    pub fn builtin() -> &'static Analyser {
        static A: OnceLock<Analyser> = OnceLock::new();
        A.get_or_init(|| {
            let model =
                Model::from_bytes(BUILTIN_MODEL).expect("data/syntax/model.bin is valid (tested)");
            let verbs = super::lexicon::inflected_verb_forms(super::lexicon::BUILTIN_LEXICON);
            Analyser::from_model(model.with_verb_forms(verbs.iter().map(String::as_str)))
        })
    }

    /// A model from the bytes `train-syntax` wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Analyser, SyntaxError> {
        Ok(Analyser {
            model: Model::from_bytes(bytes)?,
        })
    }

    pub fn from_model(model: Model) -> Analyser {
        Analyser { model }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Tokenises, tags and parses one sentence.
    pub fn analyse<'s>(&self, sentence: &'s str) -> Parse<'s> {
        let spans = tokenize::tokenize(sentence);
        let forms: Vec<&str> = spans.iter().map(|&(s, e)| &sentence[s..e]).collect();
        let tokens = self.with_analysis(&forms, |tags, st| {
            spans
                .iter()
                .enumerate()
                .map(|(i, &(start, end))| Token {
                    start,
                    end,
                    upos: Upos::ALL[tags[i] as usize],
                    head: head(st.heads[i + 1]),
                    deprel: self.model.labels[st.labels[i + 1] as usize],
                })
                .collect()
        });
        Parse {
            text: sentence,
            tokens,
        }
    }

    /// Tags and parses pre-tokenised words, then hands `f` the tags and the parser's
    /// final state (words from 1). The buffers are per thread and reused, so a sentence
    /// costs no allocation here beyond what `f` makes.
    fn with_analysis<R>(&self, forms: &[&str], f: impl FnOnce(&[u8], &parser::State) -> R) -> R {
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.analyse_into(forms, &mut scratch, f),
            // Re-entered from `f` (nothing does today): fresh buffers.
            Err(_) => self.analyse_into(forms, &mut Scratch::default(), f),
        })
    }

    fn analyse_into<R>(
        &self,
        forms: &[&str],
        s: &mut Scratch,
        f: impl FnOnce(&[u8], &parser::State) -> R,
    ) -> R {
        // The parser's arrays carry the root at index 0; the tagger's do not.
        s.lex.clear();
        s.lex.push(features::ROOT);
        s.lex.extend(forms.iter().map(|w| features::lex(w)));
        self.model
            .tag_with(forms, &s.lex[1..], &mut s.tags, &mut s.feats, &mut s.amb);
        s.ptags.clear();
        s.ptags.push(features::TAG_ROOT);
        s.ptags.extend_from_slice(&s.tags);
        parser::parse_into(
            &mut s.state,
            &self.model.parser,
            self.model.labels.len(),
            self.model.root_label,
            self.model.dep_label,
            &s.lex,
            &s.ptags,
            &mut s.feats,
            &mut s.scores,
        );
        f(&s.tags, &s.state)
    }

    /// Tags and parses pre-tokenised words (as in a treebank).
    pub fn parse_words(&self, forms: &[&str]) -> Vec<(Upos, Option<usize>, &'static str)> {
        self.with_analysis(forms, |tags, st| {
            (0..forms.len())
                .map(|i| {
                    (
                        Upos::ALL[tags[i] as usize],
                        head(st.heads[i + 1]),
                        self.model.labels[st.labels[i + 1] as usize],
                    )
                })
                .collect()
        })
    }
}

/// A parser head (words from 1, 0 the root) as a token index.
fn head(h: usize) -> Option<usize> {
    h.checked_sub(1)
}

/// Per-thread buffers of [`Analyser::analyse`].
struct Scratch {
    lex: Vec<features::Lex>,
    tags: Vec<u8>,
    ptags: Vec<u8>,
    amb: Vec<u8>,
    feats: Vec<u64>,
    scores: Vec<i32>,
    state: parser::State,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            lex: Vec::new(),
            tags: Vec::new(),
            ptags: Vec::new(),
            amb: Vec::new(),
            feats: Vec::with_capacity(64),
            scores: Vec::new(),
            state: parser::State::new(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause<'a>(p: &Parse<'_>, cs: &'a [Clause], verb: &str) -> &'a Clause {
        cs.iter()
            .find(|c| p.word(c.predicate) == verb)
            .unwrap_or_else(|| panic!("no clause for {verb:?} in {p:?}"))
    }

    #[test]
    fn shipped_model_loads_and_round_trips() {
        let a = Analyser::builtin();
        let bytes = a.model().to_bytes();
        assert_eq!(
            bytes, BUILTIN_MODEL,
            "writing the model back gives the same bytes"
        );
        assert!(a.model().labels.contains(&"nsubj:pass"));
        assert!(Analyser::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        assert!(Analyser::from_bytes(b"not a model").is_err());
    }

    #[test]
    fn every_token_gets_a_tag_and_one_root() {
        let a = Analyser::builtin();
        for s in [
            "",
            "Hello.",
            "“We will not back down,” the minister said on Tuesday.",
            "Police fired tear gas at protesters in Nairobi, killing two; the government denied it.",
            "日本の首相 visited Washington",
        ] {
            let p = a.analyse(s);
            assert_eq!(p.tokens.len(), tokenize::tokenize(s).len());
            if !p.tokens.is_empty() {
                assert_eq!(p.tokens.iter().filter(|t| t.head.is_none()).count(), 1, "{s}");
                assert!(p.tokens.iter().all(|t| t.head.is_none_or(|h| h < p.tokens.len())));
                for i in 0..p.tokens.len() {
                    assert!(p.dominates(p.root().unwrap(), i), "no cycles: {s}");
                }
            }
        }
    }

    // Sentences from the EWT test split (weblog and newsgroup documents).
    #[test]
    fn ewt_test_sentences_tag_and_attach() {
        let a = Analyser::builtin();
        let p = a.analyse("The US military has said it will investigate.");
        let cs = p.clauses();
        let said = clause(&p, &cs, "said");
        assert_eq!(p.phrase(said.subject.unwrap()), "The US military");
        assert_eq!(said.tense, Tense::Past);
        let inv = clause(&p, &cs, "investigate");
        assert_eq!(inv.link, Link::Ccomp);
        assert_eq!(inv.governor, Some(said.predicate));
        assert_eq!(inv.tense, Tense::Future);
        assert_eq!(p.tokens[0].upos, Upos::Det);
        assert_eq!(p.tokens[2].upos, Upos::Noun);
    }

    #[test]
    fn passive_with_agent() {
        let a = Analyser::builtin();
        let p = a.analyse("The convoy was attacked by insurgents near Baghdad.");
        let cs = p.clauses();
        let c = clause(&p, &cs, "attacked");
        assert!(c.passive);
        assert_eq!(p.phrase(c.subject.unwrap()), "The convoy");
        assert_eq!(p.word(c.agent.unwrap()), "insurgents");
        assert_eq!(p.word(c.actor().unwrap()), "insurgents");
        assert_eq!(p.phrase(c.patient().unwrap()), "The convoy");
        assert_eq!(c.tense, Tense::Past);
        // "near Baghdad" may hang from the verb or from "insurgents"; either is a reading.
    }

    #[test]
    fn control_modality_and_negation() {
        let a = Analyser::builtin();
        let p = a.analyse("Russia agreed to send troops to Syria.");
        let cs = p.clauses();
        let send = clause(&p, &cs, "send");
        assert_eq!(send.link, Link::Xcomp);
        assert_eq!(send.intent, Some(clause::Intent::Agree));
        assert_eq!(p.word(send.subject.unwrap()), "Russia");
        assert!(send.subject_inherited);
        assert_eq!(p.word(send.objects[0]), "troops");

        let p = a.analyse("Iran threatened to close the strait.");
        let cs = p.clauses();
        assert_eq!(
            clause(&p, &cs, "close").intent,
            Some(clause::Intent::Threat)
        );

        let p = a.analyse("They may attack.");
        let cs = p.clauses();
        assert_eq!(clause(&p, &cs, "attack").modal, Some(Modal::May));

        let p = a.analyse("He never met the president.");
        let cs = p.clauses();
        assert!(clause(&p, &cs, "met").negated);

        let p = a.analyse("The ministers will meet in Geneva next week.");
        let cs = p.clauses();
        let meet = clause(&p, &cs, "meet");
        assert_eq!(meet.tense, Tense::Future);
        assert!(!meet.negated);
    }

    #[test]
    fn reported_speech_and_coordination() {
        let a = Analyser::builtin();
        let p = a.analyse("Officials said that rebels captured the town and killed five soldiers.");
        let cs = p.clauses();
        let said = clause(&p, &cs, "said");
        let captured = clause(&p, &cs, "captured");
        assert_eq!(captured.link, Link::Ccomp);
        assert!(said.complements.contains(&captured.predicate));
        assert_eq!(p.word(captured.mark.unwrap()), "that");
        let killed = clause(&p, &cs, "killed");
        assert_eq!(killed.link, Link::Conj);
        assert_eq!(p.word(killed.subject.unwrap()), "rebels");
        assert!(killed.subject_inherited);
    }

    /// The clause view on a hand-built tree (the gold EWT analysis of a construction),
    /// independent of the parser's errors.
    fn tree<'s>(text: &'s str, rows: &[(Upos, Option<usize>, &'static str)]) -> Parse<'s> {
        let spans = tokenize::tokenize(text);
        assert_eq!(spans.len(), rows.len(), "{spans:?}");
        let tokens = spans
            .iter()
            .zip(rows)
            .map(|(&(start, end), &(upos, head, deprel))| Token {
                start,
                end,
                upos,
                head,
                deprel,
            })
            .collect();
        Parse { text, tokens }
    }

    #[test]
    fn clause_view_of_gold_trees() {
        use Upos::*;
        // The embargo is likely to be lifted: hypothetical, passive, no agent.
        let p = tree(
            "The embargo is likely to be lifted.",
            &[
                (Det, Some(1), "det"),
                (Noun, Some(3), "nsubj"),
                (Aux, Some(3), "cop"),
                (Adj, None, "root"),
                (Part, Some(6), "mark"),
                (Aux, Some(6), "aux:pass"),
                (Verb, Some(3), "xcomp"),
                (Punct, Some(3), "punct"),
            ],
        );
        let cs = p.clauses();
        let lifted = clause(&p, &cs, "lifted");
        assert!(lifted.passive);
        assert_eq!(lifted.intent, Some(clause::Intent::Hypothetical));
        assert_eq!(p.phrase(lifted.subject.unwrap()), "The embargo");
        assert_eq!(lifted.actor(), None);
        // They urged Iran to halt enrichment: the object controls the complement.
        let p = tree(
            "They urged Iran to halt enrichment.",
            &[
                (Pron, Some(1), "nsubj"),
                (Verb, None, "root"),
                (Propn, Some(1), "obj"),
                (Part, Some(4), "mark"),
                (Verb, Some(1), "xcomp"),
                (Noun, Some(4), "obj"),
                (Punct, Some(1), "punct"),
            ],
        );
        let cs = p.clauses();
        let halt = clause(&p, &cs, "halt");
        assert_eq!(p.word(halt.subject.unwrap()), "Iran");
        assert_eq!(halt.intent, Some(clause::Intent::Appeal));
        // Troops are going to withdraw; the rebels who attacked did not return.
        let p = tree(
            "Troops are going to withdraw.",
            &[
                (Noun, Some(2), "nsubj"),
                (Aux, Some(2), "aux"),
                (Verb, None, "root"),
                (Part, Some(4), "mark"),
                (Verb, Some(2), "xcomp"),
                (Punct, Some(2), "punct"),
            ],
        );
        let cs = p.clauses();
        assert_eq!(clause(&p, &cs, "withdraw").tense, Tense::Future);
        let p = tree(
            "The rebels who attacked didn't return.",
            &[
                (Det, Some(1), "det"),
                (Noun, Some(6), "nsubj"),
                (Pron, Some(3), "nsubj"),
                (Verb, Some(1), "acl:relcl"),
                (Aux, Some(6), "aux"),
                (Part, Some(6), "advmod"),
                (Verb, None, "root"),
                (Punct, Some(6), "punct"),
            ],
        );
        let cs = p.clauses();
        let attacked = clause(&p, &cs, "attacked");
        assert_eq!(attacked.link, Link::Relcl);
        assert_eq!(p.word(attacked.subject.unwrap()), "rebels");
        assert_eq!(attacked.tense, Tense::Past);
        let ret = clause(&p, &cs, "return");
        assert!(ret.negated);
        assert_eq!(ret.tense, Tense::Past);
    }

    #[test]
    fn nominal_events_and_their_arguments() {
        use Upos::*;
        // Gold analysis: "The minister launched an attack on the plans."
        let p = tree(
            "The minister launched an attack on the plans.",
            &[
                (Det, Some(1), "det"),
                (Noun, Some(2), "nsubj"),
                (Verb, None, "root"),
                (Det, Some(4), "det"),
                (Noun, Some(2), "obj"),
                (Adp, Some(7), "case"),
                (Det, Some(7), "det"),
                (Noun, Some(4), "nmod"),
                (Punct, Some(2), "punct"),
            ],
        );
        let cs = p.clauses();
        assert_eq!(p.predicate_of(4, &cs), Some(2));
        let on = p.prep_dependents(4);
        assert_eq!(on.len(), 1);
        assert_eq!(p.word(on[0].prep.unwrap()), "on");
        assert_eq!(p.phrase(on[0].head), "on the plans"); // the subtree keeps its preposition
        assert_eq!(p.conjuncts(1), vec![1]);
    }

    #[test]
    fn byte_offsets_map_mentions_to_tokens() {
        let a = Analyser::builtin();
        let s = "The United Nations condemned al-Qaeda’s attack.";
        let p = a.analyse(s);
        let un = s.find("United Nations").unwrap();
        let r = p.tokens_in(un, un + "United Nations".len());
        assert_eq!(r.len(), 2);
        assert_eq!(p.word(p.head_of(un, un + 14).unwrap()), "Nations");
        let q = s.find("al-Qaeda").unwrap();
        assert_eq!(p.tokens_in(q, q + "al-Qaeda".len()).len(), 3);
        assert_eq!(p.token_at(q + 3).map(|i| p.word(i)), Some("Qaeda"));
    }

    #[test]
    fn an_unseen_verb_form_from_the_cameo_dictionary_reads_as_a_verb() {
        // "denies" is not in the treebank's training split; alone, its suffix made it a
        // plural noun and "planning" the main verb.
        let p = Analyser::builtin().analyse("Moscow denies planning an offensive.");
        assert_eq!(p.tokens[1].upos, Upos::Verb, "{p:?}");
        assert_eq!(p.root(), Some(1), "{p:?}");
    }

    #[test]
    fn a_subjectless_verb_in_a_list_of_acts_shares_the_first_subject() {
        let s = "Demonstrators removed the embassy's sign on the outer wall, set tires ablaze, \
                 and pelted the compound with rocks.";
        let p = Analyser::builtin().analyse(s);
        let cs = p.clauses();
        let c = clause(&p, &cs, "pelted");
        assert_eq!(c.link, Link::Conj, "{p:?}");
        assert_eq!(c.subject.map(|k| p.word(k)), Some("Demonstrators"), "{c:?}");
        // A speech verb after a quotation keeps its own subject and stays loose.
        let s = "The rebels attacked the town, the army said.";
        let p = Analyser::builtin().analyse(s);
        let cs = p.clauses();
        let c = clause(&p, &cs, "said");
        assert_eq!(c.subject.map(|k| p.word(k)), Some("army"), "{c:?}");
    }
}
