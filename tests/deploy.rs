//! The deployment files agree with the code and with each other: the compose
//! stack, the Kubernetes manifests (deploy/k8s), the alerting rules
//! (deploy/prometheus) and the Grafana provisioning. No Docker engine or
//! Kubernetes API runs in CI, and kubeconform's schemas cannot be fetched there,
//! so real validators that work offline stand in: `docker-compose config`
//! (Debian's docker-compose 1.29) for the compose file, kubernetes-validate
//! (PyPI; it bundles the Kubernetes API's JSON schemas) for the built-in
//! Kubernetes kinds, `promtool check rules` and `promtool test rules` (Debian's
//! prometheus) for the alerts; each is required under CI=true. Beyond schemas,
//! every manifest is parsed and each port, probe path, image, environment
//! variable and topic checked against the code's own defaults and parser.
//!
//! The container image itself is built and run by scripts/container-test.sh
//! (tests/container.rs); metric names against a real scrape are checked in
//! tests/observability.rs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use clap::{CommandFactory, Parser};
use newsworker::config::{Cli, Command as Sub, KafkaArgs};
use serde_norway::Value;

fn path(rel: &str) -> String {
    format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    let full = path(rel);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn yaml(rel: &str) -> Value {
    let mut v: Value =
        serde_norway::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel} is not YAML: {e}"));
    v.apply_merge().unwrap();
    v
}

