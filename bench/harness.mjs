// Benchmark harness: our Jakarta server (the WAR on Payara Micro 6, Payara
// Micro 7 and WildFly 39) vs the Node reference (socket.io 4.8.4), same load
// generator, same run, taking turns. Start it through ./run.sh (which raises
// the fd limit, installs what is missing and bounds the whole command);
// `node harness.mjs --help` lists the options.
//
// Per run r = 1..R the servers take turns: in the listed order on odd runs,
// in reverse order on even runs. Each turn starts a fresh server process on
// fresh ports (--reuse-servers: one process per server for the session),
// checks the /bench contract, runs the scenarios against it one after the
// other with separate load-generator processes, and stops it. Only the server
// whose turn it is runs. Server CPU = utime+stime of the server's JVM or Node
// PID (/proc/PID/stat) sampled right before and right after the measured part
// of each scenario.
import { spawn, spawnSync, fork } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { threadTicks, threadTicksDelta } from "./lib/processes.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH, "..");
const WORK = path.join(BENCH, "work");
const LOGS = path.join(WORK, "logs");
const SOCKETIO_VERSION = "4.8.4";
const WILDFLY_VERSION = "39.0.1.Final";
const T_START = Date.now();

// The servers the harness knows, in report order. `kind` says how it is
// started; `jdk` which Java runs it ("default" = JAVA_HOME or the java on PATH,
// "jdk21" = --jdk21-home, as the pom's payara7 profile).
const SERVERS = {
  node: { kind: "node", name: "Node", title: `socket.io@${SOCKETIO_VERSION} (Node reference)` },
  node2: { kind: "node", name: "Node #2", title: `socket.io@${SOCKETIO_VERSION}, a second Node reference process (harness check)` },
  payara6: { kind: "payara", name: "Payara 6", version: "6.2025.10", jdk: "default", title: "socketio-jakarta on Payara Micro 6.2025.10" },
  payara7: { kind: "payara", name: "Payara 7", version: "7.2025.1", jdk: "jdk21", title: "socketio-jakarta on Payara Micro 7.2025.1" },
  wildfly: { kind: "wildfly", name: "WildFly 39", version: WILDFLY_VERSION, jdk: "default", title: `socketio-jakarta on WildFly ${WILDFLY_VERSION} (standalone-microprofile.xml)` },
};
const SERVER_ALIASES = { java: ["payara6"], all: ["node", "payara6", "payara7", "wildfly"] };
// Old result files called the Payara 6 column "java" (and the check's second Node "java" too).
function serverId(rec) {
  if (rec.server !== "java") return rec.server;
  return /harness check/i.test(rec.label || "") ? "node2" : "payara6";
}
// The time budget: 480 s for the default session (Node and one Java server,
// 3 runs), which run.sh must finish within 10 minutes; with more Java servers,
// per run 60 s per Node server and 200 s per Java server (a Java turn on the
// busy 2-core machine, load average 15-45: start-up 15-95 s, idle 40-120 s,
// the rest 50-150 s; on a quiet one ~80 s).
const TURN_SECONDS = { node: 60, java: 200 };
function defaultBudget(o) {
  const java = o.servers.filter((id) => SERVERS[id].kind !== "node").length;
  if (java <= 1) return 480;
  return Math.max(480, o.runs * ((o.servers.length - java) * TURN_SECONDS.node + java * TURN_SECONDS.java));
}

// ------------------------------------------------------------------ options
const HELP = `usage: bench/run.sh [options]

  --servers LIST      comma-separated, run in this order on odd runs and in
                      reverse on even runs: node, payara6 (Payara Micro 6.2025.10,
                      Java 17), payara7 (Payara Micro 7.2025.1, --jdk21-home),
                      wildfly (WildFly ${WILDFLY_VERSION}, Java 17); "java" = payara6,
                      "all" = node,payara6,payara7,wildfly. Default: node,payara6
  --check             harness check: servers node,node2, both the Node reference
                      (proves the plumbing; results are labelled "harness check",
                      not our figures)
  --runs N            runs per scenario per server (default 3; --quick: 1)
  --scenarios LIST    idle,connect,fanout,echo (default); also: fanout-polling
  --quick             small counts, 1 run: a smoke test of the whole chain
  --idle-conns N      idle connections (default 10000; --quick: 1000)
  --lg-procs N        load-generator processes for idle (default 2)
  --war PATH          WAR to deploy (default: build the repo with
                      mvn -B -q -DskipTests package -Dsio.build.dir=bench/work/target)
  --no-build          use bench/work/target/socketio-jakarta.war as it is
  --payara-jar PATH   Payara Micro 6 jar (default bench/work/payara-micro-6.2025.10.jar,
                      copied from ~/.m2 or fetched with mvn dependency:copy)
  --payara7-jar PATH  Payara Micro 7 jar (default bench/work/payara-micro-7.2025.1.jar, same)
  --jdk21-home DIR    JDK for Payara 7 (default $BENCH_JDK21_HOME or
                      /usr/lib/jvm/temurin-25-jdk-amd64)
  --wildfly-home DIR  WildFly installation (default bench/work/wildfly-${WILDFLY_VERSION},
                      unpacked once with mvn dependency:unpack of
                      org.wildfly:wildfly-dist:${WILDFLY_VERSION}:tar.gz)
  --preboot PATH      Payara pre-boot asadmin file (default
                      server-config/payara/pre-boot-commands.asadmin if present)
  --java-opts "..."   extra JVM options for every Java server (default:
                      $BENCH_JAVA_OPTS or none; WildFly keeps its standalone.conf
                      defaults, -Xms64m -Xmx512m, and gets these after them)
  --start-timeout S   seconds to wait for a Java server + the app to answer
                      (default 180; --payara-timeout is the old name)
  --budget S          start no new scenario or server after S seconds (default
                      480 with at most one Java server; else runs x (${TURN_SECONDS.node} per
                      Node server + ${TURN_SECONDS.java} per Java server), at least 480:
                      1980 for --servers all, 1320 with --runs 2); one more
                      scenario may still run; run.sh kills everything at
                      budget + 110 s (budget + 180 s above 480) and a partial
                      report is written)
  --out DIR           results folder (default bench/results)
  --label TEXT        free label stored with every result line
  --reuse-servers     keep one server process per server for the whole session
                      (faster: one Java start-up each; but the idle RSS rows of
                      later runs are then meaningless). Default: a fresh
                      server process per server per run, stopped after its turn
  --polling-warmup N  rounds of the unrecorded long-polling warm-up, when
                      fanout-polling is measured (default 40, each 100 clients x
                      100 messages: with 10, Payara's JIT still compiled the
                      HTTP path in the measured window; with 40 it was quiet)
  --quiet-wait S      before each scenario, wait up to S s (default 3; 0 = off)
                      for the rest of the machine to use < 15% of the cores
  --report FILE       only (re)write latest.md and the chart from a results jsonl
  --print-budget      print the time budget in seconds for these options and exit
                      (run.sh sizes its outer timeout with it)
`;

