//! Mojibake that lost bytes on the way, repaired from context.
//!
//! Typographic punctuation is UTF-8 `E2 80 xx`. Read through a legacy charset
//! that has no character for `xx` (or for `80 xx`), the continuation bytes get
//! dropped, leaving the lead character alone: Windows-874 `โ` (the seed
//! article), or `â€` / `вЂ` / `‚Ä` missing their last byte. Which mark it was
//! is inferred from its neighbours: inside a word before `s`/`t`/`re`... an
//! apostrophe, between words a dash, before a word an opening quote, after one
//! a closing quote (or a plural possessive's apostrophe when no quote is open).
//!
//! `โ` is safe to judge: in Thai it is a leading vowel and is always followed
//! by a Thai consonant, so one followed by anything else is damage.

use aho_corasick::{AhoCorasick, Input, MatchKind};

use super::charsets::{bytes_of, char_of, CHARSETS, N, WINDOWS_1252, WINDOWS_874};

const THAI_SARA_O: char = '\u{E42}';

/// Repair lossy punctuation damage. `cp1252_evidence`: the text had exact
/// Windows-1252 mojibake, which licenses the bolder `Ã ` / `Â ` repairs.
/// `None` when nothing was found.
pub(super) fn repair(text: &str, cp1252_evidence: bool) -> Option<(String, Vec<&'static str>)> {
    if text.is_ascii() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut marker = next_marker(bytes, 0)?;
    let pairs = punct_pairs();
    // Built from the first hit on: until then the output is the text itself,
    // and real Thai (many `โ`, no damage) is never copied.
    let mut out: Option<String> = None;
    let mut tags: Vec<&'static str> = Vec::new();
    let mut open_quote = false;
    // The second of two marks in a row, decided with the first (see [`pair`]).
    let mut pending: Option<char> = None;
    let mut i = 0;
    while i < text.len() {
        // Every hit starts with a marker: copy in bulk up to the next one.
        if marker < i {
            marker = next_marker(bytes, i).unwrap_or(bytes.len());
        }
        let j = marker;
        if j > i {
            track_quotes(&bytes[i..j], &mut open_quote);
            if let Some(out) = out.as_mut() {
                out.push_str(&text[i..j]);
            }
            i = j;
            continue;
        }
        let done = out.as_deref().unwrap_or(&text[..i]);
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        let mut hit: Option<(usize, char, &'static str)> = None;
        if bytes[i] >= 0x80 {
            // `â€`-style pairs missing their last byte.
            for (cs, lead, second) in pairs.iter().copied() {
                if c == lead && rest[c.len_utf8()..].starts_with(second) {
                    let after = &rest[c.len_utf8() + second.len_utf8()..];
                    let next = after.chars().next();
                    // The pair can stand for several charsets (â€: 1252 and 1250);
                    // complete in any of them, it is not lossy.
                    let complete = next.is_some_and(|n| {
                        pairs
                            .iter()
                            .any(|&(k, l, s)| l == lead && s == second && is_continuation(n, k))
                    });
                    // Cyrillic letters on both sides: a Serbian `Ђ` after `в`
                    // in a word (`ПоздравЂаво`), not lost punctuation.
                    let cyrillic = |c: Option<char>| {
                        c.is_some_and(|c| c.is_alphabetic() && ('\u{400}'..='\u{4FF}').contains(&c))
                    };
                    let inside_cyrillic = cyrillic(done.chars().next_back()) && cyrillic(next);
                    if !complete && !inside_cyrillic {
                        let used = c.len_utf8()
                            + second.len_utf8()
                            + next.filter(|&n| n == '\u{FFFD}').map_or(0, char::len_utf8);
                        let p = infer(done, &rest[used..], open_quote);
                        hit = Some((used, p, CHARSETS[cs].tag));
                        break;
                    }
                }
            }
            if hit.is_none() && c == THAI_SARA_O {
                let after = &rest[c.len_utf8()..];
                if !after.chars().next().is_some_and(is_thai_consonant) && !near_thai(done, after) {
                    // Lost bytes may have become U+FFFD: part of the damage.
                    let replaced = after.starts_with('\u{FFFD}');
                    let used = c.len_utf8() + if replaced { '\u{FFFD}'.len_utf8() } else { 0 };
                    let after = &rest[used..];
                    if let Some((first, second)) = pair(done, after, open_quote) {
                        // Two marks in a row (`—“`, `”—`): the second is
                        // decided with the first, then found on the next step.
                        pending = Some(second);
                        hit = Some((used, first, CHARSETS[WINDOWS_874].tag));
                    } else {
                        let p = pending
                            .take()
                            .unwrap_or_else(|| infer(done, after, open_quote));
                        hit = Some((used, p, CHARSETS[WINDOWS_874].tag));
                    }
                }
            }
            if hit.is_none() {
                hit = latin1_space(done, c, rest, cp1252_evidence);
            }
        }
        let (used, ch) = match hit {
            Some((used, replacement, tag)) => {
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
                out.get_or_insert_with(|| {
                    let mut o = String::with_capacity(text.len());
                    o.push_str(&text[..i]);
                    o
                });
                (used, replacement)
            }
            None => (c.len_utf8(), c),
        };
        track_quote(ch, &mut open_quote);
        if let Some(out) = out.as_mut() {
            out.push(ch);
        }
        i += used;
    }
    out.map(|out| (out, tags))
}

/// Is `c` the first char of a marker (see [`markers`])?
pub(super) fn starts_marker(c: char) -> bool {
    matches!(c, THAI_SARA_O | 'Ã' | 'Â') || punct_pairs().iter().any(|&(_, lead, _)| lead == c)
}

/// Is `c` the second char of a two-char marker (see [`markers`])?
pub(super) fn ends_marker(c: char) -> bool {
    punct_pairs().iter().any(|&(_, _, second)| second == c)
}

/// Could [`repair`] find a hit at the char `c` followed by `after`? Never
/// wrong to say yes; always no for a char that starts no marker.
pub(super) fn may_hit(c: char, after: &str) -> bool {
    let next = after.chars().next();
    match c {
        THAI_SARA_O => !next.is_some_and(is_thai_consonant),
        'Ã' | 'Â' if next == Some(' ') => true,
        'Ã' if next == Some('\u{A0}') => true,
        _ => punct_pairs()
            .iter()
            .any(|&(_, lead, second)| c == lead && next == Some(second)),
    }
}

/// The byte strings every hit starts with (`โ`, each charset's `â€`, `Ã `,
/// `Â `), as one automaton built once: a SIMD search for all of them at
/// once, so real Thai (many `โ`, rarely damaged) and Cyrillic (many `в`)
/// are not stepped through a byte at a time.
fn markers() -> &'static AhoCorasick {
    static MARKERS: std::sync::OnceLock<AhoCorasick> = std::sync::OnceLock::new();
    MARKERS.get_or_init(|| {
        let mut needles: Vec<String> = vec!["\u{E42}".to_string()];
        needles.extend(punct_pairs().iter().map(|&(_, lead, second)| {
            let mut s = String::new();
            s.push(lead);
            s.push(second);
            s
        }));
        needles.push("Ã ".to_string());
        needles.push("Ã\u{A0}".to_string());
        needles.push("Â ".to_string());
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(needles)
            .expect("a handful of short literal markers")
    })
}

