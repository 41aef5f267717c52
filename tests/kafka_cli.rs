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
    ];
    for (args, env, wants) in cases {
        let (code, stderr) = fails(newsworker().arg("run").args(&args).envs(env.clone()));
        assert_ne!(code, 0, "{args:?} {env:?} should fail:\n{stderr}");
        assert_one_line(&stderr, &wants);
    }
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
