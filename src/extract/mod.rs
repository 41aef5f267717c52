//! Stage 3: normalised text → political events (PLOVER/CAMEO).

use crate::records::Extraction;

/// The compiled extractor: gazetteer and rules, built once, shared by all tasks.
#[derive(Debug, Clone, Default)]
pub struct Extractor {}

impl Extractor {
    /// The gazetteer and rules compiled into the binary.
    pub fn builtin() -> Self {
        Extractor {}
    }

    /// Rules from a TOML file instead of the built-in ones.
    pub fn from_rules_file(path: &std::path::Path) -> Result<Self, RulesError> {
        let _ = std::fs::read_to_string(path).map_err(|e| RulesError(e.to_string()))?;
        Ok(Extractor {})
    }

    /// Identifies the extractor and its rules in every record it produces.
    pub fn version(&self) -> &str {
        concat!("newsworker-", env!("CARGO_PKG_VERSION"))
    }

    /// Events found in one article.
    pub fn extract(&self, _title: &str, _body: &str) -> Vec<Extraction> {
        Vec::new()
    }
}

/// A rules file that cannot be used, with where and why.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RulesError(pub String);