/// The first marker at or after `i`.
fn next_marker(bytes: &[u8], i: usize) -> Option<usize> {
    markers()
        .find(Input::new(bytes).range(i..))
        .map(|m| m.start())
}

/// For each charset, the chars that UTF-8 bytes `E2` and `80` become.
fn punct_pairs() -> &'static [(usize, char, char)] {
    static PAIRS: std::sync::OnceLock<Vec<(usize, char, char)>> = std::sync::OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut v: Vec<(usize, char, char)> = (0..N)
            .filter_map(|cs| Some((cs, char_of(cs, 0xE2)?, char_of(cs, 0x80)?)))
            .collect();
        // ISO-8859-1 reads 0x80 as the C1 control U+0080.
        v.push((WINDOWS_1252, '\u{E2}', '\u{80}'));
        v
    })
}

fn is_continuation(c: char, cs: usize) -> bool {
    (0x80..=0xBF).contains(&bytes_of(c)[cs])
}

fn is_thai_consonant(c: char) -> bool {
    ('\u{E01}'..='\u{E2E}').contains(&c)
}

/// `Ã ` is `à` whose no-break space (UTF-8 `C3 A0`) became a plain space;
/// `Â ` is a no-break space (`C2 A0`) the same way.
fn latin1_space(
    out: &str,
    c: char,
    rest: &str,
    evidence: bool,
) -> Option<(usize, char, &'static str)> {
    let tag = CHARSETS[WINDOWS_1252].tag;
    let prev = out.chars().next_back();
    let after = rest.get(c.len_utf8()..)?;
    // `Ã` and its no-break space intact, before a space or a small letter
    // (`Ã\u{A0} l'office`, `Ã\u{A0}s`): UTF-8 `C3 A0`, `à`, exactly.
    if c == 'Ã' {
        if let Some(then) = after.strip_prefix('\u{A0}') {
            if then.starts_with(' ') || then.chars().next().is_some_and(char::is_lowercase) {
                return Some((c.len_utf8() + '\u{A0}'.len_utf8(), 'à', tag));
            }
        }
    }
    if !after.starts_with(' ') {
        return None;
    }
    // The word after, past the space that was the no-break space and the
    // one that followed it (`Ã  la` is `à la`).
    let next_lower = after
        .trim_start_matches(' ')
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    match c {
        // "voilÃ " cannot be Portuguese, whose Ã is capital: a lower-case
        // letter before it is proof enough. Where the space is the lost byte
        // itself and the word is Portuguese crasis (`Ã s` for `às`, `Ã quele`
        // for `àquele`), the two are one word; French `à` stays apart.
        'Ã' if prev.is_some_and(char::is_lowercase)
            || (evidence
                && !prev.is_some_and(char::is_alphabetic)
                && (next_lower || after.starts_with("  "))) =>
        {
            let joined = crasis(&after[1..]);
            Some((c.len_utf8() + usize::from(joined), 'à', tag))
        }
        'Â' if evidence && !prev.is_some_and(char::is_uppercase) => {
            Some((c.len_utf8(), '\u{A0}', tag))
        }
        _ => None,
    }
}

