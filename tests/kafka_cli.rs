//! The `newsworker` binary's start-up behaviour without a broker: configuration
//! errors are one line naming the option, and `demo` (librdkafka's mock cluster)
//! runs the real worker loop end to end, serving /metrics while it runs.

mod util;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn newsworker() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsworker"));
    for (k, _) in std::env::vars() {
        if k.starts_with("NEWSWORKER_") {
            cmd.env_remove(k);
        }
    }
    cmd.stdin(Stdio::null());
    cmd
}

/// Run to completion; (exit code, stderr).
fn fails(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().expect("run newsworker");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_one_line(stderr: &str, wants: &[&str]) {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "exactly one line, got:\n{stderr}");
    for w in wants {
        assert!(lines[0].contains(w), "{w:?} not in {:?}", lines[0]);
    }
}

#[test]
fn bad_configuration_exits_nonzero_with_one_line() {
    // (arguments, environment, what the one line must say)
    type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (
            vec!["-X", "no.such.property=1"],
            vec![],
            vec!["-X no.such.property=1", "No such configuration property"],
        ),
        (
            vec!["-X", "session.timeout.ms=soon"],
            vec![],
            vec!["-X session.timeout.ms=soon", "Invalid value"],
        ),
        (
            vec!["-X", "acks=1"],
            vec![],
            vec!["-X acks=1", "enable.idempotence"],
        ),
        (
            vec![],
            vec![("NEWSWORKER_RDKAFKA", "linger.ms=1,no.such.property=1")],
            vec![
                "NEWSWORKER_RDKAFKA no.such.property=1",
                "No such configuration",
            ],
        ),
        (
            vec![],
            vec![("NEWSWORKER_RDKAFKA", "oops")],
            vec!["NEWSWORKER_RDKAFKA", "not KEY=VALUE"],
        ),
        (
            vec!["--drain-timeout", "soon"],
            vec![],
            vec!["--drain-timeout", "not a duration"],
        ),
        (
            vec![],
            vec![("NEWSWORKER_MAX_IN_FLIGHT", "0")],
            vec!["--max-in-flight", "greater than 0"],
        ),
        (
            vec!["--metrics-addr", "203.0.113.1:9"],
            vec![],
            vec!["--metrics-addr 203.0.113.1:9"],
        ),
        (
            vec!["--drain-timeout", "99999999999999999h"],
            vec![],
            vec!["--drain-timeout", "too long"],
        ),
        (
            vec!["-X", "bootstrap.servers="],
            vec![],
            vec!["-X bootstrap.servers=", "must not be empty"],
        ),
        (
            vec!["-X", "group.id="],
            vec![],
            vec!["-X group.id=", "group.id must not be empty"],
        ),
    ];
    for (args, env, wants) in cases {
        let (code, stderr) = fails(newsworker().arg("run").args(&args).envs(env.clone()));
        assert_ne!(code, 0, "{args:?} {env:?} should fail:\n{stderr}");
        assert_one_line(&stderr, &wants);
    }
    let (code, stderr) = fails(newsworker().args(["demo", "--linger", "99999999999999999h"]));
    assert_eq!(code, 2, "{stderr}");
    assert_one_line(&stderr, &["--linger", "too long"]);
}

/// JSON log lines at `level` (`WARN`, `ERROR`).
fn lines_at(log: &str, level: &str) -> Vec<String> {
    let tag = format!("\"level\":\"{level}\"");
    log.lines()
        .filter(|l| l.contains(&tag))
        .map(str::to_string)
        .collect()
}

