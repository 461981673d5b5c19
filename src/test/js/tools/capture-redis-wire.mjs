// Captures the bytes Node's @socket.io/redis-adapter 8.3 (classic and sharded) and
// @socket.io/redis-emitter 5.1 publish on Redis, for the Java codec tests (dev.sio.cluster.wire).
//
//   cd src/test/js && node tools/capture-redis-wire.mjs [redis://127.0.0.1:6379]
//
// Two socket.io 4.8.4 nodes per mode (A and B, each with one client) talk through a local Redis
// under a key prefix unique to this run; a listener subscribes to every channel of that prefix
// and records each message (channel + hex bytes) under the name of the step that caused it.
// Writes ../resources/cluster/{classic,sharded,emitter}.json. The uids and request ids are random,
// so a new capture changes the files: the Java tests only need each file to be self-consistent.
import { createServer } from "node:http";
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "redis";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { Emitter } from "@socket.io/redis-emitter";

const redisUrl = process.argv[2] || "redis://127.0.0.1:6379";
const outDir = join(dirname(fileURLToPath(import.meta.url)), "../../resources/cluster");
const runId = `wirecap${process.pid}${Date.now() % 100000}`;
const settle = (ms = 250) => new Promise((r) => setTimeout(r, ms));
const opened = [];

async function redis() {
  const c = createClient({ url: redisUrl });
  await c.connect();
  opened.push(c);
  return c;
}

function recorder() {
  const messages = [];
  let step = "setup";
  return {
    messages,
    set step(s) { step = s; },
    listener: (message, channel) => {
      messages.push({ step, channel: channel.toString(), hex: Buffer.from(message).toString("hex") });
    },
  };
}

async function node(name, adapter) {
  const http = createServer();
  const io = new Server(http, { adapter });
  io.on("connection", (socket) => {
    for (const room of socket.handshake.auth.rooms || []) socket.join(room);
    socket.on("say", (room, text) => socket.broadcast.to(room).emit("said", socket.id, text));
  });
  io.on("ping", (...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    if (ack) ack({ from: name, got: args });
  });
  await new Promise((r) => http.listen(0, "127.0.0.1", r));
  const client = connect(`http://127.0.0.1:${http.address().port}`, {
    transports: ["websocket"],
    auth: { token: "secret-token-of-" + name, rooms: ["room1", "lobby"] },
  });
  client.on("ask", (n, cb) => cb({ answer: n + 1, by: name }));
  await new Promise((r) => client.on("connect", r));
  return { io, http, client };
}

async function close(nodes) {
  for (const n of nodes) {
    n.client.close();
    n.io.close();
  }
}

/** The steps both adapter modes go through; A acts, B (and its client) answers. */
async function drive(rec, a, b) {
  const step = async (name, action, ms) => { rec.step = name; await action(); await settle(ms); };
  await step("broadcast-all", () => a.io.emit("hello", 1, "two", { three: 3.5, neg: -200, big: 2 ** 40 }, true, null));
  await step("broadcast-room", () => a.io.to("room1").emit("news", "x".repeat(40), 70000));
  await step("broadcast-rooms-except", () => a.io.to(["room1", "lobby"]).except("quiet").emit("multi", []));
  await step("broadcast-binary", () => a.io.to("room1").emit("bin", Buffer.from([1, 2, 3, 255]), { nested: Buffer.alloc(300, 7) }));
  await step("broadcast-volatile-compress", () => a.io.volatile.compress(false).emit("vol", "v"));
  await step("broadcast-from-socket", () => a.client.emit("say", "room1", "hi from A's client"));
  await step("broadcast-namespace", () => a.io.of("/chat").emit("in-chat", "c"));
  await step("broadcast-with-ack", () => a.io.timeout(1000).emit("ask", 41, () => {}), 400);
  await step("sockets-join", () => a.io.in("room1").socketsJoin(["room2", "room3"]));
  await step("sockets-leave", () => a.io.in("room1").except("lobby").socketsLeave("room3"));
  await step("fetch-sockets", () => { a.io.in("room1").fetchSockets().catch(() => {}); }, 400);
  await step("server-side-emit", () => a.io.serverSideEmit("ping", "no-ack", 7));
  await step("server-side-emit-ack", () => { a.io.serverSideEmit("ping", "with-ack", () => {}); }, 400);
  await step("all-rooms", () => { const ad = a.io.of("/").adapter; if (ad.allRooms) ad.allRooms().catch(() => {}); }, 400);
  await step("disconnect-sockets", () => a.io.in("room2").disconnectSockets(true));
}

