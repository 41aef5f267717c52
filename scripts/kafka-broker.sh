#!/usr/bin/env bash
# Run a single-node Apache Kafka broker (KRaft) in the foreground, from the jars
# on Maven Central, for trying `newsworker run` by hand:
#
#   scripts/kafka-broker.sh            # PLAINTEXT on 127.0.0.1:9092, data in a temp dir
#   PORT=19092 scripts/kafka-broker.sh
#
# The tests do not use this script: tests/util.rs starts its own broker on a free port.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-9092}"
CONTROLLER_PORT="${CONTROLLER_PORT:-$((PORT + 1))}"
LIBS=scripts/kafka/target/libs
if ! ls "$LIBS"/kafka_2.13-*.jar >/dev/null 2>&1; then
  mvn -q -B -f scripts/kafka/pom.xml dependency:copy-dependencies
fi
DIR="$(mktemp -d -t newsworker-kafka-XXXXXX)"
trap 'rm -rf "$DIR"' EXIT
cat >"$DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DIR/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
JVM=(-Xms128m -Xmx512m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
java "${JVM[@]}" -cp "$LIBS/*" kafka.tools.StorageTool format \
  -t "$(java -cp "$LIBS/*" kafka.tools.StorageTool random-uuid)" \
  -c "$DIR/server.properties" --standalone >/dev/null
echo "Apache Kafka (KRaft) on 127.0.0.1:$PORT; data in $DIR; Ctrl-C stops it" >&2
java "${JVM[@]}" -cp "$LIBS/*" kafka.Kafka "$DIR/server.properties" &
BROKER=$!
# Forward Ctrl-C / SIGTERM to the broker, wait for it, then remove its data.
trap 'kill -TERM "$BROKER" 2>/dev/null' INT TERM
wait "$BROKER" || wait "$BROKER" || true
