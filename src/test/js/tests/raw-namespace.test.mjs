// Namespace-level frames by hand: invalid namespace, DISCONNECT from either side.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { SERVER, TEST_TIMEOUT, TEXT_FRAMES_ONLY } from "../lib/config.mjs";
import { RawClient } from "../lib/raw.mjs";
import { closeAll } from "../lib/sio.mjs";

const T = { timeout: TEST_TIMEOUT };
const PING_WAIT = SERVER.pingInterval + 1000;

describe("raw frames: namespaces", { skip: TEXT_FRAMES_ONLY }, () => {
  afterEach(closeAll);

  it("CONNECT to an unknown namespace is answered with exactly 44/random,{\"message\":\"Invalid namespace\"}", T, async () => {
    const raw = await RawClient.open({ autoPong: true });
    await raw.handshake();
    raw.send("40/random");
    assert.equal(await raw.next(), '44/random,{"message":"Invalid namespace"}');
  });

  it("after a CONNECT_ERROR the connection can still connect to a valid namespace", T, async () => {
    const raw = await RawClient.open({ autoPong: true });
    await raw.handshake();
    raw.send("40/random,");
    assert.equal(await raw.next(), '44/random,{"message":"Invalid namespace"}');
    await raw.connectNamespace("/test");
    raw.send('42/test,1["echo","ok"]');
    assert.equal(await raw.next(), '43/test,1["ok"]');
  });

  it("a DISCONNECT (41) from a connected client keeps the connection open: the next frame is a ping", T, async () => {
    const raw = await RawClient.open();
    await raw.connectNamespace("/");
    assert.equal(await raw.next({ skipPings: true }), '42["auth",{}]');
    raw.send("41");
    assert.equal(await raw.next({ timeout: PING_WAIT }), "2");
    raw.send("3");
    // Still a working session: connect again.
    await raw.connectNamespace("/");
  });

  // Reference behaviour (socket.io Client#ondecoded "invalid state"): a packet other than
  // CONNECT for a namespace this connection has not joined closes the connection.
  for (const frame of ["41", '42/test,["echo","x"]']) {
    it(`a packet for a namespace the client has not joined (${frame}) closes the connection`, T, async () => {
      const raw = await RawClient.open({ autoPong: true });
      await raw.handshake();
      raw.send(frame);
      await raw.waitClose();
    });
  }

  it("disconnectMe(false) sends DISCONNECT for that namespace only and keeps the connection open", T, async () => {
    const raw = await RawClient.open({ autoPong: true });
    await raw.connectNamespace("/test");
    raw.send('42/test,["disconnectMe",false]');
    assert.equal(await raw.next(), "41/test,");
    // The session is alive: wait for a server ping, then use the connection again.
    assert.equal(await raw.next({ skipPings: false, timeout: PING_WAIT }), "2");
    await raw.connectNamespace("/test");
  });

  it("disconnectMe(true) sends DISCONNECT and then closes the connection", T, async () => {
    const raw = await RawClient.open({ autoPong: true });
    await raw.connectNamespace("/test");
    raw.send('42/test,["disconnectMe",true]');
    assert.equal(await raw.next(), "41/test,");
    await raw.waitClose();
  });
});
