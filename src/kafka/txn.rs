//! `--guarantee exactly-once`: outputs and input offsets commit together in one
//! Kafka transaction, so `read_committed` consumers see each output once.
//!
//! Partition tasks hand their records to the transactional producer while
//! holding a shared gate and note, per partition, the next input offset whose
//! outputs are all in the open transaction. The source loop commits
//! periodically, on revoke and on shutdown: it closes the gate (no records
//! enter mid-commit), sends those offsets to the transaction with the consumer
//! group metadata, commits (which flushes first), and opens the next one.
//!
//! A commit that fails retriably (timed out, the coordinator busy) is resumed,
//! not aborted: librdkafka refuses an abort while such a commit is pending.
//! A transaction that cannot commit is aborted; the source loop then drains,
//! calls [`Txn::restart`] and seeks its partitions back to the last committed
//! offsets, so the inputs are processed again. An input whose outputs the
//! broker refuses for good is blamed for the abort; after [`MAX_STRIKES`]
//! aborts it is dead-lettered inside a new transaction instead. A fenced
//! producer (the coordinator aborted a transaction open longer than
//! `transaction.timeout.ms`), or one that hit another fatal error (its
//! idempotence sequence lost across a broker restart), is handled like an
//! abort, with a new producer put in its place first (also when the fence is
//! met while a failed abort is retried). Only a producer that
//! fails so again soon after its replacement (another instance with the same
//! `transactional.id`), one whose replacement cannot initialise, or a dead
//! letter that cannot be published either stop the worker.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rdkafka::consumer::Consumer as _;
use rdkafka::error::KafkaError;
use rdkafka::producer::Producer as _;
use rdkafka::{Offset, TopicPartitionList};
use tokio::runtime::Handle;
use tokio::sync::{RwLock, RwLockReadGuard};

use crate::metrics::Metrics;
use crate::records::{ErrorKind, SourceOffset};
use crate::shutdown::Shutdown;

use super::sink::ProducerSlot;
use super::source::PartitionKey;
use super::{Consumer, Producer};

/// How often the open transaction is committed while messages flow.
pub const COMMIT_INTERVAL: Duration = Duration::from_millis(500);
/// librdkafka's bound on one transactional call while running; at shutdown the
/// calls get what is left of `--drain-timeout` instead.
pub const TXN_TIMEOUT: Duration = Duration::from_secs(30);
/// Aborted transactions an input's refused outputs may cause before the input
/// is dead-lettered instead.
pub const MAX_STRIKES: u32 = 3;
/// ... and two more for its dead letter, after which the worker stops rather
/// than lose the input.
const GIVE_UP: u32 = MAX_STRIKES + 2;
const BACKOFF_MAX: Duration = Duration::from_secs(30);
/// A producer fenced again this soon after it was replaced is not replaced
/// again: another instance with the same `transactional.id` is likely running,
/// and two that keep fencing each other would get nothing done.
pub const REFENCE_GUARD: Duration = Duration::from_secs(60);

/// Makes a new transactional producer, the same as the first.
pub type NewProducer = Box<dyn Fn() -> Result<Producer, KafkaError> + Send + Sync>;

/// What [`Txn::commit`] did.
#[derive(Debug)]
pub enum Commit {
    /// Committed with these next offsets per partition; the next one is open.
    Committed(Vec<(PartitionKey, i64)>),
    /// Nothing entered the open transaction; it stays open.
    Nothing,
    /// The transaction was aborted: drain, [`Txn::restart`] and rewind.
    Aborted,
    /// The producer cannot go on; the worker stops (a restart resumes from
    /// the committed offsets).
    Fatal(String),
}

/// An input blamed for aborted transactions.
#[derive(Debug, Clone)]
struct Strike {
    count: u32,
    kind: ErrorKind,
    error: String,
}

