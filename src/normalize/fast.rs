//! The common case in one walk: text that mojibake repair, the lossy pass
//! and the cleaner would all return exactly as it is.
//!
//! Most news arrives clean. Each of those passes has to look at every byte
//! to find nothing, and each pays again for every switch between ASCII and
//! another script. This walk answers for all of them at once from one table
//! of per-char properties; anything it is not sure of ("no") sends the text
//! through the passes, which decide. It never says "unchanged" when a pass
//! would change something: `tests/normalize.rs` checks that on every case
//! and corpus, and the unit tests below check the table against the passes'
//! own rules.

use std::sync::OnceLock;

use super::charsets::{bytes_of, cont_mask, continuation_seconds, lead_mask};
use super::lossy;
use super::mojibake::RunScanner;
use super::scan::{char_at, plain_ascii_prefix, script_prefix, Script8};
use super::text::{kept_as_is, nfc_classes, NOT_QUICK_YES};

/// The cleaner copies the char as it is (punctuation not folded).
const KEPT: u8 = 1;
/// It encodes to a lead byte (0xC2..=0xF4) in some legacy charset.
const LEAD: u8 = 2;
/// It encodes to a continuation byte (0x80..=0xBF) in some legacy charset.
const CONT: u8 = 4;
/// It starts a marker of the lossy pass.
const MARKER: u8 = 8;
/// It is the second char of a two-char marker of the lossy pass.
const SECOND: u8 = 16;

/// Would the passes leave `s` unchanged and record no repairs? True only
/// when they certainly would: mojibake repair finds no candidate, the lossy
/// pass no hit, NFC changes nothing, and the cleaner (punctuation kept) finds
/// every char visible, single spaces between words and one blank line
/// between paragraphs.
pub(super) fn unchanged(s: &str) -> bool {
    let b = s.as_bytes();
    let props = props();
    let nfc = nfc_classes();
    let seconds = continuation_seconds();
    let mut runs = RunScanner::default();
    // Was the last char a visible one, which a space or a break may follow?
    let mut after_visible = false;
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0x80 {
            let n = plain_ascii_prefix(b, i);
            if n > 0 && (b[i] != b' ' || after_visible) {
                // Printable ASCII with single spaces inside, ending visible.
                i += n;
                after_visible = true;
                continue;
            }
            // A separator must sit between two visible chars; the one after
            // it is checked in its turn.
            let visible_next = |k: usize| b.get(k).is_some_and(|&x| x > b' ' && x != 0x7F);
            match b[i] {
                0x21..=0x7E => after_visible = true,
                b' ' if after_visible && visible_next(i + 1) => after_visible = false,
                b'\n' if after_visible && b.get(i + 1) == Some(&b'\n') && visible_next(i + 2) => {
                    i += 1;
                    after_visible = false;
                }
                _ => return false,
            }
            i += 1;
            continue;
        }
        // A run of non-ASCII chars, as mojibake repair sees it.
        let start = i;
        let mut pair = false;
        let mut prev_lead = false;
        let mut last_ccc = 0u8;
        // Chars taken eight bytes at a time as Cyrillic, and any others.
        let (mut cyrillic, mut other) = (false, false);
        while i < b.len() && b[i] >= 0x80 {
            // Eight bytes at a time where a word of one script starts, but
            // not after a lead char, which could pair with the first.
            if !prev_lead {
                let script = match b[i] {
                    0xD0 | 0xD1 => Some(Script8::Cyrillic),
                    0xCE | 0xCF => Some(Script8::Greek),
                    0xE4..=0xE9 => Some(Script8::Cjk),
                    _ => None,
                };
                if let Some(script) = script {
                    let n = script_prefix(b, i, script);
                    if n > 0 {
                        // Visible starters NFC leaves alone, no marker. CJK
                        // and Greek have no lead in any charset; Cyrillic
                        // letters are Windows-1251 leads: see below.
                        i += n;
                        last_ccc = 0;
                        cyrillic |= script == Script8::Cyrillic;
                        other |= script != Script8::Cyrillic;
                        continue;
                    }
                }
            }
            if b[i] < 0xC0 {
                // The rest of a char the word check passed.
                i += 1;
                continue;
            }
            other = true;
            let (cp, len) = char_at(b, i);
            let (p, ccc) = match cp {
                0..=0xFFFF => (props[cp as usize], nfc[cp as usize]),
                // Emoji and pictographs: visible starters, in no charset.
                0x1_F000..=0x1_FAFF => (KEPT, 0),
                _ => return false,
            };
            if p & KEPT == 0 || ccc == NOT_QUICK_YES || (ccc != 0 && ccc < last_ccc) {
                return false;
            }
            if p & MARKER != 0 {
                let c = char::from_u32(cp).unwrap_or_default();
                if lossy::may_hit(c, &s[i + len..]) {
                    return false;
                }
            }
            if p & SECOND != 0 {
                // The word check may have passed the marker's first char.
                let prev = s[..i].chars().next_back().unwrap_or_default();
                if lossy::may_hit(prev, &s[i..]) {
                    return false;
                }
            }
            last_ccc = ccc;
            pair |= prev_lead && p & CONT != 0;
            prev_lead = p & LEAD != 0;
            i += len;
        }
        // A candidate needs a lead char before a continuation char. A word
        // of Cyrillic letters alone holds one only if its second char could
        // be the continuation, as mojibake repair itself judges such words;
        // most runs that could (Polish `żółć`, Ukrainian `від`) hold none.
        let suspect = if cyrillic && !other {
            start + 2 < i && seconds[usize::from(b[start + 2])] >> (b[start + 3] & 0x3F) & 1 == 1
        } else {
            pair || cyrillic
        };
        if suspect && runs.holds_strong_candidate(s, start, i) {
            return false;
        }
        after_visible = true;
    }
    true
}

