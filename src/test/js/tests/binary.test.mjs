// Binary payloads (Socket.IO BINARY_EVENT / BINARY_ACK with attachments) in both directions.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { TEST_TIMEOUT } from "../lib/config.mjs";
import { bytes, normalizeBinary } from "../lib/binary.mjs";
import { closeAll, connect } from "../lib/sio.mjs";
import { ackAll, Inbox } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };

const echo = async (socket, args) => normalizeBinary(await ackAll(socket, "echo", args));

describe("binary payloads", () => {
  afterEach(closeAll);

  it("a Buffer among the echo arguments comes back with identical bytes", T, async () => {
    const socket = await connect("/test");
    const buf = Buffer.from([0, 1, 2, 3, 254, 255]);
    assert.deepEqual(await echo(socket, ["before", buf, "after"]), ["before", buf, "after"]);
  });

  it("every byte value 0..255 and an empty Buffer survive the round trip", T, async () => {
    const socket = await connect("/test");
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    assert.deepEqual(await echo(socket, [all, Buffer.alloc(0)]), [all, Buffer.alloc(0)]);
  });

  it("buffers nested in objects and arrays come back in place", T, async () => {
    const socket = await connect("/test");
    const payload = {
      name: "file.bin",
      data: bytes(64, 1),
      parts: [bytes(3, 2), { deep: { blob: bytes(5, 3) } }, "text"],
    };
    assert.deepEqual(await echo(socket, [payload]), [payload]);
  });

  it("several buffers in one event come back in their original positions", T, async () => {
    const socket = await connect("/test");
    const args = [bytes(10, 1), "x", bytes(20, 2), [bytes(30, 3), bytes(40, 4)], { k: bytes(50, 5) }];
    assert.deepEqual(await echo(socket, args), args);
  });

  it("a large binary payload (512 KiB) round-trips intact", T, async () => {
    const socket = await connect("/test");
    const big = bytes(512 * 1024, 7);
    assert.deepEqual(await echo(socket, [big]), [big]);
  });

  it("the server can emit binary to the client (emitBack with buffers)", T, async () => {
    const socket = await connect("/test");
    const inbox = new Inbox(socket);
    const args = [bytes(8, 9), { nested: [bytes(4, 10)] }, "text", 5];
    socket.emit("emitBack", "bin", ...args);
    assert.deepEqual(normalizeBinary(await inbox.waitFor("bin")), args);
  });

  it("a client can acknowledge a server request with binary", T, async () => {
    const socket = await connect("/test");
    const reply = bytes(33, 11);
    socket.on("needBytes", (ack) => ack(reply, { also: bytes(2, 12) }));
    const res = await socket.timeout(3000).emitWithAck("requestAck", { event: "needBytes", args: [], timeoutMs: 1000 });
    assert.deepEqual(normalizeBinary(res), { ok: true, response: [reply, { also: bytes(2, 12) }] });
  });

  it("binary and plain events interleaved keep their order and content", T, async () => {
    const socket = await connect("/test");
    const inbox = new Inbox(socket);
    const n = 20;
    for (let i = 0; i < n; i++) {
      if (i % 2) socket.emit("emitBack", "mix", i, bytes(i + 1, i));
      else socket.emit("emitBack", "mix", i, `text-${i}`);
    }
    const got = normalizeBinary(await inbox.waitForCount("mix", n));
    got.forEach((args, i) => assert.deepEqual(args, i % 2 ? [i, bytes(i + 1, i)] : [i, `text-${i}`]));
  });
});