fn compose() -> Value {
    yaml("docker-compose.yml")
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The `run` subcommand's settings parsed from `NEWSWORKER_*` variables, mapped
/// to their flags (no process environment is touched), so the parser's own
/// validation (durations, addresses, enums) judges the deployment's values.
fn run_args_from_env(vars: &BTreeMap<String, String>) -> Result<KafkaArgs, String> {
    let cmd = Cli::command();
    let run = cmd.find_subcommand("run").expect("run subcommand");
    let mut argv = vec!["newsworker".to_string(), "run".to_string()];
    for (k, v) in vars {
        // Global options (--log-format) live on the top-level command.
        let arg = run
            .get_arguments()
            .chain(cmd.get_arguments())
            .find(|a| a.get_env().is_some_and(|e| e == k.as_str()))
            .ok_or_else(|| format!("{k} is not an environment variable of `newsworker run`"))?;
        match arg.get_long() {
            Some(long) => {
                argv.push(format!("--{long}"));
                argv.push(v.clone());
            }
            // NEWSWORKER_RDKAFKA: read from the environment only; its format is
            // checked by the config module's own tests.
            None => continue,
        }
    }
    match Cli::try_parse_from(&argv) {
        Ok(Cli {
            command: Sub::Run(args),
            ..
        }) => Ok(args.kafka),
        Ok(_) => unreachable!(),
        Err(e) => Err(format!("{argv:?}: {e}")),
    }
}

fn run_defaults() -> KafkaArgs {
    run_args_from_env(&BTreeMap::new()).unwrap()
}

fn env_map(v: &Value) -> BTreeMap<String, String> {
    v.as_mapping()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(s) => s.clone(),
                        other => serde_norway::to_string(other).unwrap().trim().to_string(),
                    };
                    (k.as_str().unwrap().to_string(), v)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_sequence()
        .map(|s| {
            s.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The uid the image's run stage switches to.
fn image_uid() -> i64 {
    let dockerfile = read("deploy/Dockerfile");
    let user = dockerfile
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("the run stage sets USER");
    user.split(':')
        .next()
        .unwrap()
        .parse()
        .expect("numeric USER")
}

// ---- compose -------------------------------------------------------------------

fn compose_workers(compose: &Value) -> Vec<(String, Value)> {
    compose["services"]
        .as_mapping()
        .unwrap()
        .iter()
        .filter(|(_, s)| s["build"]["dockerfile"].as_str() == Some("deploy/Dockerfile"))
        .map(|(k, s)| (k.as_str().unwrap().to_string(), s.clone()))
        .collect()
}

#[test]
fn compose_runs_two_replicas_of_one_group_with_valid_settings() {
    let compose = compose();
    let workers = compose_workers(&compose);
    assert_eq!(workers.len(), 2, "two worker replicas");
    let groups: BTreeSet<String> = workers
        .iter()
        .map(|(name, w)| {
            let env = env_map(&w["environment"]);
            let args = run_args_from_env(&env).unwrap_or_else(|e| panic!("{name}: {e}"));
            args.group
        })
        .collect();
    assert_eq!(groups.len(), 1, "both replicas in one consumer group");
    for (name, w) in &workers {
        let grace = w["stop_grace_period"].as_str().expect("stop_grace_period");
        let grace: u64 = grace.trim_end_matches('s').parse().unwrap();
        let drain = run_args_from_env(&env_map(&w["environment"]))
            .unwrap()
            .drain_timeout;
        assert!(
            Duration::from_secs(grace) > drain,
            "{name}: stop_grace_period {grace}s is not over the drain timeout {drain:?}"
        );
        assert_eq!(
            w["read_only"].as_bool(),
            Some(true),
            "{name}: read-only root"
        );
    }
}

/// A real schema check of the compose file: `docker-compose config` (Debian's
/// docker-compose 1.29, which needs no Docker engine for it). Its schema
/// predates the top-level `name`, which is left out of the copy it reads.
#[test]
fn compose_file_passes_docker_compose_validation() {
    let ok = Command::new("docker-compose")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !ci(),
            "CI=true and docker-compose is not installed (apt-get install docker-compose)"
        );
        eprintln!(
            "\n==========\nSKIPPING: docker-compose is not installed (apt-get install \
             docker-compose); with CI=true this is a failure\n=========="
        );
        return;
    }
    let text: String = read("docker-compose.yml")
        .lines()
        .filter(|l| !l.starts_with("name: "))
        .map(|l| format!("{l}\n"))
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("docker-compose.yml");
    std::fs::write(&file, text).unwrap();
    let out = Command::new("docker-compose")
        .arg("-f")
        .arg(&file)
        .arg("--project-directory")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .args(["config", "-q"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "docker-compose config: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn compose_creates_the_worker_topics() {
    let compose = compose();
    let script = compose["services"]["kafka-init"]["command"][0]
        .as_str()
        .expect("kafka-init has a command script");
    let words: Vec<&str> = script
        .split(|c: char| c.is_whitespace() || c == ';')
        .collect();
    for (name, w) in compose_workers(&compose) {
        let args = run_args_from_env(&env_map(&w["environment"])).unwrap();
        for topic in [
            &args.input_topic,
            &args.events_topic,
            &args.normalized_topic,
            &args.dlq_topic,
        ] {
            assert!(
                words.contains(&topic.as_str()),
                "{name}: kafka-init does not create {topic}"
            );
        }
    }
}

/// The partitions kafka-init gives each topic.
fn compose_partitions() -> i64 {
    let compose = compose();
    let script = compose["services"]["kafka-init"]["command"][0]
        .as_str()
        .unwrap()
        .to_string();
    let mut words = script.split_whitespace();
    words.find(|w| *w == "--partitions").expect("--partitions");
    words.next().unwrap().parse().unwrap()
}

#[test]
fn compose_scrapes_every_replica_and_loads_the_rules() {
    let compose = compose();
    let prometheus = yaml("deploy/prometheus/prometheus.yml");
    let targets = strs(&prometheus["scrape_configs"][0]["static_configs"][0]["targets"]);
    assert_eq!(
        prometheus["scrape_configs"][0]["job_name"].as_str(),
        Some("newsworker"),
        "the job name the alert rules match"
    );
    for (name, w) in compose_workers(&compose) {
        let args = run_args_from_env(&env_map(&w["environment"])).unwrap();
        let port = args.metrics_addr.port();
        let host = w["hostname"].as_str().unwrap_or(&name);
        let target = format!("{host}:{port}");
        assert!(
            targets.contains(&target),
            "prometheus scrapes {targets:?}, not {target}"
        );
        let ports = strs(&w["ports"]);
        assert!(
            ports.iter().any(|p| p.ends_with(&format!(":{port}"))),
            "{name} publishes {ports:?}, not the metrics port {port}"
        );
    }
    // The rules file Prometheus loads is the one in the repository's mount.
    let service = &compose["services"]["prometheus"];
    let mount = strs(&service["volumes"])
        .into_iter()
        .find(|v| v.starts_with("./deploy/prometheus:"))
        .expect("deploy/prometheus mounted");
    let dir = mount.split(':').nth(1).unwrap();
    let config_flag = format!("--config.file={dir}/prometheus.yml");
    assert!(strs(&service["command"]).contains(&config_flag));
    for rule_file in strs(&prometheus["rule_files"]) {
        let rel = rule_file
            .strip_prefix(&format!("{dir}/"))
            .unwrap_or_else(|| panic!("{rule_file} is not in the mounted {dir}"));
        assert!(Path::new(&path(&format!("deploy/prometheus/{rel}"))).exists());
    }
    assert!(
        !strs(&prometheus["rule_files"]).is_empty(),
        "no rule files loaded"
    );
}

#[test]
fn compose_points_the_workers_at_the_broker() {
    let compose = compose();
    let advertised = compose["services"]["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"]
        .as_str()
        .unwrap()
        .to_string();
    for (name, w) in compose_workers(&compose) {
        let args = run_args_from_env(&env_map(&w["environment"])).unwrap();
        assert!(
            advertised.contains(&format!("//{}", args.brokers)),
            "{name} uses {}, broker advertises {advertised}",
            args.brokers
        );
    }
}

#[test]
fn compose_producer_sends_the_bundled_samples() {
    let compose = compose();
    let producer = &compose["services"]["producer"];
    assert_eq!(producer["restart"].as_str(), Some("no"), "one-shot");
    let mount = strs(&producer["volumes"])
        .into_iter()
        .find(|v| v.starts_with("./data/samples:"))
        .expect("samples mounted");
    let dir = mount.split(':').nth(1).unwrap();
    let script = producer["command"][0].as_str().unwrap();
    let input = run_defaults().input_topic;
    assert!(script.contains(&format!("--topic {input}")), "{script}");
    for file in ["articles.jsonl", "malformed-truncated.json"] {
        assert!(
            script.contains(&format!("{dir}/{file}")),
            "{file} not produced"
        );
        assert!(Path::new(&path(&format!("data/samples/{file}"))).exists());
    }
}

#[test]
fn compose_provisions_grafana_with_the_dashboard_and_datasource() {
    let compose = compose();
    let grafana = &compose["services"]["grafana"];
    let volumes = strs(&grafana["volumes"]);
    let target = |src: &str| {
        volumes
            .iter()
            .find(|v| v.starts_with(src))
            .unwrap_or_else(|| panic!("{src} not mounted: {volumes:?}"))
            .split(':')
            .nth(1)
            .unwrap()
            .to_string()
    };
    assert_eq!(
        target("./deploy/grafana/provisioning:"),
        "/etc/grafana/provisioning"
    );
    let dashboards = target("./deploy/grafana/dashboards:");
    let provider = yaml("deploy/grafana/provisioning/dashboards/newsworker.yml");
    assert_eq!(
        provider["providers"][0]["options"]["path"].as_str(),
        Some(dashboards.as_str())
    );
    let datasource = yaml("deploy/grafana/provisioning/datasources/prometheus.yml");
    let ds = &datasource["datasources"][0];
    let prometheus_port = strs(&compose["services"]["prometheus"]["ports"])[0]
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        ds["url"].as_str(),
        Some(format!("http://prometheus:{prometheus_port}").as_str())
    );
    // Every panel and variable uses the provisioned datasource's uid.
    let dashboard: serde_json::Value =
        serde_json::from_str(&read("deploy/grafana/dashboards/newsworker.json")).unwrap();
    let uid = ds["uid"].as_str().unwrap();
    let mut refs = 0;
    walk_json(&dashboard, &mut |k, v| {
        if k == "datasource" {
            assert_eq!(v["uid"].as_str(), Some(uid), "datasource {v}");
            refs += 1;
        }
    });
    assert!(refs > 10);
}

fn walk_json(v: &serde_json::Value, f: &mut impl FnMut(&str, &serde_json::Value)) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                f(k, x);
                walk_json(x, f);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| walk_json(x, f)),
        _ => {}
    }
}