async function captureClassic() {
  const prefix = `${runId}-classic`;
  const rec = recorder();
  const listen = await redis();
  await listen.pSubscribe(prefix + "*", rec.listener, true);
  const factory = async () => {
    const pub = await redis();
    const sub = pub.duplicate();
    await sub.connect();
    opened.push(sub);
    return createAdapter(pub, sub, { key: prefix, requestsTimeout: 1000 });
  };
  const a = await node("A", await factory());
  const b = await node("B", await factory());
  await settle();
  await drive(rec, a, b);
  await close([a, b]);
  return { prefix, uids: { A: a.io.of("/").adapter.uid, B: b.io.of("/").adapter.uid }, messages: rec.messages };
}

async function captureSharded() {
  const prefix = `${runId}-sharded`;
  const rec = recorder();
  const listen = await redis();
  const factory = async () => {
    const pub = await redis();
    const sub = pub.duplicate();
    await sub.connect();
    opened.push(sub);
    return createShardedAdapter(pub, sub, { channelPrefix: prefix });
  };
  const a = await node("A", await factory());
  const b = await node("B", await factory());
  const uidA = a.io.of("/").adapter.uid, uidB = b.io.of("/").adapter.uid;
  const chatA = a.io.of("/chat").adapter.uid, chatB = b.io.of("/chat").adapter.uid;
  for (const ch of [`${prefix}#/#`, `${prefix}#/#room1#`, `${prefix}#/#${uidA}#`, `${prefix}#/#${uidB}#`,
    `${prefix}#/chat#`, `${prefix}#/chat#${chatA}#`, `${prefix}#/chat#${chatB}#`]) {
    await listen.sSubscribe(ch, rec.listener, true);
  }
  await settle();
  await drive(rec, a, b);
  await close([a, b]);
  return { prefix, uids: { A: uidA, B: uidB }, messages: rec.messages };
}

async function captureEmitter() {
  const prefix = `${runId}-emitter`;
  const rec = recorder();
  const listen = await redis();
  await listen.pSubscribe(prefix + "*", rec.listener, true);
  const emitter = new Emitter(await redis(), { key: prefix });
  const step = async (name, action) => { rec.step = name; await action(); await settle(150); };
  await step("emit-all", () => emitter.emit("hello", 1, "two", { three: 3.5 }, null));
  await step("emit-room", () => emitter.to("room1").emit("news", Buffer.from([9, 8, 7])));
  await step("emit-rooms-except-volatile", () => emitter.to(["room1", "room2"]).except("room3").volatile.compress(true).emit("multi", -1));
  await step("emit-namespace", () => emitter.of("/chat").emit("in-chat", "c"));
  await step("sockets-join", () => emitter.in("room1").socketsJoin("room2"));
  await step("sockets-leave", () => emitter.in("room1").socketsLeave(["room2", "room3"]));
  await step("disconnect-sockets", () => emitter.in("room2").except("room9").disconnectSockets(true));
  await step("server-side-emit", () => emitter.serverSideEmit("ping", { a: 1 }, [true, false]));
  return { prefix, uids: { emitter: "emitter" }, messages: rec.messages };
}

const out = {
  classic: await captureClassic(),
  sharded: await captureSharded(),
  emitter: await captureEmitter(),
};
for (const c of opened) await c.quit().catch(() => {});
mkdirSync(outDir, { recursive: true });
for (const [name, data] of Object.entries(out)) {
  const doc = {
    capturedWith: "socket.io 4.8.4, @socket.io/redis-adapter 8.3.0, @socket.io/redis-emitter 5.1.0, redis 4.7.1",
    mode: name,
    ...data,
  };
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(doc, null, 1) + "\n");
  console.log(`${name}: ${data.messages.length} messages`);
}
process.exit(0);
