//! Command line and environment: every flag is also `NEWSWORKER_<OPTION>`.
//!
//! Validation happens here, before anything starts, so a bad value exits
//! non-zero with one line naming the option and what is wrong.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "newsworker",
    version,
    about = "Streaming Kafka worker for news: repairs text, extracts PLOVER/CAMEO political events"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Log format on stderr.
    #[arg(long, env = "NEWSWORKER_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
}

// Parsed once at start-up; the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The Kafka worker (the production job).
    Run(RunArgs),
    /// Zero-setup showcase: in-process mock Kafka cluster, sample articles, the real worker loop.
    Demo(DemoArgs),
    /// Offline: JSONL articles in, event records out (one JSON object per line).
    Extract(OfflineArgs),
    /// Offline: JSONL articles in, normalised article records out.
    Normalize(NormalizeArgs),
    /// Train the part-of-speech tagger and dependency parser on a UD treebank.
    TrainSyntax(TrainSyntaxArgs),
    /// Score a syntax model (UPOS, UAS, LAS) on a UD treebank's test split.
    EvalSyntax(EvalSyntaxArgs),
    /// Load generator: realistic articles (seeded, deterministic) to a topic or a JSONL file.
    Loadgen(LoadgenArgs),
}

/// `train-syntax`: trains on the treebank's dev split (the train split is not used),
/// writes the model, and scores it on the test split.
#[derive(Debug, Clone, Args)]
pub struct TrainSyntaxArgs {
    /// Directory holding `*-ud-dev.conllu` and `*-ud-test.conllu` (UD English EWT).
    #[arg(long, value_name = "DIR")]
    pub treebank: PathBuf,
    /// Where to write the model.
    #[arg(long, value_name = "FILE", default_value = "data/syntax/model.bin")]
    pub out: PathBuf,
    /// Which split to train on.
    #[arg(long, default_value = "dev")]
    pub train_split: String,
    /// Passes over the training data for the tagger.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..))]
    pub tagger_iterations: u32,
    /// Passes over the training data for the parser.
    #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u32).range(1..))]
    pub parser_iterations: u32,
    /// Drop parser weights smaller than this (averaged), to keep the model small.
    #[arg(long, default_value_t = 1.0)]
    pub prune: f32,
}

