// Room scoping on /test. Absence is proven by a later sentinel on the same connection:
// frames to one connection are delivered in order, so once the sentinel (emitted after
// the broadcast was acknowledged) has arrived, a wrongly delivered broadcast would have too.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { chatAuth, chatUser } from "../lib/chat.mjs";
import { TEST_TIMEOUT } from "../lib/config.mjs";
import { closeAll, connect } from "../lib/sio.mjs";
import { ackAll, Inbox } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };

let nonce = 0;
const uniqueRoom = (label) => `${label}-${process.pid}-${Date.now()}-${++nonce}`;

/** A connected /test socket with an inbox. */
async function member() {
  const socket = await connect("/test");
  return { socket, inbox: new Inbox(socket), id: socket.id };
}

const join = (m, room) => ackAll(m.socket, "join", [room]);
const leave = (m, room) => ackAll(m.socket, "leave", [room]);
const toRoom = (sender, spec) => ackAll(sender.socket, "toRoom", [spec]);
const rooms = async (m) => (await ackAll(m.socket, "rooms"))[0];

/** Sends a sentinel to `m` (via its own room) and waits for it; returns m's events before it. */
async function drain(sender, m) {
  const token = `sentinel-${++nonce}`;
  await toRoom(sender, { room: m.id, event: "sentinel", args: [token] });
  await m.inbox.waitFor("sentinel", { where: (t) => t === token });
  return m.inbox.events;
}

function assertNotReceived(m, event, label) {
  const got = m.inbox.all(event);
  assert.deepEqual(got.map((e) => e.args), [], `${label} must not receive "${event}"`);
}

describe("rooms", () => {
  afterEach(closeAll);

  it("every socket is in a room named by its own id", T, async () => {
    const a = await member();
    assert.deepEqual(await rooms(a), [a.id]);
  });

  it("join adds rooms and leave removes them, as listed by rooms", T, async () => {
    const a = await member();
    const r1 = uniqueRoom("r1");
    const r2 = uniqueRoom("r2");
    await join(a, r1);
    await join(a, r2);
    assert.deepEqual(await rooms(a), [a.id, r1, r2].sort());
    await leave(a, r1);
    assert.deepEqual(await rooms(a), [a.id, r2].sort());
  });

  it("a broadcast to a room reaches every member and nothing reaches a socket outside it", T, async () => {
    const [a, b, outsider, sender] = [await member(), await member(), await member(), await member()];
    const room = uniqueRoom("room");
    await join(a, room);
    await join(b, room);

    await toRoom(sender, { room, event: "hello", args: ["to", "room", { n: 1 }] });

    assert.deepEqual(await a.inbox.waitFor("hello"), ["to", "room", { n: 1 }]);
    assert.deepEqual(await b.inbox.waitFor("hello"), ["to", "room", { n: 1 }]);
    await drain(sender, outsider);
    assertNotReceived(outsider, "hello", "a socket outside the room");
    await drain(sender, sender);
    assertNotReceived(sender, "hello", "the (non-member) sender");
  });

  it("a broadcast to a socket id reaches only that socket", T, async () => {
    const [a, b, sender] = [await member(), await member(), await member()];
    await toRoom(sender, { room: a.id, event: "direct", args: [1] });
    assert.deepEqual(await a.inbox.waitFor("direct"), [1]);
    await drain(sender, b);
    assertNotReceived(b, "direct", "another socket");
  });

  it("except excludes the sockets of the excepted room", T, async () => {
    const [a, b, c, sender] = [await member(), await member(), await member(), await member()];
    const room = uniqueRoom("room");
    const muted = uniqueRoom("muted");
    for (const m of [a, b, c]) await join(m, room);
    await join(b, muted);

    await toRoom(sender, { room, except: muted, event: "news", args: ["x"] });

    assert.deepEqual(await a.inbox.waitFor("news"), ["x"]);
    assert.deepEqual(await c.inbox.waitFor("news"), ["x"]);
    await drain(sender, b);
    assertNotReceived(b, "news", "a socket in the excepted room");
  });

  it("except with a socket id excludes exactly that socket", T, async () => {
    const [a, b, sender] = [await member(), await member(), await member()];
    const room = uniqueRoom("room");
    await join(a, room);
    await join(b, room);
    await toRoom(sender, { room, except: b.id, event: "news", args: [2] });
    assert.deepEqual(await a.inbox.waitFor("news"), [2]);
    await drain(sender, b);
    assertNotReceived(b, "news", "the excepted socket");
  });

  it("socket.to (fromSocket) reaches the other members but excludes the sender", T, async () => {
    const [a, b, c] = [await member(), await member(), await member()];
    const room = uniqueRoom("room");
    for (const m of [a, b, c]) await join(m, room);

    await toRoom(a, { room, fromSocket: true, event: "fromA", args: ["hi"] });

    assert.deepEqual(await b.inbox.waitFor("fromA"), ["hi"]);
    assert.deepEqual(await c.inbox.waitFor("fromA"), ["hi"]);
    await drain(a, a);
    assertNotReceived(a, "fromA", "the sender");
  });

  it("a socket that left a room no longer receives broadcasts to it", T, async () => {
    const [a, b, sender] = [await member(), await member(), await member()];
    const room = uniqueRoom("room");
    await join(a, room);
    await join(b, room);
    await toRoom(sender, { room, event: "first", args: [] });
    await a.inbox.waitFor("first");
    await b.inbox.waitFor("first");

    await leave(b, room);
    await toRoom(sender, { room, event: "second", args: [] });

    await a.inbox.waitFor("second");
    await drain(sender, b);
    assertNotReceived(b, "second", "a socket that left the room");
  });

  it("a broadcast to several rooms reaches a socket that is in more than one of them exactly once", T, async () => {
    const [a, b, sender] = [await member(), await member(), await member()];
    const r1 = uniqueRoom("r1");
    const r2 = uniqueRoom("r2");
    await join(a, r1);
    await join(a, r2);
    await join(b, r2);
    await toRoom(sender, { room: [r1, r2], event: "multi", args: ["once"] });
    await b.inbox.waitFor("multi");
    await drain(sender, a);
    assert.deepEqual(a.inbox.all("multi").map((e) => e.args), [["once"]]);
  });

  it("rooms are scoped to their namespace: a same-named room in /chat receives nothing", T, async () => {
    const [a, sender] = [await member(), await member()];
    const room = uniqueRoom("shared");
    await join(a, room);
    const chatter = await connect("/chat", { auth: chatAuth("rooms") });
    const chatInbox = new Inbox(chatter);
    assert.deepEqual(await ackAll(chatter, "joinRoom", [room]), [{ ok: true }]);

    await toRoom(sender, { room, event: "message", args: ["only for /test"] });
    await a.inbox.waitFor("message");

    // Sentinel on /chat: a /chat room message, emitted after the /test broadcast was acknowledged.
    const [sent] = await ackAll(chatter, "roomMessage", [{ room, message: "chat-sentinel" }]);
    assert.equal(sent.ok, true);
    await chatInbox.waitFor("message", { where: (p) => p?.message === "chat-sentinel" });
    assert.deepEqual(
      chatInbox.all("message").map((e) => e.args),
      [[{ id: sent.id, room, user: chatUser("rooms"), message: "chat-sentinel", ts: chatInbox.all("message")[0].args[0].ts }]],
      "the /chat socket got only its own room message",
    );
  });
});
