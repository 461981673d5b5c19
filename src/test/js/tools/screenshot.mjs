// Takes the README's picture: the chat page in Debian's headless Chromium, with alice (the page) and
// bob (a Node socket.io-client) talking in a room. Needs a server in development mode (tokens from
// <app>/api/dev/token); tools/screenshot.sh starts one and calls this.
//   node tools/screenshot.mjs http://127.0.0.1:8080/ ../../../docs/chat-page.png
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { io } from "socket.io-client";

const [appUrl = "http://127.0.0.1:8080/", out = "chat-page.png"] = process.argv.slice(2);
const WAIT = 15_000;
const ROOM = "lobby";

const token = async (user) => {
  const response = await fetch(new URL(`api/dev/token?user=${encodeURIComponent(user)}`, appUrl), {
    signal: AbortSignal.timeout(WAIT),
  });
  if (response.status !== 200) throw new Error(`no development token (HTTP ${response.status}): start the server with SOCKETIO_AUTH_DEV_MODE=true`);
  return (await response.json()).token;
};

/** bob: a Node client in the room; resolves once joined. */
async function bob() {
  const socket = io(new URL("chat", appUrl).href, {
    path: new URL("socket.io/", appUrl).pathname,
    auth: (cb) => token("bob").then((t) => cb({ token: t })),
    transports: ["websocket"],
    reconnection: false,
  });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  await socket.timeout(WAIT).emitWithAck("joinRoom", ROOM);
  return socket;
}

const userDataDir = await mkdtemp(path.join(tmpdir(), "chat-screenshot-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
  timeout: 30_000,
  viewport: { width: 1000, height: 520 },
});
let node;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(WAIT);
  await page.goto(appUrl, { waitUntil: "load" });
  await page.fill("#name", "alice");
  await page.click("#connect");
  await page.waitForSelector('#connection[data-transport="websocket"]');
  node = await bob();
  await page.fill("#room", ROOM);
  await page.click("#join");
  await page.waitForSelector(`#rooms li[data-room="${ROOM}"]`);

  const say = async (text) => {
    await page.fill("#text", text);
    await page.press("#text", "Enter");
    await page.locator("#log .entry.room.me").filter({ hasText: text }).first().waitFor();
  };
  const hear = async (message) => {
    await node.timeout(WAIT).emitWithAck("roomMessage", { room: ROOM, message });
    await page.locator("#log .entry.room").filter({ hasText: message }).first().waitFor();
  };
  await say("hi bob, the chat page runs on Payara Micro");
  await hear("hi alice: I am a Node socket.io-client, same room");
  await say("and this went by polling first, then upgraded to WebSocket");
  await node.timeout(WAIT).emitWithAck("message", "good evening, everyone in /chat");
  await page.locator("#log .entry.broadcast").first().waitFor();

  await page.screenshot({ path: out });
  console.log(`screenshot: ${out}`);
} finally {
  node?.disconnect();
  await context.close().catch(() => {});
  await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
}
