//! The deployment files agree with the code: the compose stack creates the
//! worker's topics, exposes and scrapes its metrics port, and the image runs
//! the binary as a non-root user. (No Docker engine runs in CI; these checks
//! are what can be verified without one.)

use clap::Parser;
use newsworker::config::{Cli, Command};
use serde_norway::Value;

fn read(path: &str) -> String {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn compose() -> Value {
    serde_norway::from_str(&read("docker-compose.yml")).expect("docker-compose.yml is YAML")
}

fn run_defaults() -> newsworker::config::KafkaArgs {
    let cli = Cli::try_parse_from(["newsworker", "run"]).unwrap();
    match cli.command {
        Command::Run(args) => args.kafka,
        _ => unreachable!(),
    }
}

fn env_of<'a>(service: &'a Value, key: &str) -> Option<&'a str> {
    service["environment"][key].as_str()
}

#[test]
fn compose_creates_the_worker_topics() {
    let compose = compose();
    let init = &compose["services"]["kafka-init"];
    let script = init["command"][0]
        .as_str()
        .expect("kafka-init has a command script");
    let worker = &compose["services"]["newsworker"];
    let defaults = run_defaults();
    for (var, default) in [
        ("NEWSWORKER_INPUT_TOPIC", &defaults.input_topic),
        ("NEWSWORKER_EVENTS_TOPIC", &defaults.events_topic),
        ("NEWSWORKER_NORMALIZED_TOPIC", &defaults.normalized_topic),
        ("NEWSWORKER_DLQ_TOPIC", &defaults.dlq_topic),
    ] {
        let topic = env_of(worker, var).unwrap_or(default);
        assert!(
            script
                .split(|c: char| c.is_whitespace() || c == ';')
                .any(|w| w == topic),
            "kafka-init does not create {topic} ({var})"
        );
    }
}

#[test]
fn compose_exposes_and_scrapes_the_metrics_port() {
    let compose = compose();
    let worker = &compose["services"]["newsworker"];
    let addr = env_of(worker, "NEWSWORKER_METRICS_ADDR").expect("metrics address set");
    let port = addr.rsplit(':').next().unwrap();
    let ports: Vec<&str> = worker["ports"]
        .as_sequence()
        .expect("newsworker publishes ports")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        ports.iter().any(|p| p.ends_with(&format!(":{port}"))),
        "newsworker's ports {ports:?} do not publish the metrics port {port}"
    );
    let prometheus: Value = serde_norway::from_str(&read("deploy/prometheus.yml")).unwrap();
    let target = format!("newsworker:{port}");
    let targets: Vec<&str> = prometheus["scrape_configs"][0]["static_configs"][0]["targets"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        targets.contains(&target.as_str()),
        "prometheus scrapes {targets:?}, not {target}"
    );
    let mounts = format!("{:?}", compose["services"]["prometheus"]["volumes"]);
    assert!(
        mounts.contains("deploy/prometheus.yml"),
        "prometheus does not mount its config"
    );
}

#[test]
fn compose_points_the_worker_at_the_broker() {
    let compose = compose();
    let brokers = env_of(&compose["services"]["newsworker"], "NEWSWORKER_BROKERS").unwrap();
    let advertised = env_of(&compose["services"]["kafka"], "KAFKA_ADVERTISED_LISTENERS").unwrap();
    assert!(
        advertised.contains(&format!("//{brokers}")),
        "worker uses {brokers}, broker advertises {advertised}"
    );
    assert!(env_of(&compose["services"]["kafka"], "KAFKA_PROCESS_ROLES")
        .unwrap()
        .contains("controller"));
}

#[test]
fn dockerfile_is_multi_stage_and_runs_as_non_root() {
    let dockerfile = read("deploy/Dockerfile");
    let froms = dockerfile
        .lines()
        .filter(|l| l.starts_with("FROM "))
        .count();
    assert!(froms >= 2, "expected a multi-stage build");
    let user = dockerfile
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("the run stage sets USER");
    assert!(
        !user.starts_with("root") && !user.starts_with("0"),
        "runs as {user}"
    );
    assert!(dockerfile.contains("EXPOSE 9090"));
    assert!(dockerfile.contains("--bin newsworker"));
}
