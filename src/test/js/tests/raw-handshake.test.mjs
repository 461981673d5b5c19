// Engine.IO open packet and Socket.IO CONNECT/EVENT/ACK frames, by hand over `ws`.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { SERVER, TEST_TIMEOUT, TEXT_FRAMES_ONLY } from "../lib/config.mjs";
import { RawClient } from "../lib/raw.mjs";
import { closeAll } from "../lib/sio.mjs";

const T = { timeout: TEST_TIMEOUT };

/** Parses "<prefix><json>" after checking the prefix. */
function jsonAfter(frame, prefix) {
  assert.equal(typeof frame, "string", `expected a text frame, got ${frame}`);
  assert.ok(frame.startsWith(prefix), `expected ${JSON.stringify(frame)} to start with ${JSON.stringify(prefix)}`);
  return JSON.parse(frame.slice(prefix.length));
}

describe("raw Engine.IO / Socket.IO frames: handshake and packets", { skip: TEXT_FRAMES_ONLY }, () => {
  afterEach(closeAll);

  it("the open packet has exactly sid, upgrades, pingInterval, pingTimeout and maxPayload with the configured values", T, async () => {
    const raw = await RawClient.open();
    const open = await raw.handshake();
    assert.deepEqual(Object.keys(open).sort(), ["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"]);
    assert.equal(typeof open.sid, "string");
    assert.ok(open.sid.length > 0);
    assert.deepEqual(open.upgrades, [], "no upgrades on a WebSocket-only session");
    assert.equal(open.pingInterval, SERVER.pingInterval);
    assert.equal(open.pingTimeout, SERVER.pingTimeout);
    assert.equal(open.maxPayload, SERVER.maxPayload);
  });

  it("every Engine.IO session gets a distinct sid", T, async () => {
    const sids = [];
    for (let i = 0; i < 3; i++) sids.push((await (await RawClient.open()).handshake()).sid);
    assert.equal(new Set(sids).size, 3);
  });

  it("CONNECT to the main namespace is answered with 40{sid}, a socket id different from the Engine.IO sid", T, async () => {
    const raw = await RawClient.open({ autoPong: true });
    const open = await raw.handshake();
    raw.send("40");
    const body = jsonAfter(await raw.next(), "40");
    assert.equal(typeof body.sid, "string");
    assert.ok(body.sid.length > 0);
    // The socket id is shared with other users (e.g. as the chat user); the Engine.IO sid must stay secret.
    assert.notEqual(body.sid, open.sid);
    assert.deepEqual(jsonAfter(await raw.next(), "42"), ["auth", {}]);
  });

  it("CONNECT to /custom with an auth payload is answered with 40/custom,{sid} and the auth echo", T, async () => {
    const raw = await RawClient.open({ autoPong: true });
    await raw.handshake();
    raw.send('40/custom,{"token":"raw-token","n":[1,2]}');
    const body = jsonAfter(await raw.next(), "40/custom,");
    assert.equal(typeof body.sid, "string");
    assert.deepEqual(jsonAfter(await raw.next(), "42/custom,"), ["auth", { token: "raw-token", n: [1, 2] }]);
  });

  it("an EVENT with an ack id is answered by an ACK with the same id and namespace", T, async () => {
    const raw = await RawClient.open({ autoPong: true });
    await raw.connectNamespace("/test");
    raw.send('42/test,17["echo","a",1,{"b":null}]');
    assert.deepEqual(jsonAfter(await raw.next(), "43/test,17"), ["a", 1, { b: null }]);
  });

  it("an EVENT on the main namespace is answered without a namespace prefix", T, async () => {
    const raw = await RawClient.open({ autoPong: true });
    await raw.connectNamespace("/");
    assert.deepEqual(jsonAfter(await raw.next(), "42"), ["auth", {}]);
    raw.send('42["message","x",2]');
    assert.deepEqual(jsonAfter(await raw.next(), "42"), ["message-back", "x", 2]);
    raw.send('423["message-with-ack","y"]');
    assert.deepEqual(jsonAfter(await raw.next(), "433"), ["y"]);
  });

  it("a BINARY_EVENT with one attachment is answered by a BINARY_ACK followed by the attachment", T, async () => {
    const raw = await RawClient.open({ autoPong: true });
    await raw.connectNamespace("/test");
    const payload = Buffer.from([1, 2, 3, 250]);
    raw.send('451-/test,8["echo",{"_placeholder":true,"num":0}]');
    raw.send(payload);
    const header = jsonAfter(await raw.next(), "461-/test,8");
    assert.deepEqual(header, [{ _placeholder: true, num: 0 }]);
    const attachment = await raw.next();
    assert.ok(Buffer.isBuffer(attachment), "the attachment is a binary frame");
    assert.deepEqual(attachment, payload);
  });

  it("the server emits binary as a BINARY_EVENT header followed by its attachments in order", T, async () => {
    const raw = await RawClient.open({ autoPong: true });
    await raw.connectNamespace("/test");
    raw.send('452-/test,["emitBack","bin",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    raw.send(Buffer.from([9]));
    raw.send(Buffer.from([8, 7]));
    const header = jsonAfter(await raw.next(), "452-/test,");
    assert.deepEqual(header, ["bin", { _placeholder: true, num: 0 }, { _placeholder: true, num: 1 }]);
    assert.deepEqual(await raw.next(), Buffer.from([9]));
    assert.deepEqual(await raw.next(), Buffer.from([8, 7]));
  });
});
