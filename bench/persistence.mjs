// The persistence scenario (issue 13, "Benchmark"): room messages on /chat with the chat store off, on
// with the server's embedded H2 (the default datasource) and on with PostgreSQL, the same WAR and the
// same load, one Payara Micro 6 process after the other in one run. One sender and R receivers in one
// room: first a warm-up (for the JIT), then `--rounds` rounds at a fixed rate (server CPU per message,
// delivery latency send -> receipt at every receiver, p50/p99), then one burst with a window of
// unanswered messages (throughput). Each round ends when every receiver has every message and, with
// the store on, when the history holds the last one (the writer thread's work is in the CPU figure).
// Server CPU: utime+stime of the server's JVM from /proc/<pid>/stat; with PostgreSQL the CPU of all
// postgres processes apart (the database server is shared: other users' queries count too).
//
//   bench/run.sh --persistence [--runs N] [--rounds N] [--messages N] [--receivers N] [--rate N]
//                              [--burst N] [--paced-warmup S] [--configs off,h2,pg] [--war PATH] [--no-build] [--quick] [--budget S]
// No turn starts after --budget seconds (660): with run.sh's 900 s limit a turn started then still ends.
//
// PostgreSQL: 127.0.0.1:5432, trust authentication, database `test`, user postgres (as the tests);
// the script drops and makes the schema `sio_bench` at each PostgreSQL turn (psql), and deploys a copy
// of the WAR with the driver and a WEB-INF/web.xml defining the datasource java:app/jdbc/sio-bench.
// Writes bench/results/persistence-<date>.jsonl and .md. Every wait is bounded; run.sh bounds the whole.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LeanClient, wsUrl } from "./loadgen/client.mjs";
import { cpuTicks, freePort, killOnSignal, median, sleep, threadTicks, threadTicksDelta } from "./lib/processes.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(BENCH);
const WORK = path.join(BENCH, "work");
const LOGS = path.join(WORK, "logs");
const PAYARA = "6.2025.10";
const PG_DRIVER = "42.7.13";
const PG_SCHEMA = "sio_bench";
const PG_JNDI = "java:app/jdbc/sio-bench";
const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
const CONFIGS = {
  off: { title: "store off", props: ["-Dsocketio.store.enabled=false"] },
  h2: { title: "store on, embedded H2 (default)", props: [] },
  pg: { title: "store on, PostgreSQL 15", props: [`-Dsocketio.store.datasource=${PG_JNDI}`] },
};

function options(argv) {
  const o = { runs: 1, rounds: 3, messages: 3000, receivers: 20, rate: 300, burst: 3000, window: 64, warmup: 10000, pacedWarmup: 30,
    configs: ["off", "h2", "pg"], build: true, startTimeout: 180, budget: 660,
    war: path.join(WORK, "target/socketio-jakarta.war"), out: path.join(BENCH, "results") };
  const num = (v, lo, hi) => Math.max(lo, Math.min(hi, Number(v) || lo));
  for (let i = 0; i < argv.length; i++) {
    const v = () => argv[++i];
    switch (argv[i]) {
      case "--runs": o.runs = num(v(), 1, 10); break;
      case "--rounds": o.rounds = num(v(), 1, 10); break;
      case "--messages": o.messages = num(v(), 100, 20000); break;
      case "--receivers": o.receivers = num(v(), 1, 200); break;
      case "--rate": o.rate = num(v(), 10, 5000); break;
      case "--paced-warmup": o.pacedWarmup = Math.max(0, Math.min(300, Number(v()) || 0)); break;
      case "--burst": o.burst = num(v(), 100, 50000); break;
      case "--configs": o.configs = v().split(",").map((s) => s.trim()).filter(Boolean); break;
      case "--war": o.war = path.resolve(v()); o.build = false; break;
      case "--no-build": o.build = false; break;
      case "--start-timeout": o.startTimeout = num(v(), 10, 600); break;
      case "--budget": o.budget = num(v(), 60, 3600); break;
      case "--out": o.out = path.resolve(v()); break;
      case "--quick": Object.assign(o, { rounds: 1, messages: 500, burst: 500, warmup: 500, pacedWarmup: 2, receivers: 5 }); break;
      default: throw new Error(`unknown option ${argv[i]} (see the head of bench/persistence.mjs)`);
    }
  }
  for (const c of o.configs) if (!CONFIGS[c]) throw new Error(`unknown configuration ${c}: off, h2 or pg`);
  return o;
}

