package dev.sio.cluster.wire;

import java.util.List;

/** The {@code data} of a sharded-mode {@link ClusterMessage}, one record per message type. */
public sealed interface ClusterData {

    /** {packet[, requestId], opts}: with a requestId it is a broadcast with acknowledgements. */
    record Broadcast(WirePacket packet, String requestId, WireOptions opts) implements ClusterData {
    }

    /** {opts, rooms}: SOCKETS_JOIN and SOCKETS_LEAVE. */
    record RoomChange(WireOptions opts, List<String> rooms) implements ClusterData {
        public RoomChange {
            rooms = List.copyOf(rooms);
        }
    }

    record DisconnectSockets(WireOptions opts, boolean close) implements ClusterData {
    }

    record FetchSockets(WireOptions opts, String requestId) implements ClusterData {
    }

    record FetchSocketsResponse(String requestId, List<RemoteSocket> sockets) implements ClusterData {
        public FetchSocketsResponse {
            sockets = List.copyOf(sockets);
        }
    }

    /** {[requestId, ]packet}: packet is [event, args...]; with a requestId each other node answers once. */
    record ServerSideEmit(String requestId, List<Object> packet) implements ClusterData {
    }

    /** The first acknowledgement argument of one node. */
    record ServerSideEmitResponse(String requestId, Object packet) implements ClusterData {
    }

    record ClientCount(String requestId, long clientCount) implements ClusterData {
    }

    /** The first acknowledgement argument of one client. */
    record BroadcastAck(String requestId, Object packet) implements ClusterData {
    }
}
