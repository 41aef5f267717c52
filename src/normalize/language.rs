//! Language identification (whatlang) into ISO 639-1 codes.

/// Enough text for a stable guess; detecting on whole long articles costs
/// throughput and changes nothing.
const SAMPLE_BYTES: usize = 4096;

/// Below this whatlang's guesses are noise; fall back to the publisher's hint.
const MIN_CONFIDENCE: f64 = 0.5;

/// `(code, confidence)` for `text`, or the normalised `hint` (confidence
/// `None`) when detection is unsure.
pub(super) fn detect(text: &str, hint: Option<&str>) -> (Option<String>, Option<f32>) {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let hint = hint.and_then(normalise_hint);
    match whatlang::detect(&text[..end]) {
        Some(info) if info.confidence() >= MIN_CONFIDENCE || hint.is_none() => {
            match iso639_1(info.lang().code()) {
                Some(code) => (Some(code.to_string()), Some(info.confidence() as f32)),
                None => (hint, None),
            }
        }
        _ => (hint, None),
    }
}

/// `en`, `EN`, `en-GB`, `eng`, `English` → `en`.
fn normalise_hint(hint: &str) -> Option<String> {
    let h = hint.trim().to_ascii_lowercase();
    let primary = h.split(['-', '_']).next().unwrap_or("");
    match primary.len() {
        2 if primary.bytes().all(|b| b.is_ascii_lowercase()) => Some(primary.to_string()),
        3 => iso639_1(primary).map(str::to_string),
        _ => whatlang::Lang::all()
            .iter()
            .find(|l| l.eng_name().eq_ignore_ascii_case(&h))
            .and_then(|l| iso639_1(l.code()))
            .map(str::to_string),
    }
}

/// ISO 639-3 (whatlang's codes) → ISO 639-1.
fn iso639_1(code: &str) -> Option<&'static str> {
    Some(match code {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" | "zho" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" | "fas" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_languages() {
        let (en, conf) = detect(
            "The president said on Tuesday that the government would not send troops abroad.",
            None,
        );
        assert_eq!(en.as_deref(), Some("en"));
        assert!(conf.is_some_and(|c| c > 0.5));
        let (ru, _) = detect(
            "Президент заявил во вторник, что правительство не будет направлять войска.",
            None,
        );
        assert_eq!(ru.as_deref(), Some("ru"));
    }

    #[test]
    fn hint_when_unsure() {
        assert_eq!(detect("ok", Some("en-GB")).0.as_deref(), Some("en"));
        assert_eq!(normalise_hint("fra").as_deref(), Some("fr"));
        assert_eq!(normalise_hint("German").as_deref(), Some("de"));
    }
}
