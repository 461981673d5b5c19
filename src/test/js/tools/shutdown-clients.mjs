// Stock socket.io-client connections that stay through a server shutdown, for
// dev.sio.it.RedeployIT: N clients (half WebSocket only, half long-polling only)
// with reconnection on; every connect and disconnect is written to stdout as one
// JSON line, with what the client saw (reason, close code). Ends when stdin closes
// or after --max-seconds (a bound, never reached by a passing test).
import { io } from "socket.io-client";
import { ORIGIN, SIO_PATH } from "../lib/config.mjs";

const count = Number(process.env.SHUTDOWN_CLIENTS || 6);
const maxSeconds = Number(process.env.SHUTDOWN_MAX_SECONDS || 300);
const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const sockets = [];

for (let n = 0; n < count; n++) {
  const transport = n % 2 === 0 ? "websocket" : "polling";
  const socket = io(ORIGIN, {
    path: SIO_PATH,
    transports: [transport],
    forceNew: true,
    reconnection: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    randomizationFactor: 0,
    timeout: 5000,
  });
  socket.on("connect", () => out({ event: "connect", n, transport, id: socket.id, recovered: socket.recovered === true }));
  socket.on("disconnect", (reason, details) => {
    const context = details && details.context;
    out({ event: "disconnect", n, transport, reason,
      description: details && details.description ? String(details.description) : null,
      code: context && typeof context.code === "number" ? context.code : null });
  });
  sockets.push(socket);
}

const stop = () => {
  for (const socket of sockets) socket.disconnect();
  out({ event: "stopped" });
  setTimeout(() => process.exit(0), 200);
};
process.stdin.on("end", stop);
process.stdin.resume();
setTimeout(stop, maxSeconds * 1000);
