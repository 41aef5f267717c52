//! The worker loop between source and sink: one task per assigned partition.
//!
//! Within a partition, several messages are processed at once (on the blocking
//! pool, bounded by [`CpuPool`]'s slots, two per core by default, so partitions
//! share the cores instead of oversubscribing them; messages already waiting
//! for a slot go together, a few per blocking task), but results are taken in
//! input order: outputs are
//! handed to the producer in offset order and offsets are stored strictly in
//! order, since the pending publishes sit in a [`FuturesOrdered`] and offset
//! N+1 is never stored before every output of offset N is acknowledged. So one
//! partition keeps every core busy, and many partitions do not fight over them.
//! A global semaphore (`--max-in-flight`) bounds the messages in flight, and the
//! source stops fetching while it is exhausted, until an eighth is free
//! (backpressure).

use std::collections::VecDeque;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use futures::stream::{FuturesOrdered, StreamExt};
use rdkafka::consumer::Consumer as _;
use rdkafka::message::{Headers, Message, OwnedMessage};
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};

use crate::metrics::{Metrics, RecordKind};
use crate::pipeline::{DeadLetter, ErrorKind, Input, Outcome, Pipeline};
use crate::records::SourceOffset;

use super::sink::{dead_letter_record, records_for, Original, OutRecord, Sink, Topics};
use super::txn::Txn;
use super::Consumer;

/// What every partition task shares.
pub struct Shared {
    pub consumer: Arc<Consumer>,
    pub pipeline: Arc<Pipeline>,
    pub sink: Sink,
    pub topics: Topics,
    pub metrics: Arc<Metrics>,
    pub delivery: Delivery,
    /// Output topic → its `max.message.bytes`, where the broker told us.
    pub limits: Arc<std::sync::OnceLock<std::collections::HashMap<String, usize>>>,
    pub cpu: CpuPool,
}

/// Room left for the record batch's own framing (batch header, record
/// varints) when comparing a record with its topic's limit.
const BATCH_OVERHEAD: usize = 1024;

/// The first output that cannot fit its topic, as the input's dead letter.
fn oversized(
    records: &[OutRecord],
    limits: &std::collections::HashMap<String, usize>,
) -> Option<DeadLetter> {
    records.iter().find_map(|r| {
        let limit = *limits.get(&*r.topic)?;
        let size = r.key.as_ref().map_or(0, Vec::len)
            + r.payload.as_ref().map_or(0, Vec::len)
            + r.headers.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>()
            + BATCH_OVERHEAD;
        (r.kind != RecordKind::DeadLetter && size > limit).then(|| DeadLetter {
            kind: ErrorKind::TooLarge,
            message: format!(
                "the {} record is {size} bytes with framing, over topic {}'s max.message.bytes of {limit}",
                r.kind.as_str(),
                r.topic
            ),
        })
    })
}

/// The CPU work (pipeline and serialisation) runs on tokio's blocking pool,
/// at most `slots` blocking tasks at a time across all partitions.
pub struct CpuPool {
    permits: Arc<Semaphore>,
    /// Messages of one partition processed ahead of its oldest undelivered one.
    window: usize,
    /// Most messages one blocking task takes: each hand-over to the pool and
    /// back wakes two threads, so with a backlog a task takes several ready
    /// messages of its partition at once. Only messages already waiting for a
    /// slot are batched, spread over the slots (a batch is one message until
    /// more messages wait than there are slots, so a moderate load gains no
    /// latency), and `window / batch` keeps one partition on every slot.
    batch: usize,
    slots: usize,
}

impl CpuPool {
    pub fn new(slots: usize) -> CpuPool {
        let slots = slots.max(1);
        CpuPool {
            permits: Arc::new(Semaphore::new(slots)),
            // While a long article holds up its partition's delivery, the
            // articles behind it are processed, ready to go when it is done.
            window: 4 * slots,
            batch: 4,
            slots,
        }
    }

    /// How many of `waiting` messages of one partition the next task takes.
    fn batch_of(&self, waiting: usize) -> usize {
        waiting
            .div_ceil(self.slots)
            .clamp(1, self.batch)
            .min(waiting)
    }

    /// Two slots per core this process may use (cgroup quotas included): with
    /// one, two long articles (the tail runs to 120 KB, tens of ms each) hold
    /// every core and every short article waits behind them; with two, the
    /// kernel shares the cores between them and the short ones pass
    /// (BENCHMARKS.md, "Latency").
    pub fn default_slots() -> usize {
        2 * std::thread::available_parallelism().map_or(1, |n| n.get())
    }
}

