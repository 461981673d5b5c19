package dev.sio.socketio.broadcast;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.socketio.protocol.EncodedPacket;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketEncoder;

import java.util.ArrayList;
import java.util.List;

/**
 * A packet on its way to many sockets: the Socket.IO {@link Packet} (what a cluster adapter
 * publishes) and its Engine.IO frames, encoded at most once, on first use, and then the same
 * objects for every recipient (encode once, write many). Thread-safe.
 */
public final class OutgoingPacket {

    // stateless and thread-safe (see PacketEncoder): one for every broadcast
    private static final PacketEncoder ENCODER = new PacketEncoder();

    private final Packet packet;
    private volatile List<EnginePacket> frames;

    private OutgoingPacket(Packet packet, List<EnginePacket> frames) {
        this.packet = packet;
        this.frames = frames;
    }

    /** A packet to be encoded when the first recipient needs it. */
    public static OutgoingPacket of(Packet packet) {
        return new OutgoingPacket(packet, null);
    }

    /** A packet already encoded (a stored broadcast keeps its text): these frames are written as they are. */
    public static OutgoingPacket encoded(Packet packet, List<EnginePacket> frames) {
        return new OutgoingPacket(packet, List.copyOf(frames));
    }

    public Packet packet() {
        return packet;
    }

    /** The same packet with acknowledgement id {@code id} (an adapter numbers a broadcast with ack), not yet encoded. */
    public OutgoingPacket withAckId(long id) {
        return of(new Packet(packet.type(), packet.namespace(), id, packet.data(), packet.attachments()));
    }

    /** The Engine.IO frames: encoded on the first call, the same list after. */
    public List<EnginePacket> frames() {
        List<EnginePacket> encoded = frames;
        if (encoded == null) {
            synchronized (this) {
                encoded = frames;
                if (encoded == null) {
                    encoded = frames(ENCODER.encode(packet));
                    frames = encoded;
                }
            }
        }
        return encoded;
    }

    /** Whether the frames were made (a broadcast that reached no one never encodes). */
    public boolean isEncoded() {
        return frames != null;
    }

    /** The text frame, then one binary frame per attachment. */
    public static List<EnginePacket> frames(EncodedPacket encoded) {
        if (encoded.attachments().isEmpty()) return List.of(EnginePacket.message(encoded.text()));
        List<EnginePacket> out = new ArrayList<>(1 + encoded.attachments().size());
        out.add(EnginePacket.message(encoded.text()));
        for (byte[] attachment : encoded.attachments()) out.add(EnginePacket.binary(attachment));
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "OutgoingPacket[" + packet + "]";
    }
}
