// A lean Socket.IO v5 / Engine.IO v4 client over a raw `ws` WebSocket.
// Just enough of the protocol for the benchmark, written by hand so that one
// process can drive thousands of connections without being the bottleneck:
//   Engine.IO: open "0{...}", ping "2" -> pong "3", close "1", noop "6"
//   Socket.IO (in Engine.IO message "4"): CONNECT "40/bench,", CONNECT reply
//   "40/bench,{...}", CONNECT_ERROR "44/bench,{...}", EVENT "42/bench,[id][...]",
//   ACK "43/bench,<id>[...]".
// No binary packets, no reconnection, no buffering, no permessage-deflate.
import WebSocket from "ws";

export function wsUrl(host, port) {
  return `ws://${host}:${port}/socket.io/?EIO=4&transport=websocket`;
}

// Parse the Socket.IO part of an Engine.IO message ("4" already removed).
// Returns {type, nsp, id, data} with data = parsed JSON or undefined.
export function parseSio(s) {
  const type = s.charCodeAt(0) - 48;
  let i = 1;
  let nsp = "/";
  if (s[i] === "/") {
    const comma = s.indexOf(",", i);
    if (comma < 0) {
      nsp = s.slice(i);
      i = s.length;
    } else {
      nsp = s.slice(i, comma);
      i = comma + 1;
    }
  }
  let id;
  let start = i;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  if (i > start) id = Number(s.slice(start, i));
  let data;
  if (i < s.length) data = JSON.parse(s.slice(i));
  return { type, nsp, id, data };
}

export class LeanClient {
  constructor(url, nsp, { onEvent, onClose, auth } = {}) {
    this.url = url;
    this.nsp = nsp; // e.g. "/bench"
    this.prefix = nsp === "/" ? "" : nsp + ",";
    this.onEvent = onEvent || null; // (name, args, rawString) => void
    this.onClose = onClose || null;
    this.auth = auth || null; // the CONNECT packet's payload, e.g. {token} for a namespace that wants one
    this.nextId = 0;
    this.acks = new Map();
    this.ws = null;
    this.open = null; // Engine.IO handshake data
    this.connected = false;
    this.closed = false;
  }

  // Resolves once the namespace CONNECT is acknowledged; rejects on
  // CONNECT_ERROR, socket error/close or timeout.
  connect(timeoutMs = 20000) {
    return new Promise((resolve, reject) => {
      let settled = false;
      const done = (err) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          this.close();
          reject(err);
        } else resolve(this);
      };
      const timer = setTimeout(() => done(new Error(`connect timeout ${timeoutMs} ms`)), timeoutMs);
      const ws = new WebSocket(this.url, { perMessageDeflate: false, skipUTF8Validation: true });
      this.ws = ws;
      ws.on("message", (buf, isBinary) => {
        const s = isBinary ? null : buf.toString();
        if (s === null || s.length === 0) return;
        switch (s.charCodeAt(0)) {
          case 52: // "4" message
            this._onSio(s.slice(1), done);
            break;
          case 50: // "2" ping
            ws.send("3" + s.slice(1));
            break;
          case 48: // "0" open
            try {
              this.open = JSON.parse(s.slice(1));
            } catch (e) {
              return done(new Error(`bad open packet: ${s.slice(0, 80)}`));
            }
            ws.send("40" + this.prefix + (this.auth ? JSON.stringify(this.auth) : ""));
            break;
          case 49: // "1" close
            ws.close();
            break;
          default:
            break; // "6" noop and anything else
        }
      });
      ws.on("error", (e) => done(e));
      ws.on("close", () => {
        this.connected = false;
        this.closed = true;
        done(new Error("closed before connect"));
        for (const [, cb] of this.acks) cb(new Error("closed"));
        this.acks.clear();
        if (this.onClose) this.onClose(this);
      });
    });
  }

  _onSio(s, connectDone) {
    // fast path for the hot event: hand the raw string to the handler
    const type = s.charCodeAt(0);
    if (type === 50 && this.onEvent && s.startsWith(this.prefix, 1)) {
      const body = s.slice(1 + this.prefix.length);
      if (body.charCodeAt(0) === 91) { // "[" : event without ack id
        this.onEvent(body);
        return;
      }
    }
    let p;
    try {
      p = parseSio(s);
    } catch (e) {
      return;
    }
    if (p.nsp !== this.nsp) return;
    if (p.type === 0) {
      this.connected = true;
      this.sid = p.data && p.data.sid;
      connectDone();
    } else if (p.type === 4) {
      connectDone(new Error(`CONNECT_ERROR ${JSON.stringify(p.data)}`));
    } else if (p.type === 3) {
      const cb = this.acks.get(p.id);
      if (cb) {
        this.acks.delete(p.id);
        cb(null, p.data);
      }
    } else if (p.type === 2 && this.onEvent) {
      this.onEvent(JSON.stringify(p.data), p.id);
    } else if (p.type === 1) {
      this.connected = false;
    }
  }

  emit(event, args) {
    this.ws.send("42" + this.prefix + JSON.stringify([event, ...args]));
  }

  // emit with ack; resolves with the ack arguments (array)
  emitAck(event, args, timeoutMs = 30000) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.acks.delete(id);
        reject(new Error(`ack timeout for ${event}`));
      }, timeoutMs);
      this.acks.set(id, (err, data) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(data);
      });
      this.ws.send("42" + this.prefix + id + JSON.stringify([event, ...args]));
    });
  }

  close() {
    if (this.ws && this.ws.readyState <= 1) {
      try {
        this.ws.close();
      } catch {}
    }
  }

  // hard close, for teardown of thousands of sockets
  terminate() {
    if (this.ws) {
      try {
        this.ws.terminate();
      } catch {}
    }
  }
}

// Open `n` clients with at most `concurrency` handshakes in flight.
// Bounded: stops starting new ones after `deadline` (epoch ms).
export async function openMany(n, concurrency, makeClient, { deadline, timeoutMs = 20000, onConnected } = {}) {
  const clients = [];
  const errors = [];
  const latencies = [];
  let next = 0;
  async function worker() {
    while (next < n && Date.now() < deadline) {
      const i = next++;
      const c = makeClient(i);
      const t0 = performance.now();
      try {
        await c.connect(timeoutMs);
        latencies.push(performance.now() - t0);
        clients.push(c);
        if (onConnected) onConnected(c, i);
      } catch (e) {
        errors.push(String(e.message || e));
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return { clients, errors, latencies };
}
