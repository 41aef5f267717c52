//! NFC, control and invisible characters, whitespace and paragraphs.
//!
//! Output shape: each non-empty line is a paragraph, trimmed, with runs of
//! spaces collapsed to one; paragraphs are separated by exactly one blank line.

use std::borrow::Cow;
use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::plausible::{script, Script};
use super::scan::{char_at, nfc_starters_prefix, plain_ascii_prefix, plain_word};
use super::{push_tag, NormalizeOptions};

pub(super) fn clean(input: &str, options: &NormalizeOptions, repairs: &mut Vec<String>) -> String {
    let nfc: Cow<'_, str> = if nfc_safe(input) || is_nfc_quick(input.chars()) == IsNormalized::Yes {
        Cow::Borrowed(input)
    } else {
        let n: String = input.nfc().collect();
        if n != input {
            push_tag(repairs, "nfc");
        }
        Cow::Owned(n)
    };
    let s: &str = &nfc;
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut controls = false;
    let mut invisible = false;
    let mut folded = false;
    // Pending separator before the next visible char: 0 none, 1 space, 2 paragraph.
    let mut pending = 0u8;
    let mut prev: Option<char> = None;
    let mut i = 0;
    let folding = options.ascii_punctuation;
    while i < b.len() {
        if plain_at(b, i) || visible_punct(b, i, folding) > 0 {
            // Fast path: a span of printable chars with single spaces inside.
            let j = plain_span_end(b, i, folding);
            separate(&mut out, pending);
            pending = 0;
            out.push_str(&s[i..j]);
            prev = s[..j].chars().next_back();
            i = j;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        match classify(c) {
            Class::Visible => {}
            Class::Space => {
                pending = pending.max(1);
                continue;
            }
            Class::Break => {
                pending = 2;
                continue;
            }
            Class::Control => {
                controls = true;
                continue;
            }
            Class::Joiner => {
                if !joiner_meaningful(c, prev, s[i..].chars().next()) {
                    invisible = true;
                    continue;
                }
            }
            Class::Invisible => {
                invisible = true;
                continue;
            }
        }
        separate(&mut out, pending);
        pending = 0;
        prev = Some(c);
        match fold(c).filter(|_| options.ascii_punctuation) {
            Some(ascii) => {
                out.push_str(ascii);
                folded = true;
            }
            None => out.push(c),
        }
    }
    if controls {
        push_tag(repairs, "control-chars");
    }
    if invisible {
        push_tag(repairs, "invisible-chars");
    }
    if folded {
        push_tag(repairs, "ascii-punctuation");
    }
    out
}

/// True when NFC certainly leaves `s` alone: the Unicode quick check answers
/// "yes" for every char (BMP and emoji), and combining marks come in canonical
/// order. The common case for Latin, Greek, Cyrillic, Thai, CJK, kana and
/// Hangul text, answered eight bytes at a time where the bytes alone tell
/// ([`nfc_starters_word`]) and from a table elsewhere. False means "ask the
/// full quick check", not "not NFC".
fn nfc_safe(s: &str) -> bool {
    let b = s.as_bytes();
    let table = nfc_classes();
    let mut last_ccc = 0u8;
    let mut i = 0;
    while i < b.len() {
        let n = nfc_starters_prefix(b, i);
        if n > 0 {
            // Starters, or the rest of one: no mark before constrains the next.
            i += n;
            last_ccc = 0;
            if n == 8 || i >= b.len() {
                continue;
            }
            // Else `b[i]` is a lead the word check left to judge: on to it.
        }
        // A lead the word check left to judge, or the last few bytes.
        if b[i] < 0xC0 {
            if b[i] < 0x80 {
                last_ccc = 0;
            }
            i += 1;
            continue;
        }
        // Chars one at a time to the end of this run of non-ASCII chars.
        while i < b.len() && b[i] >= 0xC0 {
            let (cp, len) = char_at(b, i);
            let ccc = match cp {
                0..=0xFFFF => table[cp as usize],
                // Emoji and pictographs: starters NFC leaves alone.
                0x1_F000..=0x1_FAFF => 0,
                _ => return false,
            };
            if ccc == NOT_QUICK_YES || (ccc != 0 && ccc < last_ccc) {
                return false;
            }
            last_ccc = ccc;
            i += len;
        }
    }
    true
}

/// [`nfc_classes`] for a char the quick check does not answer "yes" for.
pub(super) const NOT_QUICK_YES: u8 = 0xFF;

/// Per BMP code point: its canonical combining class when the NFC quick
/// check answers "yes" for it (0 for a starter), else [`NOT_QUICK_YES`].
/// Built once from the normalisation tables, so it follows their Unicode
/// version; 64 KiB of which a text touches the few lines of its scripts.
pub(super) fn nfc_classes() -> &'static [u8; 0x1_0000] {
    static TABLE: OnceLock<Box<[u8; 0x1_0000]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([NOT_QUICK_YES; 0x1_0000]);
        for (u, slot) in t.iter_mut().enumerate() {
            let Some(c) = char::from_u32(u as u32) else {
                continue;
            };
            if is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes {
                *slot = canonical_combining_class(c);
            }
        }
        t
    })
}

