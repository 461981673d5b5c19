// A hand-driven Engine.IO v4 HTTP long-polling client over `fetch`, for tests that must see or
// send exact requests and payloads, plus a few raw HTTP / WebSocket helpers for the handshake
// and error checks. Every request is bounded (WAIT by default) and every session is tracked, so
// closeAll() aborts whatever a test left in flight.
import assert from "node:assert/strict";
import diagnostics from "node:diagnostics_channel";
import WebSocket from "ws";
import { engineUrl, WAIT } from "./config.mjs";
import { RawClient } from "./raw.mjs";
import { track } from "./sio.mjs";
import { withTimeout } from "./wait.mjs";

/** The record separator between the packets of a polling payload. */
export const SEP = "\x1e";

// fetch() may need a while (a new connection, a busy CPU) before a request is actually on the
// wire; a test that wants the server to hold a request (to cancel it, or to overlap it) waits
// for undici's "request headers sent" event first.
const sentWaiters = new Map(); // tag -> resolve
diagnostics.subscribe("undici:client:sendHeaders", ({ request }) => {
  const tag = new URLSearchParams(request.path.split("?")[1] ?? "").get("t");
  const resolve = tag && sentWaiters.get(tag);
  if (resolve) {
    sentWaiters.delete(tag);
    resolve();
  }
});
let tagSeq = 0;

/**
 * A fresh tag for a request's `t` query parameter and a promise that resolves (bounded) once that
 * request's headers are on the wire: {tag, sent}.
 */
export function tagRequest() {
  const tag = `r${++tagSeq}`;
  const sent = withTimeout(new Promise((resolve) => sentWaiters.set(tag, resolve)), WAIT, `request ${tag} to be sent`)
    .finally(() => sentWaiters.delete(tag));
  sent.catch(() => {}); // awaited by the caller if it cares
  return { tag, sent };
}

/**
 * One HTTP request, bounded. Resolves with {status, headers, body (text), ms}; rejects on a
 * network error (e.g. the server dropped the connection) or after `timeout` ms.
 */
export async function request(url, { method = "GET", body, headers = {}, signal, timeout = WAIT, duplex } = {}) {
  const signals = [AbortSignal.timeout(timeout)];
  if (signal) signals.push(signal);
  const started = Date.now();
  try {
    const res = await fetch(url, { method, body, headers, signal: AbortSignal.any(signals), duplex });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text, ms: Date.now() - started };
  } catch (e) {
    if (e?.name === "TimeoutError") {
      throw new Error(`timeout after ${timeout}ms waiting for the answer to ${method} ${url}`);
    }
    throw e;
  }
}

/**
 * Asserts the Engine.IO error answer: HTTP `status` (400 by default) with a JSON body
 * {"code": code, "message": <non-empty string>}.
 */
export function assertEngineError(res, code, { status = 400, what = "" } = {}) {
  const where = what ? ` (${what})` : "";
  assert.equal(res.status, status, `HTTP status${where}; body ${JSON.stringify(res.body)}`);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json\b/i, `Content-Type of the error${where}`);
  let json;
  assert.doesNotThrow(() => (json = JSON.parse(res.body)), `a JSON error body${where}, got ${JSON.stringify(res.body)}`);
  assert.deepEqual(Object.keys(json).sort(), ["code", "message"], `error body keys${where}: ${res.body}`);
  assert.equal(json.code, code, `error code${where}: ${res.body}`);
  assert.equal(typeof json.message, "string");
  assert.ok(json.message.length > 0, "a non-empty message");
}

/** Splits a polling payload into its packets (strings; binary stays "b<base64>"). */
export function splitPayload(body) {
  return body.split(SEP);
}

/** The handshake query: EIO=4&transport=polling, plus/overridden by `extra`. */
function pollingQuery(extra = {}) {
  return { EIO: 4, transport: "polling", ...extra };
}

export class PollingSession {
  /**
   * Opens a session with a handshake GET on `endpoint` ("socket.io" or "engine.io"); asserts that
   * it is a 200 with an open packet. `session.handshakeResponse` keeps that first answer.
   */
  static async open(endpoint = "socket.io", { headers = {}, autoPong = true } = {}) {
    const requestedAt = Date.now();
    const res = await request(engineUrl(endpoint, pollingQuery()), { headers });
    assert.equal(res.status, 200, `handshake answered ${res.status} ${res.body}`);
    assert.ok(res.body.startsWith("0"), `an open packet, got ${JSON.stringify(res.body)}`);
    return new PollingSession(endpoint, JSON.parse(res.body.slice(1)), res, autoPong, requestedAt);
  }

