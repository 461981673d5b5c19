// A hand-driven Engine.IO v4 / Socket.IO v5 client over a raw WebSocket (`ws`),
// for tests that must see or send exact frames.
import WebSocket from "ws";
import { MSGPACK, RAW_WS_URL, WAIT } from "./config.mjs";
import { decodePacket, encodePacket } from "./msgpack.mjs";
import { track } from "./sio.mjs";
import { withTimeout } from "./wait.mjs";

export class RawClient {
  /**
   * Opens a WebSocket to the Engine.IO endpoint.
   * @param {{autoPong?: boolean, url?: string}} opts autoPong answers every server ping "2" with "3"
   *   (pings are then still recorded but skipped by next()); url replaces the Socket.IO endpoint
   *   (e.g. the Engine.IO one, or an upgrade with `sid`).
   */
  static async open({ autoPong = false, url = RAW_WS_URL } = {}) {
    const c = new RawClient(autoPong, url);
    await c.opened;
    return c;
  }

  constructor(autoPong, url = RAW_WS_URL) {
    this.autoPong = autoPong;
    this.frames = []; // every frame received: string (text) or Buffer (binary)
    this.cursor = 0; // next() reads frames[cursor]
    this.pings = 0;
    this.waiter = null;
    this.openedAt = Date.now();
    this.ws = new WebSocket(url);
    track(this);
    this.opened = withTimeout(
      new Promise((resolve, reject) => {
        this.ws.once("open", () => {
          this.openedAt = Date.now();
          resolve();
        });
        this.ws.once("error", reject);
      }),
      WAIT,
      "WebSocket open",
    );
    this.closed = new Promise((resolve) => {
      this.ws.once("close", (code, reason) => {
        resolve({ code, reason: reason.toString(), at: Date.now() });
        this.waiter?.();
      });
    });
    this.isClosed = false;
    this.closed.then(() => (this.isClosed = true));
    this.ws.on("error", () => {}); // surfaced via `closed`
    this.ws.on("message", (data, isBinary) => {
      const frame = isBinary ? Buffer.from(data) : data.toString();
      this.frames.push(frame);
      if (frame === "2") {
        this.pings++;
        if (this.autoPong) this.send("3");
      }
      this.waiter?.();
    });
  }

  send(frame) {
    this.ws.send(frame);
  }

  /**
   * Next received frame. With `skipPings` (default: autoPong), server pings are skipped.
   * Rejects on timeout or if the connection closes first.
   */
  next({ timeout = WAIT, skipPings = this.autoPong } = {}) {
    const take = () => {
      while (this.cursor < this.frames.length) {
        const f = this.frames[this.cursor++];
        if (!(skipPings && f === "2")) return { frame: f };
      }
      if (this.isClosedSync()) return { closed: true };
      return null;
    };
    const p = new Promise((resolve, reject) => {
      const check = () => {
        const r = take();
        if (!r) return;
        this.waiter = null;
        if (r.closed) reject(new Error("connection closed while waiting for a frame"));
        else resolve(r.frame);
      };
      this.waiter = check;
      check();
    });
    return withTimeout(p, timeout, "a frame").finally(() => (this.waiter = null));
  }

  isClosedSync() {
    return this.ws.readyState === WebSocket.CLOSED || this.ws.readyState === WebSocket.CLOSING;
  }

  /** Reads the Engine.IO open packet "0{...}" and returns it parsed. */
  async handshake() {
    const f = await this.next({ skipPings: false });
    if (typeof f !== "string" || f[0] !== "0") throw new Error(`expected open packet, got ${JSON.stringify(f)}`);
    this.openPacket = JSON.parse(f.slice(1));
    return this.openPacket;
  }

  /**
   * Handshake + Socket.IO CONNECT to `nsp`; resolves with the CONNECT response frame. With the msgpack
   * parser (SIO_PARSER=msgpack) CONNECT and answer are binary frames, and it resolves with the decoded answer.
   */
  async connectNamespace(nsp = "/") {
    if (!this.openPacket) await this.handshake();
    if (MSGPACK) {
      this.send(encodePacket({ type: 0, nsp }));
      const f = await this.next({ skipPings: true });
      const answer = typeof f === "string" ? undefined : decodePacket(f);
      if (answer?.type !== 0 || answer.nsp !== nsp || typeof answer.data?.sid !== "string") {
        throw new Error(`expected a msgpack CONNECT ack for ${nsp}, got ${typeof f === "string" ? JSON.stringify(f) : JSON.stringify(answer)}`);
      }
      return answer;
    }
    this.send(nsp === "/" ? "40" : `40${nsp},`);
    const f = await this.next({ skipPings: true });
    const expectedPrefix = nsp === "/" ? "40{" : `40${nsp},{`;
    if (typeof f !== "string" || !f.startsWith(expectedPrefix)) {
      throw new Error(`expected CONNECT ack for ${nsp}, got ${JSON.stringify(f)}`);
    }
    return f;
  }

  /**
   * Sends the EVENT `data` with ack id `id` on `nsp` in the suite's wire format (text 42..., or one msgpack
   * frame) and resolves with the arguments of the ACK that must come next.
   */
  async ackedEvent(nsp, id, data) {
    if (MSGPACK) {
      this.send(encodePacket({ type: 2, nsp, id, data }));
      const f = await this.next();
      const ack = typeof f === "string" ? undefined : decodePacket(f);
      if (ack?.type !== 3 || ack.nsp !== nsp || ack.id !== id) throw new Error(`expected ACK ${id} on ${nsp}, got ${JSON.stringify(ack ?? f)}`);
      return ack.data;
    }
    const nspPart = nsp === "/" ? "" : nsp + ",";
    this.send(`42${nspPart}${id}${JSON.stringify(data)}`);
    const f = await this.next();
    const ackPrefix = `43${nspPart}${id}`;
    if (typeof f !== "string" || !f.startsWith(ackPrefix)) throw new Error(`expected ${ackPrefix}[...], got ${JSON.stringify(f)}`);
    return JSON.parse(f.slice(ackPrefix.length));
  }

  /** Resolves with {code, reason, at, elapsed} when the server closes the connection. */
  async waitClose(timeout = WAIT) {
    const c = await withTimeout(this.closed, timeout, "the server to close the connection");
    return { ...c, elapsed: c.at - this.openedAt };
  }

  terminate() {
    this.ws.terminate();
  }
}
