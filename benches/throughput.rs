//! Throughput, Kafka tax, latency and memory of `newsworker run`, side by side
//! with a no-processing passthrough and with `newsworker extract` offline, all
//! on the same generated articles and one real Apache Kafka broker started here
//! (tests/util). Run it with `scripts/bench-throughput.sh` or:
//!
//! ```text
//! cargo bench --bench throughput -- [--articles 20000] [--partitions 4] [--seed 1]
//!     [--latency-seconds 20] [--no-latency] [--scaling]
//!     [--worker 'LABEL=PATH [run args...]']...   # extra `run` variants (e.g. an older build)
//!     [--backlog-only LABEL]                      # no latency runs for this variant
//!     [--repeat N]                                # run the backlog measurements N times
//!     [--max-rate R]                              # latency runs offer R and R/2 to every variant
//! ```
//!
//! Every figure comes from processes this driver starts and reaps: CPU seconds
//! and peak RSS from `wait4` (the kernel's rusage of the child), times from the
//! broker's LogAppendTime on the output topics (so "done" means acknowledged by
//! the broker), and end-to-end latency as output append time minus the input
//! record's timestamp, per article the latest of its outputs.

#[path = "../tests/util/mod.rs"]
mod util;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::message::Message;
use rdkafka::producer::{BaseRecord, DeliveryResult, Producer, ProducerContext, ThreadedProducer};
use rdkafka::{ClientConfig, ClientContext, Offset, TopicPartitionList};

const NEWSWORKER: &str = env!("CARGO_BIN_EXE_newsworker");

const USAGE: &str =
    "usage: cargo bench --bench throughput -- [--articles N] [--partitions N] [--seed N]
    [--latency-seconds S] [--no-latency] [--scaling] [--repeat N] [--max-rate R]
    [--worker 'LABEL=PATH [run args...]']... [--backlog-only LABEL]...
(see the module doc of benches/throughput.rs and BENCHMARKS.md)";

/// A bad command line is the user's mistake, not a bench failure: say what was
/// wrong and how to call it, and exit 2 (no panic, no backtrace).
fn usage_error(what: &str) -> ! {
    eprintln!("throughput: {what}\n{USAGE}");
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("passthrough") {
        passthrough(&args[1..]);
        return;
    }
    let opts = Opts::parse(&args);
    drive(&opts);
}

#[derive(Debug, Clone)]
struct Variant {
    label: String,
    bin: PathBuf,
    args: Vec<String>,
}

#[derive(Debug)]
struct Opts {
    articles: u64,
    partitions: i32,
    seed: u64,
    latency_seconds: f64,
    latency: bool,
    scaling: bool,
    repeat: usize,
    variants: Vec<Variant>,
    /// Variants measured on the backlog only (no latency runs).
    backlog_only: Vec<String>,
    /// The rate every variant's latency runs treat as its maximum (full load;
    /// half load is half of it), instead of each variant's own backlog rate,
    /// so that variants are offered the same load.
    max_rate: Option<f64>,
}

impl Opts {
    fn parse(args: &[String]) -> Opts {
        let mut o = Opts {
            articles: 20_000,
            partitions: 4,
            seed: 1,
            latency_seconds: 20.0,
            latency: true,
            scaling: false,
            repeat: 1,
            backlog_only: vec![],
            max_rate: None,
            variants: vec![Variant {
                label: "run".into(),
                bin: NEWSWORKER.into(),
                args: vec![],
            }],
        };
        fn number<T: std::str::FromStr>(flag: &str, v: String) -> T {
            v.parse()
                .unwrap_or_else(|_| usage_error(&format!("{flag} takes a number, not {v:?}")))
        }
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut val = || {
                it.next()
                    .unwrap_or_else(|| usage_error(&format!("{a} needs a value")))
                    .clone()
            };
            match a.as_str() {
                "--help" | "-h" => {
                    println!("{USAGE}");
                    std::process::exit(0)
                }
                "--articles" => o.articles = number(a, val()),
                "--partitions" => o.partitions = number(a, val()),
                "--seed" => o.seed = number(a, val()),
                "--latency-seconds" => o.latency_seconds = number(a, val()),
                "--repeat" => o.repeat = number(a, val()),
                "--no-latency" => o.latency = false,
                "--scaling" => o.scaling = true,
                "--backlog-only" => o.backlog_only.push(val()),
                "--max-rate" => o.max_rate = Some(number(a, val())),
                "--worker" => {
                    let v = val();
                    let Some((label, rest)) = v.split_once('=') else {
                        usage_error("--worker takes 'LABEL=PATH [args]'")
                    };
                    let mut words = rest.split_whitespace().map(String::from);
                    let Some(bin) = words.next() else {
                        usage_error("--worker takes 'LABEL=PATH [args]'")
                    };
                    o.variants.push(Variant {
                        label: label.into(),
                        bin: bin.into(),
                        args: words.collect(),
                    });
                }
                other => usage_error(&format!("unknown option {other}")),
            }
        }
        o
    }
}