const t00 = Date.now();
const log = (...a) => console.error(`[persistence ${new Date().toISOString().slice(11, 19)}]`, ...a);
const r2 = (x) => (x == null || Number.isNaN(x) ? null : Math.round(x * 100) / 100);

/** utime+stime of every process named postgres (the server and its backends; /proc/<pid>/stat is world-readable). */
function postgresTicks() {
  let sum = 0;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      if (s.slice(s.indexOf("(") + 1, s.lastIndexOf(")")) !== "postgres") continue;
      const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
      sum += Number(f[11]) + Number(f[12]);
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

function httpGet(port, urlPath, timeoutMs = 5000) {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: urlPath, timeout: timeoutMs }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode, body }));
    });
    req.on("error", (e) => resolve({ status: 0, body: String(e.message) }));
    req.on("timeout", () => { req.destroy(); resolve({ status: 0, body: "timeout" }); });
  });
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 24, ...opts });
  return { ok: r.status === 0, out: `${r.stdout || ""}${r.stderr || ""}${r.error ? r.error.message : ""}` };
}

/** The WAR with the PostgreSQL driver and a web.xml that defines the datasource (the product WAR has no web.xml). */
function postgresWar(o) {
  const driver = path.join(os.homedir(), `.m2/repository/org/postgresql/postgresql/${PG_DRIVER}/postgresql-${PG_DRIVER}.jar`);
  if (!fs.existsSync(driver)) throw new Error(`no PostgreSQL driver at ${driver} (mvn dependency:get -Dartifact=org.postgresql:postgresql:${PG_DRIVER})`);
  const dir = path.join(WORK, "persistence-pg");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "WEB-INF/lib"), { recursive: true });
  fs.copyFileSync(driver, path.join(dir, "WEB-INF/lib", path.basename(driver)));
  fs.writeFileSync(path.join(dir, "WEB-INF/web.xml"), `<?xml version="1.0" encoding="UTF-8"?>
<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd" version="6.0">
  <!-- benchmark only (bench/persistence.mjs): the chat store's PostgreSQL datasource, in a schema of its own -->
  <data-source>
    <name>${PG_JNDI}</name>
    <class-name>org.postgresql.ds.PGSimpleDataSource</class-name>
    <server-name>127.0.0.1</server-name>
    <port-number>5432</port-number>
    <database-name>test</database-name>
    <user>postgres</user>
    <!-- trust authentication: the server never asks for it, but Payara's pool refuses a datasource
         defined in web.xml without a password credential ("No password credential found"), and
         reads an empty one as none -->
    <password>trust</password>
    <property><name>currentSchema</name><value>${PG_SCHEMA}</value></property>
    <max-pool-size>8</max-pool-size>
  </data-source>
</web-app>
`);
  const war = path.join(WORK, "socketio-jakarta-pg.war");
  fs.copyFileSync(o.war, war);
  const r = run("jar", ["uf", war, "-C", dir, "WEB-INF"]);
  if (!r.ok) throw new Error(`jar uf failed: ${r.out}`);
  return war;
}

function freshSchema() {
  const r = run("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-v", "ON_ERROR_STOP=1", "-q", "-c",
    `DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE; CREATE SCHEMA ${PG_SCHEMA};`], { timeout: 30000 });
  if (!r.ok) throw new Error(`PostgreSQL at 127.0.0.1:5432 (database test, user postgres): ${r.out.trim()}`);
}

const live = new Set();
killOnSignal(live);