function expandServers(list) {
  const out = [];
  for (const id of list.split(",").map((x) => x.trim()).filter(Boolean)) {
    for (const s of SERVER_ALIASES[id] || [id]) {
      if (!SERVERS[s]) throw new Error(`unknown server ${id} (known: ${Object.keys(SERVERS).join(", ")}, java, all)`);
      if (!out.includes(s)) out.push(s);
    }
  }
  if (!out.length) throw new Error("--servers: empty list");
  return out;
}

function parseArgs(argv) {
  const o = {
    servers: null,
    check: false,
    runs: null,
    scenarios: ["idle", "connect", "fanout", "echo"],
    quick: false,
    idleConns: null,
    lgProcs: 2,
    war: null,
    build: true,
    payaraJars: {
      payara6: path.join(WORK, `payara-micro-${SERVERS.payara6.version}.jar`),
      payara7: path.join(WORK, `payara-micro-${SERVERS.payara7.version}.jar`),
    },
    jdk21Home: process.env.BENCH_JDK21_HOME || "/usr/lib/jvm/temurin-25-jdk-amd64",
    wildflyHome: path.join(WORK, `wildfly-${WILDFLY_VERSION}`),
    preboot: path.join(REPO, "server-config/payara/pre-boot-commands.asadmin"),
    prebootExplicit: false,
    javaOpts: process.env.BENCH_JAVA_OPTS || "",
    startTimeout: 180,
    budget: null,
    out: path.join(BENCH, "results"),
    label: "",
    report: null,
    printBudget: false,
    quietWait: 3,
    pollingWarmup: 40,
    freshPerRun: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case "--servers": o.servers = expandServers(v()); break;
      case "--check": o.check = true; break;
      case "--runs": o.runs = Number(v()); break;
      case "--scenarios": o.scenarios = v().split(",").filter(Boolean); break;
      case "--quick": o.quick = true; break;
      case "--idle-conns": o.idleConns = Number(v()); break;
      case "--lg-procs": o.lgProcs = Number(v()); break;
      case "--war": o.war = path.resolve(v()); o.build = false; break;
      case "--no-build": o.build = false; break;
      case "--payara-jar": o.payaraJars.payara6 = path.resolve(v()); break;
      case "--payara7-jar": o.payaraJars.payara7 = path.resolve(v()); break;
      case "--jdk21-home": o.jdk21Home = path.resolve(v()); break;
      case "--wildfly-home": o.wildflyHome = path.resolve(v()); break;
      case "--preboot": o.preboot = path.resolve(v()); o.prebootExplicit = true; break;
      case "--java-opts": o.javaOpts = v(); break;
      case "--start-timeout": case "--payara-timeout": o.startTimeout = Number(v()); break;
      case "--budget": o.budget = Number(v()); break;
      case "--out": o.out = path.resolve(v()); break;
      case "--label": o.label = v(); break;
      case "--report": o.report = path.resolve(v()); break;
      case "--print-budget": o.printBudget = true; break;
      case "--quiet-wait": o.quietWait = Number(v()); break;
      case "--polling-warmup": o.pollingWarmup = Math.max(1, Math.min(50, Number(v()) || 1)); break;
      case "--reuse-servers": o.freshPerRun = false; break;
      case "-h": case "--help": console.log(HELP); process.exit(0);
      default: throw new Error(`unknown option ${a}\n${HELP}`);
    }
  }
  if (o.runs === null) o.runs = o.quick ? 1 : 3;
  if (!(o.runs >= 1)) throw new Error("--runs must be at least 1");
  if (o.idleConns === null) o.idleConns = o.quick ? 1000 : 10000;
  const known = ["idle", "connect", "fanout", "echo", "fanout-polling"];
  for (const s of o.scenarios) if (!known.includes(s)) throw new Error(`unknown scenario ${s} (known: ${known.join(", ")})`);
  if (o.check) {
    o.servers ||= ["node", "node2"];
    const bad = o.servers.filter((s) => SERVERS[s].kind !== "node");
    if (bad.length) throw new Error(`--check runs Node reference servers only (node, node2), not ${bad.join(", ")}`);
    if (!o.label) o.label = "harness check (node2 = second Node reference server)";
  }
  o.servers ||= ["node", "payara6"];
  if (o.budget === null) o.budget = defaultBudget(o);
  return o;
}

