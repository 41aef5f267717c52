//! `newsworker demo`: librdkafka's MOCK cluster in-process (not a real Kafka
//! broker), the bundled sample articles produced to the input topic, the real
//! worker loop ([`super::work`]) run against it, and the events it published
//! read back from the events topic and printed. `/metrics` is served meanwhile.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Headers, Message, OwnedMessage};
use rdkafka::mocking::MockCluster;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use rdkafka::{ClientConfig, Offset, TopicPartitionList};
use serde_json::Value;

use crate::config::{DemoArgs, Guarantee, KafkaArgs};
use crate::http::{self, Health};
use crate::metrics::Metrics;
use crate::pipeline::Pipeline;
use crate::shutdown::{self, Shutdown};

use super::KafkaError;

/// The bundled samples: `(key, raw message bytes)`, exactly as a producer would send them.
pub fn samples() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let seed = include_str!("../../data/samples/seed-article-azerbaijan-isf.txt");
    let (title, body) = seed.split_once('\n').unwrap_or((seed, ""));
    let seed_json = serde_json::json!({
        "id": "sample-azerbaijan-isf",
        "title": title,
        "body": body,
        "source": "seed fixture",
        "url": "https://example.org/world/azerbaijan-isf-gaza",
    });
    out.push((
        "sample-azerbaijan-isf".to_string(),
        seed_json.to_string().into_bytes(),
    ));
    for line in include_str!("../../data/samples/articles.jsonl").lines() {
        if line.trim().is_empty() {
            continue;
        }
        let key = serde_json::from_str::<Value>(line)
            .ok()
            .and_then(|v| v["id"].as_str().map(str::to_string))
            .unwrap_or_default();
        out.push((key, line.as_bytes().to_vec()));
    }
    out.push((
        "sample-truncated".to_string(),
        include_bytes!("../../data/samples/malformed-truncated.json").to_vec(),
    ));
    out
}

const DEFAULT_METRICS_ADDR: &str = "127.0.0.1:9090";
const INPUT: &str = "news.articles.raw";
const EVENTS: &str = "news.events";
const NORMALIZED: &str = "news.articles.normalized";
const DLQ: &str = "news.articles.dlq";

