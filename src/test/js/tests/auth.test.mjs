// Authentication on /secure (the Java test deployment's SecureTestGateway; the same namespace in
// the reference server): only holders of a valid token join; the token is the socket's principal;
// event guards and room rules refuse without dropping the connection; at exp the server closes the
// transport and the stock client reconnects with a fresh token from its `auth` callback.
//
// "No handler reached" is proven by the gateway's own counters (`stats`: how many sockets reached
// its connect and disconnect handlers), read from an authorised observer before and after.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { TEST_TIMEOUT } from "../lib/config.mjs";
import { client, closeAll, connect, waitConnected } from "../lib/sio.mjs";
import { forgedTokens, JWT, mintToken } from "../lib/tokens.mjs";
import { ackAll, Inbox, nextEvent } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };
const SECURE = "/secure";

let n = 0;
const unique = (label) => `${label}-${process.pid}-${Date.now()}-${++n}`;
const call = (socket, event, ...args) => ackAll(socket, event, args).then((r) => r[0]);

/** A connected /secure socket for `sub` with `groups`. */
const member = (sub, groups = []) => connect(SECURE, { auth: { token: mintToken(sub, { groups }) } });

/**
 * The gateway's counters once they stop moving: a socket closed just before (the warm-up's, the
 * previous test's) may still reach the disconnect handler a moment later. Two equal reads 50 ms
 * apart, at most 2 s.
 */
