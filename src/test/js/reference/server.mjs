// Reference implementation of the socketio-jakarta integration-test contract,
// built on the real Node server (socket.io@4.8.4). The JS test suite is first
// proven green against this server and then run unchanged against the Java one.
//
// It also serves the Engine.IO v4 conformance application, a plain engine.io echo server at
// <context>/engine.io/ (the Java test deployment has it too: socketio.conformance.enabled=true).
//
// Usage:
//   node reference/server.mjs                 # listens on 127.0.0.1:$PORT (default: random), prints SIO_URL
//   CONTEXT_PATH=/app/ node reference/server.mjs   # Socket.IO served under /app/socket.io/, Engine.IO under /app/engine.io/
//   SIO_PARSER=msgpack node reference/server.mjs   # both Socket.IO servers with socket.io-msgpack-parser
//
// Programmatic: `const srv = await startReferenceServer({ port: 0, contextPath: "/" })`
//   -> { url, port, close() }
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Server } from "socket.io";
import * as msgpackParser from "socket.io-msgpack-parser";
import { chatUserOf, guardNamespace, makeTestAuth, secureNamespace } from "./auth.mjs";

// The engine.io that socket.io@4.8.4 itself runs on (not a direct dependency of the suite).
const requireFromSocketIo = createRequire(createRequire(import.meta.url).resolve("socket.io"));
const { Server: EngineIoServer } = requireFromSocketIo("engine.io");

// The Socket.IO conformance settings; the Java test deployment uses the same.
// SIO_PARSER=msgpack: socket.io-msgpack-parser, as the suite's clients then use (lib/config.mjs).
export const SERVER_OPTIONS = Object.freeze({
  ...(process.env.SIO_PARSER === "msgpack" ? { parser: msgpackParser } : {}),
  pingInterval: 300,
  pingTimeout: 200,
  maxHttpBufferSize: 1e6,
  connectTimeout: 1000,
  cors: { origin: "*" },
});

// The Engine.IO conformance settings (the maintainers' v4 test suite expects these).
export const ENGINE_IO_OPTIONS = Object.freeze({
  pingInterval: 300,
  pingTimeout: 200,
  maxHttpBufferSize: 1e6,
  cors: { origin: "*" },
});

function normalizeContextPath(p) {
  let s = p || "/";
  if (!s.startsWith("/")) s = "/" + s;
  if (!s.endsWith("/")) s += "/";
  return s;
}

const hasAck = (args) => args.length > 0 && typeof args[args.length - 1] === "function";
const isRoom = (r) => typeof r === "string" && r.length > 0;

/** `/` and `/custom`: the maintainers' conformance application. */
function conformanceNamespaces(io) {
  io.of("/").on("connection", (socket) => {
    socket.emit("auth", socket.handshake.auth);
    socket.on("message", (...args) => socket.emit("message-back", ...args));
    socket.on("message-with-ack", (...args) => {
      const ack = args.pop();
      if (typeof ack === "function") ack(...args);
    });
  });
  io.of("/custom").on("connection", (socket) => {
    socket.emit("auth", socket.handshake.auth);
  });
}

/** `<context>/engine.io/`: the Engine.IO conformance application, every message sent back as it came. */
function engineIoEcho(httpServer, ctx) {
  const eio = new EngineIoServer({ ...ENGINE_IO_OPTIONS });
  eio.attach(httpServer, { path: ctx + "engine.io/" });
  eio.on("connection", (socket) => {
    socket.on("message", (data) => socket.send(data));
  });
  return eio;
}

let lastMs = 0;
let counter = 0;
/** An id whose string order is creation order, as the Java chat makes them (13-digit ms, 5-digit counter, node tag). */
function nextMessageId() {
  const now = Date.now();
  if (now > lastMs) [lastMs, counter] = [now, 0];
  else counter++;
  return { id: `${String(lastMs).padStart(13, "0")}-${String(counter).padStart(5, "0")}-reference`, ts: lastMs };
}

