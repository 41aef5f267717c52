//! Evidence for and against a mojibake repair: which scripts characters belong
//! to, which decoded characters are plausible in news text, and which original
//! sequences look unlike anything a writer would type.

/// `char::is_alphabetic` with the scripts mojibake involves answered from
/// ranges: the general lookup dominated the profile.
#[inline]
pub(super) fn is_letter(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        0xD7 | 0xF7 => false,
        0xC0..=0x24F | 0x386 | 0x388..=0x38A | 0x38C | 0x38E..=0x3A1 | 0x3A3..=0x3CE => true,
        0x400..=0x481 | 0x48A..=0x52F => true,
        0xE01..=0xE3A | 0xE40..=0xE46 | 0xE4D => true, // Thai
        0x3041..=0x3096 | 0x30A1..=0x30FA | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => true,
        0x80..=0xBF => matches!(c, 'ª' | 'µ' | 'º'),
        0xE3F | 0xE47..=0xE4C | 0xE4E..=0xE5B | 0x2000..=0x206F | 0x20A0..=0x20CF => false,
        _ => c.is_alphabetic(),
    }
}

/// Coarse script classes; enough to tell a repair that fits its context from
/// one that drops a stray letter of another alphabet into a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    Latin,
    Greek,
    Cyrillic,
    Hebrew,
    Arabic,
    Indic,
    Thai,
    Georgian,
    Cjk,
    Hangul,
    /// Digits, punctuation, symbols, emoji, spaces.
    Common,
}

pub(super) fn script(c: char) -> Script {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x1E00..=0x1EFF => {
            Script::Latin
        }
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F => Script::Cyrillic,
        0x590..=0x5FF => Script::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F => Script::Arabic,
        0x900..=0xDFF => Script::Indic,
        0xE00..=0xE7F => Script::Thai,
        0x10A0..=0x10FF => Script::Georgian,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Script::Cjk,
        0x20000..=0x2FFFF => Script::Cjk,
        0xAC00..=0xD7A3 | 0x3130..=0x318F => Script::Hangul,
        _ => Script::Common,
    }
}

/// The script of `c` when it is a letter of a script other than Latin and
/// Common: `is_letter` and `script` in one step, Thai and Cyrillic (most of
/// the letters judged in real text) answered first.
#[inline]
pub(super) fn foreign_letter(c: char) -> Option<Script> {
    match c as u32 {
        0xE01..=0xE3A | 0xE40..=0xE46 | 0xE4D => Some(Script::Thai),
        0xE00..=0xE7F => None,
        0x400..=0x481 | 0x48A..=0x52F => Some(Script::Cyrillic),
        0..=0x24F => None, // Latin or Common
        _ => {
            let s = script(c);
            (is_letter(c) && !matches!(s, Script::Latin | Script::Common)).then_some(s)
        }
    }
}

/// The script of `c` when it belongs to one other than Latin and Common,
/// letter or not: Thai vowel signs, tone marks and digits are part of a Thai
/// word as much as its consonants are.
#[inline]
pub(super) fn foreign_script(c: char) -> Option<Script> {
    match c as u32 {
        0xE00..=0xE7F => Some(Script::Thai),
        0x400..=0x52F => Some(Script::Cyrillic),
        0..=0x24F => None, // Latin or Common
        _ => match script(c) {
            Script::Latin | Script::Common => None,
            s => Some(s),
        },
    }
}

/// Is `c` a character that real news text plausibly contains? Decoded
/// characters outside this set (IPA, combining marks out of place, Syriac,
/// private use, C1 controls...) are what misdecoding produces by accident.
#[inline]
pub(super) fn plausible(c: char) -> bool {
    let u = c as u32;
    match PLAUSIBLE_BELOW_3000.get((u / 64) as usize) {
        // Every candidate is judged by this: one bit instead of a range search.
        Some(bits) => bits >> (u % 64) & 1 == 1,
        None => plausible_code_point(u),
    }
}

/// [`plausible_code_point`] below U+3000 as a bitmap, built at compile time.
static PLAUSIBLE_BELOW_3000: [u64; 0x3000 / 64] = {
    let mut bits = [0u64; 0x3000 / 64];
    let mut u = 0u32;
    while u < 0x3000 {
        if plausible_code_point(u) {
            bits[(u / 64) as usize] |= 1 << (u % 64);
        }
        u += 1;
    }
    bits
};

