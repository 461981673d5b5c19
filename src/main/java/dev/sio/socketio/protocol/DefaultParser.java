package dev.sio.socketio.protocol;

/**
 * The default parser ({@code socket.io-parser}): {@link PacketEncoder} and {@link PacketDecoder}.
 * Recovery stores keep packets in this format whatever the deployment's parser (read back with
 * {@link PacketDecoder#decodeOwn}).
 */
final class DefaultParser implements Parser {

    static final String NAME = "default";

    private final PacketEncoder encoder = new PacketEncoder();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EncodedPacket encode(Packet packet) {
        return encoder.encode(packet);
    }

    @Override
    public Decoder newDecoder(int maxAttachments) {
        return new PacketDecoder(maxAttachments);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
