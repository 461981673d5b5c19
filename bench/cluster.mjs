// The cluster scenario (issue 11, "Benchmark"): fan-out through Redis across two nodes, ours (two
// Payara Micro 6 with the WAR and socketio.adapter=redis) against Node (two socket.io 4.8.4 nodes
// with @socket.io/redis-adapter 8.3, classic), same load generator, same run, taking turns.
// Clients alternate between the two nodes; a client of the first node asks for the fan-out, so
// half of every message's deliveries cross Redis to the second node. Reported: server CPU per
// 100k deliveries summed over both nodes, Redis's CPU apart, latency p50/p99, lost deliveries,
// and each figure of ours as a ratio to Node's.
//
//   bench/run.sh --cluster [--runs N] [--quick] [--messages N] [--recovery] [--no-settle] [--war PATH] [--start-timeout S]
// (--messages defaults to 1000, a million deliveries: with 200 a run held 1-2 s of CPU per kind and
// one scheduling hiccup moved a ratio by half)
// (BENCH_JAVA_OPTS: more JVM options for our nodes, "{node}" standing for 0 or 1)
//
// Like for like by default: the Node nodes run without connection state recovery (the reference
// server's default), so ours run with it off too (socketio.recovery.max-disconnection-duration=0);
// on, every stored broadcast is also appended to a Redis stream (an XADD per broadcast), a cost the
// Node nodes do not pay. --recovery keeps ours at the WAR's default (on) to measure that cost.
//
// Writes bench/results/cluster-<date>.jsonl and cluster-<date>.md. Every wait is bounded (server
// start-up by --start-timeout, each load step by its timeout); run.sh bounds the whole command.
import { spawn, spawnSync, fork } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cpuTicks, freePort, killOnSignal, median, sleep } from "./lib/processes.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(BENCH);
const LOGS = path.join(BENCH, "work/logs");
const PAYARA = "6.2025.10";
const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

function options(argv) {
  const o = { runs: 1, quick: false, startTimeout: 180, out: path.join(BENCH, "results"),
    war: path.join(BENCH, "work/target/socketio-jakarta.war"), redis: "redis://127.0.0.1:6379", recovery: false, settle: true };
  for (let i = 0; i < argv.length; i++) {
    const v = () => argv[++i];
    switch (argv[i]) {
      case "--runs": o.runs = Math.max(1, Math.min(5, Number(v()) || 1)); break;
      case "--quick": o.quick = true; break;
      case "--recovery": o.recovery = true; break;
      case "--no-settle": o.settle = false; break;
      case "--war": o.war = path.resolve(v()); break;
      case "--start-timeout": o.startTimeout = Number(v()); break;
      case "--out": o.out = path.resolve(v()); break;
      case "--messages": o.messages = Math.max(1, Math.min(5000, Number(v()) || 1000)); break;
      default: throw new Error(`unknown option ${argv[i]} (see the head of bench/cluster.mjs)`);
    }
  }
  o.fanout = { clients: o.quick ? 200 : 1000, messages: o.messages ?? (o.quick ? 50 : 1000), payloadBytes: 100, concurrency: 100,
    room: "cluster-room", quietMs: 3000, timeoutMs: 60000 };
  o.warmup = { ...o.fanout, clients: o.quick ? 200 : 500, messages: o.quick ? 50 : 100, room: "warm-room", timeoutMs: 30000 };
  return o;
}

const log = (...a) => console.error(`[cluster ${new Date().toISOString().slice(11, 19)}]`, ...a);
const r3 = (x) => (x == null ? null : Math.round(x * 1000) / 1000);

function redisPid() {
  const r = spawnSync("redis-cli", ["-h", "127.0.0.1", "info", "server"], { encoding: "utf8", timeout: 5000 });
  const m = /process_id:(\d+)/.exec(r.stdout || "");
  if (!m) throw new Error("Redis does not answer on 127.0.0.1:6379 (redis-cli info server)");
  return Number(m[1]);
}