pub async fn run(args: &DemoArgs, pipeline: Pipeline) -> Result<(), KafkaError> {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "newsworker demo: librdkafka's MOCK cluster, in-process (a test double of Kafka, not a real broker)\n"
    );
    let listener = match args.metrics_addr {
        Some(addr) => super::bind_metrics(addr).await?,
        // Zero setup: 9090 if free, else any port (the address is printed).
        None => match http::bind(DEFAULT_METRICS_ADDR.parse().expect("valid address")).await {
            Ok(l) => l,
            Err(_) => super::bind_metrics("127.0.0.1:0".parse().expect("valid address")).await?,
        },
    };
    let addr = listener.local_addr()?;
    let cluster = MockCluster::new(1)?;
    cluster.create_topic(INPUT, 2, 1)?;
    for t in [EVENTS, NORMALIZED, DLQ] {
        cluster.create_topic(t, 1, 1)?;
    }
    let bootstrap = cluster.bootstrap_servers();

    let kafka = KafkaArgs {
        brokers: bootstrap.clone(),
        group: "newsworker-demo".into(),
        input_topic: INPUT.into(),
        events_topic: EVENTS.into(),
        normalized_topic: NORMALIZED.into(),
        dlq_topic: DLQ.into(),
        metrics_addr: addr,
        guarantee: Guarantee::AtLeastOnce,
        drain_timeout: Duration::from_secs(10),
        max_in_flight: 64,
        cpu_slots: None,
        rdkafka: vec![("statistics.interval.ms".into(), "1000".into())],
        rdkafka_env: None,
    };

    let samples = samples();
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .create()?;
    for (key, value) in &samples {
        producer
            .send(
                FutureRecord::to(INPUT).key(key).payload(value),
                Timeout::After(Duration::from_secs(10)),
            )
            .await
            .map_err(|(e, _)| e)?;
    }
    drop(producer);
    let _ = writeln!(
        out,
        "produced {} sample articles to {INPUT} (2 partitions) at {bootstrap}",
        samples.len()
    );

    // The real worker, exactly as `newsworker run` wires it.
    let metrics = Arc::new(Metrics::new(pipeline.extractor_version()));
    let clients = super::clients(&kafka, metrics.clone())?;
    let shutdown = Shutdown::new();
    // A signal stops the worker (if still running) and ends the linger; kept
    // apart from `shutdown`, which the demo triggers itself when done.
    let interrupted = Shutdown::new();
    tokio::spawn(shutdown::on_signals(interrupted.clone()));
    {
        let (interrupted, shutdown) = (interrupted.clone(), shutdown.clone());
        tokio::spawn(async move {
            interrupted.wait().await;
            shutdown.trigger();
        });
    }
    let health = Health {
        metrics: metrics.clone(),
        shutdown: shutdown.clone(),
    };
    let server = http::Server::spawn(listener, health);
    let _ = writeln!(out, "serving http://{addr}/metrics while the worker runs\n");
    let _ = out.flush();

    let worker = {
        let (kafka, metrics, shutdown) = (kafka.clone(), metrics.clone(), shutdown.clone());
        tokio::spawn(async move {
            super::work(&kafka, clients, Arc::new(pipeline), metrics, shutdown).await
        })
    };

    // Done when every sample has a stored outcome; then drain and commit as on SIGTERM.
    let expected = samples.len() as u64;
    let deadline = Instant::now() + Duration::from_secs(60);
    let processed = || {
        metrics.articles.with_label_values(&["accepted"]).get()
            + metrics.articles.with_label_values(&["rejected"]).get()
    };
    while !(processed() >= expected && metrics.in_flight.get() == 0) {
        if Instant::now() > deadline || shutdown.is_triggered() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    shutdown.trigger();
    let summary = worker
        .await
        .map_err(|e| KafkaError::Io(std::io::Error::other(e)))??;
    if processed() < expected {
        server.stop().await;
        return Err(KafkaError::Io(std::io::Error::other(format!(
            "demo: only {} of {expected} samples were processed",
            processed()
        ))));
    }

    let read = {
        let bootstrap = bootstrap.clone();
        tokio::task::spawn_blocking(move || -> Result<_, KafkaError> {
            Ok((
                read_all(&bootstrap, EVENTS)?,
                read_all(&bootstrap, NORMALIZED)?,
                read_all(&bootstrap, DLQ)?,
            ))
        })
    };
    let (events, normalized, dlq) = read
        .await
        .map_err(|e| KafkaError::Io(std::io::Error::other(e)))??;
    print_report(&mut out, &events, &normalized, &dlq);
    let _ = writeln!(
        out,
        "\nworker: consumed {} messages, stored and committed every offset; metrics:",
        summary.consumed
    );
    for line in metrics.render().lines() {
        let interesting = [
            "newsworker_messages_consumed_total",
            "newsworker_articles_total",
            "newsworker_dead_letters_total",
            "newsworker_events_total",
            "newsworker_repairs_total",
            "newsworker_records_published_total",
        ];
        if !line.starts_with('#')
            && interesting.iter().any(|p| line.starts_with(p))
            && !line.ends_with(" 0")
        {
            let _ = writeln!(out, "  {line}");
        }
    }
    let _ = out.flush();
    drop(out);

    if !args.linger.is_zero() {
        tracing::info!(addr = %addr, linger = ?args.linger, "still serving /metrics");
        tokio::select! {
            _ = tokio::time::sleep(args.linger) => {}
            _ = interrupted.wait() => {}
        }
    }
    server.stop().await;
    drop(cluster);
    Ok(())
}

/// Every record in `topic`, from the beginning of each partition.
fn read_all(bootstrap: &str, topic: &str) -> Result<Vec<OwnedMessage>, KafkaError> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", "newsworker-demo-reader")
        .set("enable.auto.commit", "false")
        .create()?;
    let md = consumer.fetch_metadata(Some(topic), Duration::from_secs(10))?;
    let mut ends = HashMap::new();
    let mut tpl = TopicPartitionList::new();
    for t in md.topics() {
        for p in t.partitions() {
            let (lo, hi) = consumer.fetch_watermarks(topic, p.id(), Duration::from_secs(10))?;
            if hi > lo {
                ends.insert(p.id(), hi);
                tpl.add_partition_offset(topic, p.id(), Offset::Beginning)?;
            }
        }
    }
    let mut out = Vec::new();
    if !ends.is_empty() {
        consumer.assign(&tpl)?;
    }
    drop(tpl); // before the consumer: a live list blocks consumer close
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ends.is_empty() && Instant::now() < deadline {
        if let Some(m) = consumer.poll(Duration::from_millis(200)) {
            let m = m?;
            if ends
                .get(&m.partition())
                .is_some_and(|&hi| m.offset() + 1 >= hi)
            {
                ends.remove(&m.partition());
            }
            out.push(m.detach());
        }
    }
    Ok(out)
}

