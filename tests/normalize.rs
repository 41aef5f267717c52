//! The normaliser against real-world damage: a table of broken inputs with
//! the text they must become, for every charset the repair knows; correct text
//! that must come out unchanged; and property tests over generated text.

use newsworker::normalize::{misdecode, NormalizeOptions, Normalizer, RawArticle};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

fn norm(s: &str) -> (String, Vec<String>) {
    let mut repairs = Vec::new();
    let out = Normalizer::default().text(s, &mut repairs);
    (out, repairs)
}

/// What correct text may legitimately change into: NFC, collapsed spaces,
/// one paragraph per non-empty line.
fn nfc_whitespace(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// (charset tag, broken input as received, the text it must become).
const BROKEN: &[(&str, &str, &str)] = &[
    // UTF-8 read as Windows-1252 (the undefined 0x9D survives as a C1 control).
    (
        "windows-1252",
        "BeyoncÃ©â€™s new album â€” â€œRenaissanceâ€\u{9d} â€” tops the charts",
        "Beyoncé’s new album — “Renaissance” — tops the charts",
    ),
    (
        "windows-1252",
        "SÃ£o Pauloâ€™s mayor met ZÃ¼richâ€™s delegation in KÃ¶ln.",
        "São Paulo’s mayor met Zürich’s delegation in Köln.",
    ),
    ("windows-1252", "Emoji in tweets: ðŸ˜€ ðŸ‘\u{8d}", "Emoji in tweets: 😀 👍"),
    ("windows-1252", "ä¸\u{ad}æ–‡æ–°é—»æŠ¥é\u{81}“", "中文新闻报道"),
    ("windows-1252", "ÐŸÑ€ÐµÐ·Ð¸Ð´ÐµÐ½Ñ‚ Ð·Ð°Ñ\u{8f}Ð²Ð¸Ð»", "Президент заявил"),
    (
        "windows-1252",
        "Î•Î»Î»Î¬Î´Î± ÎºÎ±Î¹ ÎšÏ\u{8d}Ï€Ï\u{81}Î¿Ï‚",
        "Ελλάδα και Κύπρος",
    ),
    (
        "windows-1252",
        "Price: 20 â‚¬ or Â£17 â€” 5 Â°C, Â½ off",
        "Price: 20 € or £17 — 5 °C, ½ off",
    ),
    // ISO-8859-1: C1 controls where Windows-1252 has punctuation.
    (
        "latin-1",
        "donâ\u{80}\u{99}t say â\u{80}\u{9c}naÃ¯veâ\u{80}\u{9d}",
        "don’t say “naïve”",
    ),
    (
        "windows-1250",
        "Ĺ\u{81}ĂłdĹş, KrakĂłw i GdaĹ„sk â€“ â€žPolskaâ€ť 2025",
        "Łódź, Kraków i Gdańsk – „Polska” 2025",
    ),
    (
        "windows-1250",
        "DvoĹ™Ăˇkâ€™s Ĺ\u{a0}koda in PlzeĹ\u{88}",
        "Dvořák’s Škoda in Plzeň",
    ),
    (
        "windows-1251",
        "РџСЂРёРІРµС‚, РјРёСЂ! РќРѕРІРѕСЃС‚Рё РґРЅСЏ",
        "Привет, мир! Новости дня",
    ),
    (
        "windows-1251",
        "CafГ© вЂњZГјrichвЂќ вЂ” naГЇve",
        "Café “Zürich” — naïve",
    ),
    (
        "macroman",
        "Caf√© ‚Äúquoted‚Äù ‚Äî r√©sum√©",
        "Café “quoted” — résumé",
    ),
    ("macroman", "–ú–æ—Å–∫–≤–∞ –∏ –ö–∏—ó–≤", "Москва и Київ"),
    ("windows-874", "เธชเธงเธฑเธชเธ”เธต", "สวัสดี"),
    ("windows-874", "cafรฉ rรฉsumรฉ", "café résumé"),
    // Double encoding: Windows-1252 twice.
    (
        "windows-1252",
        "The cafÃƒÂ© serves crÃƒÂ¨me brÃƒÂ»lÃƒÂ©e",
        "The café serves crème brûlée",
    ),
    // Damage mixed with correct text in one article.
    (
        "windows-1252",
        "Correct “quotes” and José, then broken: JosÃ© said â€œhola.â€\u{9d}",
        "Correct “quotes” and José, then broken: José said “hola.”",
    ),
    // Lossy: the seed article's Windows-874 damage, continuation bytes lost.
    (
        "windows-874",
        "Azerbaijanโs President said, โNo participation is envisaged.โ The alternativeโallowing violenceโremains unacceptable.",
        "Azerbaijan’s President said, “No participation is envisaged.” The alternative—allowing violence—remains unacceptable.",
    ),
    (
        "windows-874",
        "โWe know it,โ a diplomat said. โBut itโs worseโand the 2020โ2021 talks failed.โ",
        "“We know it,” a diplomat said. “But it’s worse—and the 2020–2021 talks failed.”",
    ),
    // Lossy: Windows-1252 `â€` whose third byte (0x9D, undefined) was dropped.
    (
        "windows-1252",
        "He said â€œno.â€ Then he left. The countriesâ€ leaders met.",
        "He said “no.” Then he left. The countries’ leaders met.",
    ),
    // Lossy: continuation bytes replaced by U+FFFD instead of dropped.
    (
        "windows-874",
        "Itโ€\u{fffd}s here, โ\u{fffd}quotedโ\u{fffd} and doneโ€\u{fffd}",
        "It’s here, “quoted” and done”",
    ),
    (
        "windows-1252",
        "Weâ€\u{fffd}re told â€œnoâ€\u{fffd}.",
        "We’re told “no”.",
    ),
    // Lossy: Windows-1251 `вЂ` with its last byte dropped.
    ("windows-1251", "It isnвЂt over", "It isn’t over"),
    // Lossy: à whose no-break space (C3 A0) became a plain space.
    ("windows-1252", "Et voilÃ  la solution", "Et voilà la solution"),
];

#[test]
fn broken_text_is_repaired() {
    let mut failures = Vec::new();
    for (charset, input, want) in BROKEN {
        let (got, repairs) = norm(input);
        if got != *want {
            failures.push(format!(
                "{charset}: {input:?}\n   got  {got:?}\n   want {want:?}"
            ));
        }
        let tag = format!("mojibake:utf8-as-{charset}");
        if !repairs.contains(&tag) {
            failures.push(format!(
                "{charset}: {input:?}: repairs {repairs:?} lack {tag}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Correct text that must come out exactly as it went in.
const CORRECT: &[&str] = &[
    "José Ramos-Horta met Nuño Ibáñez and Søren Kierkegaard’s heirs in Zürich.",
    "SÃO PAULO — A IRMÃ DO PRESIDENTE DISSE “NÃO”.",
    "NÃO, IRMÃ”, disse ele.",
    "Le château, l’âge d’or, la bâtisse « à l’âme » et le dîner.",
    "Â bientôt? ÂGE: 42.",
    "Президент России заявил, что её позиция «ещё не определена».",
    "ВІЙНА В УКРАЇНІ: Київ, Львів, Харків.",
    "Η κυβέρνηση της Ελλάδας ανακοίνωσε νέα μέτρα.",
    "โรงเรียน โทรศัพท์ ประเทศไทย ยกเลิก เธอรักฉัน กระทรวงการต่างประเทศ",
    "中华人民共和国外交部发言人表示，日本の首相は東京で会見した。서울에서 회담이 열렸다.",
    "Emoji: 😀 👍🏽 🇺🇦 👩\u{200D}💻 ❤️",
    "Math: ∑ x² ≈ π·r², a ≠ b, √2 ≤ 1.5, 5 µm at 20 °C, ½ + ¼ = ¾, 10 € ≈ £8.60.",
    "Łódź, Gdańsk and Dvořák’s Škoda; Ærø, Øresund and Þórshöfn.",
    "CAFÉ» and «CAFÉ» and JOSÉ’S and ÉTÉ… and BÜRO—done.",
    "مرحبا بالعالم، هذا خبر عاجل. می\u{200C}خواهم بروم.",
    "שלום עולם, זו ידיעה חדשה.",
    "नमस्ते दुनिया, यह एक समाचार है।",
    "Plain ASCII with <angle> brackets, a < b and x > y, AT&T and R&D.",
    // Text that looks like a single mojibake sequence but is what was meant.
    "Half a Gaussian integral gives √π, and the drift was ∆° per hour.",
    "Members pay 2×£15 for two seats; 3×€20 at the door.",
    "The new BLÅ™ collection and the DOMNIŞOARĂ™ range ship in May.",
    "HÄ£Ö KÖMÜ ÄPÄ KÄBÄR ÖÄ£ ÑÍÄ",
    "tired again ¬´ :( see you",
    "ПетровЂорђе, a name run together with its given name.",
    "Live – KÃ¸benhavn tour dates (a band that spells itself that way).",
];

/// C1 controls that stand alone are Windows-1252 bytes read as Latin-1.
#[test]
fn lone_c1_controls_are_windows_1252() {
    for (input, want) in [
        (
            "Il a hésité\u{85} puis il est parti.",
            "Il a hésité… puis il est parti.",
        ),
        (
            "\u{84}Wir schaffen das\u{93}, sagte sie.",
            "„Wir schaffen das“, sagte sie.",
        ),
        (
            "The \u{93}deal\u{94} costs \u{80}5.",
            "The “deal” costs €5.",
        ),
    ] {
        let (got, repairs) = norm(input);
        assert_eq!(got, want);
        assert_eq!(repairs, ["c1-controls:windows-1252"]);
    }
}

#[test]
fn correct_text_is_unchanged() {
    let mut failures = Vec::new();
    for input in CORRECT {
        let (got, repairs) = norm(input);
        if got != nfc_whitespace(input) || repairs.iter().any(|r| r.starts_with("mojibake")) {
            failures.push(format!("{input:?}\n   got {got:?} {repairs:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seed_article_fixture() {
    let bytes = include_bytes!("fixtures/seed-article-azerbaijan-isf.txt");
    let n = Normalizer::default();
    let decoded = n.decode(bytes, None).expect("decodes");
    let (title, body) = decoded.text.split_once('\n').expect("title line");
    let doc = n
        .article(RawArticle {
            title: Some(title.into()),
            body: Some(body.into()),
            ..RawArticle::default()
        })
        .expect("normalises");
    assert!(!doc.title.contains('โ') && !doc.body.contains('โ'));
    assert!(doc.title.starts_with("Azerbaijan’s President Ilham Aliyev"));
    for want in [
        "Despite Azerbaijan’s refusal",
        "emphasized, “No participation in peacekeeping forces is envisaged. I am not considering participation in hostilities outside Azerbaijan at all.”",
        "“Israel has already killed more than 70,000 people in Gaza,” a diplomat said. “Only an international force with a clear mandate can stop this genocide.”",
        "the alternative—allowing ongoing violence without intervention—remains unacceptable.",
        "“We know joining the ISF would place us in a very difficult situation,” another diplomat explained. “But the alternative is even worse—uninterrupted bloodshed in Gaza, which cannot continue.”",
        "the safety of Gaza’s population",
    ] {
        assert!(doc.body.contains(want), "missing {want:?} in\n{}", doc.body);
    }
    assert_eq!(doc.repairs, ["mojibake:utf8-as-windows-874"]);
    assert_eq!(doc.language.as_deref(), Some("en"));
    assert_eq!(doc.body.matches("\n\n").count(), 8, "nine paragraphs");
}

#[test]
fn html_article() {
    let html = "<!doctype html><html><head><title>x</title><meta charset=utf-8>\
        <script>var a = '<p>no</p>';</script></head><body><header>Site</header>\
        <nav><ul><li>Home</li></ul></nav><article><h1>Caf&eacute; &amp;amp; news</h1>\
        <p>He said &ldquo;yes&rdquo; &mdash; twice.&nbsp;&nbsp;Then   left.</p>\
        <p>Double: &amp;eacute;t&amp;eacute; and &#8217;&#x2014;&#146;</p><p>a &lt; b &lt;3</p>\
        </article><aside>Ads</aside><footer>©</footer></body></html>";
    let doc = Normalizer::default()
        .article(RawArticle {
            title: Some("T".into()),
            html: Some(html.into()),
            ..RawArticle::default()
        })
        .expect("normalises");
    assert_eq!(
        doc.body,
        "Café & news\n\nHe said “yes” — twice. Then left.\n\nDouble: été and ’—’\n\na < b <3"
    );
    assert!(doc.repairs.contains(&"html".into()) && doc.repairs.contains(&"entities".into()));
}

#[test]
fn article_fields() {
    let doc = Normalizer::default()
        .article(RawArticle {
            title: Some("  Title  ".into()),
            body: Some("Body text\u{0}\u{7} here.".into()),
            url: Some("HTTPS://Example.COM/a/b?id=1&utm_source=tw&fbclid=x#top".into()),
            published_at: Some("Mon, 24 Nov 2025 08:05:00 -0500".into()),
            ..RawArticle::default()
        })
        .expect("normalises");
    assert_eq!(doc.url.as_deref(), Some("https://example.com/a/b?id=1"));
    assert_eq!(
        doc.published_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2025-11-24T13:05:00+00:00")
    );
    assert_eq!(doc.title, "Title");
    assert_eq!(doc.body, "Body text here.");
    assert!(doc.repairs.contains(&"control-chars".into()));
    assert!(doc.content_hash.starts_with("sha256:") && doc.content_hash.len() == 7 + 64);
    // The same article through a tracking link gets the same id.
    let again = Normalizer::default()
        .article(RawArticle {
            title: Some("Title".into()),
            body: Some("Body text here.".into()),
            url: Some("https://example.com/a/b?utm_medium=x&id=1".into()),
            ..RawArticle::default()
        })
        .expect("normalises");
    assert_eq!(again.article_id, doc.article_id);
    assert_eq!(again.content_hash, doc.content_hash);
}

#[test]
fn ascii_punctuation_option() {
    let n = Normalizer::new(NormalizeOptions {
        ascii_punctuation: true,
    });
    let mut r = Vec::new();
    assert_eq!(
        n.text("Azerbaijanโs “plan”—no…", &mut r),
        "Azerbaijan's \"plan\"--no..."
    );
}

#[test]
fn legacy_bytes_are_decoded() {
    let n = Normalizer::default();
    let json = "{\"title\":\"Déclaration\",\"body\":\"Le président a déclaré que l’économie était forte à Paris.\"}";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(json);
    let d = n.decode(&bytes, None).expect("decodes");
    assert_eq!(d.text, json);
    assert_eq!(d.repairs, ["decoded:windows-1252"]);
    let (bytes, _, _) = encoding_rs::KOI8_R.encode("{\"body\":\"Привет\"}");
    let d = n
        .decode(&bytes, Some("application/json; charset=koi8-r"))
        .expect("decodes");
    assert_eq!(d.text, "{\"body\":\"Привет\"}");
    let binary: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let err = n.decode(&binary, None).expect_err("binary is rejected");
    assert_eq!(err.kind().as_str(), "invalid_encoding");
}

// ---------------------------------------------------------------- properties

const WORDS: &[&str] = &[
    "the",
    "president",
    "said",
    "on",
    "Tuesday",
    "café",
    "naïve",
    "São",
    "Paulo",
    "Zürich",
    "Malmö",
    "Łódź",
    "Kraków",
    "Dvořák",
    "Škoda",
    "crème",
    "brûlée",
    "façade",
    "jalapeño",
    "Ærø",
    "Øresund",
    "Þór",
    "straße",
    "château",
    "âge",
    "NÃO",
    "IRMÃ",
    "Ibáñez",
    "Nuño",
    "Ελλάδα",
    "κυβέρνηση",
    "είπε",
    "привет",
    "новости",
    "президент",
    "её",
    "ещё",
    "Київ",
    "війна",
    "中文",
    "新闻",
    "日本語",
    "東京",
    "한국어",
    "서울",
    "สวัสดี",
    "ประเทศไทย",
    "โรงเรียน",
    "ยกเลิก",
    "เธอ",
    "รัฐบาล",
    "ประกาศ",
    "มาตรการ",
    "ช่วยเหลือ",
    "เกษตรกร",
    "ผลกระทบ",
    "น้ำท่วม",
    "นายกรัฐมนตรี",
    "เศรษฐกิจ",
    "กรุงเทพมหานคร",
    "Србије",
    "јавним",
    "набавкама",
    "ухвалив",
    "підвищення",
    "прем’єр",
    "Рік",
    "مرحبا",
    "שלום",
    "नमस्ते",
    "😀",
    "👍🏽",
    "🇺🇦",
    "∑",
    "≈",
    "≠",
    "√2",
    "π",
    "5µm",
    "20°C",
    "½",
    "10€",
    "£8",
    "2020–2021",
    "x²",
];

const SEPARATORS: &[&str] = &[
    " ", " ", " ", ", ", ". ", " — ", "’s ", " “", "” ", "… ", " «", "» ", "\n",
];

/// News-like text: 3 to 40 words from many scripts with typographic
/// punctuation. (At least three: a lone two-letter Thai "word" such as `ยฝ`
/// is `½` misread or real Thai with equal right, and no article is that short.)
fn news_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(WORDS),
            prop::sample::select(SEPARATORS),
        ),
        3..40,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(w, s)| format!("{w}{s}"))
            .collect::<String>()
    })
}

const LEGACY: &[&str] = &[
    "windows-1252",
    "latin-1",
    "macroman",
    "windows-1250",
    "windows-1251",
    "windows-874",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Text encoded to UTF-8 and misdecoded through a legacy charset comes back.
    /// (Misdecodings that lose bytes are excluded here; the table covers them.)
    #[test]
    fn misdecoded_text_comes_back(text in news_text(), cs in prop::sample::select(LEGACY)) {
        let Some(broken) = misdecode(&text, cs) else {
            return Err(TestCaseError::reject("lossy in this charset"));
        };
        prop_assume!(broken != text);
        let (got, _) = norm(&broken);
        prop_assert_eq!(got, nfc_whitespace(&text), "via {}: {:?}", cs, broken);
    }

    /// Correct text is unchanged apart from NFC and whitespace.
    #[test]
    fn correct_text_unchanged(text in news_text()) {
        let (got, repairs) = norm(&text);
        prop_assert_eq!(&got, &nfc_whitespace(&text), "repairs {:?}", repairs);
    }

    /// Doubly misdecoded Windows-1252 text comes back.
    #[test]
    fn double_encoding_comes_back(text in news_text()) {
        let once = misdecode(&text, "windows-1252").expect("1252 is lossless");
        let twice = misdecode(&once, "windows-1252").expect("1252 is lossless");
        let (got, _) = norm(&twice);
        prop_assert_eq!(got, nfc_whitespace(&text));
    }

    /// Arbitrary bytes never panic the decoder, and whatever decodes survives
    /// the text and HTML paths.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let n = Normalizer::default();
        if let Ok(d) = n.decode(&bytes, None) {
            let mut r = Vec::new();
            let _ = n.text(&d.text, &mut r);
            let _ = n.html(&d.text, &mut r);
        }
    }

    /// Arbitrary input never panics and always yields clean text.
    #[test]
    fn never_panics(text in "\\PC*") {
        let (got, _) = norm(&text);
        prop_assert!(!got.contains("\n\n\n") && !got.contains("  "));
    }
}

/// Paragraphs of correct news text in 45 languages, one per line after its
/// ISO 639-1 code (`tests/fixtures/correct-text.tsv`).
fn correct_paragraphs() -> Vec<(&'static str, &'static str)> {
    include_str!("fixtures/correct-text.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once('\t').expect("code<TAB>paragraph"))
        .collect()
}

#[test]
fn correct_paragraphs_are_unchanged() {
    let paragraphs = correct_paragraphs();
    assert!(paragraphs.len() > 1000, "{} paragraphs", paragraphs.len());
    let mut failures = Vec::new();
    let mut check = |what: &str, text: &str| {
        let (got, repairs) = norm(text);
        if got != nfc_whitespace(text) || repairs.iter().any(|r| r.starts_with("mojibake")) {
            failures.push(format!("{what}: {repairs:?}\n  {text}\n  {got}"));
        }
    };
    for (lang, p) in &paragraphs {
        check(lang, p);
    }
    // Whole articles: every paragraph of a language, then all languages mixed.
    let mut langs: Vec<&str> = paragraphs.iter().map(|(l, _)| *l).collect();
    langs.dedup();
    for lang in langs {
        let article: Vec<&str> = paragraphs
            .iter()
            .filter(|(l, _)| *l == lang)
            .map(|(_, p)| *p)
            .collect();
        check(&format!("{lang} article"), &article.join("\n\n"));
    }
    let all: Vec<&str> = paragraphs.iter().map(|(_, p)| *p).collect();
    check("all languages", &all.join("\n\n"));
    assert!(
        failures.is_empty(),
        "{} changed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Armenian is not repaired: its UTF-8 lead bytes D4..D6 are `’` and other
/// punctuation in MacRoman, so accepting Armenian would turn French `l’été`
/// into `lՎté` wherever MacRoman has evidence.
const UNREPAIRED: &[&str] = &["hy"];

/// Paragraphs whose only damage reads as ordinary text, left alone for want
/// of evidence: (charset, the damaged sequence, why).
const KNOWN_MISSES: &[(&str, &str, &str)] = &[
    ("macroman", "»ô", "Romanian ș is a guillemet before a word"),
    ("macroman", "»õ", "Romanian ț, the same"),
    (
        "windows-1250",
        "ĂĄ",
        "Danish and Norwegian å: two capitals opening a word",
    ),
    (
        "windows-1251",
        "В\u{A0}",
        "a no-break space after a digit: 220 В is volts",
    ),
    (
        "windows-874",
        "ย\u{A0}",
        "a no-break space after a digit, Thai ย before it",
    ),
];

#[test]
fn misdecoded_paragraphs_come_back() {
    let paragraphs = correct_paragraphs();
    let mut failures = Vec::new();
    let mut tried = 0;
    for cs in LEGACY {
        for (lang, p) in paragraphs.iter().filter(|(l, _)| !UNREPAIRED.contains(l)) {
            let Some(broken) = misdecode(p, cs) else {
                continue;
            };
            if broken == *p {
                continue;
            }
            tried += 1;
            let (got, _) = norm(&broken);
            let known = KNOWN_MISSES
                .iter()
                .any(|(c, seq, _)| c == cs && broken.contains(seq));
            if got != nfc_whitespace(p) && !known {
                failures.push(format!("{cs} {lang}:\n  {broken}\n  {got}"));
            }
        }
    }
    assert!(tried > 5000, "{tried} misdecoded paragraphs");
    assert!(
        failures.is_empty(),
        "{} of {tried} not repaired:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `normalize --no-events` repairs as `normalize` does but runs no extractor:
/// the seed article, which yields events, comes out with `event_ids` empty and
/// the same repaired body.
#[test]
fn normalize_no_events_cli() {
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsworker"))
            .args(["normalize", "--text"])
            .args(extra)
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/seed-article-azerbaijan-isf.txt"
            ))
            .env_remove("NEWSWORKER_NO_EVENTS")
            .output()
            .expect("run newsworker");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON record");
        v
    };
    let with = run(&[]);
    let without = run(&["--no-events"]);
    assert!(!with["event_ids"].as_array().unwrap().is_empty());
    assert_eq!(without["event_ids"], serde_json::json!([]));
    assert_eq!(with["body"], without["body"]);
    assert_eq!(with["repairs"], without["repairs"]);
}

/// The seed article's lossy Windows-874 damage (every ’ ‘ “ ” — – became `โ`)
/// applied to clean paragraphs written for this test, as one article: every
/// paragraph must come back exactly, quote direction across paragraphs,
/// apostrophes, dashes and brackets included.
#[test]
fn lossy_windows_874_restores_paragraphs_exactly() {
    let clean: Vec<&str> = include_str!("fixtures/lossy-874-clean.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    let damaged: String = clean
        .iter()
        .map(|p| p.replace(['’', '‘', '“', '”', '—', '–'], "โ"))
        .collect::<Vec<_>>()
        .join("\n");
    let (got, repairs) = norm(&damaged);
    assert_eq!(repairs, ["mojibake:utf8-as-windows-874"]);
    let got: Vec<&str> = got.split("\n\n").collect();
    assert_eq!(got.len(), clean.len());
    let wrong: Vec<String> = clean
        .iter()
        .zip(&got)
        .filter(|(want, got)| want != got)
        .map(|(want, got)| format!("want {want}\n got  {got}"))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} paragraphs wrong:\n{}",
        wrong.len(),
        clean.len(),
        wrong.join("\n")
    );
}

/// Real Thai uses `โ` as a leading vowel; the lossy Windows-874 pass must not
/// read it as lost punctuation, even where it is not followed by a consonant
/// (a doubled vowel typed for emphasis, an abbreviation, a typo).
#[test]
fn lossy_windows_874_never_fires_on_thai() {
    for thai in [
        "ข่าว โโ วันนี้",
        "ราคาน้ำมัน โ ลดลง",
        "ทีมชาติไทยชนะ 2–1 เมื่อคืนนี้ โ",
        "เขาพูดว่า “โอเค” แล้วก็เดินออกไป",
        "ไทย: โ, ใ, ไ",
    ] {
        let (got, repairs) = norm(thai);
        assert_eq!(got, thai, "{repairs:?}");
    }
}

/// Baltic and ISO Central European pages: UTF-8 read as Windows-1257 or as
/// ISO-8859-2 (whose letters sit elsewhere than Windows-1250's).
#[test]
fn windows_1257_and_iso_8859_2() {
    for (cs, text) in [
        ("windows-1257", "Ķīnas un Eiropas līderi tikās Rīgā."),
        (
            "windows-1257",
            "Vilniuje įvyks susitikimas su ūkininkais ir jų vadovais.",
        ),
        (
            "iso-8859-2",
            "Příští týden začne stavba nového mostu přes řeku.",
        ),
        (
            "iso-8859-2",
            "Ďalšia schôdza vlády bude v stredu, povedal hovorca.",
        ),
    ] {
        let damaged = misdecode(text, cs).expect("every byte maps");
        let (got, repairs) = norm(&damaged);
        assert_eq!(got, text, "{cs}: {damaged:?}");
        assert!(
            repairs.iter().any(|r| r.starts_with("mojibake:utf8-as-")),
            "{repairs:?}"
        );
    }
}

/// Sequences that lost a byte: a no-break space (A0) turned into a plain
/// space is restored where the char it completes fits the word after it; a
/// byte replaced by U+FFFD leaves one U+FFFD for the whole char, not mojibake.
#[test]
fn lost_bytes_are_completed_or_marked() {
    for (input, want) in [
        (
            "Ð Ð¾Ñ\u{FFFD}Ñ\u{FFFD}Ð¸Ñ\u{FFFD} Ð¸ Ð‘ÐµÐ»Ð°Ñ€ÑƒÑ\u{FFFD}ÑŒ",
            "Ро\u{FFFD}\u{FFFD}и\u{FFFD} и Белару\u{FFFD}ь",
        ),
        (
            "à¸ à¸²à¸žà¸‚à¹ˆà¸²à¸§ à¸ à¸²à¸¢à¹ƒà¸™à¸›à¸£à¸°à¹€à¸—à¸¨",
            "ภาพข่าว ภายในประเทศ",
        ),
        (
            "Å iandien Å iauliuose lyja, sakÄ— sinoptikai.",
            "Šiandien Šiauliuose lyja, sakė sinoptikai.",
        ),
        ("Hindi: à¤¹à¤¿à¤¨à¥\u{FFFD}à¤¦à¥€", "Hindi: हिन\u{FFFD}दी"),
        ("the SlovenÄ\u{FFFD}ina page", "the Sloven\u{FFFD}ina page"),
    ] {
        let (got, repairs) = norm(input);
        assert_eq!(got, want, "{input:?}");
        assert!(
            repairs.contains(&"mojibake:lost-bytes".to_string()),
            "{repairs:?}"
        );
    }
}

/// More of the shapes mojibake takes, each in text written for this test:
/// CESU-8 emoji (each surrogate encoded alone) through Windows-1252; `à`
/// whose no-break space survived, turned into a space (French keeps the
/// space after it; Portuguese crasis `às`, `àquela` is one word), or went
/// through Windows-1251 (`Г`); a symbol of three chars; `Ô` inside capitals.
#[test]
fn more_mojibake_shapes() {
    for (input, want) in [
        (
            "Great match today í\u{a0}¼í¾‰í\u{a0}½í´¥ see you",
            "Great match today 🎉🔥 see you",
        ),
        (
            "Flood warning âš\u{a0} and í\u{a0}½íº¨ for the coast",
            "Flood warning ⚠ and 🚨 for the coast",
        ),
        (
            "ConferÃªncia dedicada Ã s vÃ\u{AD}timas, Ã quela hora, Ã quilo tudo.",
            "Conferência dedicada às vítimas, àquela hora, àquilo tudo.",
        ),
        (
            "Rendez-vous Ã  la gare Ã  8 heures, prÃ¨s de lâ€™hÃ´tel.",
            "Rendez-vous à la gare à 8 heures, près de l’hôtel.",
        ),
        ("Rendez-vous Ã\u{a0} la gare", "Rendez-vous à la gare"),
        (
            "Le sommet se tiendra Г  lвЂ™est de lвЂ™Ukraine, a prГ©cisГ© le ministГЁre.",
            "Le sommet se tiendra à l’est de l’Ukraine, a précisé le ministère.",
        ),
        ("âœ” Done âœ˜ failed", "✔ Done ✘ failed"),
        ("GRAND HÃ”TEL DE LA PLAGE", "GRAND HÔTEL DE LA PLAGE"),
    ] {
        let (got, repairs) = norm(input);
        assert_eq!(got, want, "{input:?} {repairs:?}");
    }
}

/// UTF-8 read through the DOS console's code page 437: Russian and Czech
/// become box drawing, Vietnamese `ß║┐`; line art made of box drawing
/// (`├┤` could be `ô`) and French `OÙ` in capitals are told apart.
#[test]
fn code_page_437() {
    for text in [
        "Правительство утвердило новый бюджет",
        "Čeština a slovenština jsou si blízké",
        "Tiếng Việt có sáu thanh điệu",
    ] {
        let damaged = misdecode(text, "cp437").expect("every byte maps");
        let (got, repairs) = norm(&damaged);
        assert_eq!(got, text, "{damaged:?}");
        assert!(
            repairs.contains(&"mojibake:utf8-as-cp437".to_string()),
            "{repairs:?}"
        );
    }
    let art = "┌┐ └┘ ├┤x┼┐x┼┐";
    assert_eq!(norm(art).0, art);
    assert_eq!(norm("OÃ™ EST LA GARE?").0, "OÙ EST LA GARE?");
}
