package dev.sio.engineio.server;

/** The reasons a session ends, worded as the reference server words them. */
public final class CloseReasons {
    public static final String PING_TIMEOUT = "ping timeout";
    public static final String TRANSPORT_CLOSE = "transport close";
    public static final String TRANSPORT_ERROR = "transport error";
    public static final String PARSE_ERROR = "parse error";
    public static final String FORCED_CLOSE = "forced close";
    public static final String SERVER_SHUTTING_DOWN = "server shutting down";
    public static final String SEND_BUFFER_FULL = "send buffer full";

    private CloseReasons() {
    }
}
