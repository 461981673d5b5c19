package dev.sio.socketio.protocol;

/**
 * A Socket.IO packet that breaks the v5 wire format or its payload rules.
 *
 * <p>The message is meant for server logs: it quotes at most a character or a known event
 * name from the input, never the packet itself, so a client cannot flood or forge log lines.
 */
public class SocketIoProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    public SocketIoProtocolException(String message) {
        super(message);
    }
}
