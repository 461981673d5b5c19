// The chat page (src/main/webapp) in a real headless Chromium, next to a Node socket.io-client in the
// same room. Run once (not per transport mode): SIO_URL=... node --test --test-reporter=tap browser/
//
// Chromium is Debian's (/usr/bin/chromium, `apt-get install chromium`), driven by playwright-core;
// no browser is ever downloaded. A screenshot is left at <build dir>/chat-page.png for a human.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import * as chat from "../lib/chat.mjs";
import { ORIGIN, SIO_PATH } from "../lib/config.mjs";
import { closeAll } from "../lib/sio.mjs";
import { ackAll, eventually } from "../lib/wait.mjs";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
];
/** The application's root, where the page is: <SIO_URL>, i.e. the Socket.IO path less "socket.io/". */
const APP_URL = ORIGIN + SIO_PATH.replace(/socket\.io\/$/, "");
const JS_DIR = fileURLToPath(new URL("../", import.meta.url));
/** Where the screenshot goes: the Maven build folder when the IT passes it, else <repo>/target. */
const BUILD_DIR = process.env.SIO_BUILD_DIR || path.resolve(JS_DIR, "../../../target");
const WAIT = 10_000;

/** What the page shows for a user: the string itself, or the name of {id, name}. */
const shownName = (user) => (typeof user === "string" ? user : user?.name ?? user?.id);

/**
 * The `auth` payload the chat fixture (lib/chat.mjs, the one place that knows how chat clients
 * authenticate) sends for `name`: from its chatAuth(name) where it has one, else read off a fixture
 * client, which is then closed. socket.io-client's `auth` is an object or a callback giving one.
 */
async function fixtureAuth(name) {
  let auth;
  if (typeof chat.chatAuth === "function") {
    auth = chat.chatAuth(name);
  } else {
    const probe = await chat.chatClient(name);
    auth = probe.socket.auth;
    probe.socket.disconnect();
  }
  if (typeof auth === "function") auth = await new Promise((resolve) => auth(resolve));
  return auth ?? {};
}

