//! Security settings that do not match the live broker (real Apache Kafka,
//! PLAINTEXT listener): the worker must not retry for ever as if the broker
//! were down; it stops with one clear line and a non-zero exit, and never
//! prints the secret it was given.

mod util;

use std::time::Duration;

const SECRET: &str = "s3cr3t-pa55word";

fn stops_with_one_line(extra: &[&str], wants: &[&str]) {
    let Some(broker) = util::broker() else { return };
    let topics = broker.topics(1);
    let mut args = vec!["--drain-timeout", "5s"];
    args.extend_from_slice(extra);
    let mut w = util::Worker::start(broker, &topics, &args);
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
    assert!(!log.contains(SECRET), "the password leaked:\n{log}");
}

#[test]
fn sasl_against_a_plaintext_listener_stops_with_one_line() {
    let password = format!("sasl.password={SECRET}");
    stops_with_one_line(
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
        &["-X", "security.protocol=SSL", "-X", &password],
        &["OpenSSL not available at build time"],
    );
}
