package dev.sio.app.chat;

import dev.sio.app.chat.store.ChatMessage;
import dev.sio.app.chat.store.ChatStore;
import dev.sio.cdi.Rooms;
import dev.sio.log.LogSafe;
import dev.sio.socketio.server.FetchedSocket;
import dev.sio.socketio.server.JsonBuilders;
import dev.sio.socketio.server.Socket;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.ConfigProvider;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Private messages with an inbox: each is kept until a socket of its recipient acknowledges it,
 * sent at once to the recipient's connected sockets (any node) and again, oldest first, to each
 * socket of the recipient that connects or recovers its connection. At least once: a client drops
 * duplicates by {@code id}.
 * <p>
 * Sends waiting for an answer are bounded ({@link InFlight}, {@link PrivateMessageSettings}): past the
 * cap a message is not sent now but stays in the inbox, and goes out when a send of the same user is
 * answered (or its sockets leave, or it times out) or when a socket of the user connects. The inbox
 * read for a connecting socket waits for those slots in {@link Redeliveries}, bounded per user and per
 * node in messages and bytes: past a bound the rest stays in the inbox and is read again (through the
 * held-back path) once the held part has gone out.
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

    private PrivateMessageSettings settings;
    private InFlight inFlight;
    private Redeliveries redeliveries;
    /**
     * Users with a message held back by a cap, kept in the inbox: read again when a slot of theirs
     * frees. At most {@code in-flight-total} users; past it the messages wait for the user's next connection.
     */
    private final Set<String> heldBack = ConcurrentHashMap.newKeySet();
    /** A message was held back by the node's total cap (not the user's own). */
    private final AtomicBoolean starved = new AtomicBoolean();
    private static final int RESUMED_PER_SLOT = 8;
    /** When a redelivery bound was last logged (nanoTime), 0 before the first. */
    private final AtomicLong lastCutLog = new AtomicLong();

    @PostConstruct
    void init() {
        settings = PrivateMessageSettings.from(ConfigProvider.getConfig());
        inFlight = new InFlight(settings);
        redeliveries = new Redeliveries(inFlight, settings);
    }

    /** Made at deployment, so that a bad setting stops the deployment instead of the first private message. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        LOG.log(Level.DEBUG, "chat: private messages waiting for an answer: at most {0} per user, {1} in all; "
                        + "held for redelivery: at most {2} messages and {3} bytes per user, {4} and {5} in all",
                String.valueOf(settings.inFlightPerUser()), String.valueOf(settings.inFlightTotal()),
                String.valueOf(settings.redeliveryPerUser()), String.valueOf(settings.redeliveryBytesPerUser()),
                String.valueOf(settings.redeliveryTotal()), String.valueOf(settings.redeliveryBytesTotal()));
    }

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
                    if (sendLive(message, sockets)) return true;
                    // only once it is in the inbox: a read of the inbox before the insert would miss it
                    stored.thenAccept(kept -> {
                        if (kept) holdBack(to);
                    });
                    return false;
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

    /** Sends a message to every socket of its recipient if a slot is free; false when the cap holds it back. */
    private boolean sendLive(ChatMessage message, List<FetchedSocket> sockets) {
        InFlight.Flight flight = inFlight.take(message.target(), message.id(), sockets.stream().map(FetchedSocket::id).toList());
        if (flight == null) return false;
        rooms.toUser(ChatGateway.NAMESPACE, message.target()).timeout(ACK_TIMEOUT).emitWithAck(EVENT, toJson(message))
                .whenComplete((answers, late) -> {
                    // every socket answered; after a timeout it stays in the inbox for the next connection
                    if (late == null && !answers.isEmpty()) forget(message);
                    landed(flight);
                });
        return true;
    }

    /** Sends a socket its user's inbox, oldest first, each with an acknowledgement request, as slots allow. */
    void redeliver(Socket socket, ChatUser user) {
        if (!store.enabled()) return;
        store.inbox(user.id()).whenComplete((messages, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "chat: the inbox of {0} could not be read: {1}", LogSafe.text(user.id()), String.valueOf(failure));
                return;
            }
            Redeliveries.Cut cut = redeliveries.add(user.id(), new SocketTarget(socket), messages);
            if (cut != null) logCut(cut);
            resume(user.id());
        });
    }

    /** A socket of the user disconnected: what it was sent and will not answer frees its slots. */
    void left(Socket socket, ChatUser user) {
        redeliveries.drop(user.id(), socket.id());
        if (inFlight.socketLeft(user.id(), socket.id()) > 0) resume(user.id());
        else reread();
    }

    private void landed(InFlight.Flight flight) {
        if (!inFlight.land(flight)) return;
        resume(flight.user());
        if (starved.compareAndSet(true, false)) {
            // users held back by the node's total alone may have nothing of their own in flight to land:
            // a few of them go on with each slot that frees
            int resumed = 0;
            for (String user : heldBack) {
                if (++resumed > RESUMED_PER_SLOT) {
                    starved.set(true);
                    break;
                }
                resume(user);
            }
        }
    }

    /** A slot of the user freed: what waits for the user's sockets goes on. */
    private void resume(String user) {
        for (Redeliveries.Send send : redeliveries.next(user)) {
            Socket socket = ((SocketTarget) send.target()).socket();
            socket.emitWithAck(ACK_TIMEOUT, EVENT, toJson(send.message())).whenComplete((answer, failure) -> {
                if (failure == null) forget(send.message());
                landed(send.flight());
            });
        }
        reread();
        // the inbox is read again only once half the user's slots are free: each read then fills many
        // slots, instead of a read per answer while a long backlog drains
        if (inFlight.halfFree(user) && heldBack.remove(user)) drain(user);
    }

    /** Users whose redelivery was cut by a bound and has gone out: the rest of their inbox goes out as slots allow. */
    private void reread() {
        for (String user : redeliveries.takeRereads()) holdBack(user);
    }

    /** A redelivery bound was hit: logged at the first and then at most every 10 s, with the running count. */
    private void logCut(Redeliveries.Cut cut) {
        long now = System.nanoTime();
        long last = lastCutLog.get();
        if (last != 0 && now - last < TimeUnit.SECONDS.toNanos(10)) return;
        if (!lastCutLog.compareAndSet(last, now)) return;
        LOG.log(Level.WARNING, "chat: {0} of the {1} inbox messages of {2} held for redelivery ({3}{4} reached; {5} such cuts on this node so far): "
                        + "the rest stays in the inbox and goes out once these have",
                String.valueOf(cut.held()), String.valueOf(cut.read()), LogSafe.text(cut.user()), PrivateMessageSettings.PREFIX, cut.bound(),
                String.valueOf(redeliveries.cuts()));
    }

    private void holdBack(String user) {
        if (inFlight.full()) starved.set(true);
        if (heldBack.size() >= settings.inFlightTotal() || !heldBack.add(user)) return;
        // the sends that were in the way may all have been answered while the message was written
        if (inFlight.hasRoom(user)) resume(user);
    }

    /** Sends the user's sockets what the caps held back: the inbox, minus what is in flight, as slots allow. */
    private void drain(String user) {
        store.inbox(user).whenComplete((messages, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "chat: the inbox of {0} could not be read: {1}", LogSafe.text(user), String.valueOf(failure));
                return; // it waits for the user's next connection
            }
            rooms.toUser(ChatGateway.NAMESPACE, user).fetchSockets().whenComplete((sockets, offline) -> {
                if (offline != null || sockets.isEmpty()) return; // the next connection gets it
                for (ChatMessage message : messages) {
                    if (inFlight.inFlight(user, message.id())) continue;
                    if (!sendLive(message, sockets)) {
                        holdBack(user);
                        return;
                    }
                }
            });
        });
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

    private record SocketTarget(Socket socket) implements Redeliveries.Target {
        @Override
        public String id() {
            return socket.id();
        }

        @Override
        public boolean connected() {
            return socket.connected();
        }
    }
}
