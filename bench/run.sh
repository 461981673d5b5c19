#!/usr/bin/env bash
# One command for the benchmark: our server (the WAR on Payara Micro 6, Payara
# Micro 7, WildFly 39) vs the Node reference (socket.io 4.8.4), taking turns,
# same load generator. See bench/README.md.
#
#   bench/run.sh                      # node + payara6, 3 runs, idle,connect,fanout,echo (< 10 min)
#   bench/run.sh --servers all        # node,payara6,payara7,wildfly, 3 runs (at most 36 min)
#   bench/run.sh --quick              # smoke test, small counts, 1 run
#   bench/run.sh --check              # harness check: two Node reference servers
#   bench/run.sh --servers node --runs 1 --scenarios fanout,echo
#   bench/run.sh --cluster            # fan-out through Redis across two nodes, ours vs Node (bench/cluster.mjs)
#   bench/run.sh --persistence        # room messages, chat store off vs H2 vs PostgreSQL (bench/persistence.mjs)
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

# the cluster scenario (issue 11) is its own script: two nodes of each kind on the local Redis;
# bounded at 15 minutes (two Payara start-ups per run on a loaded machine take most of it)
if [ "${1:-}" = "--cluster" ]; then
  shift
  exec timeout --signal=TERM --kill-after=20 900 node "$BENCH/cluster.mjs" "$@"
fi

# the persistence scenario (issue 13) is its own script too: three Payara start-ups (store off, H2,
# PostgreSQL); bounded at 15 minutes, the WAR build included (or --budget + 240 s, if longer)
if [ "${1:-}" = "--persistence" ]; then
  shift
  # a longer --budget (more runs) moves the limit with it: the last turn started still ends
  limit=900
  args=("$@")
  for ((i = 0; i < ${#args[@]} - 1; i++)); do
    if [ "${args[i]}" = "--budget" ] && [[ "${args[i+1]}" =~ ^[0-9]+$ ]] && [ $((args[i+1] + 240)) -gt $limit ]; then
      limit=$((args[i+1] + 240))
    fi
  done
  exec timeout --signal=TERM --kill-after=20 "$limit" node "$BENCH/persistence.mjs" "$@"
fi

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

# the whole command is bounded: the harness starts no new work after its
# budget (480 s for the default node+payara6 3-run session, more with more
# servers or runs: see --budget); this is the last-resort limit: 110 s later
# by default (590 s, under 10 minutes), 180 s later for longer sessions (the
# last scenario started, e.g. 10,000 idle connections on a loaded Java
# server, can take 100 s). Options it cannot parse: let it say so.
budget="$(node "$BENCH/harness.mjs" --print-budget "$@" 2>/dev/null || true)"
if [[ "$budget" =~ ^[0-9]+$ ]]; then
  if [ "$budget" -le 480 ]; then limit=$((budget + 110)); else limit=$((budget + 180)); fi
else
  limit=590
fi
exec timeout --signal=TERM --kill-after=20 "$limit" node "$BENCH/harness.mjs" "$@"
