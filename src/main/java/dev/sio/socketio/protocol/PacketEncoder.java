package dev.sio.socketio.protocol;

/**
 * Writes packets in the Socket.IO v5 text format:
 * {@code <type>[<attachment count>-][<namespace>,][<ack id>][<JSON payload>]}.
 *
 * <p>Stateless and thread-safe: one instance can serve the whole server. Each packet is
 * written into a single StringBuilder; the JSON goes straight in (see {@link JsonText}).
 */
public final class PacketEncoder {

    public PacketEncoder() {
    }

    /**
     * The packet's text (without Engine.IO's {@code 4} prefix) and its attachments.
     * Placeholders in the data are written as they are; the encoder does not check them.
     */
    public EncodedPacket encode(Packet packet) {
        StringBuilder text = new StringBuilder(packet.data() == null ? 16 : 128);
        text.append((char) ('0' + packet.type().code()));
        if (packet.type().isBinary()) {
            text.append(packet.attachments().size()).append('-');
        }
        if (!Packet.MAIN_NAMESPACE.equals(packet.namespace())) {
            // the comma ends the namespace even without an id or payload ("1/admin,")
            text.append(packet.namespace()).append(',');
        }
        if (packet.id() != null) {
            text.append(packet.id().longValue());
        }
        if (packet.data() != null) {
            JsonText.append(text, packet.data());
        }
        return new EncodedPacket(text.toString(), packet.attachments());
    }
}