/// `eval-syntax`: scores the built-in model, or `--model FILE`.
#[derive(Debug, Clone, Args)]
pub struct EvalSyntaxArgs {
    /// Directory holding `*-ud-test.conllu`.
    #[arg(long, value_name = "DIR")]
    pub treebank: PathBuf,
    /// A model written by `train-syntax` instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Which split to score.
    #[arg(long, default_value = "test")]
    pub split: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Guarantee {
    AtLeastOnce,
    ExactlyOnce,
}

/// Options shared by every command that runs the pipeline.
#[derive(Debug, Clone, Args)]
pub struct PipelineArgs {
    /// Replace the built-in event rules with this TOML file.
    #[arg(long, env = "NEWSWORKER_RULES", value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Fold typographic punctuation (’ “ ” — …) to ASCII.
    #[arg(long, env = "NEWSWORKER_ASCII_PUNCTUATION")]
    pub ascii_punctuation: bool,
    /// Inputs larger than this go to the dead-letter topic as `too_large`.
    #[arg(long, env = "NEWSWORKER_MAX_MESSAGE_BYTES", default_value_t = crate::pipeline::DEFAULT_MAX_MESSAGE_BYTES, value_parser = parse_positive_usize)]
    pub max_message_bytes: usize,
}

#[derive(Debug, Clone, Args)]
pub struct KafkaArgs {
    /// Bootstrap brokers, comma separated.
    #[arg(long, env = "NEWSWORKER_BROKERS", default_value = "localhost:9092")]
    pub brokers: String,
    /// Consumer group id.
    #[arg(long, env = "NEWSWORKER_GROUP", default_value = "newsworker")]
    pub group: String,
    #[arg(
        long,
        env = "NEWSWORKER_INPUT_TOPIC",
        default_value = "news.articles.raw"
    )]
    pub input_topic: String,
    #[arg(long, env = "NEWSWORKER_EVENTS_TOPIC", default_value = "news.events")]
    pub events_topic: String,
    #[arg(
        long,
        env = "NEWSWORKER_NORMALIZED_TOPIC",
        default_value = "news.articles.normalized"
    )]
    pub normalized_topic: String,
    #[arg(
        long,
        env = "NEWSWORKER_DLQ_TOPIC",
        default_value = "news.articles.dlq"
    )]
    pub dlq_topic: String,
    /// Address for /metrics, /livez and /readyz.
    #[arg(long, env = "NEWSWORKER_METRICS_ADDR", default_value = "0.0.0.0:9090")]
    pub metrics_addr: SocketAddr,
    /// Delivery guarantee.
    #[arg(long, env = "NEWSWORKER_GUARANTEE", value_enum, default_value_t = Guarantee::AtLeastOnce)]
    pub guarantee: Guarantee,
    /// How long shutdown may take to finish in-flight work, flush and commit (e.g. 30s, 500ms).
    #[arg(long, env = "NEWSWORKER_DRAIN_TIMEOUT", default_value = "30s", value_parser = parse_duration)]
    pub drain_timeout: Duration,
    /// Messages being processed or awaiting delivery at once, across partitions.
    #[arg(long, env = "NEWSWORKER_MAX_IN_FLIGHT", default_value_t = 1024, value_parser = parse_positive_usize)]
    pub max_in_flight: usize,
    /// Processing tasks at once across partitions (default: two per core, so
    /// a long article shares a core with short ones instead of queueing them);
    /// with a backlog a task takes up to four ready messages of one partition.
    #[arg(long, env = "NEWSWORKER_CPU_SLOTS", value_parser = parse_positive_usize)]
    pub cpu_slots: Option<usize>,
    /// Raw librdkafka setting `key=value`, applied last (repeatable; the value is
    /// taken whole, commas included). From the environment:
    /// NEWSWORKER_RDKAFKA=k=v,k2=v2, applied before any -X.
    #[arg(short = 'X', value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub rdkafka: Vec<(String, String)>,
    /// `NEWSWORKER_RDKAFKA=k=v,k2=v2`: librdkafka settings from the environment,
    /// applied before `-X`. A comma followed by text without `=` continues the
    /// previous value (`partition.assignment.strategy=range,roundrobin`).
    #[arg(long = "rdkafka-env", env = "NEWSWORKER_RDKAFKA", hide = true, value_name = "NEWSWORKER_RDKAFKA", value_parser = parse_settings_list)]
    pub rdkafka_env: Option<Settings>,
}

/// A list of librdkafka `key=value` settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings(pub Vec<(String, String)>);

#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub kafka: KafkaArgs,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Address for /metrics while the demo runs [default: 127.0.0.1:9090, or
    /// any free port when that one is taken, e.g. by a local Prometheus].
    #[arg(long, env = "NEWSWORKER_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// Keep serving /metrics this long after the events are printed.
    #[arg(long, default_value = "0s", value_parser = parse_duration)]
    pub linger: Duration,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

#[derive(Debug, Clone, Args)]
pub struct OfflineArgs {
    /// JSONL files of articles; stdin when none or `-`.
    pub files: Vec<PathBuf>,
    /// Read each file as one plain-text article whose first line is the title.
    #[arg(long)]
    pub text: bool,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

/// `normalize`: the offline options, and whether to run the extractor.
#[derive(Debug, Clone, Args)]
pub struct NormalizeArgs {
    #[command(flatten)]
    pub offline: OfflineArgs,
    /// Repair text without running the event extractor (`event_ids` stays empty).
    #[arg(long, env = "NEWSWORKER_NO_EVENTS")]
    pub no_events: bool,
}

#[derive(Debug, Clone, Args)]
pub struct LoadgenArgs {
    /// How many articles.
    #[arg(long, default_value_t = 10_000)]
    pub count: u64,
    /// Seed: the same seed and count always give the same articles.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write JSONL to this file (`-` for stdout) instead of producing to Kafka.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Bootstrap brokers, comma separated.
    #[arg(long, env = "NEWSWORKER_BROKERS", default_value = "localhost:9092")]
    pub brokers: String,
    /// Topic to produce to.
    #[arg(
        long,
        env = "NEWSWORKER_INPUT_TOPIC",
        default_value = "news.articles.raw"
    )]
    pub topic: String,
    /// Articles per second (default: as fast as the broker acknowledges).
    #[arg(long, value_parser = parse_positive_f64)]
    pub rate: Option<f64>,
    /// Raw librdkafka producer setting `key=value`, applied last (repeatable).
    #[arg(short = 'X', value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub rdkafka: Vec<(String, String)>,
}