async function startServer(o, config, war, runNo) {
  const port = await freePort();
  fs.mkdirSync(LOGS, { recursive: true });
  const logFile = path.join(LOGS, `persistence-${config}-run${runNo}.log`);
  const out = fs.openSync(logFile, "w");
  const jar = path.join(os.homedir(), `.m2/repository/fish/payara/extras/payara-micro/${PAYARA}/payara-micro-${PAYARA}.jar`);
  if (!fs.existsSync(jar)) throw new Error(`no Payara Micro jar at ${jar}`);
  const javaOpts = (process.env.BENCH_JAVA_OPTS || "").split(/\s+/).filter(Boolean);
  const child = spawn("java", [...javaOpts, ...CONFIGS[config].props, "-jar", jar, "--nocluster", "--port", String(port),
    "--contextroot", "/", "--deploy", war, "--prebootcommandfile", path.join(REPO, "server-config/payara/pre-boot-commands.asadmin")],
  // as bench/harness.mjs: tokens of the development issuer (GET /api/dev/token), no SSO in a benchmark
  { stdio: ["ignore", out, out], env: { ...process.env, SOCKETIO_AUTH_DEV_MODE: "true" } });
  fs.closeSync(out);
  const s = { config, port, pid: child.pid, child, exited: false, logFile };
  live.add(s);
  child.on("exit", () => { s.exited = true; live.delete(s); });
  const t0 = Date.now();
  while (Date.now() - t0 < o.startTimeout * 1000) {
    if (s.exited) throw new Error(`Payara exited (log ${path.relative(REPO, logFile)})`);
    const r = await httpGet(port, "/socket.io/?EIO=4&transport=polling", 2000);
    if (r.status === 200 && r.body.startsWith("0{")) {
      s.startSeconds = (Date.now() - t0) / 1000;
      return s;
    }
    await sleep(500);
  }
  await stop(s);
  throw new Error(`Payara did not answer within ${o.startTimeout} s (log ${path.relative(REPO, logFile)})`);
}

async function stop(s) {
  if (s.exited) return;
  s.child.kill("SIGTERM");
  for (let i = 0; i < 150 && !s.exited; i++) await sleep(100);
  if (!s.exited) s.child.kill("SIGKILL");
}

/** The store's readiness check as the server reports it: "UP", "DOWN: ..." or what it answered. */
async function storeStatus(port) {
  const r = await httpGet(port, "/health/ready");
  const m = /"name":"socketio-store","status":"(\w+)"/.exec(r.body);
  return m ? (m[1] === "UP" ? "UP" : `${m[1]}: ${r.body.slice(0, 300)}`) : `no socketio-store check (${r.status}: ${r.body.slice(0, 200)})`;
}

async function token(port, user) {
  const r = await httpGet(port, `/api/dev/token?user=${encodeURIComponent(user)}`);
  if (r.status !== 200) throw new Error(`GET /api/dev/token: ${r.status} ${r.body.slice(0, 200)}`);
  return JSON.parse(r.body).token;
}

/** The sender and the receivers in one room of /chat; receivers count each delivery's latency. */
async function clients(o, port, room) {
  const sentAt = new Map();
  const state = { latencies: null, received: 0, expected: 0, onAll: null };
  const sender = new LeanClient(wsUrl("127.0.0.1", port), "/chat", { auth: { token: await token(port, "bench-sender") } });
  await sender.connect();
  const receivers = [];
  for (let i = 0; i < o.receivers; i++) {
    const c = new LeanClient(wsUrl("127.0.0.1", port), "/chat", {
      auth: { token: await token(port, `bench-r${i}`) },
      onEvent: (body) => {
        if (!body.startsWith('["message"')) return;
        const m = JSON.parse(body)[1];
        const t = sentAt.get(m?.message);
        if (t === undefined) return;
        if (state.latencies) state.latencies.push(performance.now() - t);
        if (++state.received === state.expected && state.onAll) state.onAll();
      },
    });
    await c.connect();
    receivers.push(c);
  }
  for (const c of [sender, ...receivers]) {
    const [answer] = await c.emitAck("joinRoom", [room], 20000);
    if (!answer?.ok) throw new Error(`joinRoom: ${JSON.stringify(answer)}`);
  }
  return { sender, receivers, sentAt, state };
}

/** Resolves when the room's history ends with `id` (the writer has written everything before it too). */
async function historyHolds(sender, room, id, timeoutMs = 60000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const [answer] = await sender.emitAck("history", [{ room, limit: 1 }], 10000);
    if (answer?.ok && answer.messages[0]?.id === id) return true;
    await sleep(20);
  }
  return false;
}

/**
 * Sends `count` room messages, at `rate` per second or (rate 0) keeping `window` unanswered at most;
 * resolves once every receiver has every message (bounded), and the history its last, if kept.
 */