/// How a message's outputs and its input offset reach the broker (`--guarantee`).
pub enum Delivery {
    /// Publish with retries; store the offset for commit once every output is acknowledged.
    AtLeastOnce,
    /// Outputs and input offsets commit together in one Kafka transaction.
    ExactlyOnce(Arc<Txn>),
}

impl Delivery {
    pub fn txn(&self) -> Option<&Arc<Txn>> {
        match self {
            Delivery::AtLeastOnce => None,
            Delivery::ExactlyOnce(txn) => Some(txn),
        }
    }
}

/// One fetched message with its slot in the in-flight budget.
pub struct Job {
    pub msg: OwnedMessage,
    pub slot: InFlight,
}

/// A slot in the in-flight budget; frees itself (and the gauge) when dropped,
/// including when a task is aborted at the drain deadline.
pub struct InFlight {
    _permit: OwnedSemaphorePermit,
    metrics: Arc<Metrics>,
}

impl InFlight {
    pub fn new(permit: OwnedSemaphorePermit, metrics: Arc<Metrics>) -> InFlight {
        metrics.in_flight.inc();
        InFlight {
            _permit: permit,
            metrics,
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.metrics.in_flight.dec();
    }
}

/// A message whose outputs are all acknowledged.
struct Done {
    offset: i64,
    /// At-least-once: store the offset for commit (exactly-once: the transaction carries it).
    store: bool,
    timestamp_ms: Option<i64>,
    outcome: &'static str,
    /// Exactly-once: its transaction failed, so it is processed again after
    /// the rewind; not counted now.
    again: bool,
    _slot: InFlight,
}

/// The task for one partition: runs until its channel closes (revoke or
/// shutdown). Closing sets `closing` first: queued messages not yet started are
/// then dropped unstored (the next owner of the partition reads them again),
/// and only work already started is finished, so a drain takes one batch's
/// processing plus the outstanding acknowledgements, not the whole queue.
pub async fn partition_task(
    topic: String,
    partition: i32,
    mut rx: mpsc::Receiver<Job>,
    closing: Arc<AtomicBool>,
    shared: Arc<Shared>,
) {
    tracing::info!(topic = %topic, partition, "partition task started");
    let mut pending: FuturesOrdered<std::pin::Pin<Box<dyn Future<Output = Done> + Send>>> =
        FuturesOrdered::new();
    // Batches being processed, taken out in input order.
    let mut processing: FuturesOrdered<
        std::pin::Pin<Box<dyn Future<Output = Vec<Processed>> + Send>>,
    > = FuturesOrdered::new();
    // Received, not started: they wait for a CPU slot, in offset order.
    let mut waiting: VecDeque<Job> = VecDeque::new();
    // The slot being waited for, kept across loop turns so this partition
    // keeps its place in the semaphore's queue.
    let mut slot: Option<Acquire> = None;
    let mut started = 0usize;
    let mut stored: Option<i64> = None;
    let mut skipped = 0usize;
    let window = shared.cpu.window;
    loop {
        if slot.is_none() && !waiting.is_empty() {
            slot = Some(Box::pin(shared.cpu.permits.clone().acquire_owned()));
        }
        tokio::select! {
            // Completions first: polling them also hands new records to the producer.
            biased;
            Some(done) = pending.next(), if !pending.is_empty() => {
                complete(&shared, &topic, partition, done, &mut stored);
            }
            Some(processed) = processing.next(), if !processing.is_empty() => {
                started -= processed.len();
                for p in processed {
                    pending.push_back(Box::pin(deliver(&shared, p).await));
                }
            }
            permit = acquired(&mut slot), if slot.is_some() => {
                slot = None;
                if closing.load(Ordering::SeqCst) {
                    break;
                }
                let jobs: Vec<Job> = waiting.drain(..shared.cpu.batch_of(waiting.len())).collect();
                started += jobs.len();
                // The semaphore is never closed; should it be, run unbounded rather than fail.
                processing.push_back(Box::pin(process(shared.clone(), jobs, permit.ok())));
            }
            job = rx.recv(), if waiting.len() + started < window => match job {
                Some(job) if !closing.load(Ordering::SeqCst) => waiting.push_back(job),
                Some(_) => {
                    skipped += 1;
                    break;
                }
                None => break,
            },
        }
    }
    // A slot still being waited for may already hold a permit: give it back
    // now, not after the drain. Unstarted messages: dropping them frees their
    // in-flight slots.
    drop(slot);
    skipped += waiting.len();
    drop(waiting);
    rx.close();
    while rx.try_recv().is_ok() {
        skipped += 1;
    }
    // Started ones are finished and delivered, in order.
    while let Some(processed) = processing.next().await {
        for p in processed {
            pending.push_back(Box::pin(deliver(&shared, p).await));
        }
    }
    let draining = pending.len();
    while let Some(done) = pending.next().await {
        complete(&shared, &topic, partition, done, &mut stored);
    }
    tracing::info!(
        topic = %topic,
        partition,
        drained = draining,
        not_started = skipped,
        last_stored_offset = ?stored,
        "partition task finished"
    );
}

type Acquire = std::pin::Pin<
    Box<dyn Future<Output = Result<OwnedSemaphorePermit, tokio::sync::AcquireError>> + Send>,
>;

/// The slot being waited for (never resolves when there is none).
async fn acquired(
    slot: &mut Option<Acquire>,
) -> Result<OwnedSemaphorePermit, tokio::sync::AcquireError> {
    match slot {
        Some(acquire) => acquire.await,
        None => std::future::pending().await,
    }
}

fn complete(shared: &Shared, topic: &str, partition: i32, done: Done, stored: &mut Option<i64>) {
    if done.again {
        return;
    }
    // `store_offset` stores offset + 1, the next one to read.
    if done.store {
        match shared.consumer.store_offset(topic, partition, done.offset) {
            Ok(()) => *stored = Some(done.offset),
            Err(e) => {
                shared.metrics.offset_store_errors.inc();
                tracing::warn!(topic, partition, offset = done.offset, error = %e,
                    "could not store offset (partition revoked?); the message will be redelivered");
            }
        }
    } else {
        *stored = Some(done.offset);
    }
    shared
        .metrics
        .articles
        .with_label_values(&[done.outcome])
        .inc();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    shared.metrics.last_processed.set(now.as_secs_f64());
    if let Some(ts) = done.timestamp_ms {
        let secs = (now.as_millis() as i64 - ts) as f64 / 1000.0;
        if secs >= 0.0 {
            shared
                .metrics
                .end_to_end_seconds
                .with_label_values(&[done.outcome])
                .observe(secs);
        }
    }
    tracing::debug!(topic, partition, offset = done.offset, "offset stored");
}

/// A message processed, its output records built, ready for delivery.
struct Processed {
    msg: Arc<OwnedMessage>,
    position: SourceOffset,
    records: Vec<OutRecord>,
    timestamp_ms: Option<i64>,
    outcome: &'static str,
    slot: InFlight,
}

impl Processed {
    fn done(self, store: bool) -> Done {
        Done {
            offset: self.position.offset,
            store,
            timestamp_ms: self.timestamp_ms,
            outcome: self.outcome,
            again: false,
            _slot: self.slot,
        }
    }

