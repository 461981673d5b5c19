package dev.sio.socketio.protocol;

/**
 * How Socket.IO packets become Engine.IO messages and back: the wire format a deployment speaks,
 * chosen once for the whole server ({@code socketio.parser}). Clients must use the same one.
 *
 * <p>The encoder side is stateless and shared (a broadcast is encoded once for every recipient);
 * the decoder side keeps state per connection, so each connection gets its own {@link Decoder}.
 */
public interface Parser {

    /** The default parser: text packets, binary attachments as extra binary messages ({@code socket.io-parser}). */
    Parser DEFAULT = new DefaultParser();

    /** The name used in settings and logs, e.g. {@code default} or {@code msgpack}. */
    String name();

    /**
     * The Engine.IO messages that carry {@code packet}: the text one when {@link EncodedPacket#text()}
     * is not null, then one binary message per byte array. Thread-safe.
     */
    EncodedPacket encode(Packet packet);

    /**
     * A decoder for one connection.
     *
     * @param maxAttachments the most binary attachments one packet may announce, for formats that
     *                       send them apart (and make us wait for them)
     */
    Decoder newDecoder(int maxAttachments);

    /**
     * Encodes and decodes one binary event with an ack id, so that the lazy class loading and set-up
     * behind both (hundreds of milliseconds on a cold, busy server) happen at start and not inside the
     * first client's request, where a slow CONNECT would hold back the client's pongs.
     *
     * @return this parser
     */
    default Parser warmUp() {
        Packet sample = Packet.event(Packet.MAIN_NAMESPACE, JsonFactories.PROVIDER.createArrayBuilder()
                .add("warm-up").add(Placeholders.placeholder(0)).build(), 1L, java.util.List.of(new byte[] {1}));
        EncodedPacket encoded = encode(sample);
        Decoder decoder = newDecoder(1);
        try {
            Packet back = encoded.text() == null ? null : decoder.decodeText(encoded.text());
            for (byte[] binary : encoded.attachments()) back = decoder.decodeBinary(binary);
            if (back == null || back.attachments().size() != 1) throw new IllegalStateException(name() + " parser: the warm-up packet did not come back");
        } catch (SocketIoProtocolException e) {
            throw new IllegalStateException(name() + " parser cannot read its own packet: " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Reads the packets of one connection, one Engine.IO message at a time; used from one thread at a
     * time. After an exception the connection must be closed.
     */
    interface Decoder {

        /**
         * @return the packet, or null when it is not complete yet (binary attachments follow)
         * @throws SocketIoProtocolException when the message is malformed or breaks the rules of its type
         */
        Packet decodeText(String text) throws SocketIoProtocolException;

        /** As {@link #decodeText}, for a binary message. The array may be kept, not copied. */
        Packet decodeBinary(byte[] data) throws SocketIoProtocolException;
    }
}
