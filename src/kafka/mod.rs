//! Stages 1 and 4: the Kafka consumer (source) and producer (sink), the worker
//! loop between them, and the in-process demo cluster.

pub mod demo;

use thiserror::Error;

use crate::config::KafkaArgs;
use crate::pipeline::Pipeline;

#[derive(Debug, Error)]
pub enum KafkaError {
    #[error("kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    #[error("not built yet: {0}")]
    NotBuilt(&'static str),
}

/// Run the worker until SIGTERM/SIGINT.
pub fn run(_args: KafkaArgs, _pipeline: Pipeline) -> Result<(), KafkaError> {
    Err(KafkaError::NotBuilt("the Kafka worker"))
}
