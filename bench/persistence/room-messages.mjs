// Room-message cost with the chat store on or off (issue 13): one sender, R receivers in one room of
// /chat, N room messages at a fixed rate, each acknowledged. Prints one JSON line: messages/s, server
// CPU per 1000 messages and per 1000 deliveries (from /proc/<pid>/stat of the server process), and
// the delivery latency (send to receipt, all receivers) p50/p99.
//
//   SIO_URL=http://127.0.0.1:3171/it/ SIO_JWT_...=... node bench/persistence/room-messages.mjs <server pid> [messages] [receivers] [rate/s]
//
// The tokens come from the JS suite's fixture (src/test/js/lib), so run it with the environment
// tools/payara-it.sh writes (source target-dev/it-auth.env). Compare two runs of the same server
// build, one with -Dsocketio.store.enabled=false.
import { readFileSync } from "node:fs";
import { chatClient } from "../../src/test/js/lib/chat.mjs";
import { closeAll } from "../../src/test/js/lib/sio.mjs";

const [pid, messages = "3000", receivers = "20", rate = "300"] = process.argv.slice(2);
if (!pid) throw new Error("usage: room-messages.mjs <server pid> [messages] [receivers] [rate/s]");
const N = Number(messages), R = Number(receivers), RATE = Number(rate);
const ticks = 100; // USER_HZ on Linux
const cpuMs = () => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks; // utime + stime
};

const room = `bench-${process.pid}-${Date.now()}`;
const sender = await chatClient("sender");
const clients = [];
for (let i = 0; i < R; i++) clients.push(await chatClient(`r${i}`));
for (const c of [sender, ...clients]) await c.socket.timeout(10_000).emitWithAck("joinRoom", room);

const sentAt = new Map();
const latencies = [];
let received = 0;
const done = new Promise((resolve) => {
  for (const c of clients) {
    c.socket.on("message", (m) => {
      const t = sentAt.get(m?.message);
      if (t === undefined) return;
      latencies.push(performance.now() - t);
      if (++received === N * R) resolve();
    });
  }
});

// warm-up, not measured
for (let i = 0; i < 200; i++) await sender.socket.timeout(10_000).emitWithAck("roomMessage", { room, message: `warm ${i}` });

const cpu0 = cpuMs();
const t0 = performance.now();
let acked = 0;
for (let i = 0; i < N; i++) {
  const text = `m${i}`;
  sentAt.set(text, performance.now());
  sender.socket.timeout(30_000).emitWithAck("roomMessage", { room, message: text }).then(() => acked++, () => {});
  const due = t0 + ((i + 1) * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}
await Promise.race([done, new Promise((r) => setTimeout(r, 60_000))]);
const elapsed = (performance.now() - t0) / 1000;
const cpu = cpuMs() - cpu0;
latencies.sort((a, b) => a - b);
const q = (p) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN;
console.log(JSON.stringify({
  messages: N, receivers: R, rate: RATE, acked, delivered: received, expected: N * R,
  seconds: +elapsed.toFixed(2), messagesPerSecond: +(N / elapsed).toFixed(1),
  serverCpuMsPer1000Messages: +((cpu * 1000) / N).toFixed(1),
  serverCpuMsPer1000Deliveries: +((cpu * 1000) / (N * R)).toFixed(2),
  latencyMs: { p50: +q(0.5).toFixed(2), p99: +q(0.99).toFixed(2), max: +q(1).toFixed(2) },
}));
await closeAll();
process.exit(0);