  constructor(endpoint, open, handshakeResponse, autoPong, requestedAt) {
    this.endpoint = endpoint;
    this.open = open;
    this.sid = open.sid;
    // The server started the session's timers between these two instants: durations measured
    // from requestedAt are never shorter than the server's, those from openedAt never longer.
    this.requestedAt = requestedAt;
    this.openedAt = Date.now();
    this.handshakeResponse = handshakeResponse;
    this.autoPong = autoPong; // next() answers every ping "2" with a POST "3"
    this.inbox = []; // packets received by next()'s GETs and not yet returned
    this.controller = new AbortController(); // aborts everything at cleanup
    this.postChain = Promise.resolve(); // POSTs never overlap (the spec allows one at a time)
    track(this);
  }

  /** The URL of this session's requests (sid included); `extra` adds query parameters. */
  url(extra = {}) {
    return engineUrl(this.endpoint, pollingQuery({ sid: this.sid, ...extra }));
  }

  /** One raw GET with this sid (no parsing). */
  get({ signal, timeout = WAIT, query } = {}) {
    const signals = [this.controller.signal];
    if (signal) signals.push(signal);
    return request(this.url(query), { signal: AbortSignal.any(signals), timeout });
  }

  /**
   * Starts a GET (tagged with a unique `t` query parameter, as clients do against caches) and
   * returns {response, sent}: `sent` resolves once its request is on the wire (bounded).
   */
  startGet({ signal, timeout = WAIT } = {}) {
    const { tag, sent } = tagRequest();
    const response = this.get({ signal, timeout, query: { t: tag } });
    return { response, sent };
  }

  /**
   * One raw POST of `body` (a string, or an array of packets joined with \x1e) with this sid.
   * POSTs made through this method are sent one after the other, never concurrently.
   */
  post(body, { timeout = WAIT, headers } = {}) {
    const payload = Array.isArray(body) ? body.join(SEP) : body;
    const p = this.postChain.then(() =>
      request(this.url(), { method: "POST", body: payload, headers, signal: this.controller.signal, timeout }),
    );
    this.postChain = p.catch(() => {});
    return p;
  }

  /** POSTs and asserts the answer is 200 "ok". */
  async send(...packets) {
    const res = await this.post(packets);
    assert.equal(res.status, 200, `POST ${JSON.stringify(packets)} answered ${res.status} ${res.body}`);
    assert.equal(res.body, "ok");
    return res;
  }

  /**
   * The next packet from the server, GETting as needed (one GET at a time). Pings "2" are
   * answered with "3" when autoPong is on and, with `skipPings` (default: autoPong), not returned;
   * noops "6" are skipped unless `skipNoops` is false. Rejects if a GET is not answered with 200.
   */
  async next({ timeout = WAIT, skipPings = this.autoPong, skipNoops = true } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      while (this.inbox.length) {
        const packet = this.inbox.shift();
        if (packet === "2" && skipPings) continue;
        if (packet === "6" && skipNoops) continue;
        return packet;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout after ${timeout}ms waiting for a packet on ${this.endpoint} sid ${this.sid}`);
      const res = await this.get({ timeout: left });
      if (res.status !== 200) {
        throw new Error(`GET answered ${res.status} ${res.body} while waiting for a packet (session closed?)`);
      }
      for (const packet of splitPayload(res.body)) {
        this.inbox.push(packet);
        if (packet === "2" && this.autoPong) {
          const pong = await this.post("3");
          assert.equal(pong.status, 200, `pong answered ${pong.status} ${pong.body}`);
        }
      }
    }
  }

  /**
   * Polls (one GET at a time, pings answered) until a GET brings a noop "6", as a client does
   * while it upgrades: start it before the probe, so that a GET is pending when the probe
   * arrives and the heartbeat goes on meanwhile. Resolves with the other packets received.
   */
  async pollUntilNoop({ timeout = WAIT } = {}) {
    const deadline = Date.now() + timeout;
    const packets = [];
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no noop within ${timeout}ms (received ${JSON.stringify(packets)})`);
      const res = await this.get({ timeout: left });
      if (res.status !== 200) throw new Error(`GET answered ${res.status} ${res.body} while waiting for a noop`);
      const received = splitPayload(res.body);
      for (const p of received) {
        if (p === "2") {
          const pong = await this.post("3");
          assert.equal(pong.status, 200, `pong answered ${pong.status} ${pong.body}`);
        } else if (p !== "6") {
          packets.push(p);
        }
      }
      if (received.includes("6")) return packets;
    }
  }

  /** Socket.IO CONNECT over polling to `nsp` with an optional auth payload; resolves with the CONNECT answer. */
  async connectNamespace(nsp = "/", auth) {
    const prefix = nsp === "/" ? "40" : `40${nsp},`;
    await this.send(prefix + (auth === undefined ? "" : JSON.stringify(auth)));
    const answer = await this.next();
    assert.ok(answer.startsWith(prefix + "{"), `CONNECT answer for ${nsp}: ${JSON.stringify(answer)}`);
    return answer;
  }

  /** Aborts every request still in flight (the server then ends the session). */
  terminate() {
    this.controller.abort();
  }
}