// ------------------------------------------------------------------ processes

/// What the kernel says a reaped child used.
#[derive(Debug, Clone, Copy, Default)]
struct Usage {
    cpu: f64,
    max_rss_mb: f64,
    wall: f64,
}

fn reap(child: Child, started: Instant) -> Usage {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: plain syscall on our own child; rusage is a POD out-parameter.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    assert_eq!(r, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "child {pid} failed (status {status})"
    );
    std::mem::forget(child); // already reaped
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    Usage {
        cpu: t(ru.ru_utime) + t(ru.ru_stime),
        max_rss_mb: ru.ru_maxrss as f64 / 1024.0,
        wall: started.elapsed().as_secs_f64(),
    }
}

/// A live process's own peak resident set (VmHWM), MB. `wait4`'s ru_maxrss
/// is not that: Linux carries the parent's peak across fork and exec into the
/// child's figure, so it showed this driver's own growth (keys and times of
/// every output record read for the latency runs) as the worker's.
fn peak_rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn terminate(child: &Child) {
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
}

/// CPU seconds a live process has used so far (/proc/PID/stat utime + stime).
fn proc_cpu(pid: u32) -> f64 {
    let after = stat_after_comm(pid);
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // Fields 14 and 15 of stat; after the ")" they are the 12th and 13th.
    (ticks(11) + ticks(12)) / 100.0
}

/// Whether a child has exited (a zombie not yet reaped: `reap` still gets its rusage).
fn exited(pid: u32) -> bool {
    matches!(
        stat_after_comm(pid).split_whitespace().next(),
        Some("Z" | "X") | None
    )
}

/// `/proc/PID/stat` after the command name (which may hold spaces and ")"), starting
/// with the state; empty once the process is gone.
fn stat_after_comm(pid: u32) -> String {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit_once(')')
        .map(|(_, r)| r.to_string())
        .unwrap_or_default()
}

/// Per thread of a live process: (name, nanoseconds on a CPU, nanoseconds
/// runnable but waiting for one), from /proc/PID/task/TID/{comm,schedstat}.
fn thread_sched(pid: u32) -> HashMap<u32, (String, u64, u64)> {
    let mut out = HashMap::new();
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return out;
    };
    for t in tasks.flatten() {
        let Some(tid) = t.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let sched = std::fs::read_to_string(t.path().join("schedstat")).unwrap_or_default();
        let v: Vec<u64> = sched
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        let comm = std::fs::read_to_string(t.path().join("comm")).unwrap_or_default();
        if let [run, wait, ..] = v[..] {
            out.insert(tid, (comm.trim().to_string(), run, wait));
        }
    }
    out
}

/// Between two [`thread_sched`] readings, per thread-name group: (seconds on
/// a CPU, seconds runnable and waiting). A thread born in between counts from 0.
fn sched_delta(
    before: &HashMap<u32, (String, u64, u64)>,
    after: &HashMap<u32, (String, u64, u64)>,
) -> Vec<(String, f64, f64)> {
    let mut groups: std::collections::BTreeMap<String, (f64, f64)> = Default::default();
    for (tid, (name, run, wait)) in after {
        let (r0, w0) = before.get(tid).map_or((0, 0), |b| (b.1, b.2));
        // librdkafka names its threads rdk:main, rdk:broker1, ...; tokio's are ours.
        let group = if name.starts_with("rdk:") {
            "librdkafka".to_string()
        } else {
            name.clone()
        };
        let g = groups.entry(group).or_default();
        g.0 += run.saturating_sub(r0) as f64 / 1e9;
        g.1 += wait.saturating_sub(w0) as f64 / 1e9;
    }
    groups.into_iter().map(|(k, (r, w))| (k, r, w)).collect()
}

/// Busy and total jiffies per CPU, from /proc/stat.
fn cpu_times() -> Vec<(u64, u64)> {
    std::fs::read_to_string("/proc/stat")
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("cpu") && !l.starts_with("cpu "))
        .map(|l| {
            let v: Vec<u64> = l
                .split_whitespace()
                .skip(1)
                .filter_map(|x| x.parse().ok())
                .collect();
            let total: u64 = v.iter().take(8).sum();
            let idle = v.get(3).copied().unwrap_or(0) + v.get(4).copied().unwrap_or(0);
            (total - idle, total)
        })
        .collect()
}