/// Is the `โ` between `before` and `after` in Thai text? The nearest
/// letters on either side (past spaces, punctuation and other `โ`) within a
/// few chars: a Thai one means the `โ` is Thai's own leading vowel, written
/// alone or doubled, not lost punctuation.
fn near_thai(before: &str, after: &str) -> bool {
    let thai = |c: char| ('\u{E01}'..='\u{E5B}').contains(&c) && c != THAI_SARA_O;
    let letter = |c: &char| c.is_alphanumeric() && *c != THAI_SARA_O;
    let back = before.chars().rev().take(8).find(letter);
    let ahead = after.chars().take(8).find(letter);
    back.is_some_and(thai) || ahead.is_some_and(thai)
}

/// Two lost marks in a row (`โโ`) between `before` and the text after the
/// second: which two they were. A dash and a quote, in the order the quote's
/// state asks for: inside a quotation, a closing quote before a dash
/// (`bridge”—and`) or a dash before one that ends the speech (`wait—” the`);
/// outside, a dash before an opening quote (`simple—“hold`).
fn pair(before: &str, after: &str, open_quote: bool) -> Option<(char, char)> {
    let rest = after.strip_prefix(THAI_SARA_O)?;
    if rest.starts_with(THAI_SARA_O) {
        return None;
    }
    let prev = before.chars().next_back();
    let next = rest.chars().next();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let closing = |c: Option<char>| c.is_some_and(|c| ".,;:!?)…".contains(c));
    if !(word(prev) || closing(prev)) {
        return None;
    }
    Some(match (open_quote, word(next)) {
        (true, true) => ('\u{201D}', '\u{2014}'),
        (false, true) => ('\u{2014}', '\u{201C}'),
        (_, false) => ('\u{2014}', '\u{201D}'),
    })
}

/// `after` starts with what follows `à` in one Portuguese word (`às`,
/// `àquele`, `àquilo`...): the space before it was the lost no-break space.
fn crasis(after: &str) -> bool {
    ["s", "quele", "queles", "quela", "quelas", "quilo", "quilos"]
        .iter()
        .any(|w| {
            // A word on its own: `às 19h`, not `à s'éloigner`.
            after.starts_with(w)
                && after[w.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || ".,;:!?)".contains(c))
        })
}

