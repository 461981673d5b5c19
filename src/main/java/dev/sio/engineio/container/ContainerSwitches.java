package dev.sio.engineio.container;

/**
 * Which container workarounds may run; each is on unless configured false, and each also switches
 * itself off where its container is not the one it knows. Read from MicroProfile Config with the
 * other settings (in {@code dev.sio.cdi.SocketIoSettings}).
 *
 * @param directSend            {@code socketio.websocket.direct-send}: Tyrus's own write below the Jakarta API
 * @param rawFrames             {@code socketio.websocket.raw-frames}: pre-encoded frames through Tyrus's
 *                              {@code sendRawFrame}, coalesced per connection (needs {@code directSend})
 * @param plainScheduler        {@code socketio.websocket.plain-scheduler}: a plain scheduler for Tyrus's
 *                              idle-timeout tasks instead of Payara's managed one
 * @param releaseUpgradeHandler {@code socketio.websocket.release-upgrade-handler}: let go of the
 *                              container's pooled request after a connection closed
 */
public record ContainerSwitches(boolean directSend, boolean rawFrames, boolean plainScheduler,
                                boolean releaseUpgradeHandler) {

    /** The defaults: every workaround allowed. */
    public static ContainerSwitches allOn() {
        return new ContainerSwitches(true, true, true, true);
    }
}