    fn original(&self) -> Original<'_> {
        original(&self.msg, &self.position)
    }
}

/// Start delivering a processed message's records; the returned future
/// resolves when all are acknowledged.
async fn deliver(
    shared: &Arc<Shared>,
    processed: Processed,
) -> impl Future<Output = Done> + Send + 'static {
    match &shared.delivery {
        Delivery::AtLeastOnce => {
            futures::future::Either::Left(at_least_once(shared.clone(), processed))
        }
        Delivery::ExactlyOnce(txn) => {
            futures::future::Either::Right(exactly_once(shared, txn.clone(), processed).await)
        }
    }
}

/// Process a batch of one partition's messages in offset order and serialise
/// their output records, in one task on the blocking pool holding one
/// [`CpuPool`] slot.
async fn process(
    shared: Arc<Shared>,
    jobs: Vec<Job>,
    core: Option<OwnedSemaphorePermit>,
) -> Vec<Processed> {
    let (msgs, slots): (Vec<Arc<OwnedMessage>>, Vec<InFlight>) = jobs
        .into_iter()
        .map(|Job { msg, slot }| (Arc::new(msg), slot))
        .unzip();
    let (inputs, work) = (msgs.clone(), shared.clone());
    let joined = tokio::task::spawn_blocking(move || {
        let _core = core;
        inputs
            .iter()
            .map(|msg| process_one(&work, msg))
            .collect::<Vec<_>>()
    })
    .await;
    let outputs = joined.unwrap_or_else(|e| {
        // Each message's pipeline run is guarded (`process_one`); this is the
        // task itself failing. Its messages are dead-lettered, not skipped.
        tracing::error!(error = %e, "processing task failed; dead-lettering its messages");
        msgs.iter()
            .map(|msg| {
                let position = position(msg);
                let records = panicked(&shared, msg, &position);
                (position, records, "rejected")
            })
            .collect()
    });
    msgs.into_iter()
        .zip(slots)
        .zip(outputs)
        .map(|((msg, slot), (position, records, outcome))| Processed {
            timestamp_ms: msg.timestamp().to_millis(),
            msg,
            position,
            records,
            outcome,
            slot,
        })
        .collect()
}

