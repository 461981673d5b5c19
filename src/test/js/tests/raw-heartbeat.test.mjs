// Engine.IO v4 heartbeat (server-driven ping/pong) and the Socket.IO connect timeout.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { SERVER, TEST_TIMEOUT } from "../lib/config.mjs";
import { RawClient } from "../lib/raw.mjs";
import { closeAll } from "../lib/sio.mjs";
import { withTimeout } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };
const MARGIN = 1000; // scheduling / CI slack on top of the protocol timings

/** Resolves when the client has seen `n` pings (bounded). */
function pings(raw, n, ms) {
  // the polling loop stops with the wait: left running after a timeout, it kept node (and the suite) alive
  let done = false;
  return withTimeout(
    new Promise((resolve) => {
      const check = () => {
        if (raw.pings >= n) resolve();
        else if (!done) setTimeout(check, 10);
      };
      check();
    }),
    ms,
    `${n} pings`,
  ).finally(() => {
    done = true;
  });
}

describe("raw frames: heartbeat and connect timeout", () => {
  afterEach(closeAll);

  it("the server sends a ping (2) about pingInterval after the handshake", T, async () => {
    const raw = await RawClient.open();
    await raw.connectNamespace("/test");
    const f = await raw.next({ skipPings: false, timeout: SERVER.pingInterval + MARGIN });
    const elapsed = Date.now() - raw.openedAt;
    assert.equal(f, "2");
    assert.ok(elapsed >= SERVER.pingInterval * 0.8, `first ping after ~pingInterval (got ${elapsed}ms)`);
  });

  it("answering every ping with a pong (3) keeps the session alive well past pingInterval + pingTimeout", T, async () => {
    const raw = await RawClient.open({ autoPong: true });
    await raw.connectNamespace("/test");
    const cycles = 5; // 5 x 300ms = 1.5s, three times pingInterval + pingTimeout
    await pings(raw, cycles, cycles * SERVER.pingInterval + MARGIN);
    assert.equal(raw.isClosedSync(), false, "still open");
    assert.deepEqual(await raw.ackedEvent("/test", 5, ["echo", "alive"]), ["alive"]);
  });

  it("a session that does not answer pings is closed within pingInterval + pingTimeout", T, async () => {
    const raw = await RawClient.open(); // no autoPong, and we send nothing after CONNECT
    await raw.connectNamespace("/test");
    const closed = await raw.waitClose(SERVER.pingInterval + SERVER.pingTimeout + MARGIN + 500);
    assert.ok(raw.pings >= 1, "the server pinged before giving up");
    assert.ok(closed.elapsed >= SERVER.pingInterval, `not closed before the first ping (closed after ${closed.elapsed}ms)`);
    assert.ok(
      closed.elapsed <= SERVER.pingInterval + SERVER.pingTimeout + MARGIN,
      `closed within pingInterval + pingTimeout (+${MARGIN}ms margin): took ${closed.elapsed}ms`,
    );
  });

  it("a ping (2) sent by the client is a protocol error and the server closes the connection", T, async () => {
    const raw = await RawClient.open({ autoPong: true }); // otherwise healthy
    await raw.connectNamespace("/test");
    raw.send("2");
    await raw.waitClose();
  });

  it("a connection that never sends CONNECT is closed after about connectTimeout", T, async () => {
    const raw = await RawClient.open({ autoPong: true }); // heartbeat is fine, only CONNECT is missing
    await raw.handshake();
    const closed = await raw.waitClose(SERVER.connectTimeout + MARGIN + 1000);
    assert.ok(
      closed.elapsed >= SERVER.connectTimeout * 0.8,
      `not closed much before connectTimeout (closed after ${closed.elapsed}ms)`,
    );
    assert.ok(
      closed.elapsed <= SERVER.connectTimeout + MARGIN,
      `closed within connectTimeout (+${MARGIN}ms margin): took ${closed.elapsed}ms`,
    );
    // binary frames are Socket.IO's too (attachments, or every packet with the msgpack parser)
    const socketIoFrames = raw.frames.filter((f) => typeof f !== "string" || f.startsWith("4"));
    assert.deepEqual(socketIoFrames, [], "no Socket.IO packet was sent to a client that never connected");
  });

  it("a connection that sent CONNECT in time is not closed by the connect timeout", T, async () => {
    const raw = await RawClient.open({ autoPong: true });
    await raw.connectNamespace("/test");
    // Wait (by counting pings, bounded) until well past connectTimeout.
    const n = Math.ceil((SERVER.connectTimeout + 500) / SERVER.pingInterval);
    await pings(raw, n, n * SERVER.pingInterval + MARGIN);
    assert.equal(raw.isClosedSync(), false);
    assert.deepEqual(await raw.ackedEvent("/test", 1, ["echo", 1]), [1]);
  });
});
