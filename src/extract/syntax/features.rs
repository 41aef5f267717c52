//! Per-token lexical hashes and the tagger's feature templates.

use super::perceptron::{hash_bytes, mix};

/// Hashes of one token's word form, affixes and shape, computed once per token.
#[derive(Debug, Clone, Copy)]
pub struct Lex {
    /// Lowercased, digits folded to 0.
    pub word: u64,
    pub suffix3: u64,
    pub suffix2: u64,
    pub suffix4: u64,
    /// Capitalised, all capitals, has a digit, has a hyphen (bits).
    pub flags: u64,
    pub prefix1: u64,
    pub prefix3: u64,
    /// Character classes with runs collapsed: "Xx", "d.d", "x-x".
    pub shape: u64,
}

/// Padding before the first and after the last token, and the parser's root.
pub const PAD: Lex = Lex {
    word: 0x1111,
    suffix3: 0x2222,
    suffix2: 0x3333,
    suffix4: 0x3434,
    flags: 0x3535,
    prefix1: 0x4444,
    prefix3: 0x4545,
    shape: 0x5555,
};
pub const ROOT: Lex = Lex {
    word: 0x6666,
    suffix3: 0x7777,
    suffix2: 0x8888,
    suffix4: 0x8989,
    flags: 0x8a8a,
    prefix1: 0x9999,
    prefix3: 0x9a9a,
    shape: 0xaaaa,
};

struct Fnv(u64);

impl Fnv {
    fn new(seed: u64) -> Self {
        Fnv(0xcbf2_9ce4_8422_2325 ^ seed)
    }
    #[inline]
    fn push(&mut self, c: char) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        mix(self.0, 0x2545_f491_4f6c_dd1d)
    }
}

#[inline]
fn fold(c: char) -> char {
    if c.is_ascii_digit() {
        '0'
    } else if c == '’' {
        '\''
    } else if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// The hashes of one form; no allocation.
pub fn lex(form: &str) -> Lex {
    let mut word = Fnv::new(1);
    let mut shape = Fnv::new(2);
    let mut last_shape = ' ';
    let mut run = 0;
    let n = form.chars().count();
    let mut s3 = Fnv::new(3);
    let mut s2 = Fnv::new(4);
    let mut s4 = Fnv::new(7);
    let (mut upper, mut lower, mut digit, mut hyphen, mut first_upper) = (0, 0, 0, 0, false);
    let mut p1 = Fnv::new(5);
    let mut p3 = Fnv::new(6);
    for (k, c) in form.chars().enumerate() {
        let f = fold(c);
        word.push(f);
        if k + 3 >= n {
            s3.push(f);
        }
        if k + 2 >= n {
            s2.push(f);
        }
        if k + 4 >= n {
            s4.push(f);
        }
        if c.is_uppercase() {
            upper += 1;
            first_upper |= k == 0;
        } else if c.is_lowercase() {
            lower += 1;
        } else if c.is_numeric() {
            digit += 1;
        } else if c == '-' {
            hyphen += 1;
        }
        if k == 0 {
            p1.push(c);
        }
        if k < 3 {
            p3.push(f);
        }
        let sc = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if sc == last_shape {
            run += 1;
        } else {
            run = 0;
            last_shape = sc;
        }
        if run < 2 {
            shape.push(sc);
        }
    }
    Lex {
        word: word.finish(),
        suffix3: s3.finish(),
        suffix2: s2.finish(),
        suffix4: s4.finish(),
        flags: first_upper as u64
            | ((upper > 1 && lower == 0) as u64) << 1
            | ((digit > 0) as u64) << 2
            | ((hyphen > 0) as u64) << 3
            | ((n > 1 && n <= 3) as u64) << 4,
        prefix1: p1.finish(),
        prefix3: p3.finish(),
        shape: shape.finish(),
    }
}

/// Tag ids for padding in tag features (UPOS ids are 0..17).
pub const TAG_START: u8 = 17;
pub const TAG_ROOT: u8 = 18;
/// A word not seen in training.
pub const UNKNOWN: u8 = 19;

/// The tagger's features for token `i` given the tags already chosen to its left
/// (greedy left-to-right). `lex` has no padding; out-of-range positions use [`PAD`].
///
/// `amb[k]` is token k's most frequent tag in the training data ([`UNKNOWN`] if unseen):
/// the right context's likely tags, which a left-to-right tagger otherwise lacks.
pub fn tagger_features(lex: &[Lex], amb: &[u8], i: usize, prev: u8, prev2: u8, out: &mut Vec<u64>) {
    out.clear();
    let am = |k: usize| amb.get(k).copied().unwrap_or(TAG_START) as u64;
    let (a0, a1, a2) = (am(i), am(i + 1), am(i + 2));
    let at = |k: isize| -> Lex {
        let j = i as isize + k;
        if j < 0 || j as usize >= lex.len() {
            PAD
        } else {
            lex[j as usize]
        }
    };
    let (w, m1, m2, p1, p2) = (at(0), at(-1), at(-2), at(1), at(2));
    let (t1, t2) = (prev as u64, prev2 as u64);
    let f = |t: u64, a: u64| mix(t.wrapping_mul(0x100_0193), a);
    out.extend_from_slice(&[
        f(1, 0),
        f(2, w.word),
        f(3, w.suffix3),
        f(4, w.suffix2),
        f(5, w.prefix1),
        f(6, w.prefix3),
        f(7, w.shape),
        f(8, t1),
        f(9, mix(t1, t2)),
        f(10, mix(t1, w.word)),
        f(11, m1.word),
        f(12, m1.suffix3),
        f(13, m2.word),
        f(14, p1.word),
        f(15, p1.suffix3),
        f(16, p2.word),
        f(17, mix(w.shape, (i == 0) as u64)),
        f(18, mix(m1.word, w.word)),
        f(19, mix(w.word, p1.word)),
        f(20, mix(t1, w.suffix3)),
        f(21, p1.shape),
        f(22, mix(t1, p1.word)),
        f(23, w.suffix4),
        f(24, mix(w.flags, (i == 0) as u64)),
        f(25, mix(t1, w.flags)),
        f(26, mix(m1.word, w.suffix3)),
        f(27, p1.flags),
        f(28, a0),
        f(29, a1),
        f(30, mix(a1, a2)),
        f(31, mix(t1, a1)),
        f(32, mix(a0, a1)),
        f(33, mix(w.word, a1)),
    ]);
}

/// A stable hash of a whole form (for the tag dictionary).
pub fn dict_key(form: &str) -> u64 {
    hash_bytes(form.as_bytes())
}
