package dev.sio.engineio.websocket;

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

    private static final SendBurst NESTED = new SendBurst(null);

    private final WriteBatch batch;

    private SendBurst(WriteBatch batch) {
        this.batch = batch;
    }

    /** Starts a burst on this thread; inside one already, the outer one goes on (its end writes). */
    public static SendBurst begin() {
        WriteBatch batch = WriteBatch.open();
        return batch == null ? NESTED : new SendBurst(batch);
    }

    /** Writes what the burst held, on this thread. */
    public void end() {
        if (batch != null) batch.close();
    }
}
