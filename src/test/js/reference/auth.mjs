// Token authentication for the reference server, the same contract as the Java server's
// (dev.sio.cdi: the namespace guard, event guards, room rules, expiry):
//
// - the token is read from auth.token, then an `Authorization: Bearer` header, then the cookie
//   named `cookie`; it must be an RS256 JWS signed by the trusted key (kid), with our issuer and
//   audience, valid now (no clock skew);
// - a refusal is a connect_error whose message is the reason: "missing token",
//   "invalid token: malformed|signature|algorithm|expired|not yet valid|issuer|audience|unknown key",
//   or "forbidden" for a valid token without the role;
// - a refused event answers {ok:false, error:"forbidden"} to its ack, or an "error" event
//   {event, error} without one; the connection stays;
// - at exp the socket gets "token_expired" {message: "invalid token: expired"} and its transport is
//   closed (no DISCONNECT packet), so that the client reconnects with a fresh token.
import { createPublicKey, generateKeyPairSync, randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";

/** A key pair made per run, as the Java test deployment makes one: what the server trusts and the env the suite signs with. */
export function makeTestAuth() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const auth = {
    publicKey: createPublicKey(privateKey),
    kid: `ref-${randomUUID()}`,
    issuer: "https://sso.reference.test/realms/socketio",
    audience: "socketio-reference",
    cookie: "jwt",
  };
  const env = {
    SIO_JWT_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }),
    SIO_JWT_KID: auth.kid,
    SIO_JWT_ISSUER: auth.issuer,
    SIO_JWT_AUDIENCE: auth.audience,
    SIO_JWT_COOKIE: auth.cookie,
  };
  return { auth, env };
}

const reject = (message) => Object.assign(new Error(message), { refusal: true });

function extract(handshake, cookieName) {
  const fromAuth = handshake.auth?.token;
  if (typeof fromAuth === "string" && fromAuth.trim()) return fromAuth.trim();
  const authorization = handshake.headers.authorization;
  const bearer = typeof authorization === "string" && /^bearer\s+(\S+)\s*$/i.exec(authorization.trim());
  if (bearer) return bearer[1];
  for (const pair of String(handshake.headers.cookie ?? "").split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && pair.slice(0, eq).trim() === cookieName) {
      const value = pair.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
      if (value) return value;
    }
  }
  return undefined;
}

/** The verified claims, or throws an Error whose message is the client-facing reason. */
export function verify(token, auth) {
  if (!token) throw reject("missing token");
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload !== "object" || decoded.payload === null) throw reject("invalid token: malformed");
  if (decoded.header.alg !== "RS256") throw reject("invalid token: algorithm");
  if (decoded.header.kid !== undefined && decoded.header.kid !== auth.kid) throw reject("invalid token: unknown key");
  let claims;
  try {
    claims = jwt.verify(token, auth.publicKey, {
      algorithms: ["RS256"],
      issuer: auth.issuer,
      audience: auth.audience,
      clockTolerance: 0,
    });
  } catch (e) {
    if (e.name === "TokenExpiredError") throw reject("invalid token: expired");
    if (e.name === "NotBeforeError") throw reject("invalid token: not yet valid");
    if (e.message === "invalid signature") throw reject("invalid token: signature");
    if (/issuer/.test(e.message)) throw reject("invalid token: issuer");
    if (/audience/.test(e.message)) throw reject("invalid token: audience");
    throw reject("invalid token: malformed");
  }
  if (typeof claims.exp !== "number" || !(claims.sub || claims.upn || claims.preferred_username)) {
    throw reject("invalid token: malformed");
  }
  return claims;
}

const groupsOf = (claims) => (Array.isArray(claims?.groups) ? claims.groups : []);

/** Null when `claims` (undefined: anonymous) hold one of `roles` ("**": any token), else the refusal. */
export function refusal(claims, roles) {
  if (roles.length === 0) return "forbidden";
  if (!claims) return "unauthorized";
  if (roles.includes("**")) return null;
  return groupsOf(claims).some((g) => roles.includes(g)) ? null : "forbidden";
}

/**
 * Guards namespace `nsp`: sockets need a valid token holding one of `roles`; the claims go to
 * socket.data.principal; the transport is closed when the token expires.
 */
export function guardNamespace(nsp, auth, roles = ["**"]) {
  nsp.use((socket, next) => {
    try {
      const claims = verify(extract(socket.handshake, auth.cookie), auth);
      const refused = refusal(claims, roles);
      if (refused) throw reject(refused);
      socket.data.principal = claims;
      next();
    } catch (e) {
      next(e.refusal ? e : new Error("Internal server error"));
    }
  });
  nsp.on("connection", (socket) => {
    const claims = socket.data.principal;
    const timer = setTimeout(() => {
      if (!socket.connected) return;
      socket.emit("token_expired", { message: "invalid token: expired" });
      socket.conn.close(); // the transport, not a DISCONNECT: the client reconnects
    }, Math.max(0, claims.exp * 1000 - Date.now()));
    socket.on("disconnect", () => clearTimeout(timer));
  });
}

/** Answers a refused event: to its ack, or with an "error" event. */
export function refuse(socket, event, ack, error) {
  if (typeof ack === "function") ack({ ok: false, error });
  else socket.emit("error", { event, error });
}

/** The chat's user: {id: sub, name: preferred_username | upn | name | sub}. */
export function chatUserOf(claims) {
  const id = claims.sub || claims.upn || claims.preferred_username;
  const name = [claims.preferred_username, claims.upn, claims.name, id].find((v) => typeof v === "string" && v.trim());
  return { id, name };
}

/** `/secure`: the Java test deployment's SecureTestGateway. */
export function secureNamespace(io, auth) {
  const nsp = io.of("/secure");
  guardNamespace(nsp, auth, ["**"]);
  const stats = { connects: 0, disconnects: 0 };
  const userOf = (claims) => ({
    sub: claims.sub,
    name: claims.preferred_username,
    groups: [...groupsOf(claims)].sort(),
  });
  const hasAck = (args) => args.length > 0 && typeof args[args.length - 1] === "function";
  nsp.on("connection", (socket) => {
    const claims = socket.data.principal;
    stats.connects++;
    socket.on("disconnect", () => stats.disconnects++);
    socket.emit("welcome", userOf(claims));
    // `roles`: the event guard (undefined: none); `handle(...args)` returns the ack value
    const on = (event, roles, handle) =>
      socket.on(event, (...args) => {
        const ack = hasAck(args) ? args.pop() : undefined;
        const refused = roles && refusal(claims, roles);
        if (refused) return refuse(socket, event, ack, refused);
        let result;
        try {
          result = handle(...args);
        } catch (e) {
          if (e.refusal) return refuse(socket, event, ack, e.message);
          throw e;
        }
        if (ack) ack(result);
      });
    on("whoami", undefined, () => userOf(claims));
    on("stats", undefined, () => ({ ...stats }));
    on("adminOnly", ["admin"], () => ({ ok: true }));
    on("nobody", [], () => ({ ok: true }));
    on("joinRoom", undefined, (room) => {
      // @RoomRule(pattern = "admin-.*", rolesAllowed = "admin")
      if (/^admin-.*$/s.test(String(room))) {
        const refused = refusal(claims, ["admin"]);
        if (refused) throw reject(refused);
      }
      socket.join(room);
      return { ok: true };
    });
  });
  return nsp;
}
