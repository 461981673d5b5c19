// Stock socket.io-client 4.8.4 clients through a load balancer in front of a two-node cluster
// (LoadBalancerIT): each connects to namespace /cluster, asks which node serves it ("side": "java"
// or "node"), joins one room; then one client on each node broadcasts to the room, and every client
// must get every message once. Prints one JSON line with what it saw, and exits.
//   node cluster/lb-clients.mjs <balancer origin> <path> polling|default <clients>
// Clients keep cookies (withCredentials: in Node, engine.io-client then holds a cookie jar per
// client, as a browser would), which is what the balancer's sticky rule rides on.
// Every wait is bounded: 10 s per connect, upgrade or message wave.
import { io } from "socket.io-client";

const [origin, path, transports, count = "4"] = process.argv.slice(2);
const WAIT_MS = 10_000;
const ROOM = "lb-room";

const within = (promise, what) => Promise.race([promise,
  new Promise((_, reject) => setTimeout(() => reject(new Error("timed out: " + what)), WAIT_MS).unref())]);

function connect(i) {
  const socket = io(origin + "/cluster", {
    path,
    forceNew: true,
    reconnection: false,
    withCredentials: true,
    transports: transports === "polling" ? ["polling"] : undefined,
    auth: { user: "lb-" + i },
  });
  const received = [];
  socket.on("hello", (from) => received.push(from));
  return within(new Promise((resolve, reject) => {
    socket.once("connect", () => resolve({ socket, received }));
    socket.once("connect_error", (e) => reject(new Error("connect_error: " + e.message + (e.description ? " (" + e.description + ")" : ""))));
  }), "connect " + i);
}

const upgraded = (socket) => socket.io.engine.transport.name === "websocket"
  ? Promise.resolve()
  : within(new Promise((resolve) => socket.io.engine.once("upgrade", resolve)), "upgrade");

const clients = [];
let result;
try {
  for (let i = 0; i < Number(count); i++) clients.push(await connect(i));
  for (const c of clients) c.side = await within(c.socket.emitWithAck("side"), "side");
  for (const c of clients) await within(c.socket.emitWithAck("join", ROOM), "join");
  if (transports !== "polling") await Promise.all(clients.map((c) => upgraded(c.socket)));
  const senders = ["java", "node"].map((side) => clients.find((c) => c.side === side)).filter(Boolean);
  for (const s of senders) {
    await within(s.socket.emitWithAck("toRoom", { room: ROOM, event: "hello", args: ["from-" + s.side] }), "toRoom");
  }
  const expected = senders.map((s) => "from-" + s.side).sort();
  // wait until every client has every message (bounded), then a moment for duplicates to show up
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline && clients.some((c) => c.received.length < expected.length)) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 200));
  result = {
    ok: true,
    sides: clients.map((c) => c.side),
    transports: clients.map((c) => c.socket.io.engine.transport.name),
    expected,
    received: clients.map((c) => [...c.received].sort()),
  };
} catch (e) {
  result = { ok: false, error: e.message, connected: clients.length };
} finally {
  for (const c of clients) c.socket.close();
}
console.log(JSON.stringify(result));
process.exit(0);