/// Whether `pid` has a handler installed for SIGTERM (from /proc; Linux only).
fn catches_sigterm(pid: u32) -> bool {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("SigCgt:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| mask & (1 << (15 - 1)) != 0)
}

#[test]
fn sigterm_during_start_up_is_logged_and_exits_0() {
    let topics = util::TestTopics::names();
    let mut w = util::Worker::run(
        &topics,
        &["--brokers", "127.0.0.1:1", "--log-format", "json"],
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while !catches_sigterm(w.pid()) {
        assert!(w.try_wait().is_none(), "exited:\n{}", w.log());
        assert!(
            Instant::now() < deadline,
            "never caught SIGTERM:\n{}",
            w.log()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // Start-up (building the pipeline, creating the clients) is still under
    // way: nothing logged yet. Had the handler come only at the end of it,
    // this would fail.
    let before = w.log();
    assert!(
        !before.contains("worker started"),
        "the signal handler arrived only after start-up:\n{before}"
    );
    w.signal("-TERM");
    let status = w.wait_exit(Duration::from_secs(60)).expect("exits");
    let log = w.log();
    assert_eq!(status.code(), Some(0), "{log}");
    assert!(log.contains("SIGTERM"), "the signal is logged:\n{log}");
    assert!(log.contains("during start-up"), "{log}");
}

#[test]
fn broker_unreachable_is_logged_at_a_bounded_rate_naming_the_brokers_used() {
    let topics = util::TestTopics::names();
    let mut w = util::Worker::run(
        &topics,
        &[
            "--brokers",
            "127.0.0.1:1",
            "-X",
            "bootstrap.servers=127.0.0.1:2",
            "--log-format",
            "json",
        ],
    );
    assert!(
        w.wait_log("worker started", Duration::from_secs(60)),
        "{}",
        w.log()
    );
    let started = lines_at(&w.log(), "INFO")
        .into_iter()
        .find(|l| l.contains("worker started"))
        .unwrap();
    assert!(
        started.contains("127.0.0.1:2"),
        "logs the broker used: {started}"
    );
    std::thread::sleep(Duration::from_secs(8));
    w.signal("-TERM");
    assert!(w.wait_exit(Duration::from_secs(40)).is_some());
    let log = w.log();
    let warned = lines_at(&log, "WARN").len() + lines_at(&log, "ERROR").len();
    // librdkafka reports the outage ~45 times a second from each client: over
    // 8 s, one line per kind at 1, 2, 4 s intervals is a few dozen at most.
    assert!(
        warned <= 30,
        "{warned} warning lines in 8 s:\n{}",
        util::tail(&log, 40)
    );
    assert!(warned >= 1, "the outage is reported:\n{log}");
}

#[test]
fn exactly_once_without_a_broker_stops_within_the_drain_timeout_with_one_error_line() {
    let topics = util::TestTopics::names();
    let mut w = util::Worker::run(
        &topics,
        &[
            "--brokers",
            "127.0.0.1:1",
            "--guarantee",
            "exactly-once",
            "--drain-timeout",
            "3s",
            "--log-format",
            "json",
        ],
    );
    assert!(
        w.wait_log("worker started", Duration::from_secs(60)),
        "{}",
        w.log()
    );
    std::thread::sleep(Duration::from_secs(1));
    w.signal("-TERM");
    let asked = Instant::now();
    let status = w.wait_exit(Duration::from_secs(30)).expect("exits");
    let took = asked.elapsed();
    let log = w.log();
    // 3 s drain timeout plus process teardown; it used to take 25 s.
    assert!(took < Duration::from_secs(8), "took {took:?}:\n{log}");
    assert_ne!(status.code(), Some(0), "{log}");
    let errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("\"level\":\"ERROR\"") || l.starts_with("newsworker: "))
        .collect();
    assert_eq!(errors.len(), 1, "one error line:\n{log}");
    assert!(errors[0].contains("exactly-once"), "{}", errors[0]);
}

#[test]
fn demo_runs_the_worker_on_the_mock_cluster_and_prints_the_events() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut child = newsworker()
        .args([
            "demo",
            "--metrics-addr",
            &addr.to_string(),
            "--linger",
            "20s",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start demo");
    // /metrics is served while it runs; once every sample is counted, stop it.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut scraped = None;
    while Instant::now() < deadline {
        if let Some((200, body)) = util::http_get(addr, "/metrics") {
            let m = util::parse_metrics(&body);
            if m.get("newsworker_messages_consumed_total") == Some(&9.0)
                && m.get("newsworker_articles_total{outcome=\"rejected\"}") >= Some(&1.0)
            {
                scraped = Some(m);
                break;
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().expect("demo output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "demo failed: {:?}\n{stdout}",
        out.status
    );
    let m = scraped.unwrap_or_else(|| panic!("never scraped a full /metrics:\n{stdout}"));
    assert!(m.keys().any(|k| k.starts_with("newsworker_build_info")));
    assert!(stdout.contains("librdkafka's MOCK cluster"), "{stdout}");
    assert!(stdout.contains("produced 9 sample articles"), "{stdout}");
    assert!(
        stdout.contains("events read back from news.events"),
        "{stdout}"
    );
    assert!(
        stdout.contains("invalid_json"),
        "the malformed sample is dead-lettered:\n{stdout}"
    );
    assert!(
        stdout.contains("REJECT (CAMEO 1224"),
        "the seed's event:\n{stdout}"
    );
}