impl LoadgenArgs {
    /// The load generator's producer: batched and compressed like the worker's.
    pub fn producer_config(&self) -> rdkafka::ClientConfig {
        let mut c = rdkafka::ClientConfig::new();
        c.set("bootstrap.servers", &self.brokers)
            .set("client.id", "newsworker-loadgen")
            .set("linger.ms", "5")
            .set("compression.type", "lz4")
            .set("message.max.bytes", "33554432");
        for (k, v) in &self.rdkafka {
            c.set(k, v);
        }
        c
    }
}

/// A librdkafka setting that librdkafka itself refused, as one line naming the option.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{option}: {reason}")]
pub struct KafkaConfigError {
    /// How the user spelled it: `-X key=value`, or the flag that produced it.
    pub option: String,
    pub reason: String,
}

impl KafkaArgs {
    /// Consumer settings: ours first, `-X` last so it wins.
    pub fn consumer_config(&self) -> rdkafka::ClientConfig {
        let mut c = rdkafka::ClientConfig::new();
        c.set("bootstrap.servers", &self.brokers)
            .set("group.id", &self.group)
            .set("client.id", "newsworker")
            // Offsets are stored by the worker only after every output is acknowledged;
            // the stored ones are then committed in the background and on revoke/shutdown.
            .set("enable.auto.offset.store", "false")
            .set("enable.auto.commit", "true")
            .set("auto.offset.reset", "earliest")
            // Committed offsets (what lag monitors read) trail the work by at
            // most half a second; librdkafka skips a commit when nothing moved.
            .set("auto.commit.interval.ms", "500")
            // Consumer lag per partition comes from librdkafka's statistics;
            // every second, so the gauge is as fresh as the commits.
            .set("statistics.interval.ms", "1000")
            // Prefetch at most 16 MB (librdkafka's default is 64 MB): with
            // --max-in-flight messages already in the worker this keeps a
            // backlog's resident memory low without starving the pipeline.
            .set("queued.max.messages.kbytes", "16384");
        if self.guarantee == Guarantee::ExactlyOnce {
            // Offsets commit inside the producer's transactions only.
            c.set("enable.auto.commit", "false")
                .set("isolation.level", "read_committed");
        }
        self.apply_passthrough(&mut c);
        c
    }

    /// Producer settings: idempotent so librdkafka's own retries never duplicate.
    pub fn producer_config(&self) -> rdkafka::ClientConfig {
        let mut c = rdkafka::ClientConfig::new();
        c.set("bootstrap.servers", &self.brokers)
            .set("client.id", "newsworker")
            .set("enable.idempotence", "true")
            // Statistics every second say which brokers the producer still
            // knows (see kafka::brokers).
            .set("statistics.interval.ms", "1000")
            // Batches of up to 5 ms (librdkafka's default), compressed with
            // lz4 (JSON text compresses well; lz4 is the cheapest codec on
            // CPU). 10 ms or more saves about 4 % CPU per article but adds
            // its wait to every output, pushing the half-load p99 past 50 ms;
            // see BENCHMARKS.md (Throughput, Producer batching).
            .set("linger.ms", "5")
            .set("compression.type", "lz4")
            // librdkafka refuses records over 1 MB locally by default; a long
            // article's normalised record can be larger. The topic's
            // max.message.bytes on the broker is the limit that counts.
            .set("message.max.bytes", "33554432");
        if self.guarantee == Guarantee::ExactlyOnce {
            c.set("transactional.id", self.transactional_id());
        }
        self.apply_passthrough(&mut c);
        c
    }

