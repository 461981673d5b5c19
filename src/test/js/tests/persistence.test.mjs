// Chat persistence (/chat, issue 13): room history and private messages kept in the user's inbox
// until a socket of the user acknowledges them. Java-only: the Node reference server has no store.
//
// Absence is proven by order, never by sleeping: a socket's inbox is sent to it oldest first, so
// once a later message has arrived, an earlier one that was due would have arrived before it; and
// the events of one connection are handled in order, so an acknowledgement sent before an event
// reaches the store's writer before what that event writes.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { CHAT_NAMESPACE, chatAuth, chatClient } from "../lib/chat.mjs";
import { PRIVATE_IN_FLIGHT_PER_USER, REFERENCE, TEST_TIMEOUT } from "../lib/config.mjs";
import { client, closeAll, waitConnected } from "../lib/sio.mjs";
import { Inbox, ackAll, eventually } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT, skip: REFERENCE ? "the Node reference server keeps no history (Java-only)" : undefined };

let n = 0;
const unique = (label) => `${label}-${process.pid}-${Date.now()}-${++n}`;
const send = (c, event, payload) => ackAll(c.socket, event, [payload]).then((r) => r[0]);
const privates = (c) => c.inbox.all("privateMessage");
const ID = /^\d{13}-\d{5}-[0-9a-z]+$/;

/** Waits until the room's history (as `c` sees it) holds `count` messages; returns them. */
async function historyOf(c, room, count) {
  let last;
  try {
    return await eventually(
      async () => {
        last = await send(c, "history", { room });
        return last.ok && last.messages.length >= count ? last.messages : null;
      },
      { what: `${count} messages in the history of ${room}`, interval: 100, timeout: 10_000 },
    );
  } catch (e) {
    throw new Error(`${e.message}; the last answer: ${JSON.stringify(last)?.slice(0, 300)}`);
  }
}

/** Disconnects a chat client (the server sees the user go) and waits until it is closed. */
function leave(c) {
  c.socket.disconnect();
  assert.equal(c.socket.connected, false);
}

describe("room history", () => {
  afterEach(closeAll);

  it("a room message carries id, room and ts, and roomMessage answers with the id", T, async () => {
    const alice = await chatClient("alice");
    const room = unique("stamped");
    await send(alice, "joinRoom", room);
    const before = Date.now();
    const first = await send(alice, "roomMessage", { room, message: "one" });
    const second = await send(alice, "roomMessage", { room, message: "two" });
    assert.equal(first.ok, true);
    assert.match(first.id, ID);
    assert.ok(second.id > first.id, `string order is creation order: ${first.id} < ${second.id}`);
    const [m] = await alice.inbox.waitFor("message", { where: (p) => p?.id === first.id });
    assert.deepEqual(Object.keys(m).sort(), ["id", "message", "room", "ts", "user"]);
    assert.equal(m.room, room);
    assert.equal(m.message, "one");
    assert.deepEqual(m.user, alice.user);
    assert.ok(m.ts >= before - 1000 && m.ts <= Date.now() + 1000, `ts is the time of sending: ${m.ts}`);
  });

  it("history pages backwards with before and limit, oldest first on each page", T, async () => {
    const alice = await chatClient("alice");
    const bob = await chatClient("bob");
    const room = unique("paged");
    await send(alice, "joinRoom", room);
    await send(bob, "joinRoom", room);
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await send(i % 2 ? bob : alice, "roomMessage", { room, message: `m${i}` })).id);

    const all = await historyOf(bob, room, 7);
    assert.deepEqual(all.map((m) => m.id), ids, "everything, oldest first (default limit 50)");
    assert.deepEqual(all[1], { id: ids[1], room, user: bob.user, message: "m1", ts: all[1].ts });

    const newest = await send(bob, "history", { room, limit: 3 });
    assert.deepEqual(newest.messages.map((m) => m.message), ["m4", "m5", "m6"]);
    const older = await send(bob, "history", { room, limit: 3, before: newest.messages[0].id });
    assert.deepEqual(older.messages.map((m) => m.message), ["m1", "m2", "m3"]);
    const oldest = await send(bob, "history", { room, limit: 3, before: older.messages[0].id });
    assert.deepEqual(oldest.messages.map((m) => m.message), ["m0"]);
    const none = await send(bob, "history", { room, limit: 3, before: oldest.messages[0].id });
    assert.deepEqual(none, { ok: true, messages: [] });
  });

  it("history is for members only, and other rooms' messages are not in it", T, async () => {
    const alice = await chatClient("alice");
    const carol = await chatClient("carol");
    const room = unique("members");
    const other = unique("other");
    await send(alice, "joinRoom", room);
    await send(alice, "joinRoom", other);
    await send(alice, "roomMessage", { room: other, message: "elsewhere" });
    await send(alice, "roomMessage", { room, message: "members only" });
    assert.deepEqual(await send(carol, "history", { room }), { ok: false, error: "not in room" });
    const messages = await historyOf(alice, room, 1);
    assert.deepEqual(messages.map((m) => m.message), ["members only"]);
    await send(carol, "joinRoom", room);
    assert.deepEqual((await historyOf(carol, room, 1)).map((m) => m.message), ["members only"], "a new member sees what was said before");
  });

  it("bad history and roomMessage requests are refused with an error, and nothing is stored or sent", T, async () => {
    const alice = await chatClient("alice");
    const room = unique("strict");
    await send(alice, "joinRoom", room);
    for (const bad of [
      null,
      "just a string",
      { limit: 5 },
      { room: 7 },
      { room, limit: 0 },
      { room, limit: 201 },
      { room, limit: 2.5 },
      { room, limit: "10" },
      { room, before: 12 },
      { room, before: "" },
    ]) {
      const res = await send(alice, "history", bad);
      assert.equal(res?.ok, false, `refused: ${JSON.stringify(bad)} -> ${JSON.stringify(res)}`);
      assert.equal(typeof res.error, "string");
    }
    for (const bad of [
      { room, message: 42 },
      { room, message: { text: "an object" } },
      { room, message: "" },
      { room, message: "x".repeat(4001) },
      { room },
    ]) {
      const res = await send(alice, "roomMessage", bad);
      assert.equal(res?.ok, false, `refused: ${JSON.stringify(bad).slice(0, 80)} -> ${JSON.stringify(res)}`);
    }
    const fits = await send(alice, "roomMessage", { room, message: "y".repeat(4000) });
    assert.equal(fits.ok, true, "4000 characters fit");
    const messages = await historyOf(alice, room, 1);
    assert.deepEqual(messages.map((m) => m.id), [fits.id], "only the valid message was stored");
    assert.deepEqual(
      alice.inbox.all("message", (p) => p?.room === room).map((e) => e.args[0].id),
      [fits.id],
      "only the valid message was sent (it arrived after every refused one)",
    );
  });
});

