//! Test support: a real single-node Apache Kafka broker (KRaft) started from the
//! jars on Maven Central, one per test binary, plus helpers to produce, read
//! back, inspect committed offsets and run the real `newsworker` binary.
//!
//! The broker runs under a small shell watchdog that kills it (and removes its
//! data directory) as soon as the test process is gone, however it ended.
//! Without a broker the tests fail under `CI=true` and skip loudly otherwise.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::OwnedMessage;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};

/// `(key, value, partition)`; `None` partition lets the producer choose.
pub type Record = (Option<Vec<u8>>, Vec<u8>, Option<i32>);

pub struct Broker {
    pub bootstrap: String,
    pub dir: PathBuf,
}

static BROKER: OnceLock<Result<Broker, String>> = OnceLock::new();

pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The shared broker, started on first use. `None` (after a loud message) when it
/// cannot be started outside CI; under `CI=true` that is a test failure.
pub fn broker() -> Option<&'static Broker> {
    match BROKER.get_or_init(start_broker) {
        Ok(b) => Some(b),
        Err(reason) if ci() => {
            panic!("CI=true and the Kafka broker could not be started: {reason}")
        }
        Err(reason) => {
            // Straight to stderr: eprintln! output of a passing test is captured.
            let _ = writeln!(
                std::io::stderr(),
                "\n==========\nSKIPPING this Kafka test: the broker could not be started: {reason}\n\
                 (with CI=true this is a failure)\n=========="
            );
            None
        }
    }
}

static SASL_BROKER: OnceLock<Result<(Broker, Sasl), String>> = OnceLock::new();

/// A broker of this test binary's own with a SASL/PLAIN listener besides the
/// PLAINTEXT one; skipped or failed like [`broker`].
pub fn sasl_broker() -> Option<(&'static Broker, &'static Sasl)> {
    let started = SASL_BROKER.get_or_init(|| {
        let libs = kafka_libs()?;
        let dir = broker_dir()?;
        let sasl = Sasl {
            port: free_port().map_err(|e| format!("free port: {e}"))?,
            user: "worker",
            password: "the-right-password",
        };
        start_broker_with(&libs, dir.clone(), None, Some(&sasl))
            .inspect_err(|_| {
                let _ = std::fs::remove_dir_all(&dir);
            })
            .map(|b| (b, sasl))
    });
    match started {
        Ok((b, s)) => Some((b, s)),
        Err(reason) if ci() => {
            panic!("CI=true and the Kafka broker could not be started: {reason}")
        }
        Err(reason) => {
            let _ = writeln!(
                std::io::stderr(),
                "\n==========\nSKIPPING this Kafka test: the broker could not be started: {reason}\n=========="
            );
            None
        }
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A log line without its terminal colour codes ("\x1b[2m=\x1b[0m").
pub fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // Skip to the end of the escape sequence (a letter).
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A free port that is none of `taken`. A port picked earlier and released (a
/// listener's that the broker has not bound yet) may be handed out again by the
/// OS, and Kafka refuses two listeners on one port.
fn free_port_besides(taken: &[u16]) -> Result<u16, String> {
    for _ in 0..100 {
        let port = free_port().map_err(|e| format!("free port: {e}"))?;
        if !taken.contains(&port) {
            return Ok(port);
        }
    }
    Err(format!("no free port besides {taken:?} after 100 tries"))
}

/// Fetch the Kafka jars with Maven when they are not there yet.
fn kafka_libs() -> Result<PathBuf, String> {
    let libs = root().join("scripts/kafka/target/libs");
    let has_kafka = |p: &Path| {
        std::fs::read_dir(p).is_ok_and(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("kafka_2.13-"))
        })
    };
    if !has_kafka(&libs) {
        eprintln!("fetching Apache Kafka jars with mvn (once)...");
        let status = Command::new("mvn")
            .args(["-q", "-B", "-f"])
            .arg(root().join("scripts/kafka/pom.xml"))
            .arg("dependency:copy-dependencies")
            .status()
            .map_err(|e| format!("cannot run mvn to fetch the Kafka jars: {e}"))?;
        if !status.success() || !has_kafka(&libs) {
            return Err(format!(
                "mvn could not fetch the Kafka jars ({status}); try: mvn -B -f scripts/kafka/pom.xml dependency:copy-dependencies"
            ));
        }
    }
    Ok(libs)
}

fn start_broker() -> Result<Broker, String> {
    own_broker(start_broker_in)
}

/// A fresh directory for a broker's data, kept after this handle (the broker's
/// watchdog removes it).
fn broker_dir() -> Result<PathBuf, String> {
    let dir = tempfile::Builder::new()
        .prefix("newsworker-kafka-")
        .tempdir()
        .map_err(|e| format!("temp dir: {e}"))?;
    Ok(dir.keep())
}

/// Start a broker with `start` in a fresh directory, removed again if it does
/// not start (once running, its watchdog removes it).
fn own_broker(
    start: impl FnOnce(&Path, PathBuf) -> Result<Broker, String>,
) -> Result<Broker, String> {
    let libs = kafka_libs()?;
    let dir = broker_dir()?;
    start(&libs, dir.clone()).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&dir);
    })
}

