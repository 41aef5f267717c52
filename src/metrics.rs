//! Prometheus metrics: one registry per worker, every family named `newsworker_*`,
//! base units (seconds, messages), `_total` counters, bounded labels.

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::pipeline::ErrorKind;
use crate::records::EventType;

/// Which output a record went to (bounded label for publish metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Article,
    Event,
    DeadLetter,
}

impl RecordKind {
    pub const ALL: [RecordKind; 3] = [
        RecordKind::Article,
        RecordKind::Event,
        RecordKind::DeadLetter,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Article => "article",
            RecordKind::Event => "event",
            RecordKind::DeadLetter => "dead_letter",
        }
    }
}

/// All metric families of one worker.
pub struct Metrics {
    registry: Registry,
    pub messages_consumed: IntCounter,
    pub consume_errors: IntCounter,
    pub articles: IntCounterVec,
    pub events: IntCounterVec,
    pub dead_letters: IntCounterVec,
    pub repairs: IntCounterVec,
    pub records_published: IntCounterVec,
    pub publish_errors: IntCounterVec,
    pub commit_errors: IntCounter,
    pub transactions: IntCounterVec,
    pub offset_store_errors: IntCounter,
    pub processing_seconds: Histogram,
    pub end_to_end_seconds: HistogramVec,
    pub consumer_lag: IntGaugeVec,
    pub assigned_partitions: IntGauge,
    pub in_flight: IntGauge,
    pub last_processed: prometheus::Gauge,
    pub rebalances: IntCounterVec,
    pub broker_connection_up: IntGaugeVec,
    pub brokers_connected: IntGauge,
    pub kafka_rebootstraps: IntCounterVec,
    pub ready: IntGauge,
    pub build_info: IntGaugeVec,
}

