//! `newsworker loadgen`: realistic input articles for load tests, generated from
//! templates and word lists in this file, seeded and deterministic (the same
//! `--seed` and `--count` always give the same bytes), written as JSONL or
//! produced to a Kafka topic, optionally at a fixed rate.
//!
//! The mix imitates a news feed rather than a test of one rule: body sizes drawn
//! from a log-normal around 3 KB with a Pareto tail (a few long reads up to
//! ~120 KB), about a quarter of the articles with no political content (sport,
//! weather, business, science), a tenth delivered as HTML pages, a tenth with
//! mojibake (UTF-8 read as Windows-1252, quotes lost to Windows-874 as in the
//! seed article, or the whole message in Windows-1252 bytes), and one in two
//! hundred broken (truncated JSON, or no body) so the dead-letter path runs too.
//! Each article is keyed by its id, so keyed partitioning spreads them evenly.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rdkafka::config::ClientConfig;
use rdkafka::producer::{
    BaseRecord, DeliveryResult, Producer as _, ProducerContext, ThreadedProducer,
};
use rdkafka::types::RDKafkaErrorCode;
use serde_json::{json, Map, Value};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum LoadgenError {
    #[error("kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("{failed} of {count} records were not acknowledged by the broker")]
    Undelivered { failed: u64, count: u64 },
}

/// What kind of article was generated (for the summary and for tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Political news, plain UTF-8 body.
    Political,
    /// Sport, weather, business, science: no political event expected.
    NonPolitical,
}

/// One generated input record.
#[derive(Debug, Clone)]
pub struct Generated {
    pub key: String,
    pub value: Vec<u8>,
    pub kind: Kind,
    pub html: bool,
    pub mojibake: bool,
    /// Deliberately broken (the worker must dead-letter it).
    pub broken: bool,
}

/// splitmix64: tiny, fast and good enough to draw words; no dependency.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn normal(&mut self) -> f64 {
        // Box–Muller; 1 - unit() is in (0, 1], so ln is finite.
        let (u, v) = (1.0 - self.unit(), self.unit());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// The articles `0..count` of one seed, in order.
#[derive(Debug, Clone)]
pub struct Generator {
    seed: u64,
    next: u64,
}

impl Generator {
    pub fn new(seed: u64) -> Generator {
        Generator { seed, next: 0 }
    }

    /// Article number `i` of this seed; independent of the others, so any
    /// range can be regenerated (and split across threads) identically.
    pub fn article(&self, i: u64) -> Generated {
        let mut rng = Rng(self.seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ i);
        rng.next();
        compose(&mut rng, self.seed, i)
    }
}

impl Iterator for Generator {
    type Item = Generated;
    fn next(&mut self) -> Option<Generated> {
        let a = self.article(self.next);
        self.next += 1;
        Some(a)
    }
}

/// Body length in bytes: log-normal (median 2.3 KB) with a 2 % Pareto tail.
fn body_len(rng: &mut Rng) -> usize {
    let len = if rng.chance(0.02) {
        // Pareto, alpha 1.5, from 8 KB: long reads and transcripts.
        8_000.0 / (1.0 - rng.unit()).powf(1.0 / 1.5)
    } else {
        (2_300f64.ln() + 0.55 * rng.normal()).exp()
    };
    len.clamp(250.0, 120_000.0) as usize
}

struct Country {
    name: &'static str,
    adj: &'static str,
    capital: &'static str,
    leader: (&'static str, &'static str),
    minister: &'static str,
}

