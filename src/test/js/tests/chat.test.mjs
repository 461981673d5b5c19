// Chat gateway (/chat) flows with three clients: alice, bob and carol.
// Absence is proven with a sentinel: a namespace-wide chat message sent AFTER the action
// was acknowledged; once a client has it, anything wrongly sent to it before has arrived too.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { CHAT_NAMESPACE, chatClient } from "../lib/chat.mjs";
import { TEST_TIMEOUT } from "../lib/config.mjs";
import { client, closeAll } from "../lib/sio.mjs";
import { forgedTokens } from "../lib/tokens.mjs";
import { ackAll, nextEvent } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };

let n = 0;
const uniqueRoom = (label) => `${label}-${process.pid}-${Date.now()}-${++n}`;
const send = (c, event, payload) => ackAll(c.socket, event, [payload]).then((r) => r[0]);

/** Broadcasts a sentinel to everyone and waits until each of `clients` has received it. */
async function sentinel(from, clients) {
  const token = { sentinel: `s-${++n}` };
  assert.deepEqual(await send(from, "message", token), { ok: true });
  await Promise.all(
    clients.map((c) => c.inbox.waitFor("message", { where: (p) => p?.sentinel === token.sentinel })),
  );
}

const withoutSentinels = (c, event) =>
  c.inbox
    .all(event)
    .map((e) => e.args)
    .filter(([p]) => p?.sentinel === undefined)
    .map((args) => args.map(unstamped));

/** A room message without what the server stamps on it (id, ts), checked by `stamped`. */
function unstamped(p) {
  if (p === null || typeof p !== "object" || !("id" in p)) return p;
  const { id, ts, ...rest } = p;
  return rest;
}

/** roomMessage's answer: {ok: true, id}, the id of the message as delivered. */
async function roomMessage(c, payload) {
  const res = await send(c, "roomMessage", payload);
  assert.equal(res?.ok, true, `roomMessage ${JSON.stringify(payload)} -> ${JSON.stringify(res)}`);
  assert.deepEqual(Object.keys(res).sort(), ["id", "ok"]);
  assert.equal(typeof res.id, "string");
  return res;
}

describe("chat admission", () => {
  afterEach(closeAll);

  it("a client without a token is refused with connect_error 'missing token'", T, async () => {
    const [err] = await nextEvent(client(CHAT_NAMESPACE), "connect_error");
    assert.equal(err.message, "missing token");
  });

  it("a client with an expired token is refused with connect_error 'invalid token: expired'", T, async () => {
    const { token } = forgedTokens("eve").find((f) => f.label === "expired");
    const [err] = await nextEvent(client(CHAT_NAMESPACE, { auth: { token } }), "connect_error");
    assert.equal(err.message, "invalid token: expired");
  });
});

