package dev.sio.socketio.recovery;

import java.util.List;

/**
 * The answer of {@link RecoveryStore#missedAfter}: packets in log order, and the offset the answer is
 * complete up to.
 */
public record MissedPackets(List<StoredPacket> packets, String readTo) {

    public MissedPackets {
        packets = List.copyOf(packets);
    }
}
