package dev.sio.cluster;

/**
 * Brackets a run of messages that the cluster thread handles one after the other, so that the
 * transports may write what the run sends to each connection together (the WebSocket transport's
 * send burst: one write per connection for many remote broadcasts instead of one per broadcast).
 * Given by whoever starts the node; the cluster package knows no transport.
 */
@FunctionalInterface
public interface DeliveryBurst {

    /** Nothing held: every send is written on its own. */
    DeliveryBurst NONE = () -> () -> { };

    /** On the cluster thread: begins a burst; the returned action ends it (on the same thread). */
    Runnable begin();
}