async function phase(o, cl, room, server, { label, count, rate, window, storeOn, measure }) {
  const { sender, sentAt, state } = cl;
  sentAt.clear();
  state.latencies = measure ? [] : null;
  state.received = 0;
  state.expected = count * o.receivers;
  const all = new Promise((resolve) => (state.onAll = resolve));
  const cpu0 = cpuTicks(server.pid);
  const threads0 = threadTicks(server.pid, { writer: "socketio-store-" });
  const pg0 = server.config === "pg" ? postgresTicks() : 0;
  const t0 = performance.now();
  let lastId = null;
  let failed = 0;
  let inFlight = 0;
  let freed = null;
  const answered = (answer) => {
    inFlight--;
    if (answer?.[0]?.ok) lastId = answer[0].id > (lastId ?? "") ? answer[0].id : lastId;
    else failed++;
    if (freed) freed();
  };
  const tag = `${label}-${Date.now()}`;
  for (let i = 0; i < count; i++) {
    const text = `${tag}-${i}`;
    while (!rate && inFlight >= window) await new Promise((r) => (freed = r));
    freed = null;
    inFlight++;
    sentAt.set(text, performance.now());
    sender.emitAck("roomMessage", [{ room, message: text }], 30000).then(answered, () => { inFlight--; failed++; if (freed) freed(); });
    if (rate) {
      const wait = t0 + ((i + 1) * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
    }
  }
  const timedOut = !(await Promise.race([all.then(() => true), sleep(60000).then(() => false)]));
  const deliveredAt = performance.now();
  while (inFlight > 0 && performance.now() - deliveredAt < 30000) await sleep(10);
  const written = storeOn && lastId ? await historyHolds(sender, room, lastId) : null;
  const t1 = performance.now();
  const cpuMs = ((cpuTicks(server.pid) - cpu0) * 1000) / CLK_TCK;
  const byKind = threadTicksDelta(threads0, threadTicks(server.pid, { writer: "socketio-store-" }));
  const per1000 = (ticks) => r2((((ticks || 0) * 1000) / CLK_TCK) * 1000 / count);
  const pgMs = server.config === "pg" ? ((postgresTicks() - pg0) * 1000) / CLK_TCK : null;
  const lat = (state.latencies || []).sort((a, b) => a - b);
  const q = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : null);
  return {
    phase: label, messages: count, receivers: o.receivers, rate: rate || null, window: rate ? null : window,
    delivered: state.received, expected: state.expected, failed, timed_out: timedOut, history_written: written,
    seconds: r2((deliveredAt - t0) / 1000), messages_per_s: r2(count / ((deliveredAt - t0) / 1000)),
    measured_s: r2((t1 - t0) / 1000),
    cpu_ms_per_1000_messages: r2((cpuMs * 1000) / count),
    // of which: the JIT compiler threads (a cost of the process's first minutes, not of each message),
    // the garbage collector's threads, the store's writer thread
    jit_ms_per_1000_messages: per1000(byKind.jit), gc_ms_per_1000_messages: per1000(byKind.gc),
    writer_ms_per_1000_messages: per1000(byKind.writer),
    cpu_ms_per_1000_messages_without_jit: r2((cpuMs * 1000) / count - per1000(byKind.jit)),
    db_cpu_ms_per_1000_messages: pgMs == null ? null : r2((pgMs * 1000) / count),
    latency_ms_p50: r2(q(0.5)), latency_ms_p99: r2(q(0.99)), latency_ms_max: r2(q(1)),
  };
}

