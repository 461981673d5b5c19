package dev.sio.app.chat;

import dev.sio.app.chat.store.ChatMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inbox messages read for sockets that connected and not sent yet because their user had no free
 * {@link InFlight} slot: they go out, oldest first, as slots free. A user's sockets take turns, one
 * message each (the socket served goes to the back of the user's line, also from one free slot to the
 * next), so one socket's long inbox does not hold back another's. Thread-safe; it takes the
 * slots but sends nothing itself (the caller sends what {@link #next} returns, outside any lock).
 * <p>
 * Bounded per user and per node, in messages and in bytes ({@link PrivateMessageSettings}): a user
 * has one copy of the inbox, the latest read, shared by all of the user's waiting sockets, each with
 * a cursor (what it was last sent, and the newest message of its own read); what every cursor has
 * passed is let go. A read that does not fit in the bounds is held only as far as it fits, oldest
 * first: the rest stays in the inbox, and once the held part has gone out the user is named by
 * {@link #takeRereads} for the caller to read the inbox again (or it goes out at the user's next
 * connection). Each cut is counted ({@link #cuts}) and reported by {@link #add}'s answer.
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

    /** A read held only in part: {@code held} of its {@code read} messages, stopped by {@code bound}. */
    record Cut(String user, int held, int read, String bound) {
    }

    /** One waiting socket's place in its user's copy. */
    private static final class Cursor {
        final Target target;
        /** The newest message of the read made for this socket: it gets nothing newer from here. */
        final String until;
        /** The id of the last message it was sent from here, null before the first. */
        String last;
        /** Index of the next message to send it in {@link Copy#messages}. */
        int next;

        Cursor(Target target, String until) {
            this.target = target;
            this.until = until;
        }
    }

    /** A user's inbox as last read, oldest first, minus what every cursor has passed. */
    private static final class Copy {
        final List<ChatMessage> messages = new ArrayList<>();
        long bytes;
        final Map<String, Cursor> cursors = new LinkedHashMap<>();
        /** The last read did not fit: there is more in the inbox than this copy. */
        boolean cut;
    }

    private final InFlight inFlight;
    private final int perUser;
    private final long bytesPerUser;
    private final int total;
    private final long bytesTotal;
    private final Map<String, Copy> users = new LinkedHashMap<>();
    /** Messages and bytes held in all copies. */
    private int count;
    private long bytes;
    private long cuts;
    /** Users whose cut copy has gone out: their inbox is to be read again. */
    private final List<String> rereads = new ArrayList<>();
    /** A take failed on the node's total cap: users other than the one whose slot freed may now go on. */
    private boolean starved;

    Redeliveries(InFlight inFlight, PrivateMessageSettings settings) {
        this.inFlight = inFlight;
        this.perUser = settings.redeliveryPerUser();
        this.bytesPerUser = settings.redeliveryBytesPerUser();
        this.total = settings.redeliveryTotal();
        this.bytesTotal = settings.redeliveryBytesTotal();
    }

    /** What a message costs to hold, estimated: two bytes a character of its strings, and 64 for the objects. */
    static long bytes(ChatMessage m) {
        return 64 + 2L * (m.id().length() + m.target().length() + m.senderId().length() + m.senderName().length() + m.body().length());
    }

    /**
     * The user's inbox, oldest first, as read for a socket that connected: the socket is to get it
     * all; replaces what was waiting for a socket of the same id (a recovered socket). The read, plus
     * what the old copy has past its end, becomes the user's copy for every waiting socket, each going
     * on after what it was last sent (so a message acknowledged since is not sent again). Returns the
     * cut when a bound stopped the read from being held in full (null when it was).
     */
    synchronized Cut add(String user, Target target, List<ChatMessage> read) {
        Copy copy = users.get(user);
        if (read.isEmpty() && copy == null) return null;
        List<ChatMessage> merged = read;
        if (copy == null) {
            copy = new Copy();
            users.put(user, copy);
        } else {
            copy.cursors.remove(target.id());
            // what the old copy has past the end of this read: reads finish out of order, and one made
            // before a message came must not take it from a socket whose newer read had it
            int tail = read.isEmpty() ? 0 : after(copy.messages, read.get(read.size() - 1).id());
            if (tail < copy.messages.size()) {
                merged = new ArrayList<>(read);
                merged.addAll(copy.messages.subList(tail, copy.messages.size()));
            }
            count -= copy.messages.size();
            bytes -= copy.bytes;
            copy.messages.clear();
            copy.bytes = 0;
        }
        String bound = null;
        for (ChatMessage message : merged) {
            long size = bytes(message);
            if (copy.messages.size() >= perUser) bound = "redelivery-per-user";
            else if (copy.bytes + size > bytesPerUser) bound = "redelivery-bytes-per-user";
            else if (count >= total) bound = "redelivery-total";
            else if (bytes + size > bytesTotal) bound = "redelivery-bytes-total";
            if (bound != null) break;
            copy.messages.add(message);
            copy.bytes += size;
            count++;
            bytes += size;
        }
        copy.cut = bound != null;
        for (Cursor cursor : copy.cursors.values()) cursor.next = after(copy.messages, cursor.last);
        if (!read.isEmpty()) copy.cursors.put(target.id(), new Cursor(target, read.get(read.size() - 1).id()));
        settle(user, copy);
        if (bound == null) return null;
        cuts++;
        return new Cut(user, copy.messages.size(), merged.size(), bound);
    }

    /** The socket left: what it was still to get waits for the user's next connection. */
    synchronized void drop(String user, String socketId) {
        Copy copy = users.get(user);
        if (copy == null) return;
        copy.cursors.remove(socketId);
        settle(user, copy);
    }

    /** Takes the slots that are free for the user's waiting messages, then, if the node's cap had stopped others, for theirs. */
    synchronized List<Send> next(String user) {
        List<Send> sends = new ArrayList<>();
        fill(user, sends);
        if (starved && !inFlight.full()) {
            starved = false;
            for (String other : List.copyOf(users.keySet())) {
                if (!fill(other, sends)) break;
            }
        }
        return sends;
    }

    /** The users whose cut copy has gone out (or whose sockets all left) since the last call: read their inbox again. */
    synchronized List<String> takeRereads() {
        if (rereads.isEmpty()) return List.of();
        List<String> taken = List.copyOf(rereads);
        rereads.clear();
        return taken;
    }

    /** Whether anything waits for the user's sockets. */
    synchronized boolean waiting(String user) {
        return users.containsKey(user);
    }

    /** Messages held for redelivery on the node. */
    synchronized int count() {
        return count;
    }

    /** Messages held for the user's sockets (one copy, however many sockets wait). */
    synchronized int count(String user) {
        Copy copy = users.get(user);
        return copy == null ? 0 : copy.messages.size();
    }

    /** Bytes held for redelivery on the node, estimated ({@link #bytes(ChatMessage)}). */
    synchronized long bytes() {
        return bytes;
    }

    /** Reads that a bound stopped from being held in full, since the start. */
    synchronized long cuts() {
        return cuts;
    }

    /** Adds the user's sends; false when the node's total cap stopped it. */
    private boolean fill(String user, List<Send> sends) {
        Copy copy = users.get(user);
        if (copy == null) return true;
        try {
            boolean more = true;
            while (more) {
                more = false;
                for (Cursor cursor : List.copyOf(copy.cursors.values())) {
                    String id = cursor.target.id();
                    if (!cursor.target.connected() || done(copy, cursor)) {
                        copy.cursors.remove(id);
                        continue;
                    }
                    ChatMessage message = copy.messages.get(cursor.next);
                    InFlight.Flight flight = inFlight.take(user, message.id(), Set.of(id));
                    if (flight == null) {
                        if (inFlight.full()) {
                            starved = true;
                            return false;
                        }
                        return true;
                    }
                    cursor.next++;
                    cursor.last = message.id();
                    sends.add(new Send(cursor.target, message, flight));
                    // to the back: the next free slot goes to another socket first
                    copy.cursors.remove(id);
                    if (!done(copy, cursor)) {
                        copy.cursors.put(id, cursor);
                        more = true;
                    }
                }
            }
            return true;
        } finally {
            settle(user, copy);
        }
    }

    private static boolean done(Copy copy, Cursor cursor) {
        return cursor.next >= copy.messages.size() || copy.messages.get(cursor.next).id().compareTo(cursor.until) > 0;
    }

    /** Lets go of what every cursor has passed, and of the copy when no cursor is left. */
    private void settle(String user, Copy copy) {
        copy.cursors.values().removeIf(cursor -> done(copy, cursor));
        int passed = copy.messages.size();
        for (Cursor cursor : copy.cursors.values()) passed = Math.min(passed, cursor.next);
        if (passed > 0) {
            List<ChatMessage> gone = copy.messages.subList(0, passed);
            long size = 0;
            for (ChatMessage message : gone) size += bytes(message);
            gone.clear();
            copy.bytes -= size;
            bytes -= size;
            count -= passed;
            for (Cursor cursor : copy.cursors.values()) cursor.next -= passed;
        }
        if (copy.cursors.isEmpty() && users.get(user) == copy) {
            users.remove(user);
            if (copy.cut) rereads.add(user);
        }
    }

    /** Index of the first message newer than {@code last} (0 when null). */
    private static int after(List<ChatMessage> messages, String last) {
        if (last == null) return 0;
        int low = 0;
        int high = messages.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (messages.get(mid).id().compareTo(last) <= 0) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
