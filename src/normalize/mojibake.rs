//! Repair of UTF-8 text that was misdecoded through a legacy charset.
//!
//! A UTF-8 multi-byte sequence read as Windows-1252 (say) becomes a lead
//! character (`Ã`) followed by continuation characters (`©`). We find every
//! such sequence for each charset in [`CHARSETS`], weigh the evidence
//! ([`plausible`]: is the decoded character plausible, does the original look
//! unlike written text, does the repair fit its neighbours), and replace only
//! what the evidence supports. A charset's weak candidates (ordinary-looking
//! text that happens to decode) are repaired only when the same text carries
//! strong evidence of that charset's mojibake. Passes repeat to undo double
//! encoding. Damage that lost bytes is handled afterwards by [`super::lossy`].
//!
//! Fast path: a sequence needs two adjacent non-ASCII characters, which a byte
//! scan rules out for most clean text without decoding anything.

use std::borrow::Cow;

use super::charsets::{bytes_of, char_of, Cs, CHARSETS, LATIN1_TAG, N, WINDOWS_1252};
use super::lossy;
use super::plausible::{island, odd, plausible, script, Script};
use super::push_tag;

/// Double encoding seen in the wild rarely exceeds three layers.
const MAX_PASSES: usize = 4;

/// Repair mojibake in `input`, recording each kind of repair in `repairs`.
pub fn repair_mojibake(input: &str, repairs: &mut Vec<String>) -> String {
    repair(input, repairs).into_owned()
}

/// [`repair_mojibake`] without allocating when nothing needs repair.
pub(super) fn repair<'a>(input: &'a str, repairs: &mut Vec<String>) -> Cow<'a, str> {
    let mut text = Cow::Borrowed(input);
    let mut evidence = [0usize; N];
    let mut passes = 0;
    while passes < MAX_PASSES {
        let Some((fixed, tags, strong)) = exact_pass(&text) else {
            break;
        };
        for (e, s) in evidence.iter_mut().zip(strong) {
            *e += s;
        }
        for tag in tags {
            push_tag(repairs, tag);
        }
        text = Cow::Owned(fixed);
        passes += 1;
    }
    if passes > 1 {
        push_tag(repairs, "mojibake:double-encoding");
    }
    match lossy::repair(&text, evidence[WINDOWS_1252] > 0) {
        Some((fixed, tags)) => {
            for tag in tags {
                push_tag(repairs, tag);
            }
            Cow::Owned(fixed)
        }
        None => text,
    }
}

/// A sequence that decodes as UTF-8 through one charset.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Byte range in the text.
    start: usize,
    end: usize,
    cs: Cs,
    decoded: char,
    /// Uses a C1 control where Windows-1252 has a printable character: the
    /// text went through ISO-8859-1, not Windows-1252.
    latin1: bool,
    strong: bool,
}

/// One repair pass. `None` when nothing was repaired; else the repaired text,
/// the tags of the charsets repaired, and the strong evidence per charset.
fn exact_pass(text: &str) -> Option<(String, Vec<&'static str>, [usize; N])> {
    let bytes = text.as_bytes();
    let mut cands: Vec<Candidate> = Vec::new();
    let mut run_chars: Vec<(usize, char)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        i = skip_ascii(bytes, i);
        if i >= bytes.len() {
            break;
        }
        let start = i;
        let mut leads = 0;
        while i < bytes.len() && bytes[i] >= 0x80 {
            leads += usize::from(bytes[i] >= 0xC0);
            i += 1;
        }
        if leads >= 2 {
            scan_run(text, start, i, &mut run_chars, &mut cands);
        }
    }
    if cands.is_empty() {
        return None;
    }

    let mut strong = [0usize; N];
    for c in cands.iter().filter(|c| c.strong) {
        strong[c.cs] += 1;
    }
    // Charsets with evidence, most evidence first; ties by CHARSETS order.
    let mut rank = [usize::MAX; N];
    let mut order: Vec<Cs> = (0..N).filter(|&cs| strong[cs] > 0).collect();
    order.sort_by_key(|&cs| std::cmp::Reverse(strong[cs]));
    for (r, &cs) in order.iter().enumerate() {
        rank[cs] = r;
    }
    cands.retain(|c| rank[c.cs] != usize::MAX);
    if cands.is_empty() {
        return None;
    }
    cands.sort_by_key(|c| (c.start, rank[c.cs]));

    let mut out = String::with_capacity(text.len());
    let mut tags: Vec<&'static str> = Vec::new();
    let mut applied = [0usize; N];
    let mut last = 0;
    for c in &cands {
        if c.start < last {
            continue;
        }
        applied[c.cs] += usize::from(c.strong);
        out.push_str(&text[last..c.start]);
        out.push(c.decoded);
        last = c.end;
        let tag = if c.latin1 {
            LATIN1_TAG
        } else {
            CHARSETS[c.cs].tag
        };
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    out.push_str(&text[last..]);
    Some((out, tags, applied))
}

