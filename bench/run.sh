#!/usr/bin/env bash
# One command for the benchmark: our server (Payara Micro) vs the Node reference
# (socket.io 4.8.4), alternating, same load generator. See bench/README.md.
#
#   bench/run.sh                      # full: node+java, 3 runs, idle,connect,fanout,echo
#   bench/run.sh --quick              # smoke test, small counts, 1 run
#   bench/run.sh --check              # harness check: "java" side = second Node server
#   bench/run.sh --servers node --runs 1 --scenarios fanout,echo
#   bench/run.sh --help               # all options
#
# Writes bench/results/results-<date>.jsonl, latest.md, latest.png.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# idle connections need file descriptors on both ends
hard="$(ulimit -Hn)"
if [ "$hard" = "unlimited" ] || [ "$hard" -gt 65536 ]; then hard=65536; fi
ulimit -n "$hard" || true
if [ "$(ulimit -n)" -lt 12000 ]; then
  echo "warning: ulimit -n is $(ulimit -n); 10,000 idle connections need more (try --idle-conns 4000)" >&2
fi

# node dependencies (pinned in package-lock.json)
for d in node-server loadgen; do
  if [ ! -d "$BENCH/$d/node_modules" ]; then
    (cd "$BENCH/$d" && npm ci --no-audit --no-fund --silent)
  fi
done

# chart: gnuplot from Debian if missing (needs root; otherwise no chart)
if ! command -v gnuplot >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing gnuplot-nox for the chart" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox) >/dev/null 2>&1 \
      || echo "warning: could not install gnuplot-nox: no chart" >&2
  else
    echo "warning: gnuplot not found: no chart (apt-get install gnuplot-nox)" >&2
  fi
fi

# the whole command is bounded: the harness stops starting work after --budget
# seconds (default 540); this is the last-resort limit
exec timeout --signal=TERM --kill-after=20 590 node "$BENCH/harness.mjs" "$@"
