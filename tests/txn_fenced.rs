//! An exactly-once worker that stalls (SIGSTOP) longer than its
//! `transaction.timeout.ms` while a transaction holds records: the broker's
//! transaction coordinator aborts that transaction and bumps the producer's
//! epoch, and when the worker resumes librdkafka reports its producer fenced
//! (fatal `_FENCED`). A GC pause, a frozen VM or a stopped container does
//! this in production. The worker replaces the producer with a new one (same
//! `transactional.id`, new epoch), rewinds to the last committed offsets and
//! goes on, with no restart.
//!
//! Counted with a `read_committed` consumer: every input exactly once in the
//! normalised or the dead-letter topic (zero lost, zero repeated).

mod util;

use std::time::{Duration, Instant};

use util::{accounted, Worker};

fn article(i: usize) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "id": format!("fenced-{i}"),
        "title": format!("Council session {i}"),
        "body": format!("The city council met on Tuesday for session number {i}. Members discussed the budget."),
    }))
    .unwrap()
}

#[test]
fn exactly_once_survives_a_fenced_producer_without_loss_or_repeat() {
    let Some(broker) = util::broker() else { return };
    let topics = broker.topics(1);
    let n = 1500usize;
    let records: Vec<util::Record> = (0..n)
        .map(|i| (Some(format!("k{i}").into_bytes()), article(i), None))
        .collect();
    let mut w = Worker::start(
        broker,
        &topics,
        &[
            "--guarantee",
            "exactly-once",
            "--max-in-flight",
            "1",
            // The group keeps its member through the stall; the transaction does not.
            "-X",
            "session.timeout.ms=45000",
            "-X",
            "transaction.timeout.ms=8000",
        ],
    );
    w.wait_ready(Duration::from_secs(60));
    broker.produce(&topics.input, &records);
    // Mid-stream: outputs are flowing, so the open transaction holds records.
    assert!(broker.wait_count(&topics.normalized, 100, Duration::from_secs(60)));
    w.signal("-STOP");
    std::thread::sleep(Duration::from_secs(20));
    w.signal("-CONT");

    let deadline = Instant::now() + Duration::from_secs(240);
    loop {
        let seen = accounted(broker, &topics);
        if seen.len() >= n {
            break;
        }
        assert!(
            w.try_wait().is_none(),
            "the worker exited after its producer was fenced:\n{}",
            w.log_tail(30)
        );
        assert!(
            Instant::now() < deadline,
            "{} of {n} inputs accounted for:\n{}",
            seen.len(),
            w.log_tail(30)
        );
        std::thread::sleep(Duration::from_secs(1));
    }
    std::thread::sleep(Duration::from_secs(3));
    let seen = accounted(broker, &topics);
    let repeated: Vec<_> = seen.iter().filter(|(_, &c)| c > 1).collect();
    assert!(
        repeated.is_empty(),
        "repeated under exactly-once: {repeated:?}"
    );
    for o in 0..n as i64 {
        assert!(seen.contains_key(&(0, o)), "input 0/{o} lost");
    }
    let log = w.log();
    assert!(
        log.contains("transactional producer fenced"),
        "the producer was never fenced, so this proves nothing:\n{}",
        w.log_tail(30)
    );
    assert!(log.contains("new transactional producer ready"));
    for line in log
        .lines()
        .filter(|l| l.contains("fenced") || l.contains("aborted") || l.contains("producer ready"))
    {
        eprintln!("{line}");
    }
    let m = w.metrics();
    eprintln!(
        "{n} inputs once each; transactions committed {}, aborted {}",
        m["newsworker_transactions_total{result=\"committed\"}"],
        m["newsworker_transactions_total{result=\"aborted\"}"]
    );
}
