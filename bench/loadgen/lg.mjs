// Load generator process. Started by ../harness.mjs with child_process.fork
// (a separate process from both servers) and driven over the IPC channel:
//
//   parent -> {cmd:"setup", scenario, host, port, params}
//   child  -> {phase:"ready", info}          (setup done: clients connected, rooms joined)
//   parent -> {cmd:"go"}                      (parent has sampled server CPU)
//   child  -> {phase:"done", result}          (measured part over)
//   parent -> {cmd:"teardown"}
//   child  -> {phase:"closed"}  and exits
//   child  -> {phase:"error", error}          (at any point; then exits)
//
// Every loop is bounded in count (the params) and in time (params.timeoutMs,
// plus a hard process lifetime limit). Runnable by hand for a quick probe:
//   node lg.mjs probe 127.0.0.1 3000
import { LeanClient, openMany, wsUrl } from "./client.mjs";
import { pollFanout } from "./polling.mjs";

const NSP = "/bench";
const HARD_LIFETIME_MS = Number(process.env.LG_MAX_LIFETIME_MS || 300000);
setTimeout(() => {
  send({ phase: "error", error: `load generator exceeded its ${HARD_LIFETIME_MS} ms lifetime` });
  process.exit(3);
}, HARD_LIFETIME_MS).unref();

function send(msg) {
  if (process.send) process.send(msg);
  else console.log(JSON.stringify(msg));
}

