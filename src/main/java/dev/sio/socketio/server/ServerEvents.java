package dev.sio.socketio.server;

import dev.sio.engineio.protocol.EnginePacket;

import java.util.List;

/**
 * What happens to Socket.IO sockets and packets, for monitoring. Every method has a no-op default,
 * so a listener implements only what it counts, and the server runs with {@link #NONE} when
 * nothing listens. A broadcast is reported once with its recipient count, never once per
 * recipient. Called on transport and timer threads, often concurrently: implementations must be
 * thread-safe, cheap, and never block or throw.
 */
public interface ServerEvents {

    ServerEvents NONE = new ServerEvents() {
    };

    /** A socket joined a namespace (its CONNECT was accepted). */
    default void socketConnected(String namespace) {
    }

    /** A socket left a namespace; {@code reason} is one of {@link DisconnectReasons} or an Engine.IO close reason. */
    default void socketDisconnected(String namespace, String reason) {
    }

    /**
     * A CONNECT was refused. {@code namespace} is null when the client asked for a namespace that
     * does not exist (it is client input then, never to be used as a label); {@code message} is
     * the CONNECT_ERROR message sent, or null for a middleware that failed with an exception.
     */
    default void connectRefused(String namespace, String message) {
    }

    /** An Engine.IO message (a Socket.IO packet or one of its binary attachments) arrived. */
    default void messageReceived(EnginePacket message) {
    }

    /** Frames were queued for {@code recipients} clients (1 for a packet to one socket). */
    default void messagesSent(List<EnginePacket> frames, int recipients) {
    }

    /** A broadcast was written to {@code recipients} sockets (its frames are reported by {@link #messagesSent}). */
    default void broadcast(String namespace, int recipients) {
    }

    /** A volatile packet was dropped because its client could not take it at once. */
    default void volatileDropped() {
    }

    /** An emit with acknowledgement timed out (a broadcast counts once). */
    default void ackTimedOut(String namespace) {
    }

    /**
     * A socket was asked to join a room (not its own id's room; the Admin UI's development mode shows
     * it). May be reported for a room the socket was in already.
     */
    default void roomJoined(Socket socket, String room) {
    }

    /** A socket was asked to leave a room (not reported for the rooms a leaving socket drops). */
    default void roomLeft(Socket socket, String room) {
    }

    /**
     * A socket received an event, before its handler runs (reported even when there is none: the Admin
     * UI's development mode shows every event, as Node's {@code socket.onAny}).
     */
    default void eventReceived(Socket socket, String event, Payload args) {
    }
}
