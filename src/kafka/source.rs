//! Stage 1: the consumer, on two OS threads.
//!
//! - The **poller** only calls `consumer.poll` (taking a slot in the in-flight
//!   budget first) and forwards each message to the source loop. librdkafka runs
//!   the rebalance callbacks inside `poll`, on this thread.
//! - The consumer **context** does no work in those callbacks: it forwards a
//!   revoke to the source loop and waits (a rendezvous) until the loop has
//!   drained the revoked partitions and committed, as Vector's Kafka source does.
//! - The **source loop** owns the partition registry (one task per partition),
//!   dispatches messages, serves revokes, commits transactions (exactly-once)
//!   and, at shutdown, drains, flushes, commits and closes the consumer.
//!
//! Both are OS threads, not tokio workers, because they block: the poller in
//! the rebalance rendezvous, the loop on drains and transactional calls.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rdkafka::consumer::{CommitMode, Consumer as _, ConsumerContext, Rebalance};
use rdkafka::error::KafkaError;
use rdkafka::message::{Message, OwnedMessage};
use rdkafka::producer::Producer as _;
use rdkafka::statistics::Statistics;
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::ClientContext;
use tokio::runtime::Handle;
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinHandle;

use crate::metrics::Metrics;
use crate::shutdown::Shutdown;

use super::txn::{Commit, COMMIT_INTERVAL, TXN_TIMEOUT};
use super::worker::{partition_task, InFlight, Job, Shared};
use super::Consumer;

pub type PartitionKey = (String, i32);

/// What the poller and the consumer context send to the source loop, in the
/// order it happened (so messages fetched before a revoke are dispatched first).
enum Event {
    Message(OwnedMessage, OwnedSemaphorePermit),
    /// Partitions being revoked; the loop answers on `done` once it has
    /// drained and committed them, and only then does the callback return.
    Revoke {
        partitions: Vec<PartitionKey>,
        done: std_mpsc::SyncSender<()>,
    },
    /// The poller has stopped fetching (answer to a pause request): nothing
    /// fetched after this point is in the channel.
    Paused,
}

/// Consumer callbacks: forwards revokes to the source loop and waits for it;
/// counts assignments and turns statistics into lag gauges. No other work.
pub struct SourceContext {
    metrics: Arc<Metrics>,
    brokers: Arc<super::brokers::BrokerWatch>,
    events: Mutex<std_mpsc::Sender<Event>>,
    /// Taken once by the source loop.
    receiver: Mutex<Option<std_mpsc::Receiver<Event>>>,
}

impl SourceContext {
    pub fn new(metrics: Arc<Metrics>) -> SourceContext {
        let (tx, rx) = std_mpsc::channel();
        SourceContext {
            metrics,
            brokers: Arc::new(super::brokers::BrokerWatch::new("consumer")),
            events: Mutex::new(tx),
            receiver: Mutex::new(Some(rx)),
        }
    }

    fn sender(&self) -> std_mpsc::Sender<Event> {
        self.events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// What the statistics say about this consumer's brokers.
    pub fn brokers(&self) -> Arc<super::brokers::BrokerWatch> {
        self.brokers.clone()
    }

    fn take_receiver(&self) -> Option<std_mpsc::Receiver<Event>> {
        self.receiver
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
    }

    fn update_assignment(&self, consumer: &Consumer) {
        // Drop the list right away: a live TopicPartitionList blocks consumer close.
        let n = consumer.assignment().map(|tpl| tpl.count()).unwrap_or(0);
        self.metrics.assigned_partitions.set(n as i64);
    }
}

impl ClientContext for SourceContext {
    fn stats(&self, stats: Statistics) {
        self.brokers.observe(stats.brokers.values().map(Into::into));
        let brokers = stats.brokers.values();
        self.metrics
            .observe_brokers(brokers.map(|b| (&*b.name, b.nodeid, &*b.state)));
        for (topic, t) in &stats.topics {
            for (partition, p) in &t.partitions {
                if *partition < 0 {
                    continue; // librdkafka's internal UA partition
                }
                let labels = [topic.as_str(), &partition.to_string()];
                if p.consumer_lag >= 0 && p.fetch_state == "active" {
                    self.metrics
                        .consumer_lag
                        .with_label_values(&labels)
                        .set(p.consumer_lag);
                } else {
                    let _ = self.metrics.consumer_lag.remove_label_values(&labels);
                }
            }
        }
    }

