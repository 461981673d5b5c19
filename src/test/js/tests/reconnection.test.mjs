// Automatic reconnection of the reference client.
//
// socket.io-client does NOT reconnect after "io server disconnect" (disconnectMe, with
// or without close: the server sends a DISCONNECT packet first). A server-caused close
// that it does reconnect after, reachable through the contract: a message larger than
// maxPayload (maxHttpBufferSize = 1e6), which makes the server close the transport
// without a Socket.IO DISCONNECT -> the client sees "transport close"/"transport error".
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { SERVER, TEST_TIMEOUT } from "../lib/config.mjs";
import { client, closeAll, connect, waitConnected } from "../lib/sio.mjs";
import { ackAll, eventually, Inbox, nextEvent, sleep } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };
const RECONNECT = { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 200, randomizationFactor: 0 };
const TRANSPORT_REASONS = ["transport close", "transport error"];

const count = async (socket) => (await ackAll(socket, "count"))[0];

describe("reconnection", () => {
  afterEach(closeAll);

  it("after the server closes the transport (message larger than maxPayload) the client reconnects and works again", T, async () => {
    const socket = client("/test", RECONNECT);
    await waitConnected(socket);
    const firstId = socket.id;
    const reconnected = nextEvent(socket.io, "reconnect", 5000);
    const disconnected = nextEvent(socket, "disconnect");

    socket.emit("echo", "x".repeat(SERVER.maxPayload + 1024));

    const [reason] = await disconnected;
    assert.ok(TRANSPORT_REASONS.includes(reason), `disconnected by the transport (reason: ${reason})`);
    assert.equal(socket.active, true, "the client intends to reconnect");
    const [attempts] = await reconnected;
    assert.ok(attempts >= 1);
    await waitConnected(socket);
    assert.notEqual(socket.id, firstId, "a new session after reconnecting");
    assert.deepEqual(await ackAll(socket, "echo", ["after reconnect"]), ["after reconnect"]);
  });

  it("a reconnected client gets its auth payload echoed again and rejoins the server's count", T, async () => {
    const observer = await connect("/test");
    const socket = client("/custom", { ...RECONNECT, auth: { token: "again" } });
    const inbox = new Inbox(socket);
    await waitConnected(socket);
    await inbox.waitFor("auth");
    const testSocket = socket.io.socket("/test"); // multiplexed on the same Manager
    await waitConnected(testSocket);
    const withBoth = await count(observer);

    socket.emit("big", "y".repeat(SERVER.maxPayload + 1024));
    await nextEvent(socket.io, "reconnect", 5000);
    await Promise.all([waitConnected(socket), waitConnected(testSocket)]);

    const auths = await inbox.waitForCount("auth", 2);
    assert.deepEqual(auths, [[{ token: "again" }], [{ token: "again" }]]);
    await eventually(async () => (await count(observer)) === withBoth, { what: "/test count restored" });
    assert.deepEqual(await ackAll(testSocket, "echo", [1]), [1]);
  });

  it("after a transport drop on the client side (network failure) the client reconnects", T, async () => {
    const socket = client("/test", RECONNECT);
    await waitConnected(socket);
    const firstId = socket.id;
    const disconnected = nextEvent(socket, "disconnect");
    const reconnected = nextEvent(socket.io, "reconnect", 5000);

    socket.io.engine.close(); // simulates the connection going away under the Socket.IO layer

    const [reason] = await disconnected;
    assert.notEqual(reason, "io server disconnect");
    assert.notEqual(reason, "io client disconnect");
    await reconnected;
    await waitConnected(socket);
    assert.notEqual(socket.id, firstId);
    assert.deepEqual(await ackAll(socket, "echo", ["back"]), ["back"]);
  });

  it("after 'io server disconnect' (disconnectMe) the client does not reconnect by itself, but can connect again manually", T, async () => {
    const socket = client("/test", RECONNECT);
    await waitConnected(socket);
    const attempts = [];
    socket.io.on("reconnect_attempt", (n) => attempts.push(n));
    const disconnected = nextEvent(socket, "disconnect");

    socket.emit("disconnectMe", true);

    assert.equal((await disconnected)[0], "io server disconnect");
    assert.equal(socket.active, false, "the client gave up: it will not reconnect");
    // Several reconnection delays pass without an attempt (bounded observation window).
    await sleep(RECONNECT.reconnectionDelayMax * 3);
    assert.deepEqual(attempts, []);
    assert.equal(socket.connected, false);

    socket.connect();
    await waitConnected(socket);
    assert.deepEqual(await ackAll(socket, "echo", ["manual"]), ["manual"]);
  });
});
