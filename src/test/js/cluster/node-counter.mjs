// A Node socket.io 4.8.4 node with @socket.io/redis-adapter 8.3 and one socket.io-client connected
// to it, in room "room", that counts the "n" events it receives (CrossNodeThroughputIT: our node
// broadcasts to "room" through Redis). Prints {"ready":true} once the client is in the room and
// the cluster counts two servers, {"probed":true} at the first probe (n = -1) that arrives, then
// {"count":N,"outOfOrder":M} every 500 events. Ends when stdin closes.
//   node cluster/node-counter.mjs classic|sharded <prefix>
import { createServer } from "node:http";
import { createClient } from "redis";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";

const [mode, prefix] = process.argv.slice(2);
const pub = createClient({ url: "redis://127.0.0.1:6379" });
const sub = pub.duplicate();
await Promise.all([pub.connect(), sub.connect()]);
const adapter = mode === "sharded"
  ? createShardedAdapter(pub, sub, { channelPrefix: prefix })
  : createAdapter(pub, sub, { key: prefix });
const http = createServer();
const io = new Server(http, { adapter });
const joined = new Promise((resolve) => io.on("connection", async (socket) => { await socket.join("room"); resolve(); }));
await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
const client = connect(`http://127.0.0.1:${http.address().port}`, { transports: ["websocket"] });
let count = 0;
let outOfOrder = 0;
let last = -1;
let probed = false;
client.on("n", (i) => {
  if (i < 0) { // a probe: our node's messages reach the client
    if (!probed) console.log(JSON.stringify({ probed: true }));
    probed = true;
    return;
  }
  count++;
  if (i !== last + 1 && i !== 0) outOfOrder++;
  last = i;
  if (count % 500 === 0) console.log(JSON.stringify({ count, outOfOrder }));
});
await joined;
const deadline = Date.now() + 10000;
while ((await io.of("/").adapter.serverCount()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
console.log(JSON.stringify({ ready: true }));
process.stdin.resume();
process.stdin.on("end", async () => {
  client.close();
  io.close();
  await Promise.all([pub.quit(), sub.quit()]).catch(() => {});
  process.exit(0);
});
