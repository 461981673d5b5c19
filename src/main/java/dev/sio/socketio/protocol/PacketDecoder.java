package dev.sio.socketio.protocol;

import dev.sio.log.LogSafe;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads Socket.IO v5 packets from the text and binary Engine.IO messages of one connection.
 *
 * <p>A BINARY_EVENT or BINARY_ACK arrives as a text message announcing N attachments followed
 * by N binary messages; the decoder holds the packet until the last one is in. That state is
 * per connection, so use one decoder per connection, from one thread at a time. After an
 * exception the connection must be closed; the decoder drops any half-received packet.
 */
public final class PacketDecoder implements Parser.Decoder {

    /** 15 digits always fit in a long, and stay below 2^53 where JavaScript clients lose precision. */
    static final int MAX_ID_DIGITS = 15;

    private final int maxAttachments;

    // the binary packet being reassembled; pendingType == null when none
    private PacketType pendingType;
    private String pendingNamespace;
    private Long pendingId;
    private JsonValue pendingData;
    private int pendingCount;
    private List<byte[]> received;

    /**
     * @param maxAttachments the most binary attachments one packet may announce (the reference
     *                       server allows 10); a hostile client could otherwise make us wait
     *                       for, and buffer, any number of them
     */
    public PacketDecoder(int maxAttachments) {
        if (maxAttachments < 0) {
            throw new IllegalArgumentException("maxAttachments must not be negative: " + maxAttachments);
        }
        this.maxAttachments = maxAttachments;
    }

    /**
     * Decodes the text of a Socket.IO packet (an Engine.IO MESSAGE without its {@code 4}).
     *
     * @return the packet, or null for a binary packet that now waits for its attachments
     * @throws SocketIoProtocolException when the text is malformed, its payload breaks the
     *         rules for its type, or attachments of an earlier packet are still expected
     */
    @Override
    public Packet decodeText(String text) throws SocketIoProtocolException {
        if (pendingType != null) {
            String progress = (received.size() + 1) + " of " + pendingCount;
            reset();
            throw new SocketIoProtocolException("expected binary attachment " + progress + ", got a text packet");
        }
        if (text == null || text.isEmpty()) {
            throw new SocketIoProtocolException("empty packet");
        }
        int length = text.length();
        char first = text.charAt(0);
        if (first < '0' || first > '6') {
            throw new SocketIoProtocolException("unknown packet type " + LogSafe.quote(first));
        }
        PacketType type = PacketType.fromCode(first - '0');
        int i = 1;

        int attachments = 0;
        if (type.isBinary()) {
            int digitsFrom = i;
            long count = 0;
            while (i < length && isDigit(text.charAt(i))) {
                count = count * 10 + (text.charAt(i) - '0');
                if (count > maxAttachments) {
                    throw new SocketIoProtocolException("too many attachments (the limit is " + maxAttachments + ")");
                }
                i++;
            }
            if (i == digitsFrom || i == length || text.charAt(i) != '-' || count == 0) {
                throw new SocketIoProtocolException("illegal attachments");
            }
            attachments = (int) count;
            i++; // the '-'
        }

        String namespace = Packet.MAIN_NAMESPACE;
        if (i < length && text.charAt(i) == '/') {
            // no comma means the namespace runs to the end: "40/custom" is as good as "40/custom,"
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? length : comma;
            namespace = text.substring(i, end);
            i = comma < 0 ? length : comma + 1;
        }

        Long id = null;
        int idFrom = i;
        while (i < length && isDigit(text.charAt(i))) {
            i++;
        }
        if (i > idFrom) {
            if (i - idFrom > MAX_ID_DIGITS) {
                throw new SocketIoProtocolException("invalid ack id: more than " + MAX_ID_DIGITS + " digits");
            }
            id = Long.parseLong(text, idFrom, i, 10);
        } else if (type == PacketType.ACK || type == PacketType.BINARY_ACK) {
            throw new SocketIoProtocolException("invalid ack id: " + type + " without an id");
        }

        JsonValue data = i < length ? parsePayload(text, i) : null;
        PayloadRules.check(type, data, attachments);

        if (!type.isBinary()) {
            return new Packet(type, namespace, id, data, List.of());
        }
        pendingType = type;
        pendingNamespace = namespace;
        pendingId = id;
        pendingData = data;
        pendingCount = attachments;
        received = new ArrayList<>(attachments);
        return null;
    }

    /**
     * Takes the next attachment of the pending binary packet. The array is kept, not copied.
     *
     * @return the completed packet when this was its last attachment, else null
     * @throws SocketIoProtocolException when no binary packet is waiting for attachments
     */
    @Override
    public Packet decodeBinary(byte[] data) throws SocketIoProtocolException {
        if (pendingType == null) {
            throw new SocketIoProtocolException("unexpected binary attachment: no binary packet is waiting for one");
        }
        if (data == null) {
            throw new NullPointerException("data");
        }
        received.add(data);
        if (received.size() < pendingCount) {
            return null;
        }
        Packet packet = new Packet(pendingType, pendingNamespace, pendingId, pendingData, received);
        reset();
        return packet;
    }

    /**
     * A packet this server encoded itself with the default parser (a recovery store keeps them so),
     * read back; the input is trusted, so a failure is a bug, not a client's fault.
     */
    public static Packet decodeOwn(EncodedPacket encoded) {
        PacketDecoder decoder = new PacketDecoder(encoded.attachments().size());
        try {
            Packet packet = decoder.decodeText(encoded.text());
            for (byte[] attachment : encoded.attachments()) packet = decoder.decodeBinary(attachment);
            if (packet == null) throw new IllegalStateException("incomplete packet");
            return packet;
        } catch (SocketIoProtocolException e) {
            throw new IllegalStateException("a stored packet does not decode: " + e.getMessage(), e);
        }
    }

    /** True between a binary packet's text and its last attachment. */
    public boolean awaitingAttachments() {
        return pendingType != null;
    }

    private void reset() {
        pendingType = null;
        pendingNamespace = null;
        pendingId = null;
        pendingData = null;
        pendingCount = 0;
        received = null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Parses {@code text} from {@code from} to the end as exactly one JSON value. The reader
     * starts mid-string, so the payload is not copied out first. A streaming parser is used
     * rather than a JsonReader because only the parser notices trailing garbage ({@code ["a"]x}).
     */
    private static JsonValue parsePayload(String text, int from) throws SocketIoProtocolException {
        StringReader reader = new StringReader(text);
        try {
            reader.skip(from);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible); // StringReader only throws once closed
        }
        try (JsonParser parser = JsonFactories.PARSERS.createParser(reader)) {
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new SocketIoProtocolException("invalid payload: malformed JSON");
            }
            return value;
        } catch (JsonException | NoSuchElementException e) {
            // the provider's message may quote input: do not pass it on
            throw new SocketIoProtocolException("invalid payload: malformed JSON");
        } catch (RuntimeException e) {
            // Parsson, for one, throws a bare RuntimeException past its nesting limit (1000)
            throw new SocketIoProtocolException("invalid payload: rejected by the JSON parser (nested too deeply?)");
        }
    }
}
