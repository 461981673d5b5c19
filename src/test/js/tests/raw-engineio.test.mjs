// The plain Engine.IO v4 endpoint at <SIO_URL>engine.io/ (the conformance echo application: every
// message is sent back as it came, text or binary), by hand over HTTP long-polling (fetch) and
// WebSocket (ws). The Java server serves it when socketio.conformance.enabled=true, as the test
// deployment does. Raw HTTP/WS: independent of SIO_TRANSPORTS.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { engineUrl, SERVER, TEST_TIMEOUT } from "../lib/config.mjs";
import { describeLongPolling, describeWebSocketHandshakeRefusals } from "../lib/engine-behaviour.mjs";
import {
  assertEngineError,
  expectNoopAfterProbe,
  PollingSession,
  probeUpgrade,
  SEP,
  upgrade,
  upgradeUrl,
  webSocketRefusal,
} from "../lib/polling.mjs";
import { RawClient } from "../lib/raw.mjs";
import { closeAll } from "../lib/sio.mjs";

const T = { timeout: TEST_TIMEOUT };
const MARGIN = 1000;
const WS_URL = engineUrl("engine.io", { EIO: 4, transport: "websocket" }, { websocket: true });

/** A WebSocket-only Engine.IO session with its open packet read. */
async function webSocketSession({ autoPong = true } = {}) {
  const ws = await RawClient.open({ url: WS_URL, autoPong });
  await ws.handshake();
  return ws;
}

