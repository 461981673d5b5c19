package dev.sio.socketio.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Gathers the acknowledgements of a broadcast. Answers can arrive before the number of recipients
 * is known (the first recipient may answer while the broadcast still writes to others), so
 * completion waits for both.
 */
final class AckCollector {

    private final CompletableFuture<List<Payload>> result = new CompletableFuture<>();
    private final List<Payload> responses = new ArrayList<>();
    private int expected = -1;

    CompletableFuture<List<Payload>> result() {
        return result;
    }

    synchronized void add(Payload response) {
        responses.add(response);
        completeIfDone();
    }

    synchronized void expect(int count) {
        expected = count;
        completeIfDone();
    }

    synchronized void fail(RuntimeException cause) {
        result.completeExceptionally(cause);
    }

    private void completeIfDone() {
        if (expected >= 0 && responses.size() >= expected) result.complete(List.copyOf(responses));
    }
}
