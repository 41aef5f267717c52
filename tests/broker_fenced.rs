//! A Metadata response that lists topics but no brokers, as a single KRaft
//! broker sends for a moment after a stall longer than its 9 s session with
//! its own controller (it is fenced on resume, then unfenced). librdkafka
//! (2.12) drops every broker such a response leaves out, and its own
//! re-bootstrap can lose a race with that same response (upstream librdkafka
//! #5301): the client is left with no broker to connect to, for good. That is
//! how `broker_outage` once failed in CI ("never reconnected").
//!
//! The fenced moment is a few milliseconds, and only sometimes meets a client
//! request; here it is made to last. The real broker advertises a proxy's port
//! (this file's), so every connection after bootstrap goes through the proxy,
//! and the proxy can blank the broker list out of Metadata responses, leaving
//! everything else as the broker sent it. librdkafka's own re-bootstrap is
//! off (`metadata.recovery.strategy=none`), so only the worker can recover.

mod util;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::json;
use util::Worker;

const METADATA: i16 = 3;

/// The proxy's switch and what it did.
#[derive(Default)]
struct Blanking {
    on: AtomicBool,
    /// Metadata responses blanked that listed at least one topic.
    with_topics: AtomicUsize,
}

fn read_frame(s: &mut TcpStream) -> Option<Vec<u8>> {
    let mut len = [0u8; 4];
    s.read_exact(&mut len).ok()?;
    let mut body = vec![0u8; i32::from_be_bytes(len).max(0) as usize];
    s.read_exact(&mut body).ok()?;
    Some(body)
}

fn write_frame(s: &mut TcpStream, body: &[u8]) -> bool {
    let len = (body.len() as i32).to_be_bytes();
    s.write_all(&len).and_then(|_| s.write_all(body)).is_ok()
}

/// A reader over a Kafka response body.
struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn skip(&mut self, n: usize) -> Option<()> {
        (self.at + n <= self.b.len()).then(|| self.at += n)
    }
    fn i16(&mut self) -> Option<i16> {
        let v = i16::from_be_bytes(self.b.get(self.at..self.at + 2)?.try_into().ok()?);
        self.at += 2;
        Some(v)
    }
    fn i32(&mut self) -> Option<i32> {
        let v = i32::from_be_bytes(self.b.get(self.at..self.at + 4)?.try_into().ok()?);
        self.at += 4;
        Some(v)
    }
    fn uvarint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.b.get(self.at)?;
            self.at += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    fn tagged_fields(&mut self) -> Option<()> {
        for _ in 0..self.uvarint()? {
            self.uvarint()?;
            let size = self.uvarint()? as usize;
            self.skip(size)?;
        }
        Some(())
    }
    /// A string (compact in flexible versions); null allowed.
    fn string(&mut self, flexible: bool) -> Option<()> {
        let len = if flexible {
            self.uvarint()? as i64 - 1
        } else {
            i64::from(self.i16()?)
        };
        self.skip(len.max(0) as usize)
    }
    fn array_len(&mut self, flexible: bool) -> Option<i64> {
        Some(if flexible {
            self.uvarint()? as i64 - 1
        } else {
            i64::from(self.i32()?)
        })
    }
}

/// The Metadata response `body` (version `v`) with an empty broker list,
/// and how many topics it lists; None if it does not parse.
fn blank_brokers(body: &[u8], v: i16) -> Option<(Vec<u8>, i64)> {
    let flexible = v >= 9;
    let mut c = Cursor { b: body, at: 4 }; // correlation id
    if flexible {
        c.tagged_fields()?; // response header
    }
    if v >= 3 {
        c.skip(4)?; // throttle_time_ms
    }
    let brokers_at = c.at;
    for _ in 0..c.array_len(flexible)? {
        c.skip(4)?; // node_id
        c.string(flexible)?; // host
        c.skip(4)?; // port
        if v >= 1 {
            c.string(flexible)?; // rack
        }
        if flexible {
            c.tagged_fields()?;
        }
    }
    let brokers_end = c.at;
    // What follows: cluster_id (v2+), controller_id (v1+), then the topics.
    if v >= 2 {
        c.string(flexible)?;
    }
    if v >= 1 {
        c.skip(4)?;
    }
    let topics = c.array_len(flexible)?;
    let mut out = body[..brokers_at].to_vec();
    out.extend_from_slice(if flexible { &[1] } else { &[0, 0, 0, 0] });
    out.extend_from_slice(&body[brokers_end..]);
    Some((out, topics))
}

