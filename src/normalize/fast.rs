//! The common case in one walk: text that mojibake repair, the lossy pass
//! and the cleaner would all leave as it is, but for its whitespace.
//!
//! Most news arrives clean. Each of those passes has to look at every byte
//! to find nothing, and each pays again for every switch between ASCII and
//! another script. This walk answers for all of them at once from one table
//! of per-char properties, and writes the whitespace as the cleaner would;
//! anything it is not sure of sends the text through the passes, which
//! decide. The unit tests below hold it to the passes' own output on texts
//! built from clean, damaged and borderline pieces; `tests/normalize.rs`
//! covers every case and corpus through `Normalizer::text`.

use std::sync::OnceLock;

use super::charsets::{bytes_of, cont_mask, lead_mask};
use super::lossy;
use super::mojibake::{flagged_second, RunScanner};
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

/// What the passes would make of `s` when they would record no repairs and
/// change nothing but whitespace: mojibake repair finds no strong candidate, the
/// lossy pass no hit, NFC changes nothing, and the cleaner (punctuation kept)
/// finds every char visible, so that it only trims the text and turns each
/// run of ASCII whitespace into a space or, holding a line break, a blank
/// line. `None` when the walk is not sure: then the passes must run.
pub(super) fn normalized(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let props = props();
    let nfc = nfc_classes();
    let mut runs = RunScanner::default();
    // Built from the first separator to rewrite on; until then the output
    // is `s` itself, up to `copied`.
    let mut out: Option<String> = None;
    let mut copied = 0;
    // Has a visible char been seen (a separator before one is dropped)?
    let mut seen_visible = false;
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0x80 {
            let n = plain_ascii_prefix(b, i);
            if n > 0 && (b[i] != b' ' || seen_visible) {
                // Printable ASCII with single spaces inside, ending visible.
                i += n;
                seen_visible = true;
                continue;
            }
            match b[i] {
                0x21..=0x7E => {
                    i += 1;
                    seen_visible = true;
                }
                // A single space between words, as most are.
                b' ' if seen_visible && b.get(i + 1).is_some_and(|&x| x > b' ') => i += 1,
                b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => {
                    let start = i;
                    let mut line_break = false;
                    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
                    {
                        line_break |= !matches!(b[i], b' ' | b'\t');
                        i += 1;
                    }
                    // What the cleaner writes: nothing before the first
                    // visible char or after the last.
                    let sep = match (seen_visible && i < b.len(), line_break) {
                        (false, _) => "",
                        (true, false) => " ",
                        (true, true) => "\n\n",
                    };
                    let kept = match sep.len() {
                        0 => i == start,
                        1 => i == start + 1 && b[start] == b' ',
                        _ => i == start + 2 && b[start] == b'\n' && b[start + 1] == b'\n',
                    };
                    if !kept {
                        let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
                        o.push_str(&s[copied..start]);
                        o.push_str(sep);
                        copied = i;
                    }
                }
                // Other controls: the cleaner drops them and says so.
                _ => return None,
            }
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
                _ => return None,
            };
            if p & KEPT == 0 || ccc == NOT_QUICK_YES || (ccc != 0 && ccc < last_ccc) {
                return None;
            }
            if p & MARKER != 0 {
                let c = char::from_u32(cp).unwrap_or_default();
                if lossy::may_hit(c, &s[i + len..]) {
                    return None;
                }
            }
            if p & SECOND != 0 {
                // The word check may have passed the marker's first char.
                let prev = s[..i].chars().next_back().unwrap_or_default();
                if lossy::may_hit(prev, &s[i..]) {
                    return None;
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
            flagged_second(b, start + 2)
        } else {
            pair || cyrillic
        };
        if suspect && runs.holds_strong_candidate(s, start, i) {
            return None;
        }
        seen_visible = true;
    }
    Some(match out {
        Some(mut o) => {
            o.push_str(&s[copied..]);
            o
        }
        None => s.to_owned(),
    })
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
            // U+FFFD after a lead is a lost byte the passes mark (`Ä�`).
            *slot = flag(kept_as_is(c) && c != '\u{FFFD}', KEPT)
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
            assert_eq!(normalized(s).as_deref(), Some(s), "{s:?}");
        }
    }

    #[test]
    fn whitespace_is_written_as_the_cleaner_writes_it() {
        for (s, want) in [
            (" leading space", "leading space"),
            ("trailing space ", "trailing space"),
            ("two  spaces\tand a tab", "two spaces and a tab"),
            ("one\nline break", "one\n\nline break"),
            ("crlf\r\nbreak", "crlf\n\nbreak"),
            ("three\n\n\nbreaks \n ", "three\n\nbreaks"),
            ("Привет ,\nмир", "Привет ,\n\nмир"),
            (" \n ", ""),
        ] {
            assert_eq!(normalized(s).as_deref(), Some(want), "{s:?}");
            assert_eq!(passes(s), (want.to_string(), vec![]), "{s:?}");
        }
    }

    #[test]
    fn anything_a_pass_would_touch_is_not() {
        for s in [
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
            "SlovenÄ\u{FFFD}ina",
        ] {
            assert_eq!(normalized(s), None, "{s:?}");
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
    fn agrees_with_the_passes_whenever_it_answers() {
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
        let seps = [
            " ", " ", " ", "\n\n", "", "  ", "\n", "\r\n", "\t", " \n ", "\u{b}",
        ];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        let mut answered = 0;
        for _ in 0..20_000 {
            let mut s = pieces[next(pieces.len())].clone();
            for _ in 0..next(6) {
                s.push_str(seps[next(seps.len())]);
                s.push_str(&pieces[next(pieces.len())]);
            }
            if let Some(out) = normalized(&s) {
                answered += 1;
                assert_eq!(passes(&s), (out, vec![]), "{s:?}");
            }
        }
        assert!(answered > 1000, "{answered}");
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
