// socket.io-client 2.5.0 (Engine.IO 3, Socket.IO protocol 4) against a server deployed with
// socketio.allow-eio3=true (NodeClientEio3IT). The stock client runs with the transports of
// SIO_TRANSPORTS (websocket; polling; polling,websocket); the raw tests at the end speak the v3 wire
// by hand (payload framing, client-driven heartbeat). The chat's token travels in the query
// (`query: {token}`), which the server takes as the auth object of a v2 CONNECT.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import WebSocket from "ws";
import ioV2 from "socket.io-client-v2";
import { ORIGIN, SERVER, SIO_PATH, TEST_TIMEOUT, TRANSPORTS, WAIT, engineUrl } from "../lib/config.mjs";
import { forgedTokens, mintToken } from "../lib/tokens.mjs";
import { sleep, withTimeout } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };
const open = new Set();

const subjectOf = (name) => `${name}-v2-${process.pid}`;
const displayNameOf = (name) => name.charAt(0).toUpperCase() + name.slice(1);

/** A v2 socket on `nsp` (not necessarily connected yet). */
function v2(nsp, opts = {}) {
  const socket = ioV2(ORIGIN + nsp, {
    path: SIO_PATH,
    transports: TRANSPORTS,
    forceNew: true,
    reconnection: false,
    timeout: 5000,
    ...opts,
  });
  open.add(socket);
  return socket;
}

/** A connected v2 chat client for `name`, its token in the query; records every event it gets. */
async function chatV2(name) {
  const token = mintToken(subjectOf(name), { name: displayNameOf(name) });
  const socket = v2("/chat", { query: { token } });
  const inbox = record(socket, ["message", "userJoined", "userLeft"]);
  await connected(socket);
  return { socket, inbox, user: { id: subjectOf(name), name: displayNameOf(name) } };
}

/** v2 has no onAny: the events listed are recorded as [event, ...args]. */
function record(socket, events) {
  const got = [];
  for (const event of events) socket.on(event, (...args) => got.push([event, ...args]));
  return got;
}

function connected(socket, ms = WAIT) {
  if (socket.connected) return Promise.resolve(socket);
  return withTimeout(
    new Promise((resolve, reject) => {
      socket.once("connect", () => resolve(socket));
      socket.once("error", (e) => reject(new Error(`error on ${socket.nsp}: ${JSON.stringify(e)}`)));
      socket.once("connect_error", (e) => reject(new Error(`connect_error on ${socket.nsp}: ${e?.message ?? e}`)));
    }),
    ms,
    `v2 connect to ${socket.nsp}`,
  );
}

function once(emitter, event, ms = WAIT) {
  return withTimeout(new Promise((resolve) => emitter.once(event, (...args) => resolve(args))), ms, `event "${event}"`);
}

function ack(socket, event, ...args) {
  return withTimeout(new Promise((resolve) => socket.emit(event, ...args, (...answer) => resolve(answer))), WAIT, `ack of "${event}"`);
}

async function eventually(fn, what) {
  const until = Date.now() + WAIT;
  while (Date.now() < until) {
    if (fn()) return;
    await sleep(25);
  }
  assert.fail(`timed out waiting for ${what}`);
}

afterEach(() => {
  for (const socket of open) {
    try {
      socket.io.reconnection(false);
      socket.close();
      socket.io.engine?.close();
    } catch {
      // already closed
    }
  }
  open.clear();
});

