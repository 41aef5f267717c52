//! The worker end to end against a real Apache Kafka broker (KRaft, single node,
//! started by `util.rs` from the Maven jars): the real `newsworker run` binary,
//! real topics, real consumer group offsets.

mod util;

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use rdkafka::message::{Message, OwnedMessage};
use serde_json::{json, Value};
use util::{header, Broker, TestTopics, Worker};

const READY: Duration = Duration::from_secs(60);
const OUTPUT: Duration = Duration::from_secs(60);

fn article(i: usize) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "id": format!("article-{i}"),
        "title": format!("Council meets for session {i}"),
        "body": format!("The city council met on Tuesday for session number {i}. Members discussed the budget and the new library."),
        "source": "example.org",
        "published_at": "2025-11-20T08:00:00Z",
    }))
    .unwrap()
}

/// `n` inputs spread round robin over `partitions`: with `Some(k)`, every k-th
/// is malformed JSON (index 7 mod k) or the seed article (index 9 mod k); the
/// rest are small articles.
fn inputs(
    n: usize,
    partitions: i32,
    broken_every: Option<usize>,
    seed_every: Option<usize>,
) -> Vec<util::Record> {
    (0..n)
        .map(|i| {
            let v = if broken_every.is_some_and(|k| i % k == 7) {
                format!("{{\"broken\": {i}").into_bytes()
            } else if seed_every.is_some_and(|k| i % k == 9) {
                util::seed_article()
            } else {
                article(i)
            };
            let p = (i % partitions as usize) as i32;
            (Some(format!("k{i}").into_bytes()), v, Some(p))
        })
        .collect()
}