#[test]
fn dashboard_covers_what_an_operator_needs() {
    let dashboard: serde_json::Value =
        serde_json::from_str(&read("deploy/grafana/dashboards/newsworker.json")).unwrap();
    let mut exprs = Vec::new();
    walk_json(&dashboard, &mut |k, v| {
        if k == "expr" {
            exprs.push(v.as_str().unwrap().to_string());
        }
    });
    let all = exprs.join("\n");
    for (what, needle) in [
        ("throughput", "rate(newsworker_messages_consumed_total"),
        (
            "lag per partition",
            "by (topic, partition) (newsworker_consumer_lag_messages",
        ),
        (
            "dead letters by kind",
            "by (kind) (rate(newsworker_dead_letters_total",
        ),
        (
            "events by type",
            "by (event_type) (rate(newsworker_events_total",
        ),
        ("latency percentiles", "histogram_quantile(0.99"),
        (
            "end-to-end latency",
            "newsworker_end_to_end_latency_seconds_bucket",
        ),
        ("in-flight", "newsworker_in_flight_messages"),
        ("rebalances", "newsworker_rebalances_total"),
        (
            "repairs by kind",
            "by (kind) (rate(newsworker_repairs_total",
        ),
    ] {
        assert!(all.contains(needle), "no {what} panel ({needle})");
    }
    let ids: Vec<i64> = dashboard["panels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        ids.len(),
        ids.iter().collect::<BTreeSet<_>>().len(),
        "panel ids unique"
    );
}

