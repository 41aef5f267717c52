//! `newsworker demo`: librdkafka's mock cluster in-process, the bundled sample
//! articles, the real worker loop.

use crate::config::DemoArgs;
use crate::pipeline::Pipeline;

use super::KafkaError;

pub async fn run(_args: &DemoArgs, _pipeline: Pipeline) -> Result<(), KafkaError> {
    Err(KafkaError::Io(std::io::Error::other("demo: not built yet")))
}