/// [`KEPT`], [`LEAD`], [`CONT`] and [`MARKER`] per BMP code point, built once.
fn props() -> &'static [u8; 0x1_0000] {
    static TABLE: OnceLock<Box<[u8; 0x1_0000]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([0u8; 0x1_0000]);
        for (u, slot) in t.iter_mut().enumerate() {
            let Some(c) = char::from_u32(u as u32) else {
                continue;
            };
            let row = bytes_of(c);
            let flag = |yes: bool, bit: u8| if yes { bit } else { 0 };
            *slot = flag(kept_as_is(c), KEPT)
                | flag(lead_mask(row) != 0, LEAD)
                | flag(cont_mask(row) != 0, CONT)
                | flag(lossy::starts_marker(c), MARKER)
                | flag(lossy::ends_marker(c), SECOND);
        }
        t
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_recognised() {
        for s in [
            "Plain English, with “quotes” – and a dash.",
            "Zażółć gęślą jaźń.\n\nDrugi akapit.",
            "Привет, мир. Україна і Польща.",
            "Η κυβέρνηση ανακοίνωσε νέα μέτρα.",
            "中文报道，日本語のニュース。",
            "ไม่ได้รับผลกระทบจากน้ำท่วม",
            "Emoji 😀 fine",
        ] {
            assert!(unchanged(s), "{s:?}");
        }
    }

    #[test]
    fn anything_a_pass_would_touch_is_not() {
        for s in [
            " leading space",
            "trailing space ",
            "two  spaces",
            "one\nline break",
            "three\n\n\nbreaks",
            "tab\there",
            "no-break\u{a0}space",
            "zero\u{200b}width",
            "cafÃ© mojibake",
            "Ð\u{9f}Ñ\u{80}Ð¸Ð²ÐµÑ\u{82}",
            "lossy â€ quote",
            "e\u{301} decomposed",
            "\u{e49}\u{e38} marks out of order",
            "voilÃ  tout",
            "โ€œquoted",
            "Lossy вЂ dash",
            "вЂ",
        ] {
            assert!(!unchanged(s), "{s:?}");
        }
    }

    /// The passes themselves, as `Normalizer::text` runs them without this walk.
    fn passes(s: &str) -> (String, Vec<String>) {
        let mut repairs = Vec::new();
        let repaired = super::super::mojibake::repair(s, &mut repairs);
        let options = crate::normalize::NormalizeOptions::default();
        let out = super::super::text::clean(&repaired, &options, &mut repairs);
        (out, repairs)
    }

    #[test]
    fn never_unchanged_when_a_pass_would_change_it() {
        // Texts built from pieces of every kind the walk judges, clean and
        // damaged, in pseudo-random order.
        let words = [
            "news",
            "Zażółć",
            "gęślą",
            "klíšťová",
            "Привет",
            "від",
            "їзді",
            "м’єр",
            "Ελλάδα",
            "π",
            "Ω",
            "中文报道",
            "，",
            "。",
            "ไม่ได้รับ",
            "โรงเรียน",
            "น้ำ",
            "“quoted”",
            "–",
            "«",
            "»",
            "😀",
            "250\u{a0}g",
            "e\u{301}",
            "\u{e49}\u{e38}",
            "вЂ",
            "â€",
            "â€™",
            "Ã ",
            "Â ",
            "voilÃ",
            "IRMÃ",
            "café",
            "\u{200d}",
        ];
        let mut pieces: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        for w in ["café", "Привет", "Ελλάδα", "ไม่ได้", "中文", "’", "—"]
        {
            for cs in [
                "windows-1252",
                "windows-1250",
                "windows-1251",
                "macintosh",
                "windows-874",
            ] {
                pieces.extend(crate::normalize::misdecode(w, cs));
            }
        }
        let seps = [" ", " ", " ", "\n\n", "", "  ", "\n"];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        let mut unchanged_seen = 0;
        for _ in 0..20_000 {
            let mut s = pieces[next(pieces.len())].clone();
            for _ in 0..next(6) {
                s.push_str(seps[next(seps.len())]);
                s.push_str(&pieces[next(pieces.len())]);
            }
            if unchanged(&s) {
                unchanged_seen += 1;
                assert_eq!(passes(&s), (s.clone(), vec![]), "{s:?}");
            }
        }
        assert!(unchanged_seen > 1000, "{unchanged_seen}");
    }

    #[test]
    fn the_word_check_passes_only_what_the_table_would() {
        let props = props();
        let nfc = nfc_classes();
        for u in (0x380..=0x47F).chain(0x4000..=0x9FFF) {
            let Some(c) = char::from_u32(u) else { continue };
            let mut buf = [0u8; 8];
            let n = c.encode_utf8(&mut buf).len();
            // The char, then continuation-free padding the check rejects.
            buf[n..].fill(b'a');
            let script = match u {
                0x380..=0x3FF => Script8::Greek,
                0x400..=0x47F => Script8::Cyrillic,
                _ => Script8::Cjk,
            };
            if script_prefix(&buf, 0, script) >= n {
                let p = props[u as usize];
                // Cyrillic letters may be leads: the run is checked whole.
                let lead = if u >= 0x400 { p & LEAD } else { 0 };
                assert_eq!(p & (KEPT | LEAD | SECOND), KEPT | lead, "U+{u:04X}");
                assert_eq!(nfc[u as usize], 0, "U+{u:04X}");
            }
        }
    }
}
