// HTTP long-polling at <SIO_URL>socket.io/ by hand (fetch): the Engine.IO v4 polling rules (shared
// with the plain Engine.IO endpoint, see lib/engine-behaviour.mjs), then Socket.IO v5 packets
// carried over polling against the conformance application on "/" (on connect it emits "auth"
// with the handshake's auth; "message" -> "message-back"; "message-with-ack" -> ack).
// Raw HTTP: independent of SIO_TRANSPORTS.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { REFERENCE, SERVER, TEST_TIMEOUT, TEXT_FRAMES_ONLY } from "../lib/config.mjs";
import { describeLongPolling, describeWebSocketHandshakeRefusals, withoutPings } from "../lib/engine-behaviour.mjs";
import { assertSessionEnded, PollingSession, SEP } from "../lib/polling.mjs";
import { closeAll } from "../lib/sio.mjs";
import { sleep } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };

/** Parses "<prefix><json>" after checking the prefix. */
function jsonAfter(packet, prefix) {
  assert.equal(typeof packet, "string");
  assert.ok(packet.startsWith(prefix), `expected ${JSON.stringify(packet)} to start with ${JSON.stringify(prefix)}`);
  return JSON.parse(packet.slice(prefix.length));
}

/** A polling session connected to "/" with its "auth" event read. */
async function connected(auth) {
  const s = await PollingSession.open("socket.io");
  await s.connectNamespace("/", auth);
  assert.deepEqual(jsonAfter(await s.next(), "42"), ["auth", auth ?? {}]);
  return s;
}

