//! Fault injection with librdkafka's MOCK cluster (in-process; a test double,
//! not a real broker): the real worker loop rides out a broker outage without
//! losing an input. Delivery guarantees themselves are tested against real
//! Apache Kafka in `kafka.rs`.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use newsworker::config::{Guarantee, KafkaArgs};
use newsworker::kafka;
use newsworker::metrics::Metrics;
use newsworker::pipeline::Pipeline;
use newsworker::shutdown::Shutdown;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::mocking::MockCluster;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use rdkafka::{ClientConfig, Message, Offset, TopicPartitionList};

fn article(i: usize) -> String {
    serde_json::json!({
        "id": format!("a{i}"),
        "title": format!("Council session {i}"),
        "body": format!("The council met for session {i} and discussed the budget."),
    })
    .to_string()
}

fn processed(m: &Metrics) -> u64 {
    m.articles.with_label_values(&["accepted"]).get()
        + m.articles.with_label_values(&["rejected"]).get()
}

/// Source offsets found in the normalised topic.
fn normalized_offsets(bootstrap: &str, topic: &str) -> BTreeSet<i64> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", "reader")
        .set("enable.partition.eof", "true")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset(topic, 0, Offset::Beginning)
        .unwrap();
    consumer.assign(&tpl).unwrap();
    drop(tpl);
    let mut out = BTreeSet::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        match consumer.poll(Duration::from_millis(200)) {
            Some(Ok(m)) => {
                let v: serde_json::Value = serde_json::from_slice(m.payload().unwrap()).unwrap();
                out.insert(v["source_offset"]["offset"].as_i64().unwrap());
            }
            Some(Err(rdkafka::error::KafkaError::PartitionEOF(_))) => break,
            Some(Err(e)) => panic!("read {topic}: {e}"),
            None => {}
        }
    }
    out
}

/// The worker's settings against the mock cluster's four topics.
fn mock_args(
    bootstrap: &str,
    group: &str,
    guarantee: Guarantee,
    max_in_flight: usize,
) -> KafkaArgs {
    KafkaArgs {
        brokers: bootstrap.to_string(),
        group: group.into(),
        input_topic: "in".into(),
        events_topic: "events".into(),
        normalized_topic: "normalized".into(),
        dlq_topic: "dlq".into(),
        metrics_addr: "127.0.0.1:0".parse().unwrap(),
        guarantee,
        drain_timeout: Duration::from_secs(10),
        max_in_flight,
        cpu_slots: None,
        rdkafka: vec![],
        rdkafka_env: None,
    }
}

/// The real worker loop (`kafka::work`) on `rt` until `shutdown`.
fn spawn_worker(
    rt: &tokio::runtime::Runtime,
    args: &KafkaArgs,
    metrics: &Arc<Metrics>,
    shutdown: &Shutdown,
) -> tokio::task::JoinHandle<Result<kafka::SourceSummary, kafka::KafkaError>> {
    let (args, metrics, shutdown) = (args.clone(), metrics.clone(), shutdown.clone());
    rt.spawn(async move {
        let clients = kafka::clients(&args, metrics.clone())?;
        kafka::work(
            &args,
            clients,
            Arc::new(Pipeline::with_defaults()),
            metrics,
            shutdown,
        )
        .await
    })
}

/// A mock cluster with the worker's four one-partition topics and articles
/// `0..n` already in the input topic.
fn cluster_with_inputs(
    rt: &tokio::runtime::Runtime,
    n: usize,
) -> MockCluster<'static, rdkafka::producer::DefaultProducerContext> {
    // The worker's log, shown when the test fails.
    let _ = tracing_subscriber::fmt()
        .with_env_filter("info,librdkafka=warn")
        .with_test_writer()
        .try_init();
    let cluster = MockCluster::new(1).expect("mock cluster");
    for t in ["in", "events", "normalized", "dlq"] {
        cluster.create_topic(t, 1, 1).unwrap();
    }
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", cluster.bootstrap_servers())
        .create()
        .unwrap();
    for i in 0..n {
        rt.block_on(async {
            producer
                .send(
                    FutureRecord::<str, str>::to("in").payload(&article(i)),
                    Timeout::Never,
                )
                .await
                .expect("produce");
        });
    }
    cluster
}

