//! The worker started before the broker is up: it waits (retrying, logging at
//! a bounded rate), connects when the broker comes, and loses nothing. This
//! binary starts a real Apache Kafka broker of its own, on a port the worker
//! was pointed at before anything listened there.

mod util;

use std::time::{Duration, Instant};

use util::{TestTopics, Worker};

fn article(i: usize) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "id": format!("early-{i}"),
        "title": "Council meets",
        "body": "The city council met on Tuesday. Members discussed the budget.",
    }))
    .unwrap()
}

#[test]
fn a_worker_started_before_the_broker_connects_when_it_comes_up() {
    let port = util::free_port().expect("free port");
    let topics = TestTopics::names();
    let brokers = format!("127.0.0.1:{port}");
    // A short metadata refresh so the subscription sees the input topic soon
    // after it is created (librdkafka's default is 5 minutes).
    let mut w = Worker::run(
        &topics,
        &[
            "--brokers",
            &brokers,
            "-X",
            "topic.metadata.refresh.interval.ms=1000",
        ],
    );
    std::thread::sleep(Duration::from_secs(5));
    assert!(
        w.try_wait().is_none(),
        "waits for the broker:\n{}",
        w.log_tail(20)
    );
    let broker = match util::start_broker_on(port) {
        Ok(b) => b,
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") => {
            panic!("CI=true and the Kafka broker could not be started: {e}")
        }
        Err(e) => {
            eprintln!("SKIPPING: the broker could not be started: {e}");
            return;
        }
    };
    for t in [
        &topics.input,
        &topics.events,
        &topics.normalized,
        &topics.dlq,
    ] {
        broker.create_topic(t, 1);
    }
    let n = 20;
    broker.produce(
        &topics.input,
        &(0..n)
            .map(|i| (Some(format!("k{i}").into_bytes()), article(i), None))
            .collect::<Vec<_>>(),
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    while broker.count(&topics.normalized) < n as i64 {
        assert!(
            Instant::now() < deadline,
            "{} of {n} after the broker came up:\n{}",
            broker.count(&topics.normalized),
            w.log_tail(40)
        );
        assert!(w.try_wait().is_none(), "worker exited:\n{}", w.log_tail(40));
        std::thread::sleep(Duration::from_millis(250));
    }
    assert_eq!(broker.count(&topics.normalized), n as i64, "each once");
    assert_eq!(broker.count(&topics.dlq), 0);
}
