// socket.io-msgpack-parser's own encoder and decoder, for tests that write or read the msgpack wire
// by hand (one Socket.IO packet = one binary Engine.IO message; over polling "b" + base64).
import * as msgpackParser from "socket.io-msgpack-parser";

const encoder = new msgpackParser.Encoder();

/** The one binary message that carries `packet` ({type, nsp, data?, id?}), as socket.io-client would send it. */
export function encodePacket(packet) {
  const [bytes] = encoder.encode(packet);
  return bytes;
}

/** The packet in one binary message; throws what the parser throws on a bad one. */
export function decodePacket(bytes) {
  const decoder = new msgpackParser.Decoder();
  let decoded;
  decoder.on("decoded", (p) => (decoded = p));
  decoder.add(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
  return decoded;
}

/** A packet as it travels in a polling payload: "b" + base64 of its binary message. */
export function pollingPart(packet) {
  return "b" + encodePacket(packet).toString("base64");
}

/** The packet in a polling payload part "b<base64>". */
export function fromPollingPart(part) {
  if (typeof part !== "string" || part[0] !== "b") throw new Error(`expected a b<base64> part, got ${JSON.stringify(part)}`);
  return decodePacket(Buffer.from(part.slice(1), "base64"));
}