const COUNTRIES: &[Country] = &[
    Country {
        name: "France",
        adj: "French",
        capital: "Paris",
        leader: ("President", "Emmanuel Macron"),
        minister: "Jean-Noël Barrot",
    },
    Country {
        name: "Germany",
        adj: "German",
        capital: "Berlin",
        leader: ("Chancellor", "Friedrich Merz"),
        minister: "Johann Wadephul",
    },
    Country {
        name: "Russia",
        adj: "Russian",
        capital: "Moscow",
        leader: ("President", "Vladimir Putin"),
        minister: "Sergei Lavrov",
    },
    Country {
        name: "Ukraine",
        adj: "Ukrainian",
        capital: "Kyiv",
        leader: ("President", "Volodymyr Zelensky"),
        minister: "Andrii Sybiha",
    },
    Country {
        name: "China",
        adj: "Chinese",
        capital: "Beijing",
        leader: ("President", "Xi Jinping"),
        minister: "Wang Yi",
    },
    Country {
        name: "Japan",
        adj: "Japanese",
        capital: "Tokyo",
        leader: ("Prime Minister", "Sanae Takaichi"),
        minister: "Toshimitsu Motegi",
    },
    Country {
        name: "India",
        adj: "Indian",
        capital: "New Delhi",
        leader: ("Prime Minister", "Narendra Modi"),
        minister: "Subrahmanyam Jaishankar",
    },
    Country {
        name: "Pakistan",
        adj: "Pakistani",
        capital: "Islamabad",
        leader: ("Prime Minister", "Shehbaz Sharif"),
        minister: "Ishaq Dar",
    },
    Country {
        name: "Iran",
        adj: "Iranian",
        capital: "Tehran",
        leader: ("President", "Masoud Pezeshkian"),
        minister: "Abbas Araghchi",
    },
    Country {
        name: "Israel",
        adj: "Israeli",
        capital: "Jerusalem",
        leader: ("Prime Minister", "Benjamin Netanyahu"),
        minister: "Gideon Saar",
    },
    Country {
        name: "Turkey",
        adj: "Turkish",
        capital: "Ankara",
        leader: ("President", "Recep Tayyip Erdoğan"),
        minister: "Hakan Fidan",
    },
    Country {
        name: "Egypt",
        adj: "Egyptian",
        capital: "Cairo",
        leader: ("President", "Abdel Fattah el-Sisi"),
        minister: "Badr Abdelatty",
    },
    Country {
        name: "Sudan",
        adj: "Sudanese",
        capital: "Khartoum",
        leader: ("General", "Abdel Fattah al-Burhan"),
        minister: "Ali Youssef",
    },
    Country {
        name: "Nigeria",
        adj: "Nigerian",
        capital: "Abuja",
        leader: ("President", "Bola Tinubu"),
        minister: "Yusuf Tuggar",
    },
    Country {
        name: "Kenya",
        adj: "Kenyan",
        capital: "Nairobi",
        leader: ("President", "William Ruto"),
        minister: "Musalia Mudavadi",
    },
    Country {
        name: "Brazil",
        adj: "Brazilian",
        capital: "Brasília",
        leader: ("President", "Luiz Inácio Lula da Silva"),
        minister: "Mauro Vieira",
    },
    Country {
        name: "Mexico",
        adj: "Mexican",
        capital: "Mexico City",
        leader: ("President", "Claudia Sheinbaum"),
        minister: "Juan Ramón de la Fuente",
    },
    Country {
        name: "Colombia",
        adj: "Colombian",
        capital: "Bogotá",
        leader: ("President", "Gustavo Petro"),
        minister: "Rosa Villavicencio",
    },
    Country {
        name: "Azerbaijan",
        adj: "Azerbaijani",
        capital: "Baku",
        leader: ("President", "Ilham Aliyev"),
        minister: "Jeyhun Bayramov",
    },
    Country {
        name: "Armenia",
        adj: "Armenian",
        capital: "Yerevan",
        leader: ("Prime Minister", "Nikol Pashinyan"),
        minister: "Ararat Mirzoyan",
    },
    Country {
        name: "Georgia",
        adj: "Georgian",
        capital: "Tbilisi",
        leader: ("Prime Minister", "Irakli Kobakhidze"),
        minister: "Maka Botchorishvili",
    },
    Country {
        name: "Poland",
        adj: "Polish",
        capital: "Warsaw",
        leader: ("Prime Minister", "Donald Tusk"),
        minister: "Radosław Sikorski",
    },
    Country {
        name: "South Korea",
        adj: "South Korean",
        capital: "Seoul",
        leader: ("President", "Lee Jae-myung"),
        minister: "Cho Hyun",
    },
    Country {
        name: "Venezuela",
        adj: "Venezuelan",
        capital: "Caracas",
        leader: ("President", "Nicolás Maduro"),
        minister: "Yván Gil",
    },
];

