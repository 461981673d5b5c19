package dev.sio.engineio.container;

import dev.sio.engineio.websocket.ContainerHooks.Later;
import jakarta.websocket.Session;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * After a WebSocket connection closed, makes the container's pooled request object let go of it
 * (see {@link ContainerUpgradeRequest}: on Payara each pooled request otherwise keeps the last
 * closed connection it upgraded, with its Tyrus WebSocket and our handshake objects).
 *
 * <p>At close the container may still be using the request (it finishes the upgraded connection
 * after our {@code @OnClose}), so the request is looked at every {@value #INTERVAL_MILLIS} ms, at
 * most {@value #ATTEMPTS} times, on the server's shared timer: no thread per connection. Where the
 * objects are not the expected ones (WildFly/Undertow, standalone Tyrus, a Payara version that
 * changed them) it switches itself off for good with one INFO line. Off with
 * {@code socketio.websocket.release-upgrade-handler=false} (see {@link ContainerSwitches}).
 */
final class UpgradeHandlerRelease {

    static final int ATTEMPTS = 20;
    static final long INTERVAL_MILLIS = 500;

    private static final Logger LOG = System.getLogger(UpgradeHandlerRelease.class.getName());
    private static final UpgradeHandlerRelease SHARED = new UpgradeHandlerRelease();

    private final AtomicBoolean off = new AtomicBoolean();

    /** The Tyrus object to start from, taken at open: Tyrus refuses {@code getAsyncRemote()} once a session closed. */
    static Object remoteOf(Session socket) {
        if (SHARED.isOff()) return null;
        if (!socket.getClass().getName().startsWith("org.glassfish.tyrus.")) {
            SHARED.switchOff("the WebSocket container is not Tyrus (" + socket.getClass().getName() + ")");
            return null;
        }
        try {
            return socket.getAsyncRemote();
        } catch (RuntimeException e) {
            return null; // closed already
        }
    }

    /** Called once a connection closed, with what {@link #remoteOf} returned at open. */
    static void afterClose(Object tyrusRemote, Later later) {
        if (tyrusRemote != null) SHARED.release(tyrusRemote, later);
    }

    boolean isOff() {
        return off.get();
    }

    /** Finds the container's request behind the connection and clears its handler once it is free. */
    void release(Object tyrusRemote, Later later) {
        if (off.get()) return;
        ContainerUpgradeRequest request;
        try {
            request = ContainerUpgradeRequest.of(tyrusRemote);
        } catch (ReflectiveOperationException | RuntimeException e) {
            switchOff(e.toString());
            return;
        }
        if (request != null) schedule(request, 1, later);
    }

    private void schedule(ContainerUpgradeRequest request, int attempt, Later later) {
        try {
            later.run(() -> look(request, attempt, later), INTERVAL_MILLIS);
        } catch (RejectedExecutionException e) {
            // the server is stopping: its pooled requests go with it
        }
    }

    private void look(ContainerUpgradeRequest request, int attempt, Later later) {
        ContainerUpgradeRequest.State state;
        try {
            state = request.release();
        } catch (RuntimeException e) {
            switchOff(e.toString());
            return;
        }
        if (state == ContainerUpgradeRequest.State.IN_USE && attempt < ATTEMPTS) schedule(request, attempt + 1, later);
    }

    private void switchOff(String why) {
        if (off.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "Closed WebSocket connections are left to the container (upgrade handler release off): {0}", why);
        }
    }
}
