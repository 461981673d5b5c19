// Diagnostics for failed waits: with pingInterval 300 / pingTimeout 200, a connection can
// die under CPU starvation (missed heartbeat). A timeout message then says so, instead of
// just "no ack".
const closes = new WeakMap(); // Manager -> [close reasons]

export function watchManager(m) {
  const reasons = [];
  closes.set(m, reasons);
  m.on("close", (reason) => reasons.push(reason));
  m.on("error", (err) => reasons.push(`error: ${err?.message ?? err}`));
  return m;
}

/** A short description of a socket.io-client socket's connection state. */
export function stateOf(socket) {
  if (!socket?.io) return "";
  const reasons = closes.get(socket.io) ?? [];
  return ` [socket ${socket.nsp} connected=${socket.connected}` +
    (reasons.length ? `, connection closed before: ${reasons.join(", ")}` : "") + "]";
}
