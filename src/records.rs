//! The two output record shapes (`newsworker.article/v1`, `newsworker.event/v1`).
//!
//! These are the contract downstream services rely on; field names and meanings
//! follow DESIGN.md and the JSON Schemas in `schemas/`. Change them only with a
//! new schema version.

use serde::{Deserialize, Serialize};

pub const ARTICLE_SCHEMA: &str = "newsworker.article/v1";
pub const EVENT_SCHEMA: &str = "newsworker.event/v1";

/// Where an input message came from. `None` for offline commands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceOffset {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
}

/// The bounded set of reasons an input is dead-lettered (`newsworker-error-kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    InvalidJson,
    InvalidEncoding,
    MissingField,
    TooLarge,
    Unsupported,
    /// A bug caught at run time (e.g. a panic in the pipeline), not the input's fault.
    Internal,
    /// An output of this input was refused by the broker for good (not
    /// authorised, an invalid record); the input is kept here to replay.
    PublishRefused,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 7] = [
        ErrorKind::InvalidJson,
        ErrorKind::InvalidEncoding,
        ErrorKind::MissingField,
        ErrorKind::TooLarge,
        ErrorKind::Unsupported,
        ErrorKind::Internal,
        ErrorKind::PublishRefused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidJson => "invalid_json",
            ErrorKind::InvalidEncoding => "invalid_encoding",
            ErrorKind::MissingField => "missing_field",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Internal => "internal",
            ErrorKind::PublishRefused => "publish_refused",
        }
    }
}

/// The normalised article: exactly one per accepted input message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NormalizedArticle {
    pub schema: String,
    pub article_id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: String,
    pub body: String,
    /// ISO 639-1, or `None` when detection was not confident.
    pub language: Option<String>,
    pub language_confidence: Option<f32>,
    /// RFC 3339 in UTC.
    pub published_at: Option<String>,
    pub content_hash: String,
    pub repairs: Vec<String>,
    pub source_offset: Option<SourceOffset>,
    pub event_ids: Vec<String>,
    pub processed_at: String,
    pub extractor_version: String,
    /// Input fields this worker does not interpret, kept verbatim.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The 16 PLOVER event categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl EventType {
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }

    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }

    /// PLOVER's quad class for the category.
    pub fn quad_class(self) -> QuadClass {
        use EventType::*;
        match self {
            Agree | Consult | Support | Concede => QuadClass::VerbalCooperation,
            Cooperate | Aid | Retreat => QuadClass::MaterialCooperation,
            Request | Accuse | Reject | Threaten => QuadClass::VerbalConflict,
            Protest | Sanction | Mobilize | Coerce | Assault => QuadClass::MaterialConflict,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuadClass {
    VerbalCooperation,
    MaterialCooperation,
    VerbalConflict,
    MaterialConflict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    #[default]
    Asserted,
    Conditional,
    Intended,
    Denied,
    Reported,
}

/// Who acts or receives: a state, government body, leader, organisation, group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// As written in the text.
    pub text: String,
    /// Canonical name.
    pub name: String,
    /// ISO 3166-1 alpha-3, when the actor belongs to one country.
    pub country: Option<String>,
    /// state, government, leader, igo, military, rebel, party, ngo, ...
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub text: String,
    pub name: String,
    pub country: Option<String>,
}

/// A sentence supporting an event. `start`/`end` are Unicode code-point offsets
/// into the normalised body, so `body[start:end]` in Python is `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// What the extractor finds in one article, before ids and timestamps are added.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub event_type: EventType,
    pub mode: Option<String>,
    pub context: Option<String>,
    pub cameo_code: String,
    pub quad_class: QuadClass,
    pub actor: Option<Actor>,
    pub recipient: Option<Actor>,
    pub location: Option<Location>,
    pub modality: Modality,
    pub condition: Option<String>,
    /// The person voicing a reported claim ("a diplomat said"), kept apart from the actor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
    pub evidence: Vec<Evidence>,
    pub confidence: f32,
}

/// An event record as published on the events topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub schema: String,
    pub event_id: String,
    pub article_id: String,
    #[serde(flatten)]
    pub extraction: Extraction,
    pub published_at: Option<String>,
    pub extracted_at: String,
    pub extractor_version: String,
}
