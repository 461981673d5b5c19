// Malformed frames: each one closes the offending connection, while a second,
// healthy client on the same server keeps working.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { SERVER, TEST_TIMEOUT, TEXT_FRAMES_ONLY } from "../lib/config.mjs";
import { RawClient } from "../lib/raw.mjs";
import { closeAll, connect } from "../lib/sio.mjs";
import { ackAll, Inbox } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };

const MALFORMED = [
  ["an unknown Socket.IO packet type", "4abc"],
  ["an EVENT whose payload is not an array", "42{}"],
  ["an EVENT with garbage before its payload", '42abc["x"]'],
  ["an EVENT whose payload is not valid JSON", '42["x",'],
  ["a binary frame without a pending binary packet", Buffer.from([1, 2, 3])],
  ['an unknown Engine.IO packet type "9"', "9"],
  [`a message larger than maxPayload (${SERVER.maxPayload} bytes)`, `42["echo","${"x".repeat(SERVER.maxPayload + 16)}"]`],
];

describe("raw frames: malformed input", { skip: TEXT_FRAMES_ONLY }, () => {
  afterEach(closeAll);

  for (const [what, frame] of MALFORMED) {
    it(`${what} closes that connection while another client keeps working`, T, async () => {
      const healthy = await connect("/test");
      const healthyInbox = new Inbox(healthy);
      assert.deepEqual(await ackAll(healthy, "echo", ["before"]), ["before"]);

      const raw = await RawClient.open({ autoPong: true }); // heartbeat fine: only the frame is wrong
      await raw.connectNamespace("/");
      raw.send(frame);
      await raw.waitClose();

      assert.equal(healthy.connected, true);
      assert.deepEqual(await ackAll(healthy, "echo", ["after"]), ["after"]);
      healthy.emit("emitBack", "still", "ok");
      assert.deepEqual(await healthyInbox.waitFor("still"), ["ok"]);
    });
  }

  it("a binary attachment count that does not match the placeholders is not accepted as an event", T, async () => {
    // Announces 2 attachments, sends 1 then a text packet: the text frame arrives while
    // the server is still reconstructing and must not be taken as an attachment.
    const raw = await RawClient.open({ autoPong: true });
    await raw.connectNamespace("/test");
    raw.send('452-/test,1["echo",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    raw.send(Buffer.from([1]));
    raw.send('42/test,2["echo","text"]');
    await raw.waitClose();
    const acks = raw.frames.filter((f) => typeof f === "string" && /^4[36]/.test(f));
    assert.deepEqual(acks, [], "no ack for either packet");
  });
});
