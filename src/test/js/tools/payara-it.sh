#!/usr/bin/env bash
# Starts the integration-test WAR (the product WAR + the test-only /test gateway + the conformance
# settings, as Deployments.productWar builds it) on Payara Micro, for running the JS suite by hand:
#   src/test/js/tools/payara-it.sh [port]      # then: SIO_URL=http://127.0.0.1:PORT/it/ npm test
# Builds with -Dsio.build.dir=target-dev so it does not disturb other builds. Stop: kill the printed pid.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
port="${1:-3100}"
build=target-dev
mvn -q -B -Dsio.build.dir="$build" -DskipTests package
work="$build/it-war"
rm -rf "$work" && mkdir -p "$work" && (cd "$work" && unzip -q ../socketio-jakarta.war)
mkdir -p "$work/WEB-INF/classes/dev/sio/it" "$work/WEB-INF/classes/META-INF"
cp "$build"/test-classes/dev/sio/it/TestGateway*.class "$work/WEB-INF/classes/dev/sio/it/"
printf 'socketio.conformance.enabled=true\nsocketio.ping-interval=300\nsocketio.ping-timeout=200\nsocketio.connect-timeout=1000\n' \
  > "$work/WEB-INF/classes/META-INF/microprofile-config.properties"
(cd "$work" && rm -f ../it.war && zip -q -r ../it.war .)
jar=$(find ~/.m2/repository/fish/payara/extras/payara-micro -name 'payara-micro-6.2025.10.jar' | head -1)
[ -n "$jar" ] || { mvn -q dependency:get -Dartifact=fish.payara.extras:payara-micro:6.2025.10; jar=$(find ~/.m2/repository/fish/payara/extras/payara-micro -name 'payara-micro-6.2025.10.jar' | head -1); }
log="$build/payara-it-$port.log"
java -jar "$jar" --nocluster --port "$port" --contextroot /it --deploy "$build/it.war" \
  --postbootcommandfile server-config/payara/post-boot-commands.asadmin > "$log" 2>&1 &
pid=$!
for _ in $(seq 120); do
  if curl -fsS "http://127.0.0.1:$port/it/socket.io/?EIO=4&transport=polling" >/dev/null 2>&1; then
    echo "ready: SIO_URL=http://127.0.0.1:$port/it/  pid=$pid  log=$log"; exit 0
  fi
  kill -0 "$pid" 2>/dev/null || { echo "Payara exited; see $log" >&2; exit 1; }
  sleep 1
done
echo "not ready after 120 s; see $log" >&2; kill "$pid"; exit 1
