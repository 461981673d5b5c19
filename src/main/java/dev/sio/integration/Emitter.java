package dev.sio.integration;

import dev.sio.socketio.server.BroadcastOperator;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.SocketIoServer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries out emit requests from other services through the server's public API: a broadcast on
 * the namespace, so it goes through the namespace's adapter (to every node once clustered).
 * Counts what it emitted and what it refused. Thread-safe.
 */
public final class Emitter {

    private final SocketIoServer server;
    private final EmitRequestReader reader = new EmitRequestReader();
    private final AtomicLong emitted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public Emitter(SocketIoServer server) {
        this.server = server;
    }

    /**
     * Reads an emit request's body and carries it out; a refusal is counted.
     *
     * @throws InvalidEmitException when the body is malformed or cannot be carried out
     */
    public void emit(byte[] body) throws InvalidEmitException {
        try {
            emit(reader.read(body));
        } catch (InvalidEmitException e) {
            refused.incrementAndGet();
            throw e;
        }
    }

    /**
     * Hands the event to the namespace's adapter; returns once it has.
     *
     * @throws InvalidEmitException when the namespace does not exist (none is created for a publisher)
     */
    public void emit(EmitRequest request) throws InvalidEmitException {
        Namespace namespace = server.namespace(request.namespace());
        if (namespace == null) throw new InvalidEmitException("unknown namespace '" + request.namespace() + "'");
        BroadcastOperator target = namespace.except(request.except().toArray(String[]::new));
        target = request.user() != null ? target.to(UserRooms.of(request.user())) : target.to(request.rooms().toArray(String[]::new));
        target.emit(request.event(), request.args().toArray());
        emitted.incrementAndGet();
    }

    /** Counts a request that failed for another reason than a refusal (an unexpected exception). */
    public void countRefused() {
        refused.incrementAndGet();
    }

    public long emitted() {
        return emitted.get();
    }

    public long refused() {
        return refused.get();
    }
}
