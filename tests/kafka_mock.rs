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

#[test]
fn worker_rides_out_a_broker_outage_without_losing_input() {
    let cluster = MockCluster::new(1).expect("mock cluster");
    for t in ["in", "events", "normalized", "dlq"] {
        cluster.create_topic(t, 1, 1).unwrap();
    }
    let bootstrap = cluster.bootstrap_servers();
    let args = KafkaArgs {
        brokers: bootstrap.clone(),
        group: "outage".into(),
        input_topic: "in".into(),
        events_topic: "events".into(),
        normalized_topic: "normalized".into(),
        dlq_topic: "dlq".into(),
        metrics_addr: "127.0.0.1:0".parse().unwrap(),
        guarantee: Guarantee::AtLeastOnce,
        drain_timeout: Duration::from_secs(10),
        max_in_flight: 16,
        rdkafka: vec![],
        rdkafka_env: None,
    };
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
    let worker = {
        let (args, metrics, shutdown) = (args.clone(), metrics.clone(), shutdown.clone());
        rt.spawn(async move {
            let clients =
                kafka::clients(&args, metrics.clone(), tokio::runtime::Handle::current())?;
            kafka::work(
                &args,
                clients,
                Arc::new(Pipeline::with_defaults()),
                metrics,
                shutdown,
            )
            .await
        })
    };
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
