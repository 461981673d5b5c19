package dev.sio.app.chat;

import dev.sio.log.LogSafe;
import dev.sio.cdi.OnConnect;
import dev.sio.cdi.OnDisconnect;
import dev.sio.cdi.OnEvent;
import dev.sio.cdi.Rooms;
import dev.sio.cdi.SocketGateway;
import dev.sio.socketio.server.JsonBuilders;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The starter's chat gateway: {@code message} to everyone, rooms with join and leave notices, and
 * messages to a room. Each handler answers {@code {ok:true}} (or {@code {ok:false,error}}) when the
 * client asks for an acknowledgement. Only holders of a valid token connect; the token's subject and
 * display name are the {@code user} of join, leave and room-message notices.
 */
@ApplicationScoped
@SocketGateway(namespace = "/chat")
@RolesAllowed("**") // any authenticated user
public class ChatGateway {

    private static final Logger LOG = System.getLogger(ChatGateway.class.getName());
    static final JsonObject OK = JsonBuilders.object().add("ok", true).build();
    private static final int MAX_ROOM_NAME = 128;

    @Inject
    Rooms rooms;

    @OnConnect
    void connected(Socket socket, JsonWebToken token) {
        LOG.log(Level.INFO, "chat: {0} {1} ({2}, from {3})", LogSafe.text(ChatUser.of(token, socket.id())),
                socket.recovered() ? "recovered its connection" : "connected", socket.transport(), socket.handshake().address());
    }

    @OnDisconnect
    void disconnected(Socket socket, JsonWebToken token, String reason) {
        LOG.log(Level.INFO, "chat: {0} disconnected ({1})", LogSafe.text(ChatUser.of(token, socket.id())), LogSafe.text(reason));
    }

    /** Everyone in /chat, the sender included, receives the message as sent. */
    @OnEvent("message")
    JsonObject message(Namespace chat, Payload payload) {
        if (payload.isEmpty()) return error("message is empty");
        chat.emit("message", payload.values());
        return OK;
    }

    @OnEvent("joinRoom")
    JsonObject joinRoom(Socket socket, JsonWebToken token, JsonValue room) {
        String name = roomName(room);
        if (name == null) return error("room must be a non-empty string of at most " + MAX_ROOM_NAME + " characters");
        // already in it (a recovered socket keeps its rooms, and an older page may join again): the
        // others were told when it joined, they are not told twice
        if (socket.rooms().contains(name)) return OK;
        rooms.join(socket, name);
        socket.to(name).emit("userJoined", notice(ChatUser.of(token, socket.id()), name));
        return OK;
    }

    @OnEvent("leaveRoom")
    JsonObject leaveRoom(Socket socket, JsonWebToken token, JsonValue room) {
        String name = roomName(room);
        if (name == null) return error("room must be a non-empty string of at most " + MAX_ROOM_NAME + " characters");
        socket.to(name).emit("userLeft", notice(ChatUser.of(token, socket.id()), name));
        rooms.leave(socket, name);
        return OK;
    }

    /**
     * {@code {room, message}}: everyone in the room, the sender included, receives {@code {user, message}}
     * with {@code user = {id, name}}.
     */
    @OnEvent("roomMessage")
    JsonObject roomMessage(Socket socket, JsonWebToken token, JsonValue body) {
        if (!(body instanceof JsonObject object)) return error("roomMessage takes {room, message}");
        String name = roomName(object.get("room"));
        if (name == null) return error("room must be a non-empty string of at most " + MAX_ROOM_NAME + " characters");
        if (!object.containsKey("message")) return error("message is missing");
        JsonObject delivered = JsonBuilders.object()
                .add("user", ChatUser.of(token, socket.id()).toJson())
                .add("message", object.get("message"))
                .build();
        rooms.to("/chat", name).emit("message", delivered);
        return OK;
    }

    private static JsonObject notice(ChatUser user, String room) {
        return JsonBuilders.object().add("user", user.toJson()).add("room", room).build();
    }

    private static String roomName(JsonValue value) {
        if (!(value instanceof JsonString s)) return null;
        String name = s.getString();
        return name.isBlank() || name.length() > MAX_ROOM_NAME ? null : name;
    }

    private static JsonObject error(String message) {
        return JsonBuilders.object().add("ok", false).add("error", message).build();
    }
}
