//! Keeping each Kafka client's broker list alive, and logging what it does.
//!
//! librdkafka (2.10 and later) removes every broker a Metadata response does
//! not list. A single KRaft broker that stalled past `broker.session.timeout.ms`
//! (a long GC pause, a frozen VM) is fenced by its controller when it resumes
//! and, until it is unfenced a moment later, answers Metadata with no brokers
//! at all. The client then drops every broker it knew, and its own recovery
//! (re-bootstrap on "all brokers down") can be cancelled by that same
//! response: the client is left with no broker to connect to, for good
//! (upstream librdkafka issue #5301, fix not released in 2.12). The worker
//! looks like a healthy process that never reconnects.
//!
//! Each client's statistics say which brokers it knows. [`BrokerWatch`] notes
//! when none is left (logical coordinator handles aside) and logs each known
//! broker's up/down transitions, so the connection gauge can be explained from
//! the log. [`watch`] re-adds `bootstrap.servers` to a client that has known no
//! broker for [`ORPHAN_GRACE`], which is what the client's own re-bootstrap
//! would have done.

use std::collections::HashMap;
use std::ffi::CString;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rdkafka::client::Client;
use rdkafka::ClientContext;

use crate::metrics::Metrics;

/// How long a client may know no broker before the worker gives it the
/// bootstrap servers again. librdkafka's own re-bootstrap replaces the brokers
/// at once, so a client still without any after a few statistics intervals
/// has been left stranded.
pub const ORPHAN_GRACE: Duration = Duration::from_secs(3);

/// One broker as a client's statistics list it: name, node id, source
/// (`learned`, `configured`, `logical`, `internal`) and connection state.
#[derive(Debug, Clone, Copy)]
pub struct BrokerStat<'a> {
    pub name: &'a str,
    pub nodeid: i32,
    pub source: &'a str,
    pub state: &'a str,
}

impl<'a> From<&'a rdkafka::statistics::Broker> for BrokerStat<'a> {
    fn from(b: &'a rdkafka::statistics::Broker) -> Self {
        BrokerStat {
            name: &b.name,
            nodeid: b.nodeid,
            source: &b.source,
            state: &b.state,
        }
    }
}

/// `UPDATE` is up with a metadata refresh under way; every other state is not serving.
pub fn is_up(state: &str) -> bool {
    matches!(state, "UP" | "UPDATE")
}

#[derive(Debug, Default)]
struct State {
    /// Up or not, per known broker, as of the last statistics.
    up: HashMap<String, bool>,
    /// Since when the client has known no broker (None while it knows one).
    orphaned_since: Option<Instant>,
}

/// What one client's statistics say about its brokers.
#[derive(Debug)]
pub struct BrokerWatch {
    client: &'static str,
    state: Mutex<State>,
}

impl BrokerWatch {
    pub fn new(client: &'static str) -> BrokerWatch {
        BrokerWatch {
            client,
            state: Mutex::new(State::default()),
        }
    }

    /// Feed one statistics report (the `brokers` map).
    pub fn observe<'a>(&self, brokers: impl IntoIterator<Item = BrokerStat<'a>>) {
        self.observe_at(brokers, Instant::now());
    }

    fn observe_at<'a>(&self, brokers: impl IntoIterator<Item = BrokerStat<'a>>, now: Instant) {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let mut seen = HashMap::new();
        for b in brokers {
            // Logical brokers (GroupCoordinator, TxnCoordinator) are handles
            // onto a real one, and the internal one is no broker at all.
            if !matches!(b.source, "learned" | "configured") {
                continue;
            }
            let up = is_up(b.state);
            match st.up.get(b.name) {
                Some(&was) if was == up => {}
                Some(_) => tracing::info!(
                    client = self.client,
                    broker = b.name,
                    nodeid = b.nodeid,
                    state = b.state,
                    "kafka broker connection {}",
                    if up { "up" } else { "down" }
                ),
                None => tracing::info!(
                    client = self.client,
                    broker = b.name,
                    nodeid = b.nodeid,
                    source = b.source,
                    state = b.state,
                    "kafka broker known"
                ),
            }
            seen.insert(b.name.to_string(), up);
        }
        for gone in st.up.keys().filter(|k| !seen.contains_key(*k)) {
            tracing::info!(client = self.client, broker = %gone, "kafka broker removed by the client");
        }
        if seen.is_empty() {
            if st.orphaned_since.is_none() {
                tracing::warn!(
                    client = self.client,
                    "the Kafka client knows no broker any more (the last Metadata response listed none)"
                );
                st.orphaned_since = Some(now);
            }
        } else {
            st.orphaned_since = None;
        }
        st.up = seen;
    }

    /// How long the client has known no broker, if it knows none.
    fn orphaned_for(&self, now: Instant) -> Option<Duration> {
        let st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.orphaned_since.map(|t| now.saturating_duration_since(t))
    }

    /// Start the grace period again (after the bootstrap servers were re-added).
    fn restart_grace(&self, now: Instant) {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if st.orphaned_since.is_some() {
            st.orphaned_since = Some(now);
        }
    }
}