/** `/chat`: the product's chat gateway. Token holders only; the user is {id: sub, name: display name}. */
export function chatNamespace(io, auth) {
  const chat = io.of("/chat");
  guardNamespace(chat, auth, ["**"]);
  chat.on("connection", (socket) => {
    const user = chatUserOf(socket.data.principal);
    // Registers `event`; `handle(payload)` returns an error string (refused), or undefined or an
    // object of more answer fields (done).
    const on = (event, handle) =>
      socket.on(event, (...args) => {
        const ack = hasAck(args) ? args.pop() : undefined;
        let result;
        try {
          result = handle(...args);
        } catch (e) {
          result = String(e?.message ?? e);
        }
        if (ack) ack(typeof result === "string" ? { ok: false, error: result } : { ok: true, ...result });
      });

    on("message", (payload) => {
      chat.emit("message", payload);
    });
    on("joinRoom", (room) => {
      if (!isRoom(room)) return "room must be a non-empty string";
      if (socket.rooms.has(room)) return undefined; // already in it (a recovered socket keeps its rooms): told once
      socket.join(room);
      socket.to(room).emit("userJoined", { user, room });
    });
    on("leaveRoom", (room) => {
      if (!isRoom(room)) return "room must be a non-empty string";
      socket.to(room).emit("userLeft", { user, room });
      socket.leave(room);
    });
    on("roomMessage", (payload) => {
      if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
        return "payload must be an object {room, message}";
      }
      if (!isRoom(payload.room)) return "room must be a non-empty string";
      if (typeof payload.message !== "string" || payload.message === "") return "message must be a non-empty string";
      if (payload.message.length > 4000) return "message is longer than 4000 characters";
      // the Java chat's message shape (id in creation order, ts, room); it keeps no history here
      const { id, ts } = nextMessageId();
      chat.to(payload.room).emit("message", { id, room: payload.room, user, message: payload.message, ts });
      return { id };
    });
  });
}

/** `/test`: test-only helpers. */
function testNamespace(io) {
  const nsp = io.of("/test");
  nsp.on("connection", (socket) => {
    // counts every event of the socket; an event nobody handles that asks for an ack is answered
    let anyCount = 0;
    socket.onAny((event, ...args) => {
      anyCount++;
      const ack = args.at(-1);
      if (socket.listenerCount(event) === 0 && typeof ack === "function") ack({ unhandled: event, count: anyCount });
    });

    socket.on("echo", (...args) => {
      const ack = args.pop();
      if (typeof ack === "function") ack(...args);
    });

    socket.on("emitBack", (event, ...args) => {
      socket.emit(event, ...args);
    });

    socket.on("requestAck", ({ event, args = [], timeoutMs } = {}, ack) => {
      // Not emitWithAck: that keeps only the first ack argument, the contract wants all of them.
      socket.timeout(timeoutMs).emit(event, ...args, (err, ...response) => {
        if (typeof ack !== "function") return;
        if (err) ack({ ok: false, error: "timeout" });
        else ack({ ok: true, response });
      });
    });

    socket.on("join", (room, ack) => {
      socket.join(room);
      if (typeof ack === "function") ack();
    });
    socket.on("leave", (room, ack) => {
      socket.leave(room);
      if (typeof ack === "function") ack();
    });

    socket.on("toRoom", ({ room, except, event, args = [], fromSocket } = {}, ack) => {
      let op = (fromSocket ? socket : nsp).to(room);
      if (except !== undefined && except !== null) op = op.except(except);
      op.emit(event, ...args);
      if (typeof ack === "function") ack();
    });

    socket.on("broadcastWithAck", ({ room, event, args = [], timeoutMs } = {}, ack) => {
      nsp
        .to(room)
        .timeout(timeoutMs)
        .emitWithAck(event, ...args)
        .then(
          (responses) => typeof ack === "function" && ack({ ok: true, responses }),
          () => typeof ack === "function" && ack({ ok: false, error: "timeout" }),
        );
    });

    socket.on("disconnectMe", (close) => {
      socket.disconnect(close === true);
    });

    socket.on("rooms", (ack) => {
      if (typeof ack === "function") ack([...socket.rooms].sort());
    });

    socket.on("count", (ack) => {
      if (typeof ack === "function") ack(nsp.sockets.size);
    });
  });
}