describe("private messages", () => {
  afterEach(closeAll);

  it("a connected user gets it on every socket and the sender is told it was delivered", T, async () => {
    const alice = await chatClient("alice");
    const name = `bob${++n}`; // a user of this test alone: no inbox left from earlier tests
    const bob1 = await chatClient(name);
    const bob2 = await chatClient(name);
    const res = await send(alice, "privateMessage", { to: bob1.user.id, message: "hello bob" });
    assert.equal(res.ok, true);
    assert.match(res.id, ID);
    assert.equal(res.delivered, true);
    for (const b of [bob1, bob2]) {
      const [m] = await b.inbox.waitFor("privateMessage", { where: (p) => p?.id === res.id });
      assert.deepEqual(Object.keys(m).sort(), ["from", "id", "message", "ts"]);
      assert.deepEqual(m.from, alice.user);
      assert.equal(m.message, "hello bob");
      assert.equal(typeof privates(b)[0].ack, "function", "with an acknowledgement request");
    }
    assert.deepEqual(privates(alice), [], "not to the sender");
  });

  it("a message to oneself reaches one's own sockets", T, async () => {
    const name = `dana${++n}`;
    const dana1 = await chatClient(name);
    const dana2 = await chatClient(name);
    const res = await send(dana1, "privateMessage", { to: dana1.user.id, message: "note to self" });
    assert.equal(res.delivered, true);
    for (const d of [dana1, dana2]) await d.inbox.waitFor("privateMessage", { where: (p) => p?.id === res.id });
  });

  it("an offline user gets it, oldest first, when a socket of the user connects", T, async () => {
    const alice = await chatClient("alice");
    const name = `erin${++n}`;
    const to = `${name}-${process.pid}`; // the subject chatClient(name) gets
    const first = await send(alice, "privateMessage", { to, message: "while you were away" });
    const second = await send(alice, "privateMessage", { to, message: "and again" });
    assert.deepEqual([first.ok, first.delivered, second.ok, second.delivered], [true, false, true, false]);

    const erin = await chatClient(name);
    assert.equal(erin.user.id, to);
    await erin.inbox.waitForCount("privateMessage", 2);
    assert.deepEqual(privates(erin).map((e) => e.args[0].id), [first.id, second.id], "oldest first");
    const [m] = privates(erin)[0].args;
    assert.deepEqual(m, { id: first.id, from: alice.user, message: "while you were away", ts: m.ts });
  });

  it("one not acknowledged is sent again on the next connection; one acknowledged is not", T, async () => {
    const alice = await chatClient("alice");
    const name = `fred${++n}`;
    const to = `${name}-${process.pid}`;
    const kept = await send(alice, "privateMessage", { to, message: "ack me later" });
    const acked = await send(alice, "privateMessage", { to, message: "ack me now" });

    // first connection: both arrive; only the second is acknowledged
    const fred = await chatClient(name);
    await fred.inbox.waitForCount("privateMessage", 2);
    const byId = Object.fromEntries(privates(fred).map((e) => [e.args[0].id, e]));
    byId[acked.id].ack({ ok: true });
    // a marker, sent by fred on the same connection after the acknowledgement (so its insert comes after
    // the acknowledgement's delete), left unacknowledged: the newest entry of the inbox
    const marker = await send(fred, "privateMessage", { to, message: "marker" });
    assert.equal(marker.delivered, true);
    await fred.inbox.waitFor("privateMessage", { where: (p) => p?.id === marker.id });
    leave(fred);

    const again = await chatClient(name);
    await again.inbox.waitFor("privateMessage", { where: (p) => p?.id === marker.id });
    assert.deepEqual(
      privates(again).map((e) => e.args[0].id),
      [kept.id, marker.id],
      "the unacknowledged ones again, oldest first; the acknowledged one not",
    );
    assert.equal(kept.id < marker.id, true);
  });

  it("a recipient that never acknowledges gets at most in-flight-per-user live; the rest waits in the inbox, none lost", T, async () => {
    const CAP = PRIVATE_IN_FLIGHT_PER_USER;
    const alice = await chatClient("alice");
    const name = `gina${++n}`;
    const silent = await chatClient(name); // never acknowledges
    const room = unique("after-the-privates");
    await send(silent, "joinRoom", room);
    await send(alice, "joinRoom", room);
    const sent = [];
    for (let i = 0; i < CAP + 3; i++) sent.push(await send(alice, "privateMessage", { to: silent.user.id, message: `p${i}` }));
    assert.ok(sent.every((r) => r.ok === true), `all kept: ${JSON.stringify(sent)}`);
    const live = sent.filter((r) => r.delivered).length;
    assert.ok(live <= CAP, `at most ${CAP} sent live (the test deployment's cap), got ${live}: ${JSON.stringify(sent)}`);
    // a live private message is written to the recipient before its sender is answered: a room message
    // sent after the last answer arrives after every private message sent before it
    const sentinel = await send(alice, "roomMessage", { room, message: "after the private messages" });
    await silent.inbox.waitFor("message", { where: (p) => p?.id === sentinel.id });
    assert.ok(privates(silent).length <= CAP, `at most ${CAP} waiting for an answer, got ${privates(silent).length}`);
    leave(silent);

    // the next connection answers each one: it gets all of them, the held-back ones as slots free
    const socket = client(CHAT_NAMESPACE, { auth: chatAuth(name) });
    const inbox = new Inbox(socket);
    socket.on("privateMessage", (m, ack) => {
      if (m.message !== "marker") ack({ ok: true });
    });
    await waitConnected(socket);
    const got = () => new Set(inbox.all("privateMessage").map((e) => e.args[0].id));
    await eventually(() => sent.every((r) => got().has(r.id)), {
      what: `all ${sent.length} private messages`,
      timeout: 10_000,
      interval: 50,
    });
    assert.deepEqual([...got()].sort(), sent.map((r) => r.id).sort(), "those and no others");

    // and the answers emptied the inbox: a marker sent after them (same connection, so its insert comes
    // after their deletes) and left unanswered is all the next connection gets
    const marker = await ackAll(socket, "privateMessage", [{ to: silent.user.id, message: "marker" }]).then((r) => r[0]);
    await inbox.waitFor("privateMessage", { where: (p) => p?.id === marker.id });
    socket.disconnect();
    const last = await chatClient(name);
    await last.inbox.waitFor("privateMessage", { where: (p) => p?.id === marker.id });
    // (the marker may come twice: at least once, from the inbox and from a read of it as slots freed)
    assert.deepEqual([...new Set(privates(last).map((e) => e.args[0].id))], [marker.id], "nothing left but the marker");
  });

  it("bad privateMessage requests are refused with an error and nothing is sent", T, async () => {
    const alice = await chatClient("alice");
    const bob = await chatClient(`bob${++n}`);
    const to = bob.user.id;
    for (const bad of [
      null,
      "just a string",
      { message: "no one" },
      { to: 42, message: "to a number" },
      { to: "", message: "to no one" },
      { to, message: 42 },
      { to },
      { to, message: "z".repeat(4001) },
      { to: "u".repeat(256), message: "too long an id" },
    ]) {
      const res = await send(alice, "privateMessage", bad);
      assert.equal(res?.ok, false, `refused: ${JSON.stringify(bad).slice(0, 80)} -> ${JSON.stringify(res)}`);
      assert.equal(typeof res.error, "string");
    }
    const ok = await send(alice, "privateMessage", { to, message: "the valid one" });
    await bob.inbox.waitFor("privateMessage", { where: (p) => p?.id === ok.id });
    assert.deepEqual(privates(bob).map((e) => e.args[0].message), ["the valid one"], "only the valid one was sent");
  });
});
