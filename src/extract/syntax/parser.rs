//! Greedy arc-eager transition parser (Nivre 2003) scored by an averaged perceptron,
//! trained with the dynamic oracle of Goldberg & Nivre (2012).
//!
//! Words are numbered from 1; 0 is the root. Transitions: SHIFT, REDUCE, LEFT-ARC(l),
//! RIGHT-ARC(l), one perceptron class each (labels predicted jointly with the arc).
//! The root takes one dependent; words left without a head at the end attach to it.

use super::features::{Lex, ROOT, TAG_ROOT};
use super::perceptron::{mix, Trainer, Weights};

pub const SHIFT: usize = 0;
pub const REDUCE: usize = 1;
const NONE: usize = usize::MAX;

/// Number of perceptron classes for `n_labels` dependency labels.
pub fn n_classes(n_labels: usize) -> usize {
    2 + 2 * n_labels
}

/// The parser state over a sentence of `n` words.
pub struct State {
    pub stack: Vec<usize>,
    /// Front of the buffer; `n + 1` when empty.
    pub b: usize,
    pub n: usize,
    pub heads: Vec<usize>,
    pub labels: Vec<u8>,
    lc: Vec<usize>,
    rc: Vec<usize>,
    nl: Vec<u8>,
    nr: Vec<u8>,
}

impl State {
    pub fn new(n: usize) -> Self {
        let mut st = State {
            stack: Vec::with_capacity(n + 1),
            b: 1,
            n,
            heads: Vec::new(),
            labels: Vec::new(),
            lc: Vec::new(),
            rc: Vec::new(),
            nl: Vec::new(),
            nr: Vec::new(),
        };
        st.reset(n);
        st
    }

    /// The initial state over `n` words, reusing this state's buffers.
    pub fn reset(&mut self, n: usize) {
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        self.n = n;
        for v in [&mut self.heads, &mut self.lc, &mut self.rc] {
            v.clear();
            v.resize(n + 1, NONE);
        }
        for v in [&mut self.labels, &mut self.nl, &mut self.nr] {
            v.clear();
            v.resize(n + 1, 0);
        }
    }

    pub fn done(&self) -> bool {
        self.b > self.n
    }

    fn s0(&self) -> usize {
        *self.stack.last().expect("the root is never popped")
    }

    /// Which of SHIFT, REDUCE, LEFT, RIGHT are allowed.
    pub fn valid(&self) -> [bool; 4] {
        let s0 = self.s0();
        let buffer = !self.done();
        [
            buffer,
            s0 != 0 && self.heads[s0] != NONE,
            buffer && s0 != 0 && self.heads[s0] == NONE,
            buffer && (s0 != 0 || self.nr[0] == 0),
        ]
    }

    fn arc(&mut self, h: usize, d: usize, label: u8) {
        self.heads[d] = h;
        self.labels[d] = label;
        if d < h {
            if self.lc[h] == NONE || d < self.lc[h] {
                self.lc[h] = d;
            }
            self.nl[h] = self.nl[h].saturating_add(1);
        } else {
            if self.rc[h] == NONE || d > self.rc[h] {
                self.rc[h] = d;
            }
            self.nr[h] = self.nr[h].saturating_add(1);
        }
    }

    /// Applies class `c` (which must be valid).
    pub fn apply(&mut self, c: usize, n_labels: usize) {
        match c {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            _ if c < 2 + n_labels => {
                let s0 = self.stack.pop().expect("valid LEFT");
                self.arc(self.b, s0, (c - 2) as u8);
            }
            _ => {
                let s0 = self.s0();
                self.arc(s0, self.b, (c - 2 - n_labels) as u8);
                self.stack.push(self.b);
                self.b += 1;
            }
        }
    }

    /// Attaches what is left without a head: to the root's dependent, or the first
    /// such word becomes the root.
    pub fn finish(&mut self, root_label: u8, dep_label: u8) {
        let mut root = (1..=self.n).find(|&i| self.heads[i] == 0);
        for i in 1..=self.n {
            if self.heads[i] == NONE {
                match root {
                    None => {
                        self.arc(0, i, root_label);
                        root = Some(i);
                    }
                    Some(r) => self.arc(r, i, dep_label),
                }
            }
        }
    }