/**
 * What happens to a WebSocket opened at `url` that the server should refuse: resolves with
 * {status} when the upgrade is answered with an HTTP error, or {opened: true, frames, code} when
 * the server accepted the upgrade and then closed the connection. Rejects if the connection stays
 * open for `timeout` ms.
 */
export function webSocketRefusal(url, timeout = WAIT) {
  const ws = new WebSocket(url);
  track({ terminate: () => ws.terminate() });
  const frames = [];
  let opened = false;
  const p = new Promise((resolve) => {
    ws.on("unexpected-response", (req, res) => {
      resolve({ status: res.statusCode });
      res.resume();
      req.destroy();
    });
    ws.on("open", () => (opened = true));
    ws.on("message", (data, isBinary) => frames.push(isBinary ? Buffer.from(data) : data.toString()));
    ws.on("error", () => {}); // surfaced as close
    ws.on("close", (code) => resolve({ opened, frames, code }));
  });
  return withTimeout(p, timeout, `the server to refuse or close the WebSocket ${url}`).finally(() => ws.terminate());
}

/** The URL of a WebSocket that upgrades `session` (same endpoint, same sid). */
export function upgradeUrl(session) {
  return engineUrl(session.endpoint, { EIO: 4, transport: "websocket", sid: session.sid }, { websocket: true });
}

/**
 * Opens the upgrade WebSocket for `session` and probes it: sends "2probe" and asserts the answer
 * "3probe". Resolves with the RawClient (autoPong on); the upgrade is not completed ("5" not sent).
 */
export async function probeUpgrade(session) {
  const ws = await RawClient.open({ url: upgradeUrl(session), autoPong: true });
  ws.send("2probe");
  assert.equal(await ws.next(), "3probe", "the probe is answered with 3probe");
  return ws;
}

/**
 * Upgrades `session` the way a client does: a GET stays pending (pings answered) while the
 * WebSocket is opened and probed, the probe releases it with a noop, then "5" completes the
 * upgrade. Resolves with {ws, polled} (polled: packets other than ping/noop the GETs brought).
 */
export async function upgrade(session) {
  const released = session.pollUntilNoop();
  released.catch(() => {}); // awaited below; a failed probe must not leave it unhandled
  const ws = await probeUpgrade(session);
  const polled = await released;
  ws.send("5");
  return { ws, polled };
}

/**
 * After a probe, the polling transport must be released: a GET is answered with a noop "6".
 * Pings the server queued before the probe may come first (they are answered); resolves with
 * the bodies received.
 */
export async function expectNoopAfterProbe(session) {
  const bodies = [];
  for (let i = 0; i < 3; i++) {
    const res = await session.get();
    assert.equal(res.status, 200, `GET during the upgrade answered ${res.status} ${res.body}`);
    bodies.push(res.body);
    const packets = splitPayload(res.body);
    if (packets.includes("6")) {
      assert.deepEqual(packets.filter((p) => p !== "6" && p !== "2"), [], `only noop (and pings) during the upgrade: ${JSON.stringify(res.body)}`);
      return bodies;
    }
    assert.deepEqual(packets, ["2"], `a GET after the probe gets a noop, got ${JSON.stringify(res.body)}`);
    await session.send("3");
  }
  throw new Error(`no noop after the probe: ${JSON.stringify(bodies)}`);
}

/**
 * Asserts that the server ends `session`: a GET is answered with 400 (code 1, sid unknown), or
 * first with a payload holding a close packet "1" (an orderly close; noops may come before it)
 * and then 400. Pings are answered, so that a ping timeout cannot pass for the close under test.
 * Bounded by `timeout`.
 */
export async function assertSessionEnded(session, { timeout = WAIT } = {}) {
  const deadline = Date.now() + timeout;
  const seen = [];
  for (let i = 0; i < 5 && Date.now() < deadline; i++) {
    const res = await session.get({ timeout: Math.max(1, deadline - Date.now()) });
    if (res.status === 400) {
      assertEngineError(res, 1, { what: "a GET on an ended session" });
      return seen;
    }
    assert.equal(res.status, 200, `GET answered ${res.status} ${res.body}`);
    seen.push(res.body);
    const packets = splitPayload(res.body);
    const unexpected = packets.filter((p) => !["1", "2", "6"].includes(p));
    assert.deepEqual(unexpected, [], `nothing but close/noop/ping while the session ends: ${JSON.stringify(res.body)}`);
    if (packets.includes("2") && !packets.includes("1")) await session.post("3").catch(() => {});
  }
  throw new Error(`the session was not ended: GETs answered ${JSON.stringify(seen)}`);
}
