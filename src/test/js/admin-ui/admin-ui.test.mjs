// The stock Socket.IO Admin UI (@socket.io/admin-ui 0.5.1's ui/dist, served by the WAR at
// <SIO_URL>admin-ui/) in Debian's headless Chromium against our server: it logs in with the
// password the deployment's bcrypt hash was made from, then shows this server and its sockets.
// Run by AdminUiIT (the deployment has socketio.admin-ui.enabled=true, development mode):
//   SIO_URL=... node --test --test-reporter=tap admin-ui/
// The UI's fonts and icons come from CDNs; they are refused here, so the test also shows that the
// UI works without internet. A screenshot is left at <build dir>/admin-ui.png.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { ORIGIN, SIO_PATH } from "../lib/config.mjs";
import { closeAll, connect } from "../lib/sio.mjs";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
];
/** Also in src/test/java/dev/sio/it/AdminUiClients.java, which puts its hash in the deployment. */
const USERNAME = "admin";
const PASSWORD = "admin-ui-it";
const UI_URL = ORIGIN + SIO_PATH.replace(/socket\.io\/$/, "") + "admin-ui/";
const JS_DIR = fileURLToPath(new URL("../", import.meta.url));
const BUILD_DIR = process.env.SIO_BUILD_DIR || path.resolve(JS_DIR, "../../../target");
const WAIT = 15_000;

describe("the Socket.IO Admin UI in headless Chromium", { timeout: 120_000 }, () => {
  let context, page, userDataDir;
  const consoleLines = [];

  const pageText = async () => (await page.locator("body").innerText({ timeout: WAIT }).catch(() => "")).replace(/\s+/g, " ");

  /**
   * Waits (bounded) until the page's text contains `text`, in any case (the UI upper-cases some
   * labels with CSS, which innerText reflects); on failure says what it showed.
   */
  async function waitForText(text, what) {
    try {
      await page.waitForFunction((t) => document.body.innerText.toLowerCase().includes(t.toLowerCase()), text, { timeout: WAIT });
    } catch {
      assert.fail(`the UI did not show ${what} (${text}) within ${WAIT} ms\n  page: ${(await pageText()).slice(0, 600)}\n  console: ${consoleLines.slice(-8).join("\n           ")}`);
    }
  }

  /** Waits (bounded) for the status chip to say "connected" (not "disconnected"). */
  async function waitConnected() {
    try {
      await page.waitForFunction(() => [...document.querySelectorAll(".v-chip")].some((c) => c.innerText.trim().toLowerCase() === "connected"),
        null, { timeout: WAIT });
    } catch {
      assert.fail(`the UI did not show itself connected within ${WAIT} ms\n  page: ${(await pageText()).slice(0, 600)}\n  console: ${consoleLines.slice(-8).join("\n           ")}`);
    }
  }

  /** Goes to a page of the UI through its menu, as a user would (the connection stays). */
  async function open(menuItem) {
    await page.locator(".v-navigation-drawer .v-list-item").filter({ hasText: new RegExp(`^\\s*${menuItem}\\s*$`) }).first().click();
    await page.waitForFunction((t) => {
      const crumbs = document.querySelectorAll(".v-breadcrumbs");
      return crumbs.length === 1 && crumbs[0].innerText.trim().toLowerCase() === t.toLowerCase();
    }, menuItem, { timeout: WAIT });
  }

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    userDataDir = await mkdtemp(path.join(tmpdir(), "admin-ui-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
      viewport: { width: 1280, height: 800 },
    });
    // no internet: the UI's web fonts and icon font are refused at once instead of timing out
    await context.route(/fonts\.googleapis\.com|cdn\.jsdelivr\.net/, (route) => route.abort());
    // the connection form filled as a user would have saved it: this server, its path, WebSocket only
    await context.addInitScript(({ origin, sioPath }) => {
      if (!localStorage.getItem("server_url")) {
        localStorage.setItem("server_url", origin);
        localStorage.setItem("path", sioPath);
        localStorage.setItem("ws_only", "true");
        localStorage.setItem("namespace", "/admin");
      }
    }, { origin: ORIGIN, sioPath: SIO_PATH });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(WAIT);
    page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => consoleLines.push(`pageerror: ${e.message}`));
  });

  after(async () => {
    await closeAll();
    await context?.close().catch(() => {});
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  });

  it("logs in with the password, then shows this server and its sockets", async () => {
    const a = await connect("/test");
    const b = await connect("/test");

    await page.goto(UI_URL, { waitUntil: "domcontentloaded", timeout: WAIT });
    // no session id yet: the saved server refuses the UI's first try, and the form opens
    const username = page.getByLabel("Username");
    await username.waitFor({ state: "visible", timeout: WAIT });
    await username.fill(USERNAME);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Connect" }).click();
    await waitConnected();
    // the session event comes right after the CONNECT answer: wait for the UI to keep it
    const session = await page.waitForFunction(() => localStorage.getItem("session_id"), null, { timeout: WAIT })
      .then((h) => h.jsonValue()).catch(() => null);
    assert.match(session ?? "", /^[0-9a-f]{16}$/, "the UI keeps the session id the server handed out");

    await open("Servers");
    await waitForText(hostname(), "this server's host name in the server list");

    await open("Sockets");
    // the page lists one namespace at a time (the first, /admin): pick /test in its select, once
    // the page's slide-in transition is over (the leaving page is still in the DOM during it)
    await waitForText("Select namespace", "the namespace select");
    await page.waitForFunction(() => document.querySelectorAll(".v-breadcrumbs").length === 1, null, { timeout: WAIT });
    const select = page.locator(".v-input.v-select").filter({ hasText: "Select namespace" });
    await select.locator(".v-input__slot").click();
    const option = page.locator(".v-menu__content.menuable__content__active .v-list-item").filter({ hasText: /^\s*\/test\s*$/ });
    try {
      await option.click({ timeout: WAIT });
    } catch (e) {
      const { writeFile } = await import("node:fs/promises");
      await mkdir(BUILD_DIR, { recursive: true });
      await writeFile(path.join(BUILD_DIR, "admin-ui-sockets.html"), await page.content());
      throw e;
    }
    await waitForText(a.id, "the first client's socket");
    await waitForText(b.id, "the second client's socket");
    await mkdir(BUILD_DIR, { recursive: true });
    const shot = path.join(BUILD_DIR, "admin-ui-sockets.png");
    await page.screenshot({ path: shot, fullPage: true, timeout: WAIT });
    console.log(`screenshot: ${shot}`);

    await open("Dashboard");
    await waitConnected();
    // the namespace table: /test with its two sockets
    await page.waitForFunction(() => [...document.querySelectorAll("tr")].some((r) => /^\s*\/test\s+2\s*$/.test(r.innerText)), null, { timeout: WAIT })
      .catch(async () => assert.fail(`the dashboard did not show /test with 2 sockets\n  page: ${(await pageText()).slice(0, 800)}`));
    const dashboard = path.join(BUILD_DIR, "admin-ui.png");
    await page.screenshot({ path: dashboard, fullPage: true, timeout: WAIT });
    console.log(`screenshot: ${dashboard}`);
  });
});
