//! Security settings that do not match the live broker (real Apache Kafka,
//! with a PLAINTEXT listener and a SASL/PLAIN one): the worker must not retry
//! for ever as if the broker were down; it stops with one clear line and a
//! non-zero exit, and never prints the secret it was given.

mod util;

use std::time::Duration;

const SECRET: &str = "s3cr3t-pa55word";

/// `newsworker run` against the SASL broker's `listener` (its own port, or
/// the PLAINTEXT one when `None`) with `extra` settings.
fn worker(sasl_listener: bool, extra: &[&str]) -> Option<util::Worker> {
    let (broker, sasl) = util::sasl_broker()?;
    let topics = broker.topics(1);
    let brokers = if sasl_listener {
        format!("127.0.0.1:{}", sasl.port)
    } else {
        broker.bootstrap.clone()
    };
    broker.produce(
        &topics.input,
        &[(None, b"{\"body\": \"The council met.\"}".to_vec(), None)],
    );
    let mut args = vec!["--brokers", brokers.as_str(), "--drain-timeout", "5s"];
    args.extend_from_slice(extra);
    Some(util::Worker::run(&topics, &args))
}

fn stops_with_one_line(sasl_listener: bool, extra: &[&str], wants: &[&str]) {
    let Some(mut w) = worker(sasl_listener, extra) else {
        return;
    };
    let status = w.wait_exit(Duration::from_secs(60));
    let log = w.log();
    let status =
        status.unwrap_or_else(|| panic!("still running after 60 s:\n{}", util::tail(&log, 30)));
    assert_ne!(status.code(), Some(0), "{log}");
    let last: Vec<&str> = log
        .lines()
        .filter(|l| l.starts_with("newsworker: "))
        .collect();
    assert_eq!(last.len(), 1, "one error line:\n{log}");
    for w in wants {
        assert!(last[0].contains(w), "{:?} lacks {w:?}", last[0]);
    }
    eprintln!("exit {:?}: {}", status.code(), last[0]);
    assert!(!log.contains(SECRET), "the password leaked:\n{log}");
}

const SASL: [&str; 6] = [
    "-X",
    "security.protocol=SASL_PLAINTEXT",
    "-X",
    "sasl.mechanism=PLAIN",
    "-X",
    "sasl.username=worker",
];

#[test]
fn a_wrong_sasl_password_stops_with_one_line() {
    let password = format!("sasl.password={SECRET}");
    let mut args = SASL.to_vec();
    args.extend(["-X", &password]);
    stops_with_one_line(true, &args, &["SASL", "security.protocol"]);
}

/// The control: the right password on the same listener works.
#[test]
fn the_right_sasl_password_is_served() {
    let Some((_, sasl)) = util::sasl_broker() else {
        return;
    };
    let password = format!("sasl.password={}", sasl.password);
    let mut args = SASL.to_vec();
    args.extend(["-X", &password]);
    let Some(mut w) = worker(true, &args) else {
        return;
    };
    w.wait_ready(Duration::from_secs(60));
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while w
        .metrics()
        .get("newsworker_messages_consumed_total")
        .copied()
        .unwrap_or(0.0)
        < 1.0
    {
        assert!(std::time::Instant::now() < deadline, "{}", w.log_tail(20));
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(!w.log().contains(sasl.password), "the password leaked");
}

#[test]
fn sasl_against_a_plaintext_listener_stops_with_one_line() {
    let password = format!("sasl.password={SECRET}");
    stops_with_one_line(
        false,
        &[
            "-X",
            "security.protocol=SASL_PLAINTEXT",
            "-X",
            "sasl.mechanism=PLAIN",
            "-X",
            "sasl.username=worker",
            "-X",
            &password,
        ],
        &["SASL", "security.protocol"],
    );
}

/// This build's librdkafka has no OpenSSL (rdkafka without its `ssl`
/// feature): asking for TLS is refused at start-up, as one line, before any
/// connection is tried.
#[test]
fn tls_is_refused_at_start_up_with_one_line() {
    let password = format!("ssl.key.password={SECRET}");
    stops_with_one_line(
        false,
        &["-X", "security.protocol=SSL", "-X", &password],
        &["OpenSSL not available at build time"],
    );
}