#[test]
fn worker_rides_out_a_broker_outage_without_losing_input() {
    let cluster = MockCluster::new(1).expect("mock cluster");
    for t in ["in", "events", "normalized", "dlq"] {
        cluster.create_topic(t, 1, 1).unwrap();
    }
    let bootstrap = cluster.bootstrap_servers();
    let args = mock_args(&bootstrap, "outage", Guarantee::AtLeastOnce, 16);
    let n = 200usize;
    let rt = tokio::runtime::Runtime::new().unwrap();
    let metrics = Arc::new(Metrics::new("test"));
    let shutdown = Shutdown::new();
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .create()
        .unwrap();
    let produce = |range: std::ops::Range<usize>| {
        rt.block_on(async {
            for i in range {
                producer
                    .send(
                        FutureRecord::<str, str>::to("in").payload(&article(i)),
                        Timeout::Never,
                    )
                    .await
                    .expect("produce");
            }
        })
    };
    let worker = spawn_worker(&rt, &args, &metrics, &shutdown);
    let wait_for = |count: u64, what: &str| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while processed(&metrics) < count {
            assert!(
                Instant::now() < deadline,
                "{what}: {} of {count}",
                processed(&metrics)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };

    produce(0..n / 2);
    wait_for(20, "before the outage");
    // The broker goes away for a while; the worker must neither crash nor drop input.
    cluster.broker_down(1).unwrap();
    std::thread::sleep(Duration::from_secs(3));
    cluster.broker_up(1).unwrap();
    produce(n / 2..n);
    wait_for(n as u64, "after the outage");
    let deadline = Instant::now() + Duration::from_secs(30);
    while metrics.in_flight.get() > 0 {
        assert!(Instant::now() < deadline, "in-flight work never finished");
        std::thread::sleep(Duration::from_millis(50));
    }
    shutdown.trigger();
    let summary = rt.block_on(worker).unwrap().expect("worker ends cleanly");
    assert!(summary.consumed >= n as u64);

    let seen = normalized_offsets(&bootstrap, "normalized");
    let missing: Vec<i64> = (0..n as i64).filter(|o| !seen.contains(o)).collect();
    assert!(
        missing.is_empty(),
        "inputs lost across the outage: {missing:?}"
    );
    drop(producer);
    drop(cluster);
}

/// MOCK cluster, for fault injection a single real broker cannot give: the
/// broker refuses the produce requests carrying the first input's outputs with
/// INVALID_RECORD (not retriable). Under exactly-once each refusal aborts the
/// transaction; the input is processed again a bounded number of times and
/// then dead-lettered inside a new transaction, and the worker keeps going
/// (it used to stop with "a Kafka transaction failed and was aborted" and meet
/// the same input after every restart).
#[test]
fn exactly_once_dead_letters_an_input_whose_outputs_keep_aborting_the_transaction() {
    use rdkafka::types::{RDKafkaApiKey, RDKafkaRespErr};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let cluster = cluster_with_inputs(&rt, 3);
    let bootstrap = cluster.bootstrap_servers();
    // One input at a time, so a produce request carries one input's outputs.
    let args = mock_args(&bootstrap, "poison", Guarantee::ExactlyOnce, 1);
    let metrics = Arc::new(Metrics::new("test"));
    let shutdown = Shutdown::new();
    // The injected errors hit every client: the inputs are in before, and the
    // worker's first three produce requests (input 0's outputs, three times)
    // are refused.
    cluster.request_errors(
        RDKafkaApiKey::Produce,
        &[RDKafkaRespErr::RD_KAFKA_RESP_ERR_INVALID_RECORD; 3],
    );
    let worker = spawn_worker(&rt, &args, &metrics, &shutdown);
    let committed = || metrics.transactions.with_label_values(&["committed"]).get();
    let wait = |what: &str, done: &dyn Fn() -> bool| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !done() {
            assert!(!worker.is_finished(), "{what}: the worker stopped");
            assert!(Instant::now() < deadline, "{what}: timed out");
            std::thread::sleep(Duration::from_millis(50));
        }
    };

    let dead = || {
        metrics
            .dead_letters
            .with_label_values(&["publish_refused"])
            .get()
    };
    wait("the poison input dead-lettered", &|| dead() >= 1);
    wait("the next inputs", &|| processed(&metrics) >= 3);
    let settled = committed();
    wait("their transaction committed", &|| committed() > settled);
    // One abort per refusal; librdkafka may purge the first records of the
    // transaction after an abort, which costs one more (unblamed) abort.
    let aborted = metrics.transactions.with_label_values(&["aborted"]).get();
    assert!((3..=5).contains(&aborted), "{aborted} aborts");
    shutdown.trigger();
    rt.block_on(worker)
        .unwrap()
        .expect("worker ends cleanly after the poison input");

    assert_eq!(
        normalized_offsets(&bootstrap, "normalized"),
        BTreeSet::from([1, 2])
    );
    let dlq: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .set("group.id", "dlq-reader")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset("dlq", 0, Offset::Beginning)
        .unwrap();
    dlq.assign(&tpl).unwrap();
    drop(tpl);
    let deadline = Instant::now() + Duration::from_secs(30);
    let m = loop {
        assert!(Instant::now() < deadline, "no dead letter");
        if let Some(Ok(m)) = dlq.poll(Duration::from_millis(200)) {
            break m.detach();
        }
    };
    assert_eq!(m.payload(), Some(article(0).as_bytes()), "original bytes");
    let header = |name: &str| {
        use rdkafka::message::Headers;
        m.headers().and_then(|h| {
            h.iter()
                .find(|h| h.key == name)
                .and_then(|h| h.value)
                .map(|v| String::from_utf8_lossy(v).into_owned())
        })
    };
    assert_eq!(
        header("newsworker-error-kind").as_deref(),
        Some("publish_refused")
    );
    assert_eq!(header("newsworker-source-offset").as_deref(), Some("0"));
    let why = header("newsworker-error").unwrap_or_default();
    assert!(why.contains("3 transactions abort"), "{why}");
    drop(dlq);
    drop(cluster);
}

