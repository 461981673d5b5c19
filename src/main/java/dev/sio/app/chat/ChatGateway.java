package dev.sio.app.chat;

import dev.sio.app.chat.store.ChatMessage;
import dev.sio.app.chat.store.ChatStore;
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
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The starter's chat gateway: {@code message} to everyone, rooms with join and leave notices,
 * messages to a room (kept in the room's history, see {@link ChatStore}), {@code history}, and
 * private messages to a user kept in the user's inbox until acknowledged ({@link PrivateMessages}).
 * Each handler answers {@code {ok:true,...}} (or {@code {ok:false,error}}) when the client asks for an
 * acknowledgement. Only holders of a valid token connect; the token's subject and display name are
 * the {@code user} of join, leave and room-message notices.
 */
@ApplicationScoped
@SocketGateway(namespace = "/chat")
@RolesAllowed("**") // any authenticated user
public class ChatGateway {

    private static final Logger LOG = System.getLogger(ChatGateway.class.getName());
    static final String NAMESPACE = "/chat";
    static final JsonObject OK = JsonBuilders.object().add("ok", true).build();
    private static final int MAX_ROOM_NAME = 128;
    static final int HISTORY_DEFAULT = 50;
    static final int HISTORY_MAX = 200;

    @Inject
    Rooms rooms;

    @Inject
    ChatStore store;

    @Inject
    PrivateMessages privateMessages;

    @OnConnect
    void connected(Socket socket, JsonWebToken token) {
        LOG.log(Level.INFO, "chat: {0} {1} ({2}, from {3})", LogSafe.text(ChatUser.of(token, socket.id())),
                socket.recovered() ? "recovered its connection" : "connected", socket.transport(), socket.handshake().address());
        // what came while the user was away (or was not acknowledged), read off this thread
        privateMessages.redeliver(socket, ChatUser.of(token, socket.id()));
    }

    @OnDisconnect
    void disconnected(Socket socket, JsonWebToken token, String reason) {
        ChatUser user = ChatUser.of(token, socket.id());
        LOG.log(Level.INFO, "chat: {0} disconnected ({1})", LogSafe.text(user), LogSafe.text(reason));
        // the private messages it was sent and will not answer: their slots go to the user's other sockets
        privateMessages.left(socket, user);
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
     * {@code {room, message}}: everyone in the room, the sender included, receives
     * {@code {id, room, user, message, ts}} with {@code user = {id, name}}; the message is kept in the
     * room's history, and the acknowledgement is {@code {ok:true, id}}. The history is written behind
     * (a database that is down or slow never holds the live message back).
     */
    @OnEvent("roomMessage")
    JsonObject roomMessage(Socket socket, JsonWebToken token, JsonValue body) {
        if (!(body instanceof JsonObject object)) return error("roomMessage takes {room, message}");
        String name = roomName(object.get("room"));
        if (name == null) return error("room must be a non-empty string of at most " + MAX_ROOM_NAME + " characters");
        String refusal = textRefusal(object.get("message"));
        if (refusal != null) return error(refusal);
        ChatUser user = ChatUser.of(token, socket.id());
        var stamp = store.stamp();
        ChatMessage message = new ChatMessage(stamp.id(), name, user.id(), shown(user.name()), ((JsonString) object.get("message")).getString(), stamp.ts());
        rooms.to(NAMESPACE, name).emit("message", toJson(message));
        if (storable(user)) store.keepRoomMessage(message); // failures are logged and counted by the store
        return JsonBuilders.object().add("ok", true).add("id", message.id()).build();
    }

    /**
     * {@code {room, before?, limit?}}, members of the room only: {@code {ok:true, messages}}, the newest
     * {@code limit} (default 50, at most 200) messages before the id {@code before} (or now), oldest first.
     */
    @OnEvent("history")
    CompletionStage<JsonObject> history(Socket socket, JsonValue body) {
        if (!(body instanceof JsonObject object)) return done(error("history takes {room, before?, limit?}"));
        String name = roomName(object.get("room"));
        if (name == null) return done(error("room must be a non-empty string of at most " + MAX_ROOM_NAME + " characters"));
        JsonValue before = object.get("before");
        if (before != null && before != JsonValue.NULL
                && !(before instanceof JsonString s && !s.getString().isEmpty() && s.getString().length() <= ChatMessage.MAX_ID)) {
            return done(error("before must be a message id"));
        }
        JsonValue limitValue = object.get("limit");
        int limit = HISTORY_DEFAULT;
        if (limitValue != null && limitValue != JsonValue.NULL) {
            if (!(limitValue instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 1 || n.longValue() > HISTORY_MAX) {
                return done(error("limit must be a whole number from 1 to " + HISTORY_MAX));
            }
            limit = n.intValue();
        }
        if (!socket.rooms().contains(name)) return done(error("not in room"));
        String beforeId = before instanceof JsonString s ? s.getString() : null;
        return store.history(name, beforeId, limit).handle((messages, failure) -> {
            if (failure != null) return error("history unavailable");
            JsonArrayBuilder list = JsonBuilders.array();
            for (ChatMessage m : messages) list.add(toJson(m));
            return JsonBuilders.object().add("ok", true).add("messages", list).build();
        });
    }

    /**
     * {@code {to, message}}, {@code to} a user id (a token's {@code sub}): every socket of that user, on
     * any node, gets {@code privateMessage {id, from, message, ts}} and is asked to acknowledge it;
     * the sender is answered {@code {ok:true, id, delivered}} (see {@link PrivateMessages}).
     */
    @OnEvent("privateMessage")
    CompletionStage<JsonObject> privateMessage(Socket socket, JsonWebToken token, JsonValue body) {
        if (!(body instanceof JsonObject object)) return done(error("privateMessage takes {to, message}"));
        if (!(object.get("to") instanceof JsonString to) || to.getString().isBlank() || to.getString().length() > ChatMessage.MAX_TARGET) {
            return done(error("to must be a user id: a non-empty string of at most " + ChatMessage.MAX_TARGET + " characters"));
        }
        String refusal = textRefusal(object.get("message"));
        if (refusal != null) return done(error(refusal));
        ChatUser user = ChatUser.of(token, socket.id());
        if (!storable(user)) return done(error("your user id is too long"));
        return privateMessages.send(user, to.getString(), ((JsonString) object.get("message")).getString());
    }

    static JsonObject toJson(ChatMessage m) {
        return JsonBuilders.object()
                .add("id", m.id())
                .add("room", m.target())
                .add("user", new ChatUser(m.senderId(), m.senderName()).toJson())
                .add("message", m.body())
                .add("ts", m.ts())
                .build();
    }

    /** Why a message text is refused, or null: it must be a string, not empty, of at most {@link ChatMessage#MAX_BODY} characters. */
    private static String textRefusal(JsonValue value) {
        if (value == null) return "message is missing";
        if (!(value instanceof JsonString s)) return "message must be a string";
        if (s.getString().isEmpty()) return "message is empty";
        if (s.getString().length() > ChatMessage.MAX_BODY) return "message is longer than " + ChatMessage.MAX_BODY + " characters";
        return null;
    }

    /** Whether the user's id fits the store's column (ids from tokens are short; an id never seen so is not kept). */
    private static boolean storable(ChatUser user) {
        return user.id().length() <= ChatMessage.MAX_USER;
    }

    /** A display name cut to the store's column (it is only shown). */
    static String shown(String name) {
        return name.length() <= ChatMessage.MAX_USER ? name : name.substring(0, ChatMessage.MAX_USER);
    }

    private static CompletionStage<JsonObject> done(JsonObject answer) {
        return CompletableFuture.completedFuture(answer);
    }

    private static JsonObject notice(ChatUser user, String room) {
        return JsonBuilders.object().add("user", user.toJson()).add("room", room).build();
    }

    private static String roomName(JsonValue value) {
        if (!(value instanceof JsonString s)) return null;
        String name = s.getString();
        return name.isBlank() || name.length() > MAX_ROOM_NAME ? null : name;
    }

    static JsonObject error(String message) {
        return JsonBuilders.object().add("ok", false).add("error", message).build();
    }
}
