//! HTML character references: all 2,231 HTML5 named entities (the WHATWG
//! table, via the `entities` crate), decimal and hex numeric references, and
//! double escaping (`&amp;eacute;` → `é`).
//!
//! Two modes: in HTML, legacy names without `;` (`&copy 2024`) decode as a
//! browser would; in plain text only `;`-terminated references do, so `AT&T`
//! and `R&D` stay as written.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use memchr::memchr;

/// Longest entity name in the table (`&CounterClockwiseContourIntegral;`).
const MAX_NAME: usize = 32;

fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        entities::ENTITIES
            .iter()
            .map(|e| (e.entity.trim_start_matches('&'), e.characters))
            .collect()
    })
}

/// Decode character references in `input`. `html`: accept legacy forms
/// without `;`. Decodes twice when the first pass uncovered escaped entities.
pub(super) fn decode(input: &str, html: bool) -> Cow<'_, str> {
    let Some(once) = decode_once(input, html) else {
        return Cow::Borrowed(input);
    };
    // `&amp;eacute;` → `&eacute;` → `é`: only `;`-terminated on the second pass.
    match decode_once(&once, false) {
        Some(twice) if input.contains("&amp;") => Cow::Owned(twice),
        _ => Cow::Owned(once),
    }
}

fn decode_once(input: &str, html: bool) -> Option<String> {
    let bytes = input.as_bytes();
    let mut at = memchr(b'&', bytes)?;
    let mut out = String::new();
    let mut last = 0;
    let mut changed = false;
    loop {
        if let Some((len, replacement)) = reference(&input[at..], html) {
            out.push_str(&input[last..at]);
            out.push_str(&replacement);
            last = at + len;
            changed = true;
        }
        let from = if last > at { last } else { at + 1 };
        match memchr(b'&', &bytes[from..]) {
            Some(k) => at = from + k,
            None => break,
        }
    }
    if !changed {
        return None;
    }
    out.push_str(&input[last..]);
    Some(out)
}

/// The reference at the start of `s` (which begins with `&`): its length and text.
fn reference(s: &str, html: bool) -> Option<(usize, Cow<'static, str>)> {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (hex, digits) = match num.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, num),
        };
        let n = digits
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if n == 0 {
            return None;
        }
        let semi = digits[n..].starts_with(';');
        if !semi && !html {
            return None;
        }
        let value =
            u32::from_str_radix(&digits[..n.min(8)], if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let len = 1 + 1 + usize::from(hex) + n + usize::from(semi);
        return Some((len, Cow::Owned(numeric(value).to_string())));
    }
    let n = body
        .bytes()
        .take(MAX_NAME)
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    if n == 0 {
        return None;
    }
    let t = table();
    if body[n..].starts_with(';') {
        if let Some(v) = t.get(&body[..=n]) {
            return Some((n + 2, Cow::Borrowed(v)));
        }
    }
    if html {
        // Legacy names without `;`: the longest prefix that is one (`&notit;` → `¬it;`).
        for k in (2..=n).rev() {
            if let Some(v) = t.get(&body[..k]) {
                return Some((k + 1, Cow::Borrowed(v)));
            }
        }
    }
    None
}

/// A numeric reference's character, with the HTML5 fix-ups: C1 values are
/// Windows-1252 (`&#146;` is ’), and invalid ones become U+FFFD.
fn numeric(value: u32) -> char {
    if (0x80..=0x9F).contains(&value) {
        let b = [value as u8];
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&b);
        if let Some(c) = text.chars().next() {
            return c;
        }
    }
    match value {
        0 => '\u{FFFD}',
        v => char::from_u32(v).unwrap_or('\u{FFFD}'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_numeric_double() {
        assert_eq!(decode("caf&eacute; &amp; bar", false), "café & bar");
        assert_eq!(decode("&#8217;&#x201C;&#X201d;&#146;", false), "’“”’");
        assert_eq!(decode("&amp;eacute;t&amp;eacute;", false), "été");
        assert_eq!(
            decode("&CounterClockwiseContourIntegral;&fjlig;", false),
            "∳fj"
        );
        assert_eq!(table().len(), 2231);
    }

    #[test]
    fn plain_text_kept() {
        for s in [
            "AT&T and R&D",
            "a & b",
            "&copy 2024",
            "&nosuch;",
            "&#;",
            "&",
        ] {
            assert_eq!(decode(s, false), s);
        }
    }

    #[test]
    fn legacy_in_html() {
        assert_eq!(decode("&copy 2024 &notit;", true), "© 2024 ¬it;");
        assert_eq!(
            decode("&#0;&#xD800;&#99999999999;", true),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
    }
}
