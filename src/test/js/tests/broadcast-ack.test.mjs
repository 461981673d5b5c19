// Broadcast with acknowledgements from every recipient (broadcastWithAck).
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { TEST_TIMEOUT } from "../lib/config.mjs";
import { closeAll, connect } from "../lib/sio.mjs";
import { ackAll, Inbox } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };

let n = 0;
const uniqueRoom = () => `bwa-${process.pid}-${Date.now()}-${++n}`;

async function member(room, onEvent) {
  const socket = await connect("/test");
  const inbox = new Inbox(socket);
  if (onEvent) socket.on("poll", onEvent);
  if (room) await ackAll(socket, "join", [room]);
  return { socket, inbox, id: socket.id };
}

const broadcastWithAck = (sender, spec, ms = 4000) =>
  ackAll(sender.socket, "broadcastWithAck", [spec], ms).then((r) => r[0]);

describe("broadcast with acknowledgements", () => {
  afterEach(closeAll);

  it("broadcastWithAck collects one response per recipient: the first ack argument each sent", T, async () => {
    const room = uniqueRoom();
    const alice = await member(room, (q, ack) => ack(`alice:${q}`, "ignored extra arg"));
    const bob = await member(room, (q, ack) => ack(`bob:${q}`));
    const carol = await member(room, (q, ack) => ack({ who: "carol", q }));
    const requester = await member();

    const res = await broadcastWithAck(requester, { room, event: "poll", args: ["q1"], timeoutMs: 1500 });

    assert.equal(res.ok, true, JSON.stringify(res));
    assert.equal(res.responses.length, 3);
    const sorted = [...res.responses].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    assert.deepEqual(sorted, ["alice:q1", "bob:q1", { who: "carol", q: "q1" }].sort((x, y) =>
      JSON.stringify(x).localeCompare(JSON.stringify(y)),
    ));
    for (const m of [alice, bob, carol]) assert.deepEqual(await m.inbox.waitFor("poll"), ["q1"]);
  });

  it("recipients answering at different times are all collected", T, async () => {
    const room = uniqueRoom();
    const delays = [10, 150, 300];
    for (const d of delays) await member(room, (ack) => setTimeout(() => ack(d), d));
    const requester = await member();
    const res = await broadcastWithAck(requester, { room, event: "poll", args: [], timeoutMs: 1500 });
    assert.equal(res.ok, true, JSON.stringify(res));
    assert.deepEqual([...res.responses].sort((x, y) => x - y), delays);
  });

  it("the requester is a recipient too when it is in the room", T, async () => {
    const room = uniqueRoom();
    await member(room, (ack) => ack("other"));
    const self = await member(room, (ack) => ack("self"));
    const res = await broadcastWithAck(self, { room, event: "poll", args: [], timeoutMs: 1500 });
    assert.equal(res.ok, true, JSON.stringify(res));
    assert.deepEqual([...res.responses].sort(), ["other", "self"]);
  });

  it("broadcastWithAck to a room without members succeeds at once with no responses", T, async () => {
    const requester = await member();
    const started = Date.now();
    const res = await broadcastWithAck(requester, { room: uniqueRoom(), event: "poll", args: [], timeoutMs: 2000 });
    assert.deepEqual(res, { ok: true, responses: [] });
    assert.ok(Date.now() - started < 1500, "did not wait for the timeout");
  });

  it("broadcastWithAck times out when one recipient never answers", T, async () => {
    const room = uniqueRoom();
    await member(room, (ack) => ack("fast"));
    const silent = await member(room, () => {}); // receives the event, never acks
    const requester = await member();
    const started = Date.now();

    const res = await broadcastWithAck(requester, { room, event: "poll", args: [], timeoutMs: 400 });

    const elapsed = Date.now() - started;
    assert.deepEqual(res, { ok: false, error: "timeout" });
    assert.ok(elapsed >= 350, `waited for the 400ms timeout (took ${elapsed}ms)`);
    assert.deepEqual(silent.inbox.all("poll").map((e) => e.args), [[]], "the silent member did get the event");
    // The connection of the silent member and of the requester are still fine.
    assert.deepEqual(await ackAll(silent.socket, "echo", ["ok"]), ["ok"]);
    assert.deepEqual(await ackAll(requester.socket, "echo", ["ok"]), ["ok"]);
  });
});
