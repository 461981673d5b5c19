// Connecting to namespaces, multiplexing, auth payload, unknown namespace.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { chatAuth } from "../lib/chat.mjs";
import { TEST_TIMEOUT } from "../lib/config.mjs";
import { client, closeAll, connect, manager, waitConnected } from "../lib/sio.mjs";
import { Inbox, nextEvent } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };

describe("connecting to namespaces", () => {
  afterEach(closeAll);

  for (const nsp of ["/", "/custom", "/chat", "/test"]) {
    it(`a client connects to the ${nsp} namespace and gets a socket id`, T, async () => {
      // /chat admits token holders only (lib/chat.mjs)
      const socket = await connect(nsp, nsp === "/chat" ? { auth: chatAuth("nina") } : {});
      assert.equal(socket.connected, true);
      assert.equal(typeof socket.id, "string");
      assert.ok(socket.id.length > 0, "socket id is not empty");
    });
  }

  it("the main namespace echoes an empty auth object when the client sent none", T, async () => {
    const socket = client("/");
    const [auth] = await nextEvent(socket, "auth");
    assert.deepEqual(auth, {});
  });

  it("the main namespace echoes the auth payload back in an auth event", T, async () => {
    const payload = { token: "abc-123", user: { name: "Zoë", roles: ["a", "b"] }, n: 42 };
    const socket = client("/", { auth: payload });
    const [auth] = await nextEvent(socket, "auth");
    assert.deepEqual(auth, payload);
  });

  it("the /custom namespace echoes the auth payload back in an auth event", T, async () => {
    const payload = { token: "custom-token", nested: { ok: true } };
    const socket = client("/custom", { auth: payload });
    const [auth] = await nextEvent(socket, "auth");
    assert.deepEqual(auth, payload);
  });

  it("several namespaces are multiplexed on one Manager, each with its own socket id and auth", T, async () => {
    const m = manager();
    const main = m.socket("/", { auth: { who: "main" } });
    const custom = m.socket("/custom", { auth: { who: "custom" } });
    const chat = m.socket("/chat", { auth: chatAuth("nina") });
    const test = m.socket("/test");
    const mainInbox = new Inbox(main);
    const customInbox = new Inbox(custom);

    await Promise.all([main, custom, chat, test].map((s) => waitConnected(s)));

    const ids = [main.id, custom.id, chat.id, test.id];
    assert.equal(new Set(ids).size, 4, "each namespace socket has its own id");
    assert.deepEqual((await mainInbox.waitFor("auth"))[0], { who: "main" });
    assert.deepEqual((await customInbox.waitFor("auth"))[0], { who: "custom" });

    // All four ride on one Engine.IO connection, and every one of them works.
    const engine = m.engine;
    assert.ok(engine && engine.readyState === "open");
    assert.deepEqual(await test.timeout(3000).emitWithAck("echo", "via /test"), "via /test");
    main.emit("message", "via /");
    assert.deepEqual(await mainInbox.waitFor("message-back"), ["via /"]);
    assert.equal(m.engine, engine, "still the same Engine.IO connection");
  });

  it("connecting to an unknown namespace fails with connect_error 'Invalid namespace'", T, async () => {
    const socket = client("/does-not-exist");
    const [err] = await nextEvent(socket, "connect_error");
    assert.equal(err.message, "Invalid namespace");
    assert.equal(socket.connected, false);
  });

  it("an unknown namespace fails without disturbing other namespaces on the same Manager", T, async () => {
    const m = manager();
    const bad = m.socket("/nope");
    const good = m.socket("/test");
    const [[err]] = await Promise.all([nextEvent(bad, "connect_error"), waitConnected(good)]);
    assert.equal(err.message, "Invalid namespace");
    assert.equal(await good.timeout(3000).emitWithAck("echo", 1), 1);
  });
});