fn per_core_busy(before: &[(u64, u64)], after: &[(u64, u64)]) -> Vec<f64> {
    before
        .iter()
        .zip(after)
        .map(|(b, a)| (a.0 - b.0) as f64 / (a.1 - b.1).max(1) as f64)
        .collect()
}

fn quiet(cmd: &mut Command, log: &Path) {
    let file = std::fs::File::create(log).expect("log file");
    for (k, _) in std::env::vars() {
        if k.starts_with("NEWSWORKER_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(file);
}

// ------------------------------------------------------------------ kafka

fn admin(bootstrap: &str) -> AdminClient<DefaultClientContext> {
    ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .create()
        .expect("admin")
}

/// Create topics; `log_append` gives the broker's append time as record timestamp.
fn create_topics(bootstrap: &str, names: &[&str], partitions: i32, log_append: bool) {
    let admin = admin(bootstrap);
    let topics: Vec<NewTopic> = names
        .iter()
        .map(|n| {
            let t = NewTopic::new(n, partitions, TopicReplication::Fixed(1))
                .set("max.message.bytes", "10485760");
            if log_append {
                t.set("message.timestamp.type", "LogAppendTime")
            } else {
                t
            }
        })
        .collect();
    let opts = AdminOptions::new().operation_timeout(Some(Duration::from_secs(30)));
    for r in futures::executor::block_on(admin.create_topics(&topics, &opts)).expect("create") {
        r.expect("create topic");
    }
    std::thread::sleep(Duration::from_millis(500));
}

fn reader(bootstrap: &str) -> BaseConsumer {
    ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", util::unique("bench-reader"))
        .set("enable.auto.commit", "false")
        .set("enable.partition.eof", "true")
        .set("fetch.message.max.bytes", "10485760")
        .create()
        .expect("reader")
}

fn watermarks(c: &BaseConsumer, topic: &str) -> Vec<(i32, i64, i64)> {
    let md = c
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .expect("metadata");
    let parts: Vec<i32> = md.topics()[0].partitions().iter().map(|p| p.id()).collect();
    drop(md);
    parts
        .into_iter()
        .map(|p| {
            let (lo, hi) = c
                .fetch_watermarks(topic, p, Duration::from_secs(10))
                .expect("watermarks");
            (p, lo, hi)
        })
        .collect()
}

fn end_offsets(bootstrap: &str, topic: &str) -> HashMap<i32, i64> {
    let c = reader(bootstrap);
    watermarks(&c, topic)
        .into_iter()
        .map(|(p, _, hi)| (p, hi))
        .collect()
}

fn count(bootstrap: &str, topic: &str) -> i64 {
    end_offsets(bootstrap, topic).values().sum()
}

/// (key, timestamp ms) of every record in `topic`.
fn keys_and_times(bootstrap: &str, topic: &str) -> Vec<(Vec<u8>, i64)> {
    let c = reader(bootstrap);
    let mut tpl = TopicPartitionList::new();
    let mut open = 0;
    for (p, lo, hi) in watermarks(&c, topic) {
        if hi > lo {
            tpl.add_partition_offset(topic, p, Offset::Beginning)
                .unwrap();
            open += 1;
        }
    }
    c.assign(&tpl).expect("assign");
    drop(tpl);
    let mut out = Vec::new();
    let mut done = std::collections::HashSet::new();
    while done.len() < open {
        match c.poll(Duration::from_millis(500)) {
            Some(Ok(m)) => out.push((
                m.key().unwrap_or_default().to_vec(),
                m.timestamp().to_millis().unwrap_or(0),
            )),
            Some(Err(rdkafka::error::KafkaError::PartitionEOF(p))) => {
                done.insert(p);
            }
            Some(Err(e)) => panic!("reading {topic}: {e}"),
            None => {}
        }
    }
    out
}

/// First and last timestamps (ms) of the records in `topics`: with LogAppendTime
/// they are monotonic per partition, so the first and last record of each suffice.
fn time_span(bootstrap: &str, topics: &[&str]) -> (i64, i64) {
    let c = reader(bootstrap);
    let (mut first, mut last) = (i64::MAX, i64::MIN);
    for topic in topics {
        for (p, lo, hi) in watermarks(&c, topic) {
            if hi <= lo {
                continue;
            }
            for off in [lo, hi - 1] {
                let mut tpl = TopicPartitionList::new();
                tpl.add_partition_offset(topic, p, Offset::Offset(off))
                    .unwrap();
                c.assign(&tpl).expect("assign");
                drop(tpl);
                loop {
                    match c.poll(Duration::from_millis(500)) {
                        Some(Ok(m)) => {
                            let ts = m.timestamp().to_millis().unwrap_or(0);
                            first = first.min(ts);
                            last = last.max(ts);
                            break;
                        }
                        Some(Err(rdkafka::error::KafkaError::PartitionEOF(_))) | None => {}
                        Some(Err(e)) => panic!("{e}"),
                    }
                }
            }
        }
    }
    (first, last)
}

/// Sum of `group`'s committed offsets on `topic`.
fn committed(bootstrap: &str, group: &str, topic: &str, partitions: i32) -> i64 {
    util::broker()
        .map(|b| {
            assert_eq!(b.bootstrap, bootstrap);
            b.committed(group, topic, partitions).values().sum()
        })
        .unwrap_or(0)
}

fn loadgen(
    bootstrap: &str,
    topic: &str,
    seed: u64,
    count: u64,
    rate: Option<f64>,
    log: &Path,
) -> Child {
    let mut cmd = Command::new(NEWSWORKER);
    cmd.args(["loadgen", "--brokers", bootstrap, "--topic", topic])
        .args(["--seed", &seed.to_string(), "--count", &count.to_string()]);
    if let Some(r) = rate {
        cmd.args(["--rate", &format!("{r:.1}")]);
    }
    quiet(&mut cmd, log);
    cmd.spawn().expect("loadgen")
}

// ------------------------------------------------------------------ measurements

#[derive(Debug, Clone, Default)]
struct Measured {
    label: String,
    articles: u64,
    bytes: u64,
    usage: Usage,
    /// First to last output record (broker time), seconds.
    span: f64,
    /// Worker CPU / (busy window × cores) while it worked through the backlog.
    busy: Option<f64>,
    /// Per-core busy share of the whole machine in that window.
    machine: Vec<f64>,
    /// The worker's threads on a CPU or runnable and waiting for one, over
    /// (busy window × cores): what it would use of a machine of its own.
    demand: Option<f64>,
    /// Last output appended → its offset committed.
    commit_trail: Option<f64>,
}

impl Measured {
    fn rate(&self) -> f64 {
        self.articles as f64 / self.span.max(1e-9)
    }
    fn cpu_per_1000(&self) -> f64 {
        self.usage.cpu / self.articles as f64 * 1000.0
    }
}

struct Topics {
    input: String,
    events: String,
    normalized: String,
    dlq: String,
}

fn worker_topics(bootstrap: &str, input: &str, partitions: i32) -> Topics {
    let t = Topics {
        input: input.to_string(),
        events: util::unique("events"),
        normalized: util::unique("normalized"),
        dlq: util::unique("dlq"),
    };
    create_topics(
        bootstrap,
        &[&t.events, &t.normalized, &t.dlq],
        partitions,
        true,
    );
    t
}

fn spawn_worker(bootstrap: &str, v: &Variant, t: &Topics, group: &str, log: &Path) -> Child {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let mut cmd = Command::new(&v.bin);
    cmd.arg("run")
        .args(["--brokers", bootstrap, "--group", group])
        .args(["--input-topic", &t.input, "--events-topic", &t.events])
        .args(["--normalized-topic", &t.normalized, "--dlq-topic", &t.dlq])
        .args(["--metrics-addr", &format!("127.0.0.1:{port}")])
        .args(&v.args);
    quiet(&mut cmd, log);
    cmd.spawn().expect("start worker")
}

/// When the busy window opened, the workers' CPU seconds then, /proc/stat
/// then, and each worker's per-thread scheduler counters then.
type Window = (
    Instant,
    f64,
    Vec<(u64, u64)>,
    Vec<HashMap<u32, (String, u64, u64)>>,
);

/// Start workers on a backlog of `articles` in `input`, wait until the group has
/// committed every offset, stop them and measure.
fn run_backlog(
    bootstrap: &str,
    v: &Variant,
    input: &str,
    partitions: i32,
    (articles, bytes): (u64, u64),
    workers: usize,
    dir: &Path,
) -> Measured {
    let t = worker_topics(bootstrap, input, partitions);
    let group = util::unique("bench-run");
    let total = articles as i64;
    let started = Instant::now();
    let children: Vec<Child> = (0..workers)
        .map(|i| {
            spawn_worker(
                bootstrap,
                v,
                &t,
                &group,
                &dir.join(format!("{}-{i}.log", v.label)),
            )
        })
        .collect();
    let pids: Vec<u32> = children.iter().map(Child::id).collect();
    // Busy window: from the first output record to the last offset committed.
    let mut window: Option<Window> = None;
    let deadline = Instant::now() + Duration::from_secs(1800);
    let mut last_outputs = (0, Instant::now());
    loop {
        assert!(Instant::now() < deadline, "{} never finished", v.label);
        // A worker that refused its settings (say `-X compression.type=zstd` on a
        // build without zstd) would otherwise be waited for until the deadline.
        assert!(
            !pids.iter().all(|&p| exited(p)),
            "{}: every worker exited before finishing; see {}",
            v.label,
            dir.join(format!("{}-0.log", v.label)).display()
        );
        let outputs = count(bootstrap, &t.normalized) + count(bootstrap, &t.dlq);
        if window.is_none() && outputs > 0 {
            let cpu: f64 = pids.iter().map(|&p| proc_cpu(p)).sum();
            let sched = pids.iter().map(|&p| thread_sched(p)).collect();
            window = Some((Instant::now(), cpu, cpu_times(), sched));
        }
        if outputs != last_outputs.0 {
            last_outputs = (outputs, Instant::now());
        }
        if outputs >= total && committed(bootstrap, &group, &t.input, partitions) >= total {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let done_at = Instant::now();
    let (busy, machine, demand) = match &window {
        Some((at, cpu0, times0, sched0)) => {
            let cpu: f64 = pids.iter().map(|&p| proc_cpu(p)).sum();
            let cores = times0.len().max(1) as f64;
            let secs = at.elapsed().as_secs_f64();
            let mut runnable = 0.0;
            for (pid, before) in pids.iter().zip(sched0) {
                for (group, run, wait) in sched_delta(before, &thread_sched(*pid)) {
                    eprintln!(
                        "{} pid {pid}: threads {group}: on CPU {:.0} %, runnable waiting {:.0} % of one core over {secs:.1} s",
                        v.label,
                        run / secs * 100.0,
                        wait / secs * 100.0
                    );
                    runnable += run + wait;
                }
            }
            (
                Some((cpu - cpu0) / (secs * cores)),
                per_core_busy(times0, &cpu_times()),
                Some(runnable / (secs * cores)),
            )
        }
        None => (None, vec![], None),
    };
    let commit_trail = done_at.duration_since(last_outputs.1).as_secs_f64();
    let peak = pids.iter().map(|&p| peak_rss_mb(p)).fold(0.0, f64::max);
    for c in &children {
        terminate(c);
    }
    let mut usage = Usage::default();
    for c in children {
        let u = reap(c, started);
        usage.cpu += u.cpu;
        usage.wall = u.wall;
    }
    usage.max_rss_mb = peak;
    let (first, last) = time_span(bootstrap, &[&t.normalized, &t.dlq, &t.events]);
    Measured {
        label: if workers > 1 {
            format!("{} ×{workers}", v.label)
        } else {
            v.label.clone()
        },
        articles,
        bytes,
        usage,
        span: (last - first) as f64 / 1000.0,
        busy,
        machine,
        demand,
        commit_trail: Some(commit_trail),
    }
}

fn run_passthrough(
    bootstrap: &str,
    input: &str,
    partitions: i32,
    articles: u64,
    bytes: u64,
    dir: &Path,
) -> Measured {
    let out = util::unique("passthrough-out");
    create_topics(bootstrap, &[&out], partitions, true);
    let started = Instant::now();
    let mut cmd = Command::new(std::env::current_exe().expect("self"));
    cmd.args([
        "passthrough",
        bootstrap,
        &util::unique("bench-pass"),
        input,
        &out,
    ])
    .arg(articles.to_string());
    quiet(&mut cmd, &dir.join("passthrough.log"));
    let usage = reap(cmd.spawn().expect("passthrough"), started);
    let (first, last) = time_span(bootstrap, &[&out]);
    Measured {
        label: "passthrough".into(),
        articles,
        bytes,
        usage,
        span: (last - first) as f64 / 1000.0,
        ..Default::default()
    }
}

fn run_offline(file: &Path, articles: u64, bytes: u64, dir: &Path) -> Measured {
    run_offline_bin(
        Path::new(NEWSWORKER),
        "extract (offline)",
        file,
        (articles, bytes),
        dir,
    )
}

/// `BIN extract FILE > /dev/null`, for the offline row of any build.
fn run_offline_bin(
    bin: &Path,
    label: &str,
    file: &Path,
    (articles, bytes): (u64, u64),
    dir: &Path,
) -> Measured {
    let started = Instant::now();
    let mut cmd = Command::new(bin);
    cmd.arg("extract").arg(file);
    quiet(&mut cmd, &dir.join("extract.log"));
    let usage = reap(cmd.spawn().expect("extract"), started);
    Measured {
        label: label.into(),
        articles,
        bytes,
        usage,
        span: usage.wall,
        ..Default::default()
    }
}

struct Latency {
    label: String,
    rate: f64,
    achieved: f64,
    p50: f64,
    p99: f64,
    p999: f64,
    max: f64,
    rss_mb: f64,
    articles: usize,
}

/// A rate-limited load: articles per second, for how long, from which seed.
struct Offer {
    rate: f64,
    seconds: f64,
    seed: u64,
}

/// A worker already in the group, then a rate-limited producer: latency per
/// article from its input record's timestamp to the last of its outputs'
/// append times.
fn run_latency(
    bootstrap: &str,
    v: &Variant,
    partitions: i32,
    Offer {
        rate,
        seconds,
        seed,
    }: Offer,
    label: &str,
    dir: &Path,
) -> Latency {
    let input = util::unique("lat-in");
    create_topics(bootstrap, &[&input], partitions, false);
    let t = worker_topics(bootstrap, &input, partitions);
    let group = util::unique("bench-lat");
    let started = Instant::now();
    let worker = spawn_worker(
        bootstrap,
        v,
        &t,
        &group,
        &dir.join(format!("latency-{label}.log")),
    );
    // Wait until it owns the partitions: a probe record goes through.
    let probe = loadgen(
        bootstrap,
        &input,
        seed + 1000,
        1,
        None,
        &dir.join("probe.log"),
    );
    reap(probe, Instant::now());
    while count(bootstrap, &t.normalized) + count(bootstrap, &t.dlq) < 1 {
        std::thread::sleep(Duration::from_millis(100));
    }
    let n = (rate * seconds).round().max(1.0) as u64;
    let lg_started = Instant::now();
    let lg = loadgen(
        bootstrap,
        &input,
        seed,
        n,
        Some(rate),
        &dir.join(format!("loadgen-{label}.log")),
    );
    reap(lg, lg_started);
    let total = n as i64 + 1;
    while committed(bootstrap, &group, &input, partitions) < total {
        std::thread::sleep(Duration::from_millis(100));
    }
    let peak = peak_rss_mb(worker.id());
    terminate(&worker);
    let mut usage = reap(worker, started);
    usage.max_rss_mb = peak;
    // The probe (another seed, so other keys) only showed the group was joined.
    let ours = format!("lg-{seed}-");
    let inputs: HashMap<Vec<u8>, i64> = keys_and_times(bootstrap, &input)
        .into_iter()
        .filter(|(k, _)| k.starts_with(ours.as_bytes()))
        .collect();
    let mut last: HashMap<Vec<u8>, i64> = HashMap::new();
    for topic in [&t.normalized, &t.dlq, &t.events] {
        for (k, ts) in keys_and_times(bootstrap, topic) {
            let e = last.entry(k).or_insert(ts);
            *e = (*e).max(ts);
        }
    }
    let (mut first_in, mut last_in) = (i64::MAX, i64::MIN);
    let mut lat: Vec<f64> = Vec::new();
    for (k, ts_in) in &inputs {
        first_in = first_in.min(*ts_in);
        last_in = last_in.max(*ts_in);
        // Normalised records and events are keyed by article_id (= the input key
        // here); dead letters keep the original key.
        if let Some(out) = last.get(k) {
            lat.push((out - ts_in) as f64);
        }
    }
    assert_eq!(lat.len(), inputs.len(), "an input without any output");
    lat.sort_by(f64::total_cmp);
    let q = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
    Latency {
        label: label.into(),
        rate,
        achieved: inputs.len() as f64 / ((last_in - first_in) as f64 / 1000.0).max(1e-9),
        p50: q(0.50),
        p99: q(0.99),
        p999: q(0.999),
        max: *lat.last().unwrap_or(&0.0),
        rss_mb: usage.max_rss_mb,
        articles: lat.len(),
    }
}

// ------------------------------------------------------------------ report

fn print_table(offline: &Measured, rows: &[Measured]) {
    println!("| | articles/s | MB/s | CPU s / 1,000 articles | Kafka tax (CPU/article vs offline) | worker CPU share of all cores | worker runnable share of all cores | machine busy per core | commit trail s | peak RSS MB |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for m in std::iter::once(offline).chain(rows) {
        let tax = m.cpu_per_1000() / offline.cpu_per_1000();
        let busy = m
            .busy
            .map(|b| format!("{:.0} %", b * 100.0))
            .unwrap_or_else(|| "—".into());
        let demand = m
            .demand
            .map(|b| format!("{:.0} %", b * 100.0))
            .unwrap_or_else(|| "—".into());
        let machine = if m.machine.is_empty() {
            "—".into()
        } else {
            m.machine
                .iter()
                .map(|b| format!("{:.0} %", b * 100.0))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        let trail = m
            .commit_trail
            .map(|t| format!("{t:.2}"))
            .unwrap_or_else(|| "—".into());
        println!(
            "| {} | {:.0} | {:.2} | {:.3} | {:.2}× | {} | {} | {} | {} | {:.0} |",
            m.label,
            m.rate(),
            m.bytes as f64 / 1e6 / m.span.max(1e-9),
            m.cpu_per_1000(),
            tax,
            busy,
            demand,
            machine,
            trail,
            m.usage.max_rss_mb
        );
    }
}

fn drive(o: &Opts) {
    let broker = util::broker().expect("no Kafka broker (see tests/util)");
    let bootstrap = broker.bootstrap.clone();
    let dir = tempfile::Builder::new()
        .prefix("newsworker-bench-")
        .tempdir()
        .expect("tmp")
        .keep();
    eprintln!("logs in {}", dir.display());
    let cores = cpu_times().len();
    println!(
        "## throughput: {} articles, seed {}, {} input partitions, {} cores, load average {}",
        o.articles,
        o.seed,
        o.partitions,
        cores,
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );

    // The articles, as a file for the offline run and as a backlog topic.
    let file = dir.join("articles.jsonl");
    let mut cmd = Command::new(NEWSWORKER);
    cmd.args([
        "loadgen",
        "--seed",
        &o.seed.to_string(),
        "--count",
        &o.articles.to_string(),
        "--out",
    ])
    .arg(&file);
    quiet(&mut cmd, &dir.join("loadgen-file.log"));
    reap(cmd.spawn().expect("loadgen"), Instant::now());
    let bytes = std::fs::metadata(&file).expect("articles").len() - o.articles;
    println!(
        "articles: {:.1} MB, {:.0} bytes on average",
        bytes as f64 / 1e6,
        bytes as f64 / o.articles as f64
    );
    let backlog = util::unique("backlog");
    create_topics(&bootstrap, &[&backlog], o.partitions, false);
    reap(
        loadgen(
            &bootstrap,
            &backlog,
            o.seed,
            o.articles,
            None,
            &dir.join("loadgen-backlog.log"),
        ),
        Instant::now(),
    );
    assert_eq!(count(&bootstrap, &backlog), o.articles as i64);

    let mut offline = run_offline(&file, o.articles, bytes, &dir);
    let mut rows = Vec::new();
    for round in 0..o.repeat {
        if round > 0 {
            offline = run_offline(&file, o.articles, bytes, &dir);
        }
        rows.push(run_passthrough(
            &bootstrap,
            &backlog,
            o.partitions,
            o.articles,
            bytes,
            &dir,
        ));
        for v in &o.variants {
            rows.push(run_backlog(
                &bootstrap,
                v,
                &backlog,
                o.partitions,
                (o.articles, bytes),
                1,
                &dir,
            ));
        }
        println!("\n### backlog, round {}\n", round + 1);
        print_table(&offline, &rows[rows.len() - 1 - o.variants.len()..]);
        // Another build's tax is against its own offline pipeline.
        for v in o.variants.iter().skip(1) {
            let own = run_offline_bin(
                &v.bin,
                &format!("extract (offline, {})", v.label),
                &file,
                (o.articles, bytes),
                &dir,
            );
            if let Some(m) = rows.iter().rev().find(|m| m.label == v.label) {
                println!(
                    "\n{}: offline {:.3} CPU s / 1,000 articles, {:.0} articles/s (wall); Kafka tax against its own offline run {:.2}×",
                    v.label,
                    own.cpu_per_1000(),
                    own.rate(),
                    m.cpu_per_1000() / own.cpu_per_1000()
                );
            }
        }
    }

    if o.latency {
        println!("\n### end-to-end latency (input record timestamp → last output appended)\n");
        println!("| worker | load | offered articles/s | achieved | p50 ms | p99 ms | p99.9 ms | max ms | articles | peak RSS MB |");
        println!("|---|---|---|---|---|---|---|---|---|---|");
        for v in o
            .variants
            .iter()
            .filter(|v| !o.backlog_only.contains(&v.label))
        {
            let max = o.max_rate.unwrap_or_else(|| {
                rows.iter()
                    .find(|m| m.label == v.label)
                    .map(Measured::rate)
                    .unwrap_or(100.0)
            });
            for (label, share) in [("full", 1.0), ("half", 0.5)] {
                let l = run_latency(
                    &bootstrap,
                    v,
                    o.partitions,
                    Offer {
                        rate: max * share,
                        seconds: o.latency_seconds,
                        seed: o.seed + 7,
                    },
                    label,
                    &dir,
                );
                println!(
                    "| {} | {} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {} | {:.0} |",
                    v.label,
                    l.label,
                    l.rate,
                    l.achieved,
                    l.p50,
                    l.p99,
                    l.p999,
                    l.max,
                    l.articles,
                    l.rss_mb
                );
            }
        }
    }

    if o.scaling {
        println!("\n### scaling (one backlog per partition count)\n");
        let v = &o.variants[0];
        let mut scale = Vec::new();
        for (partitions, workers) in [(1, 1), (2, 1), (4, 1), (8, 1), (4, 2), (8, 2)] {
            let input = util::unique("scale");
            create_topics(&bootstrap, &[&input], partitions, false);
            reap(
                loadgen(
                    &bootstrap,
                    &input,
                    o.seed,
                    o.articles,
                    None,
                    &dir.join("loadgen-scale.log"),
                ),
                Instant::now(),
            );
            let mut m = run_backlog(
                &bootstrap,
                v,
                &input,
                partitions,
                (o.articles, bytes),
                workers,
                &dir,
            );
            m.label = format!("{partitions} partitions, {workers} worker(s)");
            scale.push(m);
        }
        print_table(&offline, &scale);
    }
}

// ------------------------------------------------------------------ passthrough

/// Acknowledged input positions, by partition.
#[derive(Clone, Default)]
struct Acked(Arc<Mutex<Vec<(i32, i64)>>>);

impl ClientContext for Acked {}

impl ProducerContext for Acked {
    type DeliveryOpaque = Box<(i32, i64)>;
    fn delivery(&self, result: &DeliveryResult<'_>, pos: Box<(i32, i64)>) {
        if result.is_ok() {
            self.0.lock().unwrap().push(*pos);
        }
    }
}

/// `passthrough BOOTSTRAP GROUP INPUT OUTPUT COUNT`: consume, produce each
/// record unchanged (same key, value and headers), store an input offset once
/// every record up to it is acknowledged, commit as the worker does; exit after
/// COUNT acknowledged. Client settings are the worker's own (`KafkaArgs`).
fn passthrough(args: &[String]) {
    let [bootstrap, group, input, output, n] = args else {
        panic!("passthrough BOOTSTRAP GROUP INPUT OUTPUT COUNT")
    };
    let n: usize = n.parse().expect("count");
    let cli = <newsworker::config::Cli as clap::Parser>::try_parse_from([
        "newsworker",
        "run",
        "--brokers",
        bootstrap,
        "--group",
        group,
    ])
    .expect("args");
    let newsworker::config::Command::Run(run) = cli.command else {
        unreachable!()
    };
    let consumer: BaseConsumer = run.kafka.consumer_config().create().expect("consumer");
    let acked = Acked::default();
    let producer: ThreadedProducer<Acked> = run
        .kafka
        .producer_config()
        .create_with_context(acked.clone())
        .expect("producer");
    consumer.subscribe(&[input]).expect("subscribe");
    let mut pending: HashMap<i32, BTreeSet<i64>> = HashMap::new();
    let mut done: HashMap<i32, BTreeSet<i64>> = HashMap::new();
    let mut delivered = 0usize;
    while delivered < n {
        if let Some(Ok(m)) = consumer.poll(Duration::from_millis(10)) {
            let (p, off) = (m.partition(), m.offset());
            pending.entry(p).or_default().insert(off);
            let mut rec = BaseRecord::with_opaque_to(output, Box::new((p, off)));
            if let Some(k) = m.key() {
                rec = rec.key(k);
            }
            if let Some(v) = m.payload() {
                rec = rec.payload(v);
            }
            if let Some(h) = m.headers() {
                rec = rec.headers(h.detach());
            }
            let mut rec = rec;
            loop {
                match producer.send(rec) {
                    Ok(()) => break,
                    Err((_, back)) => {
                        rec = back;
                        std::thread::sleep(Duration::from_millis(1));
                    }
                }
            }
        }
        let acks: Vec<(i32, i64)> = std::mem::take(&mut *acked.0.lock().unwrap());
        for (p, off) in acks {
            delivered += 1;
            done.entry(p).or_default().insert(off);
            // Store the highest offset below which everything is acknowledged.
            let (pend, fin) = (pending.entry(p).or_default(), done.entry(p).or_default());
            let mut store = None;
            while let (Some(&a), Some(&b)) = (pend.first(), fin.first()) {
                if a != b {
                    break;
                }
                pend.pop_first();
                fin.pop_first();
                store = Some(a);
            }
            if let Some(o) = store {
                consumer.store_offset(input, p, o).expect("store");
            }
        }
    }
    consumer
        .commit_consumer_state(CommitMode::Sync)
        .expect("commit");
    producer.flush(Duration::from_secs(30)).expect("flush");
}
