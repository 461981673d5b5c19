#!/usr/bin/env bash
# Starts the integration-test WAR (the product WAR + the test-only /test, /secure and /recovery gateways + the
# conformance settings + token verification by a key pair made here, as Deployments.productWar
# builds it) on Payara Micro, for running the JS suite by hand:
#   src/test/js/tools/payara-it.sh [port]
#   source target-dev/it-auth.env              # the private key the suite signs tokens with
#   cd src/test/js && SIO_URL=http://127.0.0.1:PORT/it/ npm test
# With SIO_PARSER=msgpack the WAR speaks the msgpack parser (socketio.parser=msgpack): run the suite with
# the same SIO_PARSER=msgpack. With SIO_ALLOW_EIO3=true it accepts socket.io-client 2.x (socketio.allow-eio3), for
# the eio3/ folder: cd src/test/js && SIO_URL=... node --test eio3/
# Builds with -Dsio.build.dir=target-dev (or $SIO_BUILD_DIR) so it does not disturb other builds. Stop: kill the printed pid.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
port="${1:-3100}"
build="${SIO_BUILD_DIR:-target-dev}"
mvn -q -B ${MVN_OFFLINE:+-o} -Dsio.build.dir="$build" -DskipTests package
work="$build/it-war"
rm -rf "$work" && mkdir -p "$work" && (cd "$work" && unzip -q ../socketio-jakarta.war)
mkdir -p "$work/WEB-INF/classes/dev/sio/it" "$work/WEB-INF/classes/META-INF"
cp "$build"/test-classes/dev/sio/it/TestGateway*.class "$build"/test-classes/dev/sio/it/SecureTestGateway*.class \
  "$build"/test-classes/dev/sio/it/DiagnosticsGateway*.class \
  "$build"/test-classes/dev/sio/it/RecoveryTestGateway*.class "$build"/test-classes/dev/sio/it/TenantTestGateway*.class \
  "$work/WEB-INF/classes/dev/sio/it/"
# an RSA key pair for this run: the public half (a JWKS with a kid) for the server, the private half for the suite
keys=$(node --input-type=module -e '
import { generateKeyPairSync, randomUUID } from "node:crypto";
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const kid = `it-${randomUUID()}`;
const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" }] });
console.log(kid); console.log(jwks); process.stdout.write(privateKey.export({ type: "pkcs8", format: "pem" }));')
kid=$(sed -n 1p <<<"$keys"); jwks=$(sed -n 2p <<<"$keys")
sed -n '3,$p' <<<"$keys" > "$build/it-key.pem"
issuer=https://sso.it.test/realms/socketio audience=socketio-it
{
  printf 'socketio.conformance.enabled=true\nsocketio.ping-interval=300\nsocketio.ping-timeout=200\nsocketio.connect-timeout=1000\n'
  printf 'socketio.recovery.max-disconnection-duration=2000\nsocketio.recovery.namespaces=/recovery\n'
  printf 'socketio.chat.private.in-flight-per-user=3\n'
  printf 'mp.jwt.verify.publickey=%s\nmp.jwt.verify.issuer=%s\nmp.jwt.verify.audiences=%s\n' "$jwks" "$issuer" "$audience"
  printf 'mp.jwt.verify.clock.skew=0\nmp.jwt.token.header=Cookie\nmp.jwt.token.cookie=jwt\n'
  printf 'socketio.parser=%s\n' "${SIO_PARSER:-default}"
  printf 'socketio.allow-eio3=%s\n' "${SIO_ALLOW_EIO3:-false}"
} > "$work/WEB-INF/classes/META-INF/microprofile-config.properties"
cat > "$build/it-auth.env" <<ENV
export SIO_JWT_PRIVATE_KEY="\$(cat '$PWD/$build/it-key.pem')"
export SIO_JWT_KID='$kid' SIO_JWT_ISSUER='$issuer' SIO_JWT_AUDIENCE='$audience' SIO_JWT_COOKIE=jwt
ENV
(cd "$work" && rm -f ../it.war && zip -q -r ../it.war .)
jar=$(find ~/.m2/repository/fish/payara/extras/payara-micro -name 'payara-micro-6.2025.10.jar' | head -1)
[ -n "$jar" ] || { mvn -q dependency:get -Dartifact=fish.payara.extras:payara-micro:6.2025.10; jar=$(find ~/.m2/repository/fish/payara/extras/payara-micro -name 'payara-micro-6.2025.10.jar' | head -1); }
log="$build/payara-it-$port.log"
java -jar "$jar" --nocluster --port "$port" --contextroot /it --deploy "$build/it.war" \
  --prebootcommandfile server-config/payara/pre-boot-commands.asadmin > "$log" 2>&1 &
pid=$!
for _ in $(seq 120); do
  if curl -fsS "http://127.0.0.1:$port/it/socket.io/?EIO=4&transport=polling" >/dev/null 2>&1; then
    echo "ready: SIO_URL=http://127.0.0.1:$port/it/  pid=$pid  log=$log  tokens: source $build/it-auth.env"; exit 0
  fi
  kill -0 "$pid" 2>/dev/null || { echo "Payara exited; see $log" >&2; exit 1; }
  sleep 1
done
echo "not ready after 120 s; see $log" >&2; kill "$pid"; exit 1