const ISSUES: &[&str] = &[
    "the disputed border",
    "energy prices",
    "the grain corridor",
    "nuclear inspections",
    "a prisoner exchange",
    "fishing rights",
    "the ceasefire in the north",
    "visa rules",
    "trade tariffs",
    "the refugee crisis",
    "water sharing on the river",
    "arms exports",
];
const REASONS: &[&str] = &[
    "human rights abuses",
    "its support for armed groups",
    "election interference",
    "cyber attacks on government networks",
    "the detention of journalists",
    "violations of the arms embargo",
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const SOURCES: &[&str] = &[
    "Example Wire",
    "Daily Ledger",
    "The Morning Post",
    "Global Dispatch",
    "Regional Herald",
    "Independent Monitor",
];

/// Political sentences: `{A}`/`{B}` countries, `{a}` adjective of A, `{P}` A's
/// leader with title, `{M}` A's foreign minister, `{C}` A's capital, `{D}` a
/// day, `{I}` an issue, `{R}` a reason, `{N}` a number.
const POLITICAL: &[&str] = &[
    "{A} imposed new sanctions on {B} on {D}, citing {R}.",
    "{P} met with the foreign minister of {B} in {C} to discuss {I}.",
    "{A} accused {B} of {R} and summoned its ambassador.",
    "Officials in {C} said {A} had rejected a proposal from {B} on {I}.",
    "Thousands of people protested in {C} on {D} against the government’s handling of {I}.",
    "{A} and {B} agreed to resume talks on {I} next month.",
    "{A} threatened to expel {B}’s diplomats if the dispute over {I} was not settled.",
    "{A} pledged {N} million dollars in humanitarian aid to {B}.",
    "{a} troops attacked positions held by rebels near the border with {B}, killing {N} people.",
    "{A} called on {B} to release the detained aid workers.",
    "{P} said {A} would send troops to {B} only if all hostilities ceased.",
    "{M}, {A}’s foreign minister, visited {B} on {D} for talks on {I}.",
    "Police in {C} arrested {N} opposition activists after a rally on {D}.",
    "{A} signed an agreement with {B} on {I}, ending months of negotiations.",
    "“We will not accept any interference in our internal affairs,” {P} said on {D}.",
    "{A} denied that it had supplied weapons to fighters in {B}.",
    "The parliament of {A} voted to suspend cooperation with {B} over {I}.",
    "{P} praised {B} for its role in mediating talks on {I}.",
];
/// Context sentences found in political copy that code to nothing.
const POLITICAL_FILLER: &[&str] = &[
    "The talks come amid rising tension in the region.",
    "Analysts say the move could weigh on markets in the coming weeks.",
    "The ministry did not immediately respond to a request for comment.",
    "It was not clear when a new round of negotiations would take place.",
    "The statement was published on the government’s website late on {D}.",
    "Diplomats in {C} described the mood as “cautious but constructive”.",
    "The dispute over {I} has simmered for more than a decade.",
    "A spokesperson declined to give further details, citing the sensitivity of the matter.",
    "Local media reported that the meeting lasted nearly three hours.",
    "Observers — including several former ambassadors — expect little change before the election.",
];
/// Non-political sentences: `{T}`/`{U}` teams, `{C}` a city, `{N}` a number, `{D}` a day.
const NON_POLITICAL: &[&str] = &[
    "{T} beat {U} {S} on {D} to move to the top of the table.",
    "The striker scored twice in the second half, his first goals since returning from injury.",
    "Temperatures in {C} are expected to reach {N} degrees by the weekend, forecasters said.",
    "Heavy rain is forecast across the region on {D}, with local flooding possible.",
    "The company said quarterly revenue rose {N} percent, beating analysts’ expectations.",
    "Shares in the retailer fell after it cut its full-year outlook.",
    "Researchers found that the new battery retains {N} percent of its capacity after a thousand cycles.",
    "The museum in {C} will reopen on {D} after a two-year renovation.",
    "The recipe calls for three cloves of garlic, a pinch of salt and a splash of lemon juice.",
    "Astronomers observed the comet passing close to the sun for the first time since 1986.",
    "The festival in {C} drew more than {N} thousand visitors over the weekend.",
    "Coach Ana Ruiz said the team’s defence had been “excellent from start to finish”.",
    "The smartphone goes on sale on {D} at a price of {N}9 euros.",
    "Scientists say the café’s new espresso blend is no stronger than the old one.",
];
const TEAMS: &[&str] = &[
    "Northside Rovers",
    "Harbour City",
    "Athletic Valley",
    "Real Montaña",
    "FC Lakeside",
    "Union Eastport",
    "Sporting Ridge",
    "Dynamo Riverside",
];
const NP_TITLES: &[&str] = &[
    "{T} edge {U} in late thriller",
    "Heatwave to hit {C} this weekend",
    "Retailer cuts outlook as sales slow",
    "New battery promises longer life",
    "Museum reopens after renovation",
    "Festival draws record crowds in {C}",
];
const P_TITLES: &[&str] = &[
    "{A} and {B} at odds over {I}",
    "{A} imposes sanctions on {B}",
    "{P} rules out troops for {B}",
    "Talks on {I} resume in {C}",
    "Protests in {C} over {I}",
    "{A} pledges aid to {B}",
];

fn fill(rng: &mut Rng, template: &str, a: &Country, b: &Country) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('}') else { break };
        let name = &rest[i + 1..i + j];
        match name {
            "A" => out.push_str(a.name),
            "B" => out.push_str(b.name),
            "a" => out.push_str(a.adj),
            "P" => {
                out.push_str(a.leader.0);
                out.push(' ');
                out.push_str(a.leader.1);
            }
            "M" => out.push_str(a.minister),
            "C" => out.push_str(a.capital),
            "D" => out.push_str(rng.word(DAYS)),
            "I" => out.push_str(rng.word(ISSUES)),
            "R" => out.push_str(rng.word(REASONS)),
            "N" => out.push_str(&(2 + rng.below(98)).to_string()),
            "S" => out.push_str(&format!("{}-{}", 1 + rng.below(4), rng.below(2))),
            "T" => out.push_str(TEAMS[(a.name.len() + b.name.len()) % TEAMS.len()]),
            "U" => out.push_str(TEAMS[(a.capital.len() * 3 + 1) % TEAMS.len()]),
            _ => out.push_str(&rest[i..i + j + 1]),
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

fn two_countries(rng: &mut Rng) -> (&'static Country, &'static Country) {
    let a = rng.below(COUNTRIES.len());
    let b = (a + 1 + rng.below(COUNTRIES.len() - 1)) % COUNTRIES.len();
    (&COUNTRIES[a], &COUNTRIES[b])
}

/// Paragraphs of two to four sentences until the body reaches `target` bytes.
fn body(rng: &mut Rng, target: usize, political: bool) -> (String, String) {
    let (a, b) = two_countries(rng);
    let title_template = *rng.pick(if political { P_TITLES } else { NP_TITLES });
    let title = fill(rng, title_template, a, b);
    let mut text = String::with_capacity(target + 256);
    while text.len() < target {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let sentences = 2 + rng.below(3);
        for s in 0..sentences {
            if s > 0 {
                text.push(' ');
            }
            // Most political articles are about one pair of countries; now and
            // then the story moves on to another pair.
            let (a, b) = if rng.chance(0.15) {
                two_countries(rng)
            } else {
                (a, b)
            };
            let template = match (political, rng.chance(0.2)) {
                (true, true) => *rng.pick(POLITICAL),
                (true, false) => *rng.pick(POLITICAL_FILLER),
                (false, _) => *rng.pick(NON_POLITICAL),
            };
            text.push_str(&fill(rng, template, a, b));
        }
    }
    (title, text)
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '’' => out.push_str("&rsquo;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            _ => out.push(c),
        }
    }
    out
}

/// A web page as a scraper would deliver it: head, script, navigation, footer.
fn html_page(title: &str, body: &str, source: &str) -> String {
    let mut page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t} | {s}</title>\
         <script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}</script>\
         <style>.article p{{margin:0 0 1em}}</style></head><body>\
         <nav><a href=\"/\">Home</a> | <a href=\"/world\">World</a> | <a href=\"/sport\">Sport</a></nav>\
         <article class=\"article\"><h1>{t}</h1>",
        t = html_escape(title),
        s = html_escape(source)
    );
    for para in body.split("\n\n") {
        page.push_str("<p>");
        page.push_str(&html_escape(para));
        page.push_str("</p>\n");
    }
    page.push_str("</article><footer>&copy; 2025 ");
    page.push_str(&html_escape(source));
    page.push_str(". All rights reserved.</footer></body></html>");
    page
}

