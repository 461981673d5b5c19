// Creating socket.io-client connections to the server under test, and cleaning them up.
// Every client created here is tracked; call `closeAll()` in afterEach so that no
// test leaves a socket open (an open socket would keep the test process alive).
import { io, Manager } from "socket.io-client";
import * as msgpackParser from "socket.io-msgpack-parser";
import { MSGPACK, ORIGIN, SIO_PATH, TRANSPORTS, WAIT } from "./config.mjs";
import { stateOf, watchManager } from "./diag.mjs";
import { withTimeout } from "./wait.mjs";

const tracked = new Set(); // Managers and raw closables

/** The `parser` option every client of the suite takes: none (the default parser), or the msgpack one. */
export const PARSER_OPTION = Object.freeze(MSGPACK ? { parser: msgpackParser } : {});

/** Default client options: transports from env, a fresh Manager, no reconnection, the suite's parser. */
export function clientOptions(extra = {}) {
  return {
    ...PARSER_OPTION,
    path: SIO_PATH,
    transports: TRANSPORTS,
    forceNew: true,
    reconnection: false,
    timeout: 5000, // engine connection timeout
    ...extra,
  };
}

/** A socket on namespace `nsp` (not yet necessarily connected). */
export function client(nsp = "/", opts = {}) {
  const socket = io(ORIGIN + nsp, clientOptions(opts));
  tracked.add(watchManager(socket.io));
  return socket;
}

/** A Manager (one Engine.IO connection) on which several namespaces can be multiplexed. */
export function manager(opts = {}) {
  const { forceNew, ...rest } = clientOptions(opts);
  const m = new Manager(ORIGIN, rest);
  tracked.add(watchManager(m));
  return m;
}

/** Resolves when `socket` is connected; rejects on connect_error or timeout. */
export function waitConnected(socket, ms = WAIT) {
  if (socket.connected) return Promise.resolve(socket);
  let onConnect, onError;
  const p = new Promise((resolve, reject) => {
    onConnect = () => resolve(socket);
    onError = (err) => reject(new Error(`connect_error on ${socket.nsp}: ${err?.message}${stateOf(socket)}`));
    socket.once("connect", onConnect);
    socket.once("connect_error", onError);
  });
  return withTimeout(p, ms, `connect to ${socket.nsp}`, () => stateOf(socket)).finally(() => {
    socket.off("connect", onConnect);
    socket.off("connect_error", onError);
  });
}

/** A connected socket on `nsp`. */
export async function connect(nsp = "/", opts = {}) {
  return waitConnected(client(nsp, opts));
}

/** Track anything with a close()/terminate() (e.g. raw ws clients). */
export function track(closable) {
  tracked.add(closable);
  return closable;
}

export async function closeAll() {
  for (const t of [...tracked]) {
    tracked.delete(t);
    try {
      if (t instanceof Manager) {
        for (const s of Object.values(t.nsps ?? {})) s.disconnect();
        t._close(); // stops reconnection timers and closes the engine
      } else if (typeof t.terminate === "function") {
        t.terminate();
      } else if (typeof t.close === "function") {
        t.close();
      }
    } catch {
      // best effort
    }
  }
}
