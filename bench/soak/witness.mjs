// One stock client that stays connected while bench/soak.sh stops the server: prints
// "connected", then what it saw when the server went away (reason, WebSocket close code),
// so the graceful shutdown on SIGTERM is checked from the client's side. Exits after 60 s at most.
import { io } from "socket.io-client";

const url = process.argv[2];
const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 20000 });
socket.on("connect", () => console.log("connected"));
socket.on("connect_error", (err) => {
  console.log(`connect_error ${err.message}`);
  process.exit(1);
});
socket.on("disconnect", (reason, details) => {
  const ctx = details && details.context;
  console.log(`disconnect reason=${reason} code=${ctx && typeof ctx.code === "number" ? ctx.code : "none"} text=${ctx && ctx.reason ? String(ctx.reason) : ""}`);
  process.exit(0);
});
setTimeout(() => {
  console.log("witness: no disconnect within 60 s");
  process.exit(1);
}, 60000);