    /// Features of the current configuration. `lex[0]`/`tags[0]` are the root's.
    pub fn features(&self, lex: &[Lex], tags: &[u8], out: &mut Vec<u64>) {
        out.clear();
        const NO: u64 = 0xdead;
        let w = |i: usize| if i == NONE { NO } else { lex[i].word };
        let p = |i: usize| if i == NONE { NO } else { tags[i] as u64 };
        let s0 = self.s0();
        let s1 = if self.stack.len() >= 2 {
            self.stack[self.stack.len() - 2]
        } else {
            NONE
        };
        let at = |k: usize| if k <= self.n { k } else { NONE };
        let (b0, b1, b2) = (at(self.b), at(self.b + 1), at(self.b + 2));
        let s0h = self.heads[s0];
        let (s0l, s0r) = (self.lc[s0], self.rc[s0]);
        let b0l = if b0 == NONE { NONE } else { self.lc[b0] };
        let lab = |i: usize| {
            if i == NONE || self.heads[i] == NONE {
                NO
            } else {
                self.labels[i] as u64
            }
        };
        let dist = if b0 == NONE {
            0
        } else {
            (b0 - s0).min(6) as u64
        };
        let (vl, vr) = (self.nl[s0] as u64, self.nr[s0] as u64);
        let b0vl = if b0 == NONE { 0 } else { self.nl[b0] as u64 };
        let (s0w, s0p, b0w, b0p) = (w(s0), p(s0), w(b0), p(b0));
        let f1 = |t: u64, a: u64| mix(t.wrapping_mul(0x9f3b), a);
        let f2 = |t: u64, a: u64, b: u64| mix(mix(t.wrapping_mul(0x9f3b), a), b);
        let f3 = |t: u64, a: u64, b: u64, c: u64| mix(mix(mix(t.wrapping_mul(0x9f3b), a), b), c);
        out.extend_from_slice(&[
            f1(1, 0),
            f1(2, s0w),
            f1(3, s0p),
            f2(4, s0w, s0p),
            f1(5, b0w),
            f1(6, b0p),
            f2(7, b0w, b0p),
            f1(8, w(b1)),
            f1(9, p(b1)),
            f2(10, w(b1), p(b1)),
            f1(11, w(b2)),
            f1(12, p(b2)),
            f3(13, s0w, s0p, mix(b0w, b0p)),
            f3(14, s0w, s0p, b0w),
            f3(15, s0w, b0w, b0p),
            f3(16, s0w, s0p, b0p),
            f3(17, s0p, b0w, b0p),
            f2(18, s0w, b0w),
            f2(19, s0p, b0p),
            f2(20, b0p, p(b1)),
            f3(21, b0p, p(b1), p(b2)),
            f3(22, s0p, b0p, p(b1)),
            f3(23, p(s0h), s0p, b0p),
            f3(24, s0p, p(s0l), b0p),
            f3(25, s0p, p(s0r), b0p),
            f3(26, s0p, b0p, p(b0l)),
            f2(27, s0w, dist),
            f2(28, s0p, dist),
            f2(29, b0w, dist),
            f2(30, b0p, dist),
            f3(31, s0w, b0w, dist),
            f3(32, s0p, b0p, dist),
            f2(33, s0w, vr),
            f2(34, s0p, vr),
            f2(35, s0w, vl),
            f2(36, s0p, vl),
            f2(37, b0w, b0vl),
            f2(38, b0p, b0vl),
            f1(39, w(s0h)),
            f1(40, p(s0h)),
            f1(41, lab(s0)),
            f1(42, w(s0l)),
            f1(43, p(s0l)),
            f1(44, lab(s0l)),
            f1(45, w(s0r)),
            f1(46, p(s0r)),
            f1(47, lab(s0r)),
            f1(48, w(b0l)),
            f1(49, p(b0l)),
            f1(50, lab(b0l)),
            f1(51, p(s1)),
            f2(52, p(s1), w(s1)),
            f3(53, p(s1), s0p, b0p),
            f3(54, s0p, lab(s0), b0p),
            f3(55, s0p, lab(s0l), lab(s0r)),
            f2(56, b0p, lex_suffix(lex, b0)),
            f2(57, s0p, lex_suffix(lex, s0)),
        ]);
    }

