// Events in both directions: value types, structure, unicode, arity, ordering.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { MSGPACK, TEST_TIMEOUT } from "../lib/config.mjs";
import { closeAll, connect } from "../lib/sio.mjs";
import { ackAll, Inbox } from "../lib/wait.mjs";

const T = { timeout: TEST_TIMEOUT };

const NESTED = {
  a: 1,
  b: [1, "two", { three: [3, 3.5, { four: null }] }],
  c: { d: { e: { f: { g: "deep" } } } },
  empty: { obj: {}, arr: [] },
  bools: [true, false],
};

/** 1e21 and up: notepack.io 2 (the msgpack parser's) writes such integral numbers as a broken uint64. */
const HUGE = MSGPACK ? [] : [1e21];

const UNICODE = [
  "héllo wörld",
  "日本語テキスト",
  "Ελληνικά",
  "עברית",
  "emoji 😀🎉👩‍👩‍👧",
  "𝕬𝖘𝖙𝖗𝖆𝖑 plane 𐍈",
  'quotes " and \\ backslash',
  "line\nbreaks\r\tand\u2028separators\u2029",
  "nul-ish \u0001 control",
];

/** Connected /test socket whose received events are recorded. */
async function testSocket() {
  const socket = await connect("/test");
  return { socket, inbox: new Inbox(socket) };
}

describe("events in both directions", () => {
  afterEach(closeAll);

  it("the main namespace answers a message event with message-back carrying the same arguments", T, async () => {
    const socket = await connect("/");
    const inbox = new Inbox(socket);
    socket.emit("message", "text", 7, { k: ["v"] });
    assert.deepEqual(await inbox.waitFor("message-back"), ["text", 7, { k: ["v"] }]);
  });

  it("the main namespace acknowledges message-with-ack with the same arguments", T, async () => {
    const socket = await connect("/");
    assert.deepEqual(await ackAll(socket, "message-with-ack", [1, "2", [3]]), [1, "2", [3]]);
  });

  it("strings, numbers, booleans and null reach the client unchanged", T, async () => {
    const { socket, inbox } = await testSocket();
    const args = ["hello", "", 0, 42, -17, 3.14159, ...HUGE, Number.MAX_SAFE_INTEGER, true, false, null];
    socket.emit("emitBack", "scalars", ...args);
    assert.deepEqual(await inbox.waitFor("scalars"), args);
  });

  it("strings, numbers, booleans and null reach the server unchanged", T, async () => {
    const { socket } = await testSocket();
    const args = ["hello", "", 0, 42, -17, 3.14159, ...HUGE, Number.MAX_SAFE_INTEGER, true, false, null];
    assert.deepEqual(await ackAll(socket, "echo", args), args);
  });

  it("nested objects and arrays arrive unchanged in both directions", T, async () => {
    const { socket, inbox } = await testSocket();
    socket.emit("emitBack", "nested", NESTED, [NESTED, [NESTED]]);
    assert.deepEqual(await inbox.waitFor("nested"), [NESTED, [NESTED, [NESTED]]]);
    assert.deepEqual(await ackAll(socket, "echo", [NESTED]), [NESTED]);
  });

  it("unicode text (accents, CJK, RTL, emoji, astral plane, escapes) arrives unchanged in both directions", T, async () => {
    const { socket, inbox } = await testSocket();
    socket.emit("emitBack", "unicode", ...UNICODE, { [UNICODE[1]]: UNICODE[4] });
    assert.deepEqual(await inbox.waitFor("unicode"), [...UNICODE, { [UNICODE[1]]: UNICODE[4] }]);
    assert.deepEqual(await ackAll(socket, "echo", UNICODE), UNICODE);
  });

  it("an event name with unicode and spaces is delivered under that exact name", T, async () => {
    const { socket, inbox } = await testSocket();
    const name = "événement spécial 🚀";
    socket.emit("emitBack", name, 1);
    assert.deepEqual(await inbox.waitFor(name), [1]);
  });

  it("an event without arguments arrives without arguments in both directions", T, async () => {
    const { socket, inbox } = await testSocket();
    socket.emit("emitBack", "empty");
    assert.deepEqual(await inbox.waitFor("empty"), []);
    assert.deepEqual(await ackAll(socket, "echo", []), []);
  });

  it("an event with many arguments keeps their number and order in both directions", T, async () => {
    const { socket, inbox } = await testSocket();
    const args = Array.from({ length: 25 }, (_, i) => (i % 3 === 0 ? i : i % 3 === 1 ? `s${i}` : { i }));
    socket.emit("emitBack", "many", ...args);
    assert.deepEqual(await inbox.waitFor("many"), args);
    assert.deepEqual(await ackAll(socket, "echo", args), args);
  });

  it("a large text payload (200 KB, below maxPayload) arrives intact in both directions", T, async () => {
    const { socket, inbox } = await testSocket();
    const big = "abcdefghij€".repeat(18_000);
    socket.emit("emitBack", "big", big);
    assert.equal((await inbox.waitFor("big"))[0], big);
    assert.deepEqual(await ackAll(socket, "echo", [big]), [big]);
  });

  it("a catch-all handler sees every event, and answers the ones nobody handles", T, async () => {
    const { socket } = await testSocket();
    assert.deepEqual(await ackAll(socket, "echo", [1]), [1]);
    socket.emit("emitBack", "nothing");
    assert.deepEqual(await socket.timeout(5000).emitWithAck("no such event", "x"), { unhandled: "no such event", count: 3 });
  });

  it("events from one client come back in the order they were sent", T, async () => {
    const { socket, inbox } = await testSocket();
    const n = 100;
    for (let i = 0; i < n; i++) socket.emit("emitBack", "seq", i);
    const got = await inbox.waitForCount("seq", n);
    assert.deepEqual(
      got.map((a) => a[0]),
      Array.from({ length: n }, (_, i) => i),
    );
  });
});