/// Index of the next non-ASCII byte at or after `i`, eight bytes at a time.
#[inline]
fn skip_ascii(bytes: &[u8], mut i: usize) -> usize {
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        if u64::from_ne_bytes(word) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] < 0x80 {
        i += 1;
    }
    i
}

/// Find candidates in the run of non-ASCII characters `text[start..end]`.
fn scan_run(
    text: &str,
    start: usize,
    end: usize,
    chars: &mut Vec<(usize, char)>,
    cands: &mut Vec<Candidate>,
) {
    chars.clear();
    chars.extend(text[start..end].char_indices().map(|(k, c)| (start + k, c)));
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    // Nearest letters outside the run, for judging a lone foreign word.
    let window = |s: &str| s.chars().take(16).find(|c| c.is_alphabetic());
    let letter_before = window_back(text, start);
    let letter_after = window(&text[end..]);
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    for cs in 0..N {
        let first = cands.len();
        let mut j = 0;
        while j + 1 < chars.len() {
            match decode_at(chars, j, cs) {
                // A C1 control is never text, but in double encoding it is the
                // middle layer of a character (`×` + U+009D is Hebrew `ם`).
                Some((decoded, len)) if plausible(decoded) || is_c1(decoded) => {
                    let latin1 = cs == WINDOWS_1252
                        && chars[j..j + len].iter().any(|&(_, c)| {
                            let b = c as u32;
                            (0x80..=0x9F).contains(&b) && char_of(cs, b as u8) != Some(c)
                        });
                    cands.push(Candidate {
                        start: chars[j].0,
                        end: chars.get(j + len).map_or(end, |&(k, _)| k),
                        cs,
                        decoded,
                        latin1,
                        strong: false,
                    });
                    j += len;
                }
                _ => j += 1,
            }
        }
        // Judge this charset's candidates with their neighbours in view.
        for k in first..cands.len() {
            let c = cands[k];
            let adjacent = (k > first && cands[k - 1].end == c.start)
                || cands.get(k + 1).is_some_and(|n| n.start == c.end);
            let j0 = chars.partition_point(|&(b, _)| b < c.start);
            let j1 = chars.partition_point(|&(b, _)| b < c.end);
            let prev = if j0 == 0 { before } else { at(j0 - 1) };
            let next = if j1 >= chars.len() { after } else { at(j1) };
            let orig: Vec<char> = chars[j0..j1].iter().map(|&(_, ch)| ch).collect();
            let near_before = chars[..j0]
                .iter()
                .rev()
                .map(|&(_, ch)| ch)
                .find(|ch| ch.is_alphabetic())
                .or(letter_before);
            let near_after = chars[j1..]
                .iter()
                .map(|&(_, ch)| ch)
                .find(|ch| ch.is_alphabetic())
                .or(letter_after);
            let alone = island(&orig, near_before, near_after);
            match judge(&orig, c.decoded, prev, next, adjacent, alone) {
                Some(strong) => cands[k].strong = strong,
                None => cands[k].cs = usize::MAX,
            }
        }
    }
    cands.retain(|c| c.cs != usize::MAX);
}