async function turn(o, config, war, runNo) {
  if (config === "pg") freshSchema();
  const server = await startServer(o, config, war, runNo);
  const cl = { sender: null, receivers: [] };
  try {
    const storeOn = config !== "off";
    const status = await storeStatus(server.port);
    if (storeOn && status !== "UP") throw new Error(`the store is not up: ${status}`);
    log(`${config}: Payara up in ${server.startSeconds.toFixed(1)} s on :${server.port}, store ${status}`);
    const room = `bench-${config}-${Date.now()}`;
    Object.assign(cl, await clients(o, server.port, room));
    const warm = await phase(o, cl, room, server, { label: "warm-up", count: o.warmup, rate: 0, window: o.window, storeOn, measure: false });
    log(`${config}: warm-up ${warm.messages} messages at ${warm.messages_per_s}/s`);
    if (o.pacedWarmup > 0) {
      // the paced rounds take another path than the burst (a wake-up per message, a write per
      // delivery): without this, their CPU still fell from round to round for three rounds (JIT)
      await phase(o, cl, room, server, { label: "warm-up-paced", count: o.rate * o.pacedWarmup, rate: o.rate, storeOn, measure: false });
      log(`${config}: paced warm-up ${o.rate * o.pacedWarmup} messages at ${o.rate}/s`);
    }
    const records = [];
    for (let round = 1; round <= o.rounds; round++) {
      const r = await phase(o, cl, room, server, { label: "rate", count: o.messages, rate: o.rate, storeOn, measure: true });
      records.push({ config, run: runNo, round, ...r });
      log(`${config}: round ${round}: ${r.cpu_ms_per_1000_messages} ms CPU/1000 messages${r.db_cpu_ms_per_1000_messages != null ? ` (+ PostgreSQL ${r.db_cpu_ms_per_1000_messages})` : ""}, ` +
        `p50 ${r.latency_ms_p50} ms, p99 ${r.latency_ms_p99} ms, ${r.delivered}/${r.expected} delivered`);
    }
    const b = await phase(o, cl, room, server, { label: "burst", count: o.burst, rate: 0, window: o.window, storeOn, measure: true });
    records.push({ config, run: runNo, round: "burst", ...b });
    log(`${config}: burst: ${b.messages_per_s} messages/s (${Math.round(b.messages_per_s * o.receivers)} deliveries/s), ${b.cpu_ms_per_1000_messages} ms CPU/1000 messages, p99 ${b.latency_ms_p99} ms`);
    return records.map((r) => ({ ...r, start_s: r2(server.startSeconds), load_before: os.loadavg().map(r2) }));
  } finally {
    for (const c of [cl.sender, ...cl.receivers]) c?.terminate();
    await stop(server);
  }
}