describe("chat", () => {
  let alice, bob, carol, everyone;

  beforeEach(async () => {
    alice = await chatClient("alice");
    bob = await chatClient("bob");
    carol = await chatClient("carol");
    everyone = [alice, bob, carol];
  });
  afterEach(closeAll);

  it("clients get distinct users", T, () => {
    assert.equal(new Set(everyone.map((c) => c.user.id)).size, 3);
  });

  it("the user of a notice is the token's subject and display name", T, async () => {
    const room = uniqueRoom("names");
    await send(bob, "joinRoom", room);
    await send(alice, "joinRoom", room);
    const [notice] = await bob.inbox.waitFor("userJoined");
    assert.deepEqual(notice.user, { id: alice.user.id, name: "Alice" });
    assert.match(notice.user.id, /^alice-/);
  });

  it("a message is delivered to every connected chat client, including the sender", T, async () => {
    const payload = { text: "hello everyone 👋", at: 1 };
    assert.deepEqual(await send(alice, "message", payload), { ok: true });
    for (const c of everyone) {
      assert.deepEqual(await c.inbox.waitFor("message", { where: (p) => p?.text === payload.text }), [payload]);
    }
  });

  it("a message sent without asking for an ack is delivered too", T, async () => {
    bob.socket.emit("message", "no ack please");
    for (const c of everyone) await c.inbox.waitFor("message", { where: (p) => p === "no ack please" });
  });

  it("messages from one sender arrive in order at every client", T, async () => {
    const count = 30;
    for (let i = 0; i < count; i++) alice.socket.emit("message", { seq: i });
    for (const c of everyone) {
      const got = await c.inbox.waitForCount("message", count);
      assert.deepEqual(
        got.map(([p]) => p.seq),
        Array.from({ length: count }, (_, i) => i),
      );
    }
  });

  it("joinRoom notifies the other members of the room only", T, async () => {
    const room = uniqueRoom("lobby");
    assert.deepEqual(await send(bob, "joinRoom", room), { ok: true });
    assert.deepEqual(await send(alice, "joinRoom", room), { ok: true });

    assert.deepEqual(await bob.inbox.waitFor("userJoined"), [{ user: alice.user, room }]);
    await sentinel(alice, everyone);
    assert.deepEqual(withoutSentinels(alice, "userJoined"), [], "the joiner is not notified of itself");
    assert.deepEqual(withoutSentinels(carol, "userJoined"), [], "a non-member is not notified");
    assert.deepEqual(
      bob.inbox.all("userJoined").map((e) => e.args),
      [[{ user: alice.user, room }]],
      "bob was notified exactly once, and not about his own join",
    );
  });

  it("joining a room already joined (a recovered socket keeps its rooms) does not notify the members again", T, async () => {
    const room = uniqueRoom("again");
    await send(bob, "joinRoom", room);
    await send(alice, "joinRoom", room);
    await bob.inbox.waitFor("userJoined");

    assert.deepEqual(await send(alice, "joinRoom", room), { ok: true });

    await sentinel(alice, everyone);
    assert.deepEqual(withoutSentinels(bob, "userJoined").length, 1, "bob was told once");
  });

  it("roomMessage reaches exactly the room members, including the sender, and no one else", T, async () => {
    const room = uniqueRoom("team");
    await send(alice, "joinRoom", room);
    await send(bob, "joinRoom", room);

    const { id } = await roomMessage(alice, { room, message: "team only" });

    const expected = [{ room, user: alice.user, message: "team only" }];
    const [atAlice] = await alice.inbox.waitFor("message", { where: (p) => p?.message === "team only" });
    const [atBob] = await bob.inbox.waitFor("message", { where: (p) => p?.message === "team only" });
    assert.equal(atAlice.id, id, "the message carries the id roomMessage answered");
    assert.deepEqual(atBob, atAlice, "every member gets the same message, id and ts included");
    assert.equal(typeof atAlice.ts, "number");
    await sentinel(bob, everyone);
    assert.deepEqual(withoutSentinels(carol, "message"), [], "carol is not in the room");
    assert.deepEqual(withoutSentinels(alice, "message"), [expected], "the sender got it exactly once");
    assert.deepEqual(withoutSentinels(bob, "message"), [expected], "the member got it exactly once");
  });

  it("room messages stay in their room: two rooms do not see each other's messages", T, async () => {
    const red = uniqueRoom("red");
    const blue = uniqueRoom("blue");
    await send(alice, "joinRoom", red);
    await send(bob, "joinRoom", blue);
    await send(carol, "joinRoom", blue);

    await roomMessage(alice, { room: red, message: "to red" });
    await roomMessage(bob, { room: blue, message: "to blue" });

    await alice.inbox.waitFor("message", { where: (p) => p?.message === "to red" });
    await carol.inbox.waitFor("message", { where: (p) => p?.message === "to blue" });
    await sentinel(carol, everyone);
    assert.deepEqual(withoutSentinels(alice, "message"), [[{ room: red, user: alice.user, message: "to red" }]]);
    assert.deepEqual(withoutSentinels(bob, "message"), [[{ room: blue, user: bob.user, message: "to blue" }]]);
    assert.deepEqual(withoutSentinels(carol, "message"), [[{ room: blue, user: bob.user, message: "to blue" }]]);
  });

  it("leaveRoom notifies the remaining members, and the leaver no longer receives room messages", T, async () => {
    const room = uniqueRoom("club");
    await send(alice, "joinRoom", room);
    await send(bob, "joinRoom", room);
    await alice.inbox.waitFor("userJoined", { where: (p) => p?.user?.id === bob.user.id });

    assert.deepEqual(await send(bob, "leaveRoom", room), { ok: true });
    assert.deepEqual(await alice.inbox.waitFor("userLeft"), [{ user: bob.user, room }]);

    await roomMessage(alice, { room, message: "bob is gone" });
    await alice.inbox.waitFor("message", { where: (p) => p?.message === "bob is gone" });

    await sentinel(alice, everyone);
    assert.deepEqual(withoutSentinels(bob, "userLeft"), [], "the leaver is not notified of itself");
    assert.deepEqual(withoutSentinels(carol, "userLeft"), [], "a non-member is not notified");
    assert.deepEqual(withoutSentinels(bob, "message"), [], "the leaver gets no more room messages");
    assert.deepEqual(withoutSentinels(carol, "message"), []);
  });

  it("a malformed roomMessage is refused with an error and nothing is broadcast", T, async () => {
    const room = uniqueRoom("strict");
    for (const c of everyone) await send(c, "joinRoom", room);

    const malformed = [
      { message: "no room" },
      { room: 42, message: "room is a number" },
      { room: "", message: "room is empty" },
      { room: null, message: "room is null" },
      "just a string",
      null,
    ];
    for (const payload of malformed) {
      const res = await send(alice, "roomMessage", payload);
      assert.equal(res?.ok, false, `refused: ${JSON.stringify(payload)} -> ${JSON.stringify(res)}`);
      assert.equal(typeof res.error, "string", "with an error message");
      assert.ok(res.error.length > 0);
    }
    // No acked refusal without an ack request either: fire one and then prove silence.
    alice.socket.emit("roomMessage", { message: "no room, no ack" });

    await sentinel(alice, everyone);
    for (const c of everyone) assert.deepEqual(withoutSentinels(c, "message"), [], `${c.name} got nothing`);
    // The connection that sent garbage is still fine.
    await roomMessage(alice, { room, message: "valid" });
    for (const c of everyone) await c.inbox.waitFor("message", { where: (p) => p?.message === "valid" });
  });

  it("joinRoom and leaveRoom without a room name are refused and notify no one", T, async () => {
    const room = uniqueRoom("guard");
    await send(bob, "joinRoom", room);
    for (const bad of [undefined, "", 7, { room }]) {
      const joined = await send(alice, "joinRoom", bad);
      assert.equal(joined?.ok, false, `joinRoom(${JSON.stringify(bad)}) refused`);
      assert.equal(typeof joined.error, "string");
      const left = await send(alice, "leaveRoom", bad);
      assert.equal(left?.ok, false, `leaveRoom(${JSON.stringify(bad)}) refused`);
      assert.equal(typeof left.error, "string");
    }
    await sentinel(alice, everyone);
    assert.deepEqual(bob.inbox.all("userJoined"), []);
    assert.deepEqual(bob.inbox.all("userLeft"), []);
  });
});
