/**
 * Connection state recovery (Socket.IO 4.6+): the sessions of sockets that lost their connection and
 * the packets sent meanwhile, so that a client coming back within the window gets its socket, its
 * rooms and every missed packet. The {@link dev.sio.socketio.recovery.RecoveryStore} interface holds
 * plain records, so that a cluster adapter can share it across nodes; the in-memory store is bounded
 * in sessions, packets and bytes. JDK only.
 */
package dev.sio.socketio.recovery;