/// Give `client` its bootstrap servers again; returns how many were added.
pub fn add_brokers<C: ClientContext>(client: &Client<C>, bootstrap: &str) -> i32 {
    let Ok(list) = CString::new(bootstrap) else {
        return 0;
    };
    // SAFETY: the handle lives as long as `client` is borrowed;
    // rd_kafka_brokers_add may be called from any thread and copies the list.
    unsafe { rdkafka::bindings::rd_kafka_brokers_add(client.native_ptr(), list.as_ptr()) }
}

/// One client under watch: what its statistics say, and the call that gives
/// it its bootstrap servers again.
pub struct Watched {
    pub watch: Arc<BrokerWatch>,
    pub rebootstrap: Box<dyn Fn() -> i32 + Send + Sync>,
}

/// Every second: a client that has known no broker for [`ORPHAN_GRACE`] gets
/// its bootstrap servers back. Runs until aborted.
pub async fn watch(clients: Vec<Watched>, metrics: Arc<Metrics>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        sweep(&clients, Instant::now(), &metrics);
    }
}

/// One pass of [`watch`]; how many clients got their bootstrap servers again.
fn sweep(clients: &[Watched], now: Instant, metrics: &Metrics) -> usize {
    let mut rebootstrapped = 0;
    for c in clients {
        if c.watch.orphaned_for(now).is_none_or(|d| d < ORPHAN_GRACE) {
            continue;
        }
        let added = (c.rebootstrap)();
        metrics
            .kafka_rebootstraps
            .with_label_values(&[c.watch.client])
            .inc();
        tracing::warn!(
            client = c.watch.client,
            added,
            "the Kafka client stayed without brokers for {ORPHAN_GRACE:?}: bootstrap servers added again"
        );
        c.watch.restart_grace(now);
        rebootstrapped += 1;
    }
    rebootstrapped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b<'a>(name: &'a str, nodeid: i32, source: &'a str, state: &'a str) -> BrokerStat<'a> {
        BrokerStat {
            name,
            nodeid,
            source,
            state,
        }
    }

    #[test]
    fn orphaned_only_when_no_learned_or_configured_broker_is_left() {
        let w = BrokerWatch::new("consumer");
        let t0 = Instant::now();
        w.observe_at([b("h:1/bootstrap", -1, "configured", "UP")], t0);
        assert_eq!(w.orphaned_for(t0), None);
        w.observe_at(
            [
                b("h:1/1", 1, "learned", "DOWN"),
                b("GroupCoordinator", 1, "logical", "DOWN"),
            ],
            t0,
        );
        assert_eq!(
            w.orphaned_for(t0),
            None,
            "a broker that is down is still known"
        );
        // What a Metadata response listing no broker leaves behind: the
        // coordinator handle only.
        w.observe_at([b("GroupCoordinator", -1, "logical", "INIT")], t0);
        let later = t0 + Duration::from_secs(5);
        assert_eq!(w.orphaned_for(later), Some(Duration::from_secs(5)));
        // Still orphaned at the next report: the start does not move.
        w.observe_at([b("GroupCoordinator", -1, "logical", "INIT")], later);
        assert_eq!(w.orphaned_for(later), Some(Duration::from_secs(5)));
        w.restart_grace(later);
        assert_eq!(w.orphaned_for(later), Some(Duration::ZERO));
        w.observe_at([b("h:1/bootstrap", -1, "configured", "CONNECT")], later);
        assert_eq!(w.orphaned_for(later), None);
    }

    #[test]
    fn internal_broker_does_not_count() {
        let w = BrokerWatch::new("producer");
        let t0 = Instant::now();
        w.observe_at([b(":0/internal", -1, "internal", "UP")], t0);
        assert!(w.orphaned_for(t0).is_some());
    }

    #[test]
    fn a_stranded_client_gets_its_bootstrap_servers_again_after_the_grace() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let metrics = Metrics::new("test");
        let w = Arc::new(BrokerWatch::new("consumer"));
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let clients = [Watched {
            watch: w.clone(),
            rebootstrap: Box::new(move || {
                c.fetch_add(1, Ordering::SeqCst);
                1
            }),
        }];
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        w.observe_at([b("h:1/1", 1, "learned", "DOWN")], t0);
        assert_eq!(
            sweep(&clients, at(60), &metrics),
            0,
            "known, if down: left alone"
        );
        w.observe_at([b("GroupCoordinator", -1, "logical", "INIT")], at(60));
        assert_eq!(sweep(&clients, at(62), &metrics), 0, "within the grace");
        assert_eq!(sweep(&clients, at(63), &metrics), 1);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        // Still without brokers: again only after another grace period.
        w.observe_at([b("GroupCoordinator", -1, "logical", "INIT")], at(64));
        assert_eq!(sweep(&clients, at(65), &metrics), 0);
        assert_eq!(sweep(&clients, at(66), &metrics), 1);
        w.observe_at([b("h:1/bootstrap", -1, "configured", "UP")], at(67));
        assert_eq!(sweep(&clients, at(100), &metrics), 0);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert_eq!(
            metrics
                .kafka_rebootstraps
                .with_label_values(&["consumer"])
                .get(),
            2
        );
    }
}
