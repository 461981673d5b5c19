package dev.sio.socketio.recovery;

import java.util.List;
import java.util.Set;

/**
 * One EVENT kept for recovery, as it went out: its encoded text (the offset already appended as last
 * argument) and binary attachments, and whom it was for. Plain data, so that a shared store can
 * serialise it.
 *
 * @param offset   the id the client reports back as its last received packet
 * @param rooms    the rooms it went to (empty: the whole namespace)
 * @param except   the rooms it left out
 * @param storedAt milliseconds since the epoch, stamped by the store
 */
public record StoredPacket(String offset, String namespace, Set<String> rooms, Set<String> except, String text,
                           List<byte[]> attachments, long storedAt) {

    public StoredPacket {
        rooms = Set.copyOf(rooms);
        except = Set.copyOf(except);
        attachments = List.copyOf(attachments);
    }

    /** The same packet, stored at {@code millis}. */
    public StoredPacket at(long millis) {
        return new StoredPacket(offset, namespace, rooms, except, text, attachments, millis);
    }

    /**
     * The same packet with its offset: {@code text} was encoded without it, and the offset goes in as a
     * last string argument. The text of an EVENT always ends with its argument array's {@code ]}, so
     * this is a splice, not a second encoding (offsets are stream ids or base-36 counters: no escaping).
     */
    public StoredPacket withOffset(String newOffset) {
        if (text.isEmpty() || text.charAt(text.length() - 1) != ']') {
            throw new IllegalArgumentException("not an encoded EVENT: " + text);
        }
        String spliced = text.substring(0, text.length() - 1) + ",\"" + newOffset + "\"]";
        return new StoredPacket(newOffset, namespace, rooms, except, spliced, attachments, storedAt);
    }

    /** What it costs to keep: text characters (UTF-16: two bytes each) plus attachment bytes, plus a fixed overhead. */
    public long bytes() {
        long bytes = 64L + 2L * text.length();
        for (byte[] attachment : attachments) bytes += attachment.length;
        return bytes;
    }

    /** Whether a socket in {@code socketRooms} of {@code nsp} was meant to get it. */
    public boolean isFor(String nsp, Set<String> socketRooms) {
        if (!namespace.equals(nsp)) return false;
        boolean included = rooms.isEmpty();
        for (String room : socketRooms) {
            if (except.contains(room)) return false;
            if (!included && rooms.contains(room)) included = true;
        }
        return included;
    }
}