const fn plausible_code_point(u: u32) -> bool {
    matches!(u,
        0xA0..=0x17F            // Latin-1 symbols and letters, Latin Extended-A
        // Latin Extended-B in current use: Ə, ƒ, Vietnamese Ơ Ư, pinyin ǎ ǐ ǒ ǔ ǖ,
        // Ǧ, Ǫ, Ǵ, Romanian Ș Ț.
        | 0x18F | 0x192 | 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x1CD..=0x1DC | 0x1E6 | 0x1E7
        | 0x1EA | 0x1EB | 0x1F4 | 0x1F5 | 0x218..=0x21B
        | 0x259                 // Azerbaijani ə
        | 0x2BC | 0x2C6 | 0x2C7 | 0x2D8..=0x2DD
        | 0x300..=0x36F         // combining marks (NFD text), recomposed by NFC
        | 0x386..=0x3CE         // Greek
        | 0x400..=0x45F | 0x490 | 0x491 // Cyrillic (Russian, Ukrainian, Serbian, ...)
        | 0x5B0..=0x5C7         // Hebrew points and maqaf
        | 0x5D0..=0x5EA | 0x5F0..=0x5F4 // Hebrew letters
        | 0x60C | 0x61B | 0x61F | 0x621..=0x652 // Arabic letters and vowel signs
        | 0x660..=0x66C | 0x670..=0x6D3 | 0x6F0..=0x6F9 // digits, Persian and Urdu letters
        | 0x200C | 0x200D       // ZWNJ (Persian), ZWJ
        | 0x900..=0xDFF         // Indic scripts
        | 0xE01..=0xE5B         // Thai
        | 0x10A0..=0x10FF       // Georgian
        | 0x1E00..=0x1FFF       // Latin Extended Additional (Vietnamese), Greek Extended
        | 0x2010..=0x2027 | 0x2030..=0x205E // general punctuation
        | 0x2070..=0x209C       // super/subscripts
        | 0x20A0..=0x20C0       // currency
        | 0x2100..=0x218B       // letterlike, number forms (™, №, ½)
        | 0x2190..=0x23FF       // arrows, maths, technical
        | 0x2460..=0x27BF       // enclosed, box drawing, shapes, dingbats
        | 0x2900..=0x2BFF
        | 0x3000..=0x30FF | 0x3130..=0x318F | 0x3200..=0x33FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF // CJK
        | 0xAC00..=0xD7A3       // Hangul
        | 0xF900..=0xFAFF | 0xFB00..=0xFB06 | 0xFE0F | 0xFE30..=0xFE4F | 0xFF01..=0xFFEF
        | 0xFFFD
        | 0x1F000..=0x1FAFF     // emoji
        | 0x20000..=0x2FFFF)
}

/// Characters that legitimately follow a letter with no space: closing
/// punctuation, dashes, no-break and soft hyphen. A letter followed by one of
/// these is ordinary text, so it is weak evidence of mojibake on its own.
fn natural_follower(c: char) -> bool {
    matches!(
        c,
        '\u{2019}'
            | '\u{201D}'
            | '\u{BB}'
            | '\u{2026}'
            | '\u{2014}'
            | '\u{2013}'
            | '\u{A0}'
            | '\u{AD}'
    )
}

/// Punctuation that sits against a word in ordinary text.
fn typographic(c: char) -> bool {
    matches!(
        c,
        '«' | '»'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '—'
            | '–'
            | '…'
            | '·'
            | '‹'
            | '›'
            | '\u{A0}'
            | '¡'
            | '¿'
    )
}

/// Not a letter, or a letter that mostly appears as a symbol (florin, ordinals,
/// micro, spacing modifiers such as `ˆ` and `˜`) or very rarely in text.
fn symbolish(c: char) -> bool {
    (!is_letter(c) && !thai_mark(c))
        || matches!(c, 'ƒ' | 'ª' | 'º' | 'µ' | '\u{2B0}'..='\u{2FF}')
        // Macedonian and Belarusian letters, rare in text, common in cp1251 mojibake.
        || matches!(c, 'Ѕ' | 'ѕ' | 'Ѓ' | 'ѓ' | 'Ќ' | 'ќ' | 'Ў' | 'ў')
}

/// Thai vowel signs and tone marks that are not letters to `is_letter`: part
/// of the word they sit in, not symbols glued to it.
fn thai_mark(c: char) -> bool {
    matches!(c, '\u{E47}'..='\u{E4C}' | '\u{E4E}')
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9F}').contains(&c)
}