impl Metrics {
    /// Registers every family; `extractor_version` goes into `newsworker_build_info`.
    pub fn new(extractor_version: &str) -> Metrics {
        let registry = Registry::new();
        let m = Metrics {
            messages_consumed: IntCounter::new(
                "newsworker_messages_consumed_total",
                "Input messages received from Kafka.",
            )
            .expect("valid metric"),
            consume_errors: IntCounter::new(
                "newsworker_consume_errors_total",
                "Errors reported by the consumer while fetching.",
            )
            .expect("valid metric"),
            articles: IntCounterVec::new(
                Opts::new(
                    "newsworker_articles_total",
                    "Input messages processed, by outcome (accepted or rejected).",
                ),
                &["outcome"],
            )
            .expect("valid metric"),
            events: IntCounterVec::new(
                Opts::new(
                    "newsworker_events_total",
                    "Events extracted, by PLOVER event type.",
                ),
                &["event_type"],
            )
            .expect("valid metric"),
            dead_letters: IntCounterVec::new(
                Opts::new(
                    "newsworker_dead_letters_total",
                    "Inputs sent to the dead-letter topic, by error kind.",
                ),
                &["kind"],
            )
            .expect("valid metric"),
            repairs: IntCounterVec::new(
                Opts::new(
                    "newsworker_repairs_total",
                    "Text repairs applied to accepted articles, by kind.",
                ),
                &["kind"],
            )
            .expect("valid metric"),
            records_published: IntCounterVec::new(
                Opts::new(
                    "newsworker_records_published_total",
                    "Records acknowledged by the broker, by record kind.",
                ),
                &["record"],
            )
            .expect("valid metric"),
            publish_errors: IntCounterVec::new(
                Opts::new(
                    "newsworker_publish_errors_total",
                    "Failed produce attempts (each is retried), by record kind.",
                ),
                &["record"],
            )
            .expect("valid metric"),
            commit_errors: IntCounter::new(
                "newsworker_commit_errors_total",
                "Failed offset commits.",
            )
            .expect("valid metric"),
            transactions: IntCounterVec::new(
                Opts::new(
                    "newsworker_transactions_total",
                    "Kafka transactions ended (--guarantee exactly-once), by result.",
                ),
                &["result"],
            )
            .expect("valid metric"),
            offset_store_errors: IntCounter::new(
                "newsworker_offset_store_errors_total",
                "Offsets that could not be stored for commit (e.g. partition already revoked).",
            )
            .expect("valid metric"),
            processing_seconds: Histogram::with_opts(
                HistogramOpts::new(
                    "newsworker_processing_duration_seconds",
                    "Time to decode, normalise and extract one message.",
                )
                .buckets(vec![
                    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                    0.5, 1.0, 2.5,
                ]),
            )
            .expect("valid metric"),
            end_to_end_seconds: HistogramVec::new(
                HistogramOpts::new(
                    "newsworker_end_to_end_latency_seconds",
                    "From the input message's Kafka timestamp to the broker acknowledging every output.",
                )
                .buckets(vec![
                    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
                    300.0, 900.0,
                ]),
                &["outcome"],
            )
            .expect("valid metric"),
            consumer_lag: IntGaugeVec::new(
                Opts::new(
                    "newsworker_consumer_lag_messages",
                    "Messages behind the high watermark per assigned partition (librdkafka statistics).",
                ),
                &["topic", "partition"],
            )
            .expect("valid metric"),
            assigned_partitions: IntGauge::new(
                "newsworker_assigned_partitions",
                "Input partitions currently assigned to this worker.",
            )
            .expect("valid metric"),
            in_flight: IntGauge::new(
                "newsworker_in_flight_messages",
                "Input messages received but not yet fully published and stored.",
            )
            .expect("valid metric"),
            last_processed: prometheus::Gauge::new(
                "newsworker_last_processed_timestamp_seconds",
                "Unix time when an input message was last fully published.",
            )
            .expect("valid metric"),
            rebalances: IntCounterVec::new(
                Opts::new(
                    "newsworker_rebalances_total",
                    "Consumer group rebalances seen, by kind (assign, revoke, error).",
                ),
                &["kind"],
            )
            .expect("valid metric"),
            broker_connection_up: IntGaugeVec::new(
                Opts::new(
                    "newsworker_broker_connection_up",
                    "1 while the consumer's connection to this broker is up, 0 while it is down or \
                     reconnecting (librdkafka statistics; brokers never contacted are not listed).",
                ),
                &["broker"],
            )
            .expect("valid metric"),
            brokers_connected: IntGauge::new(
                "newsworker_brokers_connected",
                "Brokers the consumer currently has an open connection to (0: Kafka unreachable).",
            )
            .expect("valid metric"),
            kafka_rebootstraps: IntCounterVec::new(
                Opts::new(
                    "newsworker_kafka_rebootstraps_total",
                    "Times a Kafka client was left knowing no broker and the worker gave it its \
                     seed broker list again, by client (consumer, producer).",
                ),
                &["client"],
            )
            .expect("valid metric"),
            ready: IntGauge::new(
                "newsworker_ready",
                "1 when /readyz answers 200 (partitions assigned, not shutting down), as of this scrape.",
            )
            .expect("valid metric"),
            build_info: IntGaugeVec::new(
                Opts::new(
                    "newsworker_build_info",
                    "Always 1; labels say which build is running.",
                ),
                &["version", "extractor_version"],
            )
            .expect("valid metric"),
            registry,
        };
        m.register_all();
        m.build_info
            .with_label_values(&[env!("CARGO_PKG_VERSION"), extractor_version])
            .set(1);
        // Pre-create the bounded label values so dashboards see zeros, not gaps.
        for outcome in ["accepted", "rejected"] {
            m.articles.with_label_values(&[outcome]);
            m.end_to_end_seconds.with_label_values(&[outcome]);
        }
        for t in EventType::ALL {
            m.events.with_label_values(&[t.as_str()]);
        }
        for k in ErrorKind::ALL {
            m.dead_letters.with_label_values(&[k.as_str()]);
        }
        for r in RecordKind::ALL {
            m.records_published.with_label_values(&[r.as_str()]);
            m.publish_errors.with_label_values(&[r.as_str()]);
        }
        for r in ["committed", "aborted"] {
            m.transactions.with_label_values(&[r]);
        }
        for k in ["assign", "revoke", "error"] {
            m.rebalances.with_label_values(&[k]);
        }
        for c in ["consumer", "producer"] {
            m.kafka_rebootstraps.with_label_values(&[c]);
        }
        m
    }

    fn register_all(&self) {
        let r = &self.registry;
        let collectors: Vec<Box<dyn prometheus::core::Collector>> = vec![
            Box::new(self.messages_consumed.clone()),
            Box::new(self.consume_errors.clone()),
            Box::new(self.articles.clone()),
            Box::new(self.events.clone()),
            Box::new(self.dead_letters.clone()),
            Box::new(self.repairs.clone()),
            Box::new(self.records_published.clone()),
            Box::new(self.publish_errors.clone()),
            Box::new(self.commit_errors.clone()),
            Box::new(self.transactions.clone()),
            Box::new(self.offset_store_errors.clone()),
            Box::new(self.processing_seconds.clone()),
            Box::new(self.end_to_end_seconds.clone()),
            Box::new(self.consumer_lag.clone()),
            Box::new(self.assigned_partitions.clone()),
            Box::new(self.in_flight.clone()),
            Box::new(self.last_processed.clone()),
            Box::new(self.rebalances.clone()),
            Box::new(self.broker_connection_up.clone()),
            Box::new(self.brokers_connected.clone()),
            Box::new(self.kafka_rebootstraps.clone()),
            Box::new(self.ready.clone()),
            Box::new(self.build_info.clone()),
        ];
        for c in collectors {
            r.register(c).expect("metric names are unique");
        }
    }

