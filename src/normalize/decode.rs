//! Message bytes → `String`.
//!
//! Order of trust: a byte-order mark; a charset declared in the Kafka
//! `content-type` header; valid UTF-8; a `<meta charset>` (or `http-equiv`)
//! declaration inside the bytes; detection with chardetng. Bytes that are
//! mostly NULs and control codes carry no text and are rejected.

use encoding_rs::{Encoding, UTF_8};

use super::{Decoded, NormalizeError};

/// Share of control bytes above which input is binary, not text.
const MAX_CONTROL_SHARE: f64 = 0.05;

/// How far into the bytes a `<meta charset>` is looked for (HTML puts it early;
/// an article embedded in JSON may put it a little later).
const META_SCAN: usize = 64 * 1024;

pub(super) fn decode(bytes: &[u8], content_type: Option<&str>) -> Result<Decoded, NormalizeError> {
    reject_binary(bytes)?;
    let mut repairs = Vec::new();
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if encoding != UTF_8 {
            repairs.push(format!("decoded:{}", label(encoding)));
        }
        return finish(text.into_owned(), repairs);
    }
    let declared = content_type
        .and_then(charset_param)
        .and_then(|l| Encoding::for_label(l.as_bytes()));
    if let Some(encoding) = declared {
        if encoding != UTF_8 {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if !had_errors {
                repairs.push(format!("decoded:{}", label(encoding)));
                return finish(text.into_owned(), repairs);
            }
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return finish(s.to_string(), repairs);
    }
    let encoding = meta_charset(&bytes[..bytes.len().min(META_SCAN)])
        .filter(|&e| e != UTF_8)
        .unwrap_or_else(|| detect(bytes));
    let (text, _, had_errors) = encoding.decode(bytes);
    repairs.push(format!("decoded:{}", label(encoding)));
    if had_errors {
        repairs.push("decoded:replaced-invalid".to_string());
    }
    finish(text.into_owned(), repairs)
}

fn finish(text: String, repairs: Vec<String>) -> Result<Decoded, NormalizeError> {
    // UTF-16 from a BOM or a declaration can still turn out to be noise.
    let controls = text
        .chars()
        .filter(|&c| is_binary_control(c as u32))
        .count();
    if controls > 0 && controls as f64 > MAX_CONTROL_SHARE * text.chars().count() as f64 {
        return Err(NormalizeError::InvalidEncoding(format!(
            "{controls} control characters in {} decoded characters",
            text.chars().count()
        )));
    }
    Ok(Decoded { text, repairs })
}

fn is_binary_control(b: u32) -> bool {
    matches!(b, 0x00..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F)
}

/// Reject bytes that are data, not text: NULs and C0 controls beyond what
/// stray damage explains.
fn reject_binary(bytes: &[u8]) -> Result<(), NormalizeError> {
    if Encoding::for_bom(bytes).is_some_and(|(e, _)| e != UTF_8) {
        return Ok(()); // UTF-16: NULs are expected; judged after decoding.
    }
    let controls = bytes
        .iter()
        .filter(|&&b| is_binary_control(u32::from(b)))
        .count();
    if controls as f64 > MAX_CONTROL_SHARE * bytes.len() as f64 {
        return Err(NormalizeError::InvalidEncoding(format!(
            "{controls} of {} bytes are NUL or control codes: binary data, not text",
            bytes.len()
        )));
    }
    Ok(())
}

/// `charset` parameter of a MIME type: `text/html; charset="windows-1252"`.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']))
    })
}

/// A `<meta charset=...>` or `<meta http-equiv content="...; charset=...">` in the bytes.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(k) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + k;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(p) = memchr::memmem::find(tag, b"charset=") {
            let value: Vec<u8> = tag[p + 8..]
                .iter()
                .copied()
                .skip_while(|b| matches!(b, b'"' | b'\'' | b' ' | b'\\'))
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                .collect();
            if let Some(e) = Encoding::for_label(&value) {
                return Some(e);
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, true)
}

fn label(encoding: &'static Encoding) -> String {
    encoding.name().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let d = decode("Zürich ’ok’".as_bytes(), None).unwrap();
        assert_eq!(d.text, "Zürich ’ok’");
        assert!(d.repairs.is_empty());
    }

    #[test]
    fn header_charset_honoured() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Привет, мир");
        let d = decode(&bytes, Some("text/plain; charset=\"windows-1251\"")).unwrap();
        assert_eq!(d.text, "Привет, мир");
        assert_eq!(d.repairs, ["decoded:windows-1251"]);
    }

    #[test]
    fn meta_charset_honoured() {
        let mut bytes = b"<html><head><meta charset=\"iso-8859-2\"></head><body>".to_vec();
        let (body, _, _) = encoding_rs::ISO_8859_2.encode("Łódź i Kraków, żółć");
        bytes.extend_from_slice(&body);
        let d = decode(&bytes, None).unwrap();
        assert!(d.text.ends_with("Łódź i Kraków, żółć"), "{}", d.text);
        assert_eq!(d.repairs, ["decoded:iso-8859-2"]);
    }

    #[test]
    fn detected_without_declaration() {
        let text = "Le président a déclaré que l’économie française était très forte, \
                    malgré les difficultés rencontrées cette année à Paris.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.repairs, ["decoded:windows-1252"]);
    }

    #[test]
    fn utf16_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Hello, Ünïcode".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes, None).unwrap().text, "Hello, Ünïcode");
    }

    #[test]
    fn binary_rejected() {
        let bytes: Vec<u8> = (0..512u32).map(|i| (i * 7 % 256) as u8).collect();
        assert!(matches!(
            decode(&bytes, None),
            Err(NormalizeError::InvalidEncoding(_))
        ));
        assert!(decode(&[0u8; 64], None).is_err());
    }
}