/// *Mock*: the broker answers the worker's first produce request with
/// OUT_OF_ORDER_SEQUENCE_NUMBER, as a real broker restarted after losing a
/// record the producer had sent does (seen in the 40 s outage test: librdkafka
/// calls it "sequence desynchronization", a fatal error). The worker replaces
/// the producer, as when it is fenced, and goes on: every input published once.
/// It used to exit with "a Kafka transaction failed and was aborted".
#[test]
fn exactly_once_replaces_a_producer_that_lost_its_sequence() {
    use rdkafka::types::{RDKafkaApiKey, RDKafkaRespErr};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let cluster = cluster_with_inputs(&rt, 3);
    cluster.request_errors(
        RDKafkaApiKey::Produce,
        &[RDKafkaRespErr::RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER],
    );
    publishes_all_with_a_new_producer(&rt, &cluster, "sequence");
}

/// *Mock*: an abort that fails (the broker answers the first EndTxn with
/// INVALID_REQUEST, which librdkafka leaves to the caller to retry) and
/// whose retry then finds the producer fenced (PRODUCER_FENCED, fatal). The
/// worker replaces the producer, as when a commit finds it fenced, and goes on:
/// every input published once. It used to stop at the retried abort.
#[test]
fn exactly_once_replaces_a_producer_fenced_while_an_abort_is_retried() {
    use rdkafka::types::{RDKafkaApiKey, RDKafkaRespErr};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let cluster = cluster_with_inputs(&rt, 3);
    // Input 0's outputs are refused, so its transaction is aborted; the abort
    // fails once, and its retry meets the fence.
    cluster.request_errors(
        RDKafkaApiKey::Produce,
        &[RDKafkaRespErr::RD_KAFKA_RESP_ERR_INVALID_RECORD],
    );
    cluster.request_errors(
        RDKafkaApiKey::EndTxn,
        &[
            RDKafkaRespErr::RD_KAFKA_RESP_ERR_INVALID_REQUEST,
            RDKafkaRespErr::RD_KAFKA_RESP_ERR_PRODUCER_FENCED,
        ],
    );
    publishes_all_with_a_new_producer(&rt, &cluster, "abort-retry");
}

