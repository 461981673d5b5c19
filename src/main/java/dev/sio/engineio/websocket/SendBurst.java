package dev.sio.engineio.websocket;

import dev.sio.engineio.server.BurstScope;

/**
 * Between {@link #begin()} and {@link #end()} the sends of this thread are gathered: WebSocket writes
 * per connection (see {@link WriteBatch}: a connection's first write goes out at once, later ones
 * leave together at the end, or after a few milliseconds, or when enough piled up) and answers to
 * parked long-polls (see {@link BurstScope}: one answer per poll at the end). Opened around a
 * received WebSocket message's handler, and by code that sends many packets in a row on a thread of
 * its own (the cluster node's receiver delivering other nodes' broadcasts). A burst of N broadcasts
 * then costs each connection a few writes rather than N; on Payara a write costs far more than the
 * bytes it carries.
 */
public final class SendBurst {

    private final WriteBatch batch;
    private final BurstScope polls; // long-polling sessions' answers, see BurstScope

    private SendBurst(WriteBatch batch, BurstScope polls) {
        this.batch = batch;
        this.polls = polls;
    }

    /** Starts a burst on this thread; inside one already, the outer one goes on (its end writes). */
    public static SendBurst begin() {
        return new SendBurst(WriteBatch.open(), BurstScope.open());
    }

    /** Writes what the burst held, on this thread. */
    public void end() {
        try {
            if (polls != null) polls.close();
        } finally {
            if (batch != null) batch.close();
        }
    }
}