describe(`socket.io-client 2.5.0 over ${TRANSPORTS.join("+")}`, () => {
  it("connects to /chat with the token in the query, on Engine.IO 3", T, async () => {
    const alice = await chatV2("alice");
    assert.equal(Number(alice.socket.io.engine.transport.query.EIO), 3, "the client speaks Engine.IO 3");
    assert.ok(alice.socket.id, "a socket id");
    if (TRANSPORTS.length === 1) assert.equal(alice.socket.io.engine.transport.name, TRANSPORTS[0]);
    else await eventually(() => alice.socket.io.engine.transport.name === "websocket", "the upgrade to WebSocket");
    assert.deepEqual(await ack(alice.socket, "message", { text: "after the upgrade" }), [{ ok: true }]);
  });

  it("a message is broadcast to everyone in /chat and acknowledged", T, async () => {
    const alice = await chatV2("alice");
    const bob = await chatV2("bob");
    const text = { text: `hello from v2 ${Date.now()}` };
    assert.deepEqual(await ack(alice.socket, "message", text), [{ ok: true }]);
    for (const c of [alice, bob]) {
      await eventually(() => c.inbox.some(([e, p]) => e === "message" && p?.text === text.text), "the broadcast");
    }
  });

  it("room messages reach the members of the room only", T, async () => {
    const alice = await chatV2("alice");
    const bob = await chatV2("bob");
    const carol = await chatV2("carol");
    const room = `v2-room-${Date.now()}`;
    assert.deepEqual(await ack(alice.socket, "joinRoom", room), [{ ok: true }]);
    assert.deepEqual(await ack(bob.socket, "joinRoom", room), [{ ok: true }]);
    await eventually(() => alice.inbox.some(([e, p]) => e === "userJoined" && p?.user?.id === bob.user.id), "bob's join notice");
    const [answer] = await ack(alice.socket, "roomMessage", { room, message: "only for the room" });
    assert.equal(answer.ok, true);
    await eventually(() => bob.inbox.some(([e, p]) => e === "message" && p?.id === answer.id), "the room message at bob");
    const atBob = bob.inbox.find(([e, p]) => e === "message" && p?.id === answer.id)[1];
    assert.equal(atBob.room, room);
    assert.equal(atBob.message, "only for the room");
    assert.deepEqual(atBob.user, alice.user);
    await sleep(200);
    assert.equal(carol.inbox.filter(([e, p]) => e === "message" && p?.room === room).length, 0, "carol is not in the room");
  });

  it("a bad token is refused with an error event on the namespace", T, async () => {
    const forged = forgedTokens("mallory").find((f) => f.label.startsWith("signed by another key"));
    const socket = v2("/chat", { query: { token: forged.token } });
    const [error] = await once(socket, "error");
    assert.equal(error, forged.reason, "a v2 CONNECT_ERROR carries the message as a string");
    assert.equal(socket.connected, false);
  });

  it("a missing token is refused", T, async () => {
    const socket = v2("/chat");
    const [error] = await once(socket, "error");
    assert.equal(error, "missing token");
  });

  it("binary arguments go both ways (binary event, binary acknowledgement)", T, async () => {
    const socket = v2("/test");
    await connected(socket);
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    const [echoed, text] = await ack(socket, "echo", bytes, "and text");
    assert.ok(Buffer.isBuffer(echoed), `a Buffer back, got ${typeof echoed}`);
    assert.deepEqual([...echoed], [...bytes]);
    assert.equal(text, "and text");
    const pushed = once(socket, "bin");
    socket.emit("emitBack", "bin", Buffer.from("héllo 😀"));
    const [back] = await pushed;
    assert.equal(Buffer.from(back).toString("utf8"), "héllo 😀");
  });

  it("the client's own heartbeat keeps the connection open well past pingInterval + pingTimeout", T, async () => {
    const socket = v2("/test");
    await connected(socket);
    let disconnected = null;
    socket.on("disconnect", (reason) => (disconnected = reason));
    await sleep(3 * (SERVER.pingInterval + SERVER.pingTimeout));
    assert.equal(disconnected, null, "no ping timeout");
    assert.deepEqual(await ack(socket, "echo", "still here"), ["still here"]);
  });

  it("reconnects after the server closed the transport, and works again", T, async () => {
    const token = mintToken(subjectOf("dave"), { name: "Dave" });
    const socket = v2("/chat", { query: { token }, reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 200, randomizationFactor: 0 });
    await connected(socket);
    const firstId = socket.id;
    const disconnected = once(socket, "disconnect");
    const reconnected = once(socket, "reconnect", 10_000);
    // larger than maxPayload: the server closes the transport without a DISCONNECT packet
    socket.emit("message", { text: "x".repeat(SERVER.maxPayload + 1024) });
    const [reason] = await disconnected;
    assert.ok(["transport close", "transport error"].includes(reason), `closed by the transport: ${reason}`);
    await reconnected;
    await connected(socket);
    assert.notEqual(socket.id, firstId, "a new session");
    assert.deepEqual(await ack(socket, "message", { text: "after reconnect" }), [{ ok: true }]);
  });

  it("a server-side namespace disconnect ends the socket with 'io server disconnect'", T, async () => {
    const socket = v2("/test");
    await connected(socket);
    const disconnected = once(socket, "disconnect");
    socket.emit("disconnectMe", false);
    assert.deepEqual(await disconnected, ["io server disconnect"]);
  });
});

// ---- the v3 wire by hand ----

const pollingUrl = (query) => engineUrl("socket.io", { EIO: 3, transport: "polling", ...query });

/** Splits a v3 text payload into its packets (lengths in UTF-16 code units, as String.length). */
function splitV3(body) {
  const packets = [];
  let i = 0;
  while (i < body.length) {
    const colon = body.indexOf(":", i);
    assert.ok(colon > i, `a length at ${i} in ${JSON.stringify(body)}`);
    const n = Number(body.slice(i, colon));
    packets.push(body.slice(colon + 1, colon + 1 + n));
    i = colon + 1 + n;
  }
  return packets;
}

async function get(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(WAIT) });
  return { status: res.status, type: res.headers.get("content-type"), body: Buffer.from(await res.arrayBuffer()) };
}

async function post(url, body, type = "text/plain;charset=UTF-8") {
  const res = await fetch(url, { method: "POST", body, headers: { "Content-Type": type }, signal: AbortSignal.timeout(WAIT) });
  return { status: res.status, body: await res.text() };
}

async function v3Handshake(extra = {}) {
  const res = await get(pollingUrl({ b64: 1, ...extra }));
  assert.equal(res.status, 200);
  const packets = splitV3(res.body.toString("utf8"));
  assert.equal(packets[0][0], "0", `the open packet first: ${packets[0]}`);
  const open = JSON.parse(packets[0].slice(1));
  return { sid: open.sid, open, rest: packets.slice(1) };
}

