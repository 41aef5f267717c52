#!/usr/bin/env bash
# newsworker's normaliser vs Python's ftfy, side by side on one generated corpus
# in one run: throughput (MB/s, single core) of the repair function and of the
# `normalize --no-events` command, and how often they agree.
#
#   scripts/bench-ftfy.sh [ARTICLES]     (default 2000: half clean, half damaged)
#
# ftfy is installed from PyPI into a throwaway virtualenv under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-2000}"
dir=target/bench-ftfy
mkdir -p "$dir"

if [ ! -x "$dir/venv/bin/python" ]; then
    python3 -m venv "$dir/venv"
    "$dir/venv/bin/pip" install --quiet --disable-pip-version-check ftfy
fi

python3 scripts/bench-ftfy.py gen "$dir/corpus.jsonl" --articles "$n"
echo "corpus: $n articles, $(du -h "$dir/corpus.jsonl" | cut -f1)" >&2

cargo build --quiet --release --example normalize_bench --bin newsworker
# One core each, one after the other, so neither competes with the other.
taskset -c 0 target/release/examples/normalize_bench "$dir/corpus.jsonl" "$dir/newsworker.jsonl"
# The command a backfill runs: repair without the extractor, whole process timed.
taskset -c 0 python3 scripts/bench-ftfy.py cli target/release/newsworker "$dir/corpus.jsonl" "$dir/cli.json"
taskset -c 0 "$dir/venv/bin/python" scripts/bench-ftfy.py ftfy "$dir/corpus.jsonl" "$dir/ftfy.jsonl"
python3 scripts/bench-ftfy.py compare "$dir/corpus.jsonl" "$dir/newsworker.jsonl" "$dir/ftfy.jsonl" "$dir/cli.json"