    /// Stable per instance, so a restarted worker fences its predecessor and
    /// aborts the transaction it left open: `<group>-<hostname>` (a pod name
    /// under Kubernetes). Override with `-X transactional.id=...` when several
    /// workers of one group share a host.
    pub fn transactional_id(&self) -> String {
        let host = std::env::var("HOSTNAME")
            .ok()
            .filter(|h| !h.is_empty())
            .or_else(|| {
                std::fs::read_to_string("/etc/hostname")
                    .ok()
                    .map(|h| h.trim().to_string())
                    .filter(|h| !h.is_empty())
            })
            .unwrap_or_else(|| "localhost".into());
        format!("{}-{host}", self.group)
    }

    /// Every raw librdkafka setting in the order applied: environment, then `-X`.
    pub fn passthrough(&self) -> impl Iterator<Item = &(String, String)> {
        self.rdkafka_env
            .iter()
            .flat_map(|s| s.0.iter())
            .chain(self.rdkafka.iter())
    }

    /// How the user spelled a raw setting, for error messages (secrets redacted).
    fn spelled(&self, key: &str) -> Option<String> {
        if let Some((k, v)) = self.rdkafka.iter().rev().find(|(k, _)| k == key) {
            return Some(format!("-X {k}={}", shown(k, v)));
        }
        self.rdkafka_env
            .iter()
            .flat_map(|s| s.0.iter())
            .find(|(k, _)| k == key)
            .map(|(k, v)| format!("NEWSWORKER_RDKAFKA {k}={}", shown(k, v)))
    }

    /// `text` with the value of every secret setting replaced, for errors that
    /// quote what librdkafka was given.
    fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (k, v) in self.passthrough() {
            if is_secret(k) && !v.is_empty() {
                out = out.replace(v.as_str(), REDACTED);
            }
        }
        out
    }

    fn apply_passthrough(&self, c: &mut rdkafka::ClientConfig) {
        for (k, v) in self.passthrough() {
            c.set(k, v);
        }
    }

    /// The value librdkafka will use for `key`: a `-X` (or `NEWSWORKER_RDKAFKA`)
    /// setting wins over the flag that sets it, so logs must name this one.
    pub fn effective(&self, key: &str) -> Option<String> {
        let ours = match key {
            "bootstrap.servers" => Some(self.brokers.clone()),
            "group.id" => Some(self.group.clone()),
            _ => None,
        };
        self.passthrough()
            .filter(|(k, _)| k == key)
            .last()
            .map(|(_, v)| v.clone())
            .or(ours)
    }

    /// Check every setting with librdkafka before anything starts, so a typo in
    /// `-X` is one clear line at start-up rather than a failure later.
    pub fn validate(&self) -> Result<(), KafkaConfigError> {
        // librdkafka accepts these empty and only fails later, obscurely
        // ("consumer queue not available"), or never connects at all.
        for (key, flag) in [("bootstrap.servers", "--brokers"), ("group.id", "--group")] {
            let value = self.effective(key).unwrap_or_default();
            if value.split(',').all(|s| s.trim().is_empty()) {
                return Err(KafkaConfigError {
                    option: self
                        .spelled(key)
                        .unwrap_or_else(|| format!("{flag} {value:?}")),
                    reason: format!("{key} must not be empty"),
                });
            }
        }
        for config in [self.consumer_config(), self.producer_config()] {
            if let Err(e) = config.create_native_config() {
                return Err(self.explain(e));
            }
        }
        // Some conflicts (e.g. `acks=1` with idempotence) only show when a client
        // is created: dry-run both, without brokers so nothing connects or logs.
        let dry = |mut c: rdkafka::ClientConfig| {
            c.remove("bootstrap.servers");
            c.set_log_level(rdkafka::config::RDKafkaLogLevel::Emerg);
            c
        };
        dry(self.producer_config())
            .create::<rdkafka::producer::BaseProducer>()
            .map_err(|e| self.explain(e))?;
        dry(self.consumer_config())
            .create::<rdkafka::consumer::BaseConsumer>()
            .map_err(|e| self.explain(e))?;
        Ok(())
    }

    /// Name the option behind a librdkafka configuration error; secret values
    /// never appear in it.
    pub fn explain(&self, e: rdkafka::error::KafkaError) -> KafkaConfigError {
        let e = self.explain_raw(e);
        KafkaConfigError {
            option: self.scrub(&e.option),
            reason: self.scrub(&e.reason),
        }
    }

    fn explain_raw(&self, e: rdkafka::error::KafkaError) -> KafkaConfigError {
        match e {
            rdkafka::error::KafkaError::ClientConfig(_, desc, key, value) => {
                let option = if let Some(spelled) = self.spelled(&key) {
                    spelled
                } else if key == "bootstrap.servers" {
                    format!("--brokers {value}")
                } else if key == "group.id" {
                    format!("--group {value}")
                } else {
                    format!("{key}={}", shown(&key, &value))
                };
                KafkaConfigError {
                    option,
                    reason: one_line(&desc),
                }
            }
            rdkafka::error::KafkaError::ClientCreation(msg) => {
                // Conflicts are found when the client is created; librdkafka
                // quotes the property in backticks, so name the -X that set it.
                let option = self
                    .passthrough()
                    .find(|(k, _)| msg.contains(&format!("`{k}`")))
                    .and_then(|(k, _)| self.spelled(k))
                    .unwrap_or_else(|| "kafka client configuration".into());
                KafkaConfigError {
                    option,
                    reason: one_line(&msg),
                }
            }
            other => KafkaConfigError {
                option: "kafka client".into(),
                reason: one_line(&other.to_string()),
            },
        }
    }
}

