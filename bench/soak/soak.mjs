// Soak load for bench/soak.sh: churn of stock socket.io-client connections
// against a running server, sampling the server every minute.
//
// Each connection: connect to the namespace (WebSocket only, or the default
// polling + upgrade), join a room (ack), echo with an ack now and then, send a
// room message (the bench gateway's fanout, count 1) now and then, disconnect
// after its lifetime. Connections start at an even rate over the first 85% of
// the run; every one has left before the run ends. Bounded: --connections in
// all, --max-concurrent at once, --duration seconds (+ at most --settle for
// the server to drop its sessions).
//
// Samples (at 0 s, every --sample seconds, and once after the run): server
// sessions and sockets and threads (GET /bench/stats), live heap after a full
// GC (jcmd GC.run + GC.heap_info), client-side counts, load average.
import { io } from "socket.io-client";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const opts = {
  url: "http://127.0.0.1:8080",
  namespace: "/bench",
  pid: 0,
  jcmd: "jcmd",
  duration: 600,
  connections: 10000,
  maxConcurrent: 5000,
  minLife: 60,
  maxLife: 240,
  pollingShare: 0.3,
  rooms: 100,
  echoEvery: 15,
  messageEvery: 45,
  sample: 60,
  settle: 120,
  out: "bench/results",
  label: "",
};
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, "").replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (!(key in opts)) throw new Error(`unknown option ${process.argv[i]}`);
  const v = process.argv[i + 1];
  opts[key] = typeof opts[key] === "number" ? Number(v) : v;
}

const t0 = Date.now();
const secs = () => (Date.now() - t0) / 1000;
const log = (msg) => console.log(`[soak ${secs().toFixed(0).padStart(4)} s] ${msg}`);

const counts = {
  started: 0, connected: 0, connectErrors: 0, open: 0, maxOpen: 0,
  echoOk: 0, echoFailed: 0, messagesSent: 0, messagesReceived: 0, joinFailed: 0,
  disconnectReasons: {}, connectErrorMessages: {},
};
const live = new Set();

function startOne(n) {
  counts.started++;
  const polling = Math.random() < opts.pollingShare;
  const socket = io(opts.url + opts.namespace, {
    transports: polling ? ["polling", "websocket"] : ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: 20000,
  });
  const room = `room-${n % opts.rooms}`;
  const timers = [];
  const lifetime = (opts.minLife + Math.random() * (opts.maxLife - opts.minLife)) * 1000;
  const leaveBy = t0 + (opts.duration - 5) * 1000;
  const end = () => {
    timers.forEach(clearInterval);
    timers.length = 0;
    socket.disconnect();
  };
  live.add(end);
  socket.on("connect", async () => {
    counts.connected++;
    counts.open++;
    counts.maxOpen = Math.max(counts.maxOpen, counts.open);
    try {
      await socket.timeout(20000).emitWithAck("joinRoom", room);
    } catch {
      counts.joinFailed++;
    }
    timers.push(setInterval(async () => {
      try {
        await socket.timeout(10000).emitWithAck("echo", { n, at: Date.now() });
        counts.echoOk++;
      } catch {
        counts.echoFailed++;
      }
    }, opts.echoEvery * 1000 * (0.5 + Math.random())));
    timers.push(setInterval(() => {
      counts.messagesSent++;
      socket.emit("fanout", { room, payload: "hello", count: 1 });
    }, opts.messageEvery * 1000 * (0.5 + Math.random())));
    timers.push(setTimeout(end, Math.max(0, Math.min(lifetime, leaveBy - Date.now()))));
  });
  socket.on("msg", () => counts.messagesReceived++);
  socket.on("connect_error", (err) => {
    counts.connectErrors++;
    const key = String(err && err.message).slice(0, 60);
    counts.connectErrorMessages[key] = (counts.connectErrorMessages[key] || 0) + 1;
    live.delete(end);
    end();
  });
  socket.on("disconnect", (reason) => {
    counts.open--;
    counts.disconnectReasons[reason] = (counts.disconnectReasons[reason] || 0) + 1;
    live.delete(end);
    timers.forEach((t) => { clearInterval(t); clearTimeout(t); });
  });
}