/// A broker of its own on `port` (not the shared one), for tests that need
/// the broker to appear after the worker. `Err` when Java or the jars are missing.
pub fn start_broker_on(port: u16) -> Result<Broker, String> {
    own_broker(|libs, dir| start_broker_at(libs, dir, Some(port)))
}

fn start_broker_in(libs: &Path, dir: PathBuf) -> Result<Broker, String> {
    start_broker_at(libs, dir, None)
}

/// The broker's configuration: server.properties written and storage formatted.
struct Prepared {
    props: PathBuf,
    classpath: String,
    port: u16,
}

const JVM: [&str; 6] = [
    "-Xms128m",
    "-Xmx512m",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-Djava.awt.headless=true",
    // Warnings and errors only, in broker.log next to the data.
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
];

/// A SASL/PLAIN listener (besides the PLAINTEXT one) accepting only `user`
/// with `password`, for tests of authentication failures.
pub struct Sasl {
    pub port: u16,
    pub user: &'static str,
    pub password: &'static str,
}

fn prepare(
    libs: &Path,
    dir: &Path,
    port: Option<u16>,
    sasl: Option<&Sasl>,
) -> Result<Prepared, String> {
    prepare_advertising(libs, dir, port, sasl, None)
}

/// [`prepare`], with the PLAINTEXT listener advertised on `advertised` (a
/// proxy in front of the broker) instead of its own port.
fn prepare_advertising(
    libs: &Path,
    dir: &Path,
    port: Option<u16>,
    sasl: Option<&Sasl>,
    advertised: Option<u16>,
) -> Result<Prepared, String> {
    let classpath = format!("{}/*", libs.display());
    let mut taken: Vec<u16> = sasl.map(|a| a.port).into_iter().chain(advertised).collect();
    let port = match port {
        Some(p) => p,
        None => free_port_besides(&taken)?,
    };
    taken.push(port);
    let advertised = advertised.unwrap_or(port);
    let controller = free_port_besides(&taken)?;
    let props = dir.join("server.properties");
    let data = dir.join("data");
    let (sasl_listener, sasl_map, sasl_config) = match sasl {
        Some(a) => (
            format!(",SASL_PLAINTEXT://127.0.0.1:{}", a.port),
            ",SASL_PLAINTEXT:SASL_PLAINTEXT".to_string(),
            format!(
                "sasl.enabled.mechanisms=PLAIN\n\
                 listener.name.sasl_plaintext.plain.sasl.jaas.config=\
                 org.apache.kafka.common.security.plain.PlainLoginModule required user_{}=\"{}\";\n",
                a.user, a.password
            ),
        ),
        None => Default::default(),
    };
    std::fs::write(
        &props,
        format!(
            "process.roles=broker,controller\n\
             node.id=1\n\
             controller.quorum.bootstrap.servers=127.0.0.1:{controller}\n\
             listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller}{sasl_listener}\n\
             advertised.listeners=PLAINTEXT://127.0.0.1:{advertised}{sasl_listener}\n\
             controller.listener.names=CONTROLLER\n\
             inter.broker.listener.name=PLAINTEXT\n\
             listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT{sasl_map}\n\
             log.dirs={}\n\
             num.partitions=1\n\
             offsets.topic.replication.factor=1\n\
             offsets.topic.num.partitions=4\n\
             transaction.state.log.replication.factor=1\n\
             transaction.state.log.min.isr=1\n\
             share.coordinator.state.topic.replication.factor=1\n\
             share.coordinator.state.topic.min.isr=1\n\
             group.initial.rebalance.delay.ms=0\n\
             auto.create.topics.enable=true\n{sasl_config}",
            data.display()
        ),
    )
    .map_err(|e| format!("write server.properties: {e}"))?;
    let out = Command::new("java")
        .args(JVM)
        .arg("-cp")
        .arg(&classpath)
        .args(["kafka.tools.StorageTool", "format", "-t"])
        // Any base64 UUID works: every broker has its own data directory.
        .arg("MkU3OEVBNTcwNTJENDM2Qg")
        .arg("-c")
        .arg(&props)
        .arg("--standalone")
        .output()
        .map_err(|e| format!("cannot run java (Java 17+ needed): {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "kafka StorageTool format failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(Prepared {
        props,
        classpath,
        port,
    })
}

fn start_broker_at(libs: &Path, dir: PathBuf, port: Option<u16>) -> Result<Broker, String> {
    start_broker_with(libs, dir, port, None)
}

fn start_broker_with(
    libs: &Path,
    dir: PathBuf,
    port: Option<u16>,
    sasl: Option<&Sasl>,
) -> Result<Broker, String> {
    start_broker_advertising_in(libs, dir, port, sasl, None)
}

/// A broker of its own whose metadata names `advertised` as its address, so
/// clients that bootstrap there talk to it only through a proxy on that port.
/// Its `bootstrap` is its own port. `Err` when Java or the jars are missing.
/// The broker listens on `port` and advertises `advertised` (a proxy in front of it).
pub fn start_broker_advertising(port: u16, advertised: u16) -> Result<Broker, String> {
    own_broker(|libs, dir| {
        start_broker_advertising_in(libs, dir, Some(port), None, Some(advertised))
    })
}

fn start_broker_advertising_in(
    libs: &Path,
    dir: PathBuf,
    port: Option<u16>,
    sasl: Option<&Sasl>,
    advertised: Option<u16>,
) -> Result<Broker, String> {
    let started = Instant::now();
    let Prepared {
        props,
        classpath,
        port,
    } = prepare_advertising(libs, &dir, port, sasl, advertised)?;
    let log = std::fs::File::create(dir.join("broker.log")).map_err(|e| e.to_string())?;
    // The watchdog: poll the test process; when it is gone (or the broker died),
    // kill the broker and remove its files. Works however the test ends.
    let script = r#"parent=$1; dir=$2; shift 2
"$@" & child=$!
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.5; done
kill -9 "$child" 2>/dev/null; wait "$child" 2>/dev/null; rm -rf "$dir""#;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("kafka-watchdog")
        .arg(std::process::id().to_string())
        .arg(&dir)
        .arg("java")
        .args(JVM)
        .arg("-cp")
        .arg(&classpath)
        .arg("kafka.Kafka")
        .arg(&props)
        .stdin(Stdio::null())
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start the broker: {e}"))?;
    let bootstrap = format!("127.0.0.1:{port}");
    wait_serving(&bootstrap, &mut child, &dir)?;
    // The watchdog owns the broker from here; the handle is intentionally leaked.
    std::mem::forget(child);
    eprintln!(
        "Apache Kafka broker (KRaft, from Maven jars) up at {bootstrap} in {:.1}s, data in {}",
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    Ok(Broker { bootstrap, dir })
}

/// A broker of its own that a test can kill and start again on the same port
/// and data directory (a broker restart). A watchdog kills whichever broker
/// process is current and removes the files once the test process is gone.
pub struct RestartableBroker {
    pub broker: Broker,
    props: PathBuf,
    classpath: String,
    child: Option<Child>,
}

impl RestartableBroker {
    pub fn start() -> Result<RestartableBroker, String> {
        let libs = kafka_libs()?;
        let dir = broker_dir()?;
        let Prepared {
            props,
            classpath,
            port,
        } = prepare(&libs, &dir, None, None)?;
        let script = r#"parent=$1; dir=$2
while kill -0 "$parent" 2>/dev/null && [ -d "$dir" ]; do sleep 0.5; done
kill -9 "$(cat "$dir/broker.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$dir""#;
        let watchdog = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg("kafka-watchdog")
            .arg(std::process::id().to_string())
            .arg(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("watchdog: {e}"))?;
        std::mem::forget(watchdog);
        let mut b = RestartableBroker {
            broker: Broker {
                bootstrap: format!("127.0.0.1:{port}"),
                dir,
            },
            props,
            classpath,
            child: None,
        };
        b.start_again()?;
        Ok(b)
    }

    /// Start the broker (again) and wait until it serves.
    pub fn start_again(&mut self) -> Result<(), String> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.broker.dir.join("broker.log"))
            .map_err(|e| e.to_string())?;
        let mut child = Command::new("java")
            .args(JVM)
            .arg("-cp")
            .arg(&self.classpath)
            .arg("kafka.Kafka")
            .arg(&self.props)
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start the broker: {e}"))?;
        std::fs::write(self.broker.dir.join("broker.pid"), child.id().to_string())
            .map_err(|e| e.to_string())?;
        let served = wait_serving(&self.broker.bootstrap, &mut child, &self.broker.dir);
        self.child = Some(child);
        served
    }

    /// SIGKILL the broker (a crash: no controlled shutdown).
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for RestartableBroker {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.broker.dir);
    }
}

