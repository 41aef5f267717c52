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

use super::charsets::{
    bytes_of, char_of, cont_mask, continuation_seconds, lead_mask, Cs, CHARSETS, LATIN1_TAG, N,
    WINDOWS_1250, WINDOWS_1252,
};
use super::lossy;
use super::plausible::{foreign_script, is_letter, island, odd, plausible, script, Script};
use super::push_tag;
use super::scan::{skip_ascii, skip_non_ascii};

/// Double encoding seen in the wild rarely exceeds three layers.
const MAX_PASSES: usize = 4;

/// Repair mojibake in `input`, recording each kind of repair in `repairs`.
pub fn repair_mojibake(input: &str, repairs: &mut Vec<String>) -> String {
    repair(input, repairs).into_owned()
}

/// [`repair_mojibake`] without allocating when nothing needs repair.
pub(super) fn repair<'a>(input: &'a str, repairs: &mut Vec<String>) -> Cow<'a, str> {
    let mut text = Cow::Borrowed(input);
    if let Some(fixed) = cesu8(input) {
        push_tag(repairs, CESU8_TAG);
        text = Cow::Owned(fixed);
    }
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
    if let Some(fixed) = lost_bytes(&text, &evidence) {
        push_tag(repairs, LOST_TAG);
        text = Cow::Owned(fixed);
    }
    if let Some(fixed) = c1_as_windows_1252(&text) {
        push_tag(repairs, C1_TAG);
        text = Cow::Owned(fixed);
    }
    // Windows-1250 shares Windows-1252's `Â` (C2), so its evidence licenses `Â ` too.
    match lossy::repair(&text, evidence[WINDOWS_1252] + evidence[WINDOWS_1250] > 0) {
        Some((fixed, tags)) => {
            for tag in tags {
                push_tag(repairs, tag);
            }
            Cow::Owned(fixed)
        }
        None => text,
    }
}

/// Repair tag for CESU-8 (an emoji as two UTF-8-encoded surrogates) read
/// through Windows-1252 or Latin-1.
pub(super) const CESU8_TAG: &str = "mojibake:cesu8-as-windows-1252";

