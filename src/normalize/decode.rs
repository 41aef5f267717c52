//! Message bytes → `String`.

use super::{Decoded, NormalizeError};

pub(super) fn decode(bytes: &[u8], _content_type: Option<&str>) -> Result<Decoded, NormalizeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: s.to_string(),
            repairs: Vec::new(),
        }),
        Err(_) => Err(NormalizeError::InvalidEncoding(
            "bytes are not UTF-8 (charset detection not built yet)".into(),
        )),
    }
}
