package dev.sio.socketio.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Objects;

/**
 * One Socket.IO v5 packet.
 *
 * <p>Binary data is not merged into {@code data}: where an attachment stands, data holds the
 * placeholder {@code {"_placeholder":true,"num":N}} (see {@link Placeholders}) and the bytes
 * are {@code attachments.get(N)}. That keeps the wire form and the object form one-to-one and
 * leaves it to the caller to decide what a "binary value" is in its own API.
 *
 * @param type        never null
 * @param namespace   never null; {@code "/"} for the main namespace. Must start with '/' and
 *                    contain no ',' (the wire format has no escape for it)
 * @param id          the acknowledgement id, or null when none; never negative
 * @param data        the payload, or null when absent
 * @param attachments never null; non-empty exactly when {@code type.isBinary()}. The list is
 *                    copied, the byte arrays are not
 */
public record Packet(PacketType type, String namespace, Long id, JsonValue data, List<byte[]> attachments) {

    /** The main namespace. */
    public static final String MAIN_NAMESPACE = "/";

    private static final int TO_STRING_DATA_LIMIT = 100;

    public Packet {
        Objects.requireNonNull(type, "type");
        if (namespace == null) {
            namespace = MAIN_NAMESPACE;
        } else if (namespace.isEmpty() || namespace.charAt(0) != '/' || namespace.indexOf(',') >= 0) {
            throw new IllegalArgumentException("namespace must start with '/' and contain no ','");
        }
        if (id != null && id < 0) {
            throw new IllegalArgumentException("id must not be negative: " + id);
        }
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        if (type.isBinary() == attachments.isEmpty()) {
            throw new IllegalArgumentException(type.isBinary()
                    ? type + " needs at least one attachment"
                    : type + " cannot carry attachments; use " + (type == PacketType.ACK ? "BINARY_ACK" : "BINARY_EVENT"));
        }
    }

    /** The CONNECT a client sends to join {@code nsp}, or the server's answer (data {"sid": ...}). */
    public static Packet connect(String nsp, JsonObject data) {
        return new Packet(PacketType.CONNECT, nsp, null, data, List.of());
    }

    /** The server's answer to a CONNECT: {@code 0/nsp,{"sid":"..."}}. */
    public static Packet connected(String nsp, String sid) {
        return connect(nsp, JsonFactories.PROVIDER.createObjectBuilder().add("sid", sid).build());
    }

    /** The answer with connection state recovery on: {@code 0/nsp,{"sid":"...","pid":"..."}}. */
    public static Packet connected(String nsp, String sid, String pid) {
        if (pid == null) return connected(nsp, sid);
        return connect(nsp, JsonFactories.PROVIDER.createObjectBuilder().add("sid", sid).add("pid", pid).build());
    }

    /** A refused connection: {@code 4/nsp,{"message":"..."}}. */
    public static Packet connectError(String nsp, String message) {
        Objects.requireNonNull(message, "message");
        JsonObject data = JsonFactories.PROVIDER.createObjectBuilder().add("message", message).build();
        return new Packet(PacketType.CONNECT_ERROR, nsp, null, data, List.of());
    }

    public static Packet disconnect(String nsp) {
        return new Packet(PacketType.DISCONNECT, nsp, null, null, List.of());
    }

    /**
     * An EVENT, or a BINARY_EVENT when there are attachments.
     *
     * @param data        event name first, then the arguments, with placeholders for the attachments
     * @param id          the ack id, or null when no acknowledgement is wanted
     * @param attachments may be null or empty
     */
    public static Packet event(String nsp, JsonArray data, Long id, List<byte[]> attachments) {
        Objects.requireNonNull(data, "data");
        boolean binary = attachments != null && !attachments.isEmpty();
        return new Packet(binary ? PacketType.BINARY_EVENT : PacketType.EVENT, nsp, id, data, attachments);
    }

    /** An ACK for event {@code id}, or a BINARY_ACK when there are attachments. */
    public static Packet ack(String nsp, JsonArray data, long id, List<byte[]> attachments) {
        Objects.requireNonNull(data, "data");
        boolean binary = attachments != null && !attachments.isEmpty();
        return new Packet(binary ? PacketType.BINARY_ACK : PacketType.ACK, nsp, id, data, attachments);
    }

    /** Short on purpose: payloads can be large and this ends up in logs. Byte arrays show their size only. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(64).append("Packet[").append(type).append(' ').append(namespace);
        if (id != null) {
            s.append(" id=").append(id);
        }
        if (data != null) {
            StringBuilder json = new StringBuilder();
            JsonText.append(json, data);
            s.append(' ');
            if (json.length() <= TO_STRING_DATA_LIMIT) {
                s.append(json);
            } else {
                int cut = TO_STRING_DATA_LIMIT;
                if (Character.isHighSurrogate(json.charAt(cut - 1))) {
                    cut--;
                }
                s.append(json, 0, cut).append("... (").append(json.length()).append(" chars)");
            }
        }
        if (!attachments.isEmpty()) {
            s.append(" attachments=[");
            for (int i = 0; i < attachments.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(attachments.get(i).length).append(" bytes");
            }
            s.append(']');
        }
        return s.append(']').toString();
    }
}
