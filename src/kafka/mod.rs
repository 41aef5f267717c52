//! Stages 1 and 4: the Kafka consumer ([`source`]) and producer ([`sink`]), the
//! worker loop between them ([`worker`]), and the in-process demo cluster ([`demo`]).
//!
//! ```text
//!  poller thread ──► source loop ──(per-partition channel)──► partition task ──► Pipeline::process
//!   poll; context     owns the partitions;                      in order,          (blocking pool)
//!   forwards revokes  revoke: drain+commit,                     store offset             │
//!   and waits         then releases the callback                after every ack ◄── sink: publish + retry
//!        ▲                                                                                │
//!        └──── in-flight budget (--max-in-flight) ◄──────────────────────────────────────┘
//! ```

pub mod brokers;
pub mod demo;
pub mod logs;
pub mod sink;
pub mod source;
pub mod txn;
pub mod worker;

use std::sync::Arc;
use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, Consumer as _};
use rdkafka::producer::FutureProducer;
use thiserror::Error;

use crate::config::{Guarantee, KafkaArgs, KafkaConfigError};
use crate::http::{self, Health};
use crate::metrics::Metrics;
use crate::pipeline::Pipeline;
use crate::shutdown::Shutdown;

pub use source::SourceSummary;

/// The worker's consumer: its context forwards rebalances and turns statistics into gauges.
pub type Consumer = BaseConsumer<source::SourceContext>;
/// The worker's producer (transactional under exactly-once).
pub type Producer = FutureProducer<sink::SinkContext>;

#[derive(Debug, Error)]
pub enum KafkaError {
    #[error(transparent)]
    Config(#[from] KafkaConfigError),
    #[error("kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    #[error("--metrics-addr {addr}: {error}")]
    MetricsAddr {
        addr: std::net::SocketAddr,
        error: std::io::Error,
    },
    #[error(
        "a Kafka transaction failed and was aborted ({0}); restart to resume from the committed offsets"
    )]
    TransactionAborted(String),
    #[error(
        "exactly-once: the transactional producer was not ready when shutdown was requested ({0})"
    )]
    NotReady(String),
    #[error("{0}")]
    Security(String),
    #[error("shutdown did not finish within --drain-timeout ({0:?})")]
    DrainTimeout(Duration),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Everything a running worker is made of, created eagerly so configuration
/// errors surface before anything starts.
pub struct Clients {
    pub consumer: Consumer,
    pub producer: Producer,
    /// The producer's statistics, as far as its brokers go.
    pub producer_brokers: Arc<brokers::BrokerWatch>,
}

/// Validate the settings with librdkafka and create both clients.
pub fn clients(args: &KafkaArgs, metrics: Arc<Metrics>) -> Result<Clients, KafkaError> {
    args.validate()?;
    let context = source::SourceContext::new(metrics);
    let consumer: Consumer = args
        .consumer_config()
        .create_with_context(context)
        .map_err(|e| args.explain(e))?;
    let sink_context = sink::SinkContext::new();
    let producer_brokers = sink_context.brokers.clone();
    let producer: Producer = args
        .producer_config()
        .create_with_context(sink_context)
        .map_err(|e| args.explain(e))?;
    Ok(Clients {
        consumer,
        producer,
        producer_brokers,
    })
}

/// The worker loop: subscribe, process until `shutdown`, then drain, flush,
/// commit and close. Returns once the consumer has left the group.
pub async fn work(
    args: &KafkaArgs,
    clients: Clients,
    pipeline: Arc<Pipeline>,
    metrics: Arc<Metrics>,
    shutdown: Shutdown,
) -> Result<SourceSummary, KafkaError> {
    let Clients {
        consumer,
        producer,
        producer_brokers,
    } = clients;
    // A broker that refuses this client's security settings is not an outage:
    // stop (drain, close) and exit with that reason rather than retry for ever.
    let watch = {
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            while logs::security_failure().is_none() {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            shutdown.trigger();
        })
    };
    let result = work_until_stopped(
        args,
        consumer,
        (producer, producer_brokers),
        pipeline,
        metrics,
        shutdown,
    )
    .await;
    watch.abort();
    match logs::security_failure() {
        Some(problem) => Err(KafkaError::Security(problem.to_string())),
        None => result,
    }
}