/// Does the original sequence `orig` (a would-be UTF-8 lead char followed by its
/// continuation chars), between `prev` and `next`, look unlike written text?
pub(super) fn odd(orig: &[char], prev: Option<char>, next: Option<char>) -> bool {
    let (Some(&first), Some(&last)) = (orig.first(), orig.last()) else {
        return false;
    };
    let rest = &orig[1..];
    if rest.iter().any(|&c| is_c1(c)) {
        return true;
    }
    // A quote or dash before a word ("«Ærø", "—été") is ordinary text.
    let typographic_lead = orig.len() == 2 && typographic(first);
    // A symbol glued to a letter: "Ã©", "â€™", "Ãƒ".
    if !typographic_lead && rest.iter().any(|&c| symbolish(c) && !natural_follower(c)) {
        return true;
    }
    // A symbol lead glued to a letter: MacRoman "‚Äô", "√©".
    if !typographic_lead && symbolish(first) && rest.first().is_some_and(|&c| is_letter(c)) {
        return true;
    }
    // Portuguese Ã, French and Romanian Â are followed by plain letters or
    // closing punctuation; anything else after them is UTF-8's C2/C3 lead.
    if matches!(first, 'Ã' | 'Â') && !natural_follower(rest[0]) {
        return true;
    }
    // Nor do they follow a digit: "2.2Â\u{A0}%" is a no-break space.
    if matches!(first, 'Ã' | 'Â') && prev.is_some_and(|p| p.is_ascii_digit()) {
        return true;
    }
    // A no-break space glued to the next word: "Å\u{A0}koda" is Š.
    if rest.contains(&'\u{A0}') && next.is_some_and(char::is_lowercase) {
        return true;
    }
    // Capitals that turn lower case mid-word, begun by a letter: "SĂŁo".
    if prev.is_some_and(is_letter)
        && orig.iter().all(|c| c.is_uppercase())
        && next.is_some_and(char::is_lowercase)
    {
        return true;
    }
    // Lower case then upper case inside a word: "cafÃ", "вЂ".
    if prev.is_some_and(char::is_lowercase) && first.is_uppercase() {
        return true;
    }
    if orig
        .windows(2)
        .any(|w| w[0].is_lowercase() && w[1].is_uppercase())
    {
        return true;
    }
    // A word that switches alphabet mid-way: "cafรฉ" (Latin then Thai).
    let switches = |a: char, b: char| is_letter(a) && is_letter(b) && script(a) != script(b);
    prev.is_some_and(|p| switches(p, first)) || next.is_some_and(|n| switches(last, n))
}

/// Is `orig` a few letters of one non-Latin script standing alone among
/// words of another (`the ยซ`)? `near`: the nearest letters before and after it.
pub(super) fn island(orig: &[char], near: impl FnOnce() -> [Option<char>; 2]) -> bool {
    let Some(&first) = orig.first() else {
        return false;
    };
    let Some(s) = foreign_letter(first) else {
        return false;
    };
    if !orig.iter().all(|&c| foreign_letter(c) == Some(s)) {
        return false;
    }
    let near = near();
    near.iter().any(Option::is_some) && near.iter().flatten().all(|&c| script(c) != s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts() {
        assert_eq!(script('é'), Script::Latin);
        assert_eq!(script('ж'), Script::Cyrillic);
        assert_eq!(script('โ'), Script::Thai);
        assert_eq!(script('中'), Script::Cjk);
        assert_eq!(script('’'), Script::Common);
    }

    #[test]
    fn plausibility() {
        assert!(plausible('é') && plausible('’') && plausible('😀') && plausible('中'));
        assert!(!plausible('\u{92}') && !plausible('ɒ') && !plausible('\u{E000}'));
    }

    #[test]
    fn plausible_bitmap_agrees_with_ranges() {
        for u in 0u32..0x3_0000 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(plausible(c), plausible_code_point(u), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn oddness() {
        let v = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(odd(&v("Ã©"), Some('f'), None));
        assert!(odd(&v("â€™"), Some('n'), Some('t')));
        assert!(!odd(&v("Ã”"), Some('M'), None), "IRMÃ” is Portuguese");
        assert!(!odd(&v("ยก"), Some('ก'), Some('เ')), "real Thai");
        assert!(island(&v("ยซ"), || [Some('e'), None]));
        assert!(!island(&v("ยก"), || [Some('d'), Some('เ')]));
    }
}

#[cfg(test)]
mod letter_tests {
    use super::is_letter;

    #[test]
    fn foreign_letter_agrees_with_script_and_letter() {
        use super::{foreign_letter, script, Script};
        for u in 0u32..0x3_0000 {
            if let Some(c) = char::from_u32(u) {
                let s = script(c);
                let want =
                    (is_letter(c) && !matches!(s, Script::Latin | Script::Common)).then_some(s);
                assert_eq!(foreign_letter(c), want, "U+{u:04X}");
            }
        }
    }

    #[test]
    fn foreign_script_agrees_with_script() {
        use super::{foreign_script, script, Script};
        for u in 0u32..0x3_0000 {
            if let Some(c) = char::from_u32(u) {
                let want = Some(script(c)).filter(|s| !matches!(s, Script::Latin | Script::Common));
                assert_eq!(foreign_script(c), want, "U+{u:04X}");
            }
        }
    }

    #[test]
    fn fast_letter_agrees_with_std() {
        for u in (0u32..0x3_0000).step_by(1) {
            if let Some(c) = char::from_u32(u) {
                if matches!(u, 0x488 | 0x489) {
                    continue; // Cyrillic combining signs: not in text
                }
                assert_eq!(is_letter(c), c.is_alphabetic(), "U+{u:04X}");
            }
        }
    }
}
