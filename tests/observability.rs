//! A real Prometheus (Debian's `prometheus` server) scraping a real worker that
//! runs against the tests' real Kafka broker, after articles flowed:
//! - `promtool check metrics` finds nothing to complain about in a real scrape;
//! - every metric the alert rules and the Grafana dashboard name is in that scrape;
//! - Prometheus's HTTP API returns the worker's counters, equal to what the worker
//!   itself reports and what reached the output topics;
//! - Prometheus loads deploy/prometheus/alerts.yml and evaluates every rule
//!   without error, and every dashboard query returns data.
//!
//! Needs `prometheus` and `promtool` (apt-get install prometheus): a failure under
//! CI=true, a loud skip otherwise.

mod util;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use util::Worker;

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn installed(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Sample names (`name` without labels) in a text exposition.
fn sample_names(scrape: &str) -> BTreeSet<String> {
    scrape
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split(['{', ' ']).next().unwrap().to_string())
        .collect()
}

/// Every `newsworker_*` name a PromQL expression mentions.
fn metric_names(expr: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = expr;
    while let Some(i) = rest.find("newsworker_") {
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        out.insert(tail[..end].to_string());
        rest = &tail[end..];
    }
    out
}

/// Alert rule expressions, by alert name.
fn rule_exprs() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("deploy/prometheus/alerts.yml")).unwrap();
    let rules: serde_norway::Value = serde_norway::from_str(&text).unwrap();
    rules["groups"]
        .as_sequence()
        .unwrap()
        .iter()
        .flat_map(|g| g["rules"].as_sequence().unwrap().iter())
        .map(|r| {
            (
                r["alert"].as_str().unwrap().to_string(),
                r["expr"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Dashboard panel queries (panel title, expr).
fn dashboard_exprs() -> Vec<(String, String)> {
    let text =
        std::fs::read_to_string(root().join("deploy/grafana/dashboards/newsworker.json")).unwrap();
    let dash: Value = serde_json::from_str(&text).unwrap();
    let mut out = Vec::new();
    for p in dash["panels"].as_array().unwrap() {
        for t in p["targets"].as_array().into_iter().flatten() {
            out.push((
                p["title"].as_str().unwrap().to_string(),
                t["expr"].as_str().unwrap().to_string(),
            ));
        }
    }
    assert!(!out.is_empty());
    out
}

/// Grafana's variables, as the dashboard would send them with "All" selected.
fn grafana_expand(expr: &str) -> String {
    expr.replace("$__rate_interval", "30s")
        .replace("$instance", ".*")
}

/// The Prometheus server, killed when dropped.
struct Prometheus {
    child: Child,
    addr: SocketAddr,
    dir: tempfile::TempDir,
}

impl Prometheus {
    fn start(target: SocketAddr) -> Prometheus {
        let dir = tempfile::Builder::new()
            .prefix("newsworker-prometheus-")
            .tempdir()
            .unwrap();
        let port = util::free_port().unwrap();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        // The job name the rules match; a fast scrape so the test is quick.
        let config = format!(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n\
             rule_files:\n  - {}\n\
             scrape_configs:\n  - job_name: newsworker\n    static_configs:\n      - targets: [\"{target}\"]\n",
            root().join("deploy/prometheus/alerts.yml").display()
        );
        let config_path = dir.path().join("prometheus.yml");
        std::fs::write(&config_path, config).unwrap();
        let log = std::fs::File::create(dir.path().join("prometheus.log")).unwrap();
        let child = Command::new("prometheus")
            .arg(format!("--config.file={}", config_path.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address={addr}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start prometheus");
        let mut p = Prometheus { child, addr, dir };
        let deadline = Instant::now() + Duration::from_secs(60);
        while get(p.addr, "/-/ready").map(|r| r.0) != Some(200) {
            if let Ok(Some(status)) = p.child.try_wait() {
                panic!("prometheus exited ({status}):\n{}", p.log());
            }
            assert!(
                Instant::now() < deadline,
                "prometheus not ready:\n{}",
                p.log()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        p
    }

    fn log(&self) -> String {
        util::tail(
            &std::fs::read_to_string(self.dir.path().join("prometheus.log")).unwrap_or_default(),
            30,
        )
    }

    /// GET an API path; the JSON `data` of a successful answer.
    fn api(&self, path: &str) -> Value {
        let (status, body) = get(self.addr, path).unwrap_or_else(|| panic!("no answer to {path}"));
        let v: Value =
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {status} {e}: {body}"));
        assert_eq!(v["status"], "success", "{path}: {body}");
        v["data"].clone()
    }

    /// An instant query's result vector.
    fn query(&self, expr: &str) -> Vec<Value> {
        let data = self.api(&format!("/api/v1/query?query={}", encode(expr)));
        data["result"].as_array().cloned().unwrap_or_default()
    }

    /// Poll a query until `ok` accepts its result.
    fn wait_for(&self, expr: &str, ok: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let r = self.query(expr);
            if ok(&r) {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "{expr}: last result {r:?}\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// HTTP/1.0, so the answer is never chunked.
fn get(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let status = buf.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, buf.split_once("\r\n\r\n")?.1.to_string()))
}

fn value_of(sample: &Value) -> f64 {
    sample["value"][1].as_str().unwrap().parse().unwrap()
}

#[test]
fn prometheus_scrapes_the_worker_and_the_rules_and_dashboard_resolve() {
    if !installed("prometheus") || !installed("promtool") {
        assert!(
            !ci(),
            "CI=true and prometheus/promtool are not installed (apt-get install prometheus)"
        );
        eprintln!(
            "\n==========\nSKIPPING: prometheus or promtool is not installed \
             (apt-get install prometheus); with CI=true this is a failure\n=========="
        );
        return;
    }
    let Some(broker) = util::broker() else { return };
    let topics = broker.topics(2);
    let mut w = Worker::start(broker, &topics, &[]);
    w.wait_ready(Duration::from_secs(60));

    // The bundled samples, the seed article and one truncated record.
    let mut records: Vec<util::Record> = include_str!("../data/samples/articles.jsonl")
        .lines()
        .enumerate()
        .map(|(i, l)| {
            (
                Some(format!("sample-{i}").into_bytes()),
                l.as_bytes().to_vec(),
                None,
            )
        })
        .collect();
    records.push((Some(b"seed".to_vec()), util::seed_article(), None));
    records.push((
        Some(b"truncated".to_vec()),
        include_bytes!("../data/samples/malformed-truncated.json").to_vec(),
        None,
    ));
    let inputs = records.len() as i64;
    broker.produce(&topics.input, &records);
    let deadline = Instant::now() + Duration::from_secs(60);
    while broker.count(&topics.normalized) + broker.count(&topics.dlq) < inputs {
        assert!(
            Instant::now() < deadline,
            "not all inputs processed:\n{}",
            w.log_tail(30)
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    let accepted = broker.count(&topics.normalized);
    let rejected = broker.count(&topics.dlq);
    assert!(rejected >= 1, "the truncated record is dead-lettered");

    // librdkafka's statistics (every 500 ms in tests) fill the lag and broker gauges.
    let deadline = Instant::now() + Duration::from_secs(30);
    let scrape = loop {
        let (status, body) = w.get("/metrics").expect("GET /metrics");
        assert_eq!(status, 200);
        let names = sample_names(&body);
        if names.contains("newsworker_consumer_lag_messages")
            && names.contains("newsworker_broker_connection_up")
        {
            break body;
        }
        assert!(
            Instant::now() < deadline,
            "no lag or broker gauges:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(250));
    };
    let m = util::parse_metrics(&scrape);
    assert!(
        m["newsworker_brokers_connected"] >= 1.0,
        "connected to the broker"
    );
    assert_eq!(m["newsworker_ready"], 1.0);

    // promtool's linter on the real exposition.
    let mut lint = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    lint.stdin
        .take()
        .unwrap()
        .write_all(scrape.as_bytes())
        .unwrap();
    let out = lint.wait_with_output().unwrap();
    let complaints =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && complaints.trim().is_empty(),
        "promtool check metrics: {complaints}"
    );

    // Every name the rules and the dashboard use is in the real scrape.
    let present = sample_names(&scrape);
    for (what, expr) in rule_exprs().into_iter().chain(dashboard_exprs()) {
        for name in metric_names(&expr) {
            assert!(
                present.contains(&name),
                "{what}: {name} is not in a real scrape"
            );
        }
    }

    // A real Prometheus scraping the worker, with the rules loaded.
    let addr = w
        .metrics_addr()
        .expect("the worker logged its metrics address");
    let prom = Prometheus::start(addr);
    let up = prom.wait_for("up{job=\"newsworker\"}", |r| {
        r.len() == 1 && value_of(&r[0]) == 1.0
    });
    assert_eq!(up[0]["metric"]["instance"], addr.to_string());
    let got = prom.wait_for("newsworker_articles_total", |r| r.len() == 2);
    for sample in &got {
        let outcome = sample["metric"]["outcome"].as_str().unwrap();
        let want = if outcome == "accepted" {
            accepted
        } else {
            rejected
        };
        assert_eq!(
            value_of(sample),
            want as f64,
            "{outcome} through Prometheus"
        );
        assert_eq!(
            m[&format!("newsworker_articles_total{{outcome=\"{outcome}\"}}")],
            want as f64,
            "{outcome} on /metrics"
        );
    }
    let consumed = prom.query("newsworker_messages_consumed_total");
    assert_eq!(value_of(&consumed[0]), inputs as f64);
    let reject = prom.query("newsworker_events_total{event_type=\"REJECT\"}");
    assert!(
        value_of(&reject[0]) >= 1.0,
        "the seed's REJECT event counted"
    );

    // Every rule evaluated without error.
    let want: BTreeSet<String> = rule_exprs().into_iter().map(|(n, _)| n).collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let data = prom.api("/api/v1/rules");
        let rules: Vec<&Value> = data["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["rules"].as_array().unwrap())
            .collect();
        let names: BTreeSet<String> = rules
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, want, "rules loaded");
        let bad: Vec<String> = rules
            .iter()
            .filter(|r| r["health"] != "ok")
            .map(|r| format!("{} {} {}", r["name"], r["health"], r["lastError"]))
            .collect();
        if bad.is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "rules not healthy: {bad:?}");
        std::thread::sleep(Duration::from_millis(500));
    }

    // Every dashboard query answers with data, as Grafana would ask it.
    for (panel, expr) in dashboard_exprs() {
        let q = grafana_expand(&expr);
        let r = prom.wait_for(&q, |r| !r.is_empty());
        assert!(!r.is_empty(), "{panel}: {q}");
    }
    eprintln!(
        "prometheus: {accepted} accepted and {rejected} rejected through the API; {} rules healthy; {} panel queries answered",
        want.len(),
        dashboard_exprs().len()
    );
}
