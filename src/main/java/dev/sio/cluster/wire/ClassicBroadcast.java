package dev.sio.cluster.wire;

/**
 * A classic-mode broadcast: the MessagePack array {@code [uid, packet, opts]} published on
 * {@code <prefix>#<nsp>#}, or on {@code <prefix>#<nsp>#<room>#} when it targets exactly one room.
 * The emitter's uid is {@code "emitter"}.
 */
public record ClassicBroadcast(String uid, WirePacket packet, WireOptions opts) {
}