/// UTF-8 text read as Windows-1252: `’` becomes `â€™`, `é` becomes `Ã©`.
fn as_cp1252_mojibake(s: &str) -> String {
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(s.as_bytes());
    text.into_owned()
}

/// The seed article's damage: UTF-8 read as Windows-874 with continuation bytes
/// lost, so every `’ “ ” —` became `โ`.
fn as_874_lost(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '’' | '‘' | '“' | '”' | '—' | '–' => 'โ',
            c => c,
        })
        .collect()
}

fn published_at(rng: &mut Rng, i: u64) -> String {
    let day = 1 + (i % 28);
    let (h, m) = (rng.below(24), rng.below(60));
    match rng.below(4) {
        0 => format!("Thu, {day:02} Oct 2025 {h:02}:{m:02}:00 +0000"),
        1 => format!("2025-10-{day:02} {h:02}:{m:02}"),
        _ => format!("2025-10-{day:02}T{h:02}:{m:02}:00Z"),
    }
}

fn compose(rng: &mut Rng, seed: u64, i: u64) -> Generated {
    let id = format!("lg-{seed}-{i}");
    let political = !rng.chance(0.25);
    let html = rng.chance(0.10);
    let mojibake = rng.below(10);
    let broken = rng.below(200);
    let target = body_len(rng);
    let (title, mut text) = body(rng, target, political);
    let source = *rng.pick(SOURCES);
    let mut whole_cp1252 = false;
    let is_mojibake = mojibake == 0;
    if is_mojibake {
        match rng.below(3) {
            0 => text = as_cp1252_mojibake(&text),
            1 => text = as_874_lost(&text),
            _ => whole_cp1252 = true,
        }
    }
    let mut obj = Map::new();
    obj.insert("id".into(), Value::String(id.clone()));
    obj.insert("title".into(), Value::String(title.clone()));
    if html {
        obj.insert(
            "html".into(),
            Value::String(html_page(&title, &text, source)),
        );
    } else if broken != 1 {
        obj.insert("body".into(), Value::String(text));
    }
    let section = if political { "world" } else { "lifestyle" };
    obj.insert(
        "url".into(),
        json!(format!("https://news.example.org/{section}/{seed}/{i}")),
    );
    obj.insert("source".into(), json!(source));
    obj.insert("published_at".into(), json!(published_at(rng, i)));
    if rng.chance(0.3) {
        obj.insert("language".into(), json!("en"));
    }
    if rng.chance(0.2) {
        obj.insert("section".into(), json!(section));
    }
    let mut value = serde_json::to_vec(&Value::Object(obj)).unwrap_or_default();
    if whole_cp1252 {
        // The whole message in a legacy single-byte encoding (not valid UTF-8).
        let s = String::from_utf8_lossy(&value).into_owned();
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&s);
        value = bytes.into_owned();
    }
    if broken == 0 {
        value.truncate(value.len() * 2 / 3);
    }
    Generated {
        key: id,
        value,
        kind: if political {
            Kind::Political
        } else {
            Kind::NonPolitical
        },
        html,
        mojibake: is_mojibake,
        broken: broken == 0 || (broken == 1 && !html),
    }
}

