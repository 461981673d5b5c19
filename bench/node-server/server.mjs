// Node reference server for the benchmark: socket.io 4.8.4, default options,
// namespace /bench with the same application contract as our Jakarta server.
//
//   node [--expose-gc] server.mjs [port]      (or PORT=... node server.mjs)
//
// Binds 127.0.0.1 only. Besides Socket.IO it answers GET /bench-stats with
// process.memoryUsage() (after a full GC when started with --expose-gc): the
// harness uses it for heapUsed in the idle scenario. Prints "listening <port>".
import http from "node:http";
import { Server } from "socket.io";

const port = Number(process.argv[2] || process.env.PORT || 3000);

const httpServer = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/bench-stats") {
    const gcRun = typeof globalThis.gc === "function";
    if (gcRun) globalThis.gc();
    const body = JSON.stringify({ ...process.memoryUsage(), gcRun, pid: process.pid });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
    return;
  }
  // socket.io handles /socket.io/ itself; anything else is not ours
  if (!req.url.startsWith("/socket.io/")) {
    res.writeHead(404);
    res.end();
  }
});

// default options on purpose; with BENCH_REDIS_PREFIX set (the cluster scenario, bench/cluster.mjs)
// the node joins a cluster through @socket.io/redis-adapter 8.3 (classic) on BENCH_REDIS_URL
const redisPrefix = process.env.BENCH_REDIS_PREFIX;
let adapter;
if (redisPrefix) {
  const { createClient } = await import("redis");
  const { createAdapter } = await import("@socket.io/redis-adapter");
  const pub = createClient({ url: process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379" });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  adapter = createAdapter(pub, sub, { key: redisPrefix });
}
const io = new Server(httpServer, adapter ? { adapter } : {});
const bench = io.of("/bench");

bench.on("connection", (socket) => {
  socket.on("echo", (...args) => {
    const ack = args.pop();
    if (typeof ack === "function") ack(...args);
  });

  socket.on("joinRoom", (room, ack) => {
    socket.join(String(room));
    if (typeof ack === "function") ack();
  });

  socket.on("fanout", (req, ack) => {
    const room = String(req && req.room);
    const count = Math.max(0, Math.floor(Number(req && req.count) || 0));
    const payload = req ? req.payload : undefined;
    for (let seq = 0; seq < count; seq++) {
      bench.to(room).emit("msg", { seq, ts: Date.now(), payload });
    }
    if (typeof ack === "function") ack({ sent: count });
  });
});

httpServer.listen(port, "127.0.0.1", () => {
  console.log(`listening ${httpServer.address().port}`);
});

for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () => {
    io.close();
    process.exit(0);
  });
}
