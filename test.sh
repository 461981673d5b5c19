#!/usr/bin/env bash
# The one test command (README "Test"): installs what the tests need when it is missing (Debian,
# as root; otherwise it says what to install), then runs every test: unit tests, then the
# integration tests on a real Payara Micro 6 with the stock JS and Java clients and a headless
# Chromium. Extra arguments go to Maven (e.g. ./test.sh -o for offline).
# .ci/run calls this same script first.
set -euo pipefail
cd "$(dirname "$0")"

need() { command -v "$1" >/dev/null 2>&1; }
apt_updated=""
apt_install() {
  if [ "$(id -u)" = 0 ] && need apt-get; then
    [ -n "$apt_updated" ] || { apt-get update -qq >/dev/null; apt_updated=1; }
    echo "installing: $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "missing: $* (install it, e.g. apt-get install $*, and run again)" >&2; exit 1
  fi
}

need java || apt_install openjdk-17-jdk-headless
need mvn || apt_install maven
need node || apt_install nodejs
need npm || apt_install npm
# the chat page test drives Debian's headless Chromium (no browser is downloaded)
[ -x /usr/bin/chromium ] || apt_install chromium

# Debian's nginx for LoadBalancerIT (issue 11, item 7): the test runs it as its own child process
# on a free loopback port, with a configuration in the build folder; the system service is not used
[ -x /usr/sbin/nginx ] || need nginx || apt_install nginx

# Redis 7 on 127.0.0.1:6379 for the cluster tests (issue 11): started when it does not answer,
# keeping nothing on disk (the same command as the machine's own start-up)
need redis-server || apt_install redis-server
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || { echo "Redis did not start on 127.0.0.1:6379" >&2; exit 1; }
fi

# RabbitMQ on 127.0.0.1:5672 (guest/guest) for the message-queue integration tests (issue 14):
# started when nothing answers there, then waited for (bounded; the broker takes a few seconds)
rabbit_answers() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
if ! rabbit_answers; then
  need rabbitmq-server || apt_install rabbitmq-server
  # a node whose application was stopped (rabbitmqctl stop_app) only needs start_app; else start one
  timeout 30 rabbitmqctl -q start_app >/dev/null 2>&1 || rabbitmq-server -detached
  for _ in $(seq 1 120); do rabbit_answers && break; sleep 0.5; done
  rabbit_answers || { echo "RabbitMQ did not start on 127.0.0.1:5672" >&2; exit 1; }
fi
# the broker answers on the port before its application runs: wait until it does (bounded)
if need rabbitmqctl; then
  timeout 60 rabbitmqctl -q await_startup >/dev/null 2>&1 || echo "warning: rabbitmqctl await_startup did not confirm the broker" >&2
fi

# PostgreSQL 15 on 127.0.0.1:5432 (trust, database `test`) for PersistencePostgresIT (issue 13):
# started when it does not answer, then waited for (bounded)
need pg_isready || apt_install postgresql
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
fi

java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ "${java_major%%.*}" -ge 17 ] || { echo "Java 17 or later is needed (found $java_major)" >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || echo "warning: the JS client suite is written for Node 20+ (found $(node -v))" >&2
echo "java: $(java -version 2>&1 | head -1); mvn: $(mvn -v 2>/dev/null | head -1); node: $(node -v); npm: $(npm -v)"

# a tagged commit must carry a release version (docs/releasing.md)
.ci/check-release-version

mvn -B -ntp verify "$@"
