// Benchmark harness: our Jakarta server (Payara Micro) vs the Node reference
// (socket.io 4.8.4), same load generator, same run, alternating. Start it
// through ./run.sh (which raises the fd limit and installs what is missing);
// `node harness.mjs --help` lists the options.
//
// Per run r = 1..R, the two servers take turns (node first on odd runs, java
// first on even runs). Each turn starts a fresh server process on a fresh port
// (--reuse-servers: one process per side for the session), checks the /bench
// contract, runs the scenarios against it one after the other with separate
// load-generator processes, and stops it. Only the side whose turn it is has
// load. Server CPU = utime+stime of the server PID (/proc/PID/stat)
// sampled right before and right after the measured part of each scenario.
import { spawn, spawnSync, fork } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH, "..");
const WORK = path.join(BENCH, "work");
const LOGS = path.join(WORK, "logs");
const PAYARA_VERSION = "6.2025.10";
const SOCKETIO_VERSION = "4.8.4";
const T_START = Date.now();

// ------------------------------------------------------------------ options
const HELP = `usage: bench/run.sh [options]

  --servers LIST      node,java (default) | node | java
  --check             harness check: the "java" side is a second Node reference
                      server instead of Payara (proves the plumbing; results are
                      labelled "harness check", not our figures)
  --runs N            runs per scenario per server (default 3; --quick: 1)
  --scenarios LIST    idle,connect,fanout,echo (default); also: fanout-polling
  --quick             small counts, 1 run: a smoke test of the whole chain
  --idle-conns N      idle connections (default 10000; --quick: 1000)
  --lg-procs N        load-generator processes for idle (default 2)
  --war PATH          WAR to deploy (default: build the repo with
                      mvn -B -q -DskipTests package -Dsio.build.dir=bench/work/target)
  --no-build          use bench/work/target/socketio-jakarta.war as it is
  --payara-jar PATH   default bench/work/payara-micro-${PAYARA_VERSION}.jar (copied from
                      ~/.m2 or fetched with mvn dependency:copy)
  --postboot PATH     post-boot asadmin file (default
                      server-config/payara/post-boot-commands.asadmin if present)
  --java-opts "..."   JVM options for Payara (default: $BENCH_JAVA_OPTS or none)
  --payara-timeout S  seconds to wait for Payara + the app to answer (default 180)
  --budget S          start no new scenario or server after S seconds (default
                      480; one more scenario may still run; run.sh kills
                      everything at 590 s and a partial report is written)
  --out DIR           results folder (default bench/results)
  --label TEXT        free label stored with every result line
  --reuse-servers     keep one server process per side for the whole session
                      (faster: one Payara start-up; but the idle RSS rows of
                      later runs are then meaningless). Default: a fresh
                      server process per side per run, stopped after its turn
  --quiet-wait S      before each scenario, wait up to S s (default 3; 0 = off)
                      for the rest of the machine to use < 15% of the cores
  --report FILE       only (re)write latest.md and the chart from a results jsonl
`;

function parseArgs(argv) {
  const o = {
    servers: ["node", "java"],
    check: false,
    runs: null,
    scenarios: ["idle", "connect", "fanout", "echo"],
    quick: false,
    idleConns: null,
    lgProcs: 2,
    war: null,
    build: true,
    payaraJar: path.join(WORK, `payara-micro-${PAYARA_VERSION}.jar`),
    postboot: path.join(REPO, "server-config/payara/post-boot-commands.asadmin"),
    postbootExplicit: false,
    javaOpts: process.env.BENCH_JAVA_OPTS || "",
    payaraTimeout: 180,
    budget: 480,
    out: path.join(BENCH, "results"),
    label: "",
    report: null,
    quietWait: 3,
    freshPerRun: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case "--servers": o.servers = v().split(",").filter(Boolean); break;
      case "--check": o.check = true; break;
      case "--runs": o.runs = Number(v()); break;
      case "--scenarios": o.scenarios = v().split(",").filter(Boolean); break;
      case "--quick": o.quick = true; break;
      case "--idle-conns": o.idleConns = Number(v()); break;
      case "--lg-procs": o.lgProcs = Number(v()); break;
      case "--war": o.war = path.resolve(v()); o.build = false; break;
      case "--no-build": o.build = false; break;
      case "--payara-jar": o.payaraJar = path.resolve(v()); break;
      case "--postboot": o.postboot = path.resolve(v()); o.postbootExplicit = true; break;
      case "--java-opts": o.javaOpts = v(); break;
      case "--payara-timeout": o.payaraTimeout = Number(v()); break;
      case "--budget": o.budget = Number(v()); break;
      case "--out": o.out = path.resolve(v()); break;
      case "--label": o.label = v(); break;
      case "--report": o.report = path.resolve(v()); break;
      case "--quiet-wait": o.quietWait = Number(v()); break;
      case "--reuse-servers": o.freshPerRun = false; break;
      case "-h": case "--help": console.log(HELP); process.exit(0);
      default: throw new Error(`unknown option ${a}\n${HELP}`);
    }
  }
  if (o.runs === null) o.runs = o.quick ? 1 : 3;
  if (o.idleConns === null) o.idleConns = o.quick ? 1000 : 10000;
  const known = ["idle", "connect", "fanout", "echo", "fanout-polling"];
  for (const s of o.scenarios) if (!known.includes(s)) throw new Error(`unknown scenario ${s} (known: ${known.join(", ")})`);
  for (const s of o.servers) if (!["node", "java"].includes(s)) throw new Error(`unknown server ${s}`);
  if (o.check && !o.label) o.label = "harness check (java side = second Node reference server)";
  return o;
}