function report(o, records, date, loadStart, loadEnd, wall) {
  const ok = records.filter((r) => !r.error);
  const rate = (c) => ok.filter((r) => r.config === c && r.phase === "rate");
  const burst = (c) => ok.filter((r) => r.config === c && r.phase === "burst");
  const present = o.configs.filter((c) => rate(c).length);
  const offCpu = median(rate("off").map((r) => r.cpu_ms_per_1000_messages));
  const offP99 = median(rate("off").map((r) => r.latency_ms_p99));
  const lines = [
    `# Room messages with the chat store off, on (H2) and on (PostgreSQL): Payara Micro ${PAYARA}`,
    "",
    `${date}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${loadStart.map(r2).join(" ")} at the start, ` +
      `${loadEnd.map(r2).join(" ")} at the end (a shared machine: other work ran meanwhile). Whole run: ${Math.round(wall)} s.`,
    `One sender and ${o.receivers} receivers in one room of \`/chat\` (WebSocket); after a warm-up of ${o.warmup} messages as fast as acknowledged` +
      (o.pacedWarmup > 0 ? ` and ${o.pacedWarmup} s at ${o.rate}/s (not measured)` : "") + ", " +
      `${o.rounds} round(s) of ${o.messages} messages at ${o.rate}/s (each acknowledged; ${o.messages * o.receivers} deliveries a round), ` +
      `then a burst of ${o.burst} with at most ${o.window} unanswered. A round ends when every receiver has every message and, store on, ` +
      "the history holds the last one. Server CPU = the JVM's utime+stime; PostgreSQL's own processes apart. Runs: " + o.runs + ".",
    "",
    "| configuration | server CPU per 1000 messages (ms), rounds at the fixed rate | vs off | + PostgreSQL CPU (ms) | latency p50 (ms) | latency p99 (ms) | burst: messages/s | burst: CPU per 1000 (ms) | burst p99 (ms) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const c of present) {
    const cpu = median(rate(c).map((r) => r.cpu_ms_per_1000_messages));
    const vs = offCpu && cpu != null && c !== "off" ? `${cpu >= offCpu ? "+" : ""}${Math.round(((cpu - offCpu) / offCpu) * 100)}%` : "–";
    const pg = median(rate(c).map((r) => r.db_cpu_ms_per_1000_messages));
    lines.push(`| ${CONFIGS[c].title} | ${cpu} (${rate(c).map((r) => r.cpu_ms_per_1000_messages).join(", ")}) | ${vs} | ${pg ?? "–"} | ` +
      `${median(rate(c).map((r) => r.latency_ms_p50))} | ${median(rate(c).map((r) => r.latency_ms_p99))} (${rate(c).map((r) => r.latency_ms_p99).join(", ")}) | ` +
      `${median(burst(c).map((r) => r.messages_per_s)) ?? "–"} | ${median(burst(c).map((r) => r.cpu_ms_per_1000_messages)) ?? "–"} | ${median(burst(c).map((r) => r.latency_ms_p99)) ?? "–"} |`);
  }
  // the same rounds split by thread: what is left without the JIT compiler is the steady cost per message
  const offSteady = median(rate("off").map((r) => r.cpu_ms_per_1000_messages_without_jit));
  lines.push("", "The same rounds by thread (ms per 1000 messages, medians): the JIT compiler's threads still work through the first minutes " +
    "(more code to compile with the store on: its writer, the JDBC driver, the pool), a one-time cost; without them, the steady cost per message.",
  "", "| configuration | server CPU without the JIT | vs off | JIT compiler threads | GC threads | store writer thread |", "|---|---:|---:|---:|---:|---:|");
  for (const c of present) {
    const steady = median(rate(c).map((r) => r.cpu_ms_per_1000_messages_without_jit));
    const vs = offSteady && steady != null && c !== "off" ? `${steady >= offSteady ? "+" : ""}${Math.round(((steady - offSteady) / offSteady) * 100)}%` : "–";
    lines.push(`| ${CONFIGS[c].title} | ${steady} (${rate(c).map((r) => r.cpu_ms_per_1000_messages_without_jit).join(", ")}) | ${vs} | ` +
      `${median(rate(c).map((r) => r.jit_ms_per_1000_messages))} | ${median(rate(c).map((r) => r.gc_ms_per_1000_messages))} | ` +
      `${c === "off" ? "–" : median(rate(c).map((r) => r.writer_ms_per_1000_messages))} |`);
  }
  // turn by turn: between two JVMs of one configuration the CPU per message differs by up to ±20%
  // (thread placement, JIT decisions), as much as the store's own cost, so each run's pair of turns
  // and the median over turns say more than one pooled median of rounds
  const turnsOf = (c) => [...new Set(rate(c).map((r) => r.run))].map((run) => {
    const rs = rate(c).filter((r) => r.run === run);
    return { run, cpu: median(rs.map((r) => r.cpu_ms_per_1000_messages)), steady: median(rs.map((r) => r.cpu_ms_per_1000_messages_without_jit)),
      p99: median(rs.map((r) => r.latency_ms_p99)) };
  });
  const turns = new Map(present.map((c) => [c, turnsOf(c)]));
  const pct = (a, b) => (a == null || !b ? "–" : `${a >= b ? "+" : ""}${Math.round(((a - b) / b) * 100)}%`);
  if (rate("off").length && present.length > 1) {
    lines.push("", "Turn by turn (medians of each turn's rounds; one JVM per turn): CPU, CPU without the JIT, p99, and each store-on turn against the store-off turn of its run.",
      "", "| run | configuration | CPU (ms per 1000) | vs off, same run | without the JIT | vs off, same run | p99 (ms) |", "|---:|---|---:|---:|---:|---:|---:|");
    const offTurns = new Map(turns.get("off").map((t) => [t.run, t]));
    for (let runNo = 1; runNo <= o.runs; runNo++) {
      for (const c of present) {
        const t = turns.get(c).find((x) => x.run === runNo);
        if (!t) continue;
        const off = c === "off" ? null : offTurns.get(runNo);
        lines.push(`| ${runNo} | ${CONFIGS[c].title} | ${t.cpu} | ${off ? pct(t.cpu, off.cpu) : "–"} | ${t.steady} | ${off ? pct(t.steady, off.steady) : "–"} | ${t.p99} |`);
      }
    }
    lines.push("", "Medians over turns:", "");
    const offT = turns.get("off");
    const offCpuT = median(offT.map((t) => t.cpu)), offSteadyT = median(offT.map((t) => t.steady)), offP99T = median(offT.map((t) => t.p99));
    for (const c of present) {
      const ts = turns.get(c);
      const cpuT = median(ts.map((t) => t.cpu)), steadyT = median(ts.map((t) => t.steady)), p99T = median(ts.map((t) => t.p99));
      lines.push(`- ${CONFIGS[c].title}, ${ts.length} turns: CPU ${cpuT} ms per 1000 messages${c === "off" ? "" : ` (${pct(cpuT, offCpuT)})`}, ` +
        `without the JIT ${steadyT}${c === "off" ? "" : ` (${pct(steadyT, offSteadyT)})`}, p99 ${p99T} ms${c === "off" ? "" : ` (off ${offP99T})`}`);
    }
  }
  const lost = ok.filter((r) => r.delivered !== r.expected || r.failed || r.history_written === false);
  lines.push("", lost.length ? `Incomplete rounds: ${lost.map((r) => `${r.config} run ${r.run} ${r.round}: ${r.delivered}/${r.expected} delivered, ${r.failed} refused, history written ${r.history_written}`).join("; ")}.`
    : "Every round: every message delivered to every receiver, acknowledged, and (store on) in the history.");
  if (offP99 != null) lines.push(`Goal (issue 13): the store costs at most 20% of server CPU per message and adds nothing to p99 (off: p99 ${offP99} ms).`);
  const errors = records.filter((r) => r.error);
  if (errors.length) lines.push("", "Failed:", ...errors.map((r) => `- ${r.config} run ${r.run}: ${r.error}`));
  lines.push("", "Per round:", "", "```", ...records.map((r) => JSON.stringify(r)), "```", "");
  return lines.join("\n");
}

