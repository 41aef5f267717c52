#!/bin/sh
# Profile `newsworker run` under the throughput bench with perf's software clock
# (this VM has no hardware counters):
#
#   NW_BIN=target/release/newsworker NW_PERF=/tmp/perf-run.data \
#     scripts/bench-throughput.sh --no-latency --worker "perf=$PWD/scripts/perf-worker.sh" --backlog-only perf
#   perf report -i /tmp/perf-run.data --sort dso,symbol
#
# The bench starts this script in place of the worker and stops it with SIGTERM;
# it also runs the variant's own `extract` for its offline row, not profiled.
[ "$1" = run ] || exec "$NW_BIN" "$@"
"$NW_BIN" "$@" &
pid=$!
perf record -e cpu-clock -F 499 -p "$pid" -o "$NW_PERF" >/dev/null 2>&1 &
perfpid=$!
trap 'kill -TERM $pid' TERM
wait $pid
wait $pid
kill -INT $perfpid
wait $perfpid
exit 0