/// Per byte: 1 when it belongs to a visible char that is not a space, not
/// invisible and not foldable punctuation: a continuation byte, or the lead of
/// U+00C0..U+07FF, U+0800..U+0FFF, U+3001..U+FFFF except specials (EF), or
/// above U+FFFF; 3 for printable ASCII; 2 for E3 (U+3000..U+3FFF, where
/// U+3000 is a space); 0 otherwise.
static PLAIN: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            0x80..=0xBF | 0xC3..=0xE0 | 0xE4..=0xEE | 0xF0..=0xF4 => 1,
            0xE3 => 2,
            0x21..=0x7E => 3,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// End of the plain span that starts with the plain char at `j`: printable
/// chars with single spaces inside, one table lookup per byte, printable
/// ASCII a word at a time; punctuation and symbols ([`visible_punct`]) a
/// char at a time. It starts on a char boundary and only stops on a byte
/// that is not a continuation, so it ends on one.
fn plain_span_end(b: &[u8], mut j: usize, fold: bool) -> usize {
    while j < b.len() {
        let t = PLAIN[usize::from(b[j])];
        if t == 1 || t == 2 {
            if let Some(n) = plain_block(b, j) {
                j += n;
                continue;
            }
        }
        if t == 1 || (t == 2 && b.get(j + 1..j + 3) != Some(&[0x80, 0x80])) {
            j += 1;
        } else if t == 3 {
            j += ascii_run(b, j);
        } else if let n @ 1.. = visible_punct(b, j, fold) {
            j += n;
        } else if b[j] == b' '
            && j + 1 < b.len()
            && (plain_at(b, j + 1) || visible_punct(b, j + 1, fold) > 0)
        {
            j += 1;
        } else {
            break;
        }
    }
    j
}

/// Length of the char at `j` when it is punctuation or a symbol that
/// [`PLAIN`] leaves out only for the sake of its lead byte's other chars:
/// U+00A1..U+00BF but the soft hyphen, U+2010..U+2027, U+2030..U+205E,
/// U+2080..U+2FFF, and the full-width forms U+FF00..U+FFEF. All are visible
/// and none is a space. 0 for anything else, and always when punctuation is
/// folded to ASCII (`fold`), which looks at each char.
#[inline]
fn visible_punct(b: &[u8], j: usize, fold: bool) -> usize {
    if fold {
        return 0;
    }
    match (b[j], b.get(j + 1), b.get(j + 2)) {
        (0xC2, Some(0xA1..=0xBF), _) if b[j + 1] != 0xAD => 2,
        (0xE2, Some(0x80), Some(0x90..=0xA7 | 0xB0..=0xBF)) => 3,
        (0xE2, Some(0x81), Some(0x80..=0x9E)) => 3,
        (0xE2, Some(0x82..=0xBF), Some(_)) => 3,
        (0xEF, Some(0xBC..=0xBE), Some(_)) => 3,
        (0xEF, Some(0xBF), Some(0x80..=0xAF)) => 3,
        _ => 0,
    }
}

/// How many of the eight bytes from `j` a plain span takes at once: all eight
/// (seven when the last is a space, which the next char decides) when each is
/// plain or a single space; `None` to go a byte at a time. Text in non-Latin
/// scripts mostly passes here.
#[inline]
fn plain_block(b: &[u8], j: usize) -> Option<usize> {
    let word = plain_word(b, j)?;
    if !word.all_plain || word.spaces & (word.spaces << 8) != 0 {
        return None;
    }
    // E3 leads U+3000..U+3FFF, where U+3000 is a space.
    let mut e3 = word.e3;
    while e3 != 0 {
        let k = j + (e3.trailing_zeros() / 8) as usize;
        if b.get(k + 1..k + 3) == Some(&[0x80, 0x80]) {
            return None;
        }
        e3 &= e3 - 1;
    }
    Some(if word.spaces >> 56 != 0 { 7 } else { 8 })
}

/// Length of the plain ASCII run from the printable byte at `j`, word by
/// word (at least 1; less than a word's worth is left to the caller).
#[inline]
fn ascii_run(b: &[u8], mut j: usize) -> usize {
    let start = j;
    let mut n = plain_ascii_prefix(b, j);
    while n == 8 {
        j += 8;
        n = plain_ascii_prefix(b, j);
    }
    (j + n - start).max(1)
}

/// Is `b[i]` part of a plain char (see [`PLAIN`])? Continuation bytes count,
/// so callers start on a char boundary.
#[inline]
fn plain_at(b: &[u8], i: usize) -> bool {
    match PLAIN[usize::from(b[i])] {
        0 => false,
        2 => b.get(i + 1..i + 3) != Some(&[0x80, 0x80]), // U+3000 is a space
        _ => true,
    }
}

/// Does [`clean`] copy `c` as it is (unless punctuation is folded)?
pub(super) fn kept_as_is(c: char) -> bool {
    matches!(classify(c), Class::Visible)
}

fn separate(out: &mut String, pending: u8) {
    if !out.is_empty() {
        match pending {
            1 => out.push(' '),
            2 => out.push_str("\n\n"),
            _ => {}
        }
    }
}

