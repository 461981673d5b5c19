// The upgrade from HTTP long-polling to WebSocket at <SIO_URL>socket.io/, by hand (fetch + ws):
// probe, noop for the pending poll, upgrade packet, then Socket.IO packets over the WebSocket.
// Raw HTTP/WS: independent of SIO_TRANSPORTS.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { SERVER, TEST_TIMEOUT, TEXT_FRAMES_ONLY } from "../lib/config.mjs";
import {
  assertEngineError,
  expectNoopAfterProbe,
  PollingSession,
  probeUpgrade,
  splitPayload,
  upgrade,
  upgradeUrl,
  webSocketRefusal,
} from "../lib/polling.mjs";
import { RawClient } from "../lib/raw.mjs";
import { closeAll } from "../lib/sio.mjs";
import { withTimeout } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };
const MARGIN = 1000;

/** A polling session connected to "/" (auth event read). */
async function connected() {
  const s = await PollingSession.open("socket.io");
  await s.connectNamespace("/");
  assert.equal(await s.next(), '42["auth",{}]');
  return s;
}

/** Upgrades `s` completely; resolves with the WebSocket once an event round trip over it worked. */
async function upgraded(s) {
  const { ws, polled } = await upgrade(s);
  assert.deepEqual(polled, [], "nothing but pings and the noop by polling during the upgrade");
  ws.send('42["message","over websocket"]');
  assert.equal(await ws.next(), '42["message-back","over websocket"]');
  return ws;
}

describe("socket.io/ upgrade from HTTP long-polling to WebSocket", { skip: TEXT_FRAMES_ONLY }, () => {
  afterEach(closeAll);

  it("2probe is answered 3probe, a GET then gets a noop 6, and after 5 CONNECT, events and acks flow over the WebSocket", T, async () => {
    const s = await PollingSession.open("socket.io"); // the conformance order: probe first, then GET
    const ws = await probeUpgrade(s);
    await expectNoopAfterProbe(s);
    ws.send("5");
    ws.send("40");
    assert.ok((await ws.next()).startsWith('40{"sid":'), "CONNECT answered over the WebSocket");
    assert.equal(await ws.next(), '42["auth",{}]');
    ws.send('42["message",1,"2",{"3":[true]}]');
    assert.equal(await ws.next(), '42["message-back",1,"2",{"3":[true]}]');
    ws.send('427["message-with-ack","x"]');
    assert.equal(await ws.next(), '437["x"]');
  });

  it("a GET pending when the probe arrives is released with a noop 6, and a connected socket then talks over the WebSocket", T, async () => {
    const s = await connected();
    const ws = await upgraded(s); // its GET is pending during the probe
    ws.send('427["message-with-ack","after"]');
    assert.equal(await ws.next(), '437["after"]');
  });

  it("after the upgrade a GET or a POST with the sid is refused with 400 (code 3) and the WebSocket keeps working", T, async () => {
    const s = await connected();
    const ws = await upgraded(s);
    assertEngineError(await s.get(), 3, { what: "GET" });
    assertEngineError(await s.post('42["message","by polling"]'), 3, { what: "POST" });
    ws.send('42["message","still"]');
    assert.equal(await ws.next(), '42["message-back","still"]', "nothing posted by polling came through");
  });

  it("after the upgrade a second WebSocket with the same sid is closed and the first keeps working", T, async () => {
    const s = await connected();
    const ws = await upgraded(s);
    const second = await webSocketRefusal(upgradeUrl(s));
    assert.ok(second.status === 400 || second.opened, `refused: ${JSON.stringify(second)}`);
    if (second.frames) assert.deepEqual(second.frames, [], "nothing sent to the second WebSocket");
    ws.send('42["message","first"]');
    assert.equal(await ws.next(), '42["message-back","first"]');
  });

  it("during the upgrade a second WebSocket with the same sid is closed and the first upgrade still completes", T, async () => {
    const s = await connected();
    const released = s.pollUntilNoop(); // heartbeat goes on by polling meanwhile
    released.catch(() => {});
    const ws = await probeUpgrade(s);
    const second = await webSocketRefusal(upgradeUrl(s));
    assert.ok(second.status === 400 || second.opened, `refused: ${JSON.stringify(second)}`);
    assert.deepEqual(await released, []);
    ws.send("5");
    ws.send('42["message","first"]');
    assert.equal(await ws.next(), '42["message-back","first"]');
  });

  it("an upgrade WebSocket whose first packet is not 2probe is closed and the session carries on over polling", T, async () => {
    const s = await connected();
    const ws = await RawClient.open({ url: upgradeUrl(s), autoPong: true });
    ws.send('42["message","not a probe"]');
    await ws.waitClose();
    await s.send('42["message","by polling"]');
    assert.equal(await s.next(), '42["message-back","by polling"]', "the probe-less packet was not handled");
  });

  it("packets the server queued when the upgrade started arrive exactly once, over polling or over the WebSocket", T, async () => {
    const s = await PollingSession.open("socket.io");
    await s.send("40"); // the server queues 40{sid} and the auth event; not read yet
    const ws = await probeUpgrade(s);
    const byPolling = [];
    for (let i = 0; i < 3; i++) {
      const res = await s.get();
      assert.equal(res.status, 200, `GET during the upgrade: ${res.status} ${res.body}`);
      const packets = splitPayload(res.body);
      byPolling.push(...packets.filter((p) => p !== "6" && p !== "2"));
      if (packets.includes("2")) await s.send("3");
      if (packets.includes("6")) break;
      assert.ok(i < 2, "the polling transport was released with a noop");
    }
    ws.send("5");
    ws.send('42["message","sentinel"]');
    const byWebSocket = [];
    for (;;) {
      const f = await ws.next();
      if (f === '42["message-back","sentinel"]') break;
      byWebSocket.push(f);
    }
    const all = [...byPolling, ...byWebSocket];
    assert.equal(all.length, 2, `exactly the CONNECT answer and the auth event: ${JSON.stringify(all)}`);
    assert.ok(all[0].startsWith('40{"sid":'), all[0]);
    assert.equal(all[1], '42["auth",{}]');
  });

  it("after the upgrade the heartbeat runs over the WebSocket and keeps the session past pingInterval + pingTimeout", T, async () => {
    const s = await connected();
    const ws = await upgraded(s);
    const before = ws.pings;
    await withTimeout(
      new Promise((resolve) => {
        const check = () => (ws.pings >= before + 3 ? resolve() : setTimeout(check, 10));
        check();
      }),
      3 * SERVER.pingInterval + MARGIN,
      "three pings over the WebSocket",
    );
    assert.equal(ws.isClosedSync(), false);
    ws.send('42["message","alive"]');
    assert.equal(await ws.next(), '42["message-back","alive"]');
  });
});
