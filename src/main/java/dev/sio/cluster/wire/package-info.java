/**
 * The bytes Node's {@code @socket.io/redis-adapter} 8.3 (classic and sharded modes) and
 * {@code @socket.io/redis-emitter} 5.1 put on Redis, as Java records with codecs both ways.
 *
 * <p>Values inside messages (event arguments, flags, handshakes, socket data) are plain
 * "wire values" (see {@link dev.sio.socketio.protocol.msgpack.WireValues}). The codecs write exactly what Node
 * writes (key order, number forms, notepack's MessagePack choices, JSON.stringify's escapes);
 * the tests hold them to bytes captured from Node. Readers are bounded ({@link
 * dev.sio.socketio.protocol.msgpack.WireLimits}): a hostile publisher gets a {@link
 * dev.sio.socketio.protocol.msgpack.WireFormatException}, never our heap. No container APIs here.
 */
package dev.sio.cluster.wire;
