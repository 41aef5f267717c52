//! Stage 1: the consumer. A dedicated thread polls librdkafka and hands each
//! message to its partition's task; the consumer context drains and commits
//! when partitions are revoked, and turns librdkafka statistics into lag gauges.
//!
//! Polling runs on its own OS thread (not a tokio worker) because rebalance
//! callbacks run inside `poll` and must block there until the revoked
//! partitions' in-flight work is finished and committed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use rdkafka::consumer::{CommitMode, Consumer as _, ConsumerContext, Rebalance};
use rdkafka::error::KafkaError;
use rdkafka::message::Message;
use rdkafka::producer::Producer as _;
use rdkafka::statistics::Statistics;
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::ClientContext;
use tokio::runtime::Handle;
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinHandle;

use crate::metrics::Metrics;
use crate::shutdown::Shutdown;

use super::txn::{Txn, COMMIT_INTERVAL, TXN_TIMEOUT};
use super::worker::{partition_task, InFlight, Job, Shared};
use super::Consumer;

type PartitionKey = (String, i32);

struct PartitionWorker {
    tx: mpsc::Sender<Job>,
    closing: Arc<AtomicBool>,
    join: JoinHandle<()>,
}

/// Consumer callbacks: rebalances (drain + commit on revoke) and statistics.
pub struct SourceContext {
    metrics: Arc<Metrics>,
    partitions: Mutex<HashMap<PartitionKey, PartitionWorker>>,
    drain_timeout: Duration,
    rt: Handle,
    /// Exactly-once only: commits go through the transaction.
    txn: OnceLock<Arc<Txn>>,
}

impl SourceContext {
    pub fn new(metrics: Arc<Metrics>, drain_timeout: Duration, rt: Handle) -> SourceContext {
        SourceContext {
            metrics,
            partitions: Mutex::new(HashMap::new()),
            drain_timeout,
            rt,
            txn: OnceLock::new(),
        }
    }

    pub fn set_txn(&self, txn: Arc<Txn>) {
        let _ = self.txn.set(txn);
    }