fn position(msg: &OwnedMessage) -> SourceOffset {
    SourceOffset {
        topic: msg.topic().to_string(),
        partition: msg.partition(),
        offset: msg.offset(),
    }
}

/// One message through the pipeline, its output records built; on the
/// blocking pool.
fn process_one(
    shared: &Shared,
    msg: &OwnedMessage,
) -> (SourceOffset, Vec<OutRecord>, &'static str) {
    let pos = position(msg);
    let run = std::panic::AssertUnwindSafe(|| {
        let started = Instant::now();
        let content_type = msg.headers().and_then(|h| {
            h.iter()
                .find(|h| h.key.eq_ignore_ascii_case("content-type"))
                .and_then(|h| h.value)
                .and_then(|v| std::str::from_utf8(v).ok())
        });
        let outcome = shared.pipeline.process(Input {
            bytes: msg.payload().unwrap_or_default(),
            content_type,
            position: Some(&pos),
        });
        shared
            .metrics
            .processing_seconds
            .observe(started.elapsed().as_secs_f64());
        record_outcome(&shared.metrics, &outcome);
        let records = records_for(&outcome, &original(msg, &pos), &shared.topics);
        let label = match &outcome {
            Outcome::Accepted { .. } => "accepted",
            Outcome::Rejected(DeadLetter { kind, message }) => {
                tracing::info!(partition = pos.partition, offset = pos.offset,
                    kind = kind.as_str(), reason = %message, "dead-lettered");
                "rejected"
            }
        };
        (records, label)
    });
    let (mut records, mut outcome) = std::panic::catch_unwind(run).unwrap_or_else(|_| {
        // The pipeline must not panic on input; if it does anyway, the message
        // is dead-lettered rather than crash-looping the worker.
        (panicked(shared, msg, &pos), "rejected")
    });
    if let Some(dead) = shared.limits.get().and_then(|l| oversized(&records, l)) {
        // An output its topic cannot take: the input is dead-lettered instead.
        tracing::info!(partition = pos.partition, offset = pos.offset,
            kind = dead.kind.as_str(), reason = %dead.message, "dead-lettered");
        shared
            .metrics
            .dead_letters
            .with_label_values(&[dead.kind.as_str()])
            .inc();
        records = vec![dead_letter_record(
            &dead,
            &original(msg, &pos),
            &shared.topics.dlq,
        )];
        outcome = "rejected";
    }
    (pos, records, outcome)
}

/// The dead letter of an input the pipeline panicked on.
fn panicked(shared: &Shared, msg: &OwnedMessage, position: &SourceOffset) -> Vec<OutRecord> {
    tracing::error!(
        partition = position.partition,
        offset = position.offset,
        "pipeline panicked; dead-lettering the message"
    );
    let dead = Outcome::Rejected(DeadLetter {
        kind: ErrorKind::Internal,
        message: "internal error: the pipeline panicked on this input".into(),
    });
    record_outcome(&shared.metrics, &dead);
    records_for(&dead, &original(msg, position), &shared.topics)
}

/// The input message as the sink needs it for dead letters.
fn original<'a>(msg: &'a OwnedMessage, position: &'a SourceOffset) -> Original<'a> {
    Original {
        key: msg.key(),
        payload: msg.payload(),
        headers: msg.headers(),
        position,
    }
}

/// Publish with retries; the offset is stored once every record is acknowledged.
async fn at_least_once(shared: Arc<Shared>, mut p: Processed) -> Done {
    let records = std::mem::take(&mut p.records);
    if let Err(refused) = shared.sink.publish_all(records, &p.position).await {
        // The broker refuses an output for good (too large for its topic, not
        // authorised, an invalid record): the input goes to the dead-letter
        // topic (original bytes) so it is accounted for and the partition moves on.
        let dead = DeadLetter {
            kind: refused.kind,
            message: refused.message,
        };
        tracing::error!(partition = p.position.partition, offset = p.position.offset,
            kind = dead.kind.as_str(), reason = %dead.message,
            "an output was refused for good; dead-lettering the input");
        shared
            .metrics
            .dead_letters
            .with_label_values(&[dead.kind.as_str()])
            .inc();
        let record = dead_letter_record(&dead, &p.original(), &shared.topics.dlq);
        // A dead letter is retried until it is stored: there is nothing left to fall back on.
        let _ = shared.sink.publish_all(vec![record], &p.position).await;
        p.outcome = "rejected";
    }
    p.done(true)
}