fn json(m: &OwnedMessage) -> Value {
    m.payload()
        .and_then(|p| serde_json::from_slice(p).ok())
        .unwrap_or(Value::Null)
}

fn header(m: &OwnedMessage, name: &str) -> String {
    m.headers()
        .and_then(|h| {
            h.iter()
                .find(|h| h.key == name)
                .and_then(|h| h.value)
                .map(|v| String::from_utf8_lossy(v).into_owned())
        })
        .unwrap_or_default()
}

fn actor(v: &Value) -> String {
    if v.is_null() {
        return "-".into();
    }
    let mut s = v["name"].as_str().unwrap_or("?").to_string();
    if let Some(c) = v["country"].as_str() {
        s.push_str(&format!(" ({c})"));
    }
    match (v["person"].as_str(), v["role"].as_str()) {
        (Some(p), Some(r)) => s.push_str(&format!(", voiced by {r} {p}")),
        (Some(p), None) => s.push_str(&format!(", voiced by {p}")),
        _ => {}
    }
    s
}

fn print_report(
    out: &mut impl Write,
    events: &[OwnedMessage],
    normalized: &[OwnedMessage],
    dlq: &[OwnedMessage],
) {
    let titles: HashMap<String, String> = normalized
        .iter()
        .map(json)
        .map(|a| {
            (
                a["article_id"].as_str().unwrap_or_default().to_string(),
                a["title"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let _ = writeln!(out, "== {} events read back from {EVENTS} ==", events.len());
    for m in events {
        let e = json(m);
        let _ = writeln!(
            out,
            "\n{} (CAMEO {}, {}), {}",
            e["event_type"].as_str().unwrap_or("?"),
            e["cameo_code"].as_str().unwrap_or("?"),
            e["quad_class"].as_str().unwrap_or("?"),
            e["modality"].as_str().unwrap_or("?"),
        );
        let article_id = e["article_id"].as_str().unwrap_or_default();
        let _ = writeln!(
            out,
            "  article:   {}",
            titles
                .get(article_id)
                .map(String::as_str)
                .unwrap_or(article_id)
        );
        let _ = writeln!(out, "  actor:     {}", actor(&e["actor"]));
        let _ = writeln!(out, "  recipient: {}", actor(&e["recipient"]));
        if !e["location"].is_null() {
            let _ = writeln!(
                out,
                "  location:  {} ({})",
                e["location"]["name"].as_str().unwrap_or("?"),
                e["location"]["country"].as_str().unwrap_or("-")
            );
        }
        if let Some(c) = e["condition"].as_str() {
            let _ = writeln!(out, "  condition: {c}");
        }
        for ev in e["evidence"].as_array().into_iter().flatten() {
            let _ = writeln!(
                out,
                "  evidence:  [{}..{}] \"{}\"",
                ev["start"],
                ev["end"],
                ev["text"].as_str().unwrap_or_default()
            );
        }
        let _ = writeln!(
            out,
            "  headers:   ce_type={} ce_id={}",
            header(m, "ce_type"),
            header(m, "ce_id")
        );
    }
    let _ = writeln!(
        out,
        "\n== {} normalised articles in {NORMALIZED} ==",
        normalized.len()
    );
    for m in normalized {
        let a = json(m);
        let repairs: Vec<&str> = a["repairs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let _ = writeln!(
            out,
            "  {:<70} events={} repairs=[{}]",
            a["title"].as_str().unwrap_or_default(),
            a["event_ids"].as_array().map_or(0, Vec::len),
            repairs.join(", ")
        );
    }
    let _ = writeln!(out, "\n== {} dead letters in {DLQ} ==", dlq.len());
    for m in dlq {
        let _ = writeln!(
            out,
            "  {}: {} (key {}, {} original bytes kept)",
            header(m, "newsworker-error-kind"),
            header(m, "newsworker-error"),
            m.key().map(String::from_utf8_lossy).unwrap_or_default(),
            m.payload().map_or(0, <[u8]>::len)
        );
    }
}
