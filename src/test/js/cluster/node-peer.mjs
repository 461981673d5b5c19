// A Node socket.io 4.8.4 node with @socket.io/redis-adapter 8.3 (classic or sharded) that asks the
// other nodes of its cluster what Node nodes ask: it waits until the cluster counts 2 servers, then
// runs fetchSockets, serverSideEmit with an acknowledgement and a binary broadcast, and prints the
// results as one JSON line. Used by NodeInteropIT, whose Java peer answers.
//   node cluster/node-peer.mjs classic|sharded <prefix> [redis://127.0.0.1:6379]
import { createClient } from "redis";
import { Server } from "socket.io";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";

const [mode, prefix, url = "redis://127.0.0.1:6379"] = process.argv.slice(2);
const pub = createClient({ url });
const sub = pub.duplicate();
await Promise.all([pub.connect(), sub.connect()]);
const adapter = mode === "sharded"
  ? createShardedAdapter(pub, sub, { channelPrefix: prefix })
  : createAdapter(pub, sub, { key: prefix, requestsTimeout: 3000 });
const io = new Server({ adapter });
const nsp = io.of("/");
nsp.on("java-says", (...args) => {
  const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
  if (ack) ack({ node: "got", args });
});

const deadline = Date.now() + 10000;
let servers = 0;
while ((servers = await nsp.adapter.serverCount()) < 2 && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 50));
}
const result = { mode, servers };
try {
  const sockets = await io.fetchSockets();
  result.fetched = sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], auth: s.handshake.auth, data: s.data }));
} catch (e) {
  result.fetchError = e.message;
}
result.emitAnswers = await new Promise((resolve) =>
  io.serverSideEmit("node-asks", 41, (err, answers) => resolve(err ? { error: err.message, answers } : answers)));
io.to("room1").emit("from-node", Buffer.from([1, 2, 3]), "text");
await new Promise((r) => setTimeout(r, 300));
// tell the Java peer we are done before leaving, so it can check what reached it
console.log(JSON.stringify(result));
nsp.adapter.close(); // no HTTP server was attached, so io.close() has no engine to close
await Promise.all([pub.quit(), sub.quit()]).catch(() => {});
process.exit(0);