enum Class {
    Visible,
    Space,
    Break,
    Control,
    /// ZWJ / ZWNJ: kept where they shape emoji or a script.
    Joiner,
    /// Zero-width, bidi and other format characters with no meaning in plain text.
    Invisible,
}

#[inline]
fn classify(c: char) -> Class {
    match c {
        ' ' | '\t' => Class::Space,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Class::Break,
        '\u{200C}' | '\u{200D}' => Class::Joiner,
        '\u{200B}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{AD}'
        | '\u{180E}' => Class::Invisible,
        c if c.is_control() => Class::Control,
        c if c.is_whitespace() => Class::Space,
        _ => Class::Visible,
    }
}

/// ZWJ between emoji builds one glyph (👩‍💻); ZWJ/ZWNJ inside Persian, Arabic
/// or Indic words change letter shapes. Elsewhere they are invisible noise.
fn joiner_meaningful(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let (Some(p), Some(n)) = (prev, next) else {
        return false;
    };
    let shaping = |x: char| matches!(script(x), Script::Arabic | Script::Indic);
    if shaping(p) && shaping(n) {
        return true;
    }
    c == '\u{200D}' && is_emoji_part(p) && is_emoji_part(n)
}

fn is_emoji_part(c: char) -> bool {
    matches!(c as u32, 0x2600..=0x27BF | 0x1F000..=0x1FAFF | 0xFE0F)
}

fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2039}'
        | '\u{203A}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{AB}' | '\u{BB}' => {
            "\""
        }
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => "-",
        '\u{2014}' | '\u{2015}' => "--",
        '\u{2026}' => "...",
        '\u{2022}' => "*",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> (String, Vec<String>) {
        let mut r = Vec::new();
        let out = clean(s, &NormalizeOptions::default(), &mut r);
        (out, r)
    }

    #[test]
    fn paragraphs_and_spaces() {
        let (out, _) = run("  Title  line \r\n\r\n\n  second\t\tline  \rthird\u{2029}fourth ");
        assert_eq!(out, "Title line\n\nsecond line\n\nthird\n\nfourth");
    }

    #[test]
    fn nfc_and_controls() {
        let (out, r) = run("Cafe\u{301}\u{0}\u{7} ok\u{200B}ay");
        assert_eq!(out, "Café okay");
        assert!(r.contains(&"nfc".into()) && r.contains(&"control-chars".into()));
    }

    #[test]
    fn meaningful_joiners_kept() {
        let (out, _) = run("👩\u{200D}💻 می\u{200C}خواهم a\u{200D}b");
        assert_eq!(out, "👩\u{200D}💻 می\u{200C}خواهم ab");
    }

    #[test]
    fn ascii_punctuation_folds() {
        let mut r = Vec::new();
        let o = NormalizeOptions {
            ascii_punctuation: true,
        };
        assert_eq!(clean("“It’s—fine…”", &o, &mut r), "\"It's--fine...\"");
        assert_eq!(run("“It’s”").0, "“It’s”");
    }
}

#[cfg(test)]
mod nfc_tests {
    use super::nfc_safe;
    use unicode_normalization::{is_nfc, UnicodeNormalization};

    #[test]
    fn nfc_safe_never_wrong() {
        let samples = [
            "Ελλάδα",
            "Привет",
            "ไม่ได้รับผลกระทบ",
            "น้ำท่วม",
            "中文",
            "한국어",
            "😀",
            "e\u{301}",
            "\u{e49}\u{e38}",
            "\u{e38}\u{e49}",
            "Å",
            "\u{212b}",
            "ά",
            "\u{387}",
        ];
        for s in samples {
            if nfc_safe(s) {
                assert!(is_nfc(s), "{s:?}");
                assert_eq!(s.nfc().collect::<String>(), s);
            }
        }
        for u in 0..0x2_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let one = c.to_string();
            if nfc_safe(&one) {
                assert!(is_nfc(&one), "U+{u:04X}");
            }
        }
        // Strings of chars that NFC may reorder or compose, in every order
        // a small generator reaches.
        let palette = [
            'a', 'e', ' ', 'é', '\u{301}', '\u{327}', 'ก', '\u{e38}', '\u{e49}', '\u{e47}', 'α',
            '\u{386}', 'Д', '\u{306}', '中', '\u{3099}', 'か', '\u{1100}', '\u{1161}', '한', '😀',
            '\u{200d}', '\u{387}', 'Å', '\u{2126}',
        ];
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut answered = [0; 2];
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(x % 7 + 1) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push(palette[(x % palette.len() as u64) as usize]);
            }
            let safe = nfc_safe(&s);
            answered[usize::from(safe)] += 1;
            if safe {
                assert!(is_nfc(&s), "{s:?}");
            }
        }
        assert!(answered[0] > 1000 && answered[1] > 1000, "{answered:?}");
        assert!(nfc_safe("ไม่ได้รับผลกระทบจากน้ำท่วม Привет Ελλάδα 中文"));
        assert!(
            !nfc_safe("\u{e49}\u{e38}"),
            "107 before 103 is out of order"
        );
    }
}
