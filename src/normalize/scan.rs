//! Byte-level scanning helpers shared by the passes over valid UTF-8: they
//! step a word of ASCII or one char at a time instead of one byte.

/// Index of the next non-ASCII byte at or after `i`, eight bytes at a time.
#[inline]
pub(super) fn skip_ascii(bytes: &[u8], mut i: usize) -> usize {
    // Most calls in non-Latin text stop at once: a single space between words.
    if bytes.get(i).is_none_or(|&b| b >= 0x80) {
        return i;
    }
    while let Some(word) = word_at(bytes, i) {
        let high = word & HIGH;
        if high != 0 {
            return i + (high.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] < 0x80 {
        i += 1;
    }
    i
}

/// Index of the next ASCII byte at or after `i` (or the end), eight bytes
/// at a time: the end of a run of non-ASCII chars.
#[inline]
pub(super) fn skip_non_ascii(bytes: &[u8], mut i: usize) -> usize {
    while let Some(word) = word_at(bytes, i) {
        let ascii = !word & HIGH;
        if ascii != 0 {
            return i + (ascii.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] >= 0x80 {
        i += 1;
    }
    i
}

/// The high bit of every byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// 0x01 in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;

/// Eight bytes from `i` as a little-endian word (byte `k` in bits 8k..8k+8).
#[inline]
fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(i..i + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// How many of the eight bytes from `i` are certainly plain ASCII text:
/// printable (0x21..=0x7E), or a space followed by a printable byte within
/// the word. 0 when fewer than eight bytes are left. The rest of the word is
/// for the caller to judge char by char.
#[inline]
pub(super) fn plain_ascii_prefix(bytes: &[u8], i: usize) -> usize {
    let Some(w) = word_at(bytes, i) else {
        return 0;
    };
    // Per byte, on its low seven bits (no carries between bytes): >= 0x21,
    // <= 0x7E, == 0x20; then only bytes below 0x80 count.
    let low = w & !HIGH;
    let ascii = !w & HIGH;
    let from_21 = low.wrapping_add(0x5F * ONES);
    let to_7e = !low.wrapping_add(ONES);
    let printable = from_21 & to_7e & ascii;
    let space = !(low ^ (0x20 * ONES)).wrapping_add(0x7F * ONES) & ascii;
    let ok = (printable | (space & (printable >> 8))) & HIGH;
    let bad = !ok & HIGH;
    (bad.trailing_zeros() / 8) as usize
}

/// Eight bytes judged at once for the cleaner's plain spans (see `PLAIN` in
/// `text.rs`); each mask has the high bit of a byte's lane set.
pub(super) struct PlainWord {
    /// Every byte is printable ASCII, a space, or part of a plain non-ASCII
    /// char: a continuation byte or a lead other than C0..C2 (U+0000..U+00BF),
    /// E1, E2 (U+1000..U+2FFF: spaces, invisibles, punctuation), EF (specials)
    /// and F5..FF.
    pub all_plain: bool,
    /// The spaces.
    pub spaces: u64,
    /// The E3 leads, which the caller checks for U+3000 (a space).
    pub e3: u64,
}

/// The eight bytes from `i` as a [`PlainWord`]; `None` when fewer are left.
#[inline]
pub(super) fn plain_word(bytes: &[u8], i: usize) -> Option<PlainWord> {
    let w = word_at(bytes, i)?;
    let low = w & !HIGH;
    let high = w & HIGH;
    let between = |lo: u64, hi: u64| at_least(low, lo) & !at_least(low, hi + 1);
    let ascii = !high & HIGH;
    let printable = ascii & between(0x21, 0x7E);
    let spaces = ascii & between(0x20, 0x20);
    let bad_lead =
        between(0x40, 0x42) | between(0x61, 0x62) | between(0x6F, 0x6F) | at_least(low, 0x75);
    let plain_high = high & !bad_lead;
    let ok = (printable | spaces | plain_high) & HIGH;
    Some(PlainWord {
        all_plain: ok == HIGH,
        spaces,
        e3: high & between(0x63, 0x63) & HIGH,
    })
}

/// Per lane of a word of low seven bits (`w & !HIGH`), the high bit set where
/// they are >= `c` (at most 0x80): adding never carries between lanes.
#[inline]
fn at_least(low: u64, c: u64) -> u64 {
    low.wrapping_add((0x80 - c) * ONES)
}

/// How many of the eight bytes from `i` are of chars NFC leaves alone in any
/// order (starters it never changes), judged from the bytes alone: 8 when all
/// are, else the lane of the first that is not, a lead for the caller to judge
/// (0 also when fewer than eight bytes are left). Bytes below CC
/// (ASCII, continuation bytes, leads of U+0000..U+02FF); D0, D1 (Cyrillic
/// U+0400..U+047F); E4..E9 (CJK U+4000..U+9FFF); CE before 8E..BF
/// (U+038E..U+03BF) and CF before anything but 8F (not U+03CF), the byte
/// after them in the word. Anything else is for the caller to judge.
#[inline]
pub(super) fn nfc_starters_prefix(bytes: &[u8], i: usize) -> usize {
    let Some(w) = word_at(bytes, i) else {
        return 0;
    };
    let low = w & !HIGH;
    let from_cc = w & at_least(low, 0x4C) & HIGH;
    if from_cc == 0 {
        // Latin and ASCII text.
        return 8;
    }
    let between = |lo: u64, hi: u64| at_least(low, lo) & !at_least(low, hi + 1);
    let from_cc = from_cc & !between(0x50, 0x51);
    if from_cc == 0 {
        // Cyrillic text.
        return 8;
    }
    let ce = between(0x4E, 0x4E);
    let cf = between(0x4F, 0x4F);
    // The next byte's low bits in each lane; none after the last.
    let next = low >> 8;
    let next_is_cont = (w >> 8) & !(w >> 7) & HIGH;
    let ce_ok = ce & next_is_cont & at_least(next, 0x0E);
    let cf_ok = cf & next_is_cont & !(at_least(next, 0x0F) & !at_least(next, 0x10));
    let inert = between(0x64, 0x69) | ce_ok | cf_ok;
    let judge = from_cc & !inert;
    (judge.trailing_zeros() / 8) as usize
}

/// How many of the eight bytes from `i` are continuation bytes or leads of
/// one script's letters, where the bytes alone say so: 8 when all are, else
/// the lane of the first that is not, never a continuation byte (0 when
/// fewer than eight bytes are left). [`Script8::Cyrillic`]: D1, and D0 but
/// before 82 (U+0400..U+047F but Ђ); [`Script8::Greek`]: CE before 8E..BF,
/// CF before anything but 8F (U+038E..U+03FF but U+03CF); [`Script8::Cjk`]:
/// E4..E9 (U+4000..U+9FFF). A lead must have its next byte in the word.
#[inline]
pub(super) fn script_prefix(bytes: &[u8], i: usize, script: Script8) -> usize {
    let Some(w) = word_at(bytes, i) else {
        return 0;
    };
    let low = w & !HIGH;
    let between = |lo: u64, hi: u64| at_least(low, lo) & !at_least(low, hi + 1);
    // 10xxxxxx: the high bit set and the next one clear.
    let cont = w & !(w << 1) & HIGH;
    let next = low >> 8;
    let next_is_cont = (w >> 8) & !(w >> 7) & HIGH;
    let next_is = |b: u64| at_least(next, b) & !at_least(next, b + 1);
    let leads = match script {
        Script8::Cyrillic => {
            (between(0x50, 0x50) & next_is_cont & !next_is(0x02)) | between(0x51, 0x51)
        }
        Script8::Greek => {
            (between(0x4E, 0x4E) & next_is_cont & at_least(next, 0x0E))
                | (between(0x4F, 0x4F) & next_is_cont & !next_is(0x0F))
        }
        Script8::Cjk => between(0x64, 0x69),
    };
    let ok = cont | (leads & w & HIGH);
    ((!ok & HIGH).trailing_zeros() / 8) as usize
}

/// The scripts [`script_prefix`] takes eight bytes at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script8 {
    Cyrillic,
    Greek,
    Cjk,
}

/// The code point and length of the char that starts at lead byte `b[i]`
/// (0xC0 and up) of valid UTF-8. Always inlined: two per-char loops call
/// it, and as a call it cost 5% more instructions on clean text.
#[inline(always)]
pub(super) fn char_at(b: &[u8], i: usize) -> (u32, usize) {
    let lead = u32::from(b[i]);
    let cont = |k: usize| u32::from(b[i + k] & 0x3F);
    match lead {
        0..=0xDF => (((lead & 0x1F) << 6) | cont(1), 2),
        0xE0..=0xEF => (((lead & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
        _ => (
            ((lead & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word made from one of `bases` by setting one byte to every
    /// value, alone or with the next byte set to a continuation byte that
    /// the word checks single out.
    fn mutations(bases: &[[u8; 8]]) -> impl Iterator<Item = [u8; 8]> + '_ {
        (0..8).flat_map(move |pos| {
            (0..=255u8).flat_map(move |b| {
                bases.iter().flat_map(move |&base| {
                    [None, Some(0x8F), Some(0x8D), Some(0x82)].map(|next| {
                        let mut w = base;
                        w[pos] = b;
                        if let Some(n) = next {
                            w[(pos + 1) % 8] = n;
                        }
                        w
                    })
                })
            })
        })
    }

    fn slow_prefix(w: &[u8]) -> usize {
        let printable = |k: usize| w.get(k).is_some_and(|b| (0x21..=0x7E).contains(b));
        (0..8)
            .take_while(|&k| printable(k) || (w[k] == b' ' && k < 7 && printable(k + 1)))
            .count()
    }

    #[test]
    fn plain_prefix_agrees_with_bytewise() {
        let samples: [&[u8; 8]; 10] = [
            b"abcdefgh",
            b"ab cd ef",
            b"ab  cdef",
            b"abcdefg ",
            b" abcdefg",
            b"abc\tdefg",
            b"abc\x7fdefg",
            b"abc~}|{z",
            b"a b c d.",
            b"\x1fbcdefgh",
        ];
        for s in samples {
            assert_eq!(plain_ascii_prefix(s, 0), slow_prefix(s), "{s:?}");
        }
        // Every byte value in every position, among letters and spaces.
        for pos in 0..8 {
            for b in 0..=255u8 {
                for base in [*b"abcdefgh", *b"a b c d.", *b" x y z w", *b"ab  c  d"] {
                    let mut w = base;
                    w[pos] = b;
                    assert_eq!(plain_ascii_prefix(&w, 0), slow_prefix(&w), "{w:?}");
                }
            }
        }
        assert_eq!(plain_ascii_prefix(b"abc", 0), 0, "short input");
    }

    #[test]
    fn plain_word_agrees_with_bytewise() {
        let plain = |b: u8| {
            matches!(b, 0x20..=0x7E | 0x80..=0xBF | 0xC3..=0xE0 | 0xE3..=0xEE | 0xF0..=0xF4)
                && b != 0xE1
                && b != 0xE2
        };
        for pos in 0..8 {
            for b in 0..=255u8 {
                for base in [
                    *b"abcdefgh",
                    *b"a b c d.",
                    [0xCE, 0xB1, 0xCE, 0xB2, 0x20, 0xCF, 0x80, 0x2E],
                ] {
                    let mut w = base;
                    w[pos] = b;
                    let got = plain_word(&w, 0).unwrap();
                    assert_eq!(got.all_plain, w.iter().all(|&x| plain(x)), "{w:x?}");
                    for (k, &x) in w.iter().enumerate() {
                        let lane = |m: u64| m >> (8 * k + 7) & 1 == 1;
                        assert_eq!(lane(got.spaces), x == b' ', "{w:x?} {k}");
                        assert_eq!(lane(got.e3), x == 0xE3, "{w:x?} {k}");
                    }
                }
            }
        }
        assert!(plain_word(b"short", 0).is_none());
    }

    #[test]
    fn nfc_starters_prefix_agrees_with_bytewise() {
        let ok = |w: &[u8; 8], k: usize| {
            let next = w.get(k + 1).copied();
            match w[k] {
                0..=0xCB | 0xD0 | 0xD1 | 0xE4..=0xE9 => true,
                0xCE => matches!(next, Some(0x8E..=0xBF)),
                0xCF => matches!(next, Some(0x80..=0xBF)) && next != Some(0x8F),
                _ => false,
            }
        };
        let bases = [
            *b"abcdefgh",
            *"прист".as_bytes().first_chunk().unwrap(),
            *"αβγδ".as_bytes().first_chunk().unwrap(),
            *"ωπρσ".as_bytes().first_chunk().unwrap(),
            *"中文报道".as_bytes().first_chunk().unwrap(),
        ];
        for w in mutations(&bases) {
            let want = (0..8).take_while(|&k| ok(&w, k)).count();
            assert_eq!(nfc_starters_prefix(&w, 0), want, "{w:x?}");
        }
        assert_eq!(nfc_starters_prefix("пр".as_bytes(), 0), 0, "short input");
    }

    #[test]
    fn script_prefix_agrees_with_bytewise() {
        let ok = |w: &[u8; 8], k: usize, script: Script8| {
            let next = w.get(k + 1).copied();
            let next_cont = matches!(next, Some(0x80..=0xBF));
            match (w[k], script) {
                (0x80..=0xBF, _) => true,
                (0xD1, Script8::Cyrillic) | (0xE4..=0xE9, Script8::Cjk) => true,
                (0xD0, Script8::Cyrillic) => next_cont && next != Some(0x82),
                (0xCE, Script8::Greek) => matches!(next, Some(0x8E..=0xBF)),
                (0xCF, Script8::Greek) => next_cont && next != Some(0x8F),
                _ => false,
            }
        };
        let bases = [
            *"αβγδ".as_bytes().first_chunk().unwrap(),
            *"中文报道".as_bytes().first_chunk().unwrap(),
            *"привет".as_bytes().first_chunk().unwrap(),
            *b"abcdefgh",
        ];
        for script in [Script8::Cyrillic, Script8::Greek, Script8::Cjk] {
            for w in mutations(&bases) {
                let want = (0..8).take_while(|&k| ok(&w, k, script)).count();
                assert_eq!(script_prefix(&w, 0, script), want, "{w:x?} {script:?}");
            }
        }
        assert_eq!(
            script_prefix("中".as_bytes(), 0, Script8::Cjk),
            0,
            "short input"
        );
    }

    #[test]
    fn char_at_decodes() {
        for s in [
            "é",
            "ж",
            "中",
            "😀",
            "\u{7FF}",
            "\u{800}",
            "\u{FFFF}",
            "\u{10FFFF}",
        ] {
            let c = s.chars().next().unwrap();
            assert_eq!(char_at(s.as_bytes(), 0), (c as u32, c.len_utf8()), "{s:?}");
        }
    }

    #[test]
    fn skips_ascii() {
        assert_eq!(skip_ascii(b"abcdefghijk\xc3\xa9", 0), 11);
        assert_eq!(skip_ascii(b"abc", 1), 3);
        assert_eq!(skip_ascii("é".as_bytes(), 0), 0);
        assert_eq!(skip_non_ascii("éèêëàâäôöü x".as_bytes(), 0), 20);
        assert_eq!(skip_non_ascii("é".as_bytes(), 0), 2);
        assert_eq!(skip_non_ascii(b"abc", 1), 1);
    }
}