function handshakeAnswers(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/socket.io/?EIO=4&transport=polling", timeout: 2000 }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve(res.statusCode === 200 && body.startsWith("0{")));
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => { req.destroy(); resolve(false); });
  });
}

/** Nodes running now: stopped on SIGTERM/SIGINT (run.sh's time limit) as well. */
const live = new Set();
killOnSignal(live);

/** One node of a cluster: a child process answering Engine.IO handshakes on its port. */
async function startNode(o, kind, index, prefix) {
  const port = await freePort();
  fs.mkdirSync(LOGS, { recursive: true });
  const logFile = path.join(LOGS, `cluster-${kind}-${index}.log`);
  const out = fs.openSync(logFile, "w");
  let child;
  if (kind === "node") {
    child = spawn(process.execPath, [path.join(BENCH, "node-server/server.mjs"), String(port)], {
      stdio: ["ignore", out, out], env: { ...process.env, BENCH_REDIS_PREFIX: prefix, BENCH_REDIS_URL: o.redis } });
  } else {
    const jar = path.join(os.homedir(), `.m2/repository/fish/payara/extras/payara-micro/${PAYARA}/payara-micro-${PAYARA}.jar`);
    if (!fs.existsSync(jar)) throw new Error(`no Payara Micro jar at ${jar} (bench/run.sh once fetches it)`);
    // BENCH_JAVA_OPTS as in bench/harness.mjs (e.g. a JFR recording); {node} is replaced by the node's index
    const javaOpts = (process.env.BENCH_JAVA_OPTS || "").split(/\s+/).filter(Boolean).map((a) => a.replaceAll("{node}", String(index)));
    const recovery = o.recovery ? [] : ["-Dsocketio.recovery.max-disconnection-duration=0"];
    child = spawn("java", [...javaOpts, ...recovery, `-Dsocketio.adapter=redis`, `-Dsocketio.redis.uri=${o.redis}`, `-Dsocketio.redis.key-prefix=${prefix}`,
      "-jar", jar, "--nocluster", "--port", String(port), "--contextroot", "/", "--deploy", o.war,
      "--prebootcommandfile", path.join(REPO, "server-config/payara/pre-boot-commands.asadmin")],
    // as bench/harness.mjs: the /bench gateway on, tokens of the dev issuer (no SSO in a benchmark)
    { stdio: ["ignore", out, out], env: { ...process.env, SOCKETIO_BENCH_ENABLED: "true", SOCKETIO_AUTH_DEV_MODE: "true" } });
  }
  fs.closeSync(out);
  const node = { kind, port, pid: child.pid, child, exited: false, logFile };
  live.add(node);
  child.on("exit", () => { node.exited = true; live.delete(node); });
  const t0 = Date.now();
  while (Date.now() - t0 < o.startTimeout * 1000) {
    if (node.exited) throw new Error(`${kind} node ${index} exited: ${fs.readFileSync(logFile, "utf8").slice(-600)}`);
    if (kind !== "node" && /Exception while loading the app/.test(fs.readFileSync(logFile, "utf8"))) break;
    if (await handshakeAnswers(port)) {
      node.startSeconds = (Date.now() - t0) / 1000;
      return node;
    }
    await sleep(500);
  }
  await stop(node);
  throw new Error(`${kind} node ${index} did not answer within ${o.startTimeout} s (log ${path.relative(REPO, logFile)})`);
}

async function stop(node) {
  if (node.exited) return;
  node.child.kill("SIGTERM");
  for (let i = 0; i < 100 && !node.exited; i++) await sleep(100);
  if (!node.exited) node.child.kill("SIGKILL");
}

