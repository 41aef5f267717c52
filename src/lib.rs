//! newsworker: a streaming Kafka worker for news.
//!
//! The pipeline, one stage per module:
//!
//! ```text
//!  kafka::source ──► pipeline::process ─────────────────────────────► kafka::sink
//!   (consumer,        normalize  (bytes → clean text)                 (events, normalised
//!    offsets)         extract    (text → PLOVER/CAMEO events)          articles, dead letters)
//! ```
//!
//! - [`pipeline`]: the pure per-message function `(bytes, headers, position) → Outcome`.
//! - [`normalize`]: decoding, mojibake repair, HTML, NFC and whitespace, language, dates, URLs.
//! - [`extract`]: sentences, gazetteer, data-driven rules, roles, modality.
//! - [`records`]: the output record shapes (`newsworker.article/v1`, `newsworker.event/v1`)
//!   and the dead-letter `ErrorKind`; [`ids`]: deterministic article and event ids.
//! - [`kafka`]: consumer, producer, the worker loop and the demo cluster.
//! - [`config`]: command line and environment, validated before anything starts.
//! - [`metrics`]: the Prometheus registry; [`http`]: `/metrics`, `/livez`, `/readyz`.
//! - [`shutdown`]: signal → readiness off → drain → commit.
//! - [`offline`]: the `extract` and `normalize` commands (JSONL in, JSONL out).
//! - [`eval`]: scoring extracted events against gold-coded sentences (the `eval` example).
//! - [`loadgen`]: `newsworker loadgen`, realistic generated articles for load tests.

pub mod config;
pub mod eval;
pub mod extract;
pub mod http;
pub mod ids;
pub mod kafka;
pub mod loadgen;
pub mod metrics;
pub mod normalize;
pub mod offline;
pub mod pipeline;
pub mod records;
pub mod shutdown;
