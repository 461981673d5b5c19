// Server-side and client-side disconnection.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { chatAuth } from "../lib/chat.mjs";
import { TEST_TIMEOUT } from "../lib/config.mjs";
import { client, closeAll, connect, manager, waitConnected } from "../lib/sio.mjs";
import { ackAll, eventually, Inbox, nextEvent } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };

const count = async (socket) => (await ackAll(socket, "count"))[0];

/**
 * The /test count once it is stable (sockets closed by the previous test may still be
 * leaving the server): three equal reads 60ms apart, bounded.
 */
async function baseline(observer) {
  let last = await count(observer);
  let same = 0;
  await eventually(
    async () => {
      const c = await count(observer);
      same = c === last ? same + 1 : 0;
      last = c;
      return same >= 2;
    },
    { interval: 60, what: "a stable /test count" },
  );
  return last;
}

describe("disconnection", () => {
  afterEach(closeAll);

  it("disconnectMe(false) disconnects the client with reason 'io server disconnect'", T, async () => {
    const socket = await connect("/test");
    const disconnected = nextEvent(socket, "disconnect");
    socket.emit("disconnectMe", false);
    const [reason] = await disconnected;
    assert.equal(reason, "io server disconnect");
    assert.equal(socket.connected, false);
  });

  it("disconnectMe(false) leaves the other namespaces on the same connection connected", T, async () => {
    const m = manager();
    const test = m.socket("/test");
    const chat = m.socket("/chat", { auth: chatAuth("dora") });
    const main = m.socket("/");
    const chatInbox = new Inbox(chat);
    await Promise.all([test, chat, main].map((s) => waitConnected(s)));
    const engine = m.engine;

    const disconnected = nextEvent(test, "disconnect");
    test.emit("disconnectMe", false);
    assert.equal((await disconnected)[0], "io server disconnect");

    assert.equal(chat.connected, true);
    assert.equal(main.connected, true);
    assert.equal(m.engine, engine);
    assert.equal(engine.readyState, "open", "the Engine.IO connection stays open");
    assert.deepEqual(await ackAll(chat, "message", ["still here"]), [{ ok: true }]);
    assert.deepEqual(await chatInbox.waitFor("message", { where: (x) => x === "still here" }), ["still here"]);
    assert.deepEqual(await ackAll(main, "message-with-ack", ["main ok"]), ["main ok"]);
  });

  it("a namespace disconnected by the server can connect again on the same connection", T, async () => {
    const m = manager();
    const test = m.socket("/test");
    const keep = m.socket("/custom");
    await Promise.all([waitConnected(test), waitConnected(keep)]);
    const firstId = test.id;
    const disconnected = nextEvent(test, "disconnect");
    test.emit("disconnectMe", false);
    await disconnected;
    test.connect();
    await waitConnected(test);
    assert.notEqual(test.id, firstId, "a new socket id after reconnecting the namespace");
    assert.deepEqual(await ackAll(test, "echo", [1]), [1]);
  });

  it("disconnectMe(true) disconnects every namespace on the connection and closes it", T, async () => {
    const observer = await connect("/test");
    const before = await baseline(observer);

    const m = manager();
    const test = m.socket("/test");
    const chat = m.socket("/chat", { auth: chatAuth("dora") });
    await Promise.all([waitConnected(test), waitConnected(chat)]);
    await eventually(async () => (await count(observer)) === before + 1, { what: "count to include the new socket" });
    const engineClosed = nextEvent(m.engine, "close");

    const testDisconnected = nextEvent(test, "disconnect");
    const chatDisconnected = nextEvent(chat, "disconnect");
    test.emit("disconnectMe", true);

    assert.equal((await testDisconnected)[0], "io server disconnect");
    const [chatReason] = await chatDisconnected;
    assert.ok(
      ["io server disconnect", "transport close"].includes(chatReason),
      `the other namespace is disconnected too (reason: ${chatReason})`,
    );
    await engineClosed;
    assert.equal(chat.connected, false);
    await eventually(async () => (await count(observer)) === before, { what: "count to drop back" });
  });

  it("a client-side disconnect makes the server's count drop", T, async () => {
    const observer = await connect("/test");
    const before = await baseline(observer);
    const a = await connect("/test");
    const b = await connect("/test");
    await eventually(async () => (await count(observer)) === before + 2, { what: "count +2" });

    a.disconnect();
    await eventually(async () => (await count(observer)) === before + 1, { what: "count +1 after a left" });
    b.disconnect();
    await eventually(async () => (await count(observer)) === before, { what: "count back to baseline" });
    assert.equal(a.connected, false);
  });

  it("disconnecting a client's /test socket while it stays on /chat drops only the /test count", T, async () => {
    const observer = await connect("/test");
    const before = await baseline(observer);
    const m = manager();
    const test = m.socket("/test");
    const chat = m.socket("/chat", { auth: chatAuth("dora") });
    await Promise.all([waitConnected(test), waitConnected(chat)]);
    await eventually(async () => (await count(observer)) === before + 1, { what: "count +1" });
    test.disconnect();
    await eventually(async () => (await count(observer)) === before, { what: "count back to baseline" });
    assert.equal(chat.connected, true);
    assert.deepEqual(await ackAll(chat, "message", ["chat still works"]), [{ ok: true }]);
  });

  it("sockets on other namespaces are not counted in /test", T, async () => {
    const observer = await connect("/test");
    const before = await baseline(observer);
    await connect("/chat", { auth: chatAuth("dora") });
    await connect("/");
    assert.equal(await count(observer), before);
  });

  it("an unconnected client (connect_error) is not counted", T, async () => {
    const observer = await connect("/test");
    const before = await baseline(observer);
    const bad = client("/nope");
    await nextEvent(bad, "connect_error");
    assert.equal(await count(observer), before);
  });
});