function scenarioParams(o) {
  const q = o.quick;
  return {
    fanout: { clients: q ? 200 : 1000, messages: q ? 50 : 200, payloadBytes: 100, concurrency: 100, room: "bench-room", quietMs: 3000, timeoutMs: 60000 },
    echo: { clients: q ? 20 : 100, roundTrips: q ? 50 : 200, concurrency: 50, timeoutMs: 60000 },
    connect: { connections: q ? 300 : 2000, concurrency: 50, timeoutMs: 60000 },
    idle: { connections: o.idleConns, procs: Math.max(1, o.lgProcs), concurrency: 100, settleMs: 2000, timeoutMs: 90000 },
    "fanout-polling": { clients: q ? 20 : 100, messages: q ? 20 : 50, payloadBytes: 100, room: "poll-room", quietMs: 3000, timeoutMs: 60000 },
    warmup: { fanout: { clients: 200, messages: 50, payloadBytes: 100, concurrency: 100, room: "warm-room", quietMs: 3000, timeoutMs: 30000 }, echo: { clients: 20, roundTrips: 100, concurrency: 20, timeoutMs: 30000 } },
  };
}

// ------------------------------------------------------------------ helpers
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const elapsed = () => (Date.now() - T_START) / 1000;
function log(...a) {
  console.log(`[${elapsed().toFixed(0).padStart(3)}s]`, ...a);
}
function r3(x) {
  return x === null || x === undefined || !isFinite(x) ? null : Math.round(x * 1000) / 1000;
}
function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: opts.timeout || 30000, ...opts });
  return { ok: r.status === 0, out: (r.stdout || "") + (r.stderr || ""), status: r.status, error: r.error };
}
const CLK_TCK = Number(sh("getconf", ["CLK_TCK"]).out.trim()) || 100;