    /// Commit what the drained partitions finished: through the transaction
    /// (exactly-once) or the consumer's stored offsets (at-least-once).
    fn commit_finished(&self, consumer: &Consumer, why: &str, timeout: Duration) -> bool {
        match self.txn.get() {
            Some(txn) => txn.commit(consumer, why, timeout),
            None => {
                self.commit(consumer, why);
                true
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PartitionKey, PartitionWorker>> {
        // A poisoned lock only means a panic elsewhere; the map itself is intact.
        self.partitions.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Close the matching partitions' channels and wait (until `deadline`) for
    /// their tasks to publish and store what they hold. Returns how many tasks
    /// had to be aborted at the deadline (their unstored messages are redelivered).
    fn drain(&self, which: impl Fn(&PartitionKey) -> bool, deadline: Instant) -> usize {
        let aborted = self.drain_tasks(which, deadline);
        if aborted > 0 {
            if let Some(txn) = self.txn.get() {
                // An aborted task may have put part of a message's records into
                // the transaction: it must not commit.
                txn.fail();
            }
        }
        aborted
    }

    fn drain_tasks(&self, which: impl Fn(&PartitionKey) -> bool, deadline: Instant) -> usize {
        let workers: Vec<(PartitionKey, PartitionWorker)> = {
            let mut map = self.lock();
            let keys: Vec<PartitionKey> = map.keys().filter(|k| which(k)).cloned().collect();
            keys.into_iter()
                .filter_map(|k| map.remove(&k).map(|w| (k, w)))
                .collect()
        };
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
        if Handle::try_current().is_ok() {
            // Never block a runtime thread; this only happens if the consumer is
            // dropped from async code, which the worker avoids.
            tracing::error!("drain requested from async context; aborting partition tasks");
            for (_, j) in &joins {
                j.abort();
            }
            return joins.len();
        }
        self.rt.block_on(async {
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
        })
    }

    fn commit(&self, consumer: &Consumer, why: &str) {
        match consumer.commit_consumer_state(CommitMode::Sync) {
            Ok(()) => tracing::info!(why, "offsets committed"),
            // Nothing stored since the last commit.
            Err(KafkaError::ConsumerCommit(RDKafkaErrorCode::NoOffset)) => {
                tracing::debug!(why, "no new offsets to commit")
            }
            // Counted in `commit_callback`, which librdkafka also calls for these.
            Err(e) => tracing::error!(why, error = %e, "offset commit failed"),
        }
    }

    fn update_assignment(&self, consumer: &Consumer) {
        // Drop the list right away: a live TopicPartitionList blocks consumer close.
        let n = consumer.assignment().map(|tpl| tpl.count()).unwrap_or(0);
        self.metrics.assigned_partitions.set(n as i64);
    }
}

impl ClientContext for SourceContext {
    fn stats(&self, stats: Statistics) {
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
    fn pre_rebalance(&self, consumer: &Consumer, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Revoke(tpl) => {
                self.metrics.rebalances.with_label_values(&["revoke"]).inc();
                let revoked: Vec<PartitionKey> = tpl
                    .elements()
                    .iter()
                    .map(|e| (e.topic().to_string(), e.partition()))
                    .collect();
                tracing::info!(partitions = ?revoked, "partitions revoked: draining and committing");
                let aborted =
                    self.drain(|k| revoked.contains(k), Instant::now() + self.drain_timeout);
                if aborted > 0 {
                    tracing::warn!(aborted, "some partitions did not drain in time");
                }
                self.commit_finished(consumer, "revoke", TXN_TIMEOUT);
                for (topic, partition) in &revoked {
                    let _ = self
                        .metrics
                        .consumer_lag
                        .remove_label_values(&[topic, &partition.to_string()]);
                }
            }
            Rebalance::Assign(tpl) => {
                self.metrics.rebalances.with_label_values(&["assign"]).inc();
                let assigned: Vec<(String, i32)> = tpl
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
    /// Exactly-once: why a transaction failed and was aborted.
    pub txn_failed: Option<String>,
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
    let metrics = shared.metrics.clone();
    let budget = Arc::new(Semaphore::new(max_in_flight));
    let mut summary = SourceSummary::default();
    // A slot taken before polling counts as in flight only once a message fills it.
    let mut slot: Option<tokio::sync::OwnedSemaphorePermit> = None;
    let poll_every = Duration::from_millis(100);

    let mut last_txn_commit = Instant::now();
    while !shutdown.is_triggered() {
        if let Some(txn) = shared.delivery.txn() {
            if txn.failed() || last_txn_commit.elapsed() >= COMMIT_INTERVAL {
                if !txn.commit(&consumer, "interval", TXN_TIMEOUT) {
                    summary.txn_failed = txn.failure();
                    shutdown.trigger();
                    break;
                }
                last_txn_commit = Instant::now();
            }
        }
        // Take a slot in the in-flight budget before fetching: when all are
        // taken we stop polling, and librdkafka's prefetch queue fills and stops.
        let s = match slot.take() {
            Some(s) => s,
            None => match budget.clone().try_acquire_owned() {
                Ok(p) => p,
                Err(_) => {
                    let p = rt.block_on(async {
                        tokio::time::timeout(poll_every, budget.clone().acquire_owned()).await
                    });
                    match p {
                        Ok(Ok(p)) => p,
                        _ => continue,
                    }
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
                let msg = m.detach();
                metrics.messages_consumed.inc();
                summary.consumed += 1;
                let key = (msg.topic().to_string(), msg.partition());
                let tx = {
                    let mut map = consumer.context().lock();
                    map.entry(key.clone())
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
                        .clone()
                };
                let slot = InFlight::new(s, metrics.clone());
                if tx.blocking_send(Job { msg, slot }).is_err() {
                    // The task is gone (it panicked): this and later offsets of the
                    // partition cannot be stored; stop and let a restart redeliver.
                    tracing::error!(topic = %key.0, partition = key.1,
                        "partition task died; shutting down");
                    shutdown.trigger();
                }
            }
        }
    }
    drop(slot);

    // Shutdown: everything below must fit in the drain timeout.
    let start = Instant::now();
    let deadline = start + drain_timeout;
    let reserve = (drain_timeout / 4).min(Duration::from_secs(5));
    tracing::info!(
        drain_timeout_ms = drain_timeout.as_millis() as u64,
        "fetching stopped; finishing in-flight messages"
    );
    summary.aborted = consumer.context().drain(|_| true, deadline - reserve);
    let left = deadline.saturating_duration_since(Instant::now());
    if let Err(e) = shared.sink.producer().flush(left / 2) {
        tracing::warn!(error = %e, "producer flush did not finish");
    }
    let left = deadline.saturating_duration_since(Instant::now());
    if !consumer
        .context()
        .commit_finished(&consumer, "shutdown", left)
    {
        summary.txn_failed = shared
            .delivery
            .txn()
            .map(|t| t.failure().unwrap_or_else(|| "shutdown commit".into()));
    }
    drop(shared);
    // Close (leave the group) on this thread: closing serves the final revoke
    // callback, which must not run on an async worker thread.
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
