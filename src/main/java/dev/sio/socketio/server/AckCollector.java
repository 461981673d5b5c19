package dev.sio.socketio.server;

import dev.sio.socketio.broadcast.AckedBroadcast;
import dev.sio.socketio.broadcast.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Gathers the acknowledgements of a broadcast, as Node's broadcast operator does: every node
 * reports its recipient count, and the broadcast is complete when as many nodes reported as the
 * adapter counts servers and as many answers arrived as the counts add up to. Answers can arrive
 * before the counts (the first recipient may answer while the broadcast still writes to others),
 * and the server count can come last (a cluster adapter asks Redis for it).
 */
final class AckCollector implements AckedBroadcast {

    private final CompletableFuture<List<Payload>> result = new CompletableFuture<>();
    private final List<Payload> responses = new ArrayList<>();
    private final PayloadMapper mapper;
    private int servers = -1;
    private int serversReported;
    private int expected;

    AckCollector(PayloadMapper mapper) {
        this.mapper = mapper;
    }

    CompletableFuture<List<Payload>> result() {
        return result;
    }

    @Override
    public synchronized void clientCount(int count) {
        serversReported++;
        expected += count;
        completeIfDone();
    }

    @Override
    public synchronized void ack(Arguments answer) {
        responses.add(new Payload(answer.values(), answer.attachments(), mapper));
        completeIfDone();
    }

    @Override
    public void lost(Throwable cause) {
        // a recipient leaving is what the timeout is for; the server stopping ends the wait
        // (its timer stops with it, so the timeout would never come)
        if (cause instanceof ServerClosedException closed) fail(closed);
    }

    /** How many nodes report a count (the adapter's server count). */
    synchronized void servers(int count) {
        servers = count;
        completeIfDone();
    }

    synchronized void fail(Throwable cause) {
        result.completeExceptionally(cause);
    }

    private void completeIfDone() {
        if (servers >= 0 && serversReported >= servers && responses.size() >= expected) {
            result.complete(List.copyOf(responses));
        }
    }
}