pub fn tail(s: &str, lines: usize) -> String {
    let v: Vec<&str> = s.lines().collect();
    v[v.len().saturating_sub(lines)..].join("\n")
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A name unique within this test run (tests share one broker).
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Wait until the broker answers metadata requests (or exits).
fn wait_serving(bootstrap: &str, child: &mut Child, dir: &Path) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            let log = std::fs::read_to_string(dir.join("broker.log")).unwrap_or_default();
            return Err(format!("broker exited ({status}): {}", tail(&log, 20)));
        }
        if TcpStream::connect_timeout(&bootstrap.parse().unwrap(), Duration::from_millis(200))
            .is_ok()
        {
            break;
        }
        if Instant::now() > deadline {
            return Err("broker did not open its port within 90s".into());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    // Port open is not yet "serving": wait for metadata with our broker in it.
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .create()
        .map_err(|e| e.to_string())?;
    loop {
        match consumer.fetch_metadata(None, Duration::from_secs(5)) {
            Ok(md) if !md.brokers().is_empty() => break,
            _ if Instant::now() > deadline => return Err("broker metadata never ready".into()),
            _ => std::thread::sleep(Duration::from_millis(200)),
        }
    }
    drop(consumer);
    Ok(())
}

impl Broker {
    pub fn create_topic(&self, name: &str, partitions: i32) {
        // Room for articles over the broker's 1 MB default, as production topics may allow.
        self.create_topic_with(name, partitions, "10485760");
    }