/// Totals of one generation run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    pub articles: u64,
    pub bytes: u64,
    pub political: u64,
    pub html: u64,
    pub mojibake: u64,
    pub broken: u64,
    pub seconds: f64,
}

impl Summary {
    fn add(&mut self, g: &Generated) {
        self.articles += 1;
        self.bytes += g.value.len() as u64;
        self.political += u64::from(g.kind == Kind::Political);
        self.html += u64::from(g.html);
        self.mojibake += u64::from(g.mojibake);
        self.broken += u64::from(g.broken);
    }
}

/// Write articles `0..count` of `seed` as JSONL (one message value a line; the
/// Windows-1252 ones are not UTF-8, as on the wire).
pub fn write_jsonl(
    seed: u64,
    count: u64,
    out: &mut dyn Write,
    path: &str,
) -> Result<Summary, LoadgenError> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut summary = Summary::default();
    let started = Instant::now();
    let err = |source| LoadgenError::Write {
        path: path.to_string(),
        source,
    };
    for g in Generator::new(seed).take(count as usize) {
        out.write_all(&g.value).map_err(err)?;
        out.write_all(b"\n").map_err(err)?;
        summary.add(&g);
    }
    out.flush().map_err(err)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Counts failed deliveries (librdkafka retries transient ones itself).
#[derive(Default)]
struct Deliveries {
    failed: AtomicU64,
}

#[derive(Clone, Default)]
struct CountingContext(Arc<Deliveries>);

impl rdkafka::ClientContext for CountingContext {}

