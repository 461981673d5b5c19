package dev.sio.cdi;

import dev.sio.socketio.server.Socket;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The verified token a socket connected with. Gateways usually take it as a {@code JsonWebToken}
 * handler parameter; this is for code that only has the {@link Socket}.
 */
public final class Principals {

    /** The socket attribute that holds the principal. */
    public static final String ATTRIBUTE = "dev.sio.principal";

    private Principals() {
    }

    /** The socket's verified token, or null for an anonymous socket (a gateway without authentication). */
    public static JsonWebToken of(Socket socket) {
        return socket.attribute(ATTRIBUTE) instanceof JsonWebToken token ? token : null;
    }
}
