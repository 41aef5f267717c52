//! `--guarantee exactly-once`: outputs and input offsets commit together in one
//! Kafka transaction, so `read_committed` consumers see each output once.
//!
//! Partition tasks hand their records to the transactional producer while
//! holding a shared gate and note, per partition, the next input offset whose
//! outputs are all in the open transaction. The source thread commits
//! periodically, on revoke and on shutdown: it closes the gate (no records
//! enter mid-commit), sends those offsets to the transaction with the consumer
//! group metadata, commits (which flushes first), and opens the next one.
//!
//! A failed transaction is aborted and the worker stops with an error: its
//! in-memory position is past inputs whose outputs were just discarded, so only
//! a restart from the committed offsets is correct.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rdkafka::consumer::Consumer as _;
use rdkafka::producer::Producer as _;
use rdkafka::{Offset, TopicPartitionList};
use tokio::runtime::Handle;
use tokio::sync::{RwLock, RwLockReadGuard};

use crate::metrics::Metrics;

use super::{Consumer, Producer};

/// How often the open transaction is committed while messages flow.
pub const COMMIT_INTERVAL: Duration = Duration::from_millis(500);
/// librdkafka's bound on one transactional call while running; at shutdown the
/// calls get what is left of `--drain-timeout` instead.
pub const TXN_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Txn {
    producer: Producer,
    gate: RwLock<()>,
    /// (topic, partition) → next input offset covered by the open transaction.
    progress: Mutex<HashMap<(String, i32), i64>>,
    failed: AtomicBool,
    aborted: AtomicBool,
    /// Why the transaction was aborted, for the one line the worker exits with.
    reason: Mutex<Option<String>>,
    metrics: Arc<Metrics>,
    rt: Handle,
}

impl Txn {
    /// `init_transactions` (fences older instances with the same
    /// `transactional.id`, aborting their open transaction) and open the first.
    pub fn start(
        producer: Producer,
        metrics: Arc<Metrics>,
        rt: Handle,
    ) -> Result<Txn, rdkafka::error::KafkaError> {
        producer.init_transactions(TXN_TIMEOUT)?;
        producer.begin_transaction()?;
        Ok(Txn {
            producer,
            gate: RwLock::new(()),
            progress: Mutex::new(HashMap::new()),
            failed: AtomicBool::new(false),
            aborted: AtomicBool::new(false),
            reason: Mutex::new(None),
            metrics,
            rt,
        })
    }

    /// Held while a message's records are handed to the producer.
    pub async fn enter(&self) -> RwLockReadGuard<'_, ()> {
        self.gate.read().await
    }

    /// Call with the gate held, after the message's records were enqueued.
    pub fn covered(&self, topic: &str, partition: i32, offset: i64) {
        let mut p = self.progress.lock().unwrap_or_else(|e| e.into_inner());
        p.insert((topic.to_string(), partition), offset + 1);
    }

    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::SeqCst)
    }

    /// A record could not enter or complete the transaction: the next commit
    /// aborts instead.
    pub fn fail(&self) {
        self.failed.store(true, Ordering::SeqCst);
    }

    /// Commit the open transaction with the input offsets it covers and open
    /// the next one. Call from the source thread only (it blocks). Returns false
    /// once a transaction has failed (and was aborted).
    pub fn commit(&self, consumer: &Consumer, why: &str, timeout: Duration) -> bool {
        if self.aborted.load(Ordering::SeqCst) {
            return false;
        }
        let _closed = self.rt.block_on(self.gate.write());
        if self.failed() {
            self.abort(why, "a record of this transaction failed", timeout);
            return false;
        }
        let offsets: Vec<((String, i32), i64)> = self
            .progress
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain()
            .collect();
        if offsets.is_empty() {
            return true; // nothing entered the open transaction: keep it open
        }
        let started = Instant::now();
        let result = (|| -> Result<(), String> {
            {
                let mut tpl = TopicPartitionList::new();
                for ((topic, partition), next) in &offsets {
                    tpl.add_partition_offset(topic, *partition, Offset::Offset(*next))
                        .map_err(|e| e.to_string())?;
                }
                let cgm = consumer
                    .group_metadata()
                    .ok_or("no consumer group metadata")?;
                let r = self
                    .producer
                    .send_offsets_to_transaction(&tpl, &cgm, timeout);
                drop(tpl); // lists must not outlive the consumer (close hangs otherwise)
                r.map_err(|e| e.to_string())?;
            }
            self.producer
                .commit_transaction(timeout)
                .map_err(|e| e.to_string())?;
            self.producer.begin_transaction().map_err(|e| e.to_string())
        })();
        match result {
            Ok(()) => {
                self.metrics
                    .transactions
                    .with_label_values(&["committed"])
                    .inc();
                tracing::debug!(
                    why,
                    partitions = offsets.len(),
                    took_ms = started.elapsed().as_millis() as u64,
                    "transaction committed"
                );
                true
            }
            Err(e) => {
                self.abort(why, &e, timeout);
                false
            }
        }
    }

    /// Why the transaction was aborted, once it was.
    pub fn failure(&self) -> Option<String> {
        self.reason
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn abort(&self, why: &str, error: &str, timeout: Duration) {
        self.failed.store(true, Ordering::SeqCst);
        self.aborted.store(true, Ordering::SeqCst);
        self.metrics
            .transactions
            .with_label_values(&["aborted"])
            .inc();
        self.metrics.commit_errors.inc();
        // Logged as a warning: the worker stops and exits with one error line
        // carrying this reason.
        let aborted = self.producer.abort_transaction(timeout);
        tracing::warn!(
            why,
            error,
            abort_error = aborted.as_ref().err().map(|e| e.to_string()),
            "transaction failed: aborting it and stopping"
        );
        let mut reason = self.reason.lock().unwrap_or_else(|e| e.into_inner());
        reason.get_or_insert_with(|| format!("{why}: {error}"));
    }
}
