// Acknowledgements in both directions, including timeouts and concurrency.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { TEST_TIMEOUT } from "../lib/config.mjs";
import { closeAll, connect } from "../lib/sio.mjs";
import { ackAll, Inbox, sleep } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };

describe("acknowledgements", () => {
  afterEach(closeAll);

  it("a client->server event is acknowledged with the same arguments (echo)", T, async () => {
    const socket = await connect("/test");
    assert.deepEqual(await ackAll(socket, "echo", ["a", 1, { b: [2] }]), ["a", 1, { b: [2] }]);
  });

  it("emitWithAck resolves with the server's first ack argument", T, async () => {
    const socket = await connect("/test");
    assert.deepEqual(await socket.timeout(3000).emitWithAck("echo", { first: true }, "second"), { first: true });
  });

  it("concurrent client->server acks are each matched to their own request", T, async () => {
    const socket = await connect("/test");
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => ackAll(socket, "echo", [i, `v${i}`])));
    results.forEach((r, i) => assert.deepEqual(r, [i, `v${i}`]));
  });

  it("a server->client ack carries back every argument the client acknowledged with", T, async () => {
    const socket = await connect("/test");
    let received;
    socket.on("question", (...args) => {
      const ack = args.pop();
      received = args;
      ack("answer", 42, { nested: ["x"] });
    });
    const res = await socket
      .timeout(3000)
      .emitWithAck("requestAck", { event: "question", args: ["q", 1], timeoutMs: 1000 });
    assert.deepEqual(received, ["q", 1]);
    assert.deepEqual(res, { ok: true, response: ["answer", 42, { nested: ["x"] }] });
  });

  it("a server->client ack without arguments yields an empty response", T, async () => {
    const socket = await connect("/test");
    socket.on("noargs", (ack) => ack());
    const res = await socket.timeout(3000).emitWithAck("requestAck", { event: "noargs", args: [], timeoutMs: 1000 });
    assert.deepEqual(res, { ok: true, response: [] });
  });

  it("a client can answer a server request asynchronously (emitWithAck-style handler)", T, async () => {
    const socket = await connect("/test");
    socket.on("slow", async (n, ack) => {
      await sleep(100);
      ack(n * 2);
    });
    const res = await socket.timeout(3000).emitWithAck("requestAck", { event: "slow", args: [21], timeoutMs: 1000 });
    assert.deepEqual(res, { ok: true, response: [42] });
  });

  it("a server->client ack times out when the client never acknowledges", T, async () => {
    const socket = await connect("/test");
    const inbox = new Inbox(socket);
    socket.on("ignored", () => {}); // receives the ack callback but never calls it
    const started = Date.now();
    const res = await socket
      .timeout(3000)
      .emitWithAck("requestAck", { event: "ignored", args: ["x"], timeoutMs: 300 });
    const elapsed = Date.now() - started;
    assert.deepEqual(res, { ok: false, error: "timeout" });
    assert.deepEqual(
      inbox.all("ignored").map((e) => e.args),
      [["x"]],
      "the event itself was delivered (with an ack request)",
    );
    assert.equal(typeof inbox.all("ignored")[0].ack, "function", "the server asked for an ack");
    assert.ok(elapsed >= 250, `timed out after the requested 300ms, not before (took ${elapsed}ms)`);
  });

  it("an ack arriving after the server's timeout is ignored and the connection keeps working", T, async () => {
    const socket = await connect("/test");
    socket.on("late", (ack) => setTimeout(() => ack("too late"), 400));
    const res = await socket.timeout(3000).emitWithAck("requestAck", { event: "late", args: [], timeoutMs: 150 });
    assert.deepEqual(res, { ok: false, error: "timeout" });
    await sleep(400); // let the late ack reach the server
    assert.equal(socket.connected, true);
    assert.deepEqual(await ackAll(socket, "echo", ["still fine"]), ["still fine"]);
  });

  it("concurrent server->client requests are matched to the right client acks even when answered out of order", T, async () => {
    const socket = await connect("/test");
    socket.on("reverse", (n, ack) => setTimeout(() => ack(`answer-${n}`), (5 - n) * 40));
    const results = await Promise.all(
      [0, 1, 2, 3, 4].map((n) =>
        socket.timeout(3000).emitWithAck("requestAck", { event: "reverse", args: [n], timeoutMs: 1500 }),
      ),
    );
    results.forEach((r, n) => assert.deepEqual(r, { ok: true, response: [`answer-${n}`] }));
  });
});