    fn error(&self, error: KafkaError, reason: &str) {
        super::logs::client_error("consumer", &error, reason);
    }

    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, message: &str) {
        super::logs::client_log(level, fac, message);
    }
}

impl ConsumerContext for SourceContext {
    fn pre_rebalance(&self, _consumer: &Consumer, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Revoke(tpl) => {
                let partitions: Vec<PartitionKey> = tpl
                    .elements()
                    .iter()
                    .map(|e| (e.topic().to_string(), e.partition()))
                    .collect();
                let (done, wait) = std_mpsc::sync_channel(1);
                // The loop is gone only when it is closing the consumer itself,
                // after draining and committing everything: nothing to wait for.
                if self
                    .sender()
                    .send(Event::Revoke { partitions, done })
                    .is_ok()
                {
                    let _ = wait.recv();
                }
            }
            Rebalance::Assign(tpl) => {
                self.metrics.rebalances.with_label_values(&["assign"]).inc();
                let assigned: Vec<PartitionKey> = tpl
                    .elements()
                    .iter()
                    .map(|e| (e.topic().to_string(), e.partition()))
                    .collect();
                tracing::info!(partitions = ?assigned, "partitions assigned");
            }
            Rebalance::Error(e) => {
                self.metrics.rebalances.with_label_values(&["error"]).inc();
                tracing::error!(error = %e, "rebalance error");
            }
        }
    }

    fn post_rebalance(&self, consumer: &Consumer, _rebalance: &Rebalance<'_>) {
        self.update_assignment(consumer);
    }

    fn commit_callback(
        &self,
        result: rdkafka::error::KafkaResult<()>,
        _offsets: &rdkafka::TopicPartitionList,
    ) {
        match result {
            Ok(()) | Err(KafkaError::ConsumerCommit(RDKafkaErrorCode::NoOffset)) => {}
            Err(e) => {
                self.metrics.commit_errors.inc();
                tracing::warn!(error = %e, "background offset commit failed");
            }
        }
    }
}

/// What the source thread reports when it ends.
#[derive(Debug, Default, Clone)]
pub struct SourceSummary {
    pub consumed: u64,
    /// Partition tasks abandoned at the drain deadline.
    pub aborted: usize,
    /// Exactly-once: why a transaction failed for good (the worker stops).
    pub txn_failed: Option<String>,
}

struct PartitionWorker {
    tx: mpsc::Sender<Job>,
    closing: Arc<AtomicBool>,
    join: JoinHandle<()>,
}

/// The source loop's state: the partition registry and, for exactly-once,
/// where each partition must be rewound to should the open transaction abort.
struct SourceLoop {
    shared: Arc<Shared>,
    consumer: Arc<Consumer>,
    metrics: Arc<Metrics>,
    partitions: HashMap<PartitionKey, PartitionWorker>,
    /// Exactly-once: the first offset not covered by a committed transaction,
    /// for every partition this worker has received messages from.
    rewind_to: HashMap<PartitionKey, i64>,
    max_in_flight: usize,
    drain_timeout: Duration,
    rt: Handle,
    /// Stops a commit that keeps timing out from being resumed.
    shutdown: Shutdown,
    summary: SourceSummary,
}

/// The poller's controls, set by the loop.
#[derive(Default)]
struct PollerControl {
    stop: AtomicBool,
    pause: AtomicBool,
}

