package dev.sio.engineio.websocket;

import java.util.function.BooleanSupplier;

/**
 * Which of the container-specific fast paths are in force in this deployment, for logs and tests.
 * The fast paths reach below the Jakarta WebSocket API by reflection and switch themselves off,
 * with one INFO line, when a container upgrade moves what they rely on: nothing breaks, but the
 * CPU cost per frame goes back up several times. An integration test asserts these values on each
 * supported server, so such an upgrade fails the build instead of passing unnoticed.
 */
public final class WebSocketDiagnostics {

    /** How the last WebSocket connection opened writes its frames. */
    public enum SendPath {
        /** none opened yet */
        UNKNOWN,
        /** the portable {@code RemoteEndpoint.Async} (WildFly, or Tyrus with the fast paths off or broken) */
        JAKARTA_ASYNC,
        /** Tyrus's own {@code sendText}/{@code sendBinary}, one frame per packet */
        TYRUS_DIRECT,
        /** pre-encoded frames through Tyrus's {@code sendRawFrame}, coalesced per connection */
        TYRUS_RAW_FRAMES
    }

    /** Who runs the container's idle-timeout tasks. */
    public enum TimerHandling {
        /** the container's own scheduler (not Tyrus, or the swap is off or failed) */
        CONTAINER_SCHEDULER,
        /** our plain scheduler; it has not yet recognised one of Tyrus's no-op idle checks */
        PLAIN_SCHEDULER,
        /** our plain scheduler, and Tyrus's no-op idle checks are recognised and skipped */
        PLAIN_SCHEDULER_SKIPPING_IDLE_CHECKS
    }

    private static volatile SendPath sendPath = SendPath.UNKNOWN;
    /** Whether our timer replaced the container's, and whether it has skipped an idle check yet; null: not replaced. */
    private static volatile BooleanSupplier plainTimerSkipping;

    private WebSocketDiagnostics() {
    }

    public static SendPath sendPath() {
        return sendPath;
    }

    public static TimerHandling timerHandling() {
        BooleanSupplier skipping = plainTimerSkipping;
        if (skipping == null) return TimerHandling.CONTAINER_SCHEDULER;
        return skipping.getAsBoolean() ? TimerHandling.PLAIN_SCHEDULER_SKIPPING_IDLE_CHECKS : TimerHandling.PLAIN_SCHEDULER;
    }

    /** Called by the WebSocket transport for each connection it opens (public: the Tyrus parts may live in a subpackage). */
    public static void senderChosen(SendPath path) {
        if (sendPath != path) sendPath = path; // a volatile write only when it changes
    }

    /**
     * Called when the container's idle-timeout scheduler was replaced by ours ({@code skippedYet}
     * tells whether it has skipped a no-op idle check), or with null when the container keeps its own.
     */
    public static void plainTimerInstalled(BooleanSupplier skippedYet) {
        plainTimerSkipping = skippedYet;
    }
}
