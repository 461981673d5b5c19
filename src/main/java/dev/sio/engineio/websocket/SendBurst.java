package dev.sio.engineio.websocket;

import dev.sio.engineio.server.BurstScope;

/**
 * For code that sends many packets in a row on a thread of its own, outside any received message
 * (the cluster node's receiver delivering other nodes' broadcasts): between {@link #begin()} and
 * {@link #end()} the WebSocket writes of this thread are batched per connection just as those of a
 * received message's handler are (see {@link WriteBatch}): a connection's first write goes out at
 * once, later ones leave together at the end (or after a few milliseconds, or when enough piled up).
 * A burst of N remote broadcasts then costs each connection a few writes rather than N; on Payara a
 * write costs far more than the bytes it carries.
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
