/**
 * Verification of enterprise-SSO JWTs (Keycloak, Entra ID, Okta...) presented by Socket.IO clients.
 *
 * <p>{@link dev.sio.auth.TokenExtractor} finds the token in a handshake, {@link dev.sio.auth.TokenVerifier}
 * checks it with jose4j against keys configured through the standard MicroProfile JWT keys
 * ({@link dev.sio.auth.JwtSettings#fromConfig}), and returns a {@link dev.sio.auth.VerifiedToken}, or
 * throws a {@link dev.sio.auth.TokenRejectedException} whose message is safe to send to the client.
 *
 * <p>No CDI, servlet or WebSocket types appear here: the server wires these classes in.
 */
package dev.sio.auth;