// ---- image ---------------------------------------------------------------------

#[test]
fn dockerfile_is_multi_stage_and_runs_as_non_root() {
    let dockerfile = read("deploy/Dockerfile");
    let froms = dockerfile
        .lines()
        .filter(|l| l.starts_with("FROM "))
        .count();
    assert!(froms >= 2, "expected a multi-stage build");
    assert_ne!(image_uid(), 0, "runs as root");
    assert!(dockerfile.contains(&format!("EXPOSE {}", run_defaults().metrics_addr.port())));
    assert!(dockerfile.contains("--bin newsworker"));
}

// ---- Kubernetes ------------------------------------------------------------------

fn k8s(file: &str) -> Value {
    yaml(&format!("deploy/k8s/{file}"))
}

fn container() -> Value {
    k8s("deployment.yaml")["spec"]["template"]["spec"]["containers"][0].clone()
}

fn configmap_env() -> BTreeMap<String, String> {
    env_map(&k8s("configmap.yaml")["data"])
}

fn matches_pod(selector: &Value) {
    let pod_labels = k8s("deployment.yaml")["spec"]["template"]["metadata"]["labels"].clone();
    let wanted = selector["matchLabels"].as_mapping().expect("matchLabels");
    assert!(!wanted.is_empty());
    for (k, v) in wanted {
        assert_eq!(
            &pod_labels[k.as_str().unwrap()],
            v,
            "selector {k:?} does not match the pod"
        );
    }
}

