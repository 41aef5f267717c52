//! Language identification (whatlang) into ISO 639-1 codes.

/// Enough text for a stable guess: whatlang's cost grows with the text, its
/// answer does not. On 1,000 news articles in 13 languages the guess from the
/// first 1 KB equals the one from the first 4 KB in every case (BENCHMARKS.md,
/// "Language detection on a prefix"); shorter texts are read whole, as before.
const SAMPLE_BYTES: usize = 1024;

/// Below this whatlang's guesses are noise; fall back to the publisher's hint.
const MIN_CONFIDENCE: f64 = 0.5;

/// Without a hint, a guess below this is noise ("Leaders met." scores 0.016
/// as Dutch, "ok" 0.023 as Hungarian) and the language is null; a clear
/// Russian sentence scores 0.42.
pub const MIN_GUESS: f64 = 0.2;

/// `(code, confidence)` for `text`, or the normalised `hint` (confidence
/// `None`) when detection is unsure.
pub(super) fn detect(text: &str, hint: Option<&str>) -> (Option<String>, Option<f32>) {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let hint = hint.and_then(normalise_hint);
    // A guess below the floor is noise: the hint, or null (never a code the
    // detector barely considered).
    match whatlang::detect(&text[..end]) {
        Some(info)
            if info.confidence() >= MIN_CONFIDENCE
                || (hint.is_none() && info.confidence() >= MIN_GUESS) =>
        {
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
        2 => ISO_639_1
            .binary_search(&primary)
            .is_ok()
            .then(|| primary.to_string()),
        3 => iso639_1(primary).map(str::to_string),
        _ => whatlang::Lang::all()
            .iter()
            .find(|l| l.eng_name().eq_ignore_ascii_case(&h))
            .and_then(|l| iso639_1(l.code()))
            .map(str::to_string),
    }
}

/// Every ISO 639-1 code (ISO 639 Registration Authority, Library of Congress),
/// sorted: a two-letter hint outside it (`zz`, `xx`) is not a language.
const ISO_639_1: [&str; 184] = [
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

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
        for t in [
            "Президент заявил во вторник, что правительство не будет направлять войска.",
            "ok",
            "Leaders met.",
            "Ja.",
            "xyz qqq",
            "Talks 2024",
            "NATO UN EU",
        ] {
            eprintln!(
                "CONF {t:?} {:?}",
                whatlang::detect(t).map(|i| (i.lang(), i.confidence()))
            );
        }
        let (ru, _) = detect(
            "Президент заявил во вторник, что правительство не будет направлять войска.",
            None,
        );
        assert_eq!(ru.as_deref(), Some("ru"));
    }

    #[test]
    fn noise_is_null_not_a_code() {
        assert_eq!(detect("Leaders met.", None), (None, None));
        assert_eq!(detect("ok", Some("zz")), (None, None));
        assert_eq!(detect("ok", Some("xx-INVALID")), (None, None));
    }

    #[test]
    fn hint_when_unsure() {
        assert_eq!(detect("ok", Some("en-GB")).0.as_deref(), Some("en"));
        assert_eq!(normalise_hint("fra").as_deref(), Some("fr"));
        assert_eq!(normalise_hint("German").as_deref(), Some("de"));
    }
}