const REDACTED: &str = "<redacted>";

/// librdkafka settings whose values are secrets (passwords, private keys,
/// OAuth and JAAS configuration): never echoed in errors, logs or metrics.
pub fn is_secret(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "password",
        "secret",
        "key.pem",
        "jaas",
        "oauthbearer.config",
        "token",
        "credential",
    ]
    .iter()
    .any(|s| k.contains(s))
}

fn shown<'a>(key: &str, value: &'a str) -> &'a str {
    if is_secret(key) {
        REDACTED
    } else {
        value
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `30s`, `500ms`, `2m`, or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (examples: 30s, 500ms, 2m)"))?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => {
            return Err(format!(
                "`{s}` has an unknown unit `{unit}` (use ms, s, m or h)"
            ))
        }
    };
    if !secs.is_finite() || secs < 0.0 {
        return Err(format!("`{s}` is not a valid duration"));
    }
    // Deadlines are computed as now + duration; anything longer than this is
    // a typo, and far larger values would overflow the clock arithmetic.
    if secs > MAX_DURATION.as_secs_f64() {
        return Err(format!(
            "`{s}` is too long (at most {}h)",
            MAX_DURATION.as_secs() / 3600
        ));
    }
    Duration::try_from_secs_f64(secs).map_err(|_| format!("`{s}` is not a valid duration"))
}

/// The longest duration any option accepts: 365 days.
pub const MAX_DURATION: Duration = Duration::from_secs(365 * 24 * 3600);

fn parse_positive_f64(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 => Ok(n),
        _ => Err(format!("`{s}` is not a positive number")),
    }
}

fn parse_positive_usize(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be greater than 0".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{s}` is not a positive whole number")),
    }
}