#[test]
fn kustomization_lists_every_manifest_and_each_is_well_formed() {
    let kustomization = k8s("kustomization.yaml");
    let listed: BTreeSet<String> = strs(&kustomization["resources"]).into_iter().collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(path("deploy/k8s"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") && n != "kustomization.yaml")
        .collect();
    assert_eq!(
        listed, on_disk,
        "kustomization.yaml and deploy/k8s disagree"
    );
    let known: BTreeMap<&str, &str> = [
        ("ConfigMap", "v1"),
        ("Secret", "v1"),
        ("Service", "v1"),
        ("Deployment", "apps/v1"),
        ("PodDisruptionBudget", "policy/v1"),
        ("PodMonitor", "monitoring.coreos.com/v1"),
        ("PrometheusRule", "monitoring.coreos.com/v1"),
        ("ScaledObject", "keda.sh/v1alpha1"),
    ]
    .into();
    let mut kinds = BTreeSet::new();
    for file in &listed {
        let m = k8s(file);
        let kind = m["kind"]
            .as_str()
            .unwrap_or_else(|| panic!("{file}: no kind"));
        assert_eq!(
            m["apiVersion"].as_str(),
            known.get(kind).copied(),
            "{file}: apiVersion of {kind}"
        );
        assert_eq!(m["metadata"]["name"].as_str(), Some("newsworker"), "{file}");
        kinds.insert(kind.to_string());
    }
    assert_eq!(kinds.len(), known.len(), "one of each kind: {kinds:?}");
}

#[test]
fn k8s_configuration_is_valid_for_the_worker() {
    let env = configmap_env();
    let args = run_args_from_env(&env).unwrap_or_else(|e| panic!("configmap.yaml: {e}"));
    let secret = env_map(&k8s("secret.yaml")["stringData"]);
    assert!(!secret.is_empty());
    // Secret keys are worker variables too (validated for their names; the
    // values are placeholders).
    let cmd = Cli::command();
    let run = cmd.find_subcommand("run").unwrap();
    for k in secret.keys() {
        assert!(
            run.get_arguments()
                .chain(cmd.get_arguments())
                .any(|a| a.get_env().is_some_and(|e| e == k.as_str())),
            "secret key {k} is not read by the worker"
        );
    }
    // The deployment reads both.
    let c = container();
    let from: Vec<(&str, &str)> = c["envFrom"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|e| {
            if let Some(name) = e["configMapRef"]["name"].as_str() {
                ("ConfigMap", name)
            } else {
                ("Secret", e["secretRef"]["name"].as_str().unwrap())
            }
        })
        .collect();
    assert_eq!(
        from,
        [("ConfigMap", "newsworker"), ("Secret", "newsworker")]
    );
    assert_eq!(strs(&c["args"]), ["run"]);
    // The default topics, or what docker-compose.yml also uses.
    let defaults = run_defaults();
    assert_eq!(args.input_topic, defaults.input_topic);
    assert_eq!(args.events_topic, defaults.events_topic);
    assert_eq!(args.normalized_topic, defaults.normalized_topic);
    assert_eq!(args.dlq_topic, defaults.dlq_topic);
}

#[test]
fn k8s_deployment_ports_probes_and_image() {
    let args = run_args_from_env(&configmap_env()).unwrap();
    let c = container();
    let port = c["ports"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|p| p["name"].as_str() == Some("metrics"))
        .expect("a port named metrics");
    assert_eq!(
        port["containerPort"].as_u64(),
        Some(u64::from(args.metrics_addr.port()))
    );
    assert_eq!(
        c["livenessProbe"]["httpGet"]["path"].as_str(),
        Some("/livez")
    );
    assert_eq!(
        c["readinessProbe"]["httpGet"]["path"].as_str(),
        Some("/readyz")
    );
    for probe in ["livenessProbe", "readinessProbe"] {
        assert_eq!(
            c[probe]["httpGet"]["port"].as_str(),
            Some("metrics"),
            "{probe}"
        );
    }
    // The image compose builds, tagged with the crate's version.
    let image = c["image"].as_str().unwrap();
    let (repo, tag) = image.rsplit_once(':').unwrap();
    let compose = compose();
    let (_, worker) = &compose_workers(&compose)[0];
    let compose_repo = worker["image"]
        .as_str()
        .unwrap()
        .rsplit_once(':')
        .unwrap()
        .0
        .to_string();
    assert_eq!(repo, compose_repo);
    assert_eq!(tag, env!("CARGO_PKG_VERSION"));
    for r in ["requests", "limits"] {
        assert!(
            c["resources"][r]["memory"].as_str().is_some(),
            "resources.{r}.memory"
        );
    }
    assert!(c["resources"]["requests"]["cpu"].as_str().is_some());
}

/// The probe paths the manifests name are served by the real HTTP router:
/// /livez 200 at once, /readyz 503 before partitions, 200 with them.
#[test]
fn k8s_probe_paths_are_served_by_the_worker() {
    use newsworker::http::{bind, Health, Server};
    use std::sync::Arc;
    let c = container();
    let live = c["livenessProbe"]["httpGet"]["path"]
        .as_str()
        .unwrap()
        .to_string();
    let ready = c["readinessProbe"]["httpGet"]["path"]
        .as_str()
        .unwrap()
        .to_string();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let metrics = Arc::new(newsworker::metrics::Metrics::new("test"));
        let listener = bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = Server::spawn(
            listener,
            Health {
                metrics: metrics.clone(),
                shutdown: newsworker::shutdown::Shutdown::new(),
            },
        );
        let get = |p: String| tokio::task::spawn_blocking(move || status(addr, &p));
        assert_eq!(get(live.clone()).await.unwrap(), 200);
        assert_eq!(get(ready.clone()).await.unwrap(), 503);
        metrics.assigned_partitions.set(1);
        assert_eq!(get(ready).await.unwrap(), 200);
        assert_eq!(get("/metrics".into()).await.unwrap(), 200);
        server.stop().await;
    });
}