/// Poll until shutdown, dispatching messages to partition tasks; then drain,
/// flush, commit and close the consumer, all before `drain_timeout` runs out.
pub fn run(
    shared: Arc<Shared>,
    shutdown: Shutdown,
    max_in_flight: usize,
    drain_timeout: Duration,
    rt: Handle,
) -> SourceSummary {
    let consumer = shared.consumer.clone();
    let Some(events) = consumer.context().take_receiver() else {
        tracing::error!("the source loop was started twice");
        return SourceSummary::default();
    };
    let control = Arc::new(PollerControl::default());
    let poller = {
        let (consumer, control, shutdown, rt) = (
            consumer.clone(),
            control.clone(),
            shutdown.clone(),
            rt.clone(),
        );
        let metrics = shared.metrics.clone();
        let tx = consumer.context().sender();
        std::thread::Builder::new()
            .name("newsworker-poll".into())
            .spawn(move || {
                poll(
                    &consumer,
                    &tx,
                    &control,
                    &shutdown,
                    &metrics,
                    max_in_flight,
                    &rt,
                )
            })
    };
    let poller = match poller {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the poller thread");
            shutdown.trigger();
            return SourceSummary::default();
        }
    };
    let mut state = SourceLoop {
        metrics: shared.metrics.clone(),
        shared,
        consumer,
        partitions: HashMap::new(),
        rewind_to: HashMap::new(),
        max_in_flight,
        drain_timeout,
        rt,
        shutdown: shutdown.clone(),
        summary: SourceSummary::default(),
    };

    let tick = Duration::from_millis(100);
    let mut last_txn_commit = Instant::now();
    while !shutdown.is_triggered() {
        if let Some(txn) = state.shared.delivery.txn().cloned() {
            if txn.failed() || last_txn_commit.elapsed() >= COMMIT_INTERVAL {
                let commit = state.commit_finished("interval", TXN_TIMEOUT);
                if !state.after_commit(commit, &events, &control, &shutdown) {
                    break;
                }
                last_txn_commit = Instant::now();
            }
        }
        match events.recv_timeout(tick) {
            Ok(event) => {
                if !state.handle(event, &events, &control, &shutdown) {
                    break;
                }
            }
            Err(std_mpsc::RecvTimeoutError::Timeout) => {}
            Err(std_mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    shutdown.trigger();

    // Shutdown: everything below must fit in the drain timeout.
    let start = Instant::now();
    let deadline = start + drain_timeout;
    let reserve = (drain_timeout / 4).min(Duration::from_secs(5));
    tracing::info!(
        drain_timeout_ms = drain_timeout.as_millis() as u64,
        "fetching stopped; finishing in-flight messages"
    );
    // The poller may be inside a rebalance callback waiting for this loop:
    // serve revokes until it has stopped. Messages it fetched are dropped
    // unstored (redelivered to whoever reads the partition next).
    control.stop.store(true, Ordering::SeqCst);
    while !poller.is_finished() {
        if let Ok(Event::Revoke { partitions, done }) =
            events.recv_timeout(Duration::from_millis(20))
        {
            state.revoke(&partitions);
            let _ = done.send(());
        }
    }
    let _ = poller.join();
    while let Ok(event) = events.try_recv() {
        if let Event::Revoke { partitions, done } = event {
            state.revoke(&partitions);
            let _ = done.send(());
        }
    }
    state.summary.aborted += state.drain(|_| true, deadline - reserve);
    let left = deadline.saturating_duration_since(Instant::now());
    if let Err(e) = state.shared.sink.producer().flush(left / 2) {
        tracing::warn!(error = %e, "producer flush did not finish");
    }
    let left = deadline.saturating_duration_since(Instant::now());
    match state.commit_finished("shutdown", left) {
        Commit::Fatal(reason) => state.summary.txn_failed = Some(reason),
        // Its outputs are discarded and its offsets not committed: whoever
        // reads the partitions next starts from the last commit.
        Commit::Aborted => {
            state.summary.txn_failed = state.shared.delivery.txn().and_then(|t| t.failure())
        }
        Commit::Committed(_) | Commit::Nothing => {}
    }
    let SourceLoop {
        shared,
        consumer,
        summary,
        ..
    } = state;
    drop(shared);
    // From here on a revoke (the one closing serves) finds no loop and returns.
    drop(events);
    // Close (leave the group) on this thread, after the poller has stopped.
    match Arc::try_unwrap(consumer) {
        Ok(c) => drop(c),
        Err(c) => {
            tracing::warn!("consumer still referenced at shutdown");
            drop(c);
        }
    }
    tracing::info!(
        consumed = summary.consumed,
        aborted = summary.aborted,
        took_ms = start.elapsed().as_millis() as u64,
        "source closed"
    );
    summary
}

/// The poller thread: take a slot in the in-flight budget, then poll. When
/// every slot is taken it stops polling, and librdkafka's prefetch queue fills
/// and stops (backpressure).
fn poll(
    consumer: &Consumer,
    tx: &std_mpsc::Sender<Event>,
    control: &PollerControl,
    shutdown: &Shutdown,
    metrics: &Metrics,
    max_in_flight: usize,
    rt: &Handle,
) {
    let budget = Arc::new(Semaphore::new(max_in_flight));
    // Once the budget is spent, wait until an eighth of it is free again
    // before fetching: with a backlog every finished message would otherwise
    // wake this thread, and through it the source loop and a partition task,
    // one message at a time.
    let refill = u32::try_from((max_in_flight / 8).max(1)).unwrap_or(u32::MAX);
    let poll_every = Duration::from_millis(100);
    // A slot taken before polling counts as in flight only once a message fills it.
    let mut slot: Option<OwnedSemaphorePermit> = None;
    let mut paused = false;
    while !shutdown.is_triggered() && !control.stop.load(Ordering::SeqCst) {
        if control.pause.load(Ordering::SeqCst) {
            if !paused {
                paused = true;
                if tx.send(Event::Paused).is_err() {
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(10));
            continue;
        }
        paused = false;
        let s = match slot.take() {
            Some(s) => s,
            None => match budget.clone().try_acquire_owned() {
                Ok(p) => p,
                Err(_) => {
                    // Freed again at once: the next `refill` turns take theirs.
                    let _ = rt.block_on(async {
                        tokio::time::timeout(poll_every, budget.acquire_many(refill)).await
                    });
                    continue;
                }
            },
        };
        match consumer.poll(poll_every) {
            None => slot = Some(s),
            Some(Err(e)) => {
                slot = Some(s);
                metrics.consume_errors.inc();
                if let Some(held_back) = super::logs::throttle().admit(&format!("consume:{e}")) {
                    tracing::warn!(error = %e, held_back, "consumer error");
                }
            }
            Some(Ok(m)) => {
                if tx.send(Event::Message(m.detach(), s)).is_err() {
                    break;
                }
            }
        }
    }
}

impl SourceLoop {
    /// Serve one event; false when the worker must stop.
    fn handle(
        &mut self,
        event: Event,
        events: &std_mpsc::Receiver<Event>,
        control: &PollerControl,
        shutdown: &Shutdown,
    ) -> bool {
        match event {
            Event::Message(msg, permit) => {
                self.dispatch(msg, permit, shutdown);
                true
            }
            Event::Revoke { partitions, done } => {
                let commit = self.revoke(&partitions);
                let _ = done.send(());
                // An abort on revoke also discarded outputs of partitions we keep.
                self.after_commit(commit, events, control, shutdown)
            }
            Event::Paused => true,
        }
    }

    fn dispatch(&mut self, msg: OwnedMessage, permit: OwnedSemaphorePermit, shutdown: &Shutdown) {
        self.metrics.messages_consumed.inc();
        self.summary.consumed += 1;
        let key = (msg.topic().to_string(), msg.partition());
        if self.shared.delivery.txn().is_some() {
            self.rewind_to.entry(key.clone()).or_insert(msg.offset());
        }
        let (shared, rt, max_in_flight) = (&self.shared, &self.rt, self.max_in_flight);
        let tx = self
            .partitions
            .entry(key.clone())
            .or_insert_with(|| {
                let (tx, rx) = mpsc::channel(max_in_flight);
                let closing = Arc::new(AtomicBool::new(false));
                let join = rt.spawn(partition_task(
                    key.0.clone(),
                    key.1,
                    rx,
                    closing.clone(),
                    shared.clone(),
                ));
                PartitionWorker { tx, closing, join }
            })
            .tx
            .clone();
        let slot = InFlight::new(permit, self.metrics.clone());
        if tx.blocking_send(Job { msg, slot }).is_err() {
            // The task is gone (it panicked): this and later offsets of the
            // partition cannot be stored; stop and let a restart redeliver.
            tracing::error!(topic = %key.0, partition = key.1,
                "partition task died; shutting down");
            shutdown.trigger();
        }
    }

    /// Drain the revoked partitions and commit what they finished, before the
    /// rebalance goes on.
    fn revoke(&mut self, revoked: &[PartitionKey]) -> Commit {
        self.metrics.rebalances.with_label_values(&["revoke"]).inc();
        tracing::info!(partitions = ?revoked, "partitions revoked: draining and committing");
        let deadline = Instant::now() + self.drain_timeout;
        let aborted = self.drain(|k| revoked.contains(k), deadline);
        if aborted > 0 {
            tracing::warn!(aborted, "some partitions did not drain in time");
        }
        let commit = self.commit_finished("revoke", TXN_TIMEOUT);
        for key in revoked {
            self.rewind_to.remove(key);
            let _ = self
                .metrics
                .consumer_lag
                .remove_label_values(&[&key.0, &key.1.to_string()]);
        }
        commit
    }

    /// Commit what the drained partitions finished: through the transaction
    /// (exactly-once) or the consumer's stored offsets (at-least-once).
    fn commit_finished(&mut self, why: &str, timeout: Duration) -> Commit {
        let Some(txn) = self.shared.delivery.txn().cloned() else {
            match self.consumer.commit_consumer_state(CommitMode::Sync) {
                Ok(()) => tracing::info!(why, "offsets committed"),
                // Nothing stored since the last commit.
                Err(KafkaError::ConsumerCommit(RDKafkaErrorCode::NoOffset)) => {
                    tracing::debug!(why, "no new offsets to commit")
                }
                // Counted in `commit_callback`, which librdkafka also calls for these.
                Err(e) => tracing::error!(why, error = %e, "offset commit failed"),
            }
            return Commit::Nothing;
        };
        let commit = txn.commit(&self.consumer, why, timeout, &self.shutdown);
        if let Commit::Committed(offsets) = &commit {
            self.committed(offsets);
        }
        commit
    }

    fn committed(&mut self, offsets: &[(PartitionKey, i64)]) {
        for (key, next) in offsets {
            if let Some(at) = self.rewind_to.get_mut(key) {
                *at = (*at).max(*next);
            }
        }
    }

    /// After an interval commit: false when the worker must stop.
    fn after_commit(
        &mut self,
        commit: Commit,
        events: &std_mpsc::Receiver<Event>,
        control: &PollerControl,
        shutdown: &Shutdown,
    ) -> bool {
        match commit {
            Commit::Committed(_) | Commit::Nothing => true,
            Commit::Aborted => self.rewind(events, control, shutdown),
            Commit::Fatal(reason) => {
                self.summary.txn_failed = Some(reason);
                shutdown.trigger();
                false
            }
        }
    }

    /// Exactly-once, after an aborted transaction: the partition tasks are past
    /// inputs whose outputs were just discarded. Stop fetching, drain every
    /// task, open a new transaction and seek each partition back to its first
    /// offset not yet committed, so those inputs are processed again (an input
    /// whose outputs keep failing is dead-lettered by the worker after a few
    /// tries). False when the worker must stop.
    fn rewind(
        &mut self,
        events: &std_mpsc::Receiver<Event>,
        control: &PollerControl,
        shutdown: &Shutdown,
    ) -> bool {
        let Some(txn) = self.shared.delivery.txn().cloned() else {
            return true;
        };
        control.pause.store(true, Ordering::SeqCst);
        // Everything the poller sent before pausing: revokes are served,
        // messages dropped (the seek below fetches them again).
        let mut stale: Vec<(PartitionKey, i64)> = Vec::new();
        loop {
            match events.recv_timeout(Duration::from_millis(100)) {
                Ok(Event::Paused) => break,
                Ok(Event::Message(msg, _permit)) => {
                    stale.push(((msg.topic().to_string(), msg.partition()), msg.offset()));
                }
                Ok(Event::Revoke { partitions, done }) => {
                    self.drain(
                        |k| partitions.contains(k),
                        Instant::now() + self.drain_timeout,
                    );
                    for key in &partitions {
                        self.rewind_to.remove(key);
                        stale.retain(|(k, _)| k != key);
                    }
                    let _ = done.send(());
                }
                Err(std_mpsc::RecvTimeoutError::Timeout) if shutdown.is_triggered() => {
                    control.pause.store(false, Ordering::SeqCst);
                    return false;
                }
                Err(std_mpsc::RecvTimeoutError::Timeout) => {}
                Err(std_mpsc::RecvTimeoutError::Disconnected) => return false,
            }
        }
        for (key, offset) in stale {
            let at = self.rewind_to.entry(key).or_insert(offset);
            *at = (*at).min(offset);
        }
        self.drain(|_| true, Instant::now() + self.drain_timeout);
        if let Err(reason) = txn.restart(shutdown) {
            self.summary.txn_failed = Some(reason);
            shutdown.trigger();
            control.pause.store(false, Ordering::SeqCst);
            return false;
        }
        let mut rewound = Vec::with_capacity(self.rewind_to.len());
        for ((topic, partition), offset) in &self.rewind_to {
            let to = rdkafka::Offset::Offset(*offset);
            match self
                .consumer
                .seek(topic, *partition, to, Duration::from_secs(10))
            {
                Ok(()) => rewound.push(format!("{topic}/{partition}@{offset}")),
                Err(e) => {
                    // Without the seek the partition would skip inputs: stop, and
                    // let a restart resume from the committed offsets.
                    let reason = format!("cannot seek {topic}/{partition} back to {offset}: {e}");
                    self.summary.txn_failed = Some(reason);
                    shutdown.trigger();
                    control.pause.store(false, Ordering::SeqCst);
                    return false;
                }
            }
        }
        tracing::warn!(partitions = ?rewound,
            "transaction aborted: reprocessing from the last committed offsets");
        control.pause.store(false, Ordering::SeqCst);
        true
    }

    /// Close the matching partitions' channels and wait (until `deadline`) for
    /// their tasks to publish and store what they hold. Returns how many tasks
    /// had to be aborted at the deadline (their unstored messages are redelivered).
    fn drain(&mut self, which: impl Fn(&PartitionKey) -> bool, deadline: Instant) -> usize {
        let keys: Vec<PartitionKey> = self
            .partitions
            .keys()
            .filter(|k| which(k))
            .cloned()
            .collect();
        let workers: Vec<(PartitionKey, PartitionWorker)> = keys
            .into_iter()
            .filter_map(|k| self.partitions.remove(&k).map(|w| (k, w)))
            .collect();
        if workers.is_empty() {
            return 0;
        }
        let mut joins = Vec::with_capacity(workers.len());
        for (key, w) in workers {
            // The task finishes what it started, skips what it did not, then ends.
            w.closing.store(true, Ordering::SeqCst);
            drop(w.tx);
            joins.push((key, w.join));
        }
        let aborted = self.rt.block_on(async {
            let mut aborted = 0;
            for (key, mut join) in joins {
                let wait = tokio::time::timeout_at(deadline.into(), &mut join).await;
                if wait.is_err() {
                    tracing::warn!(topic = %key.0, partition = key.1,
                        "drain timeout: abandoning unfinished messages (they will be redelivered)");
                    join.abort();
                    let _ = join.await;
                    aborted += 1;
                }
            }
            aborted
        });
        if aborted > 0 {
            if let Some(txn) = self.shared.delivery.txn() {
                // An aborted task may have put part of a message's records into
                // the transaction: it must not commit.
                txn.fail();
            }
        }
        aborted
    }
}
