package dev.sio.app.chat;

import dev.sio.app.chat.store.ChatMessage;
import dev.sio.app.chat.store.ChatStore;
import dev.sio.cdi.Rooms;
import dev.sio.log.LogSafe;
import dev.sio.socketio.server.JsonBuilders;
import dev.sio.socketio.server.Socket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Private messages with an inbox: each is kept until a socket of its recipient acknowledges it,
 * sent at once to the recipient's connected sockets (any node) and again, oldest first, to each
 * socket of the recipient that connects or recovers its connection. At least once: a client drops
 * duplicates by {@code id}.
 */
@ApplicationScoped
class PrivateMessages {

    private static final Logger LOG = System.getLogger(PrivateMessages.class.getName());
    static final String EVENT = "privateMessage";
    /** How long a recipient's sockets have to acknowledge; unacknowledged, the message waits in the inbox. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Rooms rooms;

    @Inject
    ChatStore store;

    /**
     * Keeps and sends a message; completes with the sender's answer: {@code {ok:true, id, delivered}},
     * or {@code {ok:false, error:"not stored"}} when it could neither be kept nor sent to anyone.
     */
    CompletionStage<JsonObject> send(ChatUser from, String to, String text) {
        var stamp = store.stamp();
        ChatMessage message = new ChatMessage(stamp.id(), to, from.id(), ChatGateway.shown(from.name()), text, stamp.ts());
        // queued before the live send, so that an acknowledgement's delete comes after the insert
        CompletableFuture<Boolean> stored = store.keepPrivateMessage(message).handle((ok, failure) -> failure == null);
        CompletableFuture<Boolean> delivered = rooms.toUser(ChatGateway.NAMESPACE, to).fetchSockets()
                .handle((sockets, failure) -> {
                    if (failure != null || sockets.isEmpty()) return false;
                    rooms.toUser(ChatGateway.NAMESPACE, to).timeout(ACK_TIMEOUT).emitWithAck(EVENT, toJson(message))
                            .whenComplete((answers, late) -> {
                                // every socket answered; after a timeout it stays in the inbox for the next connection
                                if (late == null && !answers.isEmpty()) forget(message);
                            });
                    return true;
                });
        return stored.thenCombine(delivered, (kept, sent) -> {
            if (!kept && !sent) {
                LOG.log(Level.WARNING, "chat: a private message from {0} to {1} was neither stored nor delivered (answered \"not stored\")",
                        LogSafe.text(from.id()), LogSafe.text(to));
                return ChatGateway.error("not stored");
            }
            if (!kept) {
                LOG.log(Level.WARNING, "chat: a private message from {0} to {1} was delivered but not stored: it is not sent again",
                        LogSafe.text(from.id()), LogSafe.text(to));
            }
            var answer = JsonBuilders.object().add("ok", true).add("id", message.id()).add("delivered", sent);
            if (!kept) answer.add("stored", false);
            return answer.build();
        });
    }

    /** Sends a socket its user's inbox, oldest first, each with an acknowledgement request. */
    void redeliver(Socket socket, ChatUser user) {
        if (!store.enabled()) return;
        store.inbox(user.id()).whenComplete((messages, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "chat: the inbox of {0} could not be read: {1}", LogSafe.text(user.id()), String.valueOf(failure));
                return;
            }
            send(socket, messages);
        });
    }

    private void send(Socket socket, List<ChatMessage> messages) {
        for (ChatMessage message : messages) {
            if (!socket.connected()) return; // the rest waits for the next connection
            socket.emitWithAck(ACK_TIMEOUT, EVENT, toJson(message)).whenComplete((answer, failure) -> {
                if (failure == null) forget(message);
            });
        }
    }

    private void forget(ChatMessage message) {
        store.acknowledged(message.target(), message.id()).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.log(Level.DEBUG, "chat: acknowledged private message {0} not removed from the inbox: {1}", message.id(), String.valueOf(failure));
            }
        });
    }

    static JsonObject toJson(ChatMessage m) {
        return JsonBuilders.object()
                .add("id", m.id())
                .add("from", new ChatUser(m.senderId(), m.senderName()).toJson())
                .add("message", m.body())
                .add("ts", m.ts())
                .build();
    }
}
