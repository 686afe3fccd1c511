#!/usr/bin/env bash
# Time `make demo` on a fresh clone of the current commit: virtualenv, install, demo site,
# 60-day single-run backfill, summary. Usage: benchmarks/fresh_demo.sh [WORKDIR]
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
workdir=${1:-$(mktemp -d)}
rm -rf "$workdir/akhbar"
git clone --quiet "$repo" "$workdir/akhbar"
cd "$workdir/akhbar"
start=$(date +%s.%N)
make demo > demo.log 2>&1
end=$(date +%s.%N)
grep -A8 "Articles per outlet" demo.log
printf 'make demo on a fresh clone: %.1f s (commit %s)\n' "$(python3 -c "print($end - $start)")" \
    "$(git rev-parse --short HEAD)"