/// Forward one connection both ways; while `blanking` is on, Metadata
/// responses go back without brokers.
fn relay(client: TcpStream, upstream: &str, blanking: Arc<Blanking>) {
    let Ok(broker) = TcpStream::connect(upstream) else {
        return;
    };
    let asked: Arc<Mutex<HashMap<i32, i16>>> = Arc::default();
    let (mut c_in, mut b_out) = (client.try_clone().unwrap(), broker.try_clone().unwrap());
    let requests = {
        let asked = asked.clone();
        std::thread::spawn(move || {
            while let Some(req) = read_frame(&mut c_in) {
                let mut c = Cursor { b: &req, at: 0 };
                if let (Some(key), Some(version), Some(corr)) = (c.i16(), c.i16(), c.i32()) {
                    if key == METADATA {
                        asked.lock().unwrap().insert(corr, version);
                    }
                }
                if !write_frame(&mut b_out, &req) {
                    break;
                }
            }
            let _ = b_out.shutdown(Shutdown::Both);
        })
    };
    let (mut b_in, mut c_out) = (broker, client);
    while let Some(mut resp) = read_frame(&mut b_in) {
        let corr = Cursor { b: &resp, at: 0 }.i32();
        let version = corr.and_then(|c| asked.lock().unwrap().remove(&c));
        if let Some(v) = version.filter(|_| blanking.on.load(Ordering::SeqCst)) {
            if let Some((blank, topics)) = blank_brokers(&resp, v) {
                if topics > 0 {
                    blanking.with_topics.fetch_add(1, Ordering::SeqCst);
                }
                resp = blank;
            }
        }
        if !write_frame(&mut c_out, &resp) {
            break;
        }
    }
    let _ = c_out.shutdown(Shutdown::Both);
    let _ = requests.join();
}

fn connected(w: &Worker) -> bool {
    w.get("/metrics")
        .map(|(_, body)| util::parse_metrics(&body))
        .and_then(|m| m.get("newsworker_brokers_connected").copied())
        .is_some_and(|n| n >= 1.0)
}

fn article(i: usize) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "id": format!("fenced-{i}"),
        "title": "Council meets",
        "body": "The city council met on Tuesday. Members discussed the budget.",
    }))
    .unwrap()
}

#[test]
fn clients_left_without_brokers_by_a_brokerless_metadata_response_get_them_back() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = format!("127.0.0.1:{}", listener.local_addr().unwrap().port());
    let upstream: Arc<OnceLock<String>> = Arc::default();
    let blanking = Arc::new(Blanking::default());
    {
        let (upstream, blanking) = (upstream.clone(), blanking.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (upstream, blanking) = (upstream.clone(), blanking.clone());
                std::thread::spawn(move || {
                    if let Some(u) = upstream.get() {
                        relay(client, u, blanking);
                    }
                });
            }
        });
    }
    let port = listener_port(&proxy);
    // The proxy knows where to relay before the broker starts: the start-up check's
    // client is sent to the advertised port (the proxy) after its first request.
    let broker_port = util::free_port().unwrap();
    upstream.set(format!("127.0.0.1:{broker_port}")).unwrap();
    let broker = match util::start_broker_advertising(broker_port, port) {
        Ok(b) => b,
        Err(reason) if util::ci() => {
            panic!("CI=true and the broker could not be started: {reason}")
        }
        Err(reason) => {
            eprintln!("SKIPPING: the broker could not be started: {reason}");
            return;
        }
    };
    assert_eq!(upstream.get(), Some(&broker.bootstrap));
    let topics = broker.topics(1);
    let mut w = Worker::run(
        &topics,
        &[
            "--brokers",
            &proxy,
            "-X",
            "metadata.recovery.strategy=none",
            // Topic metadata every second, so a blanked response comes soon.
            "-X",
            "topic.metadata.refresh.interval.ms=1000",
        ],
    );
    w.wait_ready(Duration::from_secs(60));
    broker.produce(&topics.input, &[(Some(b"k".to_vec()), article(0), None)]);
    assert!(broker.wait_count(&topics.normalized, 1, Duration::from_secs(60)));
    let deadline = Instant::now() + Duration::from_secs(30);
    while !connected(&w) {
        assert!(
            Instant::now() < deadline,
            "never connected:\n{}",
            w.log_tail(20)
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // The fenced moment, made to last 10 s.
    blanking.on.store(true, Ordering::SeqCst);
    std::thread::sleep(Duration::from_secs(10));
    blanking.on.store(false, Ordering::SeqCst);
    let blanked = blanking.with_topics.load(Ordering::SeqCst);
    assert!(blanked > 0, "no Metadata response with topics was blanked");

    let resumed = Instant::now();
    while !connected(&w) {
        assert!(
            resumed.elapsed() < Duration::from_secs(60),
            "never reconnected after {blanked} Metadata responses without brokers:\n{}",
            w.log_tail(20)
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    let reconnect = resumed.elapsed();
    let log = w.log();
    assert!(
        log.contains("knows no broker any more"),
        "the client was never left without brokers:\n{}",
        w.log_tail(20)
    );
    assert!(log.contains("bootstrap servers added again"));
    broker.produce(&topics.input, &[(Some(b"k".to_vec()), article(1), None)]);
    assert!(
        broker.wait_count(&topics.normalized, 2, Duration::from_secs(90)),
        "no progress after the clients got their brokers back:\n{}",
        w.log_tail(30)
    );
    eprintln!(
        "{blanked} brokerless Metadata responses; connected again {reconnect:.1?} after they stopped"
    );
}

fn listener_port(addr: &str) -> u16 {
    addr.rsplit(':').next().unwrap().parse().unwrap()
}