/** One load generator (bench/loadgen/lg.mjs) driven step by step over IPC, each step bounded. */
function loadGenerator() {
  const child = fork(path.join(BENCH, "loadgen/lg.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const inbox = [];
  const waiters = [];
  child.on("message", (m) => (waiters.length ? waiters.shift()(m) : inbox.push(m)));
  child.on("exit", (code) => waiters.splice(0).forEach((w) => w({ phase: "error", error: `load generator exited (${code})` })));
  const step = (msg, phase, timeoutMs) => new Promise((resolve, reject) => {
    if (child.connected) child.send(msg);
    const take = (m) => (m.phase === phase ? resolve(m) : reject(new Error(m.error || JSON.stringify(m).slice(0, 200))));
    if (inbox.length) return take(inbox.shift());
    const t = setTimeout(() => reject(new Error(`load generator: no ${phase} within ${timeoutMs} ms`)), timeoutMs);
    waiters.push((m) => { clearTimeout(t); take(m); });
  });
  const end = async () => {
    try { await step({ cmd: "teardown" }, "closed", 20000); } catch { /* killed below */ }
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  return { step, end };
}

/**
 * Waits (at most 15 s) until every node is idle (under 3% of a core over one second) after its
 * clients connected, so that the measured part holds the fan-out and not the tail of the connects
 * or of the previous step's disconnects (their garbage collected, their sockets closed): both kinds
 * of node get the same wait. Returns how long it took and each node's last share of a core.
 */
async function settle(nodes, maxMs = 15000, threshold = 0.03) {
  const t0 = Date.now();
  for (;;) {
    const a = nodes.map((n) => cpuTicks(n.pid));
    await sleep(1000);
    const share = nodes.map((n, i) => r3((cpuTicks(n.pid) - a[i]) / CLK_TCK));
    if (share.every((x) => x < threshold) || Date.now() - t0 >= maxMs) return { seconds: r3((Date.now() - t0) / 1000), node_share: share };
  }
}

/** The fan-out over both nodes: CPU of the nodes (summed) and of Redis around the measured part. */
async function fanout(nodes, params, redis, settleFirst) {
  const lg = loadGenerator();
  const bound = params.timeoutMs + 15000;
  try {
    await lg.step({ cmd: "setup", scenario: "fanout", host: "127.0.0.1", port: nodes[0].port,
      params: { ...params, ports: nodes.map((n) => n.port) } }, "ready", bound);
    const settled = settleFirst ? await settle(nodes) : null;
    const c0 = nodes.map((n) => cpuTicks(n.pid));
    const r0 = cpuTicks(redis);
    const done = await lg.step({ cmd: "go" }, "done", bound);
    const c1 = nodes.map((n) => cpuTicks(n.pid));
    const r1 = cpuTicks(redis);
    // node 0 sends (its clients' deliveries and one publish per message), node 1 receives through Redis
    const perNode = c1.map((c, i) => (c - c0[i]) / CLK_TCK);
    return { ...done.result, settle: settled, node_cpu_s: perNode.map(r3), server_cpu_s: r3(perNode.reduce((a, b) => a + b, 0)),
      redis_cpu_s: r3((r1 - r0) / CLK_TCK) };
  } finally {
    await lg.end();
  }
}

async function turn(o, kind, run, redis) {
  const prefix = `bench-cluster-${kind}-${Date.now()}`;
  const nodes = [];
  try {
    for (let i = 0; i < 2; i++) nodes.push(await startNode(o, kind, i, prefix));
    log(`${kind}: two nodes up (${nodes.map((n) => `:${n.port} in ${n.startSeconds.toFixed(1)} s`).join(", ")}), prefix ${prefix}`);
    if (kind !== "node") await fanout(nodes, o.warmup, redis, false).catch((e) => log(`${kind} warm-up: ${e.message}`));
    const m = await fanout(nodes, o.fanout, redis, o.settle);
    const per100k = (s) => r3((s / m.delivered) * 100000);
    const rec = { kind, run, prefix, load_before: os.loadavg().map(r3), ...m,
      cpu_s_per_100k: m.delivered ? per100k(m.server_cpu_s) : null,
      redis_cpu_s_per_100k: m.delivered ? per100k(m.redis_cpu_s) : null };
    log(`${kind}: ${m.delivered}/${m.expected} delivered, lost ${m.lost}, p50 ${m.latency_ms_p50} ms, p99 ${m.latency_ms_p99} ms, ` +
      `nodes ${rec.cpu_s_per_100k} s CPU/100k, Redis ${rec.redis_cpu_s_per_100k} s/100k`);
    return rec;
  } finally {
    await Promise.all(nodes.map(stop));
  }
}

function report(o, records, date, loadStart, loadEnd) {
  const by = (kind) => records.filter((r) => r.kind === kind && !r.error);
  const rows = [
    ["server CPU per 100k deliveries, both nodes (s)", "cpu_s_per_100k"],
    ["Redis CPU per 100k deliveries (s)", "redis_cpu_s_per_100k"],
    ["latency p50 (ms)", "latency_ms_p50"],
    ["latency p99 (ms)", "latency_ms_p99"],
    ["deliveries/s", "deliveries_per_s"],
    ["lost deliveries", "lost"],
    ["duplicates", "duplicates"],
  ];
  const lines = [
    `# Cluster fan-out through Redis: two Payara Micro ${PAYARA} nodes (ours) vs two Node socket.io 4.8.4 nodes`,
    "",
    `${date}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${loadStart.map(r3).join(" ")} at the start, ` +
      `${loadEnd.map(r3).join(" ")} at the end (a shared machine: other builds ran meanwhile).`,
    `${o.fanout.clients} WebSocket clients in one room, alternating over the two nodes; one \`fanout\` of ` +
      `${o.fanout.messages} × ${o.fanout.payloadBytes} B asked on the first node (expected ${o.fanout.clients * o.fanout.messages} deliveries, ` +
      "half of them through Redis, classic adapter). Runs: " + o.runs + ". Connection state recovery on our nodes: " +
      (o.recovery ? "on (the WAR's default; Node's nodes have none)." : "off, as on Node's nodes (like for like)."),
    o.settle
      ? "The measured part starts once both nodes are idle after the clients connected (under 3% of a core over one second, " +
        "at most 15 s; `settle` in the records), so it holds the fan-out, not the tail of the connections; the same for both kinds."
      : "The measured part starts as soon as the clients connected (--no-settle).",
    "",
    "| metric | Node (2 nodes) | ours (2 Payara) | ours ×Node |",
    "|---|---:|---:|---:|",
  ];
  for (const [title, key] of rows) {
    const n = median(by("node").map((r) => r[key]));
    const j = median(by("payara6").map((r) => r[key]));
    const ratio = n && j != null ? `${(j / n).toFixed(2)}x` : "–";
    lines.push(`| ${title} | ${n ?? "–"} | ${j ?? "–"} | ${ratio} |`);
  }
  lines.push("", "Per run:", "", "```", ...records.map((r) => JSON.stringify(r)), "```", "");
  return lines.join("\n");
}

async function main() {
  const o = options(process.argv.slice(2));
  if (!fs.existsSync(o.war)) throw new Error(`no WAR at ${o.war} (mvn -DskipTests package, or --war PATH)`);
  const redis = redisPid();
  const date = new Date().toISOString().replace(/:/g, "-").slice(0, 19);
  const loadStart = os.loadavg();
  log(`WAR ${path.relative(REPO, o.war)}, Redis pid ${redis}, load average ${loadStart.map(r3).join(" ")}`);
  const records = [];
  for (let run = 1; run <= o.runs; run++) {
    for (const kind of ["node", "payara6"]) {
      try {
        records.push(await turn(o, kind, run, redis));
      } catch (e) {
        log(`${kind} run ${run} failed: ${e.message}`);
        records.push({ kind, run, error: e.message });
      }
    }
  }
  fs.mkdirSync(o.out, { recursive: true });
  const base = path.join(o.out, `cluster-${date}`);
  fs.writeFileSync(`${base}.jsonl`, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
  fs.writeFileSync(`${base}.md`, report(o, records, date, loadStart, os.loadavg()));
  log(`results: ${path.relative(REPO, base)}.md`);
}

main().then(() => process.exit(0), (e) => {
  log(e.message);
  process.exit(1);
});
