// Captures the bytes npm's socket.io-msgpack-parser 3.0.2 puts on the wire between a socket.io 4.8.4
// server and a socket.io-client 4.8.4, both with that parser, for the Java parser tests
// (dev.sio.socketio.protocol.msgpack.MsgpackParserNodeBytesTest).
//
//   cd src/test/js && node tools/capture-msgpack-parser.mjs
//
// Every Engine.IO message of one connection is recorded (hex) with its direction and the step that
// caused it, together with what the DEFAULT parser (socket.io-parser) would write for the same
// decoded packet (text and attachments): the Java test decodes the msgpack bytes and must arrive at
// that same packet; for the server's messages it must also encode them back to the very same bytes.
// Writes ../resources/msgpack/node-packets.json. Only 127.0.0.1, an ephemeral port; bounded in time.
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "node:http";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import * as msgpackParser from "socket.io-msgpack-parser";
import * as defaultParser from "socket.io-parser";

const outDir = join(dirname(fileURLToPath(import.meta.url)), "../../resources/msgpack");
const deadline = setTimeout(() => {
  console.error("capture took longer than 20 s");
  process.exit(1);
}, 20_000);

const records = [];
let stepName = "setup";
const steps = { set current(s) { stepName = s; if (process.env.DEBUG_CAPTURE) console.error("step", s); } };
const decoder = new msgpackParser.Decoder();
const textEncoder = new defaultParser.Encoder();

/** What the default parser writes for the packet the msgpack bytes hold (socket.io-parser 4.2). */
function defaultForm(bytes) {
  let decoded;
  decoder.once("decoded", (p) => (decoded = p));
  decoder.add(bytes);
  const packet = { type: decoded.type, nsp: decoded.nsp };
  if (decoded.data !== undefined) packet.data = decoded.data;
  if (decoded.id !== undefined) packet.id = decoded.id;
  const [text, ...attachments] = textEncoder.encode(packet);
  return { text, attachments: attachments.map((a) => Buffer.from(a instanceof ArrayBuffer ? new Uint8Array(a) : a).toString("hex")) };
}

function record(direction, data) {
  if (!Buffer.isBuffer(data)) throw new Error(`${direction} ${stepName}: a text message with the msgpack parser: ${data}`);
  records.push({ direction, step: stepName, hex: data.toString("hex"), ...defaultForm(data) });
}

const http = createServer();
const io = new Server(http, { parser: msgpackParser });
io.engine.on("connection", (raw) => {
  raw.on("packet", (p) => p.type === "message" && record("client", p.data));
  raw.on("packetCreate", (p) => p.type === "message" && record("server", p.data));
});

io.on("connection", (socket) => {
  socket.on("hello", () => {});
  socket.on("ask", (question, cb) => cb("yes", Buffer.from([1, 2, 3])));
  socket.on("tell", () => {});
  socket.on("welcome-me", () => {
    socket.emit("welcome", "text", 1, 1.5, -200, 70000, 2 ** 40, -(2 ** 40), 0.1, true, false, null,
      { nested: { a: [1, 2], b: "c" } }, "é€😀", "x".repeat(40), "y".repeat(300), 127, 128, 255, 256, 65535, 65536, -32, -33, -129, -32769);
  });
  socket.on("binary-me", () => socket.emit("bin", Buffer.from([0, 1, 255]), { inner: Buffer.from("hi"), n: 1 }));
  socket.on("question-me", () => socket.emit("question", 7, () => {}));
  socket.on("broadcast-me", () => io.emit("broadcast", "all"));
});
io.of("/custom").use((socket, next) => {
  if (socket.handshake.auth.token === "abc") return next();
  const err = new Error("not authorized");
  err.data = { code: 42 };
  next(err);
});
io.of("/custom").on("connection", (socket) => {
  socket.on("bye-me", () => socket.disconnect());
});

await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${http.address().port}`;
const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));
const once = (emitter, event) => new Promise((r) => emitter.once(event, r));

const opts = { parser: msgpackParser, transports: ["websocket"], reconnection: false, forceNew: false };
const manager = connect(url, opts);
steps.current = "connect-main";
await once(manager, "connect");
await settle();

steps.current = "event-plain";
manager.emit("hello", 1, "two", { three: 3, list: [true, null] });
await settle();
steps.current = "event-undefined-and-date";
manager.emit("hello", undefined, { gone: undefined, kept: 1 }, new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 678)));
await settle();

steps.current = "event-with-ack-and-binary-ack";
await manager.timeout(5000).emitWithAck("ask", "may I?");
steps.current = "event-buffer";
manager.emit("tell", Buffer.from([9, 8, 7]), { deep: [Buffer.from("ab")] });
await settle();
steps.current = "event-arraybuffer";
manager.emit("tell", new Uint8Array([5, 6]).buffer);
await settle();

steps.current = "server-event-numbers-strings";
manager.emit("welcome-me");
await once(manager, "welcome");
steps.current = "server-event-binary";
manager.emit("binary-me");
await once(manager, "bin");
steps.current = "server-event-with-ack-and-client-ack";
manager.on("question", (n, cb) => cb("answer", n));
manager.emit("question-me");
await settle(300);
steps.current = "server-broadcast";
manager.emit("broadcast-me");
await once(manager, "broadcast");

steps.current = "connect-refused-by-middleware";
// io.socket() connects at once (autoConnect)
const refused = manager.io.socket("/custom", { auth: { token: "wrong" } });
await once(refused, "connect_error");
steps.current = "connect-invalid-namespace";
const invalid = manager.io.socket("/nowhere");
await once(invalid, "connect_error");
steps.current = "connect-with-auth";
const custom = refused; // the manager keeps one socket per namespace: the same one, with the right token now
custom.auth = { token: "abc" };
custom.connect();
await once(custom, "connect");
steps.current = "server-disconnects-namespace";
custom.emit("bye-me");
await once(custom, "disconnect");
steps.current = "connect-again-and-client-disconnects";
custom.connect();
await once(custom, "connect");
custom.disconnect();
await settle(300);

manager.disconnect();
io.close();
clearTimeout(deadline);

mkdirSync(outDir, { recursive: true });
const file = join(outDir, "node-packets.json");
writeFileSync(file, JSON.stringify({ parser: "socket.io-msgpack-parser@3.0.2", server: "socket.io@4.8.4", client: "socket.io-client@4.8.4", records }, null, 1) + "\n");
console.log(`wrote ${records.length} messages to ${file}`);