/// Runs an exactly-once worker over the 3 inputs of `cluster`, whose injected
/// errors must cost its producer, and checks that the worker kept going: a
/// transaction aborted, one committed, and every input published once.
fn publishes_all_with_a_new_producer(
    rt: &tokio::runtime::Runtime,
    cluster: &MockCluster<'static, rdkafka::producer::DefaultProducerContext>,
    group: &str,
) {
    let bootstrap = cluster.bootstrap_servers();
    let args = mock_args(&bootstrap, group, Guarantee::ExactlyOnce, 1);
    let metrics = Arc::new(Metrics::new("test"));
    let shutdown = Shutdown::new();
    let worker = spawn_worker(rt, &args, &metrics, &shutdown);
    let committed = || metrics.transactions.with_label_values(&["committed"]).get();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !(processed(&metrics) >= 3 && committed() >= 1) {
        assert!(!worker.is_finished(), "the worker stopped");
        assert!(Instant::now() < deadline, "timed out");
        std::thread::sleep(Duration::from_millis(50));
    }
    let aborted = metrics.transactions.with_label_values(&["aborted"]).get();
    shutdown.trigger();
    rt.block_on(worker)
        .unwrap()
        .expect("worker ends cleanly after its producer was replaced");
    assert!(
        aborted >= 1,
        "no transaction failed, so this proves nothing"
    );
    assert_eq!(
        normalized_offsets(&bootstrap, "normalized"),
        BTreeSet::from([0, 1, 2])
    );
}

/// *Mock*: the transaction coordinator answers a commit's EndTxn with
/// COORDINATOR_LOAD_IN_PROGRESS for longer than one transactional call waits
/// (30 s), as a coordinator does while it reloads after a failover. librdkafka
/// keeps retrying that commit in the background and refuses every other
/// transactional call, an abort included (`_CONFLICT`), until the commit is
/// called again. The worker resumes the commit, which completes once the
/// coordinator answers: the input published, nothing aborted. It used to abort
/// instead and retry that abort for ever.
#[test]
fn exactly_once_resumes_a_commit_that_timed_out() {
    use rdkafka::types::{RDKafkaApiKey, RDKafkaRespErr};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let cluster = cluster_with_inputs(&rt, 1);
    let bootstrap = cluster.bootstrap_servers();
    let args = mock_args(&bootstrap, "resume", Guarantee::ExactlyOnce, 1);
    let metrics = Arc::new(Metrics::new("test"));
    let shutdown = Shutdown::new();
    let worker = spawn_worker(&rt, &args, &metrics, &shutdown);
    let committed = || metrics.transactions.with_label_values(&["committed"]).get();
    let aborted = || metrics.transactions.with_label_values(&["aborted"]).get();
    let deadline = Instant::now() + Duration::from_secs(60);
    while committed() < 1 {
        assert!(!worker.is_finished(), "the worker stopped");
        assert!(Instant::now() < deadline, "no first commit");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Each retry of EndTxn takes one error; librdkafka backs off up to a second.
    cluster.request_errors(
        RDKafkaApiKey::EndTxn,
        &[RDKafkaRespErr::RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS; 50],
    );
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .create()
        .unwrap();
    rt.block_on(async {
        producer
            .send(
                FutureRecord::<str, str>::to("in").payload(&article(1)),
                Timeout::Never,
            )
            .await
            .expect("produce");
    });
    // The mock shows aborted records to every reader: the transactions counters
    // tell whether input 1's transaction committed.
    let deadline = Instant::now() + Duration::from_secs(150);
    while committed() < 2 {
        assert!(!worker.is_finished(), "the worker stopped");
        assert!(
            Instant::now() < deadline,
            "input 1's transaction never committed: committed {}, aborted {}",
            committed(),
            aborted()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(
        aborted(),
        0,
        "the timed-out commit was aborted, not resumed"
    );
    shutdown.trigger();
    rt.block_on(worker).unwrap().expect("worker ends cleanly");
    assert_eq!(
        normalized_offsets(&bootstrap, "normalized"),
        BTreeSet::from([0, 1])
    );
}