fn status(addr: std::net::SocketAddr, path: &str) -> u16 {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: t\r\n\r\n").unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    buf.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn k8s_security_context_and_shutdown_grace() {
    let deployment = k8s("deployment.yaml");
    let pod = &deployment["spec"]["template"]["spec"];
    let c = container();
    let sc = &c["securityContext"];
    assert_eq!(sc["readOnlyRootFilesystem"].as_bool(), Some(true));
    assert_eq!(sc["allowPrivilegeEscalation"].as_bool(), Some(false));
    assert_eq!(strs(&sc["capabilities"]["drop"]), ["ALL"]);
    assert_eq!(pod["securityContext"]["runAsNonRoot"].as_bool(), Some(true));
    assert_eq!(
        pod["securityContext"]["runAsUser"].as_i64(),
        Some(image_uid())
    );
    let drain = run_args_from_env(&configmap_env()).unwrap().drain_timeout;
    let grace = pod["terminationGracePeriodSeconds"].as_u64().unwrap();
    assert!(
        Duration::from_secs(grace) > drain,
        "terminationGracePeriodSeconds {grace} is not over the drain timeout {drain:?}"
    );
}

#[test]
fn k8s_service_monitor_and_budget_select_the_pods() {
    let service = k8s("service.yaml");
    let selector = &service["spec"]["selector"];
    let pod_labels = k8s("deployment.yaml")["spec"]["template"]["metadata"]["labels"].clone();
    for (k, v) in selector.as_mapping().unwrap() {
        assert_eq!(&pod_labels[k.as_str().unwrap()], v);
    }
    assert_eq!(
        service["spec"]["ports"][0]["targetPort"].as_str(),
        Some("metrics")
    );
    let args = run_args_from_env(&configmap_env()).unwrap();
    assert_eq!(
        service["spec"]["ports"][0]["port"].as_u64(),
        Some(u64::from(args.metrics_addr.port()))
    );
    let monitor = k8s("podmonitor.yaml");
    matches_pod(&monitor["spec"]["selector"]);
    let endpoint = &monitor["spec"]["podMetricsEndpoints"][0];
    assert_eq!(endpoint["port"].as_str(), Some("metrics"));
    assert_eq!(endpoint["path"].as_str(), Some("/metrics"));
    let pdb = k8s("poddisruptionbudget.yaml");
    matches_pod(&pdb["spec"]["selector"]);
    assert!(pdb["spec"]["maxUnavailable"]
        .as_u64()
        .is_some_and(|n| n >= 1));
    matches_pod(&k8s("deployment.yaml")["spec"]["selector"]);
}