/// Start a deliberately slow worker (one message in flight), let it publish
/// `progress` normalised records, then SIGKILL it.
fn kill_midway(broker: &Broker, topics: &TestTopics, extra: &[&str], progress: i64) {
    let mut args = vec!["--max-in-flight", "1"];
    args.extend_from_slice(extra);
    let mut first = worker(broker, topics, &args);
    let deadline = Instant::now() + OUTPUT;
    while broker.count(&topics.normalized) < progress {
        assert!(
            Instant::now() < deadline,
            "no progress before the kill:\n{}",
            first.log_tail(40)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    first.sigkill();
}

fn json_of(m: &OwnedMessage) -> Value {
    serde_json::from_slice(m.payload().unwrap_or_default()).expect("output is JSON")
}

/// Start a worker and wait until it has partitions.
fn worker(broker: &Broker, topics: &TestTopics, extra: &[&str]) -> Worker {
    let mut w = Worker::start(broker, topics, extra);
    w.wait_ready(READY);
    w
}

fn wait_or_dump(broker: &Broker, topic: &str, n: i64, w: &Worker) {
    assert!(
        broker.wait_count(topic, n, OUTPUT),
        "{topic} never reached {n} records (has {}):\n{}",
        broker.count(topic),
        w.log_tail(40)
    );
}

#[test]
fn seed_article_gives_one_normalized_record_and_the_reject_event() {
    let Some(broker) = util::broker() else { return };
    let topics = broker.topics(1);
    let w = worker(broker, &topics, &[]);
    broker.produce(
        &topics.input,
        &[(Some(b"seed".to_vec()), util::seed_article(), None)],
    );
    wait_or_dump(broker, &topics.normalized, 1, &w);
    // Let any stray extra output arrive before counting.
    std::thread::sleep(Duration::from_secs(2));

    let normalized = broker.read_all(&topics.normalized);
    assert_eq!(normalized.len(), 1, "exactly one normalised record");
    let art = json_of(&normalized[0]);
    assert_eq!(art["schema"], "newsworker.article/v1");
    let article_id = art["article_id"].as_str().unwrap().to_string();
    assert_eq!(normalized[0].key(), Some(article_id.as_bytes()));
    assert_eq!(art["source_offset"]["topic"], topics.input.as_str());
    assert_eq!(art["source_offset"]["offset"], 0);
    let errors = util::schema_errors("article.v1.schema.json", &art);
    assert!(errors.is_empty(), "article off schema: {errors:#?}");
    let body = art["body"].as_str().unwrap();
    assert!(!body.contains('โ'), "mojibake left in body");
    assert!(
        broker.read_all(&topics.dlq).is_empty(),
        "nothing dead-lettered"
    );

    let events = broker.read_all(&topics.events);
    let ids: BTreeSet<String> = art["event_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        events.len(),
        ids.len(),
        "one event record per event id in the article"
    );
    for e in &events {
        let v = json_of(e);
        let errors = util::schema_errors("event.v1.schema.json", &v);
        assert!(errors.is_empty(), "event off schema: {errors:#?}");
        assert_eq!(
            e.key(),
            Some(article_id.as_bytes()),
            "events keyed by article_id"
        );
        assert_eq!(header(e, "ce_specversion").as_deref(), Some("1.0"));
        assert_eq!(header(e, "ce_id").as_deref(), v["event_id"].as_str());
        let ty = v["event_type"].as_str().unwrap().to_ascii_lowercase();
        assert_eq!(
            header(e, "ce_type"),
            Some(format!("org.newsworker.event.{ty}"))
        );
        assert!(header(e, "ce_source").is_some_and(|s| !s.is_empty()));
        assert!(header(e, "ce_time").is_some_and(|s| s.contains('T')));
        assert_eq!(
            header(e, "content-type").as_deref(),
            Some("application/json")
        );
        assert!(ids.contains(v["event_id"].as_str().unwrap()));
    }

    // The REJECT event the whole product is built around (DESIGN.md).
    let rejects: Vec<Value> = events
        .iter()
        .map(json_of)
        .filter(|v| v["event_type"] == "REJECT")
        .collect();
    assert_eq!(
        rejects.len(),
        1,
        "exactly one REJECT event; events were: {:#?}",
        events.iter().map(json_of).collect::<Vec<_>>()
    );
    let r = &rejects[0];
    assert_eq!(r["cameo_code"], "1224", "{r:#}");
    assert_eq!(r["actor"]["country"], "AZE", "{r:#}");
    assert_eq!(r["actor"]["person"], "Ilham Aliyev", "{r:#}");
    assert_eq!(r["actor"]["role"], "President", "{r:#}");
    assert_eq!(r["location"]["country"], "PSE", "{r:#}");
    assert!(
        r["condition"]
            .as_str()
            .is_some_and(|c| c.contains("hostilities")),
        "condition kept: {r:#}"
    );
    let chars: Vec<char> = body.chars().collect();
    let evidence = r["evidence"].as_array().expect("evidence list");
    assert!(!evidence.is_empty());
    for ev in evidence {
        let (s, e) = (
            ev["start"].as_u64().unwrap() as usize,
            ev["end"].as_u64().unwrap() as usize,
        );
        assert!(s < e && e <= chars.len(), "evidence offsets in range: {ev}");
        let slice: String = chars[s..e].iter().collect();
        assert_eq!(slice, ev["text"].as_str().unwrap(), "code-point offsets");
    }
}

#[test]
fn bad_inputs_are_dead_lettered_with_original_bytes_and_the_worker_goes_on() {
    let Some(broker) = util::broker() else { return };
    let topics = broker.topics(1);
    let w = worker(broker, &topics, &["--max-message-bytes", "20000"]);

    let malformed = b"{\"title\": \"Unclosed\", \"body\": \"no end".to_vec();
    // No recoverable text: NULs, control bytes and undecodable high bytes.
    let mut garbage = Vec::new();
    for i in 0..600u32 {
        garbage.push([0x00, 0x01, 0x02, 0x1b, 0x7f, 0xff, 0xfe, 0x80][(i % 8) as usize]);
        garbage.push((i * 37 % 256) as u8 & 0x1f);
    }
    let mut big = article(1);
    big.truncate(big.len() - 2);
    big.extend(std::iter::repeat_n(b'x', 30_000));
    big.extend(b"\"}");
    let inputs = [
        (Some(b"k-malformed".to_vec()), malformed.clone()),
        (Some(b"k-garbage".to_vec()), garbage.clone()),
        (None, big.clone()),
        (Some(b"k-good".to_vec()), article(2)),
    ];
    let records: Vec<_> = inputs
        .iter()
        .map(|(k, v)| (k.clone(), v.clone(), None))
        .collect();
    broker.produce(&topics.input, &records);
    // A tombstone (null value): its dead letter keeps the value null.
    broker.produce_tombstone(&topics.input, b"k-tombstone");

    wait_or_dump(broker, &topics.dlq, 4, &w);
    wait_or_dump(broker, &topics.normalized, 1, &w);
    let dlq = broker.read_all(&topics.dlq);
    assert_eq!(dlq.len(), 4, "four dead letters");
    let by_offset: HashMap<i64, &OwnedMessage> = dlq
        .iter()
        .map(|m| {
            let off = header(m, "newsworker-source-offset")
                .expect("source offset header")
                .parse()
                .unwrap();
            (off, m)
        })
        .collect();
    let expect = [
        (0, "invalid_json", &malformed, Some(&b"k-malformed"[..])),
        (1, "invalid_encoding", &garbage, Some(&b"k-garbage"[..])),
        (2, "too_large", &big, None),
    ];
    for (offset, kind, bytes, key) in expect {
        let m = by_offset
            .get(&offset)
            .unwrap_or_else(|| panic!("no dead letter for offset {offset}"));
        assert_eq!(
            header(m, "newsworker-error-kind").as_deref(),
            Some(kind),
            "offset {offset}: error {:?}",
            header(m, "newsworker-error")
        );
        assert!(header(m, "newsworker-error").is_some_and(|s| !s.is_empty()));
        assert_eq!(
            header(m, "newsworker-source-topic").as_deref(),
            Some(topics.input.as_str())
        );
        assert_eq!(
            header(m, "newsworker-source-partition").as_deref(),
            Some("0")
        );
        assert_eq!(m.payload(), Some(bytes.as_slice()), "original bytes");
        assert_eq!(m.key(), key, "original key");
    }
    let tombstone = by_offset.get(&4).expect("dead letter for the tombstone");
    assert_eq!(tombstone.payload(), None, "null stays null");
    assert_eq!(tombstone.key(), Some(&b"k-tombstone"[..]));
    assert!(header(tombstone, "newsworker-error-kind").is_some());
    // ...and the worker went on to the good article after them.
    let normalized = broker.read_all(&topics.normalized);
    assert_eq!(normalized.len(), 1);
    assert_eq!(json_of(&normalized[0])["source_offset"]["offset"], 3);
}

/// Every input offset must appear in the normalised topic (`source_offset`) or
/// the DLQ (`newsworker-source-offset`).
fn accounted_offsets(broker: &Broker, topics: &TestTopics) -> BTreeSet<(i32, i64)> {
    let mut seen = BTreeSet::new();
    for m in broker.read_all(&topics.normalized) {
        let v = json_of(&m);
        seen.insert((
            v["source_offset"]["partition"].as_i64().unwrap() as i32,
            v["source_offset"]["offset"].as_i64().unwrap(),
        ));
    }
    for m in broker.read_all(&topics.dlq) {
        seen.insert((
            header(&m, "newsworker-source-partition")
                .unwrap()
                .parse()
                .unwrap(),
            header(&m, "newsworker-source-offset")
                .unwrap()
                .parse()
                .unwrap(),
        ));
    }
    seen
}

/// Two workers share the group; one is SIGKILLed midway. The survivor takes
/// its partitions over (after the session timeout) and every input offset is
/// accounted for, with no restart of anything.
#[test]
fn two_workers_one_sigkilled_the_survivor_takes_over_and_nothing_is_lost() {
    let Some(broker) = util::broker() else { return };
    let partitions = 4;
    let topics = broker.topics(partitions);
    let n = 800usize;
    broker.produce(&topics.input, &inputs(n, partitions, Some(50), None));
    let slow = ["--max-in-flight", "1"];
    // Both join before either is waited on, so the group forms once.
    let mut doomed = Worker::start(broker, &topics, &slow);
    let mut survivor = Worker::start(broker, &topics, &slow);
    doomed.wait_ready(Duration::from_secs(120));
    survivor.wait_ready(Duration::from_secs(120));
    let deadline = Instant::now() + OUTPUT;
    while broker.count(&topics.normalized) < 100 {
        assert!(
            Instant::now() < deadline,
            "no progress:\n{}",
            doomed.log_tail(30)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    doomed.sigkill();
    let killed_at = broker.count(&topics.normalized) + broker.count(&topics.dlq);
    assert!((killed_at as usize) < n, "the kill should land midway");
    let deadline = Instant::now() + Duration::from_secs(180);
    while accounted_offsets(broker, &topics).len() < n {
        assert!(
            Instant::now() < deadline,
            "only {} of {n} inputs accounted for after the kill:\n{}",
            accounted_offsets(broker, &topics).len(),
            survivor.log_tail(40)
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    let outputs = broker.count(&topics.normalized) + broker.count(&topics.dlq);
    // At-least-once: what the killed member had published but not committed is
    // published again by the survivor; never fewer than the inputs.
    assert!(outputs as usize >= n);
    eprintln!(
        "two workers, one SIGKILLed: {n} inputs, {outputs} outputs ({} repeated)",
        outputs as usize - n
    );
}

/// An output topic that does not exist, with auto-creation off: nothing is
/// lost and nothing is dead-lettered for it; the partition waits (publishes
/// retry with backoff) and moves on by itself once the topic is created.
#[test]
fn a_missing_output_topic_waits_without_loss_until_it_exists() {
    let Some(broker) = util::broker() else { return };
    let mut topics = broker.topics(1);
    topics.normalized = util::unique("not-yet-normalized");
    let mut w = worker(broker, &topics, &["-X", "allow.auto.create.topics=false"]);
    let n = 5;
    broker.produce(
        &topics.input,
        &(0..n)
            .map(|i| (Some(format!("k{i}").into_bytes()), article(i), None))
            .collect::<Vec<_>>(),
    );
    std::thread::sleep(Duration::from_secs(8));
    assert!(w.try_wait().is_none(), "still running:\n{}", w.log_tail(20));
    assert_eq!(broker.count(&topics.dlq), 0, "nothing dead-lettered for it");
    broker.create_topic(&topics.normalized, 1);
    wait_or_dump(broker, &topics.normalized, n as i64, &w);
    assert_eq!(accounted_offsets(broker, &topics).len(), n);
}

#[test]
fn sigkill_midway_and_restart_loses_no_input() {
    let Some(broker) = util::broker() else { return };
    let partitions = 3;
    let topics = broker.topics(partitions);
    let n = 1000usize;
    // Every 50th is malformed, so both outputs take part.
    broker.produce(&topics.input, &inputs(n, partitions, Some(50), None));
    kill_midway(broker, &topics, &[], 150);
    let before = broker.count(&topics.normalized) + broker.count(&topics.dlq);
    assert!(
        (before as usize) < n,
        "the kill should land midway, but all {before} outputs were already there"
    );

    let second = worker(broker, &topics, &[]);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let seen = accounted_offsets(broker, &topics);
        if seen.len() == n {
            break;
        }
        if Instant::now() > deadline {
            let missing: Vec<_> = (0..n as i64)
                .flat_map(|o| (0..partitions).map(move |p| (p, o)))
                .filter(|k| {
                    // Offsets per partition: records were spread round robin.
                    let count = (n as i64 + 2 - k.0 as i64) / 3;
                    k.1 < count && !seen.contains(k)
                })
                .take(20)
                .collect();
            panic!(
                "only {} of {n} inputs accounted for; missing e.g. {missing:?}\n{}",
                seen.len(),
                second.log_tail(40)
            );
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    // Exactly the input offsets, nothing invented.
    let seen = accounted_offsets(broker, &topics);
    for p in 0..partitions {
        let count = seen.iter().filter(|k| k.0 == p).count() as i64;
        let max = seen.iter().filter(|k| k.0 == p).map(|k| k.1).max().unwrap();
        assert_eq!(
            max + 1,
            count,
            "partition {p}: offsets 0..{count} all present"
        );
    }
}

#[test]
fn metrics_agree_with_what_was_consumed_and_produced() {
    let Some(broker) = util::broker() else { return };
    let topics = broker.topics(2);
    let w = worker(broker, &topics, &[]);
    let (good, bad) = (40usize, 5usize);
    // Explicit partitions: with null keys librdkafka's sticky partitioner may put
    // everything in one, and an empty partition has no lag to report.
    let mut records: Vec<_> = (0..good)
        .map(|i| (None, article(i), Some((i % 2) as i32)))
        .collect();
    records.extend((0..bad).map(|i| {
        let v = format!("not json {i}").into_bytes();
        (None, v, Some((i % 2) as i32))
    }));
    records.push((None, util::seed_article(), Some(0)));
    broker.produce(&topics.input, &records);
    let total = records.len();
    wait_or_dump(broker, &topics.normalized, (good + 1) as i64, &w);
    wait_or_dump(broker, &topics.dlq, bad as i64, &w);

    // Scrape while it runs: counters settle once the last offsets are stored.
    let deadline = Instant::now() + Duration::from_secs(30);
    let m = loop {
        let m = w.metrics();
        let get = |k: &str| m.get(k).copied().unwrap_or(0.0);
        if get("newsworker_in_flight_messages") == 0.0
            && get("newsworker_messages_consumed_total") >= total as f64
        {
            break m;
        }
        assert!(Instant::now() < deadline, "metrics never settled: {m:?}");
        std::thread::sleep(Duration::from_millis(200));
    };
    let get = |k: &str| {
        *m.get(k)
            .unwrap_or_else(|| panic!("metric {k} missing; have {:?}", m.keys()))
    };
    let normalized = broker.count(&topics.normalized) as f64;
    let dlq = broker.count(&topics.dlq) as f64;
    let events = broker.count(&topics.events) as f64;
    assert_eq!(get("newsworker_messages_consumed_total"), total as f64);
    assert_eq!(
        get("newsworker_articles_total{outcome=\"accepted\"}"),
        normalized
    );
    assert_eq!(get("newsworker_articles_total{outcome=\"rejected\"}"), dlq);
    assert_eq!(
        get("newsworker_dead_letters_total{kind=\"invalid_json\"}"),
        bad as f64
    );
    assert_eq!(
        get("newsworker_records_published_total{record=\"article\"}"),
        normalized
    );
    assert_eq!(
        get("newsworker_records_published_total{record=\"dead_letter\"}"),
        dlq
    );
    assert_eq!(
        get("newsworker_records_published_total{record=\"event\"}"),
        events
    );
    let events_by_type: f64 = m
        .iter()
        .filter(|(k, _)| k.starts_with("newsworker_events_total{"))
        .map(|(_, v)| v)
        .sum();
    assert_eq!(
        events_by_type, events,
        "events by type sum to the events topic"
    );
    assert_eq!(get("newsworker_assigned_partitions"), 2.0);
    assert_eq!(
        get("newsworker_processing_duration_seconds_count"),
        total as f64
    );
    assert!(get("newsworker_last_processed_timestamp_seconds") > 1.7e9);
    assert!(get("newsworker_rebalances_total{kind=\"assign\"}") >= 1.0);
    assert_eq!(
        get("newsworker_publish_errors_total{record=\"article\"}"),
        0.0
    );
    assert!(m.keys().any(|k| k.starts_with("newsworker_build_info{")));
    // Lag comes from librdkafka statistics (every 500 ms in tests), measured
    // against committed offsets (auto-commit every 5 s): all caught up.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let m = w.metrics();
        let lags: Vec<f64> = m
            .iter()
            .filter(|(k, _)| k.starts_with("newsworker_consumer_lag_messages{"))
            .map(|(_, v)| *v)
            .collect();
        if lags.len() == 2 && lags.iter().all(|l| *l == 0.0) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "lag gauges never reached 0: {lags:?}"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    assert_eq!(w.get("/livez").map(|r| r.0), Some(200));
}

/// SIGTERM while a backlog is being worked through: exit 0 within the drain
/// timeout, and what was committed is exactly what was published, so a
/// restart neither loses nor repeats anything.
fn sigterm_midway(extra: &[&str]) {
    let Some(broker) = util::broker() else { return };
    let topics = broker.topics(2);
    let n = 3000usize;
    broker.produce(&topics.input, &inputs(n, 2, Some(100), None));
    let mut args = vec!["--drain-timeout", "20s"];
    args.extend_from_slice(extra);
    let mut w = worker(broker, &topics, &args);
    wait_or_dump(broker, &topics.normalized, 300, &w);

    let t = Instant::now();
    w.signal("-TERM");
    let status = w
        .wait_exit(Duration::from_secs(25))
        .unwrap_or_else(|| panic!("worker did not exit after SIGTERM:\n{}", w.log_tail(30)));
    assert!(
        status.success(),
        "exit status {status}:\n{}",
        w.log_tail(30)
    );
    // Only started work is finished, not the whole fetched backlog.
    let drain = t.elapsed();
    assert!(
        drain < Duration::from_secs(10),
        "drained quickly, well within the 20s drain timeout: {drain:?}"
    );

    let committed = broker.committed(&topics.group, &topics.input, 2);
    let published: Vec<(i32, i64)> = {
        let mut v: Vec<_> = accounted_offsets(broker, &topics).into_iter().collect();
        v.sort();
        v
    };
    let outputs = broker.read_all(&topics.normalized).len() + broker.read_all(&topics.dlq).len();
    assert_eq!(outputs, published.len(), "no input published twice");
    for p in 0..2 {
        let offsets: Vec<i64> = published.iter().filter(|k| k.0 == p).map(|k| k.1).collect();
        let expected: Vec<i64> = (0..offsets.len() as i64).collect();
        assert_eq!(
            offsets, expected,
            "partition {p}: a gap-free prefix was published"
        );
        assert_eq!(
            committed.get(&p).copied().unwrap_or(0),
            offsets.len() as i64,
            "partition {p}: committed exactly up to what was published (drained in-flight work)"
        );
    }
    let total: usize = published.len();
    eprintln!(
        "SIGTERM after {total} of {n} inputs, exited in {drain:?}: all published and committed"
    );
}

#[test]
fn sigterm_drains_commits_and_exits_zero() {
    // No background commits: whatever is committed, the shutdown committed.
    sigterm_midway(&["-X", "enable.auto.commit=false"]);
}

#[test]
fn sigterm_with_exactly_once_commits_the_last_transaction() {
    sigterm_midway(&["--guarantee", "exactly-once"]);
}

#[test]
fn rebalance_drains_and_commits_so_the_new_member_repeats_nothing() {
    rebalance_without_repeats("range,roundrobin", &[], &[]);
}

#[test]
fn cooperative_rebalance_drains_and_commits_the_revoked_partitions() {
    rebalance_without_repeats("cooperative-sticky", &[], &[]);
}

#[test]
fn exactly_once_rebalance_commits_the_transaction_before_the_hand_over() {
    // Two instances on one host need their own transactional ids.
    rebalance_without_repeats(
        "range,roundrobin",
        &[
            "--guarantee",
            "exactly-once",
            "-X",
            "transactional.id=first",
        ],
        &[
            "--guarantee",
            "exactly-once",
            "-X",
            "transactional.id=second",
        ],
    );
}

fn rebalance_without_repeats(assignor: &str, first_extra: &[&str], second_extra: &[&str]) {
    let Some(broker) = util::broker() else { return };
    let partitions = 4;
    let topics = broker.topics(partitions);
    let n = 600usize;
    broker.produce(&topics.input, &inputs(n, partitions, None, None));

    // No background commits: what the new member skips, the revoke committed.
    let strategy = format!("partition.assignment.strategy={assignor}");
    let common = ["-X", "enable.auto.commit=false", "-X", strategy.as_str()];
    // A slow first member (one message in flight), so the second one joins midway.
    let mut args = vec!["--max-in-flight", "1"];
    args.extend_from_slice(&common);
    args.extend_from_slice(first_extra);
    let first = worker(broker, &topics, &args);
    wait_or_dump(broker, &topics.normalized, 100, &first);
    let mut args = common.to_vec();
    args.extend_from_slice(second_extra);
    let mut second = Worker::start(broker, &topics, &args);
    second.wait_ready(READY);
    // Both members share the partitions once the rebalance is done.
    let deadline = Instant::now() + OUTPUT;
    loop {
        let a = first.metrics()["newsworker_assigned_partitions"];
        let b = second.metrics()["newsworker_assigned_partitions"];
        if a > 0.0 && b > 0.0 && a + b == partitions as f64 {
            break;
        }
        assert!(Instant::now() < deadline, "no shared assignment: {a} + {b}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    while accounted_offsets(broker, &topics).len() < n {
        assert!(
            Instant::now() < deadline,
            "not all inputs processed:\n{}\n{}",
            first.log_tail(20),
            second.log_tail(20)
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    let revokes = first.metrics()["newsworker_rebalances_total{kind=\"revoke\"}"];
    assert!(
        revokes >= 1.0,
        "the first member saw its partitions revoked"
    );
    for w in [&first, &second] {
        assert_eq!(
            w.metrics()["newsworker_transactions_total{result=\"aborted\"}"],
            0.0
        );
    }
    // The revoked partitions were drained and committed before the hand-over,
    // so the new member started exactly where the old one stopped.
    let outputs = broker.read_all(&topics.normalized);
    assert_eq!(
        outputs.len(),
        n,
        "one normalised record per input, no repeats across the rebalance"
    );
}

#[test]
fn exactly_once_survives_sigkill_with_each_output_committed_once() {
    let Some(broker) = util::broker() else { return };
    let partitions = 3;
    let topics = broker.topics(partitions);
    let n = 600usize;
    broker.produce(&topics.input, &inputs(n, partitions, Some(40), Some(40)));
    let eos = ["--guarantee", "exactly-once"];
    // Slow, so the kill lands with a transaction open.
    kill_midway(broker, &topics, &eos, 100);
    let committed_before = accounted_offsets(broker, &topics).len();
    assert!(committed_before < n, "the kill should land midway");

    let second = worker(broker, &topics, &eos);
    let deadline = Instant::now() + Duration::from_secs(120);
    while accounted_offsets(broker, &topics).len() < n {
        assert!(
            Instant::now() < deadline,
            "not all inputs committed:\n{}",
            second.log_tail(40)
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    // read_committed: every input exactly once, nothing from the killed
    // worker's open transaction, no repeats after the restart.
    let normalized = broker.read_all(&topics.normalized);
    let dlq = broker.read_all(&topics.dlq);
    assert_eq!(
        normalized.len() + dlq.len(),
        n,
        "each input once: {} normalised + {} dead letters",
        normalized.len(),
        dlq.len()
    );
    // The seed repeats (same article id, same event ids), so count, not dedupe.
    let expected_events: usize = normalized
        .iter()
        .map(|m| json_of(m)["event_ids"].as_array().unwrap().len())
        .sum();
    let events = broker.read_all(&topics.events);
    assert!(!events.is_empty(), "the seed articles produce events");
    assert_eq!(
        events.len(),
        expected_events,
        "each event once per committed article"
    );
    let m = second.metrics();
    assert!(m["newsworker_transactions_total{result=\"committed\"}"] >= 1.0);
    assert_eq!(m["newsworker_transactions_total{result=\"aborted\"}"], 0.0);
}

#[test]
fn in_flight_work_is_bounded_by_max_in_flight() {
    let Some(broker) = util::broker() else { return };
    let topics = broker.topics(3);
    let n = 1500usize;
    broker.produce(&topics.input, &inputs(n, 3, None, Some(5)));
    let w = worker(broker, &topics, &["--max-in-flight", "4"]);
    let mut highest = 0.0f64;
    let mut samples = 0;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let m = w.metrics();
        highest = highest.max(m["newsworker_in_flight_messages"]);
        samples += 1;
        if m["newsworker_messages_consumed_total"] >= n as f64
            && m["newsworker_in_flight_messages"] == 0.0
        {
            break;
        }
        assert!(Instant::now() < deadline, "not done:\n{}", w.log_tail(20));
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(samples > 20, "sampled while it ran ({samples})");
    assert!(highest >= 1.0, "work was seen in flight");
    assert!(
        highest <= 4.0,
        "in flight peaked at {highest} with --max-in-flight 4"
    );
}

#[test]
fn articles_larger_than_a_megabyte_are_published() {
    let Some(broker) = util::broker() else { return };
    let topics = broker.topics(1);
    let w = worker(broker, &topics, &[]);
    // ~2.4 MB of text: under --max-message-bytes (4 MiB) and the topics' limit,
    // over librdkafka's 1 MB producer default.
    let paragraph = "The council met on Tuesday and discussed the budget at length. ";
    let body = vec![paragraph; 38_000].join("\n\n");
    let big =
        serde_json::to_vec(&json!({"id": "big", "title": "Long minutes", "body": body})).unwrap();
    assert!(big.len() > 2_000_000);
    broker.produce(
        &topics.input,
        &[(None, big, None), (None, article(1), None)],
    );
    wait_or_dump(broker, &topics.normalized, 2, &w);
    let normalized = broker.read_all(&topics.normalized);
    assert_eq!(normalized.len(), 2);
    assert!(normalized[0].payload().unwrap().len() > 2_000_000);
    assert_eq!(
        w.metrics()["newsworker_publish_errors_total{record=\"article\"}"],
        0.0
    );
}

#[test]
fn an_output_too_large_for_its_topic_dead_letters_the_input() {
    too_large_output_dead_letters_the_input(&[]);
}

/// Under exactly-once a refused record would poison the transaction, and the
/// restarted worker would meet the same input again: a crash loop. The output
/// topics' limits are read at start-up, so the input is dead-lettered inside
/// the transaction instead.
#[test]
fn exactly_once_dead_letters_an_output_too_large_without_a_crash_loop() {
    too_large_output_dead_letters_the_input(&["--guarantee", "exactly-once"]);
}

fn too_large_output_dead_letters_the_input(extra: &[&str]) {
    let Some(broker) = util::broker() else { return };
    let mut topics = broker.topics(1);
    // A normalised topic that takes at most 100 kB: the big article's record
    // is refused by the broker for good, and must not stall the partition.
    topics.normalized = util::unique("small-normalized");
    broker.create_topic_with(&topics.normalized, 1, "100000");
    let mut w = worker(broker, &topics, extra);
    let body = vec!["The council met on Tuesday and discussed the budget."; 4000].join("\n\n");
    let big =
        serde_json::to_vec(&json!({"id": "big", "title": "Long minutes", "body": body})).unwrap();
    broker.produce(
        &topics.input,
        &[
            (Some(b"big".to_vec()), big.clone(), None),
            (None, article(1), None),
        ],
    );
    wait_or_dump(broker, &topics.dlq, 1, &w);
    wait_or_dump(broker, &topics.normalized, 1, &w);
    let dlq = broker.read_all(&topics.dlq);
    assert_eq!(dlq.len(), 1);
    assert_eq!(
        header(&dlq[0], "newsworker-error-kind").as_deref(),
        Some("too_large")
    );
    assert_eq!(dlq[0].payload(), Some(big.as_slice()), "original bytes");
    assert_eq!(
        header(&dlq[0], "newsworker-source-offset").as_deref(),
        Some("0")
    );
    // ...and the next article went through.
    let normalized = broker.read_all(&topics.normalized);
    assert_eq!(json_of(&normalized[0])["source_offset"]["offset"], 1);
    // Counted once, by what was published: one accepted, one rejected.
    let deadline = Instant::now() + Duration::from_secs(10);
    let m = loop {
        let m = w.metrics();
        let total = m
            .get("newsworker_articles_total{outcome=\"accepted\"}")
            .copied()
            .unwrap_or(0.0)
            + m.get("newsworker_articles_total{outcome=\"rejected\"}")
                .copied()
                .unwrap_or(0.0);
        if total >= 2.0 || Instant::now() > deadline {
            break m;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(
        m.get("newsworker_articles_total{outcome=\"accepted\"}"),
        Some(&1.0),
        "{m:?}"
    );
    assert_eq!(
        m.get("newsworker_articles_total{outcome=\"rejected\"}"),
        Some(&1.0),
        "{m:?}"
    );
    assert_eq!(
        m.get("newsworker_dead_letters_total{kind=\"too_large\"}"),
        Some(&1.0),
        "{m:?}"
    );
    assert!(
        w.try_wait().is_none(),
        "the worker keeps running:\n{}",
        w.log_tail(20)
    );
}

/// A second worker joining a busy one (both `--max-in-flight 1`) gets its
/// share of the partitions, and the group goes on without loss.
#[test]
fn a_worker_joining_later_gets_partitions_while_the_first_is_busy() {
    let Some(broker) = util::broker() else { return };
    let partitions = 4;
    let topics = broker.topics(partitions);
    let n = 2000usize;
    broker.produce(&topics.input, &inputs(n, partitions, None, Some(20)));
    let slow = ["--max-in-flight", "1"];
    let first = worker(broker, &topics, &slow);
    wait_or_dump(broker, &topics.normalized, 50, &first);
    let joined = Instant::now();
    let mut second = Worker::start(broker, &topics, &slow);
    second.wait_ready(READY);
    eprintln!(
        "the second worker was ready {:?} after it started",
        joined.elapsed()
    );
}
