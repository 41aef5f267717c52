//! Deterministic ids (UUIDv5 in one namespace), so a replay of the same input
//! produces the same article and event ids and downstream can de-duplicate.
//! Below both `normalize` (article ids) and `pipeline` (event ids).

use uuid::Uuid;

use crate::records::Extraction;

/// Namespace for deterministic ids (UUIDv5), so replays produce the same ids.
const ID_NAMESPACE: Uuid = Uuid::from_u128(0x6e65_7773_776f_726b_6572_0000_0000_0001);

/// Deterministic UUIDv5 of the article id and the event's content: a replay of
/// the same article yields the same id, so downstream can de-duplicate.
pub fn event_id(article_id: &str, x: &Extraction) -> String {
    let first = x.evidence.first().map(|e| e.start).unwrap_or(0);
    let actor = x.actor.as_ref().map(|a| a.name.as_str()).unwrap_or("");
    let recipient = x.recipient.as_ref().map(|a| a.name.as_str()).unwrap_or("");
    let key = format!(
        "{article_id}\u{1f}{}\u{1f}{}\u{1f}{actor}\u{1f}{recipient}\u{1f}{first}",
        x.event_type.as_str(),
        x.cameo_code
    );
    Uuid::new_v5(&ID_NAMESPACE, key.as_bytes()).to_string()
}

/// Deterministic id for an article without one (from its canonical URL or content).
pub fn article_id_from(key: &str) -> String {
    Uuid::new_v5(&ID_NAMESPACE, key.as_bytes()).to_string()
}
