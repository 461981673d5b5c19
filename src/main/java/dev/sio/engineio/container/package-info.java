/**
 * What the transports need from particular servers and cannot get through the Jakarta APIs, each
 * reached by reflection and switching itself off, with one INFO line, where the server is not the
 * expected one: on Tyrus (Payara, GlassFish) the direct and raw-frame send, the plain timer for its
 * idle-timeout tasks and the release of a closed connection's pooled upgrade request; on Grizzly the
 * write queue of a poll's connection; the client address of a WebSocket session on Tyrus and
 * Undertow (WildFly). {@link dev.sio.engineio.container.WebSocketDiagnostics} tells which are in
 * force. Imports no package of this project: the transports ({@code engineio.websocket},
 * {@code engineio.polling}) use it, never the reverse.
 */
package dev.sio.engineio.container;