pub struct Txn {
    producer: Arc<ProducerSlot>,
    /// Replaces a fenced producer (None: a fenced producer stops the worker).
    new_producer: Option<NewProducer>,
    /// Fenced: [`Txn::restart`] puts a new producer in place.
    replace_pending: AtomicBool,
    /// When the producer was last replaced.
    replaced_at: Mutex<Option<Instant>>,
    gate: RwLock<()>,
    /// (topic, partition) → next input offset covered by the open transaction.
    progress: Mutex<HashMap<PartitionKey, i64>>,
    /// A record failed: records must not enter and the next commit aborts.
    failed: AtomicBool,
    /// Aborted, and the next transaction not begun yet.
    aborted: AtomicBool,
    /// `abort_transaction` did not finish; [`Txn::restart`] retries it.
    abort_pending: AtomicBool,
    fatal: Mutex<Option<String>>,
    /// Inputs whose outputs were refused for good in the open transaction.
    culprits: Mutex<Vec<(SourceOffset, ErrorKind, String)>>,
    strikes: Mutex<HashMap<(String, i32, i64), Strike>>,
    /// Aborts in a row, for the backoff before the next try.
    aborts_in_a_row: AtomicU32,
    /// Why the last transaction was aborted, for the line the worker exits with.
    reason: Mutex<Option<String>>,
    metrics: Arc<Metrics>,
    rt: Handle,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A poisoned lock only means a panic elsewhere; the data is intact.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn is_fatal(e: &KafkaError) -> bool {
    matches!(e, KafkaError::Transaction(t) if t.is_fatal())
}

/// The producer cannot go on, but a new one with the same `transactional.id`
/// can: its epoch is over (the coordinator aborted a transaction open longer
/// than `transaction.timeout.ms`, e.g. across a stall of the worker, or another
/// instance initialised the same id), or it hit any other fatal error, such as
/// its idempotence sequence lost across a broker restart (a record the broker
/// "possibly persisted" never written, then `OUT_OF_ORDER_SEQUENCE_NUMBER`).
/// `init_transactions` on the new producer takes a new epoch and aborts what the
/// old one left open; an error that is not the producer's state (not authorised)
/// fails there again and stops the worker.
fn needs_new_producer(e: &KafkaError) -> bool {
    use rdkafka::types::RDKafkaErrorCode as C;
    is_fatal(e)
        || matches!(
            e.rdkafka_error_code(),
            Some(C::Fenced | C::ProducerFenced | C::InvalidProducerEpoch)
        )
}

impl Txn {
    /// `init_transactions` (fences older instances with the same
    /// `transactional.id`, aborting their open transaction) and open the first.
    pub fn start(
        producer: Arc<ProducerSlot>,
        new_producer: Option<NewProducer>,
        metrics: Arc<Metrics>,
        rt: Handle,
    ) -> Result<Txn, KafkaError> {
        producer.get().init_transactions(TXN_TIMEOUT)?;
        producer.get().begin_transaction()?;
        Ok(Txn {
            producer,
            new_producer,
            replace_pending: AtomicBool::new(false),
            replaced_at: Mutex::new(None),
            gate: RwLock::new(()),
            progress: Mutex::new(HashMap::new()),
            failed: AtomicBool::new(false),
            aborted: AtomicBool::new(false),
            abort_pending: AtomicBool::new(false),
            fatal: Mutex::new(None),
            culprits: Mutex::new(Vec::new()),
            strikes: Mutex::new(HashMap::new()),
            aborts_in_a_row: AtomicU32::new(0),
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
        lock(&self.progress).insert((topic.to_string(), partition), offset + 1);
    }

    /// True from a failed record until [`Txn::restart`]: records must not enter
    /// (their inputs are processed again after the rewind).
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::SeqCst)
    }

    /// A record could not enter or complete the transaction: the next commit
    /// aborts instead.
    pub fn fail(&self) {
        self.failed.store(true, Ordering::SeqCst);
    }