describe("the Engine.IO 3 wire", () => {
  it("a polling handshake answers a length-prefixed payload: open, then the implicit CONNECT of /", T, async () => {
    const { open, rest } = await v3Handshake();
    assert.equal(open.pingInterval, SERVER.pingInterval);
    assert.equal(open.pingTimeout, SERVER.pingTimeout);
    assert.deepEqual(open.upgrades, ["websocket"]);
    // (the conformance application's "/" then greets the socket with an "auth" event)
    assert.equal(rest[0], "40", "Socket.IO protocol 4: the server joins the client to / without being asked");
  });

  it("over polling the client pings and the server pongs; a CONNECT with a query is answered without sid", T, async () => {
    const { sid } = await v3Handshake();
    const url = pollingUrl({ b64: 1, sid });
    const connect = "40/test?x=1&y=%C3%A9,";
    const body = `1:2${connect.length}:${connect}`;
    assert.equal((await post(url, body)).body, "ok");
    const answer = splitV3((await get(url)).body.toString("utf8")).filter((p) => !p.startsWith("42["));
    assert.deepEqual(answer, ["3", "40/test,"]);
  });

  it("the XHR2 binary payload carries binary packets to a client without b64", T, async () => {
    const res = await get(pollingUrl({}));
    const open = JSON.parse(splitV3(res.body.toString("utf8"))[0].slice(1));
    const url = pollingUrl({ sid: open.sid });
    await post(url, `${"40/test,".length}:40/test,`);
    const connect = await get(url);
    assert.match(connect.body.toString("utf8"), /40\/test,/);
    // a binary event with an ack id; the echo answers with a binary ack, then the bytes
    const header = `451-/test,1["echo",{"_placeholder":true,"num":0}]`;
    const payload = Buffer.concat([
      Buffer.from([0, ...String(Buffer.byteLength(header)).split("").map(Number), 255]),
      Buffer.from(header),
      Buffer.from([1, 4, 255, 4, 7, 8, 9]),
    ]);
    assert.equal((await post(url, payload, "application/octet-stream")).body, "ok");
    const answer = await get(url);
    assert.equal(answer.type, "application/octet-stream");
    const bytes = [...answer.body];
    assert.equal(bytes[0], 0, "a text packet first");
    const end = bytes.indexOf(255);
    const textLength = Number(bytes.slice(1, end).join(""));
    const text = answer.body.subarray(end + 1, end + 1 + textLength).toString("utf8");
    assert.equal(text, `461-/test,1[{"_placeholder":true,"num":0}]`);
    assert.deepEqual(bytes.slice(end + 1 + textLength), [1, 4, 255, 4, 7, 8, 9], "the attachment: type byte 4, then the data");
  });

  it("without pings from the client the session ends after pingInterval + pingTimeout", T, async () => {
    const { sid } = await v3Handshake();
    await sleep(SERVER.pingInterval + SERVER.pingTimeout + 400);
    const res = await get(pollingUrl({ b64: 1, sid }));
    assert.equal(res.status, 400, "the session is gone");
  });

  it("over WebSocket: ping 2 is answered 3, binary frames carry the type byte", T, async () => {
    const ws = new WebSocket(engineUrl("socket.io", { EIO: 3, transport: "websocket" }, { websocket: true }));
    open.add({ close: () => ws.terminate(), io: { reconnection() {}, engine: null } });
    const frames = [];
    let wake = null;
    ws.on("message", (data, isBinary) => {
      if (!isBinary && data.toString().startsWith("42[")) return; // what the conformance "/" emits
      frames.push(isBinary ? Buffer.from(data) : data.toString());
      wake?.();
    });
    const next = async () => {
      const until = Date.now() + WAIT;
      while (frames.length === 0) {
        assert.ok(Date.now() < until, "a frame in time");
        await new Promise((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
      return frames.shift();
    };
    assert.equal((await next())[0], "0");
    assert.equal(await next(), "40");
    ws.send("2");
    assert.equal(await next(), "3");
    ws.send("40/test,");
    assert.equal(await next(), "40/test,");
    ws.send(`451-/test,5["echo",{"_placeholder":true,"num":0}]`);
    ws.send(Buffer.from([4, 1, 2, 3]));
    assert.equal(await next(), `461-/test,5[{"_placeholder":true,"num":0}]`);
    assert.deepEqual([...(await next())], [4, 1, 2, 3]);
    ws.terminate();
  });

  it("JSONP polling is refused with a 400 that says so", T, async () => {
    const res = await get(pollingUrl({ j: 0 }));
    assert.equal(res.status, 400);
    assert.match(res.body.toString("utf8"), /JSONP/);
  });

  it("a v4 client is served as before next to v3 ones", T, async () => {
    const res = await get(engineUrl("socket.io", { EIO: 4, transport: "polling" }));
    assert.equal(res.status, 200);
    assert.equal(res.body.toString("utf8")[0], "0", "a v4 payload has no length prefix");
    assert.ok(JSON.parse(res.body.toString("utf8").slice(1)).maxPayload > 0);
  });
});
