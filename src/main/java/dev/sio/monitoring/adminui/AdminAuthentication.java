package dev.sio.monitoring.adminui;

import dev.sio.log.LogSafe;
import dev.sio.socketio.server.ConnectMiddleware;
import dev.sio.socketio.server.ConnectRefusedException;
import dev.sio.socketio.server.Socket;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code /admin} namespace's CONNECT check, as instrument()'s basic authentication: a live
 * session id in {@code auth.sessionId} lets the UI back in; otherwise {@code auth.username} and
 * {@code auth.password} must match, and a new session id is handed out (sent as the {@code session}
 * event once the socket joined: an event before the CONNECT answer would be dropped). Anything
 * else is refused with "invalid credentials", logged and counted.
 */
final class AdminAuthentication implements ConnectMiddleware {

    static final String INVALID_CREDENTIALS = "invalid credentials";
    /** The socket attribute that carries a freshly opened session id to the connection listener. */
    static final String NEW_SESSION = "dev.sio.adminui.newSession";

    private static final Logger LOG = System.getLogger(AdminAuthentication.class.getName());

    private final String username;
    private final PasswordHash password;
    private final AdminSessions sessions;
    private final LongAdder refused = new LongAdder();

    AdminAuthentication(String username, PasswordHash password, AdminSessions sessions) {
        this.username = username;
        this.password = password;
        this.sessions = sessions;
    }

    @Override
    public void check(Socket socket) throws ConnectRefusedException {
        JsonObject auth = socket.handshake().auth();
        if (sessions.valid(text(auth, "sessionId"))) return;
        // the password is checked even for a wrong name, so the answer time does not tell names apart
        boolean passwordMatches = password.matches(text(auth, "password"));
        if (sameName(text(auth, "username")) && passwordMatches) {
            socket.attribute(NEW_SESSION, sessions.open());
            LOG.log(Level.INFO, "Admin UI login from {0}", LogSafe.text(socket.handshake().address()));
            return;
        }
        refused.increment();
        LOG.log(Level.WARNING, "Admin UI login refused from {0}: invalid credentials", LogSafe.text(socket.handshake().address()));
        throw new ConnectRefusedException(INVALID_CREDENTIALS);
    }

    /** Logins refused since the start. */
    long refusedLogins() {
        return refused.sum();
    }

    private boolean sameName(String given) {
        if (given == null) return false;
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), username.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonObject auth, String key) {
        JsonValue value = auth == null ? null : auth.get(key);
        return value instanceof JsonString s ? s.getString() : null;
    }
}