    /// A record of the input at `position` was refused for good (`error`):
    /// the transaction fails, and the input is blamed for it.
    pub fn refused(&self, position: &SourceOffset, kind: ErrorKind, error: String) {
        lock(&self.culprits).push((position.clone(), kind, error));
        self.fail();
    }

    /// `Some(last error)` once the input's outputs have caused
    /// [`MAX_STRIKES`] aborts: it is to be dead-lettered instead.
    pub fn struck_out(&self, position: &SourceOffset) -> Option<(u32, ErrorKind, String)> {
        let key = (position.topic.clone(), position.partition, position.offset);
        lock(&self.strikes)
            .get(&key)
            .filter(|s| s.count >= MAX_STRIKES)
            .map(|s| (s.count, s.kind, s.error.clone()))
    }

    /// Commit the open transaction with the input offsets it covers and open
    /// the next one. Call from the source loop only (it blocks).
    pub fn commit(
        &self,
        consumer: &Consumer,
        why: &str,
        timeout: Duration,
        shutdown: &Shutdown,
    ) -> Commit {
        if let Some(reason) = lock(&self.fatal).clone() {
            return Commit::Fatal(reason);
        }
        if self.aborted.load(Ordering::SeqCst) {
            return Commit::Aborted;
        }
        let _closed = self.rt.block_on(self.gate.write());
        if self.failed() {
            return self.abort(why, "a record of this transaction failed", timeout);
        }
        let offsets: Vec<(PartitionKey, i64)> = lock(&self.progress).drain().collect();
        if offsets.is_empty() {
            return Commit::Nothing; // nothing entered the open transaction: keep it open
        }
        let started = Instant::now();
        let result = (|| -> Result<(), KafkaError> {
            {
                let mut tpl = TopicPartitionList::new();
                for ((topic, partition), next) in &offsets {
                    tpl.add_partition_offset(topic, *partition, Offset::Offset(*next))?;
                }
                let cgm = consumer.group_metadata().ok_or(KafkaError::Canceled)?;
                let r = self
                    .producer
                    .get()
                    .send_offsets_to_transaction(&tpl, &cgm, timeout);
                drop(tpl); // lists must not outlive the consumer (close hangs otherwise)
                r?;
            }
            self.commit_resuming(timeout, shutdown)
        })();
        match result {
            Ok(()) => {
                self.metrics
                    .transactions
                    .with_label_values(&["committed"])
                    .inc();
                self.aborts_in_a_row.store(0, Ordering::SeqCst);
                // Inputs now committed (dead-lettered or published) are forgiven.
                lock(&self.strikes).retain(|(t, p, o), _| {
                    !offsets
                        .iter()
                        .any(|((topic, partition), next)| topic == t && partition == p && o < next)
                });
                tracing::debug!(
                    why,
                    partitions = offsets.len(),
                    took_ms = started.elapsed().as_millis() as u64,
                    "transaction committed"
                );
                if let Err(e) = self.producer.get().begin_transaction() {
                    return Commit::Fatal(self.fatal(why, &e.to_string()));
                }
                Commit::Committed(offsets)
            }
            Err(e) if needs_new_producer(&e) && self.may_replace() => {
                self.fenced(why, &e.to_string())
            }
            Err(e) if is_fatal(&e) => Commit::Fatal(self.fatal(why, &e.to_string())),
            Err(e) => self.abort(why, &e.to_string(), timeout),
        }
    }

    /// `commit_transaction`, called again while it fails retriably (timed out,
    /// the coordinator busy) until shutdown: librdkafka goes on with such a
    /// commit in the background and refuses every other transactional call, an
    /// abort included (`_CONFLICT`), until the commit is called again and
    /// finishes. A coordinator that gives up on the transaction answers with an
    /// error that is not retriable (fenced, or abortable), handled as before.
    fn commit_resuming(&self, timeout: Duration, shutdown: &Shutdown) -> Result<(), KafkaError> {
        loop {
            match self.producer.get().commit_transaction(timeout) {
                Err(KafkaError::Transaction(e)) if e.is_retriable() && !shutdown.is_triggered() => {
                    if let Some(held_back) = super::logs::throttle().admit("commit resume") {
                        tracing::warn!(error = %e, held_back,
                            "commit_transaction did not finish; resuming it");
                    }
                }
                r => return r,
            }
        }
    }

