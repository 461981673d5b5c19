// Dynamic namespaces: /tenant-<a-z0-9> is served by one handler set, each tenant a namespace of its own.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { TEST_TIMEOUT } from "../lib/config.mjs";
import { client, closeAll, connect } from "../lib/sio.mjs";
import { Inbox, nextEvent } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };

describe("dynamic namespaces", () => {
  afterEach(closeAll);

  it("a name the pattern matches is a namespace made on its first CONNECT", T, async () => {
    const socket = client("/tenant-a1");
    const inbox = new Inbox(socket);
    assert.deepEqual(await inbox.waitFor("welcome"), [{ nsp: "/tenant-a1" }]);
    assert.equal(socket.connected, true);
  });

  it("each tenant has its own rooms: the same room name in another tenant is another room", T, async () => {
    const a1 = await connect("/tenant-alpha");
    const a2 = await connect("/tenant-alpha");
    const b = await connect("/tenant-beta");
    const a2Inbox = new Inbox(a2);
    const bInbox = new Inbox(b);
    for (const s of [a1, a2, b]) await s.timeout(5000).emitWithAck("join", "room");

    assert.equal(await a1.timeout(5000).emitWithAck("toRoom", { room: "room", event: "news" }), "/tenant-alpha");
    assert.deepEqual(await a2Inbox.waitFor("news"), ["/tenant-alpha"]);
    assert.equal(await b.timeout(5000).emitWithAck("toRoom", { room: "room", event: "news" }), "/tenant-beta");
    assert.deepEqual(await bInbox.waitFor("news"), ["/tenant-beta"]);
    assert.deepEqual(bInbox.all("news"), [{ event: "news", args: ["/tenant-beta"], ack: undefined }], "nothing from alpha");
  });

  it("a name the pattern does not match is refused with 'Invalid namespace'", T, async () => {
    const socket = client("/tenant-UPPER");
    const [err] = await nextEvent(socket, "connect_error");
    assert.equal(err.message, "Invalid namespace");
  });
});