/// The records enter the open transaction together with the note that this
/// offset is covered, under the gate, so a commit never splits a message from
/// its outputs. The returned future waits for the acknowledgements. An input
/// whose outputs have made [`MAX_STRIKES`](super::txn::MAX_STRIKES)
/// transactions abort is dead-lettered instead.
async fn exactly_once(
    shared: &Shared,
    txn: Arc<Txn>,
    mut p: Processed,
) -> impl Future<Output = Done> + Send + 'static {
    if let Some((aborts, kind, error)) = txn.struck_out(&p.position) {
        let dead = DeadLetter {
            kind,
            message: format!("its outputs made {aborts} transactions abort: {error}"),
        };
        tracing::error!(partition = p.position.partition, offset = p.position.offset,
            kind = kind.as_str(), reason = %dead.message,
            "an input keeps failing its transaction; dead-lettering it inside a new one");
        shared
            .metrics
            .dead_letters
            .with_label_values(&[kind.as_str()])
            .inc();
        p.records = vec![dead_letter_record(&dead, &p.original(), &shared.topics.dlq)];
        p.outcome = "rejected";
    }
    let records = std::mem::take(&mut p.records);
    let acks: Option<_> = {
        let _open = txn.enter().await;
        if txn.failed() {
            // The open transaction will be aborted and this input read again.
            None
        } else {
            match shared.sink.enqueue_all(&records).await {
                Ok(acks) => {
                    txn.covered(&p.position.topic, p.position.partition, p.position.offset);
                    Some(acks)
                }
                Err(e) => {
                    tracing::error!(partition = p.position.partition, offset = p.position.offset,
                        error = %e, "cannot produce inside the transaction");
                    txn_failed(&txn, &p.position, &e);
                    None
                }
            }
        }
    };
    let sink = shared.sink.clone();
    async move {
        let mut ok = false;
        if let Some(acks) = acks {
            match sink.acknowledged(acks, &p.position).await {
                Ok(()) => ok = true,
                Err(e) => txn_failed(&txn, &p.position, &e),
            }
        }
        let mut done = p.done(false);
        done.again = !ok;
        done
    }
}

/// A record failed inside the transaction: blame its input when the broker
/// refused it for good, so it is dead-lettered after a few tries.
fn txn_failed(txn: &Txn, position: &SourceOffset, e: &rdkafka::error::KafkaError) {
    match e
        .rdkafka_error_code()
        .and_then(super::sink::permanent_refusal)
    {
        Some(kind) => txn.refused(position, kind, e.to_string()),
        None => txn.fail(),
    }
}

fn record_outcome(m: &Metrics, outcome: &Outcome) {
    match outcome {
        // `articles_total` is counted when the message completes, by what was
        // finally published: an accepted article whose output was refused and
        // that went to the dead-letter topic counts once, as rejected.
        Outcome::Accepted { article, events } => {
            for e in events {
                m.events
                    .with_label_values(&[e.extraction.event_type.as_str()])
                    .inc();
            }
            for r in &article.repairs {
                m.repairs.with_label_values(&[repair_kind(r)]).inc();
            }
        }
        Outcome::Rejected(dead) => {
            m.dead_letters
                .with_label_values(&[dead.kind.as_str()])
                .inc();
        }
    }
}

/// Repairs are named by the normaliser from a fixed vocabulary; cap the label
/// anyway so a future free-text repair cannot blow up cardinality.
fn repair_kind(r: &str) -> &str {
    if r.len() <= 64 && r.bytes().all(|b| b.is_ascii_graphic()) {
        r
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::CpuPool;

    #[test]
    fn batches_form_only_when_more_messages_wait_than_there_are_slots() {
        let pool = CpuPool::new(4);
        assert_eq!(pool.batch_of(1), 1);
        assert_eq!(pool.batch_of(4), 1);
        assert_eq!(pool.batch_of(5), 2);
        assert_eq!(pool.batch_of(12), 3);
        assert_eq!(pool.batch_of(16), 4);
        assert_eq!(pool.batch_of(100), 4);
        let one = CpuPool::new(1);
        assert_eq!(one.batch_of(1), 1);
        assert_eq!(one.batch_of(3), 3);
        assert_eq!(one.batch_of(9), 4);
    }
}
