// Engine.IO v4 behaviour every Engine.IO endpoint of the application must show over HTTP
// long-polling (and in its WebSocket handshake), whatever application runs on top: Socket.IO's
// endpoint (<SIO_URL>socket.io/) and the plain echo endpoint (<SIO_URL>engine.io/) register the
// same tests, from tests/raw-polling.test.mjs and tests/raw-engineio.test.mjs. Only packets
// that mean the same on both are used here (ping, pong, close, invalid payloads): application
// messages are tested in those files.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { engineUrl, SERVER, TEST_TIMEOUT } from "./config.mjs";
import {
  assertEngineError,
  assertSessionEnded,
  PollingSession,
  request,
  splitPayload,
  tagRequest,
  webSocketRefusal,
} from "./polling.mjs";
import { sleep } from "./wait.mjs";

const T = { timeout: TEST_TIMEOUT };
const MARGIN = 1000; // scheduling / CI slack on top of the protocol timings, as in raw-heartbeat
const ORIGIN_HEADER = { Origin: "http://example.com" };
const PING_GOT_IN_THE_WAY = Symbol("a server ping answered the GET first");

/**
 * Runs `attempt(session)` on a fresh session; a test that needs a GET held by the server can
 * lose the race with the first ping (pingInterval after the handshake) on a slow machine: the
 * attempt then returns PING_GOT_IN_THE_WAY and is run again on a new session (3 attempts at most).
 */
async function onFreshSession(endpoint, attempt) {
  for (let i = 0; i < 3; i++) {
    const s = await PollingSession.open(endpoint);
    if ((await attempt(s)) !== PING_GOT_IN_THE_WAY) return;
  }
  assert.fail("in 3 attempts, the server's first ping always answered the GET before the test could use it");
}

/**
 * Registers the long-polling tests for `endpoint` ("socket.io" or "engine.io").
 * @param {{beforeHeartbeat?: (s: PollingSession) => Promise<void>}} opts beforeHeartbeat brings a
 *   fresh session into a state where only pings remain to come (Socket.IO: connected to "/",
 *   so that its connect timeout does not end the session during three heartbeat rounds).
 */