async fn work_until_stopped(
    args: &KafkaArgs,
    consumer: Consumer,
    (producer, producer_brokers): (Producer, Arc<brokers::BrokerWatch>),
    pipeline: Arc<Pipeline>,
    metrics: Arc<Metrics>,
    shutdown: Shutdown,
) -> Result<SourceSummary, KafkaError> {
    consumer.subscribe(&[&args.input_topic])?;
    tracing::info!(
        brokers = %args.effective("bootstrap.servers").unwrap_or_default(),
        group = %args.effective("group.id").unwrap_or_default(),
        input = %args.input_topic,
        events = %args.events_topic,
        normalized = %args.normalized_topic,
        dlq = %args.dlq_topic,
        max_in_flight = args.max_in_flight,
        "worker started"
    );
    let producer = Arc::new(sink::ProducerSlot::new(producer));
    let delivery = if args.guarantee == Guarantee::ExactlyOnce {
        // init_transactions blocks (and fences an older instance with the same
        // transactional.id, aborting whatever it left open).
        let (producer, metrics, rt) = (
            producer.clone(),
            metrics.clone(),
            tokio::runtime::Handle::current(),
        );
        // A fenced producer is replaced by one made the same way.
        let new_producer: txn::NewProducer = {
            let (config, brokers) = (args.producer_config(), producer_brokers.clone());
            Box::new(move || {
                config.create_with_context(sink::SinkContext {
                    brokers: brokers.clone(),
                })
            })
        };
        let init = tokio::task::spawn_blocking(move || {
            txn::Txn::start(producer, Some(new_producer), metrics, rt)
        });
        // With the broker away, init_transactions blocks for its whole timeout:
        // a shutdown meanwhile waits for it no longer than --drain-timeout.
        let stop_waiting = async {
            shutdown.wait().await;
            tokio::time::sleep(args.drain_timeout).await;
        };
        let txn = tokio::select! {
            joined = init => joined.map_err(|e| KafkaError::Io(std::io::Error::other(e)))??,
            _ = stop_waiting => return Err(KafkaError::NotReady(
                "init_transactions had not finished; is the broker reachable?".into(),
            )),
        };
        let txn = Arc::new(txn);
        tracing::info!("exactly-once: transactional producer ready");
        worker::Delivery::ExactlyOnce(txn)
    } else {
        worker::Delivery::AtLeastOnce
    };
    // Looked up in the background: a broker that does not answer admin
    // requests (the demo's mock cluster) must not delay the start.
    let limits = Arc::new(std::sync::OnceLock::new());
    {
        let (limits, args) = (limits.clone(), args.clone());
        tokio::spawn(async move {
            let found = topic_limits(&args, &[&args.events_topic, &args.normalized_topic]).await;
            let _ = limits.set(found);
        });
    }
    let shared_metrics = metrics.clone();
    let bootstrap = args.effective("bootstrap.servers").unwrap_or_default();
    let consumer = Arc::new(consumer);
    let watched = {
        let (c, p) = (consumer.clone(), producer.clone());
        let (bc, bp) = (bootstrap.clone(), bootstrap);
        vec![
            brokers::Watched {
                watch: consumer.context().brokers(),
                rebootstrap: Box::new(move || brokers::add_brokers(c.client(), &bc)),
            },
            brokers::Watched {
                watch: producer_brokers,
                rebootstrap: Box::new(move || {
                    brokers::add_brokers(rdkafka::producer::Producer::client(&p.get()), &bp)
                }),
            },
        ]
    };
    let shared = Arc::new(worker::Shared {
        delivery,
        limits,
        cpu: worker::CpuPool::new(
            args.cpu_slots
                .unwrap_or_else(worker::CpuPool::default_slots),
        ),
        consumer,
        pipeline,
        sink: sink::Sink::new(producer, metrics.clone()),
        topics: sink::Topics {
            events: args.events_topic.as_str().into(),
            normalized: args.normalized_topic.as_str().into(),
            dlq: args.dlq_topic.as_str().into(),
        },
        metrics,
    });
    let (done_tx, done_rx) = tokio::sync::oneshot::channel();
    let rt = tokio::runtime::Handle::current();
    let (max_in_flight, drain_timeout) = (args.max_in_flight, args.drain_timeout);
    let sd = shutdown.clone();
    std::thread::Builder::new()
        .name("newsworker-source".into())
        .spawn(move || {
            let summary = source::run(shared, sd, max_in_flight, drain_timeout, rt);
            let _ = done_tx.send(summary);
        })?;

    let progress = tokio::spawn(log_progress(shared_metrics.clone()));
    let broker_watch = tokio::spawn(brokers::watch(watched, shared_metrics));

    // The source thread bounds each drain step by the deadline; this is the
    // backstop should librdkafka itself hang (e.g. closing against a dead broker).
    let backstop = async {
        shutdown.wait().await;
        tokio::time::sleep(drain_timeout + Duration::from_secs(2)).await;
    };
    let result = tokio::select! {
        summary = done_rx => match summary {
            Ok(s) if s.txn_failed.is_some() => Err(KafkaError::TransactionAborted(
                s.txn_failed.unwrap_or_default(),
            )),
            Ok(s) => Ok(s),
            Err(_) => Err(KafkaError::Io(std::io::Error::other("source thread panicked"))),
        },
        _ = backstop => Err(KafkaError::DrainTimeout(drain_timeout)),
    };
    progress.abort();
    broker_watch.abort();
    result
}

