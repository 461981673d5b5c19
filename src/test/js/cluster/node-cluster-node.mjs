// A Node socket.io 4.8.4 server with @socket.io/redis-adapter 8.3 (classic or sharded), one node
// of a mixed cluster with our server (RedisAdapterIT). It listens on 127.0.0.1 (a free port,
// printed as {"port":N} on the first line) and serves until its stdin closes.
// Clients of its namespace /cluster drive it with the same events as the Java test gateway (dev.sio.it.ClusterTestGateway):
// each runs one cluster operation on this node and answers with what came back.
//   node cluster/node-cluster-node.mjs classic|sharded <prefix> [redis://127.0.0.1:6379] [path]
// (path: the Engine.IO path, default /socket.io/; LoadBalancerIT gives our deployment's, so that one
// load balancer location serves both nodes)
import { createServer } from "node:http";
import { createClient } from "redis";
import { Server } from "socket.io";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { Emitter } from "@socket.io/redis-emitter";

const [mode, prefix, url = "redis://127.0.0.1:6379", path = "/socket.io/"] = process.argv.slice(2);
const pub = createClient({ url });
const sub = pub.duplicate();
await Promise.all([pub.connect(), sub.connect()]);
const adapter = mode === "sharded"
  ? createShardedAdapter(pub, sub, { channelPrefix: prefix })
  : createAdapter(pub, sub, { key: prefix, requestsTimeout: 3000 });
const http = createServer();
const io = new Server(http, { adapter, path });
const emitter = new Emitter(pub, { key: prefix });

// the chat of the reference server (the same contract as ours), when the Java test hands over the
// key its tokens are signed with: chat users on either kind of node meet in the same rooms
if (process.env.SIO_CHAT_PUBLIC_KEY) {
  const { createPublicKey } = await import("node:crypto");
  const { chatNamespace } = await import("../reference/server.mjs");
  chatNamespace(io, {
    publicKey: createPublicKey(process.env.SIO_CHAT_PUBLIC_KEY),
    kid: process.env.SIO_CHAT_KID,
    issuer: process.env.SIO_CHAT_ISSUER,
    audience: process.env.SIO_CHAT_AUDIENCE,
    cookie: process.env.SIO_CHAT_COOKIE,
  });
}

const nsp = io.of("/cluster");
nsp.on("question", (value, answer) => answer("node-answer:" + value));
let lastNote = "";
nsp.on("note", (value) => { lastNote = value; });

const describe = (s) => ({ id: s.id, rooms: [...s.rooms].sort(), auth: s.handshake.auth, data: s.data ?? null });

nsp.on("connection", (socket) => {
  socket.data = { side: "node" };
  socket.on("side", (ack) => ack("node"));
  socket.on("join", (room, ack) => { socket.join(room); ack?.(); });
  socket.on("toRoom", ({ room, event, args }, ack) => { nsp.to(room).emit(event, ...args); ack?.(); });
  socket.on("toRoomBinary", ({ room, event }, ack) => { nsp.to(room).emit(event, Buffer.from([1, 2, 3]), "text"); ack?.(); });
  socket.on("fetch", async (room, ack) => {
    try {
      ack({ sockets: (await (room ? nsp.in(room) : nsp).fetchSockets()).map(describe) });
    } catch (e) {
      ack({ error: e.message });
    }
  });
  socket.on("socketsJoin", ({ from, room }, ack) => { nsp.in(from).socketsJoin(room); ack?.(); });
  socket.on("disconnectRoom", (room, ack) => { nsp.in(room).disconnectSockets(true); ack?.(); });
  socket.on("broadcastWithAck", ({ room, event, timeoutMs }, ack) =>
    nsp.to(room).timeout(timeoutMs).emit(event, (err, responses) => ack({ error: err?.message ?? null, responses })));
  // the wait is the adapter's requestsTimeout (3 s), as Node's serverSideEmitWithAck has no timeout of its own
  socket.on("serverSideEmit", ({ value }, ack) =>
    nsp.serverSideEmitWithAck("question", value).then(
      (answers) => ack({ error: null, answers }),
      (err) => ack({ error: err.message, answers: [] })));
  socket.on("emitter", ({ room, event, args }, ack) => { emitter.of("/cluster").to(room).emit(event, ...args); ack?.(); });
  socket.on("note", (value, ack) => { nsp.serverSideEmit("note", value); ack?.(); });
  socket.on("lastNote", (ack) => ack(lastNote));
  socket.on("allRooms", async (ack) => {
    try {
      ack([...(await nsp.adapter.allRooms())].sort());
    } catch (e) {
      ack(["error: " + e.message]);
    }
  });
  socket.on("serverCount", async (ack) => ack(await nsp.adapter.serverCount()));
});

http.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: http.address().port })));
process.stdin.resume();
process.stdin.on("end", async () => {
  io.close();
  await Promise.all([pub.quit(), sub.quit()]).catch(() => {});
  process.exit(0);
});