impl ProducerContext for CountingContext {
    type DeliveryOpaque = ();
    fn delivery(&self, result: &DeliveryResult<'_>, _: ()) {
        if let Err((e, _)) = result {
            self.0.failed.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(error = %e, "loadgen: delivery failed");
        }
    }
}

/// Where and how fast to produce.
#[derive(Debug, Clone)]
pub struct ProduceOptions {
    pub config: ClientConfig,
    pub topic: String,
    pub seed: u64,
    pub count: u64,
    /// Articles per second; `None` for as fast as the broker takes them.
    pub rate: Option<f64>,
}

/// Produce articles `0..count` to the topic (record timestamps are the produce
/// time, which latency measurements start from) and wait for every ack.
pub fn produce(opts: &ProduceOptions) -> Result<Summary, LoadgenError> {
    let context = CountingContext::default();
    let producer: ThreadedProducer<CountingContext> =
        opts.config.create_with_context(context.clone())?;
    let mut summary = Summary::default();
    let started = Instant::now();
    for (n, g) in Generator::new(opts.seed)
        .take(opts.count as usize)
        .enumerate()
    {
        if let Some(rate) = opts.rate {
            let due = started + Duration::from_secs_f64(n as f64 / rate);
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
        }
        summary.add(&g);
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        let mut record = BaseRecord::to(&opts.topic)
            .key(g.key.as_bytes())
            .payload(g.value.as_slice())
            .timestamp(now_ms);
        loop {
            match producer.send(record) {
                Ok(()) => break,
                Err((e, back)) if e.rdkafka_error_code() == Some(RDKafkaErrorCode::QueueFull) => {
                    record = back;
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err((e, _)) => return Err(e.into()),
            }
        }
    }
    producer.flush(Duration::from_secs(120))?;
    summary.seconds = started.elapsed().as_secs_f64();
    let failed = context.0.failed.load(Ordering::Relaxed);
    if failed > 0 {
        return Err(LoadgenError::Undelivered {
            failed,
            count: opts.count,
        });
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Input, Outcome, Pipeline};

    #[test]
    fn same_seed_same_bytes_and_articles_are_independent() {
        let a: Vec<_> = Generator::new(7).take(50).map(|g| g.value).collect();
        let b: Vec<_> = Generator::new(7).take(50).map(|g| g.value).collect();
        assert_eq!(a, b);
        assert_eq!(Generator::new(7).article(31).value, a[31]);
        let c: Vec<_> = Generator::new(8).take(50).map(|g| g.value).collect();
        assert_ne!(a, c);
    }

    #[test]
    fn the_mix_is_as_documented() {
        let n = 4000;
        let mut s = Summary::default();
        let mut sizes = Vec::new();
        for g in Generator::new(1).take(n) {
            sizes.push(g.value.len());
            s.add(&g);
        }
        sizes.sort_unstable();
        let median = sizes[n / 2];
        let share = |x: u64| x as f64 / n as f64;
        assert!((2_000..3_200).contains(&median), "median {median}");
        assert!(sizes[n - 1] > 15_000, "no long tail: max {}", sizes[n - 1]);
        assert!((0.70..0.80).contains(&share(s.political)), "{s:?}");
        assert!((0.08..0.12).contains(&share(s.html)), "{s:?}");
        assert!((0.08..0.12).contains(&share(s.mojibake)), "{s:?}");
        assert!((0.005..0.02).contains(&share(s.broken)), "{s:?}");
    }

    #[test]
    fn the_pipeline_accepts_the_good_ones_finds_events_and_dead_letters_the_broken() {
        let pipeline = Pipeline::with_defaults();
        let (mut political_with_events, mut political) = (0, 0);
        for g in Generator::new(3).take(400) {
            let outcome = pipeline.process(Input {
                bytes: &g.value,
                content_type: None,
                position: None,
            });
            match outcome {
                Outcome::Accepted { article, events } => {
                    assert!(!g.broken, "{} accepted", g.key);
                    assert_eq!(article.article_id, g.key);
                    if g.kind == Kind::Political {
                        political += 1;
                        political_with_events += usize::from(!events.is_empty());
                    }
                    if g.mojibake {
                        assert!(!article.body.contains("â€"), "{}", article.body);
                    }
                }
                Outcome::Rejected(_) => assert!(g.broken, "{} rejected", g.key),
            }
        }
        assert!(
            political_with_events * 10 >= political * 8,
            "{political_with_events} of {political} political articles had events"
        );
    }
}
