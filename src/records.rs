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

impl QuadClass {
    /// The quad class of an event as coded: PLOVER's for its category, except a
    /// REQUEST coded as a CAMEO 02x appeal, which is verbal cooperation (CAMEO's quad
    /// class of APPEAL) rather than a demand's verbal conflict.
    pub fn of(t: EventType, cameo: &str) -> QuadClass {
        if t == EventType::Request && cameo.starts_with("02") {
            QuadClass::VerbalCooperation
        } else {
            t.quad_class()
        }
    }
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

/// What an actor is. A closed set; the wire names are the snake_case variant names
/// (the `kind` strings of `newsworker.event/v1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A country as a whole ("Azerbaijan", "Israeli").
    State,
    /// A government, ministry or official ("the foreign ministry", "Baku").
    Government,
    /// A head of state or government named by title ("the president").
    Leader,
    /// An intergovernmental organisation ("the UN", "NATO").
    Igo,
    Military,
    Police,
    Judiciary,
    Intelligence,
    /// An armed group not a state's ("Hamas", "rebels").
    Rebel,
    Party,
    Opposition,
    /// A non-governmental organisation ("Amnesty International").
    Ngo,
    /// A firm; its country is where it is based.
    Company,
    /// Former officials and public figures (Phoenix's ELI).
    Elite,
    /// Unarmed people acting as a group ("protesters", "residents").
    Civilian,
    /// A nation's people ("Israelis", "Palestinians").
    People,
    Education,
    Media,
    /// A sports team or athlete: never an actor of a political event.
    Sport,
    Other,
    /// A place taken as an actor ("Gaza").
    Place,
    /// Unresolved pronouns: "he"/"she", "it", "they", "I"/"we".
    Person,
    Thing,
    Plural,
    Speaker,
    /// Nobody named: the country where it happens acts.
    Unspecified,
}

impl ActorKind {
    pub const ALL: [ActorKind; 26] = [
        ActorKind::State,
        ActorKind::Government,
        ActorKind::Leader,
        ActorKind::Igo,
        ActorKind::Military,
        ActorKind::Police,
        ActorKind::Judiciary,
        ActorKind::Intelligence,
        ActorKind::Rebel,
        ActorKind::Party,
        ActorKind::Opposition,
        ActorKind::Ngo,
        ActorKind::Company,
        ActorKind::Elite,
        ActorKind::Civilian,
        ActorKind::People,
        ActorKind::Education,
        ActorKind::Media,
        ActorKind::Sport,
        ActorKind::Other,
        ActorKind::Place,
        ActorKind::Person,
        ActorKind::Thing,
        ActorKind::Plural,
        ActorKind::Speaker,
        ActorKind::Unspecified,
    ];

    pub fn as_str(self) -> &'static str {
        use ActorKind::*;
        match self {
            State => "state",
            Government => "government",
            Leader => "leader",
            Igo => "igo",
            Military => "military",
            Police => "police",
            Judiciary => "judiciary",
            Intelligence => "intelligence",
            Rebel => "rebel",
            Party => "party",
            Opposition => "opposition",
            Ngo => "ngo",
            Company => "company",
            Elite => "elite",
            Civilian => "civilian",
            People => "people",
            Education => "education",
            Media => "media",
            Sport => "sport",
            Other => "other",
            Place => "place",
            Person => "person",
            Thing => "thing",
            Plural => "plural",
            Speaker => "speaker",
            Unspecified => "unspecified",
        }
    }

    /// The kind named by its wire name (as in the gazetteer files).
    pub fn parse(s: &str) -> Option<ActorKind> {
        ActorKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Political without belonging to one country: IGOs, NGOs, armed groups.
    pub fn transnational(self) -> bool {
        matches!(self, ActorKind::Igo | ActorKind::Ngo | ActorKind::Rebel)
    }

    /// A body that acts politically by what it is, wherever it is: "policemen detained
    /// some", "opposition candidates condemned the vote" are events even when the text
    /// never says whose police or which country's opposition. Civilians ("traders",
    /// "students") are not: only their protest or riot is political (`Draft::relevance`).
    pub fn institutional(self) -> bool {
        matches!(
            self,
            ActorKind::Government
                | ActorKind::Leader
                | ActorKind::Military
                | ActorKind::Police
                | ActorKind::Judiciary
                | ActorKind::Intelligence
                | ActorKind::Party
                | ActorKind::Opposition
        )
    }

    /// Can carry a PLOVER event at all: not a firm, a team, a school, the press.
    pub fn can_act_politically(self) -> bool {
        !matches!(
            self,
            ActorKind::Company
                | ActorKind::Sport
                | ActorKind::Education
                | ActorKind::Media
                | ActorKind::Other
        )
    }
}

impl std::fmt::Display for ActorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
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
    /// state, government, leader, igo, military, rebel, party, ngo, company, ...
    pub kind: ActorKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl Actor {
    /// Political enough to carry an event: a state's side, an IGO, NGO or armed group, or
    /// a body political by what it is (police, a court, a party) whose country the text
    /// does not name. A firm, a team, a school or the press is not, whatever its country.
    pub fn is_political(&self) -> bool {
        self.kind.can_act_politically()
            && (self.country.is_some() || self.kind.transnational() || self.kind.institutional())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_kinds_round_trip_by_wire_name() {
        for k in ActorKind::ALL {
            assert_eq!(ActorKind::parse(k.as_str()), Some(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
    }

    #[test]
    fn schema_lists_every_actor_kind() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../schemas/event.v1.schema.json")).unwrap();
        let listed = &schema["$defs"]["actor"]["properties"]["kind"]["enum"];
        let listed: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let ours: Vec<&str> = ActorKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(listed, ours);
    }
}
