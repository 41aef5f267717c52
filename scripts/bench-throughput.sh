#!/usr/bin/env bash
# Throughput, Kafka tax, end-to-end latency and peak RSS of `newsworker run`,
# side by side with a no-processing passthrough and `newsworker extract`, on
# generated articles (`newsworker loadgen`) and a real Apache Kafka broker that
# the bench starts itself (the jars in scripts/kafka/target/libs; see tests/util).
#
#   scripts/bench-throughput.sh                        # 20,000 articles, 4 partitions, latency runs
#   scripts/bench-throughput.sh --scaling              # also 1/2/4/8 partitions and two workers
#   scripts/bench-throughput.sh --articles 5000 --no-latency
#   scripts/bench-throughput.sh --max-rate 1200 --worker 'one-slot=target/release/newsworker --cpu-slots 2'  # same offered load for both
#   scripts/bench-throughput.sh --worker 'before=/tmp/newsworker-old'   # compare a build side by side
#   scripts/bench-throughput.sh --worker 'lz4=target/release/newsworker -X compression.type=lz4'
#
# Output: Markdown tables on stdout (as pasted into BENCHMARKS.md); child logs in
# the temp directory named on stderr. Runs under `nice`: the figures are meant
# to be read as ratios of rows measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
exec nice cargo bench --bench throughput -- "$@"
