//! Stage 2: bytes → clean text.
//!
//! [`Normalizer::decode`] turns message bytes into a `String` (charset from the
//! `content-type` header, else UTF-8, else detection). [`RawArticle::from_json`]
//! reads the input article object. [`Normalizer::article`] repairs and normalises
//! title and body (mojibake, HTML, NFC, whitespace), detects the language, parses
//! the date, canonicalises the URL and derives the article id and content hash.
//!
//! Submodules, one concern each:
//! - `decode`: charset handling (header, BOM, `<meta charset>`, detection) and binary detection
//! - `charsets`: reverse tables of the legacy charsets mojibake comes from
//! - `plausible`: the evidence a mojibake repair is judged by
//! - `mojibake`: repair of UTF-8 misdecoded through legacy charsets (exact, double)
//! - `lossy`: mojibake that lost bytes, repaired from context (the seed article)
//! - `html`, `entities`: HTML to text, character references
//! - `fast`: the common case, text the above would leave alone but for whitespace, in one walk
//! - `scan`: byte-level stepping over ASCII words and chars, shared by the passes
//! - `text`: NFC, control characters, whitespace and paragraphs
//! - `language`, `dates`, `urls`: language id, `published_at`, URL canonicalisation

mod charsets;
mod dates;
mod decode;
mod entities;
mod fast;
mod html;
mod language;
mod lossy;
mod mojibake;
mod plausible;
mod scan;
mod text;
mod urls;

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use thiserror::Error;

use crate::records::ErrorKind;

pub use charsets::misdecode;
pub use language::MIN_GUESS;
pub use mojibake::repair_mojibake;

/// Why an input cannot become an article.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum NormalizeError {
    #[error("no recoverable text: {0}")]
    InvalidEncoding(String),
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    #[error("missing field: {0}")]
    MissingField(String),
}

impl NormalizeError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            NormalizeError::InvalidEncoding(_) => ErrorKind::InvalidEncoding,
            NormalizeError::InvalidJson(_) => ErrorKind::InvalidJson,
            NormalizeError::MissingField(_) => ErrorKind::MissingField,
        }
    }
}

/// Message bytes decoded to text, with what was done to get there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub repairs: Vec<String>,
}

/// The input article as received (DESIGN.md "Input article").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawArticle {
    pub id: Option<String>,
    pub title: Option<String>,
    pub body: Option<String>,
    pub html: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published_at: Option<String>,
    pub language: Option<String>,
    /// Fields not interpreted here, kept for the `extra` of the output record.
    pub extra: Map<String, Value>,
    /// Repairs already made while decoding the message bytes.
    pub repairs: Vec<String>,
}

impl RawArticle {
    /// Parse an input article from JSON text.
    pub fn from_json(text: &str) -> Result<RawArticle, NormalizeError> {
        let value: Value = serde_json::from_str(text).map_err(|e| json_error(text, &e))?;
        let Value::Object(map) = value else {
            return Err(NormalizeError::InvalidJson(
                "expected a JSON object for the article".into(),
            ));
        };
        let mut raw = RawArticle::default();
        for (key, value) in map {
            let slot = match key.as_str() {
                "id" | "article_id" => &mut raw.id,
                "title" | "headline" => &mut raw.title,
                "body" | "text" | "content" => &mut raw.body,
                "html" => &mut raw.html,
                "url" | "link" => &mut raw.url,
                "source" | "publisher" => &mut raw.source,
                "published_at" | "date" | "published" => &mut raw.published_at,
                "language" | "lang" => &mut raw.language,
                _ => {
                    raw.extra.insert(key, value);
                    continue;
                }
            };
            match value {
                Value::Null => {}
                Value::String(s) => {
                    // The first of several aliases wins; later ones are kept in `extra`.
                    if slot.is_none() {
                        *slot = Some(s);
                    } else {
                        raw.extra.insert(key, Value::String(s));
                    }
                }
                // A numeric id is common and harmless; it is taken as written,
                // digit for digit (beyond 2^64 serde_json would round it).
                Value::Number(n) if key == "id" || key == "article_id" => {
                    *slot = Some(number_text(text, &key).unwrap_or_else(|| n.to_string()))
                }
                // A date that is not a string is an unreadable date, not a bad
                // article: epoch numbers are read, anything else becomes null.
                other
                @ (Value::Number(_) | Value::Bool(_) | Value::Array(_) | Value::Object(_))
                    if matches!(key.as_str(), "published_at" | "date" | "published") =>
                {
                    if slot.is_none() {
                        *slot = Some(other.to_string());
                    }
                }
                other => {
                    return Err(NormalizeError::InvalidJson(format!(
                        "field `{key}` must be a string, not {}",
                        json_kind(&other)
                    )))
                }
            }
        }
        if raw.body.as_deref().is_none_or(|b| b.trim().is_empty())
            && raw.html.as_deref().is_none_or(|h| h.trim().is_empty())
        {
            return Err(NormalizeError::MissingField(
                "article has no `body` (or `text`, `content`, `html`)".into(),
            ));
        }
        Ok(raw)
    }
}