    /// Connection state per broker from librdkafka's statistics, as
    /// `(name, node id, state)`. Bootstrap and internal entries (node id < 0)
    /// are skipped, and so are brokers still in `INIT` (never needed yet), so
    /// an idle broker of a big cluster does not read as unreachable.
    /// A broker the client has dropped (librdkafka removes those a Metadata
    /// response leaves out) loses its series.
    pub fn observe_brokers<'a>(&self, brokers: impl IntoIterator<Item = (&'a str, i32, &'a str)>) {
        let mut connected = 0;
        let mut listed = std::collections::HashSet::new();
        for (name, nodeid, state) in brokers {
            if nodeid < 0 {
                continue;
            }
            listed.insert(name.to_string());
            if state == "INIT" {
                let _ = self.broker_connection_up.remove_label_values(&[name]);
                continue;
            }
            // UPDATE: up, with a metadata refresh under way; every other state
            // (DOWN, TRY_CONNECT, CONNECT, AUTH*, APIVERSION_QUERY) is not serving.
            let up = matches!(state, "UP" | "UPDATE");
            self.broker_connection_up
                .with_label_values(&[name])
                .set(i64::from(up));
            connected += i64::from(up);
        }
        use prometheus::core::Collector as _;
        for family in self.broker_connection_up.collect() {
            for m in family.get_metric() {
                for label in m.get_label() {
                    if label.name() == "broker" && !listed.contains(label.value()) {
                        let _ = self
                            .broker_connection_up
                            .remove_label_values(&[label.value()]);
                    }
                }
            }
        }
        self.brokers_connected.set(connected);
    }

    /// The Prometheus text exposition of every family.
    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        // Encoding into a Vec only fails on invalid metric data, which the
        // constructors above rule out.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buf);
        String::from_utf8(buf).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_all_families_with_prefix() {
        let m = Metrics::new("test");
        m.messages_consumed.inc();
        let text = m.render();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            assert!(line.starts_with("newsworker_"), "{line}");
        }
        assert!(text.contains("newsworker_messages_consumed_total 1"));
        assert!(text.contains("newsworker_build_info{"));
        assert!(text.contains("newsworker_events_total{event_type=\"REJECT\"} 0"));
    }

    #[test]
    fn names_follow_prometheus_conventions() {
        let m = Metrics::new("test");
        m.consumer_lag.with_label_values(&["t", "0"]).set(3);
        m.repairs.with_label_values(&["html"]).inc(); // families without samples are not exposed
        m.observe_brokers([("b:9092/1", 1, "UP")]);
        let text = m.render();
        let mut families = 0;
        for line in text.lines().filter(|l| l.starts_with("# TYPE ")) {
            let mut parts = line.split_whitespace().skip(2);
            let (name, kind) = (parts.next().unwrap(), parts.next().unwrap());
            families += 1;
            match kind {
                "counter" => assert!(name.ends_with("_total"), "{name}"),
                "histogram" => assert!(name.ends_with("_seconds"), "{name}: base unit"),
                "gauge" => assert!(!name.ends_with("_total"), "{name}"),
                other => panic!("{name}: unexpected type {other}"),
            }
        }
        assert_eq!(families, 23, "every family is registered and exposed");
    }

    #[test]
    fn broker_states_become_connection_gauges() {
        let m = Metrics::new("test");
        let text = m.render();
        assert!(
            text.contains("newsworker_brokers_connected 0"),
            "present from the start"
        );
        m.observe_brokers([
            ("127.0.0.1:9092/bootstrap", -1, "UP"),
            ("GroupCoordinator", -1, "UP"),
            ("kafka-1:9092/1", 1, "UP"),
            ("kafka-2:9092/2", 2, "UPDATE"),
            ("kafka-3:9092/3", 3, "INIT"),
        ]);
        let text = m.render();
        assert!(text.contains("newsworker_brokers_connected 2"), "{text}");
        assert!(text.contains("newsworker_broker_connection_up{broker=\"kafka-1:9092/1\"} 1"));
        assert!(!text.contains("kafka-3"), "never contacted: not listed");
        assert!(!text.contains("/bootstrap"), "bootstrap entries skipped");
        // The broker goes away: librdkafka reports DOWN, then tries to reconnect.
        m.observe_brokers([
            ("kafka-1:9092/1", 1, "DOWN"),
            ("kafka-2:9092/2", 2, "CONNECT"),
        ]);
        let text = m.render();
        assert!(text.contains("newsworker_brokers_connected 0"), "{text}");
        assert!(text.contains("newsworker_broker_connection_up{broker=\"kafka-1:9092/1\"} 0"));
        assert!(text.contains("newsworker_broker_connection_up{broker=\"kafka-2:9092/2\"} 0"));
        // A Metadata response without kafka-1: the client drops it.
        m.observe_brokers([("kafka-2:9092/2", 2, "UP")]);
        let text = m.render();
        assert!(!text.contains("kafka-1"), "{text}");
        assert!(text.contains("newsworker_brokers_connected 1"), "{text}");
    }
}
