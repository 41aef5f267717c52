//! The container image built from `deploy/Dockerfile`, run with podman against
//! the tests' real Kafka broker: the seed article in, its REJECT event out,
//! `/readyz` 200, a non-root process on a read-only root filesystem, no
//! compiler in the image, and `podman stop` (SIGTERM) exiting 0 within the
//! drain timeout.
//!
//! `scripts/container-test.sh` builds the image and runs this test with
//! `NEWSWORKER_IMAGE` set (`.ci/run` calls the script); without that variable
//! there is no image to run and the test says so and returns.

mod util;

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

const DRAIN: Duration = Duration::from_secs(20);

/// `podman` with the options the script chose (runtime, cgroup manager).
fn podman() -> Command {
    let spec = std::env::var("NEWSWORKER_PODMAN").unwrap_or_else(|_| "podman".into());
    let mut words = spec.split_whitespace();
    let mut cmd = Command::new(words.next().unwrap_or("podman"));
    cmd.args(words);
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A running container, removed when dropped.
struct Container {
    name: String,
}

impl Container {
    fn logs(&self) -> String {
        let out = run(podman().args(["logs", &self.name]));
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        util::tail(&all, 40)
    }

    fn inspect(&self, format: &str) -> String {
        stdout_of(podman().args(["inspect", "-f", format, &self.name]))
    }
}

impl Drop for Container {
    fn drop(&mut self) {
        let _ = podman().args(["rm", "-f", "-t", "0", &self.name]).output();
    }
}

#[test]
fn image_runs_the_worker_against_a_real_broker() {
    let Ok(image) = std::env::var("NEWSWORKER_IMAGE") else {
        eprintln!(
            "\n==========\nSKIPPING the container test: NEWSWORKER_IMAGE is not set \
             (scripts/container-test.sh builds the image and sets it)\n=========="
        );
        return;
    };
    let Some(broker) = util::broker() else { return };
    let topics = broker.topics(1);
    let port = util::free_port().unwrap();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let name = util::unique("newsworker-container");
    let drain = format!("{}s", DRAIN.as_secs());

    // The image's own entrypoint and user; only the deployment's settings given.
    let started = run(podman()
        .args([
            "run",
            "-d",
            "--name",
            &name,
            "--network=host",
            "--read-only",
        ])
        .arg(&image)
        .args([
            "run",
            "--brokers",
            &broker.bootstrap,
            "--group",
            &topics.group,
        ])
        .args([
            "--input-topic",
            &topics.input,
            "--events-topic",
            &topics.events,
        ])
        .args([
            "--normalized-topic",
            &topics.normalized,
            "--dlq-topic",
            &topics.dlq,
        ])
        .args([
            "--metrics-addr",
            &addr.to_string(),
            "--drain-timeout",
            &drain,
        ])
        .args([
            "-X",
            "session.timeout.ms=6000",
            "-X",
            "heartbeat.interval.ms=500",
        ]));
    assert!(
        started.status.success(),
        "podman run failed: {}",
        String::from_utf8_lossy(&started.stderr)
    );
    let c = Container { name };

    // /readyz turns 200 once the group assigns the input partition.
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Some((200, _)) = util::http_get(addr, "/readyz") {
            break;
        }
        assert_eq!(
            c.inspect("{{.State.Running}}"),
            "true",
            "container exited:\n{}",
            c.logs()
        );
        assert!(
            Instant::now() < deadline,
            "/readyz never 200:\n{}",
            c.logs()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(util::http_get(addr, "/livez").map(|r| r.0), Some(200));

    // Seed article in, its REJECT event out.
    broker.produce(
        &topics.input,
        &[(Some(b"seed".to_vec()), util::seed_article(), None)],
    );
    assert!(
        broker.wait_count(&topics.normalized, 1, Duration::from_secs(60)),
        "no normalised record from the container:\n{}",
        c.logs()
    );
    let events: Vec<Value> = broker
        .read_all(&topics.events)
        .iter()
        .map(|m| serde_json::from_slice(rdkafka::Message::payload(m).unwrap()).unwrap())
        .collect();
    let reject = events
        .iter()
        .find(|e| e["event_type"] == "REJECT")
        .unwrap_or_else(|| panic!("no REJECT event; events: {events:#?}"));
    assert_eq!(reject["cameo_code"], "1224", "{reject:#}");
    assert_eq!(reject["actor"]["country"], "AZE", "{reject:#}");
    assert_eq!(reject["location"]["country"], "PSE", "{reject:#}");
    let (_, metrics) = util::http_get(addr, "/metrics").expect("GET /metrics");
    let m = util::parse_metrics(&metrics);
    assert_eq!(
        m.get("newsworker_articles_total{outcome=\"accepted\"}"),
        Some(&1.0)
    );

    // A non-root process, as the kernel sees it.
    let pid = c.inspect("{{.State.Pid}}");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let uids: Vec<&str> = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(uids.iter().all(|u| *u == "10001"), "process uids {uids:?}");

    // A read-only root: even root inside the container cannot write to it.
    assert_eq!(c.inspect("{{.HostConfig.ReadonlyRootfs}}"), "true");
    let write = run(podman().args(["exec", "--user", "0", &c.name, "touch", "/usr/local/probe"]));
    assert!(!write.status.success(), "wrote to the root filesystem");
    assert!(
        String::from_utf8_lossy(&write.stderr).contains("Read-only file system"),
        "{}",
        String::from_utf8_lossy(&write.stderr)
    );

    // No compiler, linker or Rust toolchain in the image.
    let found = stdout_of(podman().args(["run", "--rm", "--network=none", "--entrypoint", "/bin/sh"]).arg(&image).args([
        "-c",
        "for t in cc gcc g++ c++ cpp clang rustc cargo ld as make; do command -v $t; done; true",
    ]));
    assert!(found.is_empty(), "build tools in the image: {found}");

    // SIGTERM: readiness off, drain, commit, exit 0 within the drain timeout.
    let t = Instant::now();
    let stop = run(podman().args(["stop", "-t", &(DRAIN.as_secs() + 10).to_string(), &c.name]));
    let took = t.elapsed();
    assert!(
        stop.status.success(),
        "podman stop: {}",
        String::from_utf8_lossy(&stop.stderr)
    );
    assert_eq!(
        c.inspect("{{.State.ExitCode}}"),
        "0",
        "exit code; logs:\n{}",
        c.logs()
    );
    assert!(
        took < DRAIN,
        "stopped in {took:?}, over the drain timeout {DRAIN:?}"
    );
    let committed = broker.committed(&topics.group, &topics.input, 1);
    assert_eq!(committed.get(&0), Some(&1), "offset committed on shutdown");
    eprintln!("container: ready, REJECT out, stopped with exit 0 in {took:.1?}");
}