    /// Whether a fenced producer may be replaced now.
    fn may_replace(&self) -> bool {
        self.new_producer.is_some()
            && lock(&self.replaced_at).is_none_or(|t| t.elapsed() >= REFENCE_GUARD)
    }

    /// The producer was fenced (its transaction is already aborted by the
    /// coordinator) or hit another fatal error. Like an abort, the source loop
    /// drains and rewinds, and [`Txn::restart`] puts a new producer in place
    /// first, whose `init_transactions` aborts what this one left open.
    fn fenced(&self, why: &str, error: &str) -> Commit {
        self.failed.store(true, Ordering::SeqCst);
        self.aborted.store(true, Ordering::SeqCst);
        self.abort_pending.store(false, Ordering::SeqCst);
        self.replace_pending.store(true, Ordering::SeqCst);
        lock(&self.progress).clear();
        lock(&self.culprits).clear();
        self.metrics
            .transactions
            .with_label_values(&["aborted"])
            .inc();
        self.metrics.commit_errors.inc();
        *lock(&self.reason) = Some(format!("{why}: {error}"));
        tracing::warn!(
            why,
            error,
            "transactional producer fenced or failed for good; \
             a new producer replaces it and its transaction's inputs will be processed again"
        );
        Commit::Aborted
    }

    /// Why the worker stops, or why the last transaction was aborted.
    pub fn failure(&self) -> Option<String> {
        lock(&self.fatal)
            .clone()
            .or_else(|| lock(&self.reason).clone())
    }

    /// The producer cannot go on: remember why (the first reason wins).
    fn fatal(&self, why: &str, error: &str) -> String {
        self.failed.store(true, Ordering::SeqCst);
        self.aborted.store(true, Ordering::SeqCst);
        lock(&self.fatal)
            .get_or_insert_with(|| format!("{why}: {error}"))
            .clone()
    }

    /// Abort (with the gate closed), blame the inputs whose outputs were
    /// refused, and leave the next transaction to [`Txn::restart`].
    fn abort(&self, why: &str, error: &str, timeout: Duration) -> Commit {
        self.failed.store(true, Ordering::SeqCst);
        self.aborted.store(true, Ordering::SeqCst);
        lock(&self.progress).clear();
        self.metrics
            .transactions
            .with_label_values(&["aborted"])
            .inc();
        self.metrics.commit_errors.inc();
        *lock(&self.reason) = Some(format!("{why}: {error}"));
        let mut worst = 0;
        {
            let mut strikes = lock(&self.strikes);
            for (pos, kind, error) in lock(&self.culprits).drain(..) {
                let s = strikes
                    .entry((pos.topic, pos.partition, pos.offset))
                    .or_insert(Strike {
                        count: 0,
                        kind,
                        error: String::new(),
                    });
                s.count += 1;
                s.kind = kind;
                s.error = error;
                worst = worst.max(s.count);
            }
        }
        let aborted = self.producer.get().abort_transaction(timeout);
        if let Err(e) = &aborted {
            if needs_new_producer(e) && self.may_replace() {
                return self.fenced(why, &format!("{error}; then abort_transaction: {e}"));
            }
            if is_fatal(e) {
                return Commit::Fatal(
                    self.fatal(why, &format!("{error}; then abort_transaction: {e}")),
                );
            }
            self.abort_pending.store(true, Ordering::SeqCst);
        }
        if worst >= GIVE_UP {
            return Commit::Fatal(self.fatal(
                why,
                &format!("an input's outputs and then its dead letter were refused {worst} times: {error}"),
            ));
        }
        let n = self.aborts_in_a_row.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(held_back) = super::logs::throttle().admit(&format!("txn abort:{why}:{error}"))
        {
            tracing::warn!(
                why,
                error,
                aborts_in_a_row = n,
                abort_error = aborted.as_ref().err().map(|e| e.to_string()),
                held_back,
                "transaction failed and was aborted; its inputs will be processed again"
            );
        }
        Commit::Aborted
    }

