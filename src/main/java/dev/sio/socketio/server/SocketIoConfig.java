package dev.sio.socketio.server;

import java.time.Duration;

/**
 * Settings of the Socket.IO layer.
 *
 * @param connectTimeout how long a new connection may stay without joining any namespace
 * @param maxAttachments most binary attachments one packet may announce
 */
public record SocketIoConfig(Duration connectTimeout, int maxAttachments) {

    /** Node's defaults (45 s), and a bound on attachments that no sane client reaches. */
    public static SocketIoConfig defaults() {
        return new SocketIoConfig(Duration.ofSeconds(45), 10);
    }
}