/// `k=v,k2=v2`, where a piece without `=` continues the previous value.
fn parse_settings_list(s: &str) -> Result<Settings, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for piece in s.split(',') {
        if piece.trim().is_empty() {
            continue;
        }
        match (piece.contains('='), out.last_mut()) {
            (false, Some((_, v))) => {
                v.push(',');
                v.push_str(piece);
            }
            _ => out.push(parse_key_value(piece)?),
        }
    }
    Ok(Settings(out))
}

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("`{s}` is not KEY=VALUE")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error_line(args: &[&str]) -> String {
        let err = Cli::try_parse_from(args).expect_err("should be rejected");
        err.render()
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    }

    fn run_args(extra: &[&str]) -> KafkaArgs {
        let mut argv = vec!["newsworker", "run"];
        argv.extend_from_slice(extra);
        match Cli::try_parse_from(argv).expect("valid arguments").command {
            Command::Run(r) => r.kafka,
            other => panic!("not run: {other:?}"),
        }
    }

    #[test]
    fn bad_flag_values_name_the_option_in_one_line() {
        let line = first_error_line(&["newsworker", "run", "--drain-timeout", "soon"]);
        assert!(line.contains("--drain-timeout"), "{line}");
        assert!(line.contains("not a duration"), "{line}");
        let line = first_error_line(&["newsworker", "run", "--max-in-flight", "0"]);
        assert!(line.contains("--max-in-flight"), "{line}");
        assert!(line.contains("greater than 0"), "{line}");
        let line = first_error_line(&["newsworker", "run", "--metrics-addr", "localhost"]);
        assert!(line.contains("--metrics-addr"), "{line}");
        let line = first_error_line(&["newsworker", "run", "-X", "linger.ms"]);
        assert!(line.contains("KEY=VALUE"), "{line}");
        let line = first_error_line(&["newsworker", "run", "--guarantee", "twice"]);
        assert!(line.contains("--guarantee"), "{line}");
    }

    #[test]
    fn defaults_follow_the_design() {
        let k = run_args(&[]);
        assert_eq!(k.brokers, "localhost:9092");
        assert_eq!(k.group, "newsworker");
        assert_eq!(k.input_topic, "news.articles.raw");
        assert_eq!(k.events_topic, "news.events");
        assert_eq!(k.normalized_topic, "news.articles.normalized");
        assert_eq!(k.dlq_topic, "news.articles.dlq");
        assert_eq!(k.guarantee, Guarantee::AtLeastOnce);
        assert_eq!(k.drain_timeout, Duration::from_secs(30));
        assert!(k.validate().is_ok());
    }

    #[test]
    fn passthrough_is_applied_last() {
        let k = run_args(&["-X", "enable.auto.commit=false", "-X", "linger.ms=50"]);
        let c = k.consumer_config();
        assert_eq!(c.get("enable.auto.commit"), Some("false"));
        assert_eq!(c.get("enable.auto.offset.store"), Some("false"));
        assert_eq!(k.producer_config().get("linger.ms"), Some("50"));
        assert!(k.validate().is_ok());
    }

    #[test]
    fn x_values_keep_their_commas() {
        let k = run_args(&["-X", "partition.assignment.strategy=range,roundrobin"]);
        assert_eq!(
            k.rdkafka,
            vec![(
                "partition.assignment.strategy".to_string(),
                "range,roundrobin".to_string()
            )]
        );
        assert!(k.validate().is_ok());
    }

    #[test]
    fn environment_settings_are_a_comma_list() {
        let s = parse_settings_list(
            "linger.ms=5,partition.assignment.strategy=range,roundrobin,acks=all",
        )
        .unwrap();
        assert_eq!(
            s.0,
            vec![
                ("linger.ms".to_string(), "5".to_string()),
                (
                    "partition.assignment.strategy".to_string(),
                    "range,roundrobin".to_string()
                ),
                ("acks".to_string(), "all".to_string()),
            ]
        );
        assert!(parse_settings_list("oops").is_err());
        // -X is applied after the environment, so it wins.
        let mut k = run_args(&["-X", "linger.ms=50"]);
        k.rdkafka_env = Some(s);
        assert_eq!(k.producer_config().get("linger.ms"), Some("50"));
        assert_eq!(
            k.spelled("acks").as_deref(),
            Some("NEWSWORKER_RDKAFKA acks=all")
        );
    }

    #[test]
    fn librdkafka_rejections_name_the_x_option() {
        let e = run_args(&["-X", "no.such.property=1"])
            .validate()
            .expect_err("unknown property");
        assert_eq!(e.option, "-X no.such.property=1");
        let line = e.to_string();
        assert!(!line.contains('\n'), "{line}");
        assert!(line.starts_with("-X no.such.property=1: "), "{line}");

        let e = run_args(&["-X", "session.timeout.ms=abc"])
            .validate()
            .expect_err("not a number");
        assert!(
            e.to_string().starts_with("-X session.timeout.ms=abc: "),
            "{e}"
        );
        assert!(e.reason.to_lowercase().contains("invalid"), "{e}");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("5").unwrap(), Duration::from_secs(5));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 weeks").is_err());
    }

    #[test]
    fn durations_too_long_are_an_error_not_a_panic() {
        for s in [
            "99999999999999999h",
            "9999999999999999999999999999999999999s",
            "9000h",
            "18446744073709551616",
        ] {
            let e = parse_duration(s).expect_err(s);
            assert!(e.contains("too long") || e.contains("not a"), "{s}: {e}");
        }
        assert_eq!(parse_duration("8760h").unwrap(), MAX_DURATION);
        let line =
            first_error_line(&["newsworker", "run", "--drain-timeout", "99999999999999999h"]);
        assert!(
            line.contains("--drain-timeout") && line.contains("too long"),
            "{line}"
        );
        let line = first_error_line(&["newsworker", "demo", "--linger", "99999999999999999h"]);
        assert!(
            line.contains("--linger") && line.contains("too long"),
            "{line}"
        );
    }

    #[test]
    fn empty_brokers_or_group_are_refused_naming_the_setting() {
        let e = run_args(&["-X", "bootstrap.servers="])
            .validate()
            .unwrap_err();
        assert_eq!(e.option, "-X bootstrap.servers=");
        assert!(
            e.reason.contains("bootstrap.servers must not be empty"),
            "{e}"
        );
        let e = run_args(&["-X", "group.id="]).validate().unwrap_err();
        assert_eq!(e.option, "-X group.id=");
        assert!(e.reason.contains("group.id must not be empty"), "{e}");
        let e = run_args(&["--brokers", " , "]).validate().unwrap_err();
        assert!(e.to_string().starts_with("--brokers"), "{e}");
        let e = run_args(&["--group", ""]).validate().unwrap_err();
        assert!(e.to_string().starts_with("--group"), "{e}");
    }

    #[test]
    fn the_effective_brokers_are_the_x_ones() {
        let k = run_args(&["--brokers", "a:1", "-X", "bootstrap.servers=127.0.0.1:2"]);
        assert_eq!(
            k.effective("bootstrap.servers").as_deref(),
            Some("127.0.0.1:2")
        );
        assert_eq!(
            k.consumer_config().get("bootstrap.servers"),
            Some("127.0.0.1:2")
        );
        assert_eq!(
            run_args(&["--brokers", "a:1"])
                .effective("bootstrap.servers")
                .as_deref(),
            Some("a:1")
        );
    }

    #[test]
    fn secrets_never_appear_in_configuration_errors() {
        let k = run_args(&[
            "-X",
            "sasl.password=hunter2",
            "-X",
            "ssl.key.password=sw0rdfish",
        ]);
        assert_eq!(
            k.spelled("sasl.password").as_deref(),
            Some("-X sasl.password=<redacted>")
        );
        let e = k.explain(rdkafka::error::KafkaError::ClientConfig(
            rdkafka::types::RDKafkaConfRes::RD_KAFKA_CONF_INVALID,
            "Invalid value \"hunter2\" for configuration property \"sasl.password\"".into(),
            "sasl.password".into(),
            "hunter2".into(),
        ));
        let line = e.to_string();
        assert!(!line.contains("hunter2"), "{line}");
        assert!(line.contains("sasl.password"), "{line}");
        let e = k.explain(rdkafka::error::KafkaError::ClientCreation(
            "`ssl.key.password` sw0rdfish cannot be used".into(),
        ));
        assert!(!e.to_string().contains("sw0rdfish"), "{e}");
        assert!(is_secret("sasl.oauthbearer.client.secret"));
        assert!(!is_secret("bootstrap.servers"));
        // Through librdkafka for real: an unknown property next to secrets.
        let mut k = run_args(&["-X", "sasl.password=hunter2", "-X", "no.such.property=1"]);
        let e = k.validate().unwrap_err().to_string();
        assert!(!e.contains("hunter2"), "{e}");
        k.rdkafka_env = Some(Settings(vec![("sasl.password".into(), "hunter3".into())]));
        assert_eq!(
            k.spelled("sasl.password").as_deref(),
            Some("-X sasl.password=<redacted>")
        );
    }

    #[test]
    fn key_values() {
        assert_eq!(
            parse_key_value("linger.ms=5").unwrap(),
            ("linger.ms".to_string(), "5".to_string())
        );
        assert!(parse_key_value("linger.ms").is_err());
        assert!(parse_key_value("=5").is_err());
    }
}