function scenarioParams(o) {
  const q = o.quick;
  return {
    fanout: { clients: q ? 200 : 1000, messages: q ? 50 : 200, payloadBytes: 100, concurrency: 100, room: "bench-room", quietMs: 3000, timeoutMs: 60000 },
    echo: { clients: q ? 20 : 100, roundTrips: q ? 50 : 200, concurrency: 50, timeoutMs: 60000 },
    connect: { connections: q ? 300 : 2000, concurrency: 50, timeoutMs: 60000 },
    idle: { connections: o.idleConns, procs: Math.max(1, o.lgProcs), concurrency: 100, settleMs: 2000, timeoutMs: 90000 },
    // 10 bursts of 50 in one measured window: one burst was 0.05-0.4 s of CPU, a few ticks of /proc
    "fanout-polling": { clients: q ? 20 : 100, messages: q ? 20 : 50, rounds: q ? 2 : 10, payloadBytes: 100, room: "poll-room", quietMs: 3000, timeoutMs: 60000 },
    // not recorded, same on every server: enough traffic that the measured window is not mostly the
    // JIT compiling (with 2,000 echo round trips a third of Java's echo CPU was C1/C2 threads)
    warmup: {
      fanout: { clients: q ? 200 : 500, messages: q ? 50 : 100, payloadBytes: 100, concurrency: 100, room: "warm-room", quietMs: 3000, timeoutMs: 30000 },
      echo: { clients: q ? 20 : 100, roundTrips: q ? 100 : 200, concurrency: 50, timeoutMs: 30000 },
      // only when fanout-polling is measured: its HTTP path (parked polls, POSTs) is not the WebSocket one
      "fanout-polling": { clients: q ? 20 : 100, messages: q ? 20 : 100, payloadBytes: 100, room: "warm-poll-room", quietMs: 3000, timeoutMs: 30000 },
    },
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
// write()/writev() calls of a process, all threads (/proc/PID/io syscw): Java NIO
// and libuv write sockets with these, so per delivered frame it shows how many
// frames a server packs into one write
function writeCalls(pid) {
  try {
    const m = /syscw:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/io`, "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
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

function javaVersion(javaBin) {
  return sh(javaBin, ["-version"]).out.split("\n").filter(Boolean).slice(0, 2).join(" / ");
}
// The java binary a server runs on, and the jcmd beside it (same JDK: jcmd
// must match the target JVM).
function javaFor(o, id) {
  const def = SERVERS[id];
  const bin = def.jdk === "jdk21" ? path.join(o.jdk21Home, "bin/java") : process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin/java") : "java";
  const real = sh("sh", ["-c", `readlink -f "$(command -v '${bin}')"`]).out.trim();
  const jcmd = real ? path.join(path.dirname(real), "jcmd") : "jcmd";
  return { java: bin, javaReal: real || bin, jcmd: fs.existsSync(jcmd) ? jcmd : "jcmd" };
}

function machineFacts(o) {
  const mem = /MemTotal:\s+(\d+)/.exec(fs.readFileSync("/proc/meminfo", "utf8"));
  // per server: what runs, its version and its JDK
  const servers = {};
  for (const id of o.servers) {
    const def = SERVERS[id];
    const f = { name: def.name, title: def.title };
    if (def.kind === "node") f.runtime = `Node ${process.version}`;
    else {
      const j = javaFor(o, id);
      Object.assign(f, { version: def.version, java: j.javaReal, jdk: javaVersion(j.java), java_opts: o.javaOpts || "" });
      if (def.kind === "wildfly") f.java_opts = `${wildflyStockOpts()}${o.javaOpts ? " " + o.javaOpts : ""} (standalone.conf)`;
    }
    servers[id] = f;
  }
  const defJava = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin/java") : "java";
  return {
    cores: os.cpus().length,
    cpu_model: (os.cpus()[0] || {}).model || null,
    mem_gb: mem ? Math.round((Number(mem[1]) / 1048576) * 10) / 10 : null,
    kernel: os.release(),
    node: process.version,
    jdk: javaVersion(defJava),
    socketio: SOCKETIO_VERSION,
    servers,
    java_opts: o.javaOpts || "",
    nofile_limit: sh("sh", ["-c", "ulimit -n"]).out.trim(),
    clk_tck: CLK_TCK,
  };
}

// ------------------------------------------------------------------ servers
class ServerProc {
  constructor(id, impl) {
    this.id = id; // the server id (column in the report)
    this.kind = SERVERS[id].kind; // "node" | "payara" | "wildfly"
    this.impl = impl;
    this.child = null; // what we spawned (for WildFly: standalone.sh)
    this.pid = null; // the process measured: Node or the server's JVM
    this.port = null;
    this.exited = false;
  }
  pidAlive() {
    try {
      process.kill(this.pid, 0);
      return fs.readFileSync(`/proc/${this.pid}/stat`, "utf8").split(") ")[1][0] !== "Z";
    } catch {
      return false;
    }
  }
  async stop(waitMs = 15000) {
    if (!this.child) return;
    if (this.kind === "wildfly") {
      // TERM to the JVM itself (WildFly shuts down on it; standalone.sh then
      // exits); KILL the whole process group if either is still there
      if (this.pid && this.pidAlive()) {
        try { process.kill(this.pid, "SIGTERM"); } catch {}
      } else if (!this.exited) this.child.kill("SIGTERM");
      const until = Date.now() + waitMs;
      while ((!this.exited || (this.pid && this.pidAlive())) && Date.now() < until) await sleep(100);
      if (!this.exited || (this.pid && this.pidAlive())) {
        try { process.kill(-this.child.pid, "SIGKILL"); } catch {}
        if (this.pid) try { process.kill(this.pid, "SIGKILL"); } catch {}
        await sleep(300);
      }
      // the per-run copy of standalone/: its log is in the console log already
      if (this.baseDir) fs.rmSync(this.baseDir, { recursive: true, force: true });
      return;
    }
    if (this.exited) return;
    this.child.kill("SIGTERM");
    const until = Date.now() + waitMs;
    while (!this.exited && Date.now() < until) await sleep(100);
    if (!this.exited) {
      this.child.kill("SIGKILL");
      await sleep(300);
    }
  }
}

async function startNode(id, runNo) {
  const s = new ServerProc(id, SERVERS[id].title);
  s.port = await freePort();
  fs.mkdirSync(LOGS, { recursive: true });
  const logFile = path.join(LOGS, `${id}-run${runNo}.log`);
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
// errors from a server log (coloured on Payara: strip ANSI), not the usual SSL warnings
function severeLines(file) {
  return tail(file, 600)
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n")
    .filter((l) => /SEVERE|ERROR|Exception|deploy.*fail|failed to deploy/i.test(l))
    .slice(-8)
    .map((l) => l.slice(0, 400))
    .join("\n");
}

// the environment of every Java server: the bench namespace on; the chat
// gateway needs a token verification key to deploy: the development key pair will do here
const JAVA_ENV = { SOCKETIO_BENCH_ENABLED: "true", SOCKETIO_AUTH_DEV_MODE: "true" };

// Poll GET /socket.io/?EIO=4&transport=polling until the app answers an Engine.IO
// open packet: a server can be up while the deployment failed (Payara still
// logs "ready"). `state()` returns { ready: bool (server says it is up),
// failed: text (the server says the deployment failed) }.
async function waitForApp(s, o, logFile, state) {
  const t0 = Date.now();
  const until = t0 + o.startTimeout * 1000;
  let readyAt = null;
  let last = null;
  let failed = null;
  while (Date.now() < until) {
    if (s.exited || (s.pid && !s.pidAlive())) throw new Error(`${SERVERS[s.id].name} exited during start-up (log ${path.relative(REPO, logFile)}):\n${severeLines(logFile) || tail(logFile, 12)}`);
    const r = await httpGet(s.port, "/socket.io/?EIO=4&transport=polling", 2000);
    last = r;
    if (r.status === 200 && r.body.startsWith("0{")) {
      s.startSeconds = (Date.now() - t0) / 1000;
      return;
    }
    const st = state();
    if (st.failed) {
      failed = st.failed;
      break;
    }
    if (!readyAt && st.ready) readyAt = Date.now();
    // "ready" logged but the app does not answer: the deployment failed
    if (readyAt && Date.now() - readyAt > 15000) break;
    await sleep(500);
  }
  const name = SERVERS[s.id].name;
  const answer = last ? `${last.status}${/^\s*</.test(last.body) ? " (an HTML page)" : ` ${JSON.stringify(last.body.slice(0, 80))}`}` : "nothing";
  const why = failed
    ? `${name}: the deployment failed: ${failed}`
    : readyAt
      ? `${name} says it is up but GET /socket.io/?EIO=4&transport=polling answers ${answer}: the WAR failed to deploy or has no Engine.IO endpoint yet`
      : `${name} + app did not answer within ${o.startTimeout} s (last answer: ${answer})`;
  const severe = severeLines(logFile);
  await s.stop();
  throw new Error(`${why} (log: ${path.relative(REPO, logFile)})${severe ? `\n${severe}` : "\n(no SEVERE/ERROR line or exception in the log)"}`);
}

async function startPayara(o, id, runNo) {
  const def = SERVERS[id];
  const j = o.java[id];
  const s = new ServerProc(id, def.title);
  s.jcmd = j.jcmd;
  s.port = await freePort();
  fs.mkdirSync(LOGS, { recursive: true });
  const logFile = path.join(LOGS, `${id}-run${runNo}.log`);
  s.logFile = logFile;
  const out = fs.openSync(logFile, "w");
  const args = [
    ...o.javaOpts.split(/\s+/).filter(Boolean),
    "-jar", o.payaraJars[id],
    "--nocluster", "--port", String(s.port), "--contextroot", "/",
    "--deploy", o.war,
  ];
  if (o.prebootResolved) args.push("--prebootcommandfile", o.prebootResolved);
  s.cmd = `${j.java} ${args.join(" ")}`;
  s.child = spawn(j.java, args, { stdio: ["ignore", out, out], env: { ...process.env, ...JAVA_ENV } });
  fs.closeSync(out);
  s.pid = s.child.pid;
  s.child.on("exit", () => (s.exited = true));
  live.add(s); // stoppable on SIGTERM even while starting
  try {
    await waitForApp(s, o, logFile, () => ({ ready: /Payara Micro.*ready/i.test(tail(logFile, 400)) }));
  } finally {
    live.delete(s);
  }
  return s;
}

// standalone.conf's JAVA_OPTS when none is set (WildFly 39): kept as they are
// so WildFly runs stock; --java-opts are appended to them
function wildflyStockOpts() {
  return "-Xms64m -Xmx512m -Djava.net.preferIPv4Stack=true -Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true";
}

// WildFly: standalone.sh -c standalone-microprofile.xml on a fresh copy of
// standalone/ (jboss.server.base.dir) with the WAR as deployments/ROOT.war
// (context root /), bound to 127.0.0.1 on free ports. standalone.sh forks the
// JVM: LAUNCH_JBOSS_IN_BACKGROUND makes it write the JVM's PID to
// JBOSS_PIDFILE and forward signals; that PID is the one measured and stopped.
async function startWildfly(o, id, runNo) {
  const def = SERVERS[id];
  const j = o.java[id];
  const s = new ServerProc(id, def.title);
  s.jcmd = j.jcmd;
  const [http, https, mgmt, mgmtHttps] = [await freePort(), await freePort(), await freePort(), await freePort()];
  s.port = http;
  // per session and run, so that no two server processes ever share one (removed when it stops)
  const base = path.join(WORK, "wildfly-base", `${o.session}-${id}-run${runNo}`);
  fs.rmSync(base, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(base), { recursive: true });
  fs.cpSync(path.join(o.wildflyHome, "standalone"), base, { recursive: true });
  fs.copyFileSync(o.war, path.join(base, "deployments", "ROOT.war"));
  fs.mkdirSync(LOGS, { recursive: true });
  const consoleLog = path.join(LOGS, `${id}-run${runNo}.log`);
  s.logFile = consoleLog;
  s.baseDir = base;
  const pidFile = path.join(base, "jvm.pid");
  const args = [
    "-c", "standalone-microprofile.xml",
    "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
    `-Djboss.server.base.dir=${base}`,
    `-Djboss.http.port=${http}`, `-Djboss.https.port=${https}`,
    `-Djboss.management.http.port=${mgmt}`, `-Djboss.management.https.port=${mgmtHttps}`,
  ];
  const env = { ...process.env, ...JAVA_ENV, JAVA: j.java, LAUNCH_JBOSS_IN_BACKGROUND: "1", JBOSS_PIDFILE: pidFile };
  if (o.javaOpts) env.JAVA_OPTS = `${wildflyStockOpts()} ${o.javaOpts}`;
  else delete env.JAVA_OPTS;
  const out = fs.openSync(consoleLog, "w");
  s.cmd = `standalone.sh ${args.join(" ")}`;
  // its own process group, so that a stuck start-up can be killed as a whole
  s.child = spawn(path.join(o.wildflyHome, "bin/standalone.sh"), args, { stdio: ["ignore", out, out], env, detached: true });
  fs.closeSync(out);
  s.child.on("exit", () => (s.exited = true));
  live.add(s); // stoppable on SIGTERM even while starting
  try {
    // the JVM's PID: from the pid file, else the java child of the shell
    const until = Date.now() + 30000;
    while (!s.pid && Date.now() < until) {
      if (s.exited) throw new Error(`standalone.sh exited during start-up (log ${path.relative(REPO, consoleLog)}):\n${severeLines(consoleLog) || tail(consoleLog, 12)}`);
      const txt = fs.existsSync(pidFile) ? fs.readFileSync(pidFile, "utf8").trim() : "";
      if (/^\d+$/.test(txt)) s.pid = Number(txt);
      else {
        const kids = sh("sh", ["-c", `cat /proc/${s.child.pid}/task/*/children 2>/dev/null`]).out.trim().split(/\s+/).filter(Boolean);
        for (const k of kids) {
          try {
            if (fs.readFileSync(`/proc/${k}/comm`, "utf8").trim() === "java" && fs.readFileSync(`/proc/${k}/cmdline`, "utf8").includes("jboss-modules")) s.pid = Number(k);
          } catch {}
        }
      }
      if (!s.pid) await sleep(200);
    }
    if (!s.pid) throw new Error(`WildFly's JVM did not appear within 30 s (log ${path.relative(REPO, consoleLog)}):\n${tail(consoleLog, 12)}`);
    const marker = (m) => path.join(base, "deployments", `ROOT.war.${m}`);
    // the console log has what server.log has (INFO and up), and also what fails before logging starts
    await waitForApp(s, o, consoleLog, () => ({
      ready: /WFLYSRV0025/.test(tail(consoleLog, 400)),
      failed: fs.existsSync(marker("failed")) ? fs.readFileSync(marker("failed"), "utf8").slice(0, 600) : null,
    }));
    return s;
  } catch (e) {
    await s.stop();
    throw e;
  } finally {
    live.delete(s);
  }
}

function startServer(o, id, runNo) {
  switch (SERVERS[id].kind) {
    case "node": return startNode(id, runNo);
    case "payara": return startPayara(o, id, runNo);
    case "wildfly": return startWildfly(o, id, runNo);
  }
}

// Memory of a server: Java -> live heap after a full GC (jcmd on the JVM's
// PID, from the JDK that runs it), Node -> the /bench-stats hook (gc() then
// process.memoryUsage()); RSS for both.
async function memorySnapshot(s) {
  const snap = { rss_kb: rssKB(s.pid) };
  if (s.kind !== "node") {
    const gc = sh(s.jcmd, [String(s.pid), "GC.run"], { timeout: 60000 });
    const hi = sh(s.jcmd, [String(s.pid), "GC.heap_info"], { timeout: 60000 });
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
    // per thread kind (JIT compiler, GC) for Java servers: tells compilation still going on in the
    // measured window from the work itself (a Node server's threads have other names: no split)
    const t0 = threadTicks(s.pid);
    const c0 = cpuTicks(s.pid);
    const wr0 = writeCalls(s.pid);
    const m0 = machineBusyTicks();
    const w0 = Date.now();
    const done = await Promise.all(lgs.map((lg) => lg.step({ cmd: "go" }, "done", t)));
    const c1 = cpuTicks(s.pid);
    const byKind = threadTicksDelta(t0, threadTicks(s.pid));
    const wr1 = writeCalls(s.pid);
    const m1 = machineBusyTicks();
    const wall = (Date.now() - w0) / 1000;
    const results = done.map((d) => d.result);
    const server = (c1 - c0) / CLK_TCK;
    const lgCpu = results.reduce((a, r) => a + (r.lg_cpu_s || 0), 0);
    // CPU burnt by anything else on the machine meanwhile (other processes,
    // the harness itself): a noise indicator for the wall-clock figures
    const other = Math.max(0, (m1 - m0) / CLK_TCK - server - lgCpu);
    const extra = onDone ? await onDone(results) : {};
    const writes = wr0 !== null && wr1 !== null ? wr1 - wr0 : null;
    const split = { jit_cpu_s: (byKind.jit || 0) / CLK_TCK, gc_cpu_s: (byKind.gc || 0) / CLK_TCK };
    return { results, server_cpu_s: server, ...split, server_writes: writes, other_cpu_s: other, harness_wall_s: wall, ...extra };
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
      heap_method: s.kind !== "node" ? "jcmd GC.run + GC.heap_info used" : "gc() + process.memoryUsage().heapUsed",
    });
    return { metrics: m, server_cpu_s: load.server_cpu_s, jit_cpu_s: load.jit_cpu_s, gc_cpu_s: load.gc_cpu_s, server_writes: load.server_writes, other_cpu_s: load.other_cpu_s, harness_wall_s: load.harness_wall_s };
  }
  const load = await runLoad(s, scenario, P[scenario]);
  return { metrics: load.results[0], server_cpu_s: load.server_cpu_s, jit_cpu_s: load.jit_cpu_s, gc_cpu_s: load.gc_cpu_s, server_writes: load.server_writes, other_cpu_s: load.other_cpu_s, harness_wall_s: load.harness_wall_s };
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
    ["writes_per_unit", "server write calls / delivery", "", "info"],
    ["lg_cpu_s", "load generator CPU s", "", "info"],
    ["other_load", "other processes' CPU share (noise)", "", "info"],
  ],
  echo: [
    ["round_trips_per_s", "round trips/s", "higher", "chart"],
    ["latency_ms_p50", "round trip p50 (ms)", "lower", "info"],
    ["latency_ms_p99", "round trip p99 (ms)", "lower", "chart"],
    ["lost", "missing acks", "lower", "info"],
    ["cpu_s_per_100k", "server CPU s / 100k round trips", "lower", "chart"],
    ["writes_per_unit", "server write calls / round trip", "", "info"],
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
  if (key === "writes_per_unit") return rec.writes_per_unit ?? null;
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
  for (const r of recs) r.server = serverId(r);
  const first = recs[0];
  const env = first.env || {};
  const labels = [...new Set(recs.map((r) => r.label).filter(Boolean))];
  const known = Object.keys(SERVERS);
  const present = [...new Set(recs.map((r) => r.server))].sort((a, b) => known.indexOf(a) - known.indexOf(b));
  const others = present.filter((id) => id !== "node"); // compared with Node
  const nameOf = (id) => (SERVERS[id] ? SERVERS[id].name : id);
  const impls = {};
  for (const r of recs) if (r.impl) (impls[r.server] ||= new Set()).add(r.impl);
  const scenarios = [...new Set(recs.filter((r) => r.scenario !== "_server").map((r) => r.scenario))];
  const maxRun = Math.max(...recs.map((r) => r.run || 1));
  const lines = [];
  const isCheck = labels.some((l) => /harness check/i.test(l));
  const javaNames = others.filter((id) => SERVERS[id] && SERVERS[id].kind !== "node").map(nameOf);
  lines.push(javaNames.length ? `# socketio-jakarta benchmark: our WAR on ${javaNames.join(", ")} vs Node (socket.io ${SOCKETIO_VERSION})` : `# socketio-jakarta benchmark harness: ${present.map(nameOf).join(", ")} (socket.io ${SOCKETIO_VERSION})`);
  lines.push("");
  if (isCheck)
    lines.push(`> **HARNESS CHECK, NOT OUR FIGURES.** Every column is the Node reference server (\`${nameOf("node2")}\` is a second \`socket.io@${SOCKETIO_VERSION}\` process). Ratios near 1.0 show the harness is fair and how much run-to-run noise to expect.`, "");
  if (labels.length) lines.push(`Label: ${labels.join("; ")}`, "");
  lines.push(`- Date: ${first.date} (session \`${first.session}\`), results: \`${path.relative(outDir, file)}\``);
  lines.push(`- Command: \`${first.command}\``);
  lines.push(`- Machine: ${env.cores} cores (${env.cpu_model}), ${env.mem_gb} GB RAM, Linux ${env.kernel}, nofile ${env.nofile_limit}; Node ${env.node} (load generator and Node reference)`);
  lines.push(`- Servers (${maxRun} run${maxRun > 1 ? "s" : ""}; each run starts a fresh process per server, one server at a time, in the order ${present.map(nameOf).join(" → ")} on odd runs and the reverse on even runs):`);
  for (const id of present) {
    const f = (env.servers || {})[id];
    const starts = recs.filter((r) => r.server === id && r.scenario === "_server" && r.status === "ok" && r.start_s).map((r) => r.start_s);
    const start = starts.length ? `; start-up until the app answered: ${starts.map((x) => x.toFixed(1)).join(", ")} s` : "";
    if (f) {
      const rt = f.jdk ? `JDK: ${f.jdk}; JVM options: \`${f.java_opts || "(none)"}\`` : f.runtime || "";
      lines.push(`  - **${f.name}**: ${[...(impls[id] || [f.title])].join(", ")}; ${rt}${start}`);
    } else {
      // old result files: one Java server, facts kept at the top level
      const rt = SERVERS[id] && SERVERS[id].kind !== "node" ? `JDK: ${env.jdk}; Payara Micro ${env.payara}; JVM options: \`${env.java_opts || "(none)"}\`` : `Node ${env.node}`;
      lines.push(`  - **${nameOf(id)}**: ${[...(impls[id] || [])].join(", ")}; ${rt}${start}`);
    }
  }
  lines.push(`- Load generator: Node + ws, hand-written Engine.IO/Socket.IO framing, separate process(es), on the same ${env.cores} cores as the server.`);
  lines.push("");
  const fails = recs.filter((r) => r.status !== "ok");
  const failedServers = recs.filter((r) => r.scenario === "_server" && r.status !== "ok");
  if (failedServers.length) {
    lines.push("## Server failures", "");
    lines.push("The figures of these runs are missing below.", "");
    for (const f of failedServers) {
      const [head, ...rest] = String(f.error || "").split("\n");
      lines.push(`- **${nameOf(f.server)}** run ${f.run} (${f.status}): ${head}`);
      if (rest.length) lines.push("", "  ```", ...rest.slice(0, 10).map((l) => "  " + l), "  ```");
    }
    lines.push("");
  }
  lines.push("## Medians over runs", "");
  lines.push("×Node = the server's median / Node's median in the same session: above 1 the server has more of it, good for rows marked *higher*, bad for rows marked *lower*. Per-run values below each table, in run order (– = no value).", "");
  const chart = []; // { label, ratios: { id: ratio } }
  for (const sc of scenarios) {
    const rs = recs.filter((r) => r.scenario === sc && r.metrics);
    if (!rs.length) continue;
    const by = (id) => rs.filter((r) => r.server === id && r.status !== "failed");
    const p = rs[0].params || {};
    lines.push(`### ${sc} — ${describe(sc, p)}`, "");
    const hasNode = present.includes("node");
    const head = ["metric", "better", ...present.flatMap((id) => (id !== "node" && hasNode ? [nameOf(id), "×Node"] : [nameOf(id)]))];
    lines.push(`| ${head.join(" | ")} |`);
    lines.push(`|${head.map((h, i) => (i < 2 ? "---" : "---:")).join("|")}|`);
    const perRun = [];
    for (const [key, name, better, role] of METRICS[sc] || []) {
      const vals = {}; // id -> values by run
      const meds = {};
      for (const id of present) {
        vals[id] = Array.from({ length: maxRun }, (_, i) => {
          const r = by(id).find((x) => x.run === i + 1);
          return r ? metricValue(r, key) : null;
        });
        meds[id] = median(vals[id]);
      }
      if (present.every((id) => meds[id] === null || meds[id] === undefined)) continue;
      const nm = meds.node;
      const ratios = {};
      const cells = [];
      for (const id of present) {
        cells.push(fmt(meds[id]));
        if (id === "node" || !hasNode) continue;
        // a ratio only where there is a better direction (not for counts and noise rows)
        const ratio = better && nm && meds[id] !== null ? meds[id] / nm : null;
        ratios[id] = ratio;
        cells.push(ratio === null ? "–" : ratio.toFixed(2));
      }
      lines.push(`| ${name} | ${better || ""} | ${cells.join(" | ")} |`);
      perRun.push(`| ${name} | ${present.map((id) => vals[id].map(fmt).join(", ")).join(" | ")} |`);
      if (role === "chart" && Object.values(ratios).some((x) => x !== null && x > 0)) chart.push({ label: `${sc} ${SHORT[key] || key} ${better === "higher" ? "↑" : "↓"}`, ratios });
    }
    lines.push("");
    if (maxRun > 1) {
      lines.push(`<details><summary>per run</summary>`, "");
      lines.push(`| metric | ${present.map(nameOf).join(" | ")} |`);
      lines.push(`|---|${present.map(() => "---").join("|")}|`);
      lines.push(...perRun, "", "</details>", "");
    }
  }
  if (fails.some((f) => f.scenario !== "_server")) {
    lines.push("## Runs that were not clean", "");
    for (const f of fails) {
      if (f.scenario === "_server") continue;
      lines.push(`- ${nameOf(f.server)} run ${f.run} ${f.scenario}: ${f.status}${f.error ? ` — ${f.error.split("\n")[0]}` : ""}`);
    }
    lines.push("");
  }
  lines.push("## How to read", "");
  lines.push("- CPU = utime+stime of the server process (/proc/PID/stat; for WildFly the JVM that standalone.sh starts) during the measured part only (set-up and teardown excluded), per 100,000 units (deliveries, round trips or connections).");
  lines.push("- Fan-out latency = receive time − `ts` set by the server when it emits (same clock, ms); it includes the time the server needs to push the whole burst, so p99 ≈ burst duration.");
  lines.push("- Idle memory: Java = live heap after `jcmd GC.run` (GC.heap_info used); Node = heapUsed after `gc()`; both minus a baseline taken right before connecting, divided by the connections held. RSS likewise (for Java, RSS mostly reflects heap sizing, not live data: WildFly runs with its stock -Xmx512m, Payara with the JVM's default heap).");
  lines.push("- Write calls per delivery / round trip: `write`/`writev` calls of the server process (/proc/PID/io `syscw`, all threads) during the measured part, per unit: below 1 the server packs several frames into one socket write.");
  lines.push("- Chart: `latest.png`, each server's median / Node's median per metric on a log scale, one bar per server; ↑ higher is better, ↓ lower is better.");
  lines.push("- \"other processes' CPU share\": CPU used on the machine by anything but the server and the load generator during the measured part, as a share of all cores. Above ~0.1 the wall-clock figures (rates, latencies) of that run are disturbed; CPU per 100k is much less sensitive.");
  fs.writeFileSync(path.join(outDir, "latest.md"), lines.join("\n") + "\n");
  const chartServers = present.includes("node") ? others : [];
  writeChart(chart, chartServers.map((id) => ({ id, name: nameOf(id) })), outDir, isCheck ? "HARNESS CHECK (all Node) - " : labels.length ? `${labels.join("; ").slice(0, 60)} - ` : "", first.date);
  return lines.join("\n");
}

function describe(sc, p) {
  switch (sc) {
    case "fanout": return `${p.clients} clients in one room, one \`fanout\` of ${p.messages} × ${p.payloadBytes} B (expected ${p.clients * p.messages} deliveries), WebSocket`;
    case "echo": return `${p.clients} clients × ${p.roundTrips} sequential \`echo\` round trips with ack, all clients at once`;
    case "connect": return `${p.connections} full connects (WS open + \`40/bench,\` acknowledged), ${p.concurrency} in flight`;
    case "idle": return `${p.connections} connections held (${p.procs} load-generator processes), memory after a full GC minus baseline`;
    case "fanout-polling": return `${p.clients} long-polling clients, ${p.rounds || 1} × \`fanout\` of ${p.messages} × ${p.payloadBytes} B (each burst waited for)`;
    default: return "";
  }
}

// One group of bars per metric, one bar per server (its median / Node's).
function writeChart(chart, servers, outDir, prefix, date) {
  const png = path.join(outDir, "latest.png");
  if (!chart.length || !servers.length) return;
  const gp = sh("sh", ["-c", "command -v gnuplot"]);
  if (!gp.ok) {
    log("gnuplot not found: no chart (run.sh installs gnuplot-nox)");
    return;
  }
  const dat = path.join(WORK, "chart.dat");
  fs.mkdirSync(WORK, { recursive: true });
  fs.writeFileSync(dat, chart.map((c, i) => `${i} ${servers.map((s) => (c.ratios[s.id] > 0 ? c.ratios[s.id] : "NaN")).join(" ")}`).join("\n") + "\n");
  const n = servers.length;
  const w = Math.min(0.6, 0.8 / n); // bar width: a group takes 0.8 of a slot
  const colours = ["#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377"];
  // y range: powers of 2 around the data (at least 1/8..8, at most 1/64..64); bars beyond are clipped, their labels still true
  const all = chart.flatMap((c) => servers.map((sv) => c.ratios[sv.id]).filter((x) => x > 0));
  const ymin = Math.max(1 / 64, Math.min(0.125, 2 ** Math.floor(Math.log2(Math.min(...all) / 1.2))));
  const ymax = Math.min(64, Math.max(8, 2 ** Math.ceil(Math.log2(Math.max(...all) * 1.4))));
  const clip = (c) => `(column(${c}) < ${ymin} ? ${ymin} : (column(${c}) > ${ymax} ? ${ymax} : column(${c})))`;
  const xtics = chart.map((c, i) => `"${c.label.replace(/"/g, "'")}" ${i}`).join(", ");
  const title = `${prefix.replace(/"/g, "'")}ratio to Node per metric, medians (${date.slice(0, 10)})`;
  const plots = [];
  servers.forEach((s, k) => {
    const off = (k - (n - 1) / 2) * w;
    plots.push(`"${dat}" using ($1${off >= 0 ? "+" : ""}${off.toFixed(3)}):${clip(k + 2)} with boxes lc rgb "${colours[k % colours.length]}" title "${s.name}"`);
    plots.push(`"" using ($1${off >= 0 ? "+" : ""}${off.toFixed(3)}):${clip(k + 2)}:(sprintf("%.2f", column(${k + 2}))) with labels offset 0,0.7 font "sans,8" notitle`);
  });
  const script = `
set terminal pngcairo size ${Math.max(1200, 90 * chart.length * Math.max(1, n / 1.5))},720 font "sans,10"
set output "${png}"
set title "${title}"
set logscale y 2
set yrange [${ymin}:${ymax}]
set xrange [-0.6:${chart.length - 0.4}]
set ylabel "server / Node  (log scale; 1 = parity)"
set style fill solid 0.75 border -1
set boxwidth ${w.toFixed(3)}
set xtics (${xtics}) rotate by -30 left nomirror
set grid ytics
set key top left
set bmargin 8
set rmargin 8
set datafile missing "NaN"
set arrow from graph 0, first 1 to graph 1, first 1 nohead lc rgb "red" lw 2 front
plot ${plots.join(", \\\n     ")}
`;
  const r = spawnSync("gnuplot", [], { input: script, encoding: "utf8", timeout: 30000 });
  if (r.status !== 0) log("gnuplot failed:", r.stderr);
}

// ------------------------------------------------------------------ java preparation
// The WAR, shared by every Java server. Throws: then no Java server can run.
function prepareWar(o) {
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
}

// What one Java server needs: its JDK, its jar or installation. Throws: that
// server is reported as failed, the others still run.
function prepareServer(o, id) {
  const def = SERVERS[id];
  const j = javaFor(o, id);
  const v = sh(j.java, ["-version"]);
  if (!v.ok) throw new Error(`no usable java for ${def.name} at ${j.java}${def.jdk === "jdk21" ? " (--jdk21-home or BENCH_JDK21_HOME: a JDK 21+)" : ""}: ${v.out.slice(0, 300) || v.error}`);
  o.java[id] = j;
  if (def.kind === "payara") {
    const jar = o.payaraJars[id];
    if (!fs.existsSync(jar)) {
      fs.mkdirSync(path.dirname(jar), { recursive: true });
      const m2 = path.join(os.homedir(), `.m2/repository/fish/payara/extras/payara-micro/${def.version}/payara-micro-${def.version}.jar`);
      if (fs.existsSync(m2)) fs.copyFileSync(m2, jar);
      else {
        log(`fetching Payara Micro ${def.version} with mvn dependency:copy`);
        const r = sh("mvn", ["-B", "-q", "dependency:copy", `-Dartifact=fish.payara.extras:payara-micro:${def.version}`, `-DoutputDirectory=${path.dirname(jar)}`], { timeout: 300000, cwd: BENCH });
        if (!r.ok || !fs.existsSync(jar)) throw new Error(`could not get payara-micro ${def.version}: ${r.out.slice(-800)}`);
      }
    }
    // pre-boot commands
    o.prebootResolved = fs.existsSync(o.preboot) ? o.preboot : null;
    if (!o.prebootResolved) {
      if (o.prebootExplicit) throw new Error(`pre-boot file ${o.preboot} not found`);
      if (!o.prebootNoted) log(`note: ${path.relative(REPO, o.preboot)} not found: Payara starts without --prebootcommandfile`);
      o.prebootNoted = true;
    }
  } else if (def.kind === "wildfly") {
    const script = path.join(o.wildflyHome, "bin/standalone.sh");
    if (!fs.existsSync(script)) {
      if (o.wildflyHome !== path.join(WORK, `wildfly-${WILDFLY_VERSION}`)) throw new Error(`no WildFly at ${o.wildflyHome} (bin/standalone.sh missing)`);
      // as the pom's wildfly profile does for the ITs: maven-dependency-plugin 3.8.1 unpacks the
      // dist from Maven Central. The version matters: Maven 3.8's default (2.8) mangles the tar's
      // long file names (PAX headers), and WildFly then misses its jars.
      log(`fetching and unpacking WildFly ${WILDFLY_VERSION} with maven-dependency-plugin:3.8.1:unpack (once, into ${path.relative(REPO, WORK)})`);
      const r = sh("mvn", ["-B", "-q", "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack", `-Dartifact=org.wildfly:wildfly-dist:${WILDFLY_VERSION}:tar.gz`, `-DoutputDirectory=${WORK}`], { timeout: 600000, cwd: WORK });
      // without a pom the plugin keeps its markers in a folder literally named ${project.basedir}
      fs.rmSync(path.join(WORK, "${project.basedir}"), { recursive: true, force: true });
      if (!r.ok || !fs.existsSync(script)) throw new Error(`could not get wildfly-dist ${WILDFLY_VERSION}: ${r.out.slice(-800)}`);
    }
  }
}

// ------------------------------------------------------------------ main
let o;
let currentFile = null;
const live = new Set();
async function main() {
  o = parseArgs(process.argv.slice(2));
  if (o.printBudget) {
    console.log(o.budget);
    return;
  }
  fs.mkdirSync(o.out, { recursive: true });
  if (o.report) {
    console.log(writeReport(o.report, o.out));
    return;
  }
  const P = scenarioParams(o);
  const now = new Date();
  const session = now.toISOString().replace(/[:]/g, "-").replace(/\..*/, "");
  o.session = session;
  const file = path.join(o.out, `results-${session}.jsonl`);
  currentFile = file;
  const command = `bench/run.sh ${process.argv.slice(2).join(" ")}`.trim();
  log(`session ${session}: servers ${o.servers.join(",")}${o.check ? " (check: all Node)" : ""}, runs ${o.runs}, scenarios ${o.scenarios.join(",")}${o.quick ? ", quick" : ""}, budget ${o.budget} s`);

  // per server: why it cannot run (it is then reported as failed in every run)
  const broken = {};
  o.java = {};
  const javaIds = o.servers.filter((id) => SERVERS[id].kind !== "node");
  if (javaIds.length) {
    let warErr = null;
    try {
      prepareWar(o);
    } catch (e) {
      warErr = String(e.message);
    }
    for (const id of javaIds) {
      if (warErr) broken[id] = warErr;
      else
        try {
          prepareServer(o, id);
        } catch (e) {
          broken[id] = String(e.message);
        }
    }
  }
  const env = machineFacts(o);
  o.facts = env;
  log(`machine: ${env.cores} cores, ${env.mem_gb} GB, node ${env.node}, nofile ${env.nofile_limit}`);
  for (const id of javaIds) log(`${SERVERS[id].name}: ${env.servers[id].jdk}`);
  const base = { session, date: now.toISOString(), label: o.label, command, env };
  const write = (rec) => fs.appendFileSync(file, JSON.stringify({ ...base, ...rec }) + "\n");

  const servers = new Map();
  for (let run = 1; run <= o.runs; run++) {
    // alternate the order: listed order on odd runs, reversed on even runs
    const order = run % 2 ? [...o.servers] : [...o.servers].reverse();
    for (const id of order) {
      const name = SERVERS[id].name;
      if (elapsed() > o.budget) {
        log(`budget of ${o.budget} s used up: skipping ${id} run ${run}`);
        write({ run, server: id, scenario: "_server", status: "skipped", error: "time budget used up" });
        continue;
      }
      if (broken[id]) {
        log(`${id} run ${run}: not started (${broken[id].split("\n")[0]})`);
        write({ run, server: id, scenario: "_server", status: "failed", error: broken[id], impl: SERVERS[id].title });
        continue;
      }
      // a fresh server process per run (or one per session with --reuse-servers)
      let s = servers.get(id);
      if (!s || s.exited) {
        try {
          log(`${id} run ${run}: starting ${name}`);
          s = null;
          s = await startServer(o, id, run);
          servers.set(id, s);
          live.add(s);
          const probe = await runLoad(s, "probe", { timeoutMs: 20000 });
          if (!probe.results[0].ok) throw new Error(`probe failed: ${JSON.stringify(probe.results[0])}`);
          log(`${id} run ${run}: pid ${s.pid} port ${s.port} ready${s.startSeconds ? ` in ${s.startSeconds.toFixed(1)} s` : ""}, /bench contract OK`);
          write({ run, server: id, scenario: "_server", status: "ok", impl: s.impl, pid: s.pid, start_s: s.startSeconds || null, rss_kb_at_start: rssKB(s.pid) });
        } catch (e) {
          const msg = String(e.message || e);
          log(`${id} run ${run}: FAILED: ${msg.split("\n")[0]}`);
          write({ run, server: id, scenario: "_server", status: "failed", error: msg, impl: s ? s.impl : SERVERS[id].title });
          if (s) {
            await s.stop();
            live.delete(s);
            servers.delete(id);
          }
          // a Java server that failed once is not retried in later runs
          if (SERVERS[id].kind !== "node") broken[id] = `${msg} (first seen in run ${run}; later runs not retried)`;
          continue;
        }
      }
      try {
        let warmed = false;
        for (const scenario of o.scenarios) {
          if (elapsed() > o.budget) {
            write({ run, server: id, scenario, status: "skipped", error: "time budget used up", impl: s.impl });
            continue;
          }
          if (!warmed && scenario !== "idle") {
            // warm-up (not recorded): JIT and pools, same on every server
            await runLoad(s, "fanout", P.warmup.fanout).catch((e) => log(`warm-up fanout: ${e.message}`));
            await runLoad(s, "echo", P.warmup.echo).catch((e) => log(`warm-up echo: ${e.message}`));
            if (o.scenarios.includes("fanout-polling")) {
              // many rounds: with 1 or 10 (~300 or ~3,000 polls) Payara's C1/C2 threads were still
              // compiling the HTTP path in the measured window (half of its CPU there); with 40, 0-4%
              for (let round = 0; round < o.pollingWarmup; round++) {
                const w = await runLoad(s, "fanout-polling", P.warmup["fanout-polling"]).catch((e) => log(`warm-up fanout-polling: ${e.message}`));
                if (!w) break;
                if (round === o.pollingWarmup - 1) log(`${id} polling warm-up: ${o.pollingWarmup} rounds, JIT ${r3(w.jit_cpu_s)} s of ${r3(w.server_cpu_s)} s in the last`);
              }
            }
            warmed = true;
          }
          const quiet = o.quietWait ? await waitQuiet(o.quietWait * 1000) : null;
          let rec;
          try {
            const r = await runScenario(s, scenario, P);
            const units = r.metrics.units || 0;
            rec = {
              run, server: id, impl: s.impl, scenario, status: statusOf(scenario, r.metrics),
              params: P[scenario],
              metrics: r.metrics,
              server_cpu_s: r3(r.server_cpu_s),
              cpu_s_per_100k: units ? r3((r.server_cpu_s / units) * 100000) : null,
              cpu_unit: UNIT[scenario],
              // of server_cpu_s: the JIT compiler's and the GC's threads (Java only; 0 for Node)
              jit_cpu_s: r3(r.jit_cpu_s),
              gc_cpu_s: r3(r.gc_cpu_s),
              cpu_s_per_100k_without_jit: units ? r3(((r.server_cpu_s - (r.jit_cpu_s || 0)) / units) * 100000) : null,
              server_writes: r.server_writes,
              writes_per_unit: units && r.server_writes !== null && r.server_writes !== undefined ? r3(r.server_writes / units) : null,
              wall_s: r.metrics.wall_s,
              lg_cpu_s: r.metrics.lg_cpu_s,
              other_cpu_s: r3(r.other_cpu_s),
              // share of the machine's CPU capacity used by other processes during the measured part
              other_load: r.metrics.wall_s ? r3(r.other_cpu_s / (r.metrics.wall_s * os.cpus().length)) : null,
              machine_load_before: quiet,
            };
          } catch (e) {
            rec = { run, server: id, impl: s.impl, scenario, status: "failed", params: P[scenario], error: String(e.message || e) };
          }
          write(rec);
          const m = rec.metrics || {};
          const head = { fanout: `${m.deliveries_per_s} deliv/s p50 ${m.latency_ms_p50} p99 ${m.latency_ms_p99} ms lost ${m.lost}`, echo: `${m.round_trips_per_s} rt/s p50 ${m.latency_ms_p50} p99 ${m.latency_ms_p99} ms`, connect: `${m.connects_per_s} conn/s p99 ${m.latency_ms_p99} ms failed ${m.failed}`, idle: `${m.connected} held, heap ${m.heap_per_conn_bytes} B/conn, RSS ${m.rss_per_conn_bytes} B/conn`, "fanout-polling": `${m.deliveries_per_s} deliv/s lost ${m.lost}` }[scenario];
          log(`${id} run ${run} ${scenario}: ${rec.status}${rec.error ? ` ${rec.error.split("\n")[0]}` : ` ${head}; server CPU ${rec.server_cpu_s} s = ${rec.cpu_s_per_100k} s/100k ${rec.cpu_unit}; JIT ${rec.jit_cpu_s} s, GC ${rec.gc_cpu_s} s; LG CPU ${rec.lg_cpu_s} s`}`);
          if (s.exited || !s.pidAlive()) {
            log(`${id} server died during ${scenario}`);
            s.exited = true;
            break;
          }
        }
      } finally {
        if (o.freshPerRun || s.exited) {
          await s.stop();
          live.delete(s);
          servers.delete(id);
        }
      }
      // let the sockets of the last turn drain before the next server starts
      await sleep(1000);
    }
  }
  for (const [, srv] of servers) {
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