/// The text of a top-level numeric field exactly as written (serde_json's
/// `Number` holds at most 64 bits; larger integers arrive as rounded floats).
fn number_text(text: &str, key: &str) -> Option<String> {
    use serde_json::value::RawValue;
    let fields: std::collections::HashMap<String, &RawValue> = serde_json::from_str(text).ok()?;
    let raw = fields.get(key)?.get();
    raw.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        .then(|| raw.to_string())
}

/// serde_json's message, except for a lone UTF-16 surrogate escape, which it
/// reports as "unexpected end of hex escape": name what is actually wrong.
fn json_error(text: &str, e: &serde_json::Error) -> NormalizeError {
    if let Some(escape) = lone_surrogate(text) {
        return NormalizeError::InvalidJson(format!(
            "`{escape}` is a lone UTF-16 surrogate escape, which encodes no character \
             (at line {} column {})",
            e.line(),
            e.column()
        ));
    }
    NormalizeError::InvalidJson(e.to_string())
}

/// The first `\uXXXX` escape in `text` that is half of a surrogate pair
/// without its other half.
fn lone_surrogate(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let hex = |at: usize| -> Option<u16> {
        let digits = b.get(at..at + 4)?;
        u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    // `\u` at `i` is an escape only after an even run of backslashes before it.
    let escape_at = |i: usize| -> Option<u16> {
        if b.get(i) != Some(&b'\\') || b.get(i + 1) != Some(&b'u') {
            return None;
        }
        let run = b[..i].iter().rev().take_while(|&&c| c == b'\\').count();
        (run % 2 == 0).then(|| hex(i + 2)).flatten()
    };
    let mut i = 0;
    while i + 6 <= b.len() {
        match escape_at(i) {
            Some(u @ 0xD800..=0xDBFF) => {
                if matches!(escape_at(i + 6), Some(0xDC00..=0xDFFF)) {
                    i += 12;
                    continue;
                }
                return Some(format!("\\u{u:04x}"));
            }
            Some(u @ 0xDC00..=0xDFFF) => return Some(format!("\\u{u:04x}")),
            Some(_) => i += 6,
            None => i += 1,
        }
    }
    None
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A normalised article before it becomes an output record.
#[derive(Debug, Clone, PartialEq)]
pub struct NormalizedDoc {
    pub article_id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: String,
    pub body: String,
    pub language: Option<String>,
    pub language_confidence: Option<f32>,
    pub published_at: Option<DateTime<Utc>>,
    pub content_hash: String,
    pub repairs: Vec<String>,
}

/// Options for text normalisation.
#[derive(Debug, Clone, Default)]
pub struct NormalizeOptions {
    /// Fold typographic punctuation (’ “ ” — …) to ASCII.
    pub ascii_punctuation: bool,
}

/// The normaliser: stateless apart from its options; cheap to share.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    options: NormalizeOptions,
}

impl Normalizer {
    pub fn new(options: NormalizeOptions) -> Self {
        Normalizer { options }
    }

    /// Build the lookup tables the passes share (about 8 ms, once per
    /// process) now rather than while the first article waits.
    pub fn prepare(&self) {
        self.text("caf\u{c3}\u{a9} &eacute;\n\u{e42}", &mut Vec::new());
    }

    /// Message bytes to text: declared charset, else UTF-8, else detection.
    /// Fails only when the bytes carry no recoverable text (binary data).
    pub fn decode(
        &self,
        bytes: &[u8],
        content_type: Option<&str>,
    ) -> Result<Decoded, NormalizeError> {
        decode::decode(bytes, content_type)
    }

    /// Repair and normalise one text field, appending what was fixed to `repairs`.
    pub fn text(&self, input: &str, repairs: &mut Vec<String>) -> String {
        let unescaped = entities::decode(input, false);
        if matches!(unescaped, Cow::Owned(_)) {
            push_tag(repairs, "entities");
        }
        self.repair_and_clean(&unescaped, repairs)
    }

    /// Repair and normalise an HTML document's text (tags, boilerplate, entities).
    pub fn html(&self, input: &str, repairs: &mut Vec<String>) -> String {
        let (plain, had_entities) = html::to_text(input);
        push_tag(repairs, "html");
        if had_entities {
            push_tag(repairs, "entities");
        }
        self.repair_and_clean(&plain, repairs)
    }

    /// Mojibake repair, then NFC and the cleaner; one walk instead when it
    /// shows they would change nothing but whitespace.
    fn repair_and_clean(&self, text: &str, repairs: &mut Vec<String>) -> String {
        if !self.options.ascii_punctuation {
            if let Some(out) = fast::normalized(text) {
                return out;
            }
        }
        let repaired = mojibake::repair(text, repairs);
        text::clean(&repaired, &self.options, repairs)
    }

    /// Normalise a whole article.
    pub fn article(&self, raw: RawArticle) -> Result<NormalizedDoc, NormalizeError> {
        let mut repairs = raw.repairs;
        let title = self.text(raw.title.as_deref().unwrap_or(""), &mut repairs);
        let body = match (raw.body, raw.html) {
            (Some(b), _) if !b.trim().is_empty() => self.text(&b, &mut repairs),
            (_, Some(h)) => self.html(&h, &mut repairs),
            _ => return Err(NormalizeError::MissingField("body".into())),
        };
        if body.is_empty() {
            return Err(NormalizeError::MissingField(
                "body is empty after normalisation".into(),
            ));
        }
        repairs.sort();
        repairs.dedup();
        let content_hash = content_hash(&title, &body);
        let url = raw
            .url
            .map(|u| urls::canonical(&u).unwrap_or_else(|| u.trim().to_string()))
            .filter(|u| !u.is_empty());
        let article_id = match (&raw.id, &url) {
            (Some(id), _) if !id.trim().is_empty() => id.trim().to_string(),
            (_, Some(u)) => crate::ids::article_id_from(u),
            _ => crate::ids::article_id_from(&content_hash),
        };
        let published_at = raw.published_at.as_deref().and_then(dates::parse);
        if published_at.is_none()
            && raw
                .published_at
                .as_deref()
                .is_some_and(|d| !d.trim().is_empty())
        {
            // Kept out of the record (it must be RFC 3339 or null), but noted.
            repairs.push("published_at:unreadable".to_string());
            repairs.sort();
        }
        let (language, language_confidence) = language::detect(&body, raw.language.as_deref());
        Ok(NormalizedDoc {
            article_id,
            url,
            source: raw
                .source
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            title,
            body,
            language,
            language_confidence,
            published_at,
            content_hash,
            repairs,
        })
    }
}

/// Record a repair once.
fn push_tag(repairs: &mut Vec<String>, tag: &str) {
    if !repairs.iter().any(|t| t == tag) {
        repairs.push(tag.to_string());
    }
}

/// SHA-256 of the normalised title and body (separated by a NUL, which
/// neither contains): `sha256:<hex>`, the de-duplication key downstream.
pub fn content_hash(title: &str, body: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(title.as_bytes());
    h.update([0u8]);
    h.update(body.as_bytes());
    let digest = h.finalize();
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}
