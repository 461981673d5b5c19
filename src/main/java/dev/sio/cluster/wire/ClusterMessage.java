package dev.sio.cluster.wire;

import java.util.Objects;

/**
 * A sharded-mode message (socket.io-adapter's ClusterMessage / ClusterResponse):
 * {@code {type[, data], uid, nsp}}, published with SPUBLISH on {@code <prefix>#<nsp>#} (or the
 * room's channel), answers on {@code <prefix>#<nsp>#<requester uid>#}.
 *
 * @param data null exactly for the heartbeat and close types, which carry none
 */
public record ClusterMessage(MessageType type, ClusterData data, String uid, String nsp) {

    public ClusterMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(nsp, "nsp");
        if (!fits(type, data)) {
            throw new IllegalArgumentException("data " + (data == null ? "null" : data.getClass().getSimpleName())
                    + " does not fit message type " + type);
        }
    }

    static boolean fits(MessageType type, ClusterData data) {
        return switch (type) {
            case INITIAL_HEARTBEAT, HEARTBEAT, ADAPTER_CLOSE -> data == null;
            case BROADCAST -> data instanceof ClusterData.Broadcast;
            case SOCKETS_JOIN, SOCKETS_LEAVE -> data instanceof ClusterData.RoomChange;
            case DISCONNECT_SOCKETS -> data instanceof ClusterData.DisconnectSockets;
            case FETCH_SOCKETS -> data instanceof ClusterData.FetchSockets;
            case FETCH_SOCKETS_RESPONSE -> data instanceof ClusterData.FetchSocketsResponse;
            case SERVER_SIDE_EMIT -> data instanceof ClusterData.ServerSideEmit;
            case SERVER_SIDE_EMIT_RESPONSE -> data instanceof ClusterData.ServerSideEmitResponse;
            case BROADCAST_CLIENT_COUNT -> data instanceof ClusterData.ClientCount;
            case BROADCAST_ACK -> data instanceof ClusterData.BroadcastAck;
        };
    }
}