#[test]
fn k8s_keda_scales_on_the_groups_lag_up_to_the_partition_count() {
    let so = k8s("scaledobject.yaml");
    let args = run_args_from_env(&configmap_env()).unwrap();
    assert_eq!(
        so["spec"]["scaleTargetRef"]["name"].as_str(),
        Some("newsworker")
    );
    let trigger = &so["spec"]["triggers"][0];
    assert_eq!(trigger["type"].as_str(), Some("kafka"));
    let meta = &trigger["metadata"];
    assert_eq!(meta["topic"].as_str(), Some(args.input_topic.as_str()));
    assert_eq!(meta["consumerGroup"].as_str(), Some(args.group.as_str()));
    assert_eq!(
        meta["bootstrapServers"].as_str(),
        Some(args.brokers.as_str())
    );
    assert_eq!(meta["allowIdleConsumers"].as_str(), Some("false"));
    assert!(
        meta["lagThreshold"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    let max = so["spec"]["maxReplicaCount"].as_i64().unwrap();
    let min = so["spec"]["minReplicaCount"].as_i64().unwrap();
    assert!(min >= 1 && min <= max);
    assert!(
        max <= compose_partitions(),
        "maxReplicaCount {max} over the input partitions {}",
        compose_partitions()
    );
}

/// A real schema validator: kubernetes-validate (PyPI), which bundles the
/// Kubernetes API's JSON schemas, so it works without network. `.ci/run`
/// installs it in a virtualenv and names it in `KUBERNETES_VALIDATE`.
fn kubernetes_validate() -> Option<Command> {
    let exe = std::env::var("KUBERNETES_VALIDATE").unwrap_or_else(|_| "kubernetes-validate".into());
    match Command::new(&exe).arg("--version").output() {
        Ok(o) if o.status.success() => Some(Command::new(exe)),
        _ if ci() => panic!("CI=true and {exe} is not installed (pip install kubernetes-validate)"),
        _ => {
            eprintln!(
                "\n==========\nSKIPPING: {exe} is not installed (pip install kubernetes-validate); \
                 with CI=true this is a failure\n=========="
            );
            None
        }
    }
}

/// Every built-in kind validates strictly (unknown fields are errors) against
/// the oldest Kubernetes the manifests need (1.31: the budget's
/// unhealthyPodEvictionPolicy is GA there) and the newest the validator knows.
/// The CRD kinds (PodMonitor, PrometheusRule, ScaledObject) have no bundled
/// schema; the cross-checks cover them.
#[test]
fn k8s_manifests_pass_kubernetes_schema_validation() {
    if kubernetes_validate().is_none() {
        return;
    }
    let dir = path("deploy/k8s");
    let files: Vec<String> = strs(&k8s("kustomization.yaml")["resources"]);
    for version in [None, Some("1.31.0")] {
        let mut cmd = kubernetes_validate().unwrap();
        // Options first: everything after the first file name is a file.
        cmd.arg("--strict").current_dir(&dir);
        if let Some(v) = version {
            cmd.args(["-k", v]);
        }
        cmd.args(&files);
        let out = cmd.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "kubernetes-validate {version:?}:\n{text}"
        );
        for file in &files {
            let kind = k8s(file)["kind"].as_str().unwrap().to_string();
            let validated = text
                .lines()
                .any(|l| l.contains(&format!("{file} passed for resource")));
            let crd = matches!(
                kind.as_str(),
                "PodMonitor" | "PrometheusRule" | "ScaledObject"
            );
            assert_eq!(validated, !crd, "{file} ({kind}) {version:?}:\n{text}");
        }
    }
}

// ---- alerting rules ------------------------------------------------------------

#[test]
fn k8s_prometheus_rule_carries_the_same_rules() {
    let rule = k8s("prometheusrule.yaml");
    assert_eq!(
        rule["spec"]["groups"],
        yaml("deploy/prometheus/alerts.yml")["groups"],
        "deploy/k8s/prometheusrule.yaml differs from deploy/prometheus/alerts.yml"
    );
}

/// `promtool`, or None outside CI when it is not installed.
fn promtool() -> Option<Command> {
    match Command::new("promtool").arg("--version").output() {
        Ok(o) if o.status.success() => Some(Command::new("promtool")),
        _ if ci() => panic!("CI=true and promtool is not installed (apt-get install prometheus)"),
        _ => {
            eprintln!(
                "\n==========\nSKIPPING: promtool is not installed (apt-get install prometheus); \
                 with CI=true this is a failure\n=========="
            );
            None
        }
    }
}

/// Run promtool in `dir`; panics with its output unless it succeeds.
fn promtool_ok(mut promtool: Command, args: &[&str], dir: &Path) {
    let out = promtool.args(args).current_dir(dir).output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "promtool {args:?}:\n{text}");
    assert!(text.contains("SUCCESS"), "{text}");
}