async function settledStats(observer) {
  let last = await call(observer, "stats");
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const now = await call(observer, "stats");
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

/** Connects with `opts` and resolves with the connect_error's message (fails if it connects). */
async function refusedWith(opts) {
  const socket = client(SECURE, opts);
  const connected = nextEvent(socket, "connect").then(() => "connected", () => "no connect");
  const [err] = await nextEvent(socket, "connect_error");
  assert.equal(socket.connected, false);
  socket.disconnect();
  assert.equal(await Promise.race([connected, Promise.resolve("no connect")]), "no connect");
  return err.message;
}

// The first verification on a fresh server loads the JWT library and may take longer than the
// suite's 200 ms pingTimeout; warm up before timing anything.
before(async () => {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await member(unique("warm-up"));
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  await closeAll();
});
after(closeAll);

describe("authentication: refusals", () => {
  afterEach(closeAll);

  it("a socket without a token gets connect_error 'missing token', and no handler sees it", T, async () => {
    const observer = await member(unique("observer"));
    const before = await settledStats(observer);
    assert.equal(await refusedWith({}), "missing token");
    assert.equal(await refusedWith({ auth: { token: "   " } }), "missing token", "a blank token is no token");
    assert.equal(await refusedWith({ auth: { token: 42 } }), "missing token", "a token must be a string");
    assert.deepEqual(await call(observer, "stats"), before);
  });

  for (const forged of forgedTokens()) {
    it(`a token that is ${forged.label} gets connect_error '${forged.reason}', and no handler sees it`, T, async () => {
      const observer = await member(unique("observer"));
      const before = await settledStats(observer);
      assert.equal(await refusedWith({ auth: { token: forged.token } }), forged.reason);
      assert.deepEqual(await call(observer, "stats"), before, "no connect or disconnect handler ran");
    });
  }

  it("the reasons leak nothing: no key, URL or parser text", T, async () => {
    for (const forged of forgedTokens()) {
      const message = await refusedWith({ auth: { token: forged.token } });
      assert.match(message, /^invalid token: [a-z ]+$/, `${forged.label}: ${message}`);
    }
  });
});

describe("authentication: where the token comes from", () => {
  afterEach(closeAll);

  it("auth: { token }", T, async () => {
    const sub = unique("auth");
    const socket = await connect(SECURE, { auth: { token: mintToken(sub) } });
    assert.equal((await call(socket, "whoami")).sub, sub);
  });

  it("an Authorization: Bearer header", T, async () => {
    const sub = unique("bearer");
    const socket = await connect(SECURE, { extraHeaders: { Authorization: `Bearer ${mintToken(sub)}` } });
    assert.equal((await call(socket, "whoami")).sub, sub);
  });

  it("a cookie", T, async () => {
    const sub = unique("cookie");
    const socket = await connect(SECURE, { extraHeaders: { Cookie: `theme=dark; ${JWT.cookie}=${mintToken(sub)}` } });
    assert.equal((await call(socket, "whoami")).sub, sub);
  });

  it("auth.token is looked at first: a bad one is refused even with a good header", T, async () => {
    const message = await refusedWith({
      auth: { token: "not-a-jwt" },
      extraHeaders: { Authorization: `Bearer ${mintToken(unique("header"))}` },
    });
    assert.equal(message, "invalid token: malformed");
  });
});

describe("authentication: the principal", () => {
  afterEach(closeAll);

  it("connect and event handlers see the token's subject, name and groups", T, async () => {
    const sub = unique("zoe");
    const socket = client(SECURE, { auth: { token: mintToken(sub, { name: "Zoë", groups: ["staff", "admin"] }) } });
    const inbox = new Inbox(socket);
    await waitConnected(socket);
    const expected = { sub, name: "Zoë", groups: ["admin", "staff"] };
    assert.deepEqual((await inbox.waitFor("welcome"))[0], expected);
    assert.deepEqual(await call(socket, "whoami"), expected);
  });
});

describe("authentication: event guards and room rules", () => {
  afterEach(closeAll);

  it("an admin-only event refused to a non-admin answers {ok:false, error:'forbidden'} and keeps the connection", T, async () => {
    const socket = await member(unique("bob"), ["staff"]);
    assert.deepEqual(await call(socket, "adminOnly"), { ok: false, error: "forbidden" });
    assert.equal(socket.connected, true);
    assert.equal((await call(socket, "whoami")).groups[0], "staff", "the connection still works");
  });

  it("without an ack, the refusal comes as an error event", T, async () => {
    const socket = await member(unique("bob"), ["staff"]);
    const refused = nextEvent(socket, "error");
    socket.emit("adminOnly", { please: true });
    assert.deepEqual(await refused, [{ event: "adminOnly", error: "forbidden" }]);
    assert.equal(socket.connected, true);
  });

  it("an admin passes the admin-only event; a deny-all event is refused even to an admin", T, async () => {
    const admin = await member(unique("ada"), ["admin"]);
    assert.deepEqual(await call(admin, "adminOnly"), { ok: true });
    assert.deepEqual(await call(admin, "nobody"), { ok: false, error: "forbidden" });
  });

  it("rooms matching admin-.* are for admins only", T, async () => {
    const room = unique("admin");
    const bob = await member(unique("bob"), ["staff"]);
    const ada = await member(unique("ada"), ["admin"]);
    assert.deepEqual(await call(bob, "joinRoom", room), { ok: false, error: "forbidden" });
    assert.deepEqual(await call(bob, "joinRoom", unique("lobby")), { ok: true });
    assert.deepEqual(await call(ada, "joinRoom", room), { ok: true });
    assert.equal(bob.connected, true);
  });
});

describe("authentication: expiry during a session", () => {
  afterEach(closeAll);

  it("at exp the server closes the transport and the client reconnects with a fresh token from its auth callback", T, async () => {
    const sub = unique("erin");
    let issued = 0;
    const socket = client(SECURE, {
      reconnection: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 200,
      randomizationFactor: 0,
      // the first token lives ~2 s, the next ones ten minutes
      auth: (cb) => {
        issued++;
        cb({ token: mintToken(sub, { name: `Erin ${issued}`, lifetime: issued === 1 ? 2 : 600 }) });
      },
    });
    const inbox = new Inbox(socket);
    await waitConnected(socket);
    assert.equal((await inbox.waitFor("welcome"))[0].name, "Erin 1");
    const disconnected = nextEvent(socket, "disconnect", 8000);

    assert.deepEqual(await inbox.waitFor("token_expired", { timeout: 8000 }), [{ message: "invalid token: expired" }]);
    const [reason] = await disconnected;
    assert.ok(["transport close", "transport error"].includes(reason),
      `a transport close, not 'io server disconnect' (after which the client would not reconnect): ${reason}`);

    const [again] = await inbox.waitFor("welcome", { where: (u) => u?.name === "Erin 2", timeout: 8000 });
    assert.equal(again.sub, sub);
    assert.equal(issued, 2, "the auth callback was asked for a fresh token once");
    assert.equal(socket.connected, true);
    assert.equal((await call(socket, "whoami")).name, "Erin 2");
  });
});
