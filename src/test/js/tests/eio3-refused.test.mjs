// With the default setting (socketio.allow-eio3=false, as Node's allowEIO3) socket.io-client 2.x is
// refused: Engine.IO 3 requests get HTTP 400 {"code":5,"message":"Unsupported protocol version"}.
// The suite for a server that accepts them is src/test/js/eio3/ (NodeClientEio3IT).
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import ioV2 from "socket.io-client-v2";
import { ORIGIN, SIO_PATH, TEST_TIMEOUT, TRANSPORTS, WAIT, engineUrl } from "../lib/config.mjs";
import { assertEngineError, request, webSocketRefusal } from "../lib/polling.mjs";
import { withTimeout } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };
const sockets = [];

describe("Engine.IO 3 clients are refused by default", () => {
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });

  it("a v3 polling handshake gets 400 with code 5", T, async () => {
    assertEngineError(await request(engineUrl("socket.io", { EIO: 3, transport: "polling" })), 5, { what: "EIO=3 polling" });
  });

  it("a v3 WebSocket upgrade gets 400", T, async () => {
    const refusal = await webSocketRefusal(engineUrl("socket.io", { EIO: 3, transport: "websocket" }, { websocket: true }));
    assert.equal(refusal.status, 400, `refused before the upgrade: ${JSON.stringify(refusal)}`);
  });

  it("the stock socket.io-client 2.5.0 does not connect", T, async () => {
    const socket = ioV2(ORIGIN + "/test", { path: SIO_PATH, transports: TRANSPORTS, forceNew: true, reconnection: false, timeout: 5000 });
    sockets.push(socket);
    let connected = false;
    socket.on("connect", () => (connected = true));
    await withTimeout(new Promise((resolve) => socket.once("connect_error", resolve)), WAIT, "connect_error of the v2 client");
    assert.equal(connected, false);
  });
});
