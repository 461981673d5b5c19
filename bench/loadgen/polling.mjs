// (e) Hook: fan-out over HTTP long-polling, smaller counts. Not in the default
// scenario list (run it with --scenarios fanout-polling); kept lean like the
// WebSocket client: node:http with a keep-alive agent per client, the Engine.IO
// v4 polling framing by hand (packets separated by "\x1e"), one POST at a time
// per session, one GET parked at a time.
import http from "node:http";
import { parseSio } from "./client.mjs";

const NSP = "/bench";
const SEP = "\x1e";

function request(agent, host, port, method, path, body, timeoutMs) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host, port, method, path, agent, headers: body !== undefined ? { "content-type": "text/plain;charset=UTF-8" } : {} },
      (res) => {
        const chunks = [];
        res.setEncoding("utf8");
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, body: chunks.join("") }));
        res.on("error", reject);
      }
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} timeout`)));
    req.on("error", reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

class PollClient {
  constructor(host, port, onEvent, deadline) {
    this.host = host;
    this.port = port;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    this.onEvent = onEvent;
    this.deadline = deadline;
    this.sid = null;
    this.acks = new Map();
    this.nextId = 0;
    this.postChain = Promise.resolve();
    this.stopped = false;
    this.connected = null;
  }
  path() {
    return `/socket.io/?EIO=4&transport=polling${this.sid ? `&sid=${encodeURIComponent(this.sid)}` : ""}`;
  }
  post(packet) {
    // serialise POSTs: one in flight per session
    this.postChain = this.postChain.then(() =>
      request(this.agent, this.host, this.port, "POST", this.path(), packet, 20000).then((r) => {
        if (r.status !== 200) throw new Error(`POST ${r.status} ${r.body.slice(0, 80)}`);
      })
    );
    return this.postChain;
  }
  async connect() {
    const r = await request(this.agent, this.host, this.port, "GET", this.path(), undefined, 20000);
    if (r.status !== 200 || r.body[0] !== "0") throw new Error(`handshake ${r.status} ${r.body.slice(0, 80)}`);
    this.sid = JSON.parse(r.body.split(SEP)[0].slice(1)).sid;
    const connected = new Promise((res, rej) => (this.connected = { res, rej }));
    this.loop(); // park a GET right away
    await this.post("40" + NSP + ",");
    const t = setTimeout(() => this.connected && this.connected.rej(new Error("CONNECT timeout")), 20000);
    try {
      await connected;
    } finally {
      clearTimeout(t);
    }
  }
  async loop() {
    while (!this.stopped && Date.now() < this.deadline) {
      let r;
      try {
        r = await request(this.agent, this.host, this.port, "GET", this.path(), undefined, 60000);
      } catch (e) {
        if (this.connected) this.connected.rej(e);
        return;
      }
      if (r.status !== 200) {
        if (this.connected) this.connected.rej(new Error(`poll ${r.status}`));
        return;
      }
      for (const p of r.body.split(SEP)) this.packet(p);
    }
  }
  packet(p) {
    const t = p[0];
    if (t === "2") this.post("3").catch(() => {});
    else if (t === "1") this.stopped = true;
    else if (t === "4") {
      const s = parseSio(p.slice(1));
      if (s.nsp !== NSP) return;
      if (s.type === 0 && this.connected) {
        this.connected.res();
        this.connected = null;
      } else if (s.type === 4 && this.connected) this.connected.rej(new Error(`CONNECT_ERROR ${JSON.stringify(s.data)}`));
      else if (s.type === 3) {
        const cb = this.acks.get(s.id);
        if (cb) {
          this.acks.delete(s.id);
          cb(s.data);
        }
      } else if (s.type === 2) this.onEvent(s.data);
    }
  }
  emitAck(event, args, timeoutMs = 20000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ack timeout ${event}`)), timeoutMs);
      this.acks.set(id, (d) => {
        clearTimeout(timer);
        resolve(d);
      });
      this.post("42" + NSP + "," + id + JSON.stringify([event, ...args])).catch(reject);
    });
  }
  async close() {
    this.stopped = true;
    try {
      await this.post("1");
    } catch {}
    this.agent.destroy();
  }
}

export const pollFanout = {
  async setup(ctx) {
    const { host, port, params } = ctx;
    const deadline = Date.now() + params.timeoutMs;
    ctx.expected = params.clients * params.messages * (params.rounds || 1);
    ctx.received = 0;
    ctx.lat = [];
    ctx.lastRecv = 0;
    ctx.pclients = [];
    const errors = [];
    let next = 0;
    const worker = async () => {
      while (next < params.clients && Date.now() < deadline) {
        next++;
        const c = new PollClient(host, port, (ev) => {
          if (ev[0] !== "msg") return;
          const now = Date.now();
          ctx.lat.push(now - ev[1].ts);
          ctx.received++;
          ctx.lastRecv = now;
        }, deadline + 120000);
        try {
          await c.connect();
          await c.emitAck("joinRoom", [params.room]);
          ctx.pclients.push(c);
        } catch (e) {
          errors.push(String(e.message));
          c.close();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(20, params.clients) }, worker));
    if (ctx.pclients.length < params.clients)
      throw new Error(`polling setup: ${ctx.pclients.length}/${params.clients} connected; ${errors.slice(0, 3).join("; ")}`);
    return { connected: ctx.pclients.length };
  },
  async go(ctx) {
    const { params } = ctx;
    const t0 = Date.now();
    const payload = "x".repeat(params.payloadBytes);
    let ackErr = null;
    const hard = t0 + params.timeoutMs;
    // `rounds` bursts of `messages`, one after the other: each asked for once the previous one has
    // arrived in full (or went quiet), so every burst meets parked polls, as the first one does
    const rounds = params.rounds || 1;
    for (let round = 1; round <= rounds && !ackErr; round++) {
      const target = params.clients * params.messages * round;
      const asked = Date.now();
      ctx.pclients[0].emitAck("fanout", [{ room: params.room, payload, count: params.messages }], params.timeoutMs).catch((e) => (ackErr = String(e.message)));
      while (ctx.received < target && Date.now() < hard && Date.now() - Math.max(ctx.lastRecv, asked) < params.quietMs) {
        await new Promise((r) => setTimeout(r, 2));
      }
      if (ctx.received < target) break;
    }
    const wallMs = (ctx.lastRecv || Date.now()) - t0;
    const a = Float64Array.from(ctx.lat).sort();
    const pct = (p) => (a.length ? a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)] : null);
    return {
      expected: ctx.expected,
      delivered: ctx.received,
      lost: Math.max(0, ctx.expected - ctx.received),
      ack_error: ackErr,
      wall_s: wallMs / 1000,
      deliveries_per_s: Math.round(ctx.received / (wallMs / 1000)),
      latency_ms_p50: pct(50),
      latency_ms_p99: pct(99),
      units: ctx.received,
    };
  },
  async teardown(ctx) {
    await Promise.all((ctx.pclients || []).map((c) => c.close()));
  },
};