export function describeLongPolling(endpoint, { beforeHeartbeat = async () => {} } = {}) {
  const url = (query) => engineUrl(endpoint, query);
  const polling = { EIO: 4, transport: "polling" };

  describe(`${endpoint}/ over HTTP long-polling: handshake`, () => {
    it("a handshake GET is answered 200 with only an open packet holding exactly sid, upgrades [websocket], pingInterval, pingTimeout and maxPayload", T, async () => {
      const res = await request(url(polling));
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/plain\s*;\s*charset=utf-8$/i);
      assert.ok(res.body.startsWith("0"), `an open packet, got ${JSON.stringify(res.body)}`);
      assert.ok(!res.body.includes("\x1e"), "the handshake answer holds the open packet alone");
      const open = JSON.parse(res.body.slice(1));
      assert.deepEqual(Object.keys(open).sort(), ["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"]);
      assert.equal(typeof open.sid, "string");
      assert.ok(open.sid.length > 0);
      assert.deepEqual(open.upgrades, ["websocket"]);
      assert.equal(open.pingInterval, SERVER.pingInterval);
      assert.equal(open.pingTimeout, SERVER.pingTimeout);
      assert.equal(open.maxPayload, SERVER.maxPayload);
    });

    it("every polling handshake gets a distinct sid", T, async () => {
      const sids = [];
      for (let i = 0; i < 3; i++) sids.push((await PollingSession.open(endpoint)).sid);
      assert.equal(new Set(sids).size, 3);
    });

    it("polling answers forbid caching (Cache-Control: no-store), on the handshake and on a GET with the sid", T, async () => {
      const s = await PollingSession.open(endpoint);
      assert.match(s.handshakeResponse.headers.get("cache-control") ?? "(none)", /\bno-store\b/i, "handshake answer");
      const res = await s.get(); // the first ping
      assert.equal(res.status, 200);
      assert.match(res.headers.get("cache-control") ?? "(none)", /\bno-store\b/i, "poll answer");
    });
  });

  describe(`${endpoint}/ over HTTP long-polling: refused requests (HTTP 400 and a JSON {code, message})`, () => {
    it("a handshake without EIO, with EIO=abc or with EIO=3 is refused with code 5 (unsupported protocol version)", T, async () => {
      for (const EIO of [undefined, "abc", "3"]) {
        assertEngineError(await request(url({ EIO, transport: "polling" })), 5, { what: `EIO=${EIO}` });
      }
    });

    it("a handshake without transport or with transport=abc is refused with code 0 (transport unknown)", T, async () => {
      for (const transport of [undefined, "abc"]) {
        assertEngineError(await request(url({ EIO: 4, transport })), 0, { what: `transport=${transport}` });
      }
    });

    it("a handshake by POST or by PUT is refused with code 2 (bad handshake method)", T, async () => {
      for (const method of ["POST", "PUT"]) {
        assertEngineError(await request(url(polling), { method, body: "" }), 2, { what: method });
      }
    });

    it("a GET or a POST with an unknown sid is refused with code 1 (session ID unknown)", T, async () => {
      const sid = "no-such-session-id";
      assertEngineError(await request(url({ ...polling, sid })), 1, { what: "GET" });
      assertEngineError(await request(url({ ...polling, sid }), { method: "POST", body: "3" }), 1, { what: "POST" });
    });

    it("a plain GET with transport=websocket, with or without a sid, is refused with code 3 (bad request)", T, async () => {
      assertEngineError(await request(url({ EIO: 4, transport: "websocket" })), 3, { what: "no sid" });
      const s = await PollingSession.open(endpoint);
      assertEngineError(await request(url({ EIO: 4, transport: "websocket", sid: s.sid })), 3, { what: "polling sid" });
    });
  });

  describe(`${endpoint}/ over HTTP long-polling: CORS`, () => {
    it("requests with Origin: http://example.com get Access-Control-Allow-Origin: * (handshake, POST, GET and a refusal)", T, async () => {
      const hs = await request(url(polling), { headers: ORIGIN_HEADER });
      assert.equal(hs.status, 200);
      assert.equal(hs.headers.get("access-control-allow-origin"), "*", "handshake");
      const sid = JSON.parse(hs.body.slice(1)).sid;
      const post = await request(url({ ...polling, sid }), { method: "POST", body: "3", headers: ORIGIN_HEADER });
      assert.equal(post.status, 200);
      assert.equal(post.headers.get("access-control-allow-origin"), "*", "POST");
      const get = await request(url({ ...polling, sid }), { headers: ORIGIN_HEADER });
      assert.equal(get.status, 200);
      assert.equal(get.headers.get("access-control-allow-origin"), "*", "GET");
      const refused = await request(url({ ...polling, sid: "unknown" }), { headers: ORIGIN_HEADER });
      assert.equal(refused.status, 400);
      assert.equal(refused.headers.get("access-control-allow-origin"), "*", "the 400, so that a browser can read it");
    });

    it("an OPTIONS preflight is answered 204 allowing GET and POST and the requested headers", T, async () => {
      const res = await request(url(polling), {
        method: "OPTIONS",
        headers: { ...ORIGIN_HEADER, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
      });
      assert.equal(res.status, 204);
      assert.equal(res.body, "");
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      const methods = (res.headers.get("access-control-allow-methods") ?? "").split(",").map((m) => m.trim().toUpperCase());
      assert.ok(methods.includes("GET") && methods.includes("POST"), `Access-Control-Allow-Methods: ${methods}`);
      assert.match(res.headers.get("access-control-allow-headers") ?? "", /content-type/i);
    });
  });

  describe(`${endpoint}/ over HTTP long-polling: heartbeat`, () => {
    it("three heartbeat rounds: each GET is answered with exactly a ping 2, each POST 3 with ok, the first ping about pingInterval after the handshake", T, async () => {
      const s = await PollingSession.open(endpoint, { autoPong: false });
      await beforeHeartbeat(s);
      for (let round = 0; round < 3; round++) {
        const res = await s.get({ timeout: SERVER.pingInterval + MARGIN });
        assert.equal(res.status, 200);
        assert.equal(res.body, "2", `round ${round + 1}`);
        if (round === 0) {
          const elapsed = Date.now() - s.requestedAt;
          assert.ok(elapsed >= SERVER.pingInterval, `the first ping not before pingInterval (came after ${elapsed}ms)`);
        }
        const pong = await s.post("3");
        assert.equal(pong.status, 200);
        assert.equal(pong.body, "ok");
      }
    });

    it("without a pong the session is ended: a GET after pingInterval + pingTimeout is refused with code 1", T, async () => {
      const s = await PollingSession.open(endpoint, { autoPong: false });
      await sleep(SERVER.pingInterval + SERVER.pingTimeout + 300);
      assertEngineError(await s.get(), 1);
    });

    it("a GET pending when the pong is overdue is answered with a close packet 1, pingInterval + pingTimeout after the handshake", T, async () => {
      const s = await PollingSession.open(endpoint, { autoPong: false });
      const ping = await s.get({ timeout: SERVER.pingInterval + MARGIN });
      assert.equal(ping.body, "2");
      const res = await s.get({ timeout: SERVER.pingTimeout + MARGIN });
      const atLeast = Date.now() - s.requestedAt;
      const atMost = Date.now() - s.openedAt;
      assert.equal(res.status, 200);
      assert.equal(res.body, "1");
      assert.ok(atLeast >= SERVER.pingInterval + SERVER.pingTimeout, `not closed before the pong was due (after ${atLeast}ms)`);
      assert.ok(atMost <= SERVER.pingInterval + SERVER.pingTimeout + MARGIN, `closed ${atMost}ms after the handshake`);
      assertEngineError(await s.get(), 1);
    });

    it("a ping 2 sent by the client ends the session (heartbeats are server-driven in Engine.IO v4)", T, async () => {
      const s = await PollingSession.open(endpoint);
      await s.post("2").catch(() => {}); // the answer is not specified; the end of the session is
      await assertSessionEnded(s);
    });
  });

  describe(`${endpoint}/ over HTTP long-polling: closing and protocol violations`, () => {
    it("a POST 1 is answered ok, releases the pending GET with a noop 6, and the sid is then unknown", T, async () => {
      await onFreshSession(endpoint, async (s) => {
        const get = s.startGet();
        await get.sent;
        await sleep(20); // let the GET be parked
        const post = await s.post("1");
        assert.equal(post.status, 200);
        assert.equal(post.body, "ok");
        const released = await get.response;
        assert.equal(released.status, 200);
        if (released.body === "2") return PING_GOT_IN_THE_WAY;
        assert.equal(released.body, "6");
        assertEngineError(await s.get(), 1, { what: "GET" });
        assertEngineError(await s.post("3"), 1, { what: "POST" });
      });
    });

    it("a GET sent together with a POST 1 gets the noop 6 whichever the server takes first, and the sid is then unknown (20 sessions)", T, async () => {
      // the Engine.IO test suite's "forcefully closes the session": both requests at once; a server
      // that runs them on two threads must not refuse the GET when the close wins the race
      for (let i = 0; i < 20; i++) {
        const s = await PollingSession.open(endpoint);
        const [get, post] = await Promise.all([s.get(), s.post("1")]);
        assert.equal(post.status, 200, `session ${i}: POST 1 answered ${post.status} ${post.body}`);
        assert.equal(get.status, 200, `session ${i}: the GET sent with the close answered ${get.status} ${get.body}`);
        if (get.body === "2") continue; // a ping answered the GET before the close came: nothing to learn
        assert.equal(get.body, "6", `session ${i}`);
        assertEngineError(await s.get(), 1, { what: `session ${i}: a GET after the close` });
      }
    });

    it("a second concurrent GET ends the session: the first GET gets a close packet 1, the second 400 (or 500), later GETs 400", T, async () => {
      await onFreshSession(endpoint, async (s) => {
        const first = s.startGet();
        await first.sent;
        await sleep(20); // the first GET is parked by then
        const second = await s.get({ query: { t: "burst" } });
        const firstRes = await first.response;
        if (firstRes.body === "2" && second.status === 200) return PING_GOT_IN_THE_WAY;
        // Requests on two connections need not be served in the order they were sent: if the
        // server got the second one first, the roles are swapped. Either way one GET is refused
        // and the other is released with a close packet.
        const [released, refused] = second.status === 200 ? [second, firstRes] : [firstRes, second];
        assert.ok([400, 500].includes(refused.status), `the overlapping GET: ${refused.status} ${refused.body}`);
        assert.equal(released.status, 200);
        assert.equal(released.body, "1");
        assertEngineError(await s.get(), 1);
      });
    });

    for (const [when, delay] of [["5 ms after it was sent", 5], ["while it is parked (100 ms after it was sent)", 100]]) {
      it(`a GET cancelled by the client ${when} ends the session: the next GET is refused with 400`, T, async () => {
        await onFreshSession(endpoint, async (s) => {
          const abort = new AbortController();
          const get = s.startGet({ signal: abort.signal });
          const cancelled = get.response.then(
            (res) => ({ res }),
            (error) => ({ error }),
          );
          await get.sent;
          await sleep(delay);
          abort.abort();
          const outcome = await cancelled;
          if (outcome.res?.body === "2") return PING_GOT_IN_THE_WAY;
          assert.ok(outcome.error, `the GET was cancelled before any answer (got ${outcome.res?.status} ${JSON.stringify(outcome.res?.body)})`);
          const next = await s.get();
          if (next.status === 200) {
            // The server got the cancelled GET only after this one (requests on two connections
            // need not be served in order): the overlap ended the session, releasing this GET
            // with a close packet. Conclusive only before a ping timeout could have done the same.
            assert.equal(next.body, "1", `the GET after the cancelled one: ${next.status} ${JSON.stringify(next.body)}`);
            if (Date.now() - s.requestedAt >= SERVER.pingInterval + SERVER.pingTimeout) return PING_GOT_IN_THE_WAY;
          } else {
            assert.equal(next.status, 400, `the GET after the cancelled one: ${next.status} ${next.body}`);
          }
          assertEngineError(await s.get(), 1, { what: "a later GET" });
        });
      });
    }

    it("a second concurrent POST ends the session: it is refused with 400 (or 500), and GETs then too", T, async () => {
      const s = await PollingSession.open(endpoint);
      let feed;
      const body = new ReadableStream({
        start(controller) {
          feed = controller;
          controller.enqueue(new TextEncoder().encode("3"));
        },
      });
      const { tag, sent } = tagRequest();
      const first = request(s.url({ t: tag }), { method: "POST", body, duplex: "half", signal: s.controller.signal })
        .catch((e) => ({ error: e }));
      await sent;
      await sleep(50); // the first POST is being read by the server; its body is still open
      const second = await request(s.url(), { method: "POST", body: "3" });
      feed.close();
      await first; // its answer is not specified (the reference server drops the connection)
      assert.ok([400, 500].includes(second.status), `the overlapping POST: ${second.status} ${second.body}`);
      assertEngineError(await s.get(), 1);
    });

    it(`a POST body over maxPayload (${SERVER.maxPayload} bytes) is refused with 413 (or 400) and ends the session`, T, async () => {
      const s = await PollingSession.open(endpoint);
      const res = await s.post("4" + "x".repeat(SERVER.maxPayload));
      assert.ok([400, 413].includes(res.status), `status ${res.status}`);
      assertEngineError(await s.get(), 1);
    });

    for (const [what, body] of [
      ["abc (unknown packet type)", "abc"],
      ["an empty body", ""],
      ["an empty packet between two separators", "3\x1e\x1e3"],
    ]) {
      it(`a POST whose payload is ${what} ends the session (answered 400, or 200 as the reference server does)`, T, async () => {
        const s = await PollingSession.open(endpoint);
        const res = await s.post(body).catch((error) => ({ error }));
        if (!res.error) assert.ok([200, 400].includes(res.status), `status ${res.status} ${res.body}`);
        assertEngineError(await s.get(), 1);
      });
    }
  });
}

/** The WebSocket handshake refusals of `endpoint`: no session opens. */
export function describeWebSocketHandshakeRefusals(endpoint) {
  describe(`${endpoint}/ WebSocket handshake refusals`, () => {
    const cases = [
      ["without EIO", { transport: "websocket" }],
      ["with EIO=abc", { EIO: "abc", transport: "websocket" }],
      ["without transport", { EIO: 4 }],
      ["with transport=abc", { EIO: 4, transport: "abc" }],
      ["with an unknown sid", { EIO: 4, transport: "websocket", sid: "no-such-session-id" }],
    ];
    for (const [what, query] of cases) {
      it(`a WebSocket ${what} is refused (HTTP 400, or closed without an open packet)`, T, async () => {
        const outcome = await webSocketRefusal(engineUrl(endpoint, query, { websocket: true }));
        if (outcome.status !== undefined) {
          assert.equal(outcome.status, 400, "the upgrade's HTTP status");
        } else {
          const opens = outcome.frames.filter((f) => typeof f === "string" && f.startsWith("0"));
          assert.deepEqual(opens, [], "no open packet");
        }
      });
    }
  });
}

/** The packets of a polling body, without pings. */
export function withoutPings(body) {
  return splitPayload(body).filter((p) => p !== "2");
}
