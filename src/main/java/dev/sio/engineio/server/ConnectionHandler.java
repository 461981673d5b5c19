package dev.sio.engineio.server;

/** Told of every new session once its open packet is queued; returns who listens to it. */
@FunctionalInterface
public interface ConnectionHandler {
    SessionListener onConnection(EngineSession session);
}
