//! `newsworker demo`: librdkafka's mock cluster in-process, the bundled sample
//! articles, the real worker loop.

use crate::config::DemoArgs;
use crate::pipeline::Pipeline;

use super::KafkaError;

pub fn run(_args: &DemoArgs, _pipeline: Pipeline) -> Result<(), KafkaError> {
    Err(KafkaError::NotBuilt("the demo"))
}