/// The char that `chars[j..]` encodes as UTF-8 through `cs`, and its length.
fn decode_at(chars: &[(usize, char)], j: usize, cs: Cs) -> Option<(char, usize)> {
    let lead = bytes_of(chars[j].1)[cs];
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let tail = chars.get(j + 1..j + len)?;
    let mut buf = [lead, 0, 0, 0];
    for (slot, &(_, c)) in buf[1..len].iter_mut().zip(tail) {
        *slot = bytes_of(c)[cs];
    }
    let decoded = std::str::from_utf8(&buf[..len]).ok()?.chars().next()?;
    Some((decoded, len))
}

/// `None`: not mojibake. `Some(true)`: strong evidence on its own.
/// `Some(false)`: weak, repaired only beside strong evidence of its charset.
fn judge(
    orig: &[char],
    decoded: char,
    prev: Option<char>,
    next: Option<char>,
    adjacent: bool,
    alone: bool,
) -> Option<bool> {
    let is_odd = alone || odd(orig, prev, next);
    let ds = script(decoded);
    let foreign_letter = decoded.is_alphabetic() && ds != Script::Latin && ds != Script::Common;
    if foreign_letter {
        let supported = adjacent
            || prev.is_some_and(|p| script(p) == ds)
            || next.is_some_and(|n| script(n) == ds);
        if !supported {
            // A lone letter of another alphabet: strong only when the
            // original could not be written text ("Ï€" for π).
            return Some(is_odd);
        }
    }
    if is_c1(decoded) {
        // Only as part of a run of repairs (an inner layer), never alone.
        return adjacent.then_some(false);
    }
    Some(adjacent || is_odd)
}

/// The nearest letter among the 16 chars before byte `at`.
fn window_back(text: &str, at: usize) -> Option<char> {
    text[..at]
        .chars()
        .rev()
        .take(16)
        .find(|c| c.is_alphabetic())
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> (String, Vec<String>) {
        let mut r = Vec::new();
        let out = repair_mojibake(s, &mut r);
        (out, r)
    }

    #[test]
    fn windows_1252() {
        let (out, r) = fix("CafÃ© au lait, naÃ¯ve, donâ€™t");
        assert_eq!(out, "Café au lait, naïve, don’t");
        assert_eq!(r, ["mojibake:utf8-as-windows-1252"]);
    }

    #[test]
    fn latin1_tagged() {
        let (out, r) = fix("don\u{e2}\u{80}\u{99}t stop");
        assert_eq!(out, "don’t stop");
        assert_eq!(r, [LATIN1_TAG]);
    }

    #[test]
    fn double_encoding() {
        let (out, r) = fix("CafÃƒÂ© and rÃƒÂ©sumÃƒÂ©");
        assert_eq!(out, "Café and résumé");
        assert!(r.contains(&"mojibake:double-encoding".to_string()));
    }

    #[test]
    fn cyrillic_1251() {
        let (out, _) = fix("РџСЂРёРІРµС‚, РјРёСЂ");
        assert_eq!(out, "Привет, мир");
    }

    #[test]
    fn correct_text_untouched() {
        for s in [
            "SÃO PAULO e IRMÃ”",
            "château, crème brûlée, «CAFÉ»",
            "Привет, её», ВІЙНА",
            "สวัสดีครับ เธอยกเลิกการเดินทาง",
            "中文 日本語 한국어 😀 ∑ ≈ ≠",
        ] {
            let mut r = Vec::new();
            assert!(matches!(repair(s, &mut r), Cow::Borrowed(_)), "{s}");
            assert!(r.is_empty(), "{s}: {r:?}");
        }
    }
}
