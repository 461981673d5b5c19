package dev.sio.socketio.broadcast;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.socketio.protocol.EncodedPacket;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.Parser;

import java.util.ArrayList;
import java.util.List;

/**
 * A packet on its way to many sockets: the Socket.IO {@link Packet} (what a cluster adapter
 * publishes) and its Engine.IO frames, encoded at most once, on first use, and then the same
 * objects for every recipient (encode once, write many). Thread-safe.
 *
 * <p>The frames depend on the deployment's {@link Parser}, which the recipients know and the
 * adapters do not: so the parser comes with the request for frames. A server has one parser, so
 * the first encoding is the only one; a request with another parser is served but not kept.
 */
public final class OutgoingPacket {

    /** Frames and the parser that made them (null: frames given ready-made, good for any parser). */
    private record Frames(Parser parser, List<EnginePacket> frames) {
    }

    private final Packet packet;
    private volatile Frames encoded;

    private OutgoingPacket(Packet packet, Frames encoded) {
        this.packet = packet;
        this.encoded = encoded;
    }

    /** A packet to be encoded when the first recipient needs it. */
    public static OutgoingPacket of(Packet packet) {
        return new OutgoingPacket(packet, null);
    }

    /**
     * A packet already encoded (a stored broadcast keeps its text): these frames are written as they
     * are, whatever parser asks. The caller made them with the deployment's parser.
     */
    public static OutgoingPacket encoded(Packet packet, List<EnginePacket> frames) {
        return new OutgoingPacket(packet, new Frames(null, List.copyOf(frames)));
    }

    public Packet packet() {
        return packet;
    }

    /** The same packet with acknowledgement id {@code id} (an adapter numbers a broadcast with ack), not yet encoded. */
    public OutgoingPacket withAckId(long id) {
        return of(new Packet(packet.type(), packet.namespace(), id, packet.data(), packet.attachments()));
    }

    /** The Engine.IO frames in {@code parser}'s format: encoded on the first call, the same list after. */
    public List<EnginePacket> frames(Parser parser) {
        Frames made = encoded;
        if (made == null) {
            synchronized (this) {
                made = encoded;
                if (made == null) {
                    made = new Frames(parser, frames(parser.encode(packet)));
                    encoded = made;
                }
            }
        }
        if (made.parser() == null || made.parser() == parser) return made.frames();
        return frames(parser.encode(packet));
    }

    /** Whether the frames were made (a broadcast that reached no one never encodes). */
    public boolean isEncoded() {
        return encoded != null;
    }

    /** The text frame when there is text, then one binary frame per binary message. */
    public static List<EnginePacket> frames(EncodedPacket encoded) {
        if (encoded.attachments().isEmpty()) return List.of(EnginePacket.message(encoded.text()));
        List<EnginePacket> out = new ArrayList<>(1 + encoded.attachments().size());
        if (encoded.text() != null) out.add(EnginePacket.message(encoded.text()));
        for (byte[] attachment : encoded.attachments()) out.add(EnginePacket.binary(attachment));
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "OutgoingPacket[" + packet + "]";
    }
}
