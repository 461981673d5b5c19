package dev.sio.socketio.server;

/** Why a socket left its namespace, worded as the reference server words it. */
public final class DisconnectReasons {
    public static final String SERVER_NAMESPACE_DISCONNECT = "server namespace disconnect";
    public static final String CLIENT_NAMESPACE_DISCONNECT = "client namespace disconnect";
    public static final String SERVER_SHUTTING_DOWN = "server shutting down";
    public static final String PARSE_ERROR = "parse error";
    public static final String CONNECT_TIMEOUT = "connect timeout";

    public static final String FORCED_SERVER_CLOSE = "forced server close";

    /** The reasons after which the socket's state is kept for its client to recover (as in Node 4.6+). */
    static final java.util.Set<String> RECOVERABLE = java.util.Set.of("transport error", "transport close", "forced close",
            "ping timeout", SERVER_SHUTTING_DOWN, FORCED_SERVER_CLOSE);

    private DisconnectReasons() {
    }
}