    /// The cost (gold arcs made unreachable) of each class under the gold tree
    /// (Goldberg & Nivre 2012); `None` for invalid classes.
    fn costs(&self, gold_h: &[usize], gold_l: &[u8], n_labels: usize, out: &mut Vec<Option<u32>>) {
        out.clear();
        out.resize(n_classes(n_labels), None);
        let v = self.valid();
        let s0 = self.s0();
        let b = self.b;
        let in_stack = |k: usize| self.stack.contains(&k);
        if v[0] {
            let mut c = 0;
            for &k in &self.stack {
                if (self.heads[k] == NONE && gold_h[k] == b) || gold_h[b] == k {
                    c += 1;
                }
            }
            out[SHIFT] = Some(c);
        }
        if v[1] {
            out[REDUCE] = Some((b..=self.n).filter(|&k| gold_h[k] == s0).count() as u32);
        }
        if v[2] {
            let mut c = (b..=self.n).filter(|&k| gold_h[k] == s0).count() as u32;
            if gold_h[s0] > b {
                c += 1;
            }
            for l in 0..n_labels {
                let wrong = gold_h[s0] == b && gold_l[s0] as usize != l;
                out[2 + l] = Some(c + wrong as u32);
            }
        }
        if v[3] {
            let hb = gold_h[b];
            let mut c = 0;
            if hb != s0 && (hb > b || in_stack(hb)) {
                c += 1;
            }
            c += self
                .stack
                .iter()
                .filter(|&&k| k != 0 && self.heads[k] == NONE && gold_h[k] == b)
                .count() as u32;
            for l in 0..n_labels {
                let wrong = hb == s0 && gold_l[b] as usize != l;
                out[2 + n_labels + l] = Some(c + wrong as u32);
            }
        }
    }
}

fn lex_suffix(lex: &[Lex], i: usize) -> u64 {
    if i == NONE {
        0xbeef
    } else {
        lex[i].suffix3
    }
}

/// The best valid class under `scores`.
fn best_valid<T: PartialOrd + Copy>(valid: &[bool; 4], n_labels: usize, scores: &[T]) -> usize {
    let mut best = NONE;
    for (c, &s) in scores.iter().enumerate() {
        let kind = match c {
            0 | 1 => c,
            _ if c < 2 + n_labels => 2,
            _ => 3,
        };
        if valid[kind] && (best == NONE || s > scores[best]) {
            best = c;
        }
    }
    best
}

/// Parses one sentence. `lex`/`tags` are indexed from 1 (index 0 is the root).
#[allow(clippy::too_many_arguments)]
pub fn parse(
    weights: &Weights,
    n_labels: usize,
    root_label: u8,
    dep_label: u8,
    lex: &[Lex],
    tags: &[u8],
    feats: &mut Vec<u64>,
    scores: &mut Vec<i32>,
) -> State {
    let mut st = State::new(lex.len() - 1);
    parse_into(
        &mut st, weights, n_labels, root_label, dep_label, lex, tags, feats, scores,
    );
    st
}

/// [`parse`] into a reused state.
#[allow(clippy::too_many_arguments)]
pub fn parse_into(
    st: &mut State,
    weights: &Weights,
    n_labels: usize,
    root_label: u8,
    dep_label: u8,
    lex: &[Lex],
    tags: &[u8],
    feats: &mut Vec<u64>,
    scores: &mut Vec<i32>,
) {
    st.reset(lex.len() - 1);
    while !st.done() {
        st.features(lex, tags, feats);
        scores.clear();
        scores.resize(weights.n_classes(), 0);
        weights.score(feats, scores);
        let c = best_valid(&st.valid(), n_labels, scores);
        st.apply(c, n_labels);
    }
    st.finish(root_label, dep_label);
}

/// Prepends the root to a sentence's lexical hashes and tags.
pub fn with_root(lex: &[Lex], tags: &[u8]) -> (Vec<Lex>, Vec<u8>) {
    let mut l = Vec::with_capacity(lex.len() + 1);
    l.push(ROOT);
    l.extend_from_slice(lex);
    let mut t = Vec::with_capacity(tags.len() + 1);
    t.push(TAG_ROOT);
    t.extend_from_slice(tags);
    (l, t)
}

/// One training pass over a sentence with the dynamic oracle. With `explore`, the
/// parser follows its own (possibly wrong) prediction, learning to recover from errors.
#[allow(clippy::too_many_arguments)]
pub fn train_sentence(
    trainer: &mut Trainer,
    n_labels: usize,
    lex: &[Lex],
    tags: &[u8],
    gold_h: &[usize],
    gold_l: &[u8],
    explore: bool,
    feats: &mut Vec<u64>,
    scores: &mut Vec<f32>,
) {
    let n = lex.len() - 1;
    let mut st = State::new(n);
    let mut costs = Vec::new();
    while !st.done() {
        st.features(lex, tags, feats);
        trainer.score(feats, scores);
        st.costs(gold_h, gold_l, n_labels, &mut costs);
        let guess = best_valid(&st.valid(), n_labels, scores);
        let min = costs.iter().flatten().min().copied().unwrap_or(0);
        let mut best = NONE;
        for (c, k) in costs.iter().enumerate() {
            if *k == Some(min) && (best == NONE || scores[c] > scores[best]) {
                best = c;
            }
        }
        trainer.update(best, guess, feats);
        let next = if explore && costs[guess].is_some() {
            guess
        } else {
            best
        };
        st.apply(next, n_labels);
    }
}
