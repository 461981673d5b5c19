#!/usr/bin/env bash
# Soak test: the WAR on Payara Micro 6 (--nocluster), ~10,000 stock
# socket.io-client connections with churn for 10 minutes, sampling every
# minute the server's sessions, live heap after a full GC and threads; then a
# graceful stop of the server (SIGTERM), checked in its log.
#
#   bench/soak.sh                          # 600 s, 10,000 connections
#   bench/soak.sh --duration 120 --connections 1000 --label smoke
#   (any option of bench/soak/soak.mjs passes through)
#
# Writes bench/results/soak-<date>.json and .md; the server log goes to
# bench/work/logs/soak-<date>.log. Bounded: the load stops at --duration, the
# server gets --settle (120 s) to drop its sessions, the whole script is
# killed after duration + 600 s.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH")"
PAYARA_VERSION=6.2025.10

duration=600
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = "--duration" ]; then duration="${args[$((i + 1))]}"; fi
done

hard="$(ulimit -Hn)"
if [ "$hard" = "unlimited" ] || [ "$hard" -gt 65536 ]; then hard=65536; fi
ulimit -n "$hard" || true

[ -d "$BENCH/soak/node_modules" ] || (cd "$BENCH/soak" && npm ci --no-audit --no-fund --silent)

# SIO_WAR: a WAR built elsewhere (e.g. mvn -Dsio.build.dir=target-x package)
war="${SIO_WAR:-$REPO/target/socketio-jakarta.war}"
if [ ! -f "$war" ]; then
  (cd "$REPO" && mvn -B -ntp -q package -DskipTests)
fi
jar="$BENCH/work/payara-micro-$PAYARA_VERSION.jar"
if [ ! -f "$jar" ]; then
  mkdir -p "$BENCH/work"
  m2="$HOME/.m2/repository/fish/payara/extras/payara-micro/$PAYARA_VERSION/payara-micro-$PAYARA_VERSION.jar"
  if [ -f "$m2" ]; then cp "$m2" "$jar"
  else (cd "$BENCH" && mvn -B -q dependency:copy "-Dartifact=fish.payara.extras:payara-micro:$PAYARA_VERSION" "-DoutputDirectory=$BENCH/work"); fi
fi
java_bin="$(command -v java)"
jcmd_bin="$(dirname "$(readlink -f "$java_bin")")/jcmd"
[ -x "$jcmd_bin" ] || jcmd_bin=jcmd

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
stamp="$(date -u +%Y-%m-%dT%H-%M-%S)"
mkdir -p "$BENCH/work/logs" "$BENCH/results"
logfile="$BENCH/work/logs/soak-$stamp.log"
preboot=()
[ -f "$REPO/server-config/payara/pre-boot-commands.asadmin" ] && preboot=(--prebootcommandfile "$REPO/server-config/payara/pre-boot-commands.asadmin")

echo "soak: Payara Micro $PAYARA_VERSION on 127.0.0.1:$port, log $logfile"
# the bench gateway and /bench/stats on; development tokens so the WAR's chat gateway deploys
SOCKETIO_BENCH_ENABLED=true SOCKETIO_AUTH_DEV_MODE=true \
"$java_bin" -Xms64m -Xmx1g -Djava.net.preferIPv4Stack=true \
  -jar "$jar" --nocluster --port "$port" --contextroot / --deploy "$war" "${preboot[@]}" >"$logfile" 2>&1 &
pid=$!
stop_server() {
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT

# ready = the application answers (a failed deployment still logs "ready")
for _ in $(seq 1 180); do
  if curl -fsS "http://127.0.0.1:$port/bench/stats" >/dev/null 2>&1; then break; fi
  kill -0 "$pid" 2>/dev/null || { echo "soak: Payara exited; see $logfile" >&2; exit 1; }
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/bench/stats" >/dev/null || { echo "soak: /bench/stats does not answer; see $logfile" >&2; exit 1; }
echo "soak: server ready (pid $pid)"

timeout --signal=TERM --kill-after=20 "$((duration + 600))" \
  node "$BENCH/soak/soak.mjs" --url "http://127.0.0.1:$port" --pid "$pid" --jcmd "$jcmd_bin" \
  --out "$BENCH/results" "$@"

# a graceful stop: the server's shutdown runs from the application's context listener. A witness
# client stays connected over it and says what it saw (graceful: "transport close", code 1001)
witness_out="$BENCH/work/logs/soak-$stamp-witness.txt"
node "$BENCH/soak/witness.mjs" "http://127.0.0.1:$port/bench" >"$witness_out" 2>&1 &
witness=$!
for _ in $(seq 1 30); do grep -q connected "$witness_out" 2>/dev/null && break; sleep 1; done
t_stop=$(date +%s)
stop_server
trap - EXIT
echo "soak: server stopped in $(( $(date +%s) - t_stop )) s"
wait "$witness" 2>/dev/null || true
echo "soak: witness client: $(tr '\n' ' ' < "$witness_out")"
if grep -q "Socket.IO server stopped" "$logfile"; then
  echo "soak: shutdown logged: $(grep -o 'Socket.IO server stopped.*' "$logfile" | head -1)"
else
  echo "soak: no 'Socket.IO server stopped' line in the server log (logging may already be closed on SIGTERM; see the witness)"
fi