    /// After an abort, with every partition task drained: finish the abort if
    /// it had not, back off (aborts in a row), open a new transaction.
    /// `Err` when the producer cannot go on or shutdown came first.
    pub fn restart(&self, shutdown: &Shutdown) -> Result<(), String> {
        let backoff = |n: u32| {
            Duration::from_millis(250)
                .saturating_mul(1 << n.min(7))
                .min(BACKOFF_MAX)
        };
        let pause = |d: Duration| {
            let until = Instant::now() + d;
            while Instant::now() < until && !shutdown.is_triggered() {
                std::thread::sleep(Duration::from_millis(20));
            }
        };
        if self.replace_pending.load(Ordering::SeqCst) {
            self.replace_producer()?;
        }
        let mut tries = 0;
        while self.abort_pending.load(Ordering::SeqCst) {
            if shutdown.is_triggered() {
                return Err(self
                    .failure()
                    .unwrap_or_else(|| "aborted at shutdown".into()));
            }
            match self
                .producer
                .get()
                .abort_transaction(Duration::from_secs(10))
            {
                Ok(()) => self.abort_pending.store(false, Ordering::SeqCst),
                // Fenced (or failed for good) while the abort was retried: the new
                // producer's `init_transactions` aborts what this one left open.
                Err(e) if needs_new_producer(&e) && self.may_replace() => {
                    tracing::warn!(
                        error = %e,
                        "abort_transaction retry found the producer fenced or failed for good; \
                         a new producer replaces it"
                    );
                    self.abort_pending.store(false, Ordering::SeqCst);
                    self.replace_producer()?;
                }
                Err(e) if is_fatal(&e) => return Err(self.fatal("abort", &e.to_string())),
                Err(e) => {
                    if let Some(held_back) = super::logs::throttle().admit("abort retry") {
                        tracing::warn!(error = %e, held_back, "abort_transaction did not finish; retrying");
                    }
                    tries += 1;
                    pause(backoff(tries));
                }
            }
        }
        pause(backoff(
            self.aborts_in_a_row
                .load(Ordering::SeqCst)
                .saturating_sub(1),
        ));
        if shutdown.is_triggered() {
            return Err(self
                .failure()
                .unwrap_or_else(|| "aborted at shutdown".into()));
        }
        if let Err(e) = self.producer.get().begin_transaction() {
            return Err(self.fatal("begin", &e.to_string()));
        }
        lock(&self.culprits).clear();
        self.aborted.store(false, Ordering::SeqCst);
        self.failed.store(false, Ordering::SeqCst);
        Ok(())
    }

    /// A new transactional producer in place of the fenced one: same
    /// settings, same `transactional.id`, a new epoch from `init_transactions`.
    fn replace_producer(&self) -> Result<(), String> {
        let Some(new_producer) = &self.new_producer else {
            return Err(self.fatal("fenced", "no way to make a new producer"));
        };
        let producer = new_producer().map_err(|e| self.fatal("new producer", &e.to_string()))?;
        producer
            .init_transactions(TXN_TIMEOUT)
            .map_err(|e| self.fatal("new producer: init_transactions", &e.to_string()))?;
        let old = self.producer.replace(producer);
        *lock(&self.replaced_at) = Some(Instant::now());
        self.replace_pending.store(false, Ordering::SeqCst);
        // Its queue holds only records of the aborted transaction.
        old.purge(rdkafka::producer::PurgeConfig::default().queue().inflight());
        drop(old);
        tracing::warn!("new transactional producer ready");
        Ok(())
    }
}
