package dev.sio.app.chat;

import dev.sio.app.chat.store.ChatMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inbox messages read for a socket that connected and not sent yet because its user had no free
 * {@link InFlight} slot: they go out, oldest first, as slots free. A user's sockets take turns, one
 * message each, so one socket's long inbox does not hold back another's. Thread-safe; it takes the
 * slots but sends nothing itself (the caller sends what {@link #next} returns, outside any lock).
 */
final class Redeliveries {

    /** Where a redelivery goes: a socket, as far as this queue needs to know it. */
    interface Target {
        String id();

        boolean connected();
    }

    /** One message to send now, with the slot it holds (land it when the send is answered or fails). */
    record Send(Target target, ChatMessage message, InFlight.Flight flight) {
    }

    private record Waiting(Target target, ArrayDeque<ChatMessage> rest) {
    }

    private final InFlight inFlight;
    /** user -> socket id -> what that socket has still to get. */
    private final Map<String, Map<String, Waiting>> waiting = new LinkedHashMap<>();
    /** A take failed on the node's total cap: users other than the one whose slot freed may now go on. */
    private boolean starved;

    Redeliveries(InFlight inFlight) {
        this.inFlight = inFlight;
    }

    /** What a socket of the user is to get, oldest first; replaces what was waiting for a socket of the same id (a recovered socket). */
    synchronized void add(String user, Target target, List<ChatMessage> messages) {
        if (messages.isEmpty()) return;
        waiting.computeIfAbsent(user, u -> new LinkedHashMap<>()).put(target.id(), new Waiting(target, new ArrayDeque<>(messages)));
    }

    /** The socket left: what it was still to get waits for the user's next connection. */
    synchronized void drop(String user, String socketId) {
        Map<String, Waiting> sockets = waiting.get(user);
        if (sockets == null) return;
        sockets.remove(socketId);
        if (sockets.isEmpty()) waiting.remove(user);
    }

    /** Takes the slots that are free for the user's waiting messages, then, if the node's cap had stopped others, for theirs. */
    synchronized List<Send> next(String user) {
        List<Send> sends = new ArrayList<>();
        fill(user, sends);
        if (starved && !inFlight.full()) {
            starved = false;
            for (String other : List.copyOf(waiting.keySet())) {
                if (!fill(other, sends)) break;
            }
        }
        return sends;
    }

    /** Whether anything waits for the user's sockets. */
    synchronized boolean waiting(String user) {
        return waiting.containsKey(user);
    }

    /** Adds the user's sends; false when the node's total cap stopped it. */
    private boolean fill(String user, List<Send> sends) {
        Map<String, Waiting> sockets = waiting.get(user);
        if (sockets == null) return true;
        boolean more = true;
        try {
            while (more) {
                more = false;
                for (Iterator<Waiting> it = sockets.values().iterator(); it.hasNext(); ) {
                    Waiting w = it.next();
                    if (!w.target().connected()) {
                        it.remove();
                        continue;
                    }
                    ChatMessage message = w.rest().peek();
                    InFlight.Flight flight = inFlight.take(user, message.id(), Set.of(w.target().id()));
                    if (flight == null) {
                        if (inFlight.full()) {
                            starved = true;
                            return false;
                        }
                        return true;
                    }
                    w.rest().poll();
                    sends.add(new Send(w.target(), message, flight));
                    if (w.rest().isEmpty()) it.remove();
                    else more = true;
                }
            }
            return true;
        } finally {
            if (sockets.isEmpty()) waiting.remove(user);
        }
    }
}