/// [`track_quote`] over text copied in bulk.
fn track_quotes(span: &[u8], open_quote: &mut bool) {
    for k in memchr::memchr3_iter(b'\n', b'"', 0xE2, span) {
        match span[k] {
            b'\n' => *open_quote = false,
            b'"' => *open_quote = !*open_quote,
            _ => match span.get(k + 1..k + 3) {
                Some([0x80, 0x9C]) => *open_quote = true,  // “
                Some([0x80, 0x9D]) => *open_quote = false, // ”
                _ => {}
            },
        }
    }
}

/// Quote tracking, char by char (see [`track_quotes`]).
fn track_quote(c: char, open_quote: &mut bool) {
    match c {
        '\u{201C}' => *open_quote = true,
        '\u{201D}' | '\n' => *open_quote = false,
        '"' => *open_quote = !*open_quote,
        _ => {}
    }
}

/// Which punctuation mark stood between `before` (the repaired text so far)
/// and `after`.
fn infer(before: &str, after: &str, open_quote: bool) -> char {
    let mut back = before.chars().rev();
    let prev = back.next();
    let prev2 = back.next();
    let next = after.chars().next();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let space = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "([{".contains(c));
    let closing = |c: Option<char>| c.is_some_and(|c| ".,;:!?)…".contains(c));
    if prev.is_some_and(|c| c.is_ascii_digit()) && next.is_some_and(|c| c.is_ascii_digit()) {
        return '\u{2013}'; // 1990–1995
    }
    if word(prev) && word(next) {
        let elided = prev.is_some_and(|p| "OoDdLl".contains(p)) && !word(prev2);
        return if elided || contraction(after) {
            '\u{2019}'
        } else {
            '\u{2014}'
        };
    }
    if space(prev) {
        if decade(after) {
            return '\u{2019}'; // the ’90s
        }
        return if space(next) { '\u{2014}' } else { '\u{201C}' };
    }
    if word(prev) || closing(prev) {
        if word(next) {
            // "said,โThe": a quotation opening right after punctuation.
            return if open_quote { '\u{201D}' } else { '\u{201C}' };
        }
        if open_quote {
            return '\u{201D}';
        }
        return if prev == Some('s') {
            '\u{2019}' // countries’ leaders
        } else {
            '\u{201D}'
        };
    }
    '\u{2019}'
}

/// `after` starts with a decade's two digits and `s` ("90s"), whose elided
/// century takes an apostrophe, not an opening quote.
fn decade(after: &str) -> bool {
    let b = after.as_bytes();
    b.len() >= 3
        && b[0].is_ascii_digit()
        && b[1].is_ascii_digit()
        && b[2] == b's'
        && !b.get(3).is_some_and(u8::is_ascii_alphanumeric)
}

/// `after` starts with the tail of an English contraction or possessive.
fn contraction(after: &str) -> bool {
    ["s", "t", "re", "ve", "ll", "d", "m"].iter().any(|tail| {
        after
            .get(..tail.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(tail))
            && !after
                .get(tail.len()..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_alphabetic)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        repair(s, false).map_or_else(|| s.to_string(), |(t, _)| t)
    }

    #[test]
    fn seed_style_windows_874() {
        assert_eq!(fix("Azerbaijanโs President"), "Azerbaijan’s President");
        assert_eq!(
            fix("emphasized, โNo participation at all.โ\nNext"),
            "emphasized, “No participation at all.”\nNext"
        );
        assert_eq!(fix("the alternativeโallowing"), "the alternative—allowing");
        assert_eq!(
            fix("โIsrael has killed,โ a diplomat"),
            "“Israel has killed,” a diplomat"
        );
        assert_eq!(fix("1990โ1995"), "1990–1995");
    }

    #[test]
    fn pairs_missing_last_byte() {
        assert_eq!(fix("he said “yesâ€ twice"), "he said “yes” twice");
        assert_eq!(fix("it isnвЂt"), "it isn’t");
    }

    #[test]
    fn real_thai_untouched() {
        assert!(repair("โรงเรียน โทรศัพท์ โลก", false).is_none());
    }

    #[test]
    fn lone_a_with_lost_nbsp() {
        assert_eq!(fix("voilÃ tout"), "voilà tout");
        assert_eq!(fix("SÃO PAULO, IRMÃ E"), "SÃO PAULO, IRMÃ E");
    }
}