export function percentile(sortedArr, p) {
  if (!sortedArr.length) return null;
  const idx = Math.min(sortedArr.length - 1, Math.max(0, Math.ceil((p / 100) * sortedArr.length) - 1));
  return sortedArr[idx];
}
function stats(values) {
  const a = Float64Array.from(values).sort();
  return {
    p50: round(percentile(a, 50)),
    p99: round(percentile(a, 99)),
    max: round(a.length ? a[a.length - 1] : null),
  };
}
function round(x, d = 3) {
  if (x === null || x === undefined || !isFinite(x)) return x ?? null;
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
function uniqueErrors(errors) {
  const m = new Map();
  for (const e of errors) m.set(e, (m.get(e) || 0) + 1);
  return [...m].slice(0, 5).map(([e, n]) => `${n}x ${e}`);
}

// ---------------------------------------------------------------- scenarios
// Each scenario: setup(ctx) -> info; go(ctx) -> result; teardown(ctx).

const scenarios = {};

// Functional check of the /bench contract (used to decide a server is usable).
scenarios.probe = {
  async setup() {
    return {};
  },
  async go(ctx) {
    const { host, port } = ctx;
    const got = [];
    const c = new LeanClient(wsUrl(host, port), NSP, { onEvent: (body) => got.push(JSON.parse(body)) });
    ctx.clients = [c];
    await c.connect(10000);
    const e = await c.emitAck("echo", ["probe", 1, { a: [true, null] }], 10000);
    if (JSON.stringify(e) !== JSON.stringify(["probe", 1, { a: [true, null] }]))
      throw new Error(`echo acked ${JSON.stringify(e)}`);
    const j = await c.emitAck("joinRoom", ["probe-room"], 10000);
    if (!Array.isArray(j) || j.length !== 0) throw new Error(`joinRoom acked ${JSON.stringify(j)}`);
    const f = await c.emitAck("fanout", [{ room: "probe-room", payload: "xyz", count: 2 }], 10000);
    if (JSON.stringify(f) !== JSON.stringify([{ sent: 2 }])) throw new Error(`fanout acked ${JSON.stringify(f)}`);
    const until = Date.now() + 5000;
    while (got.length < 2 && Date.now() < until) await sleep(20);
    const msgs = got.filter((g) => g[0] === "msg");
    if (msgs.length !== 2) throw new Error(`fanout delivered ${msgs.length}/2 msg events: ${JSON.stringify(got).slice(0, 200)}`);
    for (let i = 0; i < 2; i++) {
      const m = msgs[i][1];
      if (!m || m.seq !== i || typeof m.ts !== "number" || m.payload !== "xyz")
        throw new Error(`bad msg event ${JSON.stringify(msgs[i])}`);
    }
    return { ok: true, engineOpen: c.open };
  },
};

// (a) fan-out over WebSocket
scenarios.fanout = {
  async setup(ctx) {
    const { host, port, params } = ctx;
    const n = params.clients;
    const expected = n * params.messages;
    ctx.expected = expected;
    ctx.lat = new Float64Array(expected);
    ctx.received = 0;
    ctx.dups = 0;
    ctx.outOfOrder = 0;
    ctx.badPayload = 0;
    ctx.lastRecv = 0;
    ctx.firstRecv = 0;
    const payloadLen = params.payloadBytes;
    const deadline = Date.now() + params.timeoutMs;
    const make = (i) => {
      let nextSeq = 0;
      // params.ports (the cluster scenario): client i on node i mod N; the sender is one of the first node's
      const c = new LeanClient(wsUrl(host, params.ports ? params.ports[i % params.ports.length] : port), NSP, {
        onEvent: (body) => {
          const now = Date.now();
          const ev = JSON.parse(body);
          if (ev[0] !== "msg") return;
          const m = ev[1];
          if (m.seq !== nextSeq) {
            if (m.seq < nextSeq) ctx.dups++;
            else ctx.outOfOrder++;
          }
          nextSeq = m.seq + 1;
          if (typeof m.payload !== "string" || m.payload.length !== payloadLen) ctx.badPayload++;
          if (ctx.received < expected) ctx.lat[ctx.received] = now - m.ts;
          ctx.received++;
          if (!ctx.firstRecv) ctx.firstRecv = now;
          ctx.lastRecv = now;
        },
      });
      c.nodeIndex = params.ports ? i % params.ports.length : 0;
      return c;
    };
    const joinErrors = [];
    const joins = [];
    const { clients, errors } = await openMany(n, params.concurrency, make, {
      deadline,
      onConnected: (c) => joins.push(c.emitAck("joinRoom", [params.room], 20000).catch((e) => joinErrors.push(String(e.message)))),
    });
    await Promise.all(joins);
    ctx.clients = clients;
    if (clients.length < n || joinErrors.length)
      throw new Error(`setup: ${clients.length}/${n} connected, ${joinErrors.length} join errors; ${uniqueErrors(errors.concat(joinErrors)).join("; ")}`);
    return { connected: clients.length };
  },
  async go(ctx) {
    const { params } = ctx;
    const payload = "x".repeat(params.payloadBytes);
    const t0 = Date.now();
    let ackAt = null;
    let ackErr = null;
    // the sender: a client of the first node (clients are listed in the order they connected)
    ctx.clients.find((c) => c.nodeIndex === 0)
      .emitAck("fanout", [{ room: params.room, payload, count: params.messages }], params.timeoutMs)
      .then((a) => (ackAt = Date.now()), (e) => (ackErr = String(e.message)));
    const hard = t0 + params.timeoutMs;
    // wait until all arrived, or quiet for quietMs, or the hard limit
    for (;;) {
      await sleep(5);
      const now = Date.now();
      if (ctx.received >= ctx.expected) break;
      if (now > hard) break;
      const lastActivity = Math.max(ctx.lastRecv, ackAt || 0, t0);
      if (now - lastActivity > params.quietMs) break;
    }
    const wallMs = (ctx.lastRecv || Date.now()) - t0;
    const n = Math.min(ctx.received, ctx.expected);
    const lat = stats(ctx.lat.subarray(0, n));
    return {
      expected: ctx.expected,
      delivered: ctx.received,
      lost: Math.max(0, ctx.expected - ctx.received),
      duplicates: ctx.dups,
      out_of_order: ctx.outOfOrder,
      bad_payload: ctx.badPayload,
      ack_ms: ackAt ? ackAt - t0 : null,
      ack_error: ackErr,
      wall_s: round(wallMs / 1000, 4),
      deliveries_per_s: round(ctx.received / (wallMs / 1000), 0),
      latency_ms_p50: lat.p50,
      latency_ms_p99: lat.p99,
      latency_ms_max: lat.max,
      units: ctx.received, // what CPU is normalised by
    };
  },
};

// (b) echo with ack: N clients, each M sequential round trips, all clients at once
scenarios.echo = {
  async setup(ctx) {
    const { host, port, params } = ctx;
    const { clients, errors } = await openMany(params.clients, params.concurrency, () => new LeanClient(wsUrl(host, port), NSP), {
      deadline: Date.now() + params.timeoutMs,
    });
    ctx.clients = clients;
    if (clients.length < params.clients)
      throw new Error(`setup: ${clients.length}/${params.clients} connected; ${uniqueErrors(errors).join("; ")}`);
    return { connected: clients.length };
  },
  async go(ctx) {
    const { params } = ctx;
    const rtts = [];
    const errors = [];
    let bad = 0;
    const hard = Date.now() + params.timeoutMs;
    const t0 = performance.now();
    await Promise.all(
      ctx.clients.map(async (c, ci) => {
        for (let i = 0; i < params.roundTrips && Date.now() < hard; i++) {
          const args = ["echo-bench", ci, i];
          const s = performance.now();
          try {
            const a = await c.emitAck("echo", args, 20000);
            rtts.push(performance.now() - s);
            if (a.length !== 3 || a[0] !== args[0] || a[1] !== ci || a[2] !== i) bad++;
          } catch (e) {
            errors.push(String(e.message));
            break;
          }
        }
      })
    );
    const wall = (performance.now() - t0) / 1000;
    const st = stats(rtts);
    return {
      expected: params.clients * params.roundTrips,
      round_trips: rtts.length,
      lost: params.clients * params.roundTrips - rtts.length,
      bad_acks: bad,
      errors: uniqueErrors(errors),
      wall_s: round(wall, 4),
      round_trips_per_s: round(rtts.length / wall, 0),
      latency_ms_p50: st.p50,
      latency_ms_p99: st.p99,
      latency_ms_max: st.max,
      units: rtts.length,
    };
  },
};

// (c) idle connections (this process's share) and (d) connect rate: both open
// connections in the measured part; idle keeps them until teardown.
async function openMeasured(ctx) {
  const { host, port, params } = ctx;
  const t0 = performance.now();
  const { clients, errors, latencies } = await openMany(params.connections, params.concurrency, () => new LeanClient(wsUrl(host, port), NSP), {
    deadline: Date.now() + params.timeoutMs,
  });
  const wall = (performance.now() - t0) / 1000;
  ctx.clients = clients;
  const st = stats(latencies);
  return {
    expected: params.connections,
    connected: clients.length,
    failed: params.connections - clients.length,
    errors: uniqueErrors(errors),
    wall_s: round(wall, 4),
    connects_per_s: round(clients.length / wall, 0),
    latency_ms_p50: st.p50,
    latency_ms_p99: st.p99,
    units: clients.length,
  };
}
scenarios.idle = { async setup() { return {}; }, go: openMeasured };
scenarios.connect = { async setup() { return {}; }, go: openMeasured };

// (e) fan-out over HTTP long-polling: see polling.mjs (hook, smaller counts)
scenarios["fanout-polling"] = {
  async setup(ctx) {
    return pollFanout.setup(ctx);
  },
  async go(ctx) {
    return pollFanout.go(ctx);
  },
  async teardown(ctx) {
    return pollFanout.teardown(ctx);
  },
};

async function teardown(ctx) {
  const sc = scenarios[ctx.scenario];
  if (sc && sc.teardown) {
    await sc.teardown(ctx);
    return;
  }
  const clients = ctx.clients || [];
  for (const c of clients) c.close();
  // bounded wait for the close handshakes, then cut what is left
  const until = Date.now() + 5000;
  while (Date.now() < until && clients.some((c) => !c.closed)) await sleep(50);
  for (const c of clients) if (!c.closed) c.terminate();
}

// ---------------------------------------------------------------- driver
const ctx = {};
let cpuAtGo = null;

async function handle(msg) {
  try {
    if (msg.cmd === "setup") {
      Object.assign(ctx, msg);
      const sc = scenarios[msg.scenario];
      if (!sc) throw new Error(`unknown scenario ${msg.scenario}`);
      const info = await sc.setup(ctx);
      send({ phase: "ready", info });
    } else if (msg.cmd === "go") {
      cpuAtGo = process.cpuUsage();
      const result = await scenarios[ctx.scenario].go(ctx);
      const cpu = process.cpuUsage(cpuAtGo);
      result.lg_cpu_s = round((cpu.user + cpu.system) / 1e6, 3);
      send({ phase: "done", result });
    } else if (msg.cmd === "teardown") {
      await teardown(ctx);
      send({ phase: "closed" });
      setTimeout(() => process.exit(0), 50);
    }
  } catch (e) {
    send({ phase: "error", error: String((e && e.message) || e) });
    try {
      await teardown(ctx);
    } catch {}
    setTimeout(() => process.exit(2), 50);
  }
}

if (process.send) {
  process.on("message", handle);
  process.on("disconnect", () => process.exit(0)); // parent gone: stop
} else {
  // by hand: node lg.mjs probe 127.0.0.1 3000
  const [scenario = "probe", host = "127.0.0.1", port = "3000"] = process.argv.slice(2);
  await handle({ cmd: "setup", scenario, host, port: Number(port), params: {} });
  await handle({ cmd: "go" });
  await handle({ cmd: "teardown" });
}
