package dev.sio.engineio.websocket;

import jakarta.websocket.Session;

/**
 * What a particular WebSocket container can do below the Jakarta API, for the portable transport
 * of this package: a faster frame sender, the client's address, and letting go of the container's
 * objects after a connection closed. The portable transport works without any of it ({@link #NONE});
 * the implementations live in {@code dev.sio.engineio.container} and are installed once at start by
 * the application's wiring, before any connection opens. Every hook returns null (or does nothing)
 * where its container is not the one it knows.
 */
public interface ContainerHooks {

    /** A sender that writes below the Jakarta API, or null for the portable one. */
    FrameSender senderFor(Session socket);

    /** The client's IP address where the container exposes it, or null. */
    String remoteAddress(Session socket);

    /**
     * Called when a connection opens; what it returns (null: nothing to do) is handed to
     * {@link #afterClose} when the connection has closed.
     */
    Object atOpen(Session socket);

    /** Called once a connection closed, with what {@link #atOpen} returned; must not block. */
    void afterClose(Object opened, Later later);

    /** Runs a task later, on the server's shared timer. */
    @FunctionalInterface
    interface Later {
        void run(Runnable task, long delayMillis);
    }

    /** The portable behaviour: the Jakarta API only. */
    ContainerHooks NONE = new ContainerHooks() {
        @Override
        public FrameSender senderFor(Session socket) {
            return null;
        }

        @Override
        public String remoteAddress(Session socket) {
            return null;
        }

        @Override
        public Object atOpen(Session socket) {
            return null;
        }

        @Override
        public void afterClose(Object opened, Later later) {
        }
    };

    /** Installs the hooks of this deployment's container (null: back to {@link #NONE}). */
    static void install(ContainerHooks hooks) {
        Installed.hooks = hooks == null ? NONE : hooks;
    }

    /** The hooks in force. */
    static ContainerHooks installed() {
        return Installed.hooks;
    }

    /** Holder of the installed hooks: static state is per class loader, so per deployment. */
    final class Installed {
        private static volatile ContainerHooks hooks = NONE;

        private Installed() {
        }
    }
}
