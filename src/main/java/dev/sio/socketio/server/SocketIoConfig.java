package dev.sio.socketio.server;

import dev.sio.socketio.broadcast.AdapterFactory;
import dev.sio.socketio.protocol.Parser;
import dev.sio.socketio.recovery.RecoveryLimits;

import java.time.Duration;

/**
 * Settings of the Socket.IO layer.
 *
 * @param connectTimeout how long a new connection may stay without joining any namespace
 * @param maxAttachments most binary attachments one packet may announce
 * @param recovery       connection state recovery (off: {@link RecoveryLimits#off()})
 * @param adapter        makes each namespace's adapter: {@link AdapterFactory#IN_MEMORY} (the default)
 *                       or a cluster adapter's factory (the hook for {@code socketio.adapter})
 * @param parser         the wire format every client of this server speaks: {@link Parser#DEFAULT}
 *                       or the msgpack parser ({@code socketio.parser})
 */
public record SocketIoConfig(Duration connectTimeout, int maxAttachments, RecoveryLimits recovery, AdapterFactory adapter,
                             Parser parser) {

    public SocketIoConfig {
        if (adapter == null) adapter = AdapterFactory.IN_MEMORY;
        if (parser == null) parser = Parser.DEFAULT;
    }

    /** The default parser. */
    public SocketIoConfig(Duration connectTimeout, int maxAttachments, RecoveryLimits recovery, AdapterFactory adapter) {
        this(connectTimeout, maxAttachments, recovery, adapter, Parser.DEFAULT);
    }

    /** In-memory rooms. */
    public SocketIoConfig(Duration connectTimeout, int maxAttachments, RecoveryLimits recovery) {
        this(connectTimeout, maxAttachments, recovery, AdapterFactory.IN_MEMORY);
    }

    /** Without connection state recovery, in-memory rooms. */
    public SocketIoConfig(Duration connectTimeout, int maxAttachments) {
        this(connectTimeout, maxAttachments, RecoveryLimits.off());
    }

    /** Node's defaults (45 s), and a bound on attachments that no sane client reaches. */
    public static SocketIoConfig defaults() {
        return new SocketIoConfig(Duration.ofSeconds(45), 10);
    }

    /** The same settings with another adapter (a cluster adapter's factory). */
    public SocketIoConfig withAdapter(AdapterFactory factory) {
        return new SocketIoConfig(connectTimeout, maxAttachments, recovery, factory, parser);
    }

    /** The same settings with another parser. */
    public SocketIoConfig withParser(Parser other) {
        return new SocketIoConfig(connectTimeout, maxAttachments, recovery, adapter, other);
    }
}