function cpuTicks(pid) {
  const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]); // utime + stime (fields 14, 15)
}
// all CPUs, process busy ticks (user nice system) from /proc/stat
function machineBusyTicks() {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  return f[0] + f[1] + f[2]; // softirq (loopback network) and steal left out
}
// Wait (bounded) until the other processes on the machine are quiet: other
// sessions may share this machine. Returns the last measured share of all cores.
async function waitQuiet(maxMs, threshold = 0.15) {
  const until = Date.now() + maxMs;
  let share = null;
  for (;;) {
    const a = machineBusyTicks();
    await sleep(1000);
    share = (machineBusyTicks() - a) / CLK_TCK / os.cpus().length;
    if (share < threshold || Date.now() >= until) return r3(share);
  }
}
function rssKB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : null;
}
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
    s.on("error", reject);
  });
}
function httpGet(port, p, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: p, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode, body }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ status: 0, body: String(e.message) }));
  });
}
function median(xs) {
  const a = xs.filter((x) => typeof x === "number" && isFinite(x)).sort((p, q) => p - q);
  if (!a.length) return null;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

function machineFacts(o) {
  const javaBin = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin/java") : "java";
  const jv = sh(javaBin, ["-version"]).out.split("\n").filter(Boolean);
  const mem = /MemTotal:\s+(\d+)/.exec(fs.readFileSync("/proc/meminfo", "utf8"));
  return {
    cores: os.cpus().length,
    cpu_model: (os.cpus()[0] || {}).model || null,
    mem_gb: mem ? Math.round((Number(mem[1]) / 1048576) * 10) / 10 : null,
    kernel: os.release(),
    node: process.version,
    jdk: jv.slice(0, 2).join(" / "),
    socketio: SOCKETIO_VERSION,
    payara: PAYARA_VERSION,
    java_opts: o.javaOpts || "",
    nofile_limit: sh("sh", ["-c", "ulimit -n"]).out.trim(),
    clk_tck: CLK_TCK,
  };
}

// ------------------------------------------------------------------ servers
class ServerProc {
  constructor(side, kind, impl) {
    this.side = side; // "node" | "java" (the column it reports in)
    this.kind = kind; // "node" | "payara" (what actually runs)
    this.impl = impl;
    this.child = null;
    this.pid = null;
    this.port = null;
    this.exited = false;
  }
  async stop() {
    if (!this.child || this.exited) return;
    this.child.kill("SIGTERM");
    const until = Date.now() + 20000;
    while (!this.exited && Date.now() < until) await sleep(100);
    if (!this.exited) {
      this.child.kill("SIGKILL");
      await sleep(300);
    }
  }
}

async function startNode(side, label, runNo) {
  const impl = side === "node" ? `socket.io@${SOCKETIO_VERSION} (Node reference)` : `socket.io@${SOCKETIO_VERSION} (Node reference, standing in for java: ${label})`;
  const s = new ServerProc(side, "node", impl);
  s.port = await freePort();
  fs.mkdirSync(LOGS, { recursive: true });
  const logFile = path.join(LOGS, `node-${side}-run${runNo}.log`);
  const out = fs.openSync(logFile, "w");
  s.child = spawn(process.execPath, ["--expose-gc", path.join(BENCH, "node-server/server.mjs"), String(s.port)], {
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  s.pid = s.child.pid;
  s.child.on("exit", () => (s.exited = true));
  const until = Date.now() + 15000;
  while (Date.now() < until) {
    if (s.exited) throw new Error(`node server exited: ${fs.readFileSync(logFile, "utf8").slice(-500)}`);
    if (fs.readFileSync(logFile, "utf8").includes("listening")) return s;
    await sleep(50);
  }
  await s.stop();
  throw new Error("node server did not start within 15 s");
}

function tail(file, n = 15, filter) {
  try {
    let lines = fs.readFileSync(file, "utf8").split("\n");
    if (filter) lines = lines.filter(filter);
    return lines.slice(-n).join("\n");
  } catch {
    return "";
  }
}

async function startPayara(o, runNo) {
  const s = new ServerProc("java", "payara", `socketio-jakarta on Payara Micro ${PAYARA_VERSION}`);
  s.port = await freePort();
  fs.mkdirSync(LOGS, { recursive: true });
  const logFile = path.join(LOGS, `payara-run${runNo}.log`);
  s.logFile = logFile;
  const out = fs.openSync(logFile, "w");
  const javaBin = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin/java") : "java";
  const args = [
    ...o.javaOpts.split(/\s+/).filter(Boolean),
    "-jar", o.payaraJar,
    "--nocluster", "--port", String(s.port), "--contextroot", "/",
    "--deploy", o.war,
  ];
  if (o.postbootResolved) args.push("--postbootcommandfile", o.postbootResolved);
  s.cmd = `${javaBin} ${args.join(" ")}`;
  s.child = spawn(javaBin, args, {
    stdio: ["ignore", out, out],
    // the chat gateway needs a token verification key to deploy: the development key pair will do here
    env: { ...process.env, SOCKETIO_BENCH_ENABLED: "true", SOCKETIO_AUTH_DEV_MODE: "true" },
  });
  fs.closeSync(out);
  s.pid = s.child.pid;
  s.child.on("exit", () => (s.exited = true));
  const t0 = Date.now();
  const until = t0 + o.payaraTimeout * 1000;
  let readyAt = null;
  let last = null;
  while (Date.now() < until) {
    if (s.exited) throw new Error(`Payara exited during start-up (log ${path.relative(REPO, logFile)}):\n${tail(logFile, 12)}`);
    const r = await httpGet(s.port, "/socket.io/?EIO=4&transport=polling", 2000);
    last = r;
    if (r.status === 200 && r.body.startsWith("0{")) {
      s.startSeconds = (Date.now() - t0) / 1000;
      return s;
    }
    if (!readyAt && /Payara Micro.*ready/i.test(tail(logFile, 400))) readyAt = Date.now();
    // "ready" logged but the app does not answer: the deployment failed
    if (readyAt && Date.now() - readyAt > 15000) break;
    await sleep(500);
  }
  const answer = last ? `${last.status}${/^\s*</.test(last.body) ? " (an HTML page)" : ` ${JSON.stringify(last.body.slice(0, 80))}`}` : "nothing";
  const why = readyAt
    ? `Payara logged "ready" but GET /socket.io/?EIO=4&transport=polling answers ${answer}: the WAR failed to deploy or has no Engine.IO endpoint yet`
    : `Payara + app did not answer within ${o.payaraTimeout} s (last answer: ${answer})`;
  // the log is coloured: strip ANSI; keep errors, not the usual SSL warnings
  const severe = tail(logFile, 400)
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n")
    .filter((l) => /SEVERE|Exception|deploy.*fail|failed to deploy/i.test(l))
    .slice(-8)
    .map((l) => l.slice(0, 400))
    .join("\n");
  await s.stop();
  throw new Error(`${why} (log: ${path.relative(REPO, logFile)})${severe ? `\n${severe}` : "\n(no SEVERE line or exception in the log)"}`);
}

// Memory of a server: Java -> live heap after a full GC (jcmd), Node -> the
// /bench-stats hook (gc() then process.memoryUsage()); RSS for both.
async function memorySnapshot(s) {
  const snap = { rss_kb: rssKB(s.pid) };
  if (s.kind === "payara") {
    const jcmd = o.jcmd;
    const gc = sh(jcmd, [String(s.pid), "GC.run"], { timeout: 60000 });
    const hi = sh(jcmd, [String(s.pid), "GC.heap_info"], { timeout: 60000 });
    const m = /used (\d+)K/.exec(hi.out);
    snap.heap_used_kb = m ? Number(m[1]) : null;
    if (!gc.ok || !m) snap.error = `jcmd: ${(gc.out + hi.out).slice(0, 200)}`;
    snap.rss_kb = rssKB(s.pid);
  } else {
    const r = await httpGet(s.port, "/bench-stats", 10000);
    try {
      const j = JSON.parse(r.body);
      snap.heap_used_kb = Math.round(j.heapUsed / 1024);
      snap.external_kb = Math.round((j.external + 0) / 1024); // includes arrayBuffers
      snap.gc_run = j.gcRun;
    } catch {
      snap.error = `bench-stats: ${r.status} ${r.body.slice(0, 100)}`;
    }
    snap.rss_kb = rssKB(s.pid);
  }
  return snap;
}

// ------------------------------------------------------------------ load generator
class LG {
  constructor(name) {
    this.name = name;
    this.child = fork(path.join(BENCH, "loadgen/lg.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.queue = [];
    this.waiters = [];
    this.exited = false;
    this.child.on("message", (m) => {
      const w = this.waiters.shift();
      if (w) w(m);
      else this.queue.push(m);
    });
    this.child.on("exit", (code) => {
      this.exited = true;
      for (const w of this.waiters.splice(0)) w({ phase: "error", error: `load generator exited (${code})` });
    });
  }
  next(timeoutMs) {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    if (this.exited) return Promise.resolve({ phase: "error", error: "load generator exited" });
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve({ phase: "error", error: `load generator: no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      const w = (m) => {
        clearTimeout(t);
        resolve(m);
      };
      this.waiters.push(w);
    });
  }
  async step(msg, expectPhase, timeoutMs) {
    if (!this.exited) this.child.send(msg);
    const m = await this.next(timeoutMs);
    if (m.phase !== expectPhase) throw new Error(m.error || `unexpected ${JSON.stringify(m).slice(0, 200)}`);
    return m;
  }
  async end() {
    if (!this.exited) {
      try {
        await this.step({ cmd: "teardown" }, "closed", 20000);
      } catch {}
    }
    const until = Date.now() + 3000;
    while (!this.exited && Date.now() < until) await sleep(50);
    if (!this.exited) this.child.kill("SIGKILL");
  }
}

// One scenario on one server with K load-generator processes; CPU sampled
// around the measured part only.
async function runLoad(s, scenario, params, { procs = 1, onDone } = {}) {
  const lgs = Array.from({ length: procs }, (_, i) => new LG(`${scenario}#${i}`));
  const t = params.timeoutMs + 15000;
  try {
    await Promise.all(
      lgs.map((lg, i) => {
        const p = { ...params };
        if (procs > 1) p.connections = Math.floor(params.connections / procs) + (i < params.connections % procs ? 1 : 0);
        return lg.step({ cmd: "setup", scenario, host: "127.0.0.1", port: s.port, params: p }, "ready", t);
      })
    );
    if (s.exited) throw new Error("server process is gone");
    const c0 = cpuTicks(s.pid);
    const m0 = machineBusyTicks();
    const w0 = Date.now();
    const done = await Promise.all(lgs.map((lg) => lg.step({ cmd: "go" }, "done", t)));
    const c1 = cpuTicks(s.pid);
    const m1 = machineBusyTicks();
    const wall = (Date.now() - w0) / 1000;
    const results = done.map((d) => d.result);
    const server = (c1 - c0) / CLK_TCK;
    const lgCpu = results.reduce((a, r) => a + (r.lg_cpu_s || 0), 0);
    // CPU burnt by anything else on the machine meanwhile (other processes,
    // the harness itself): a noise indicator for the wall-clock figures
    const other = Math.max(0, (m1 - m0) / CLK_TCK - server - lgCpu);
    const extra = onDone ? await onDone(results) : {};
    return { results, server_cpu_s: server, other_cpu_s: other, harness_wall_s: wall, ...extra };
  } finally {
    await Promise.all(lgs.map((lg) => lg.end()));
  }
}

function combine(results) {
  // several idle load generators -> one result
  if (results.length === 1) return results[0];
  const sum = (k) => results.reduce((a, r) => a + (r[k] || 0), 0);
  const maxWall = Math.max(...results.map((r) => r.wall_s));
  return {
    expected: sum("expected"),
    connected: sum("connected"),
    failed: sum("failed"),
    errors: results.flatMap((r) => r.errors || []).slice(0, 5),
    wall_s: maxWall,
    connects_per_s: Math.round(sum("connected") / maxWall),
    latency_ms_p50: median(results.map((r) => r.latency_ms_p50)),
    latency_ms_p99: Math.max(...results.map((r) => r.latency_ms_p99 || 0)),
    units: sum("units"),
    lg_cpu_s: r3(sum("lg_cpu_s")),
    lg_procs: results.length,
  };
}

const UNIT = { fanout: "deliveries", echo: "round trips", connect: "connections", idle: "connections", "fanout-polling": "deliveries" };

async function runScenario(s, scenario, P) {
  if (scenario === "idle") {
    const params = P.idle;
    const before = await memorySnapshot(s);
    const load = await runLoad(s, "idle", params, {
      procs: params.procs,
      onDone: async (results) => {
        await sleep(params.settleMs);
        const after = await memorySnapshot(s);
        return { after };
      },
    });
    const m = combine(load.results);
    const n = m.connected || 0;
    const after = load.after;
    const per = (k) => (n && before[k] != null && after[k] != null ? Math.round(((after[k] - before[k]) * 1024) / n) : null);
    Object.assign(m, {
      heap_per_conn_bytes: per("heap_used_kb"),
      rss_per_conn_bytes: per("rss_kb"),
      external_per_conn_bytes: per("external_kb"),
      mem_before: before,
      mem_after: after,
      heap_method: s.kind === "payara" ? "jcmd GC.run + GC.heap_info used" : "gc() + process.memoryUsage().heapUsed",
    });
    return { metrics: m, server_cpu_s: load.server_cpu_s, other_cpu_s: load.other_cpu_s, harness_wall_s: load.harness_wall_s };
  }
  const load = await runLoad(s, scenario, P[scenario]);
  return { metrics: load.results[0], server_cpu_s: load.server_cpu_s, other_cpu_s: load.other_cpu_s, harness_wall_s: load.harness_wall_s };
}

function statusOf(scenario, m) {
  if (scenario === "fanout" || scenario === "fanout-polling") return m.lost || m.duplicates || m.bad_payload || m.ack_error ? "partial" : "ok";
  if (scenario === "echo") return m.lost || m.bad_acks ? "partial" : "ok";
  return m.failed ? "partial" : "ok";
}

// ------------------------------------------------------------------ report
const METRICS = {
  idle: [
    ["connected", "connections held", "", "info"],
    ["heap_per_conn_bytes", "live heap / conn (B)", "lower", "chart"],
    ["rss_per_conn_bytes", "RSS / conn (B)", "lower", "chart"],
    ["external_per_conn_bytes", "Node external / conn (B)", "lower", "info"],
    ["rss_after_mb", "server RSS with conns held (MB)", "lower", "info"],
    ["connects_per_s", "connects/s while filling", "higher", "info"],
    ["cpu_s_per_100k", "server CPU s / 100k connections", "lower", "info"],
    ["other_load", "other processes' CPU share (noise)", "", "info"],
  ],
  connect: [
    ["connects_per_s", "connects/s (open + CONNECT acked)", "higher", "chart"],
    ["latency_ms_p50", "connect latency p50 (ms)", "lower", "info"],
    ["latency_ms_p99", "connect latency p99 (ms)", "lower", "info"],
    ["failed", "failed connects", "lower", "info"],
    ["cpu_s_per_100k", "server CPU s / 100k connections", "lower", "chart"],
    ["other_load", "other processes' CPU share (noise)", "", "info"],
  ],
  fanout: [
    ["deliveries_per_s", "deliveries/s", "higher", "chart"],
    ["latency_ms_p50", "delivery latency p50 (ms)", "lower", "info"],
    ["latency_ms_p99", "delivery latency p99 (ms)", "lower", "chart"],
    ["lost", "lost deliveries", "lower", "info"],
    ["cpu_s_per_100k", "server CPU s / 100k deliveries", "lower", "chart"],
    ["lg_cpu_s", "load generator CPU s", "", "info"],
    ["other_load", "other processes' CPU share (noise)", "", "info"],
  ],
  echo: [
    ["round_trips_per_s", "round trips/s", "higher", "chart"],
    ["latency_ms_p50", "round trip p50 (ms)", "lower", "info"],
    ["latency_ms_p99", "round trip p99 (ms)", "lower", "chart"],
    ["lost", "missing acks", "lower", "info"],
    ["cpu_s_per_100k", "server CPU s / 100k round trips", "lower", "chart"],
    ["lg_cpu_s", "load generator CPU s", "", "info"],
    ["other_load", "other processes' CPU share (noise)", "", "info"],
  ],
  "fanout-polling": [
    ["deliveries_per_s", "deliveries/s (long-polling)", "higher", "chart"],
    ["latency_ms_p99", "delivery latency p99 (ms)", "lower", "info"],
    ["lost", "lost deliveries", "lower", "info"],
    ["cpu_s_per_100k", "server CPU s / 100k deliveries", "lower", "chart"],
    ["other_load", "other processes' CPU share (noise)", "", "info"],
  ],
};

const SHORT = { heap_per_conn_bytes: "heap/conn", rss_per_conn_bytes: "RSS/conn", connects_per_s: "conn/s", cpu_s_per_100k: "CPU/100k", deliveries_per_s: "deliv/s", latency_ms_p99: "p99", round_trips_per_s: "rt/s" };
function metricValue(rec, key) {
  if (key === "cpu_s_per_100k") return rec.cpu_s_per_100k;
  if (key === "other_load") return rec.other_load;
  if (key === "rss_after_mb") return rec.metrics.mem_after ? Math.round(rec.metrics.mem_after.rss_kb / 102.4) / 10 : null;
  return rec.metrics[key];
}
function fmt(x) {
  if (x === null || x === undefined) return "–";
  if (Math.abs(x) >= 100) return String(Math.round(x));
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return String(Math.round(x * 1000) / 1000);
}

function writeReport(file, outDir) {
  const recs = fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  if (!recs.length) throw new Error(`no records in ${file}`);
  const first = recs[0];
  const env = first.env || {};
  const labels = [...new Set(recs.map((r) => r.label).filter(Boolean))];
  const impls = {};
  for (const r of recs) if (r.impl) (impls[r.server] ||= new Set()).add(r.impl);
  const scenarios = [...new Set(recs.filter((r) => r.scenario !== "_server").map((r) => r.scenario))];
  const lines = [];
  const isCheck = labels.some((l) => /harness check/i.test(l));
  lines.push(`# socketio-jakarta benchmark: Java (Payara Micro) vs Node (socket.io ${SOCKETIO_VERSION})`);
  lines.push("");
  if (isCheck)
    lines.push(`> **HARNESS CHECK, NOT OUR FIGURES.** Both columns are the Node reference server (the "java" column is a second \`socket.io@${SOCKETIO_VERSION}\` process). Ratios near 1.0 show the harness is fair and how much run-to-run noise to expect.`, "");
  if (labels.length) lines.push(`Label: ${labels.join("; ")}`, "");
  lines.push(`- Date: ${first.date} (session \`${first.session}\`), results: \`${path.relative(outDir, file)}\``);
  lines.push(`- Command: \`${first.command}\``);
  lines.push(`- Machine: ${env.cores} cores (${env.cpu_model}), ${env.mem_gb} GB RAM, Linux ${env.kernel}, nofile ${env.nofile_limit}`);
  lines.push(`- Node ${env.node}; JDK: ${env.jdk}; Payara Micro ${env.payara}; JVM options: \`${env.java_opts || "(none)"}\``);
  for (const [side, set] of Object.entries(impls)) lines.push(`- ${side} side: ${[...set].join(", ")}`);
  lines.push(`- Load generator: Node + ws, hand-written Engine.IO/Socket.IO framing, separate process(es), on the same ${env.cores} cores as the server.`);
  lines.push("");
  const fails = recs.filter((r) => r.status !== "ok");
  const failedServers = recs.filter((r) => r.scenario === "_server" && r.status !== "ok");
  if (failedServers.length) {
    lines.push("## Server failures", "");
    lines.push("The figures of these runs are missing below.", "");
    for (const f of failedServers) {
      const [head, ...rest] = f.error.split("\n");
      lines.push(`- **${f.server}** run ${f.run} (${f.status}): ${head}`);
      if (rest.length) lines.push("", "  ```", ...rest.slice(0, 10).map((l) => "  " + l), "  ```");
    }
    lines.push("");
  }
  lines.push("## Medians over runs", "");
  lines.push("Java/Node > 1 means Java has more of it: good for rows marked *higher*, bad for rows marked *lower*.", "");
  const chart = [];
  for (const sc of scenarios) {
    if (sc === "_server") continue;
    const rs = recs.filter((r) => r.scenario === sc && r.metrics);
    if (!rs.length) continue;
    const by = (srv) => rs.filter((r) => r.server === srv && r.status !== "failed");
    const p = rs[0].params || {};
    lines.push(`### ${sc} — ${describe(sc, p)}`, "");
    lines.push("| metric | better | Node (median) | Java (median) | Java/Node | Node runs | Java runs |");
    lines.push("|---|---|---:|---:|---:|---|---|");
    for (const [key, name, better, role] of METRICS[sc] || []) {
      const nv = by("node").map((r) => metricValue(r, key));
      const jv = by("java").map((r) => metricValue(r, key));
      const nm = median(nv);
      const jm = median(jv);
      const ratio = nm && jm !== null ? jm / nm : null;
      if (nm === null && jm === null) continue;
      lines.push(`| ${name} | ${better || ""} | ${fmt(nm)} | ${fmt(jm)} | ${ratio === null ? "–" : ratio.toFixed(2)} | ${nv.map(fmt).join(", ")} | ${jv.map(fmt).join(", ")} |`);
      if (role === "chart" && ratio !== null && ratio > 0) chart.push({ label: `${sc} ${SHORT[key] || key} ${better === "higher" ? "↑" : "↓"}`, ratio });
    }
    lines.push("");
  }
  if (fails.some((f) => f.scenario !== "_server")) {
    lines.push("## Runs that were not clean", "");
    for (const f of fails) {
      if (f.scenario === "_server") continue;
      lines.push(`- ${f.server} run ${f.run} ${f.scenario}: ${f.status}${f.error ? ` — ${f.error.split("\n")[0]}` : ""}`);
    }
    lines.push("");
  }
  lines.push("## How to read", "");
  lines.push("- CPU = utime+stime of the server process (/proc/PID/stat) during the measured part only (set-up and teardown excluded), per 100,000 units (deliveries, round trips or connections).");
  lines.push("- Fan-out latency = receive time − `ts` set by the server when it emits (same clock, ms); it includes the time the server needs to push the whole burst, so p99 ≈ burst duration.");
  lines.push("- Idle memory: Java = live heap after `jcmd GC.run` (GC.heap_info used); Node = heapUsed after `gc()`; both minus a baseline taken right before connecting, divided by the connections held. RSS likewise (for Java, RSS mostly reflects heap sizing, not live data).");
  lines.push("- Chart: `latest.png`, Java/Node per metric on a log scale; ↑ higher is better, ↓ lower is better.");
  lines.push("- \"other processes' CPU share\": CPU used on the machine by anything but the server and the load generator during the measured part, as a share of all cores. Above ~0.1 the wall-clock figures (rates, latencies) of that run are disturbed; CPU per 100k is much less sensitive.");
  fs.writeFileSync(path.join(outDir, "latest.md"), lines.join("\n") + "\n");
  writeChart(chart, outDir, isCheck ? "HARNESS CHECK (both sides Node) - " : labels.length ? `${labels.join("; ").slice(0, 60)} - ` : "", first.date);
  return lines.join("\n");
}

function describe(sc, p) {
  switch (sc) {
    case "fanout": return `${p.clients} clients in one room, one \`fanout\` of ${p.messages} × ${p.payloadBytes} B (expected ${p.clients * p.messages} deliveries), WebSocket`;
    case "echo": return `${p.clients} clients × ${p.roundTrips} sequential \`echo\` round trips with ack, all clients at once`;
    case "connect": return `${p.connections} full connects (WS open + \`40/bench,\` acknowledged), ${p.concurrency} in flight`;
    case "idle": return `${p.connections} connections held (${p.procs} load-generator processes), memory after a full GC minus baseline`;
    case "fanout-polling": return `${p.clients} long-polling clients, one \`fanout\` of ${p.messages} × ${p.payloadBytes} B`;
    default: return "";
  }
}

function writeChart(chart, outDir, prefix, date) {
  const png = path.join(outDir, "latest.png");
  if (!chart.length) return;
  const gp = sh("sh", ["-c", "command -v gnuplot"]);
  if (!gp.ok) {
    log("gnuplot not found: no chart (run.sh installs gnuplot-nox)");
    return;
  }
  const dat = path.join(WORK, "chart.dat");
  fs.mkdirSync(WORK, { recursive: true });
  fs.writeFileSync(dat, chart.map((c, i) => `${i} "${c.label}" ${c.ratio}`).join("\n") + "\n");
  const title = `${prefix.replace(/"/g, "'")}Java/Node ratio per metric, medians (${date.slice(0, 10)})`;
  const script = `
set terminal pngcairo size 1200,700 font "sans,10"
set output "${png}"
set title "${title}"
set logscale y 2
set yrange [0.125:16]
set ylabel "Java / Node  (log scale; 1 = parity)"
set style fill solid 0.7 border -1
set boxwidth 0.6
set xtics rotate by -30 left nomirror
set grid ytics
set key off
set bmargin 8
set rmargin 8
set arrow from graph 0, first 1 to graph 1, first 1 nohead lc rgb "red" lw 2 front
plot "${dat}" using 1:($3 < 0.125 ? 0.125 : ($3 > 16 ? 16 : $3)):xtic(2) with boxes lc rgb "#4477aa", \\
     "" using 1:($3 < 0.125 ? 0.125 : ($3 > 16 ? 16 : $3)):(sprintf("%.2f", $3)) with labels offset 0,0.8
`;
  const r = spawnSync("gnuplot", [], { input: script, encoding: "utf8", timeout: 30000 });
  if (r.status !== 0) log("gnuplot failed:", r.stderr);
}

// ------------------------------------------------------------------ java preparation
function prepareJava(o) {
  // Payara Micro jar
  if (!fs.existsSync(o.payaraJar)) {
    fs.mkdirSync(WORK, { recursive: true });
    const m2 = path.join(os.homedir(), `.m2/repository/fish/payara/extras/payara-micro/${PAYARA_VERSION}/payara-micro-${PAYARA_VERSION}.jar`);
    if (fs.existsSync(m2)) fs.copyFileSync(m2, o.payaraJar);
    else {
      log(`fetching Payara Micro ${PAYARA_VERSION} with mvn dependency:copy`);
      const r = sh("mvn", ["-B", "-q", "dependency:copy", `-Dartifact=fish.payara.extras:payara-micro:${PAYARA_VERSION}`, `-DoutputDirectory=${WORK}`], { timeout: 300000, cwd: BENCH });
      if (!r.ok || !fs.existsSync(o.payaraJar)) throw new Error(`could not get payara-micro ${PAYARA_VERSION}: ${r.out.slice(-800)}`);
    }
  }
  // WAR
  if (!o.war) {
    const buildDir = path.join(WORK, "target");
    o.war = path.join(buildDir, "socketio-jakarta.war");
    if (o.build) {
      log(`building the WAR: mvn -B -q -DskipTests package -Dsio.build.dir=${path.relative(REPO, buildDir)}`);
      const r = sh("mvn", ["-B", "-q", "-DskipTests", "package", `-Dsio.build.dir=${buildDir}`], { cwd: REPO, timeout: 400000 });
      if (!r.ok) throw new Error(`WAR build failed (mvn exit ${r.status}):\n${r.out.slice(-1500)}`);
    }
  }
  if (!fs.existsSync(o.war)) throw new Error(`no WAR at ${o.war}`);
  // post-boot commands
  o.postbootResolved = fs.existsSync(o.postboot) ? o.postboot : null;
  if (!o.postbootResolved) {
    if (o.postbootExplicit) throw new Error(`post-boot file ${o.postboot} not found`);
    log(`note: ${path.relative(REPO, o.postboot)} not found: Payara starts without --postbootcommandfile`);
  }
  const javaBin = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin/java") : "java";
  const real = sh("sh", ["-c", `readlink -f "$(command -v ${javaBin})"`]).out.trim();
  const jcmd = real ? path.join(path.dirname(real), "jcmd") : "jcmd";
  o.jcmd = fs.existsSync(jcmd) ? jcmd : "jcmd";
}

// ------------------------------------------------------------------ main
let o;
let currentFile = null;
const live = new Set();
async function main() {
  o = parseArgs(process.argv.slice(2));
  fs.mkdirSync(o.out, { recursive: true });
  if (o.report) {
    console.log(writeReport(o.report, o.out));
    return;
  }
  const P = scenarioParams(o);
  const env = machineFacts(o);
  const now = new Date();
  const session = now.toISOString().replace(/[:]/g, "-").replace(/\..*/, "");
  const file = path.join(o.out, `results-${session}.jsonl`);
  currentFile = file;
  const command = `bench/run.sh ${process.argv.slice(2).join(" ")}`.trim();
  log(`session ${session}: servers ${o.servers.join(",")}${o.check ? " (check: java = Node)" : ""}, runs ${o.runs}, scenarios ${o.scenarios.join(",")}${o.quick ? ", quick" : ""}`);
  log(`machine: ${env.cores} cores, ${env.mem_gb} GB, ${env.jdk}, node ${env.node}, nofile ${env.nofile_limit}`);

  let javaBroken = null;
  if (o.servers.includes("java") && !o.check) {
    try {
      prepareJava(o);
    } catch (e) {
      javaBroken = String(e.message);
    }
  }
  const base = { session, date: now.toISOString(), label: o.label, command, env };
  const write = (rec) => fs.appendFileSync(file, JSON.stringify({ ...base, ...rec }) + "\n");

  const servers = new Map();
  for (let run = 1; run <= o.runs; run++) {
    const order = run % 2 ? ["node", "java"] : ["java", "node"];
    for (const side of order.filter((x) => o.servers.includes(x))) {
      if (elapsed() > o.budget) {
        log(`budget of ${o.budget} s used up: skipping ${side} run ${run}`);
        write({ run, server: side, scenario: "_server", status: "skipped", error: "time budget used up" });
        continue;
      }
      const isPayara = side === "java" && !o.check;
      if (isPayara && javaBroken) {
        log(`java run ${run}: not started (${javaBroken.split("\n")[0]})`);
        write({ run, server: side, scenario: "_server", status: "failed", error: javaBroken, impl: `socketio-jakarta on Payara Micro ${PAYARA_VERSION}` });
        continue;
      }
      // a fresh server process per run (or one per session with --reuse-servers)
      let s = servers.get(side);
      if (!s || s.exited) {
        try {
          log(`${side} run ${run}: starting ${isPayara ? "Payara Micro" : "Node server"}`);
          s = isPayara ? await startPayara(o, run) : await startNode(side, o.label, run);
          servers.set(side, s);
          live.add(s);
          const probe = await runLoad(s, "probe", { timeoutMs: 20000 });
          if (!probe.results[0].ok) throw new Error(`probe failed: ${JSON.stringify(probe.results[0])}`);
          log(`${side} run ${run}: pid ${s.pid} port ${s.port} ready${s.startSeconds ? ` in ${s.startSeconds.toFixed(1)} s` : ""}, /bench contract OK`);
          write({ run, server: side, scenario: "_server", status: "ok", impl: s.impl, pid: s.pid, start_s: s.startSeconds || null, rss_kb_at_start: rssKB(s.pid) });
        } catch (e) {
          const msg = String(e.message || e);
          log(`${side} run ${run}: FAILED: ${msg.split("\n")[0]}`);
          write({ run, server: side, scenario: "_server", status: "failed", error: msg, impl: s ? s.impl : undefined });
          if (s) {
            await s.stop();
            live.delete(s);
            servers.delete(side);
          }
          if (isPayara) javaBroken = `${msg} (first seen in run ${run}; later runs not retried)`;
          continue;
        }
      }
      try {
        let warmed = false;
        for (const scenario of o.scenarios) {
          if (elapsed() > o.budget) {
            write({ run, server: side, scenario, status: "skipped", error: "time budget used up", impl: s.impl });
            continue;
          }
          if (!warmed && scenario !== "idle") {
            // warm-up (not recorded): JIT and pools, same on both sides
            await runLoad(s, "fanout", P.warmup.fanout).catch((e) => log(`warm-up fanout: ${e.message}`));
            await runLoad(s, "echo", P.warmup.echo).catch((e) => log(`warm-up echo: ${e.message}`));
            warmed = true;
          }
          const quiet = o.quietWait ? await waitQuiet(o.quietWait * 1000) : null;
          let rec;
          try {
            const r = await runScenario(s, scenario, P);
            const units = r.metrics.units || 0;
            rec = {
              run, server: side, impl: s.impl, scenario, status: statusOf(scenario, r.metrics),
              params: P[scenario],
              metrics: r.metrics,
              server_cpu_s: r3(r.server_cpu_s),
              cpu_s_per_100k: units ? r3((r.server_cpu_s / units) * 100000) : null,
              cpu_unit: UNIT[scenario],
              wall_s: r.metrics.wall_s,
              lg_cpu_s: r.metrics.lg_cpu_s,
              other_cpu_s: r3(r.other_cpu_s),
              // share of the machine's CPU capacity used by other processes during the measured part
              other_load: r.metrics.wall_s ? r3(r.other_cpu_s / (r.metrics.wall_s * os.cpus().length)) : null,
              machine_load_before: quiet,
            };
          } catch (e) {
            rec = { run, server: side, impl: s.impl, scenario, status: "failed", params: P[scenario], error: String(e.message || e) };
          }
          write(rec);
          const m = rec.metrics || {};
          const head = { fanout: `${m.deliveries_per_s} deliv/s p50 ${m.latency_ms_p50} p99 ${m.latency_ms_p99} ms lost ${m.lost}`, echo: `${m.round_trips_per_s} rt/s p50 ${m.latency_ms_p50} p99 ${m.latency_ms_p99} ms`, connect: `${m.connects_per_s} conn/s p99 ${m.latency_ms_p99} ms failed ${m.failed}`, idle: `${m.connected} held, heap ${m.heap_per_conn_bytes} B/conn, RSS ${m.rss_per_conn_bytes} B/conn`, "fanout-polling": `${m.deliveries_per_s} deliv/s lost ${m.lost}` }[scenario];
          log(`${side} run ${run} ${scenario}: ${rec.status}${rec.error ? ` ${rec.error.split("\n")[0]}` : ` ${head}; server CPU ${rec.server_cpu_s} s = ${rec.cpu_s_per_100k} s/100k ${rec.cpu_unit}; LG CPU ${rec.lg_cpu_s} s`}`);
          if (s.exited) {
            log(`${side} server died during ${scenario}`);
            break;
          }
        }
      } finally {
        if (o.freshPerRun || s.exited) {
          await s.stop();
          live.delete(s);
          servers.delete(side);
        }
      }
      // let the sockets of the last turn drain before the other side starts
      await sleep(1000);
    }
  }
  for (const [side, srv] of servers) {
    await srv.stop();
    live.delete(srv);
  }
  log(`results: ${path.relative(REPO, file)}`);
  writeReport(file, o.out);
  log(`report: ${path.relative(REPO, path.join(o.out, "latest.md"))}, chart: ${path.relative(REPO, path.join(o.out, "latest.png"))} (total ${elapsed().toFixed(0)} s)`);
}

async function cleanup() {
  await Promise.all([...live].map((s) => s.stop()));
}
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    log(`${sig}: stopping servers`);
    await cleanup();
    // still report what was measured so far
    if (currentFile && fs.existsSync(currentFile)) {
      try {
        writeReport(currentFile, o.out);
        log(`partial report: ${path.relative(REPO, path.join(o.out, "latest.md"))}`);
      } catch (e) {
        log(`no report: ${e.message}`);
      }
    }
    process.exit(130);
  });
}
main().catch(async (e) => {
  console.error(e.stack || e);
  await cleanup();
  process.exit(1);
});
