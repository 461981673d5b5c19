// Tokens for the server under test: the test deployment (or the reference server) trusts one RSA
// key pair made per run; its private half comes in through the environment, and this module signs
// tokens with it (jsonwebtoken), plus the forged and defective ones the auth tests need.
//
//   SIO_JWT_PRIVATE_KEY  PEM (PKCS#8) of the signing key. Required by tests that need tokens.
//   SIO_JWT_KID          the kid the server knows the key by
//   SIO_JWT_ISSUER       the iss the server expects
//   SIO_JWT_AUDIENCE     an aud the server accepts
//   SIO_JWT_COOKIE       the cookie the server also reads the token from (default "jwt")
//
// NodeClientIT sets them for the Java server; reference/run-reference.mjs for the reference one.
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import jwt from "jsonwebtoken";

const env = process.env;

function required(name) {
  const value = env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: the server under test verifies tokens with a key made per run ` +
        "(NodeClientIT and `npm run test:reference` set it; by hand: see tools/payara-it.sh)",
    );
  }
  return value;
}

/** What the server under test expects. Read lazily, so suites that need no token run without it. */
export const JWT = Object.freeze({
  get privateKey() {
    // a PEM pasted into one line with literal "\n"s (as `node reference/server.mjs` prints it) works too
    return required("SIO_JWT_PRIVATE_KEY").replace(/\\n/g, "\n");
  },
  get kid() {
    return required("SIO_JWT_KID");
  },
  get issuer() {
    return required("SIO_JWT_ISSUER");
  },
  get audience() {
    return required("SIO_JWT_AUDIENCE");
  },
  get cookie() {
    return env.SIO_JWT_COOKIE || "jwt";
  },
  /** The public half (SPKI PEM), e.g. for the HS256-with-the-public-key attack. */
  get publicKeyPem() {
    return createPublicKey(createPrivateKey(this.privateKey)).export({ type: "spki", format: "pem" });
  },
});

const now = () => Math.floor(Date.now() / 1000);

/**
 * The claims of a valid token for `sub`: display name, groups, our issuer and audience, valid
 * from now for `lifetime` seconds. `overrides` replace claims (undefined removes one).
 */
export function claimsFor(sub, { name = sub, groups = [], lifetime = 600, ...overrides } = {}) {
  const t = now();
  const claims = {
    iss: JWT.issuer,
    aud: JWT.audience,
    sub,
    preferred_username: name,
    groups,
    iat: t,
    nbf: t,
    exp: t + lifetime,
    ...overrides,
  };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return claims;
}

/** Signs claims with RS256; `key` and `kid` default to the trusted ones. */
export function sign(claims, { key = JWT.privateKey, kid = JWT.kid } = {}) {
  return jwt.sign(claims, key, { algorithm: "RS256", keyid: kid, noTimestamp: true });
}

/** A valid token for `sub` (options as in `claimsFor`). */
export function mintToken(sub, options = {}) {
  return sign(claimsFor(sub, options));
}

const b64url = (value) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** Tokens that every server must refuse, by the reason it must give. */
export function forgedTokens(sub = "mallory") {
  const claims = claimsFor(sub);
  const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const unsigned = `${b64url({ alg: "none", typ: "JWT", kid: JWT.kid })}.${b64url(claims)}.`;
  const hsInput = `${b64url({ alg: "HS256", typ: "JWT", kid: JWT.kid })}.${b64url(claims)}`;
  const hs256 = `${hsInput}.${createHmac("sha256", JWT.publicKeyPem).update(hsInput).digest("base64url")}`;
  const t = now();
  return [
    { label: "malformed", token: "not-a-jwt", reason: "invalid token: malformed" },
    { label: "three dots of garbage", token: "a.b.c", reason: "invalid token: malformed" },
    { label: "signed by another key under the trusted kid", token: sign(claims, { key: otherKey }), reason: "invalid token: signature" },
    { label: "alg none", token: unsigned, reason: "invalid token: algorithm" },
    { label: "HS256 keyed with the public key", token: hs256, reason: "invalid token: algorithm" },
    { label: "expired", token: sign(claimsFor(sub, { iat: t - 7200, nbf: t - 7200, exp: t - 3600 })), reason: "invalid token: expired" },
    { label: "not yet valid", token: sign(claimsFor(sub, { nbf: t + 3600, exp: t + 7200 })), reason: "invalid token: not yet valid" },
    { label: "wrong issuer", token: sign(claimsFor(sub, { iss: "https://evil.example/realms/x" })), reason: "invalid token: issuer" },
    { label: "wrong audience", token: sign(claimsFor(sub, { aud: "some-other-app" })), reason: "invalid token: audience" },
    { label: "unknown kid", token: sign(claims, { kid: "no-such-key" }), reason: "invalid token: unknown key" },
  ];
}