async function main() {
  const o = options(process.argv.slice(2));
  if (o.build) {
    log("building the WAR: mvn -B -q -o -DskipTests package -Dsio.build.dir=bench/work/target");
    const r = run("mvn", ["-B", "-q", "-o", "-DskipTests", "package", `-Dsio.build.dir=${path.join(WORK, "target")}`], { cwd: REPO, timeout: 400000 });
    if (!r.ok) throw new Error(`WAR build failed:\n${r.out.slice(-1500)}`);
  }
  if (!fs.existsSync(o.war)) throw new Error(`no WAR at ${o.war} (mvn -DskipTests package, or --war PATH)`);
  const wars = { off: o.war, h2: o.war, pg: o.configs.includes("pg") ? postgresWar(o) : null };
  const date = new Date().toISOString().replace(/:/g, "-").slice(0, 19);
  const loadStart = os.loadavg();
  log(`WAR ${path.relative(REPO, o.war)}, configurations ${o.configs.join(", ")}, load average ${loadStart.map(r2).join(" ")}`);
  const records = [];
  fs.mkdirSync(o.out, { recursive: true });
  const base = path.join(o.out, `persistence-${date}`);
  // written after every turn: a run stopped by run.sh's time limit keeps what it measured
  const save = () => {
    fs.writeFileSync(`${base}.jsonl`, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    fs.writeFileSync(`${base}.md`, report(o, records, date, loadStart, os.loadavg(), (Date.now() - t00) / 1000));
  };
  for (let runNo = 1; runNo <= o.runs; runNo++) {
    // the order turns round on even runs, so that no configuration always comes first on a cold machine
    const order = runNo % 2 ? o.configs : [...o.configs].reverse();
    for (const config of order) {
      if ((Date.now() - t00) / 1000 > o.budget) {
        log(`${config} run ${runNo}: skipped, the ${o.budget} s budget is spent`);
        records.push({ config, run: runNo, error: `skipped: the ${o.budget} s budget was spent` });
        continue;
      }
      try {
        records.push(...(await turn(o, config, wars[config], runNo)));
      } catch (e) {
        log(`${config} run ${runNo} failed: ${e.message}`);
        records.push({ config, run: runNo, error: e.message });
      }
      save();
    }
  }
  log(`results: ${path.relative(REPO, base)}.md`);
}

main().then(() => process.exit(0), (e) => {
  log(e.message);
  process.exit(1);
});