    /// A topic whose records may be at most `max_message_bytes`.
    pub fn create_topic_with(&self, name: &str, partitions: i32, max_message_bytes: &str) {
        let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
            .set("bootstrap.servers", &self.bootstrap)
            .create()
            .expect("admin client");
        let topic = NewTopic::new(name, partitions, TopicReplication::Fixed(1))
            .set("max.message.bytes", max_message_bytes);
        let opts = AdminOptions::new().operation_timeout(Some(Duration::from_secs(30)));
        let res = futures::executor::block_on(admin.create_topics([&topic], &opts))
            .expect("create_topics request");
        for r in res {
            if let Err((t, e)) = r {
                panic!("create topic {t}: {e}");
            }
        }
        // Wait until the topic's partitions all have a leader.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ok = admin
                .inner()
                .fetch_metadata(Some(name), Duration::from_secs(5))
                .is_ok_and(|md| {
                    md.topics().iter().any(|t| {
                        t.name() == name
                            && t.error().is_none()
                            && t.partitions().len() == partitions as usize
                            && t.partitions().iter().all(|p| p.leader() >= 0)
                    })
                });
            if ok {
                return;
            }
            assert!(Instant::now() < deadline, "topic {name} never became ready");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The four topics a worker uses, fresh for one test.
    pub fn topics(&self, input_partitions: i32) -> TestTopics {
        let t = TestTopics {
            input: unique("in"),
            events: unique("events"),
            normalized: unique("normalized"),
            dlq: unique("dlq"),
            group: unique("group"),
        };
        self.create_topic(&t.input, input_partitions);
        self.create_topic(&t.events, 1);
        self.create_topic(&t.normalized, 1);
        self.create_topic(&t.dlq, 1);
        t
    }

    fn producer(&self) -> FutureProducer {
        ClientConfig::new()
            .set("bootstrap.servers", &self.bootstrap)
            .set("linger.ms", "5")
            .set("message.max.bytes", "10000000")
            .create()
            .expect("test producer")
    }

    /// Produce `(key, value, partition)` records and wait for every acknowledgement.
    pub fn produce(&self, topic: &str, records: &[Record]) {
        let producer = self.producer();
        let mut futures = Vec::with_capacity(records.len());
        for (key, value, partition) in records {
            let mut rec: FutureRecord<'_, [u8], [u8]> = FutureRecord::to(topic).payload(value);
            if let Some(k) = key {
                rec = rec.key(k.as_slice());
            }
            if let Some(p) = partition {
                rec = rec.partition(*p);
            }
            loop {
                match producer.send_result(rec) {
                    Ok(f) => {
                        futures.push(f);
                        break;
                    }
                    Err((e, r)) => {
                        // Local queue full: let deliveries catch up.
                        assert!(
                            matches!(
                                e.rdkafka_error_code(),
                                Some(rdkafka::types::RDKafkaErrorCode::QueueFull)
                            ),
                            "produce: {e}"
                        );
                        rec = r;
                        std::thread::sleep(Duration::from_millis(20));
                    }
                }
            }
        }
        for f in futures {
            futures::executor::block_on(f)
                .expect("delivery future")
                .expect("delivered");
        }
    }

    /// Produce a record with a null value (a tombstone) and wait for the ack.
    pub fn produce_tombstone(&self, topic: &str, key: &[u8]) {
        let producer = self.producer();
        let rec: FutureRecord<'_, [u8], [u8]> = FutureRecord::to(topic).key(key);
        let ack = producer
            .send_result(rec)
            .map_err(|(e, _)| e)
            .expect("produce");
        futures::executor::block_on(ack)
            .expect("delivery future")
            .expect("delivered");
    }

    /// Total records in a topic (sum of high - low watermarks over partitions).
    pub fn count(&self, topic: &str) -> i64 {
        let consumer: BaseConsumer = ClientConfig::new()
            .set("bootstrap.servers", &self.bootstrap)
            .create()
            .expect("consumer");
        watermarks(&consumer, topic)
            .iter()
            .map(|&(_, lo, hi)| hi - lo)
            .sum()
    }

    /// Wait until `topic` holds at least `n` records; false on timeout.
    pub fn wait_count(&self, topic: &str, n: i64, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self.count(topic) >= n {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Every committed record currently in `topic` (`read_committed`: records
    /// of aborted or open transactions are not returned), from the beginning.
    pub fn read_all(&self, topic: &str) -> Vec<OwnedMessage> {
        let consumer: BaseConsumer = ClientConfig::new()
            .set("bootstrap.servers", &self.bootstrap)
            .set("group.id", unique("reader"))
            .set("enable.auto.commit", "false")
            .set("enable.partition.eof", "true")
            .set("isolation.level", "read_committed")
            .set("fetch.message.max.bytes", "10000000")
            .create()
            .expect("consumer");
        let mut tpl = TopicPartitionList::new();
        let mut partitions = 0;
        for (p, lo, hi) in watermarks(&consumer, topic) {
            if hi > lo {
                partitions += 1;
                tpl.add_partition_offset(topic, p, Offset::Beginning)
                    .expect("tpl");
            }
        }
        let mut out = Vec::new();
        if partitions == 0 {
            return out;
        }
        consumer.assign(&tpl).expect("assign");
        drop(tpl);
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut at_end = std::collections::HashSet::new();
        while at_end.len() < partitions {
            assert!(Instant::now() < deadline, "reading {topic} timed out");
            match consumer.poll(Duration::from_millis(200)) {
                Some(Ok(m)) => out.push(m.detach()),
                Some(Err(rdkafka::error::KafkaError::PartitionEOF(p))) => {
                    at_end.insert(p);
                }
                Some(Err(e)) => panic!("reading {topic}: {e}"),
                None => {}
            }
        }
        out
    }

    /// The offsets `group` has committed on `topic`, by partition.
    pub fn committed(&self, group: &str, topic: &str, partitions: i32) -> HashMap<i32, i64> {
        let consumer: BaseConsumer = ClientConfig::new()
            .set("bootstrap.servers", &self.bootstrap)
            .set("group.id", group)
            .set("enable.auto.commit", "false")
            .create()
            .expect("consumer");
        let mut tpl = TopicPartitionList::new();
        for p in 0..partitions {
            tpl.add_partition(topic, p);
        }
        let committed = consumer
            .committed_offsets(tpl, Duration::from_secs(10))
            .expect("committed offsets");
        let out = committed
            .elements()
            .iter()
            .filter_map(|e| match e.offset() {
                Offset::Offset(o) => Some((e.partition(), o)),
                _ => None,
            })
            .collect();
        // Drop the list before the consumer (rdkafka close hangs otherwise).
        drop(committed);
        drop(consumer);
        out
    }
}

pub struct TestTopics {
    pub input: String,
    pub events: String,
    pub normalized: String,
    pub dlq: String,
    pub group: String,
}

impl TestTopics {
    /// Fresh names, created nowhere (for runs without a broker).
    pub fn names() -> TestTopics {
        TestTopics {
            input: unique("in"),
            events: unique("events"),
            normalized: unique("normalized"),
            dlq: unique("dlq"),
            group: unique("group"),
        }
    }
}

/// The real `newsworker run` binary, killed when dropped.
pub struct Worker {
    child: Option<Child>,
    /// Where the worker serves /metrics: it binds port 0 and logs the address, so no
    /// other process can take a port picked for it in advance.
    metrics_addr: std::sync::OnceLock<SocketAddr>,
    pub log: PathBuf,
}

impl Worker {
    pub fn start(broker: &Broker, topics: &TestTopics, extra: &[&str]) -> Worker {
        let mut args = vec!["--brokers", broker.bootstrap.as_str()];
        args.extend_from_slice(extra);
        Worker::run(topics, &args)
    }

    /// `newsworker run` with the topics' names, test timeouts and `args`
    /// (which must name the brokers), whether or not a broker is there.
    pub fn run(topics: &TestTopics, args: &[&str]) -> Worker {
        let log = std::env::temp_dir().join(format!("{}.log", unique("newsworker-worker")));
        let file = std::fs::File::create(&log).expect("worker log");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsworker"));
        for (k, _) in std::env::vars() {
            if k.starts_with("NEWSWORKER_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("RUST_LOG", "info,librdkafka=warn,rdkafka=warn")
            .arg("run")
            .args(["--group", &topics.group])
            .args(["--input-topic", &topics.input])
            .args(["--events-topic", &topics.events])
            .args(["--normalized-topic", &topics.normalized])
            .args(["--dlq-topic", &topics.dlq])
            .args(["--metrics-addr", "127.0.0.1:0"])
            // Small session timeout: a SIGKILLed member leaves the group quickly.
            .args(["-X", "session.timeout.ms=6000"])
            .args(["-X", "heartbeat.interval.ms=500"])
            .args(["-X", "statistics.interval.ms=500"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file);
        let child = cmd.spawn().expect("start newsworker");
        Worker {
            child: Some(child),
            metrics_addr: std::sync::OnceLock::new(),
            log,
        }
    }

    /// The address the worker serves /metrics on, from its start-up log line; `None`
    /// until it has logged it.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        if let Some(a) = self.metrics_addr.get() {
            return Some(*a);
        }
        let found = self
            .log()
            .lines()
            .filter(|l| l.contains("serving /metrics"))
            .map(strip_ansi)
            .find_map(|l| {
                l.split("addr=")
                    .nth(1)?
                    .split_whitespace()
                    .next()?
                    .parse()
                    .ok()
            })?;
        Some(*self.metrics_addr.get_or_init(|| found))
    }

    /// The whole log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Wait until the log contains `text`; false at the timeout or if the worker exited.
    pub fn wait_log(&mut self, text: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.log().contains(text) {
                return true;
            }
            if self.try_wait().is_some() {
                return self.log().contains(text);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(|c| c.id()).unwrap_or(0)
    }

    pub fn log_tail(&self, lines: usize) -> String {
        tail(
            &std::fs::read_to_string(&self.log).unwrap_or_default(),
            lines,
        )
    }

    /// GET a path on the worker's HTTP port: (status, body).
    pub fn get(&self, path: &str) -> Option<(u16, String)> {
        http_get(self.metrics_addr()?, path)
    }

    /// Wait for `/readyz` to answer 200.
    pub fn wait_ready(&mut self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some((200, _)) = self.get("/readyz") {
                return;
            }
            if let Some(status) = self.try_wait() {
                panic!("worker exited early ({status}):\n{}", self.log_tail(30));
            }
            assert!(
                Instant::now() < deadline,
                "worker not ready within {timeout:?}:\n{}",
                self.log_tail(30)
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Scrape `/metrics` into `name{labels}` → value.
    pub fn metrics(&self) -> HashMap<String, f64> {
        let (status, body) = self.get("/metrics").expect("GET /metrics");
        assert_eq!(status, 200);
        parse_metrics(&body)
    }

    pub fn signal(&self, sig: &str) {
        let status = Command::new("kill")
            .args([sig, &self.pid().to_string()])
            .status()
            .expect("kill");
        assert!(status.success(), "kill {sig} failed");
    }

    pub fn sigkill(&mut self) {
        if let Some(c) = self.child.as_mut() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub fn try_wait(&mut self) -> Option<ExitStatus> {
        self.child
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten())
    }

    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(s) = self.try_wait() {
                return Some(s);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        // Keep the log only when the test failed (it is quoted in the panic).
        if std::thread::panicking() {
            let _ = writeln!(std::io::stderr(), "worker log kept: {}", self.log.display());
        } else {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

pub fn http_get(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let status = buf.split_whitespace().nth(1)?.parse().ok()?;
    let body = buf.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((status, body))
}

pub fn parse_metrics(text: &str) -> HashMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (name, value) = l.rsplit_once(' ')?;
            Some((name.to_string(), value.parse().ok()?))
        })
        .collect()
}

/// The seed article (tests/fixtures) as an input message value.
pub fn seed_article() -> Vec<u8> {
    let text = include_str!("../fixtures/seed-article-azerbaijan-isf.txt");
    let (title, body) = text.split_once('\n').unwrap();
    serde_json::to_vec(&serde_json::json!({
        "id": "seed-azerbaijan-isf",
        "title": title,
        "body": body,
        "url": "https://example.org/news/azerbaijan-isf",
        "source": "example.org",
        "published_at": "2025-12-02T10:00:00Z",
    }))
    .unwrap()
}

/// A header value as UTF-8.
pub fn header(m: &OwnedMessage, name: &str) -> Option<String> {
    use rdkafka::message::{Headers, Message};
    let h = m.headers()?;
    h.iter()
        .find(|h| h.key == name)
        .and_then(|h| h.value)
        .map(|v| String::from_utf8_lossy(v).into_owned())
}

/// Why `record` does not match `schemas/<name>` (empty when it does).
pub fn schema_errors(name: &str, record: &serde_json::Value) -> Vec<String> {
    let path = root().join("schemas").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{path:?}: {e}"));
    validator
        .iter_errors(record)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// (partition, low, high) watermarks of every partition of `topic`. The metadata is
/// dropped before returning, so the consumer can be assigned afterwards.
fn watermarks(consumer: &BaseConsumer, topic: &str) -> Vec<(i32, i64, i64)> {
    let md = consumer
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .expect("metadata");
    let mut out = Vec::new();
    for t in md.topics() {
        for p in t.partitions() {
            // Right after a broker restart a partition may have no leader for a few
            // seconds (NotLeaderForPartition): ask again until one is elected.
            let deadline = Instant::now() + Duration::from_secs(60);
            let (lo, hi) = loop {
                match consumer.fetch_watermarks(topic, p.id(), Duration::from_secs(10)) {
                    Ok(w) => break w,
                    Err(e) if Instant::now() < deadline => {
                        eprintln!("watermarks of {topic}/{}: {e}; retrying", p.id());
                        std::thread::sleep(Duration::from_millis(500));
                    }
                    Err(e) => panic!("watermarks: {e}"),
                }
            };
            out.push((p.id(), lo, hi));
        }
    }
    out
}

/// Every input accounted for by committed outputs: (partition, offset) → how
/// many `read_committed` records in the normalised or dead-letter topic name it.
pub fn accounted(broker: &Broker, topics: &TestTopics) -> BTreeMap<(i32, i64), usize> {
    use rdkafka::message::Message as _;
    let mut seen = BTreeMap::new();
    for m in broker.read_all(&topics.normalized) {
        let v: serde_json::Value = serde_json::from_slice(m.payload().unwrap()).unwrap();
        let key = (
            v["source_offset"]["partition"].as_i64().unwrap() as i32,
            v["source_offset"]["offset"].as_i64().unwrap(),
        );
        *seen.entry(key).or_insert(0) += 1;
    }
    for m in broker.read_all(&topics.dlq) {
        let at = |h: &str| header(&m, h).unwrap().parse::<i64>().unwrap();
        let key = (
            at("newsworker-source-partition") as i32,
            at("newsworker-source-offset"),
        );
        *seen.entry(key).or_insert(0) += 1;
    }
    seen
}
