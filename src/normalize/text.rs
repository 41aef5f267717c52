//! NFC, control and invisible characters, whitespace and paragraphs.
//!
//! Output shape: each non-empty line is a paragraph, trimmed, with runs of
//! spaces collapsed to one; paragraphs are separated by exactly one blank line.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::plausible::{script, Script};
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
    let visible = |x: u8| (0x21..=0x7E).contains(&x);
    let mut i = 0;
    while i < b.len() {
        let byte = b[i];
        if visible(byte) {
            // Fast path: a span of printable ASCII with single spaces inside.
            let mut j = i + 1;
            while j < b.len() {
                if visible(b[j]) {
                    j += 1;
                } else if b[j] == b' ' && j + 1 < b.len() && visible(b[j + 1]) {
                    j += 2;
                } else {
                    break;
                }
            }
            separate(&mut out, pending);
            pending = 0;
            out.push_str(&s[i..j]);
            prev = Some(char::from(b[j - 1]));
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

/// No character at or above U+0300 (UTF-8 lead byte 0xCC): nothing that NFC
/// could compose or reorder, so the table lookups can be skipped.
fn nfc_safe(s: &str) -> bool {
    !s.bytes().any(|b| b >= 0xCC)
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
