#!/usr/bin/env bash
# Retakes docs/chat-page.png (the README's picture): builds the WAR, runs it on Payara Micro 6 in
# development mode on a free local port, drives the chat page in Debian's headless Chromium
# (tools/screenshot.mjs), stops Payara. Needs what ./test.sh installs (Java 17, Maven, npm, chromium).
#   src/test/js/tools/screenshot.sh [output.png]
set -euo pipefail
cd "$(dirname "$0")/../../../.."
out="$(realpath -m "${1:-docs/chat-page.png}")"
build="${SIO_BUILD_DIR:-target-shot}"
mvn -q -B -ntp -Dsio.build.dir="$build" -Dmaven.test.skip=true package
(cd src/test/js && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund)
jar=$(find ~/.m2/repository/fish/payara/extras/payara-micro -name 'payara-micro-6.2025.10.jar' | head -1)
[ -n "$jar" ] || { mvn -q dependency:get -Dartifact=fish.payara.extras:payara-micro:6.2025.10; jar=$(find ~/.m2/repository/fish/payara/extras/payara-micro -name 'payara-micro-6.2025.10.jar' | head -1); }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log="$build/screenshot-payara.log"
SOCKETIO_AUTH_DEV_MODE=true java -jar "$jar" --nocluster --port "$port" --contextroot / \
  --deploy "$build/socketio-jakarta.war" --prebootcommandfile server-config/payara/pre-boot-commands.asadmin > "$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  curl -fsS "http://127.0.0.1:$port/socket.io/?EIO=4&transport=polling" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "Payara exited; see $log" >&2; exit 1; }
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/socket.io/?EIO=4&transport=polling" >/dev/null || { echo "not ready; see $log" >&2; exit 1; }
(cd src/test/js && node tools/screenshot.mjs "http://127.0.0.1:$port/" "$out")