/// CESU-8 emoji through Windows-1252 or Latin-1: `í\u{A0}½í¸\u{8D}` is the
/// surrogates D83D DE0D, 😍. Six chars whose bytes are `ED A0..AF xx ED
/// B0..BF xx` can be nothing else.
fn cesu8(text: &str) -> Option<String> {
    // `í` then a char of A0..AF (`í\u{A0}`, `í¡`...): rare in Spanish and
    // Czech, where `í` is common.
    let starts = text.match_indices('í').any(|(i, _)| {
        text[i + 'í'.len_utf8()..]
            .chars()
            .next()
            .is_some_and(|c| (0xA0..=0xAF).contains(&u32::from(c)))
    });
    if !starts {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let byte = |c: char| bytes_of(c)[WINDOWS_1252];
    let pair_at = |k: usize| -> Option<char> {
        let b: Vec<u8> = chars.get(k..k + 6)?.iter().map(|&c| byte(c)).collect();
        let cont = |x: u8| (0x80..=0xBF).contains(&x);
        let ok = b[0] == 0xED
            && (0xA0..=0xAF).contains(&b[1])
            && cont(b[2])
            && b[3] == 0xED
            && (0xB0..=0xBF).contains(&b[4])
            && cont(b[5]);
        if !ok {
            return None;
        }
        let unit = |x: u8, y: u8| 0xD000 | u32::from(x & 0x3F) << 6 | u32::from(y & 0x3F);
        let (hi, lo) = (unit(b[1], b[2]), unit(b[4], b[5]));
        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
    };
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut k = 0;
    while k < chars.len() {
        if chars[k] == 'í' {
            if let Some(c) = pair_at(k) {
                out.push(c);
                changed = true;
                k += 6;
                continue;
            }
        }
        out.push(chars[k]);
        k += 1;
    }
    changed.then_some(out)
}

/// Repair tag for sequences that lost a byte, completed or marked as lost.
pub(super) const LOST_TAG: &str = "mojibake:lost-bytes";

/// What the exact passes leave of sequences that lost a byte, in a text
/// with evidence of that charset's mojibake:
/// - a no-break space (byte A0) turned into a plain space: `Å veices` is
///   `Šveices`, `Ð уÑ�` is `Ру…`, `à¸ าษา` is `ภาษา`; completed when the
///   char it makes is a letter of the script that follows it;
/// - a byte replaced by U+FFFD: `Ñ�` is one lost char, `�` (also without
///   other evidence mid-word after a small letter: `SlovenÄ�ina`).
///
/// `Ã ` (à) is the lossy pass's, which knows French from Portuguese.
fn lost_bytes(text: &str, evidence: &[usize; N]) -> Option<String> {
    let replaced = text.contains('\u{FFFD}');
    if !replaced && (evidence.iter().all(|&e| e == 0) || !text.contains(' ')) || text.is_ascii() {
        return None;
    }
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    let mut last = 0;
    // Each place a non-ASCII char is followed by a space or U+FFFD (byte
    // `j`), judged on a few chars around it.
    for j in memchr::memchr2_iter(b' ', 0xEF, b) {
        let at_space = b[j] == b' ' && j > 0 && b[j - 1] >= 0x80;
        let at_fffd = b[j..].starts_with("\u{FFFD}".as_bytes()) && j > 0 && b[j - 1] >= 0x80;
        if !(at_space || at_fffd) || j < last {
            continue;
        }
        let before: Vec<(usize, char)> = text[..j].char_indices().rev().take(3).collect();
        let mut window: Vec<char> = before.iter().rev().map(|&(_, c)| c).collect();
        let k = window.len() - 1;
        window.extend(text[j..].chars().take(10));
        if let Some((len, repl)) = lost_at(&window, k, evidence) {
            let start = before[len - 1].0;
            if start >= last {
                let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
                o.push_str(&text[last..start]);
                o.push(repl);
                // `à` keeps the space after it (see `lost_at`); others replace it.
                last = if repl == 'à' {
                    j
                } else {
                    j + window[k + 1].len_utf8()
                };
            }
        }
    }
    let mut out = out?;
    out.push_str(&text[last..]);
    Some(out)
}

/// At `chars[k]` (non-ASCII) followed by a space or U+FFFD: the partial
/// sequence ending there, as (chars in it, the char to put for it and the
/// space or U+FFFD after it).
fn lost_at(chars: &[char], k: usize, evidence: &[usize; N]) -> Option<(usize, char)> {
    let c = chars[k];
    let after = *chars.get(k + 1)?;
    if c.is_ascii() || (after != ' ' && after != '\u{FFFD}') {
        return None;
    }
    let prev = k.checked_sub(1).map(|j| chars[j]);
    let next = chars.get(k + 2).copied();
    for cs in (0..N).filter(|&cs| evidence[cs] > 0 || after == '\u{FFFD}') {
        let b = bytes_of(c)[cs];
        let p = prev.map_or(0, |p| bytes_of(p)[cs]);
        // The partial sequence: a two-byte lead, or a three-byte lead and one continuation.
        let (len, seq) = match (p, b) {
            (0xE0..=0xEF, 0x80..=0xBF) => (2, [p, b]),
            (_, 0xC2..=0xDF) => (1, [b, 0]),
            _ => continue,
        };
        // The lead is a letter where it stands (`Ð`, `Å`, `à`): a dash or a
        // quote before a space is punctuation. `â€` is the lossy pass's.
        let lead_char = if len == 2 { prev } else { Some(c) };
        if !lead_char.is_some_and(is_letter) || seq == [0xE2, 0x80] {
            continue;
        }
        if after == '\u{FFFD}' {
            let lowercase_before =
                |j: usize| k.checked_sub(j).is_some_and(|j| chars[j].is_lowercase());
            let vouched = evidence[cs] > 0
                || cs == WINDOWS_1252
                    && len == 1
                    && lowercase_before(1)
                    && next.is_some_and(char::is_alphabetic);
            if vouched {
                return Some((len, '\u{FFFD}'));
            }
            continue;
        }
        // A lead that lost its A0 starts a word: inside one it is a letter of
        // that word (`café” 中文` keeps its `é”`, Thai `บาล the` its `ล`).
        if k.checked_sub(len).is_some_and(|j| is_letter(chars[j])) {
            continue;
        }
        let mut utf8 = [0u8; 3];
        utf8[..len].copy_from_slice(&seq[..len]);
        utf8[len] = 0xA0;
        let Some(d) = std::str::from_utf8(&utf8[..=len])
            .ok()
            .and_then(|s| s.chars().next())
        else {
            continue;
        };
        let ds = script(d);
        // `à` through another charset (Windows-1251 `Г l’ouest`): the lost
        // no-break space stood before the space still there.
        let word_after = chars[k + 1..].iter().find(|c| **c != ' ').copied();
        if d == 'à'
            && cs != WINDOWS_1252
            && script(c) != Script::Latin
            && word_after.is_some_and(|n| n.is_lowercase() && script(n) == Script::Latin)
        {
            return Some((len, d));
        }
        let fits = is_letter(d)
            && next.is_some_and(|n| is_letter(n) && script(n) == ds)
            && match ds {
                // Latin: only the letters whose second byte is A0 in common use
                // (`Š`, `Ġ`); not `ɠ` from `É verdade`, nor `à` (see above).
                Script::Latin => ('\u{100}'..='\u{17F}').contains(&d) && script(c) == Script::Latin,
                // Another script: the char before is not already of it
                // (`ЦЕНТР ГОРОДА` stays).
                // Another script from a Latin lead (`Ð`, `à¸`; not `её`),
                // whose continuation is a symbol, not a letter.
                _ => {
                    lead_char.is_some_and(|l| script(l) == Script::Latin)
                        && (len == 1 || !is_letter(c))
                        && prev.is_none_or(|p| script(p) != ds)
                }
            };
        if fits {
            return Some((len, d));
        }
    }
    None
}

/// Repair tag for C1 controls read back as the Windows-1252 chars they were.
pub(super) const C1_TAG: &str = "c1-controls:windows-1252";

/// C1 controls left after the exact passes are Windows-1252 bytes decoded as
/// Latin-1 on their own (`parlé\u{85}` for `parlé…`, `\u{84}`…`\u{93}` for
/// German quotes): no text uses them as controls. Those Windows-1252 leaves
/// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay, for the cleaner to drop.
fn c1_as_windows_1252(text: &str) -> Option<String> {
    let mapped = |c: char| {
        is_c1(c)
            .then(|| char_of(WINDOWS_1252, c as u8))
            .flatten()
            .filter(|&m| m != c)
    };
    // C1 controls are `C2 80..=C2 9F` in UTF-8: a byte search finds none
    // in most text without decoding it.
    let b = text.as_bytes();
    let any = memchr::memchr_iter(0xC2, b).any(|i| {
        b.get(i + 1)
            .is_some_and(|&x| (0x80..=0x9F).contains(&x) && mapped(char::from(x)).is_some())
    });
    if !any {
        return None;
    }
    Some(text.chars().map(|c| mapped(c).unwrap_or(c)).collect())
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
    /// Char index range in its run (valid while the run is judged).
    j0: usize,
    j1: usize,
}

/// One repair pass. `None` when nothing was repaired; else the repaired text,
/// the tags of the charsets repaired, and the strong evidence per charset.
fn exact_pass(text: &str) -> Option<(String, Vec<&'static str>, [usize; N])> {
    let bytes = text.as_bytes();
    let mut cands: Vec<Candidate> = Vec::new();
    let mut scratch = Scratch::default();
    let mut i = 0;
    while i < bytes.len() {
        i = skip_ascii(bytes, i);
        if i >= bytes.len() {
            break;
        }
        let start = i;
        let end = skip_non_ascii(bytes, start);
        i = end;
        if run_may_hold_mojibake(text, start, end) {
            scan_run(text, start, end, &mut scratch, &mut cands);
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
    if cands.is_empty() || lone_pair_beside_correct_punctuation(text, &cands) {
        return None;
    }
    cands.sort_unstable_by_key(|c| (c.start, rank[c.cs]));

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

/// The only evidence is one two-char sequence (`DrÃ¥ber`) in a text whose
/// typographic punctuation (`–`, `’`, `€`) is correct UTF-8: had the text
/// been misdecoded, those would be mangled too. Inconsistent, and as likely
/// to be a name spelled that way: left alone.
fn lone_pair_beside_correct_punctuation(text: &str, cands: &[Candidate]) -> bool {
    // One sequence, possibly a candidate in several charsets.
    let Some(only) = cands.first() else {
        return false;
    };
    if cands
        .iter()
        .any(|c| (c.start, c.end) != (only.start, only.end))
        || only.j1 - only.j0 != 2
    {
        return false;
    }
    let punct = |c: char| ('\u{2010}'..='\u{2044}').contains(&c) || c == '€';
    text[..only.start].contains(punct) || text[only.end..].contains(punct)
}

/// The per-run half of [`exact_pass`], for a caller that walks the runs
/// itself: does a run hold a strong candidate? A text in which no run does
/// is one `exact_pass` leaves alone.
#[derive(Default)]
pub(super) struct RunScanner {
    scratch: Scratch,
    cands: Vec<Candidate>,
}

impl RunScanner {
    /// Does the run of non-ASCII chars `text[start..end]` hold a strong
    /// candidate? Weak ones are repaired only in a charset that has a strong
    /// one somewhere, so a text with none anywhere is left alone.
    pub(super) fn holds_strong_candidate(&mut self, text: &str, start: usize, end: usize) -> bool {
        if !run_may_hold_mojibake(text, start, end) {
            return false;
        }
        self.cands.clear();
        scan_run(text, start, end, &mut self.scratch, &mut self.cands);
        self.cands.iter().any(|c| c.strong)
    }
}

/// In a word of Thai or Cyrillic alone whose second char starts at `k`: can
/// that char be the continuation half of a pair? Tiling starts with a lead
/// and a continuation byte, so without it the word holds no candidate.
pub(super) fn flagged_second(bytes: &[u8], k: usize) -> bool {
    let flags = bytes
        .get(k)
        .map_or(0, |&b| continuation_seconds()[usize::from(b)]);
    // A flagged byte is a lead, so the byte after it exists.
    flags != 0 && flags >> (bytes[k + 1] & 0x3F) & 1 == 1
}

/// Can the run of non-ASCII chars `text[start..end]` hold a candidate? A
/// quick test that is never wrong to say yes: [`scan_run`] decides.
fn run_may_hold_mojibake(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let seconds = continuation_seconds();
    // A word of Thai or Cyrillic alone: only a charset it decodes
    // through from end to end can find anything (see `scan_run`).
    if let Some(second) = thai_or_cyrillic(&bytes[start..end]) {
        return flagged_second(bytes, start + second) && tiling_charsets(&text[start..end]) != 0;
    }
    // A candidate needs a char that encodes to a lead byte followed by
    // one that encodes to a continuation byte in the same charset. Bytes
    // one at a time (a constant stride runs fastest): a lead and its
    // next byte flag the rare chars that could be the second of such a
    // pair (none in Greek, CJK, most Cyrillic), and only those are decoded.
    // A flagged byte is a lead, so its next byte is in the run.
    bytes[start..end]
        .windows(2)
        .enumerate()
        .skip(1)
        .any(|(k, w)| {
            let flags = seconds[usize::from(w[0])];
            flags != 0 && flags >> (w[1] & 0x3F) & 1 == 1 && pairs_with_previous(text, start + k)
        })
}

/// Do the char starting at `i` (not the first of its run) and the one before
/// it encode to a lead and a continuation byte in some charset?
fn pairs_with_previous(text: &str, i: usize) -> bool {
    let (Some(prev), Some(cur)) = (text[..i].chars().next_back(), text[i..].chars().next()) else {
        return false;
    };
    lead_mask(bytes_of(prev)) & cont_mask(bytes_of(cur)) != 0
}

/// Reusable buffers for [`scan_run`].
#[derive(Default)]
struct Scratch {
    /// (byte offset, char) of the run.
    chars: Vec<(usize, char)>,
    /// `rows[k]` = the bytes `chars[k]` encodes to in each charset.
    rows: Vec<[u8; N]>,
    ctx: Vec<Context>,
}

/// Find candidates in the run of non-ASCII characters `text[start..end]`.
fn scan_run(text: &str, start: usize, end: usize, buf: &mut Scratch, cands: &mut Vec<Candidate>) {
    // A run all of one non-Latin script (most Thai and Cyrillic words) can
    // only hold mojibake that tiles all of it (see [`tiles`]; the chars
    // around a run are ASCII): a charset it does not decode through from end
    // to end has nothing to find here.
    let run = &text[start..end];
    let mut skip = 0u32;
    if single_script(run) {
        let tiling = tiling_charsets(run);
        let words = (0..N)
            .filter(|&cs| tiling >> cs & 1 == 1 && latin_among_own_script(text, start, end, cs))
            .fold(0, |m, cs| m | 1 << cs);
        skip = !(tiling & !words) & ((1 << N) - 1);
        if skip == (1 << N) - 1 {
            return;
        }
    }
    buf.chars.clear();
    buf.rows.clear();
    // At most one char per two bytes in a run of non-ASCII chars.
    buf.chars.reserve((end - start) / 2);
    buf.rows.reserve((end - start) / 2);
    for (k, c) in run.char_indices() {
        buf.chars.push((start + k, c));
        buf.rows.push(bytes_of(c));
    }
    // Which charsets have a lead byte followed by a continuation byte at all:
    // only those are scanned (Greek, most symbols: none).
    let mut pairs = 0u64;
    let mut prev_leads = 0u64;
    for &row in &buf.rows {
        let (leads, conts) = lead_cont_lanes(row);
        pairs |= prev_leads & conts;
        prev_leads = leads;
    }
    let (chars, rows) = (&buf.chars, &buf.rows);
    let first_of_run = cands.len();
    let scanned = |cs: Cs| pairs >> (8 * cs + 7) & 1 == 1 && skip >> cs & 1 == 0;
    for cs in (0..N).filter(|&cs| scanned(cs)) {
        // Fast path: the whole run re-encodes to two or more UTF-8 chars, as
        // dense mojibake does ("ÐŸÑ€Ð¸Ð²ÐµÑ‚"). That tiling is the evidence the
        // per-candidate judging would find through adjacency; skip it.
        if tile_run(chars, rows, cs, end, cands) {
            break;
        }
        let first = cands.len();
        let mut j = 0;
        while j + 1 < chars.len() {
            // Cheap pre-check: a lead byte followed by a continuation byte.
            let (lead, cont) = (rows[j][cs], rows[j + 1][cs]);
            if !(0xC2..=0xF4).contains(&lead) || !(0x80..=0xBF).contains(&cont) {
                j += 1;
                continue;
            }
            // Only the previous candidate can make this one tile on its left:
            // without it, a word-internal non-Latin candidate is rejected now
            // rather than judged (most would-be candidates in real Thai).
            let left_adjacent = cands.len() > first && cands[cands.len() - 1].j1 == j;
            match decode_at(rows, j, cs) {
                Some((_, len))
                    if !left_adjacent
                        && untileable_left(chars, j, len, text[..start].chars().next_back()) =>
                {
                    j += 1;
                }
                // A C1 control is never text, but in double encoding it is the
                // middle layer of a character (`×` + U+009D is Hebrew `ם`).
                Some((decoded, len)) if plausible(decoded) || is_c1(decoded) => {
                    let latin1 = cs == WINDOWS_1252
                        && chars[j..j + len].iter().any(|&(_, c)| latin1_only(c));
                    cands.push(Candidate {
                        start: chars[j].0,
                        end: chars.get(j + len).map_or(end, |&(k, _)| k),
                        cs,
                        decoded,
                        latin1,
                        strong: false,
                        j0: j,
                        j1: j + len,
                    });
                    j += len;
                }
                _ => j += 1,
            }
        }
        judge_all(text, start, end, chars, cands, first, &mut buf.ctx);
    }
    // Drop this run's rejected candidates (earlier runs are already clean).
    let mut keep = first_of_run;
    for k in first_of_run..cands.len() {
        if cands[k].cs != usize::MAX {
            cands[keep] = cands[k];
            keep += 1;
        }
    }
    cands.truncate(keep);
}

/// Is `run` (non-ASCII bytes) all Thai (`E0 B8 xx`, `E0 B9 xx`) or all
/// Cyrillic from U+0400 to U+04FF (`D0..=D3 xx`)? Recognised from its bytes;
/// `Some(length of a char)` when it is.
#[inline]
fn thai_or_cyrillic(run: &[u8]) -> Option<usize> {
    let all = match run.first() {
        Some(0xE0) => {
            run.len() % 3 == 0
                && run
                    .chunks_exact(3)
                    .all(|c| c[0] == 0xE0 && (c[1] == 0xB8 || c[1] == 0xB9))
        }
        Some(0xD0..=0xD3) => {
            run.len() % 2 == 0 && run.chunks_exact(2).all(|c| (0xD0..=0xD3).contains(&c[0]))
        }
        _ => false,
    };
    all.then_some(if run[0] == 0xE0 { 3 } else { 2 })
}

/// Is every char of `run` of the same non-Latin script?
fn single_script(run: &str) -> bool {
    if thai_or_cyrillic(run.as_bytes()).is_some() {
        return true;
    }
    let mut chars = run.chars();
    let Some(s0) = chars.next().and_then(foreign_script) else {
        return false;
    };
    chars.all(|c| foreign_script(c) == Some(s0))
}

/// Bit `cs` set when `run` decodes through `cs` from end to end
/// ([`decodes_through`]). Its first two chars rule out most charsets: they
/// must encode to a lead and a continuation byte.
fn tiling_charsets(run: &str) -> u32 {
    let mut chars = run.chars();
    let (Some(a), Some(b)) = (chars.next(), chars.next()) else {
        return 0;
    };
    let first_pair = lead_cont_lanes(bytes_of(a)).0 & lead_cont_lanes(bytes_of(b)).1;
    if first_pair == 0 {
        return 0;
    }
    (0..N)
        .filter(|&cs| first_pair >> (8 * cs + 7) & 1 == 1 && decodes_through(run, cs))
        .fold(0, |m, cs| m | 1 << cs)
}

/// Does `run` re-encode through `cs` to a sequence of plausible UTF-8 chars
/// (or C1 controls) from its first char to its last? The walk of [`tile_run`]
/// without building the run's rows; it fails within a char or two on text
/// that is not mojibake.
fn decodes_through(run: &str, cs: Cs) -> bool {
    decode_through(run, cs, |d| plausible(d) || is_c1(d))
}

/// Does `run` re-encode through `cs` to UTF-8 chars that all pass `accept`?
fn decode_through(run: &str, cs: Cs, mut accept: impl FnMut(char) -> bool) -> bool {
    let mut bytes = run.chars().map(|c| bytes_of(c)[cs]);
    while let Some(lead) = bytes.next() {
        match decode_seq(lead, || bytes.next()) {
            Some((decoded, _)) if accept(decoded) => {}
            _ => return false,
        }
    }
    true
}

/// A word of one non-Latin script that re-encodes through `cs` to Latin
/// letters only (Thai "ลดลง" to "Ŵŧ", "รถ" to "ö") while the letters nearest
/// to it are of its own script: a word of that script. Mojibake of a
/// Latin-script word sits among Latin letters: its own ASCII ones or its
/// neighbours'.
fn latin_among_own_script(text: &str, start: usize, end: usize, cs: Cs) -> bool {
    let run = &text[start..end];
    let Some(own) = run.chars().next().and_then(foreign_script) else {
        return false;
    };
    if !decode_through(run, cs, |d| is_letter(d) && script(d) == Script::Latin) {
        return false;
    }
    let before = text[..start].chars().rev().take(16).find(|&c| is_letter(c));
    let after = text[end..].chars().take(16).find(|&c| is_letter(c));
    let near = [before, after];
    near.iter().any(Option::is_some)
        && near
            .iter()
            .flatten()
            .all(|&c| foreign_script(c) == Some(own))
}

/// A row of [`bytes_of`] as one word, byte `cs` in bits `8 cs..8 cs + 8`:
/// the high bit of each byte set where it can lead a UTF-8 sequence
/// (0xC2..=0xF4), and where it is a continuation byte (0x80..=0xBF).
#[inline]
fn lead_cont_lanes(row: [u8; N]) -> (u64, u64) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut word = [0u8; 8];
    word[..N].copy_from_slice(&row);
    let w = u64::from_le_bytes(word);
    // Bytes 0x80..=0xBF: high bit set, next bit clear.
    let conts = w & !(w << 1) & HIGH;
    // Bytes 0xC2..=0xF4: high bit set and the low seven bits in 0x42..=0x74
    // (per byte, adding at most 0x3E to a value below 0x80 never carries).
    let low = w & !HIGH;
    let from_c2 = low.wrapping_add(0x3E * ONES);
    let to_f4 = !low.wrapping_add(0x0B * ONES);
    let leads = w & from_c2 & to_f4 & HIGH;
    (leads, conts)
}

/// Would `chars[j..j + len]` fail [`tiles`] on its left whatever else is
/// found? True when it is all of one non-Latin script and the char before it
/// is of that script too.
fn untileable_left(chars: &[(usize, char)], j: usize, len: usize, before: Option<char>) -> bool {
    let orig = &chars[j..j + len];
    let Some(s0) = foreign_script(orig[0].1) else {
        return false;
    };
    if !orig.iter().all(|&(_, c)| foreign_script(c) == Some(s0)) {
        return false;
    }
    let prev = if j == 0 { before } else { Some(chars[j - 1].1) };
    prev.and_then(foreign_script) == Some(s0)
}

/// If `chars` re-encode through `cs` to a sequence of two or more plausible
/// UTF-8 chars, push them all (strong; C1 controls weak) and return true.
fn tile_run(
    chars: &[(usize, char)],
    rows: &[[u8; N]],
    cs: Cs,
    end: usize,
    cands: &mut Vec<Candidate>,
) -> bool {
    let first = cands.len();
    let mut j = 0;
    while j < chars.len() {
        match decode_at(rows, j, cs) {
            Some((decoded, len)) if plausible(decoded) || is_c1(decoded) => {
                cands.push(Candidate {
                    start: chars[j].0,
                    end: chars.get(j + len).map_or(end, |&(k, _)| k),
                    cs,
                    decoded,
                    latin1: cs == WINDOWS_1252
                        && chars[j..j + len].iter().any(|&(_, c)| latin1_only(c)),
                    strong: !is_c1(decoded),
                    j0: j,
                    j1: j + len,
                });
                j += len;
            }
            _ => {
                cands.truncate(first);
                return false;
            }
        }
    }
    if cands.len() - first < 2 {
        cands.truncate(first);
        return false;
    }
    true
}

/// A C1 control standing where Windows-1252 has a printable character: the
/// text went through ISO-8859-1.
fn latin1_only(c: char) -> bool {
    let b = c as u32;
    (0x80..=0x9F).contains(&b) && char_of(WINDOWS_1252, b as u8) != Some(c)
}

/// A candidate in its context, for judging.
struct Context {
    /// The original chars (2 to 4), without allocating.
    orig: [char; 4],
    len: usize,
    prev: Option<char>,
    next: Option<char>,
    /// Index range of `orig` in the run's chars.
    j0: usize,
    j1: usize,
    alive: bool,
}

impl Context {
    fn orig(&self) -> &[char] {
        &self.orig[..self.len]
    }
}

/// Judge one charset's candidates `cands[first..]` of a run, with their
/// neighbours in view; rejected ones get `cs = usize::MAX`.
fn judge_all(
    text: &str,
    start: usize,
    end: usize,
    chars: &[(usize, char)],
    cands: &mut [Candidate],
    first: usize,
    ctx: &mut Vec<Context>,
) {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    ctx.clear();
    ctx.extend(cands[first..].iter().map(|c| {
        let (j0, j1) = (c.j0, c.j1);
        let mut orig = ['\0'; 4];
        for (slot, &(_, ch)) in orig.iter_mut().zip(&chars[j0..j1]) {
            *slot = ch;
        }
        Context {
            orig,
            len: j1 - j0,
            prev: if j0 == 0 {
                text[..start].chars().next_back()
            } else {
                at(j0 - 1)
            },
            next: if j1 >= chars.len() {
                text[end..].chars().next()
            } else {
                at(j1)
            },
            j0,
            j1,
            alive: true,
        }
    }));
    // Adjacency among surviving candidates: a false one must not vouch for
    // its neighbour, so untiled ones are removed until none is.
    let adjacency = |ctx: &[Context], k: usize| {
        let left = k > 0 && ctx[k - 1].alive && ctx[k - 1].j1 == ctx[k].j0;
        let right = ctx.get(k + 1).is_some_and(|n| n.alive && n.j0 == ctx[k].j1);
        (left, right)
    };
    loop {
        let mut changed = false;
        for k in 0..ctx.len() {
            if ctx[k].alive && !tiles(&ctx[k], adjacency(ctx, k)) {
                ctx[k].alive = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for k in 0..ctx.len() {
        let c = &ctx[k];
        let verdict = if c.alive {
            // Nearest letters around it, for judging a lone foreign word.
            let alone = island(c.orig(), || {
                let before = chars[..c.j0]
                    .iter()
                    .rev()
                    .map(|&(_, ch)| ch)
                    .find(|&ch| is_letter(ch))
                    .or_else(|| text[..start].chars().rev().take(16).find(|&c| is_letter(c)));
                let after = chars[c.j1..]
                    .iter()
                    .map(|&(_, ch)| ch)
                    .find(|&ch| is_letter(ch))
                    .or_else(|| text[end..].chars().take(16).find(|&c| is_letter(c)));
                [before, after]
            });
            let (l, r) = adjacency(ctx, k);
            judge(
                c.orig(),
                cands[first + k].decoded,
                c.prev,
                c.next,
                l || r,
                alone,
            )
        } else {
            None
        };
        // Three chars through Windows-1252 that make one UTF-8 symbol (`âœ”`
        // for ✔) are no accident of ordinary text, even where each looks
        // natural beside the next; a letter so made is (`Brontë…”` is not 녔).
        let cand = &cands[first + k];
        let verdict = match verdict {
            Some(false)
                if c.len >= 3
                    && cand.cs == WINDOWS_1252
                    && script(cand.decoded) == Script::Common =>
            {
                Some(true)
            }
            v => v,
        };
        match verdict {
            Some(strong) => cands[first + k].strong = strong,
            None => cands[first + k].cs = usize::MAX,
        }
    }
}

/// Chars of a non-Latin script (real Thai "ลป" or "็นผ" in เป็นผู้, Ukrainian
/// "Рі") decode by accident now and then, amid the rest of their word.
/// Mojibake of such chars tiles its whole word: each side is a word boundary
/// or another repair.
fn tiles(c: &Context, adjacent: (bool, bool)) -> bool {
    let Some(s0) = c.orig().first().and_then(|&ch| foreign_script(ch)) else {
        return true;
    };
    if !c.orig().iter().all(|&ch| foreign_script(ch) == Some(s0)) {
        return true;
    }
    let inside = |ch: Option<char>| ch.and_then(foreign_script) == Some(s0);
    (!inside(c.prev) || adjacent.0) && (!inside(c.next) || adjacent.1)
}

/// The char that `rows[j..]` encodes as UTF-8 through `cs`, and its length.
/// Decoded by hand, as `str::from_utf8` would accept it (no overlong forms,
/// surrogates or code points above U+10FFFF): it runs for every lead byte
/// followed by a continuation byte, which real Thai and Ukrainian are full of.
fn decode_at(rows: &[[u8; N]], j: usize, cs: Cs) -> Option<(char, usize)> {
    let mut k = j;
    decode_seq(rows[j][cs], || {
        k += 1;
        rows.get(k).map(|row| row[cs])
    })
}

/// The char that the UTF-8 sequence starting with `lead` and continued by
/// `next()` encodes, and its length (see [`decode_at`]).
#[inline]
fn decode_seq(lead: u8, mut next: impl FnMut() -> Option<u8>) -> Option<(char, usize)> {
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    // The second byte's range depends on the lead; later ones are 80..=BF.
    let (lo, hi) = match lead {
        0xE0 => (0xA0, 0xBF),
        0xED => (0x80, 0x9F),
        0xF0 => (0x90, 0xBF),
        0xF4 => (0x80, 0x8F),
        _ => (0x80, 0xBF),
    };
    let mut cp = u32::from(lead) & (0x7F >> len);
    for k in 0..len - 1 {
        let b = next()?;
        let ok = if k == 0 {
            (lo..=hi).contains(&b)
        } else {
            (0x80..=0xBF).contains(&b)
        };
        if !ok {
            return None;
        }
        cp = cp << 6 | u32::from(b & 0x3F);
    }
    Some((char::from_u32(cp)?, len))
}

/// `adj`: another repair ends right before or starts right after it.
/// `None`: not mojibake. `Some(true)`: strong evidence on its own.
/// `Some(false)`: weak, repaired only beside strong evidence of its charset.
fn judge(
    orig: &[char],
    decoded: char,
    prev: Option<char>,
    next: Option<char>,
    adj: bool,
    alone: bool,
) -> Option<bool> {
    let is_odd = alone || odd(orig, prev, next);
    let ds = script(decoded);
    let foreign_letter = is_letter(decoded) && ds != Script::Latin && ds != Script::Common;
    if !adj && orig.len() == 2 {
        let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
        // `Ã` and a symbol after a capital, inside a word in capitals
        // (`HÃ”TEL`: `Ô`) or as `Ù` (`OÃ™`; Portuguese Ã is no vowel's follower).
        let capital = |c: Option<char>| c.is_some_and(char::is_uppercase);
        if orig[0] == 'Ã'
            && !is_letter(orig[1])
            && capital(prev)
            && (capital(next) || orig[1] == '™' && prev.is_some_and(|p| "AEIOU".contains(p)))
        {
            return Some(true);
        }
        // Box drawing alone (line art `├┤a┼┐a`): Cyrillic through code page
        // 437 is box drawing from end to end, and tiles its whole run.
        if orig.iter().all(|c| ('\u{2500}'..='\u{259F}').contains(c)) {
            return Some(false);
        }
        let symbols = !orig.iter().any(|c| c.is_alphabetic());
        // Math: an operator beside a Greek letter or a degree sign (`√π`,
        // `∆°`), which MacRoman mojibake of `ù` and `ơ` would look like,
        // standing apart from words (`≈°` in `Gori≈°kih` is `š`).
        let math = |c: &char| ('\u{2200}'..='\u{22FF}').contains(c);
        let mathy = |c: &char| math(c) || *c == '°' || script(*c) == Script::Greek;
        if orig.iter().any(math) && orig.iter().all(mathy) && !letter(prev) && !letter(next) {
            return Some(false);
        }
        // A lone guillemet from symbols (`¬´` in an emoticon): weak, as
        // French text mangled that way shows its accents too.
        if symbols && matches!(decoded, '«' | '»') {
            return Some(false);
        }
        // Another alphabet's char from symbols (`5×£35`, `3×€20`): weak.
        if symbols && !matches!(ds, Script::Latin | Script::Common) {
            return Some(false);
        }
        let upper = |c: Option<char>| c.is_some_and(char::is_uppercase);
        let lower = |c: Option<char>| c.is_some_and(char::is_lowercase);
        // A trademark sign after a word in capitals (`AHÅ™`, `DATĂ™`).
        if orig[1] == '™' && upper(prev) && !letter(next) {
            return Some(false);
        }
        // A small letter after a capital and before no small one: leetspeak
        // in capitals (`MÄ£ÄM`, `SÖÄ£`) looks so; so do `Kč` and `Hà`, which
        // other mojibake in their text vouches for.
        if decoded.is_lowercase() && upper(prev) && !lower(next) && !orig.iter().any(|&c| is_c1(c))
        {
            return Some(false);
        }
    }

    if foreign_letter {
        let supported =
            adj || prev.is_some_and(|p| script(p) == ds) || next.is_some_and(|n| script(n) == ds);
        if !supported {
            // A lone letter of another alphabet: strong only when the
            // original could not be written text ("Ï€" for π).
            return Some(is_odd);
        }
    }
    if is_c1(decoded) {
        // Only as part of a run of repairs (an inner layer), never alone.
        return adj.then_some(false);
    }
    Some(adj || is_odd)
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
    fn lanes_agree_with_masks() {
        for u in 0x80..=0xFB02u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let row = bytes_of(c);
            let (leads, conts) = lead_cont_lanes(row);
            for cs in 0..N {
                let bit = |w: u64| w >> (8 * cs + 7) & 1 == 1;
                assert_eq!(bit(leads), lead_mask(row) >> cs & 1 == 1, "U+{u:04X}");
                assert_eq!(bit(conts), cont_mask(row) >> cs & 1 == 1, "U+{u:04X}");
            }
        }
        for b in 0..=0xFFu8 {
            let (leads, conts) = lead_cont_lanes([b; N]);
            assert_eq!(leads != 0, (0xC2..=0xF4).contains(&b), "{b:#x}");
            assert_eq!(conts != 0, (0x80..=0xBF).contains(&b), "{b:#x}");
        }
    }

    #[test]
    fn decode_at_agrees_with_from_utf8() {
        // The previous implementation, through `str::from_utf8`.
        let oracle = |bytes: &[u8]| {
            let len = match bytes[0] {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => return None,
            };
            let seq = bytes.get(..len)?;
            let c = std::str::from_utf8(seq).ok()?.chars().next()?;
            Some((c, len))
        };
        let check = |bytes: &[u8]| {
            let rows: Vec<[u8; N]> = bytes.iter().map(|&b| [b; N]).collect();
            assert_eq!(decode_at(&rows, 0, 0), oracle(bytes), "{bytes:x?}");
        };
        for a in 0x80..=0xFFu8 {
            for b in 0x00..=0xFFu8 {
                check(&[a, b]);
                for c in [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF] {
                    check(&[a, b, c]);
                    check(&[a, b, c, 0x80]);
                    check(&[a, b, 0x80, c]);
                }
            }
        }
    }

    #[test]
    fn pair_prescan_matches_the_run_scan() {
        // The pre-scan's verdict must equal "some charset has a lead byte
        // followed by a continuation byte" over the run's chars.
        for s in [
            "Ã©",
            "â€™",
            "я»",
            "«Привет»",
            "ёё",
            "Ελλάδα",
            "πΩ",
            "ไม่ได้",
            "中文",
            "é",
        ] {
            let chars: Vec<char> = s.chars().collect();
            let want = chars
                .windows(2)
                .any(|w| lead_mask(bytes_of(w[0])) & cont_mask(bytes_of(w[1])) != 0);
            let mut boundaries = s.char_indices().map(|(k, _)| k).skip(1);
            let got = boundaries.any(|k| pairs_with_previous(s, k));
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn real_thai_beside_repairs() {
        let (out, r) = fix("the เกษตรกร’s the ");
        assert_eq!(out, "the เกษตรกร’s the ", "{r:?}");
        let (out, r) = fix("Ελλάδα โรงเรียน ");
        assert_eq!(out, "Ελλάδα โรงเรียน ", "{r:?}");
        let (out, r) = fix("ฮ•ฮปฮปฮฌฮดฮฑ เน\u{82}เธฃเธ\u{87}เน€เธฃเธตเธขเธ\u{99} ");
        assert_eq!(out, "Ελλάδα โรงเรียน ", "{r:?}");
    }

    #[test]
    fn correct_text_untouched() {
        for s in [
            "SÃO PAULO e IRMÃ”",
            "château, crème brûlée, «CAFÉ»",
            "Привет, её», ВІЙНА",
            "สวัสดีครับ เธอยกเลิกการเดินทาง",
            // A vowel sign or tone mark is a lead byte in Windows-874: "็นผ"
            // and "้ชน" decode to CJK, inside words that are plainly Thai.
            "เขาเป็นผู้ชนะการเลือกตั้ง ในการประชุม",
            // A Thai word that decodes to Latin letters ("Ŵŧ") amid Thai.
            "ดัชนีปิดที่ ๑,๓๕๒ จุด ลดลง ๘ จุด",
            "ราคา รถ ยนต์",
            "中文 日本語 한국어 😀 ∑ ≈ ≠",
        ] {
            let mut r = Vec::new();
            assert!(matches!(repair(s, &mut r), Cow::Borrowed(_)), "{s}");
            assert!(r.is_empty(), "{s}: {r:?}");
        }
    }
}