async function stats() {
  try {
    const r = await fetch(`${opts.url}/bench/stats`, { signal: AbortSignal.timeout(15000) });
    return r.ok ? await r.json() : { error: `HTTP ${r.status}` };
  } catch (e) {
    return { error: String(e.message || e) };
  }
}

function heapAfterGc() {
  if (!opts.pid) return null;
  try {
    execFileSync(opts.jcmd, [String(opts.pid), "GC.run"], { timeout: 60000 });
    const info = execFileSync(opts.jcmd, [String(opts.pid), "GC.heap_info"], { timeout: 60000 }).toString();
    const m = info.match(/used (\d+)K/);
    return m ? Math.round(Number(m[1]) / 1024 * 10) / 10 : null;
  } catch (e) {
    return null;
  }
}

// the largest classes on the heap (after the GC of the sample just taken): where memory goes, if it grows
function histogram(top = 25) {
  if (!opts.pid) return null;
  try {
    const text = execFileSync(opts.jcmd, [String(opts.pid), "GC.class_histogram"], { timeout: 120000, maxBuffer: 64 << 20 }).toString();
    const rows = text.split("\n").map((l) => l.trim().split(/\s+/))
      .filter((f) => f.length >= 4 && /^\d+:$/.test(f[0]))
      .map(([, instances, bytes, name]) => ({ class: name, instances: Number(instances), bytes: Number(bytes) }));
    // the largest classes, and every class of ours (a leaked session, socket or client shows here)
    return { top: rows.slice(0, top), ours: rows.filter((r) => r.class.startsWith("dev.sio.")),
      // what keeps a WebSocket session reachable (Tyrus sessions and their timer tasks)
      tyrus: rows.filter((r) => /tyrus\.core\.TyrusSession|IdleTimeoutCommand|ScheduledFutureTask|TyrusWebSocket$/.test(r.class)) };
  } catch {
    return null;
  }
}

const samples = [];
const histograms = {};
async function sample(phase) {
  const s = await stats();
  const heapMb = heapAfterGc();
  const row = {
    t: Math.round(secs()), phase,
    sessions: s.sessions ?? null, sockets: s.sockets ?? null,
    threads: s.threads ?? null, socketioThreads: s.socketioThreads ?? null,
    heapAfterGcMb: heapMb,
    clientOpen: counts.open, started: counts.started, connected: counts.connected,
    connectErrors: counts.connectErrors,
    load1: Math.round(os.loadavg()[0] * 100) / 100,
    statsError: s.error,
  };
  samples.push(row);
  log(`${phase}: sessions ${row.sessions} sockets ${row.sockets} heap ${heapMb} MB threads ${row.threads} (socketio ${row.socketioThreads}) client open ${row.clientOpen} started ${row.started} load ${row.load1}`);
}

await sample("before");
histograms.before = histogram();
const spawnWindow = opts.duration * 0.85 * 1000;
const interval = spawnWindow / opts.connections;
let next = 0;
const spawner = setInterval(() => {
  const due = Math.min(opts.connections, Math.floor((Date.now() - t0) / interval) + 1);
  while (next < due && live.size < opts.maxConcurrent) startOne(next++);
  if (next >= opts.connections || Date.now() - t0 > spawnWindow) clearInterval(spawner);
}, 50);

let nextSample = opts.sample;
while (secs() < opts.duration) {
  await new Promise((r) => setTimeout(r, 1000));
  if (secs() >= nextSample && secs() < opts.duration) {
    await sample(`minute ${Math.round(nextSample / 60)}`);
    nextSample += opts.sample;
  }
}
clearInterval(spawner);
for (const end of [...live]) end(); // any straggler (none if lifetimes were clipped right)
log(`run over: ${counts.started} started, ${counts.connected} connected, ${counts.connectErrors} connect errors; waiting for the server to drop its sessions`);

