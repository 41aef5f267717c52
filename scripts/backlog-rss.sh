#!/usr/bin/env bash
# Resident memory of `newsworker run` (default settings) with a backlog of
# COUNT articles waiting on the broker: starts a broker (scripts/kafka-broker.sh
# on PORT), produces the backlog with `newsworker loadgen`, starts the worker and
# samples its RSS, messages consumed, in-flight count and lag every 5 s for
# DURATION seconds, then stops both. Results on stdout (RELIABILITY.md has a run).
#
#   cargo build --release && scripts/backlog-rss.sh
#   BIN=target/release/newsworker COUNT=1000000 DURATION=300 PORT=19092 scripts/backlog-rss.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/newsworker}
COUNT=${COUNT:-1000000}
DURATION=${DURATION:-300}
PORT=${PORT:-19092}
METRICS=127.0.0.1:$((PORT + 100))
LOGS=$(mktemp -d -t newsworker-rss-XXXXXX)
PORT=$PORT CONTROLLER_PORT=$((PORT + 1)) setsid scripts/kafka-broker.sh >"$LOGS/broker.log" 2>&1 &
BROKER=$!
trap 'kill -TERM -- -"$BROKER" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do (echo >/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 1; done
sleep 5
start=$(date +%s)
"$BIN" loadgen --count "$COUNT" --seed 1 --brokers "127.0.0.1:$PORT" >"$LOGS/loadgen.log" 2>&1
echo "backlog: $COUNT articles produced in $(($(date +%s) - start)) s"
"$BIN" run --brokers "127.0.0.1:$PORT" --metrics-addr "$METRICS" >"$LOGS/worker.log" 2>&1 &
W=$!
echo "t_s rss_mb consumed in_flight lag"
for t in $(seq 0 5 "$DURATION"); do
  rss=$(awk '/VmRSS/ {print $2}' /proc/$W/status)
  m=$(curl -s "$METRICS/metrics" || true)
  consumed=$(echo "$m" | awk '/^newsworker_messages_consumed_total/ {print $2}')
  inflight=$(echo "$m" | awk '/^newsworker_in_flight_messages / {print $2}')
  lag=$(echo "$m" | awk '/^newsworker_consumer_lag/ {s += $2} END {print s}')
  echo "$t $((rss / 1024)) ${consumed:-0} ${inflight:-0} ${lag:-?}"
  sleep 5
done
echo "peak_rss_mb $(($(awk '/VmHWM/ {print $2}' /proc/$W/status) / 1024))"
kill -TERM "$W"
wait "$W" && echo "worker exit 0" || echo "worker exit $?"
echo "logs in $LOGS"