/** `/tenant-<a-z0-9>`: a dynamic namespace, each tenant a namespace of its own with its own rooms. */
function tenantNamespaces(io) {
  io.of(/^\/tenant-[a-z0-9]+$/).on("connection", (socket) => {
    const nsp = socket.nsp;
    socket.emit("welcome", { nsp: nsp.name });
    socket.on("join", (room, ack) => {
      socket.join(room);
      if (typeof ack === "function") ack();
    });
    socket.on("toRoom", ({ room, event } = {}, ack) => {
      nsp.to(room).emit(event, nsp.name);
      if (typeof ack === "function") ack(nsp.name);
    });
  });
}

/**
 * `/recovery`, on a second server with connection state recovery (Node's option is server-wide; the
 * Java test deployment turns it on for /recovery only). Token holders only; window 2 s, middlewares run
 * again on recovery (skipMiddlewares false, as the Java server's default).
 */
export const RECOVERY_OPTIONS = Object.freeze({ maxDisconnectionDuration: 2000, skipMiddlewares: false });

function recoveryNamespace(io, auth) {
  const nsp = io.of("/recovery");
  guardNamespace(nsp, auth, ["**"]);
  nsp.on("connection", (socket) => {
    socket.emit("welcome", { sid: socket.id, recovered: socket.recovered, sub: socket.data.principal.sub });
    socket.on("join", (room, ack) => {
      socket.join(room);
      if (typeof ack === "function") ack(true);
    });
    socket.on("send", (body, ack) => {
      (body.room !== undefined ? nsp.to(body.room) : nsp).emit("msg", body.seq);
      if (typeof ack === "function") ack(true);
    });
    socket.on("rooms", (ack) => {
      if (typeof ack === "function") ack([...socket.rooms].sort());
    });
    socket.on("present", (sid, ack) => {
      if (typeof ack === "function") ack(nsp.sockets.has(sid));
    });
  });
}

async function listen(httpServer, port, host) {
  await new Promise((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  return httpServer.address().port;
}

/**
 * `auth`: the trusted key and expectations ({publicKey, kid, issuer, audience, cookie}, see
 * auth.mjs makeTestAuth); made here when not given, and returned with the env a suite signs with.
 */
export async function startReferenceServer({ port = 0, host = "127.0.0.1", contextPath = "/", auth, authEnv } = {}) {
  if (!auth) ({ auth, env: authEnv } = makeTestAuth());
  const ctx = normalizeContextPath(contextPath);
  const httpServer = createServer((req, res) => {
    res.writeHead(404).end();
  });
  const io = new Server(httpServer, { ...SERVER_OPTIONS, path: ctx + "socket.io/" });
  conformanceNamespaces(io);
  chatNamespace(io, auth);
  testNamespace(io);
  tenantNamespaces(io);
  secureNamespace(io, auth);
  const eio = engineIoEcho(httpServer, ctx);
  const recoveryHttp = createServer((req, res) => res.writeHead(404).end());
  const recoveryIo = new Server(recoveryHttp, {
    ...SERVER_OPTIONS,
    path: ctx + "socket.io/",
    connectionStateRecovery: { ...RECOVERY_OPTIONS },
  });
  recoveryNamespace(recoveryIo, auth);

  const actualPort = await listen(httpServer, port, host);
  const recoveryPort = await listen(recoveryHttp, 0, host);
  const url = `http://${host}:${actualPort}${ctx}`;
  return {
    url,
    recoveryUrl: `http://${host}:${recoveryPort}${ctx}`,
    port: actualPort,
    io,
    authEnv,
    eio,
    close: () =>
      Promise.all([
        new Promise((resolve) => {
          eio.close(); // the Engine.IO echo sessions
          io.close(() => resolve()); // also closes the http server and every Socket.IO client connection
        }),
        new Promise((resolve) => recoveryIo.close(() => resolve())),
      ]),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const srv = await startReferenceServer({
    port: Number(process.env.PORT ?? 0),
    contextPath: process.env.CONTEXT_PATH ?? "/",
  });
  console.log(`SIO_URL=${srv.url}`);
  console.log(`SIO_RECOVERY_URL=${srv.recoveryUrl}`);
  console.log("SIO_REFERENCE=1");
  // the suite signs its tokens with this key (lib/tokens.mjs): paste these into the shell before `npm test`
  for (const [k, v] of Object.entries(srv.authEnv ?? {})) console.log(`export ${k}=${JSON.stringify(v)}`);
  const stop = () => srv.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