describe("socket.io/ over HTTP long-polling", { skip: TEXT_FRAMES_ONLY }, () => {
  afterEach(closeAll);

  describeLongPolling("socket.io", {
    beforeHeartbeat: async (s) => {
      // connected, so that connectTimeout (1 s) does not end the session during the rounds
      await s.connectNamespace("/");
      assert.equal(await s.next(), '42["auth",{}]');
    },
  });

  describeWebSocketHandshakeRefusals("socket.io");

  describe("socket.io/ over HTTP long-polling: Socket.IO packets", () => {
    it("a POST carrying a CONNECT (40) is answered ok, and GETs then bring 40{sid} (a socket id that is not the sid) and the auth event", T, async () => {
      const s = await PollingSession.open("socket.io");
      const post = await s.post("40");
      assert.equal(post.status, 200);
      assert.equal(post.body, "ok");
      const body = jsonAfter(await s.next(), "40");
      assert.deepEqual(Object.keys(body), ["sid"]);
      assert.equal(typeof body.sid, "string");
      assert.notEqual(body.sid, s.sid, "the socket id differs from the Engine.IO sid");
      assert.equal(await s.next(), '42["auth",{}]');
    });

    it("a CONNECT with an auth payload over polling is echoed in the auth event", T, async () => {
      await connected({ token: "123", n: [1, 2] });
    });

    it("a CONNECT to /custom with a payload over polling is answered with 40/custom,{sid} and 42/custom,[auth,...]", T, async () => {
      const s = await PollingSession.open("socket.io");
      await s.connectNamespace("/custom", { token: "abc" });
      assert.equal(await s.next(), '42/custom,["auth",{"token":"abc"}]');
    });

    it("a CONNECT to an unknown namespace over polling is answered with 44/random,{message: Invalid namespace}", T, async () => {
      const s = await PollingSession.open("socket.io");
      await s.send("40/random,");
      assert.equal(await s.next(), '44/random,{"message":"Invalid namespace"}');
    });

    it("an EVENT over polling is answered by message-back with the same arguments", T, async () => {
      const s = await connected();
      await s.send('42["message",1,"2",{"3":[true]}]');
      assert.equal(await s.next(), '42["message-back",1,"2",{"3":[true]}]');
    });

    it("an EVENT with an ack id over polling is answered by an ACK with that id and the arguments", T, async () => {
      const s = await connected();
      await s.send('42456["message-with-ack",1,"2",{"3":[false]}]');
      assert.equal(await s.next(), '43456[1,"2",{"3":[false]}]');
    });

    it("several packets in one POST, joined by \\x1e, are all handled, in order", T, async () => {
      const s = await connected();
      await s.send('42["message","a"]', '421["message-with-ack","b"]', '42["message","c"]');
      assert.equal(await s.next(), '42["message-back","a"]');
      assert.equal(await s.next(), '431["b"]');
      assert.equal(await s.next(), '42["message-back","c"]');
    });

    it(
      "what the handlers of one POST send while a GET is parked comes in that GET, joined by \\x1e: a burst costs one poll",
      { ...T, skip: REFERENCE ? "Node 4.8.4 answers a parked GET at the first packet and leaves the rest to the next GET" : undefined },
      async () => {
        const s = await connected();
        const { response, sent } = s.startGet();
        await sent;
        await sleep(100); // the GET is parked: nothing is queued for it
        await s.send('42["message",1]', '42["message",2]', '42["message",3]');
        const res = await response;
        assert.equal(res.status, 200);
        assert.deepEqual(withoutPings(res.body), ['42["message-back",1]', '42["message-back",2]', '42["message-back",3]']);
        if (res.body.split(SEP).includes("2")) await s.send("3");
      },
    );

    it("packets queued while no GET is pending all come in the next GET, joined by \\x1e", T, async () => {
      const s = await connected();
      await s.send('42["message",1]', '42["message",2]', '42["message",3]');
      await sleep(150); // no GET pending: the server queues the three answers (well before the next ping)
      const res = await s.get();
      assert.equal(res.status, 200);
      assert.deepEqual(withoutPings(res.body), ['42["message-back",1]', '42["message-back",2]', '42["message-back",3]']);
      if (res.body.split(SEP).includes("2")) await s.send("3");
    });

    it("a BINARY_EVENT over polling (attachments as b<base64>) is answered with a BINARY_EVENT whose attachments come as b<base64>", T, async () => {
      const s = await connected();
      await s.send('452-["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]', "bAQID", "bBAUG");
      assert.equal(await s.next(), '452-["message-back",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
      assert.equal(await s.next(), "bAQID"); // 01 02 03
      assert.equal(await s.next(), "bBAUG"); // 04 05 06
    });

    it("a BINARY_EVENT with an ack id over polling is answered by a BINARY_ACK and its attachments as b<base64>", T, async () => {
      const s = await connected();
      const bytes = Buffer.from([0, 255, 128, 7]);
      await s.send('451-789["message-with-ack",{"_placeholder":true,"num":0},"text"]', "b" + bytes.toString("base64"));
      assert.equal(await s.next(), '461-789[{"_placeholder":true,"num":0},"text"]');
      const attachment = await s.next();
      assert.ok(attachment.startsWith("b"), `a b<base64> packet, got ${JSON.stringify(attachment)}`);
      assert.deepEqual(Buffer.from(attachment.slice(1), "base64"), bytes);
    });

    it("a DISCONNECT (41) over polling keeps the session: the next packet is a ping, and the client can connect again", T, async () => {
      const s = await connected();
      await s.send("41");
      assert.equal(await s.next({ skipPings: false, timeout: SERVER.pingInterval + 1000 }), "2");
      await s.send("3");
      await s.connectNamespace("/");
    });

    for (const [what, packet] of [
      ["an unknown Socket.IO packet type (4abc)", "4abc"],
      ["an EVENT whose payload is not an array (42{})", "42{}"],
      ["an EVENT with an invalid ack id (42abc[...])", '42abc["message-with-ack",1]'],
    ]) {
      it(`${what} over polling ends the session`, T, async () => {
        const s = await connected();
        await s.post(packet).catch(() => {}); // the end of the session is what matters
        await assertSessionEnded(s);
      });
    }
  });
});
