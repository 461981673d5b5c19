// Where the server under test lives and how clients reach it. The ONE place that
// reads the environment.
//
//   SIO_URL        base URL of the application, e.g. http://127.0.0.1:8080/ or
//                  http://127.0.0.1:8080/socketio-jakarta/ (context path allowed).
//                  The Socket.IO endpoint is <SIO_URL>socket.io/.
//   SIO_TRANSPORTS comma-separated socket.io-client transports, default "websocket"
//                  (e.g. "polling" or "polling,websocket" later).
const raw = process.env.SIO_URL;
if (!raw) {
  throw new Error(
    "SIO_URL is not set (base URL of the server, e.g. http://127.0.0.1:8080/); " +
      "use `npm run test:reference` to run against the Node reference server",
  );
}
const base = new URL(raw);
if (!["127.0.0.1", "localhost", "[::1]"].includes(base.hostname)) {
  throw new Error(`SIO_URL must point to the local machine, got ${base.hostname}`);
}
let basePath = base.pathname || "/";
if (!basePath.endsWith("/")) basePath += "/";

/** Scheme://host:port, no path: socket.io-client treats a URL path as the namespace. */
export const ORIGIN = base.origin;
/** The `path` option of socket.io-client, e.g. "/ctx/socket.io/". */
export const SIO_PATH = `${basePath}socket.io/`;
/** The plain Engine.IO conformance endpoint (echo), e.g. "/ctx/engine.io/". */
export const EIO_PATH = `${basePath}engine.io/`;
/** Engine.IO v4 WebSocket endpoint for raw-frame tests. */
export const RAW_WS_URL = `${base.protocol === "https:" ? "wss" : "ws"}://${base.host}${SIO_PATH}?EIO=4&transport=websocket`;

/** The two Engine.IO endpoints of the application: Socket.IO's and the plain echo one. */
export const ENDPOINTS = Object.freeze({ "socket.io": SIO_PATH, "engine.io": EIO_PATH });

/**
 * An HTTP (or, with `websocket: true`, ws) URL of `endpoint` ("socket.io" or "engine.io") with
 * the query parameters in `query`, in their order; undefined values are left out, so that tests
 * can drop a mandatory one. Example: engineUrl("engine.io", {EIO: 4, transport: "polling", sid}).
 */
export function engineUrl(endpoint, query = {}, { websocket = false } = {}) {
  const path = ENDPOINTS[endpoint];
  if (!path) throw new Error(`unknown endpoint ${endpoint}`);
  const scheme = websocket ? (base.protocol === "https:" ? "wss:" : "ws:") : base.protocol;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const qs = params.toString();
  return `${scheme}//${base.host}${path}${qs ? "?" + qs : ""}`;
}

/**
 * Where the /recovery namespace lives (connection state recovery on): SIO_RECOVERY_URL when set (the
 * Node reference runs it on a second server), else SIO_URL. Same context path rules as SIO_URL.
 */
const recoveryBase = new URL(process.env.SIO_RECOVERY_URL || raw);
if (!["127.0.0.1", "localhost", "[::1]"].includes(recoveryBase.hostname)) {
  throw new Error(`SIO_RECOVERY_URL must point to the local machine, got ${recoveryBase.hostname}`);
}
export const RECOVERY_ORIGIN = recoveryBase.origin;
export const RECOVERY_PATH = `${recoveryBase.pathname.endsWith("/") ? recoveryBase.pathname : recoveryBase.pathname + "/"}socket.io/`;
/** The recovery window of the test deployment and of the reference (ms). */
export const RECOVERY_WINDOW = 2000;
/**
 * socketio.chat.private.in-flight-per-user of the test deployment (Deployments.CONFORMANCE_SETTINGS,
 * tools/payara-it.sh): private messages to one user sent and not yet acknowledged.
 */
export const PRIVATE_IN_FLIGHT_PER_USER = 3;

/**
 * True when the suite runs against the Node reference server (npm run test:reference). Tests of
 * behaviour where this server is deliberately stricter than Node 4.8.4 are then marked `todo`:
 * they run and report, and Node's failures there do not fail the run.
 */
export const REFERENCE = process.env.SIO_REFERENCE === "1";

/**
 * SIO_PARSER: the wire format the server under test speaks, "default" (socket.io-parser) or
 * "msgpack" (socket.io-msgpack-parser 3.x: the server must be deployed with socketio.parser=msgpack,
 * the reference server started with SIO_PARSER=msgpack too). The stock clients of the suite then
 * use the same parser.
 */
export const PARSER = process.env.SIO_PARSER || "default";
if (!["default", "msgpack"].includes(PARSER)) throw new Error(`SIO_PARSER must be default or msgpack, got ${PARSER}`);
export const MSGPACK = PARSER === "msgpack";
/**
 * The `skip` option of tests and suites that send or inspect the default parser's text frames by hand
 * (40, 42[...], 451-...): they do not apply to the msgpack wire; tests/raw-msgpack.test.mjs covers it.
 */
export const TEXT_FRAMES_ONLY = MSGPACK ? "hand-written Socket.IO text frames: the default parser's wire format" : false;

export const TRANSPORTS = (process.env.SIO_TRANSPORTS ?? "websocket")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);

/** Server settings the contract prescribes (conformance settings). */
export const SERVER = Object.freeze({
  pingInterval: 300,
  pingTimeout: 200,
  maxPayload: 1e6,
  connectTimeout: 1000,
});

/** Default per-test timeout for node:test (every test must end, pass or fail). */
export const TEST_TIMEOUT = 20_000;
/** Default timeout for a single awaited event. */
export const WAIT = 5_000;
