//! A 30-second broker outage as an operator sees it: the real Kafka broker
//! (this binary's own, from tests/util) is frozen with SIGSTOP, so every request
//! to it times out, then resumed. Throughout, `/readyz` stays 200 (the worker
//! is healthy; restarting it would not help), while
//! `newsworker_brokers_connected` drops to 0, which is what the
//! NewsworkerBrokerUnreachable alert watches; afterwards it reconnects by itself
//! and processes new input.

mod util;

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::json;
use util::Worker;

const OUTAGE: Duration = Duration::from_secs(30);

fn article(i: usize) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "id": format!("outage-{i}"),
        "title": "Council meets",
        "body": "The city council met on Tuesday. Members discussed the budget.",
    }))
    .unwrap()
}

/// The broker's JVM: the `java` process whose command line names this
/// broker's own server.properties.
fn broker_pid(broker: &util::Broker) -> String {
    let props = broker.dir.join("server.properties");
    let out = Command::new("pgrep")
        .arg("-f")
        .arg(format!("kafka.Kafka {}", props.display()))
        .output()
        .expect("pgrep");
    let pids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == "java")
        })
        .map(String::from)
        .collect();
    assert_eq!(pids.len(), 1, "the broker's java process: {pids:?}");
    pids[0].clone()
}

fn signal(pid: &str, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, pid])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig} {pid}");
}

/// Resumes the broker if the test fails while it is frozen.
struct Frozen(String);

impl Drop for Frozen {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-CONT", &self.0]).status();
    }
}

fn gauge(w: &Worker, name: &str) -> Option<f64> {
    w.get("/metrics")
        .map(|(_, body)| util::parse_metrics(&body))
        .and_then(|m| m.get(name).copied())
}

#[test]
fn broker_outage_shows_in_the_connection_gauge_while_readiness_stays() {
    let Some(broker) = util::broker() else { return };
    let topics = broker.topics(1);
    // Production's session timeout (45 s) outlasts the outage, so the group
    // keeps its assignment; requests time out after 5 s, so librdkafka sees the
    // frozen broker as down well within it (the default is 60 s).
    let mut w = Worker::start(
        broker,
        &topics,
        &[
            "-X",
            "session.timeout.ms=45000",
            "-X",
            "socket.timeout.ms=5000",
        ],
    );
    w.wait_ready(Duration::from_secs(60));
    broker.produce(&topics.input, &[(Some(b"k".to_vec()), article(0), None)]);
    assert!(broker.wait_count(&topics.normalized, 1, Duration::from_secs(60)));
    let deadline = Instant::now() + Duration::from_secs(30);
    while gauge(&w, "newsworker_brokers_connected") < Some(1.0) {
        assert!(
            Instant::now() < deadline,
            "never connected:\n{}",
            w.log_tail(20)
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    let pid = broker_pid(broker);
    signal(&pid, "-STOP");
    let frozen = Frozen(pid.clone());
    let started = Instant::now();
    let mut seen_down = None;
    while started.elapsed() < OUTAGE {
        let (status, _) = w.get("/readyz").expect("/readyz answers during the outage");
        assert_eq!(
            status,
            200,
            "unready {:?} into the outage",
            started.elapsed()
        );
        if seen_down.is_none() && gauge(&w, "newsworker_brokers_connected") == Some(0.0) {
            seen_down = Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    signal(&pid, "-CONT");
    drop(frozen);
    let down_after = seen_down.unwrap_or_else(|| {
        panic!(
            "newsworker_brokers_connected never reached 0 in a {OUTAGE:?} outage:\n{}",
            w.log_tail(20)
        )
    });

    // Back by itself: connected again, and new input flows.
    let resumed = Instant::now();
    while gauge(&w, "newsworker_brokers_connected") < Some(1.0) {
        assert!(
            resumed.elapsed() < Duration::from_secs(90),
            "never reconnected:\n{}",
            w.log_tail(20)
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    let reconnect = resumed.elapsed();
    broker.produce(&topics.input, &[(Some(b"k".to_vec()), article(1), None)]);
    assert!(
        broker.wait_count(&topics.normalized, 2, Duration::from_secs(90)),
        "no progress after the outage:\n{}",
        w.log_tail(30)
    );
    assert_eq!(w.get("/readyz").map(|r| r.0), Some(200));
    eprintln!(
        "outage: gauge 0 after {down_after:.1?}, ready throughout, reconnected {reconnect:.1?} after resume"
    );
}