describe("engine.io/ (Engine.IO echo)", () => {
  afterEach(closeAll);

  describeLongPolling("engine.io");

  describeWebSocketHandshakeRefusals("engine.io");

  describe("engine.io/ over HTTP long-polling: messages", () => {
    it("a POST 4hello is answered ok and the next GET brings exactly 4hello", T, async () => {
      const s = await PollingSession.open("engine.io");
      const post = await s.post("4hello");
      assert.equal(post.status, 200);
      assert.equal(post.body, "ok");
      const res = await s.get();
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/plain\s*;\s*charset=utf-8$/i);
      assert.equal(res.body, "4hello");
    });

    it("several packets in one POST come back in one GET, joined by \\x1e", T, async () => {
      const s = await PollingSession.open("engine.io");
      await s.send("4test1", "4test2", "4test3");
      const res = await s.get();
      assert.equal(res.status, 200);
      assert.equal(res.body, `4test1${SEP}4test2${SEP}4test3`);
    });

    it("text and binary (b<base64>) packets in one POST come back in one GET as they were", T, async () => {
      const s = await PollingSession.open("engine.io");
      await s.send("4hello", "bAQIDBA==");
      const res = await s.get();
      assert.equal(res.status, 200);
      assert.equal(res.body, `4hello${SEP}bAQIDBA==`);
    });

    it("an empty message 4 and a message with multi-byte UTF-8 characters are echoed unchanged", T, async () => {
      const s = await PollingSession.open("engine.io");
      await s.send("4", "4héllo €😀 \u00a0中文");
      assert.equal(await s.next(), "4");
      assert.equal(await s.next(), "4héllo €😀 \u00a0中文");
    });

    it(`a POST of exactly maxPayload (${SERVER.maxPayload}) bytes is accepted and its message echoed`, T, async () => {
      const s = await PollingSession.open("engine.io");
      // right after a heartbeat round, so that the upload has a whole pingInterval before the next ping
      assert.equal(await s.next({ skipPings: false, timeout: SERVER.pingInterval + MARGIN }), "2");
      const packet = "4" + "x".repeat(SERVER.maxPayload - 1);
      await s.send(packet);
      const echoed = await s.next();
      assert.equal(echoed.length, packet.length);
      assert.ok(echoed === packet, "the echo is the packet");
    });
  });

  describe("engine.io/ over WebSocket", () => {
    it("the open packet of a WebSocket session holds exactly sid, upgrades [], pingInterval, pingTimeout and maxPayload", T, async () => {
      const ws = await RawClient.open({ url: WS_URL });
      const open = await ws.handshake();
      assert.deepEqual(Object.keys(open).sort(), ["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"]);
      assert.equal(typeof open.sid, "string");
      assert.deepEqual(open.upgrades, []);
      assert.equal(open.pingInterval, SERVER.pingInterval);
      assert.equal(open.pingTimeout, SERVER.pingTimeout);
      assert.equal(open.maxPayload, SERVER.maxPayload);
    });

    it("a text frame 4hello is echoed as 4hello", T, async () => {
      const ws = await webSocketSession();
      ws.send("4hello");
      assert.equal(await ws.next(), "4hello");
    });

    it("a binary frame is echoed as a binary frame with the same bytes", T, async () => {
      const ws = await webSocketSession();
      ws.send(Buffer.from([1, 2, 3, 4]));
      const f = await ws.next();
      assert.ok(Buffer.isBuffer(f), `a binary frame, got ${JSON.stringify(f)}`);
      assert.deepEqual(f, Buffer.from([1, 2, 3, 4]));
    });

    it("text and binary frames are echoed in the order they were sent", T, async () => {
      const ws = await webSocketSession();
      ws.send("4one");
      ws.send(Buffer.from([0xff]));
      ws.send("4three");
      assert.equal(await ws.next(), "4one");
      assert.deepEqual(await ws.next(), Buffer.from([0xff]));
      assert.equal(await ws.next(), "4three");
    });

    it("an invalid packet (abc) closes the WebSocket", T, async () => {
      const ws = await webSocketSession();
      ws.send("abc");
      await ws.waitClose();
    });

    it(`a message larger than maxPayload (${SERVER.maxPayload} bytes) closes the WebSocket`, T, async () => {
      const ws = await webSocketSession();
      ws.send("4" + "x".repeat(SERVER.maxPayload + 16));
      await ws.waitClose();
    });

    it("three heartbeat rounds: the server sends 2, the client answers 3, the session stays open", T, async () => {
      const ws = await webSocketSession({ autoPong: false });
      for (let round = 0; round < 3; round++) {
        assert.equal(await ws.next({ timeout: SERVER.pingInterval + MARGIN }), "2", `round ${round + 1}`);
        ws.send("3");
      }
      ws.send("4alive");
      assert.equal(await ws.next(), "4alive");
    });

    it("a WebSocket session that does not answer pings is closed within pingInterval + pingTimeout", T, async () => {
      const ws = await webSocketSession({ autoPong: false });
      const closed = await ws.waitClose(SERVER.pingInterval + SERVER.pingTimeout + MARGIN + 500);
      assert.ok(ws.pings >= 1, "pinged before giving up");
      assert.ok(closed.elapsed >= SERVER.pingInterval, `not closed before the first ping (after ${closed.elapsed}ms)`);
      assert.ok(closed.elapsed <= SERVER.pingInterval + SERVER.pingTimeout + MARGIN, `closed after ${closed.elapsed}ms`);
    });

    // The reference server ignores a close packet over WebSocket (the conformance suite's client
    // answers no ping, so the session ends by ping timeout): only the end of the session is checked.
    it("a WebSocket session whose client sends a close packet 1 and answers no ping is closed within pingInterval + pingTimeout", T, async () => {
      const ws = await webSocketSession({ autoPong: false });
      ws.send("1");
      const closed = await ws.waitClose(SERVER.pingInterval + SERVER.pingTimeout + MARGIN + 500);
      assert.ok(closed.elapsed <= SERVER.pingInterval + SERVER.pingTimeout + MARGIN, `closed after ${closed.elapsed}ms`);
    });

    it("a ping 2 from the client closes the WebSocket (heartbeats are server-driven in Engine.IO v4)", T, async () => {
      const ws = await webSocketSession();
      ws.send("2");
      const closed = await ws.waitClose();
      assert.ok(closed.elapsed < SERVER.pingInterval + SERVER.pingTimeout, `closed at once, not by a ping timeout (${closed.elapsed}ms)`);
    });
  });

  describe("engine.io/ upgrade from HTTP long-polling to WebSocket", () => {
    it("2probe is answered 3probe, a GET then gets a noop 6, and after 5 messages are echoed over the WebSocket", T, async () => {
      const s = await PollingSession.open("engine.io");
      const ws = await probeUpgrade(s);
      await expectNoopAfterProbe(s);
      ws.send("5");
      ws.send("4hello");
      assert.equal(await ws.next(), "4hello");
      ws.send(Buffer.from([1, 2, 3, 4]));
      assert.deepEqual(await ws.next(), Buffer.from([1, 2, 3, 4]), "binary as a binary frame after the upgrade");
    });

    it("messages echoed while polling arrive over polling, and after the upgrade over the WebSocket only", T, async () => {
      const s = await PollingSession.open("engine.io");
      await s.send("4before");
      assert.equal(await s.next(), "4before");
      const { ws, polled } = await upgrade(s); // a GET is pending during the probe
      assert.deepEqual(polled, []);
      ws.send("4after");
      assert.equal(await ws.next(), "4after");
      assertEngineError(await s.get(), 3, { what: "a GET after the upgrade" });
    });

    it("after the upgrade a second WebSocket with the same sid is closed and the first keeps echoing", T, async () => {
      const s = await PollingSession.open("engine.io");
      const { ws } = await upgrade(s);
      ws.send("4first");
      assert.equal(await ws.next(), "4first");
      const second = await webSocketRefusal(upgradeUrl(s));
      assert.ok(second.status === 400 || second.opened, `refused: ${JSON.stringify(second)}`);
      if (second.frames) assert.deepEqual(second.frames, [], "nothing sent to the second WebSocket");
      ws.send("4hello");
      assert.equal(await ws.next(), "4hello");
    });
  });
});
