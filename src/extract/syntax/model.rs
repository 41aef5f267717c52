//! The trained model: UPOS tagger, tag dictionary, parser and label names, and its
//! binary file format (little-endian, weights scaled to i16).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::features::{self, Lex, TAG_START, UNKNOWN};
use super::parser;
use super::perceptron::{Reader, Weights};
use super::{SyntaxError, Upos};

const MAGIC: &[u8; 8] = b"NWSYN02\0";

/// Closed word classes: every member occurs in the training data.
const CLOSED: [Upos; 7] = [
    Upos::Det,
    Upos::Adp,
    Upos::Aux,
    Upos::Cconj,
    Upos::Sconj,
    Upos::Part,
    Upos::Pron,
];

/// The keys are already hashes (`features::dict_key`, `Lex::word`): used as they are,
/// instead of hashing them again with SipHash on every token.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, k: u64) {
        self.0 = k;
    }
}

/// A map from a feature-hash key.
pub type KeyMap = HashMap<u64, u8, BuildHasherDefault<KeyHasher>>;

pub struct Model {
    /// Dependency labels; leaked once per loaded model so tokens can carry `&'static str`.
    pub labels: Vec<&'static str>,
    pub tagdict: KeyMap,
    /// The training words (hashes of lowercased forms) with their most frequent tag:
    /// a feature for the right context, and an unseen word is never given a
    /// closed-class tag ("impose" is not a determiner for ending like "those").
    pub vocab: KeyMap,
    /// Inflected verb forms known from outside the treebank (the CAMEO verb
    /// dictionary's "denies", "mutilated", "vetoing"), as `Lex::word` hashes: an
    /// unseen word listed here reads as a verb in the right-context feature, as a
    /// training word tagged VERB does. Empty unless set with [`Model::with_verb_forms`].
    pub verb_forms: KeyMap,
    pub tagger: Weights,
    pub parser: Weights,
    pub root_label: u8,
    pub dep_label: u8,
}

impl Model {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(self.labels.len() as u8);
        for l in &self.labels {
            out.push(l.len() as u8);
            out.extend_from_slice(l.as_bytes());
        }
        let mut dict: Vec<(&u64, &u8)> = self.tagdict.iter().collect();
        dict.sort_unstable();
        out.extend_from_slice(&(dict.len() as u32).to_le_bytes());
        for (k, t) in dict {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(*t);
        }
        let mut vocab: Vec<(&u64, &u8)> = self.vocab.iter().collect();
        vocab.sort_unstable();
        out.extend_from_slice(&(vocab.len() as u32).to_le_bytes());
        for (k, t) in vocab {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(*t);
        }
        self.tagger.write(&mut out);
        self.parser.write(&mut out);
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, SyntaxError> {
        Self::read(bytes).map_err(SyntaxError::Model)
    }

    fn read(bytes: &[u8]) -> Result<Model, String> {
        let mut r = Reader::new(bytes);
        if r.take(8)? != MAGIC {
            return Err("not a newsworker syntax model (bad magic)".into());
        }
        let n = r.u8()? as usize;
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(&*Box::leak(r.str()?.to_string().into_boxed_str()));
        }
        let nd = r.u32()? as usize;
        let mut tagdict = HashMap::with_capacity(nd);
        for _ in 0..nd {
            let k = r.u64()?;
            let t = r.u8()?;
            if t as usize >= Upos::ALL.len() {
                return Err("tag out of range".into());
            }
            tagdict.insert(k, t);
        }
        let nv = r.u32()? as usize;
        let mut vocab = HashMap::with_capacity(nv.min(1 << 20));
        for _ in 0..nv {
            let k = r.u64()?;
            let t = r.u8()?;
            if t as usize >= Upos::ALL.len() {
                return Err("tag out of range".into());
            }
            vocab.insert(k, t);
        }
        let tagger = Weights::read(&mut r)?;
        let parser = Weights::read(&mut r)?;
        if !r.at_end() {
            return Err("trailing bytes".into());
        }
        if tagger.n_classes() != Upos::ALL.len() || parser.n_classes() != parser::n_classes(n) {
            return Err("class counts do not match the labels".into());
        }
        Model::new(labels, tagdict, vocab, tagger, parser)
    }

    pub fn new(
        labels: Vec<&'static str>,
        tagdict: HashMap<u64, u8>,
        vocab: HashMap<u64, u8>,
        tagger: Weights,
        parser: Weights,
    ) -> Result<Model, String> {
        let find = |name: &str| {
            labels
                .iter()
                .position(|l| *l == name)
                .map(|p| p as u8)
                .ok_or_else(|| format!("label {name:?} missing"))
        };
        Ok(Model {
            root_label: find("root")?,
            dep_label: find("dep").or_else(|_| find("parataxis"))?,
            labels,
            tagdict: tagdict.into_iter().collect(),
            vocab: vocab.into_iter().collect(),
            verb_forms: KeyMap::default(),
            tagger,
            parser,
        })
    }

    /// Adds verb forms to back off to for words the treebank never showed.
    pub fn with_verb_forms<'a>(mut self, forms: impl IntoIterator<Item = &'a str>) -> Model {
        for f in forms {
            let w = features::lex(f).word;
            if !self.vocab.contains_key(&w) {
                self.verb_forms.insert(w, Upos::Verb as u8);
            }
        }
        self
    }

    /// Tags `forms` (with their `lex` hashes) greedily left to right.
    pub fn tag(&self, forms: &[&str], lex: &[Lex], out: &mut Vec<u8>, feats: &mut Vec<u64>) {
        self.tag_with(forms, lex, out, feats, &mut Vec::new());
    }

    /// [`Model::tag`] with a reused buffer for the words' most frequent tags.
    pub fn tag_with(
        &self,
        forms: &[&str],
        lex: &[Lex],
        out: &mut Vec<u8>,
        feats: &mut Vec<u64>,
        amb: &mut Vec<u8>,
    ) {
        out.clear();
        amb.clear();
        amb.extend(lex.iter().map(|l| {
            self.vocab
                .get(&l.word)
                .or_else(|| self.verb_forms.get(&l.word))
                .copied()
                .unwrap_or(UNKNOWN)
        }));
        let amb = &amb[..];
        let (mut p1, mut p2) = (TAG_START, TAG_START);
        for (i, form) in forms.iter().enumerate() {
            let t = match self.tagdict.get(&features::dict_key(form)) {
                Some(&t) => t,
                None => {
                    features::tagger_features(lex, amb, i, p1, p2, feats);
                    let mut scores = [0i32; 17];
                    self.tagger.score(feats, &mut scores);
                    if amb[i] == UNKNOWN {
                        for c in CLOSED {
                            scores[c as usize] = i32::MIN;
                        }
                    }
                    // "Talks were held …": a sentence's first word in -s followed by
                    // a finite "be" is a plural subject, not a verb (the treebank has
                    // few sentences that open on a bare plural noun). A fronted
                    // participle stays a verb: "Attached is the file".
                    if i == 0 && form.ends_with('s') && forms.get(1).is_some_and(|w| finite_be(w)) {
                        scores[Upos::Verb as usize] = i32::MIN;
                    }
                    (0..17).fold(0, |b, k| if scores[k] > scores[b] { k } else { b }) as u8
                }
            };
            out.push(t);
            p2 = p1;
            p1 = t;
        }
    }
}

/// "was", "were", "is", "are" in any case.
fn finite_be(w: &str) -> bool {
    ["was", "were", "is", "are"]
        .iter()
        .any(|b| w.eq_ignore_ascii_case(b))
}