describe("the chat page in headless Chromium", { timeout: 90_000 }, () => {
  let context, page, userDataDir, bob;
  const consoleLines = [];
  const httpRequests = [];
  const webSockets = [];

  /** The page's state and last log lines, for failure messages. */
  async function pageState() {
    if (!page) return "";
    try {
      const s = await page.evaluate(() => ({
        state: document.getElementById("state").textContent,
        transport: document.getElementById("connection").dataset.transport,
        log: [...document.querySelectorAll("#log .entry")].slice(-8).map((e) => e.textContent),
      }));
      return `\n  page: ${s.state} [${s.transport}]\n  log: ${s.log.join("\n       ")}\n  console: ${consoleLines.slice(-8).join("\n           ")}`;
    } catch (e) {
      return `\n  (page state unavailable: ${e.message})`;
    }
  }

  /** Waits (bounded) for `selector`; on failure says what the page showed. */
  async function waitForSelector(selector, what) {
    try {
      await page.waitForSelector(selector, { timeout: WAIT });
    } catch {
      assert.fail(`the page did not show ${what} within ${WAIT} ms${await pageState()}`);
    }
  }

  /** Waits (bounded) for a log entry of class `kind` whose text contains `text`; returns {who, text}. */
  async function logEntry(kind, text, what) {
    try {
      const entry = page.locator(`#log .entry.${kind}`).filter({ hasText: text }).first();
      await entry.waitFor({ timeout: WAIT });
      return {
        who: (await entry.locator(".who").count()) ? await entry.locator(".who").textContent() : null,
        text: await entry.locator(".text").textContent(),
      };
    } catch {
      return assert.fail(`the page did not show ${what} within ${WAIT} ms${await pageState()}`);
    }
  }

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    userDataDir = await mkdtemp(path.join(tmpdir(), "chat-page-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
      viewport: { width: 1100, height: 720 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(WAIT);
    page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => consoleLines.push(`pageerror: ${e.message}`));
    page.on("request", (r) => httpRequests.push(r.url()));
    page.on("websocket", (ws) => webSockets.push(ws.url()));
    // Warm up: the first navigation of a new Chromium is by far its busiest moment.
    await page.goto(APP_URL, { waitUntil: "load", timeout: WAIT });
  });

  after(async () => {
    await closeAll();
    await context?.close().catch(() => {});
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  });

  it("serves the pinned socket.io-client bundle, the same release the Node suite uses", async () => {
    const response = await fetch(new URL("vendor/socket.io-client/socket.io.min.js", APP_URL), {
      signal: AbortSignal.timeout(WAIT),
    });
    assert.equal(response.status, 200, "GET <context>/vendor/socket.io-client/socket.io.min.js");
    const banner = (await response.text()).slice(0, 200).match(/Socket\.IO v(\d+\.\d+\.\d+)/);
    const node = JSON.parse(await readFile(path.join(JS_DIR, "node_modules/socket.io-client/package.json"), "utf8"));
    assert.ok(banner, "the served file starts with the Socket.IO banner");
    assert.equal(banner[1], node.version, "served browser bundle vs the Node suite's socket.io-client");
  });

  it("connects by polling, upgrades to WebSocket, and exchanges room messages with a Node client both ways", async () => {
    const room = `page-${process.pid}-${Date.now()}`;

    // The page gets its token the way the fixture does, when the fixture uses one (?token=); without
    // one it asks the dev endpoint itself, and connects without a token when there is none.
    const auth = await fixtureAuth("alice");
    const url = new URL(APP_URL);
    if (typeof auth.token === "string") url.searchParams.set("token", auth.token);
    const loaded = await page.goto(url.href, { waitUntil: "load", timeout: WAIT });
    assert.equal(loaded.status(), 200, `GET ${APP_URL}`);
    assert.equal(await page.evaluate(() => typeof io), "function", `the page has no io()${await pageState()}`);
    assert.ok(!page.url().includes("token="), "the page removes the token from the address bar");

    // A person: types a name, connects.
    await page.fill("#name", "alice");
    await page.click("#connect");
    // The IT deployment pings every 300 ms and waits 200 ms for the pong (the conformance settings).
    // A browser in the middle of its polling-to-WebSocket upgrade on a loaded machine can miss that;
    // the page then reconnects by itself, which is what a person would see: wait for where it settles.
    await waitForSelector('#connection[data-state="connected"]', "connected");
    await waitForSelector('#connection[data-transport="websocket"]', "the WebSocket transport after the upgrade");
    const drops = await page.locator("#log .entry.notice").filter({ hasText: "disconnected (" }).count();
    if (drops) console.log(`the page lost its connection ${drops} time(s) before settling, and reconnected`);
    assert.equal((await page.textContent("#transport")).trim(), "via websocket");
    assert.equal(await page.evaluate(() => window.chatPage.socket.io.engine.transport.name), "websocket");
    // ... and it did start on polling: the handshake was an HTTP request, the WebSocket an upgrade of it.
    const handshake = httpRequests.find((u) => u.includes("/socket.io/") && u.includes("transport=polling"));
    assert.ok(handshake, `a polling request was made: ${httpRequests.join(", ")}`);
    assert.ok(new URL(handshake).pathname === SIO_PATH, `Socket.IO path ${SIO_PATH}, got ${handshake}`);
    const upgrade = webSockets.find((u) => u.includes("transport=websocket"));
    assert.ok(upgrade && new URL(upgrade).searchParams.get("sid"), `the WebSocket upgrades the polling session: ${webSockets}`);

    // bob, a Node client, is in the room. He connects only now: the server pings every 300 ms in the
    // test settings, and a Node client must not miss a beat while Chromium starts and loads the page.
    bob = await chat.chatClient("bob");
    assert.deepEqual((await ackAll(bob.socket, "joinRoom", [room]))[0], { ok: true });
    // bob says something before the page is in the room; once it is in the history (written behind),
    // the page joins and shows it as earlier
    const said = "said before alice came";
    const { id: saidId } = (await ackAll(bob.socket, "roomMessage", [{ room, message: said }]))[0];
    await eventually(async () => (await ackAll(bob.socket, "history", [{ room }]))[0]?.messages?.some((m) => m.id === saidId),
      { what: "bob's message in the room's history", timeout: 10_000, interval: 100 });

    // The page joins the room: bob is told.
    await page.fill("#room", room);
    await page.click("#join");
    const [joined] = await bob.inbox.waitFor("userJoined", { where: (n) => n?.room === room, timeout: WAIT });
    const alice = joined.user;
    await waitForSelector(`#rooms li[data-room="${room}"]`, "the joined room in the room list");
    assert.equal(await page.inputValue("#target"), room, "sending goes to the room just joined");
    const earlier = await logEntry("room.history", said, "the room's history, shown on joining");
    assert.equal(earlier.who, shownName(bob.user));

    // Page -> Node, in the room, attributed by the server to the user bob saw join.
    const fromPage = "hello from the browser: grüße, ça va? ✓";
    await page.fill("#text", fromPage);
    await page.press("#text", "Enter");
    const [got] = await bob.inbox.waitFor("message", { where: (m) => m?.message === fromPage, timeout: WAIT });
    assert.deepEqual({ user: got.user, room: got.room, message: got.message }, { user: alice, room, message: fromPage });
    const own = await logEntry("room.me", fromPage, "its own room message, marked as its own");
    assert.equal(own.who, shownName(alice));
    assert.equal(await page.inputValue("#text"), "", "the input is cleared once the server acknowledged");

    // Node -> page, in the room, shown with bob's user.
    const fromNode = "hi alice, this is bob (node)";
    assert.equal((await ackAll(bob.socket, "roomMessage", [{ room, message: fromNode }]))[0]?.ok, true);
    const seen = await logEntry("room", fromNode, "bob's room message");
    assert.equal(seen.who, shownName(bob.user));

    // Join and leave notices, and a namespace-wide message.
    assert.deepEqual((await ackAll(bob.socket, "leaveRoom", [room]))[0], { ok: true });
    await logEntry("notice", `${shownName(bob.user)} left ${room}`, "bob's leave notice");
    assert.deepEqual((await ackAll(bob.socket, "joinRoom", [room]))[0], { ok: true });
    await logEntry("notice", `${shownName(bob.user)} joined ${room}`, "bob's join notice");
    assert.deepEqual((await ackAll(bob.socket, "message", ["good evening, everyone in /chat"]))[0], { ok: true });
    await logEntry("broadcast", "good evening, everyone in /chat", "a namespace-wide message");

    // Private messages: bob to alice (shown, and acknowledged by the page: it is not kept), and alice
    // to someone who is not connected (kept for them: the page shows the offline badge).
    const whisper = "psst, alice: only for you";
    const toAlice = (await ackAll(bob.socket, "privateMessage", [{ to: alice.id, message: whisper }]))[0];
    assert.equal(toAlice.delivered, true, JSON.stringify(toAlice));
    const got2 = await logEntry("private", whisper, "bob's private message");
    assert.equal(got2.who, `${shownName(bob.user)} → you`);
    const away = `nobody-${process.pid}-${Date.now()}`;
    await page.fill("#text", `/msg ${away} see you later`);
    await page.press("#text", "Enter");
    await logEntry("private.sent", "see you later", "alice's private message to someone offline");
    const badge = page.locator("#log .entry.private.sent").filter({ hasText: "see you later" }).locator(".badge");
    assert.match(await badge.textContent({ timeout: WAIT }), /offline/);

    // For a human: what the page looks like now.
    await mkdir(BUILD_DIR, { recursive: true });
    const shot = path.join(BUILD_DIR, "chat-page.png");
    await page.screenshot({ path: shot, fullPage: true, timeout: WAIT });
    console.log(`screenshot: ${shot}`);

    // Disconnect button: the page says so and closes the connection.
    await page.click("#disconnect");
    await waitForSelector('#connection[data-state="disconnected"]', "disconnected");
    assert.equal(await page.evaluate(() => window.chatPage.socket), null);
  });
});
