package dev.sio.app.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The private messages sent and not yet answered, per recipient and in all on this node. Each send
 * holds a pending acknowledgement per socket until it is answered or times out (30 s), so without a
 * bound a client that never answers, or a flood to one user, makes the server hold ever more of them;
 * past a cap the caller keeps the message in the inbox instead of sending it. Thread-safe: every
 * operation is a few map updates under one lock, and nothing is called out from under it.
 */
final class InFlight {

    /** One send waiting for its answer: a message to the sockets of a user that were known when it was sent. */
    static final class Flight {
        private final String user;
        private final String messageId;
        /** The sockets that can still answer: a socket that leaves will not, and the flight lands when none is left. */
        private final Set<String> sockets;
        private boolean landed;

        private Flight(String user, String messageId, Collection<String> sockets) {
            this.user = user;
            this.messageId = messageId;
            this.sockets = new HashSet<>(sockets);
        }

        String user() {
            return user;
        }

        String messageId() {
            return messageId;
        }
    }

    private final int perUser;
    private final int total;
    private final Map<String, List<Flight>> byUser = new HashMap<>();
    private int count;

    InFlight(PrivateMessageSettings settings) {
        this.perUser = settings.inFlightPerUser();
        this.total = settings.inFlightTotal();
    }

    /** A slot for a send of message {@code messageId} to these sockets of {@code user}, or null when the user or the node is at its cap. */
    synchronized Flight take(String user, String messageId, Collection<String> sockets) {
        if (!hasRoom(user)) return null;
        Flight flight = new Flight(user, messageId, sockets);
        byUser.computeIfAbsent(user, u -> new ArrayList<>(4)).add(flight);
        count++;
        return flight;
    }

    /** The send was answered, timed out or failed: its slot is free. False when it had landed already (a flight lands once). */
    synchronized boolean land(Flight flight) {
        if (flight.landed) return false;
        flight.landed = true;
        List<Flight> flights = byUser.get(flight.user);
        flights.remove(flight); // by identity: two sends of one message are two flights
        if (flights.isEmpty()) byUser.remove(flight.user);
        count--;
        return true;
    }

    /**
     * A socket of the user left: it will answer nothing, and a send's own timeout would keep the slot
     * for 30 s (the user's next socket would wait for it). The flights that have no socket left land;
     * returns how many. A socket on another node is never seen leaving: its flights wait for the timeout.
     */
    synchronized int socketLeft(String user, String socketId) {
        List<Flight> flights = byUser.get(user);
        if (flights == null) return 0;
        int landed = 0;
        for (Flight flight : List.copyOf(flights)) {
            if (flight.sockets.remove(socketId) && flight.sockets.isEmpty() && land(flight)) landed++;
        }
        return landed;
    }

    /** Whether a send of this message to this user waits for its answer. */
    synchronized boolean inFlight(String user, String messageId) {
        List<Flight> flights = byUser.get(user);
        if (flights == null) return false;
        for (Flight flight : flights) {
            if (flight.messageId.equals(messageId)) return true;
        }
        return false;
    }

    /** Whether {@link #take} would give the user a slot now. */
    synchronized boolean hasRoom(String user) {
        return count < total && count(user) < perUser;
    }

    /** Whether at most half the user's slots are taken (and the node is not full). */
    synchronized boolean halfFree(String user) {
        return count < total && count(user) <= perUser / 2;
    }

    /** Whether the node is at its total cap. */
    synchronized boolean full() {
        return count >= total;
    }

    synchronized int count(String user) {
        List<Flight> flights = byUser.get(user);
        return flights == null ? 0 : flights.size();
    }

    synchronized int count() {
        return count;
    }
}
