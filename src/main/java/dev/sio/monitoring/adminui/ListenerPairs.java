package dev.sio.monitoring.adminui;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.EngineEvents;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.ServerEvents;
import dev.sio.socketio.server.Socket;

import java.util.List;

/**
 * The servers hold one monitoring listener each (the metrics' counters); the Admin UI listens
 * beside them through a pair that calls both, first the one that was there.
 */
final class ListenerPairs {

    private ListenerPairs() {
    }

    static EngineEvents both(EngineEvents first, EngineEvents second) {
        if (first == EngineEvents.NONE) return second;
        return new EngineEvents() {
            @Override public void connectionOpened(String transport) {
                first.connectionOpened(transport);
                second.connectionOpened(transport);
            }
            @Override public void connectionClosed(String transport, String reason) {
                first.connectionClosed(transport, reason);
                second.connectionClosed(transport, reason);
            }
            @Override public void upgraded() {
                first.upgraded();
                second.upgraded();
            }
            @Override public void connectionRefused(Refusal reason) {
                first.connectionRefused(reason);
                second.connectionRefused(reason);
            }
        };
    }

    static ServerEvents both(ServerEvents first, ServerEvents second) {
        if (first == ServerEvents.NONE) return second;
        return new ServerEvents() {
            @Override public void socketConnected(String namespace) {
                first.socketConnected(namespace);
                second.socketConnected(namespace);
            }
            @Override public void socketDisconnected(String namespace, String reason) {
                first.socketDisconnected(namespace, reason);
                second.socketDisconnected(namespace, reason);
            }
            @Override public void connectRefused(String namespace, String message) {
                first.connectRefused(namespace, message);
                second.connectRefused(namespace, message);
            }
            @Override public void messageReceived(EnginePacket message) {
                first.messageReceived(message);
                second.messageReceived(message);
            }
            @Override public void messagesSent(List<EnginePacket> frames, int recipients) {
                first.messagesSent(frames, recipients);
                second.messagesSent(frames, recipients);
            }
            @Override public void broadcast(String namespace, int recipients) {
                first.broadcast(namespace, recipients);
                second.broadcast(namespace, recipients);
            }
            @Override public void volatileDropped() {
                first.volatileDropped();
                second.volatileDropped();
            }
            @Override public void ackTimedOut(String namespace) {
                first.ackTimedOut(namespace);
                second.ackTimedOut(namespace);
            }
            @Override public void roomJoined(Socket socket, String room) {
                first.roomJoined(socket, room);
                second.roomJoined(socket, room);
            }
            @Override public void roomLeft(Socket socket, String room) {
                first.roomLeft(socket, room);
                second.roomLeft(socket, room);
            }
            @Override public void eventReceived(Socket socket, String event, Payload args) {
                first.eventReceived(socket, event, args);
                second.eventReceived(socket, event, args);
            }
        };
    }
}