/// Each output topic's `max.message.bytes`, read from the broker at start-up,
/// so an output that cannot fit is dead-lettered before it is produced. Under
/// exactly-once this matters most: a refused record poisons the whole
/// transaction, and retrying the input would refuse it again, for ever.
/// Topics the broker does not describe (missing, not authorised) get no entry;
/// their refusals are then handled when they happen.
async fn topic_limits(
    args: &KafkaArgs,
    topics: &[&str],
) -> std::collections::HashMap<String, usize> {
    use rdkafka::admin::{AdminClient, AdminOptions, ResourceSpecifier};
    let mut limits = std::collections::HashMap::new();
    let mut config = args.producer_config();
    config.remove("transactional.id");
    let admin: AdminClient<rdkafka::client::DefaultClientContext> = match config.create() {
        Ok(a) => a,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the output topics' size limits");
            return limits;
        }
    };
    let specs: Vec<ResourceSpecifier<'_>> =
        topics.iter().map(|t| ResourceSpecifier::Topic(t)).collect();
    let opts = AdminOptions::new().request_timeout(Some(Duration::from_secs(10)));
    match admin.describe_configs(&specs, &opts).await {
        Ok(results) => {
            for (topic, result) in topics.iter().zip(results) {
                let limit = result.ok().and_then(|r| {
                    r.get("max.message.bytes")
                        .and_then(|e| e.value.as_deref())
                        .and_then(|v| v.parse::<usize>().ok())
                });
                if let Some(limit) = limit {
                    limits.insert(topic.to_string(), limit);
                }
            }
            tracing::info!(limits = ?limits, "output topics' record size limits");
        }
        Err(e) => {
            tracing::info!(error = %e, "cannot read the output topics' size limits; refusals are handled as they come")
        }
    }
    limits
}

/// A progress line every 30 s while messages flow (quiet when idle).
async fn log_progress(metrics: Arc<Metrics>) {
    let mut last = u64::MAX;
    let mut tick = tokio::time::interval(Duration::from_secs(30));
    loop {
        tick.tick().await;
        let consumed = metrics.messages_consumed.get();
        if consumed != last && last != u64::MAX {
            tracing::info!(
                consumed,
                accepted = metrics.articles.with_label_values(&["accepted"]).get(),
                rejected = metrics.articles.with_label_values(&["rejected"]).get(),
                in_flight = metrics.in_flight.get(),
                assigned_partitions = metrics.assigned_partitions.get(),
                "progress"
            );
        }
        last = consumed;
    }
}

/// Bind the HTTP endpoint eagerly: a bad or busy address is a start-up error.
pub(crate) async fn bind_metrics(
    addr: std::net::SocketAddr,
) -> Result<tokio::net::TcpListener, KafkaError> {
    http::bind(addr)
        .await
        .map_err(|error| KafkaError::MetricsAddr { addr, error })
}

/// `newsworker run`: the worker with its HTTP endpoint, until SIGTERM/SIGINT.
///
/// `shutdown` is created (and the signal handlers installed) by the caller
/// before start-up, so a SIGTERM while starting is a clean stop, not a kill.
pub async fn run(
    args: KafkaArgs,
    pipeline: Pipeline,
    shutdown: Shutdown,
) -> Result<(), KafkaError> {
    args.validate()?;
    if shutdown.is_triggered() {
        tracing::info!("shutdown requested during start-up: stopped before connecting");
        return Ok(());
    }
    let listener = bind_metrics(args.metrics_addr).await?;
    let addr = listener.local_addr().unwrap_or(args.metrics_addr);
    let metrics = Arc::new(Metrics::new(pipeline.extractor_version()));
    let clients = clients(&args, metrics.clone())?;
    let health = Health {
        metrics: metrics.clone(),
        shutdown: shutdown.clone(),
    };
    let server = http::Server::spawn(listener, health);
    tracing::info!(addr = %addr, "serving /metrics, /livez, /readyz");

    let result = work(&args, clients, Arc::new(pipeline), metrics, shutdown).await;
    server.stop().await;
    let summary = result?;
    if summary.aborted > 0 {
        tracing::warn!(
            partitions = summary.aborted,
            "drain timeout: unfinished messages will be redelivered"
        );
    }
    tracing::info!(consumed = summary.consumed, "stopped");
    Ok(())
}
