//! NFC, control characters, whitespace and paragraphs.

use unicode_normalization::UnicodeNormalization;

use super::NormalizeOptions;

pub(super) fn clean(
    input: &str,
    _options: &NormalizeOptions,
    _repairs: &mut Vec<String>,
) -> String {
    let nfc: String = input.nfc().collect();
    nfc.split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}