const settleEnd = Date.now() + opts.settle * 1000;
let last = await stats();
while (Date.now() < settleEnd && !(last.sessions === 0 && last.sockets === 0)) {
  await new Promise((r) => setTimeout(r, 2000));
  last = await stats();
}
await sample("after");
histograms.after = histogram();

const result = {
  label: opts.label,
  date: new Date(t0).toISOString(),
  options: opts,
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  counts,
  samples,
  histograms,
};
const stamp = new Date(t0).toISOString().replace(/[:]/g, "-").replace(/\..*/, "");
fs.mkdirSync(opts.out, { recursive: true });
const jsonFile = path.join(opts.out, `soak-${stamp}.json`);
fs.writeFileSync(jsonFile, JSON.stringify(result, null, 2) + "\n");
fs.writeFileSync(path.join(opts.out, `soak-${stamp}.md`), markdown(result));
log(`wrote ${jsonFile} and .md`);
process.exit(0);

function markdown(r) {
  const c = r.counts;
  const lines = [];
  lines.push(`# Soak ${r.date}${r.label ? ` (${r.label})` : ""}`, "");
  lines.push(`${r.options.connections} connections planned over ${r.options.duration} s against ${r.options.url}${r.options.namespace}: each lives ${r.options.minLife}-${r.options.maxLife} s, joins a room of ${r.options.rooms}, echoes with an ack every ~${r.options.echoEvery} s and sends a room message every ~${r.options.messageEvery} s; ${Math.round(r.options.pollingShare * 100)}% start on polling and upgrade, the rest WebSocket only. Stock socket.io-client 4.8.4, reconnection off.`, "");
  lines.push("| t (s) | sample | server sessions | server sockets | live heap after GC (MB) | JVM threads | socketio-* threads | client open | started | connect errors | load avg (1 min) |");
  lines.push("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const s of r.samples) {
    lines.push(`| ${s.t} | ${s.phase} | ${s.sessions} | ${s.sockets} | ${s.heapAfterGcMb} | ${s.threads} | ${s.socketioThreads} | ${s.clientOpen} | ${s.started} | ${s.connectErrors} | ${s.load1} |`);
  }
  lines.push("");
  lines.push(`Client side: ${c.started} started, ${c.connected} connected, ${c.connectErrors} connect errors ${JSON.stringify(c.connectErrorMessages)}, at most ${c.maxOpen} open at once; ${c.echoOk} echo acks, ${c.echoFailed} failed; ${c.joinFailed} joins failed; ${c.messagesSent} room messages sent, ${c.messagesReceived} received; disconnect reasons ${JSON.stringify(c.disconnectReasons)}.`, "");
  if (r.histograms.before && r.histograms.after) {
    const before = new Map(r.histograms.before.top.concat(r.histograms.before.ours).map((h) => [h.class, h]));
    const ours = r.histograms.after.ours.filter((h) => !before.has(h.class) || before.get(h.class).instances < h.instances);
    lines.push(`Classes of ours (dev.sio.*) with more instances after the run than before: ${ours.length === 0 ? "none" : ours.map((h) => `${h.class} ${before.get(h.class)?.instances ?? 0} -> ${h.instances}`).join(", ")}.`, "");
    if (r.histograms.after.tyrus) {
      lines.push(`Tyrus sessions and timer tasks after the run: ${r.histograms.after.tyrus.map((h) => `${h.class} ${h.instances}`).join(", ") || "none"}.`, "");
    }
    lines.push("Largest classes on the heap after the run (after a full GC), against before it:", "");
    lines.push("| class | instances after | MB after | instances before | MB before |", "|---|---:|---:|---:|---:|");
    for (const h of r.histograms.after.top.slice(0, 12)) {
      const b = before.get(h.class);
      lines.push(`| ${h.class} | ${h.instances} | ${(h.bytes / 2 ** 20).toFixed(1)} | ${b ? b.instances : "-"} | ${b ? (b.bytes / 2 ** 20).toFixed(1) : "-"} |`);
    }
    lines.push("");
  }
  lines.push(`Machine: ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.totalMemGb} GB, Node ${r.machine.node}; shared with other sessions' builds and tests (see the load average column).`, "");
  return lines.join("\n");
}