#[test]
fn promtool_checks_the_rules_and_the_prometheus_config() {
    let Some(promtool) = promtool() else { return };
    let dir = Path::new(&path("deploy/prometheus")).to_path_buf();
    promtool_ok(promtool, &["check", "rules", "alerts.yml"], &dir);
    // Compose's config, with the rules at their path in the repository
    // instead of the container's mount point.
    let tmp = tempfile::tempdir().unwrap();
    let config = read("deploy/prometheus/prometheus.yml").replace(
        "/etc/prometheus/alerts.yml",
        &dir.join("alerts.yml").display().to_string(),
    );
    std::fs::write(tmp.path().join("prometheus.yml"), config).unwrap();
    promtool_ok(
        Command::new("promtool"),
        &["check", "config", "prometheus.yml"],
        tmp.path(),
    );
}

#[test]
fn promtool_unit_tests_of_the_alerts_pass() {
    let Some(promtool) = promtool() else { return };
    let dir = Path::new(&path("deploy/prometheus")).to_path_buf();
    promtool_ok(promtool, &["test", "rules", "alerts.test.yml"], &dir);
}

#[test]
fn every_alert_has_a_runbook_and_a_firing_and_a_quiet_test_case() {
    let rules = yaml("deploy/prometheus/alerts.yml");
    let mut alerts = BTreeSet::new();
    for group in rules["groups"].as_sequence().unwrap() {
        for rule in group["rules"].as_sequence().unwrap() {
            let name = rule["alert"]
                .as_str()
                .expect("alerting rules only")
                .to_string();
            let runbook = rule["annotations"]["runbook"].as_str().unwrap_or("");
            assert!(runbook.len() > 80, "{name}: runbook too thin: {runbook:?}");
            assert!(
                rule["annotations"]["summary"].as_str().is_some(),
                "{name}: summary"
            );
            assert!(
                matches!(
                    rule["labels"]["severity"].as_str(),
                    Some("critical" | "warning")
                ),
                "{name}: severity"
            );
            assert!(alerts.insert(name.clone()), "{name} twice");
        }
    }
    let tests = yaml("deploy/prometheus/alerts.test.yml");
    let (mut fires, mut quiet) = (BTreeSet::new(), BTreeSet::new());
    for t in tests["tests"].as_sequence().unwrap() {
        for case in t["alert_rule_test"].as_sequence().into_iter().flatten() {
            let name = case["alertname"].as_str().unwrap().to_string();
            assert!(alerts.contains(&name), "test of unknown alert {name}");
            let expected = case["exp_alerts"].as_sequence().map_or(0, Vec::len);
            if expected > 0 { &mut fires } else { &mut quiet }.insert(name);
        }
    }
    assert_eq!(fires, alerts, "alerts without a firing case");
    assert_eq!(quiet, alerts, "alerts without a non-firing case");
    // The README explains each one.
    let readme = read("README.md");
    for a in &alerts {
        assert!(readme.contains(a.as_str()), "README does not explain {a}");
    }
}
