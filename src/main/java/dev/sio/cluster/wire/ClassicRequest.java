package dev.sio.cluster.wire;

import java.util.List;

/**
 * What one classic-mode node asks the others on {@code <prefix>-request#<nsp>#}. JSON, except
 * {@link BroadcastWithAck} (MessagePack: the packet may hold Buffers). {@code uid} is the sender's
 * adapter uid; the emitter sends join/leave/disconnect without one (null here).
 */
public sealed interface ClassicRequest {

    String uid();

    RequestType type();

    /** Legacy {@code allSockets()} (Node 8.3 still answers it, never sends it). */
    record Sockets(String uid, String requestId, List<String> rooms) implements ClassicRequest {
        public RequestType type() {
            return RequestType.SOCKETS;
        }
    }

    record AllRooms(String uid, String requestId) implements ClassicRequest {
        public RequestType type() {
            return RequestType.ALL_ROOMS;
        }
    }

    /** socketsJoin: the targeted sockets join {@code rooms}. Fire and forget. */
    record RemoteJoin(String uid, WireOptions opts, List<String> rooms) implements ClassicRequest {
        public RequestType type() {
            return RequestType.REMOTE_JOIN;
        }
    }

    record RemoteLeave(String uid, WireOptions opts, List<String> rooms) implements ClassicRequest {
        public RequestType type() {
            return RequestType.REMOTE_LEAVE;
        }
    }

    record RemoteDisconnect(String uid, WireOptions opts, boolean close) implements ClassicRequest {
        public RequestType type() {
            return RequestType.REMOTE_DISCONNECT;
        }
    }

    /** fetchSockets: every other node answers with {@link ClassicResponse.FetchSockets}. */
    record RemoteFetch(String uid, String requestId, WireOptions opts) implements ClassicRequest {
        public RequestType type() {
            return RequestType.REMOTE_FETCH;
        }
    }

    /**
     * serverSideEmit: {@code data} is [event, args...]. With a {@code requestId} every other node
     * answers once ({@link ClassicResponse.ServerSideEmit}); without, nobody answers.
     */
    record ServerSideEmit(String uid, String requestId, List<Object> data) implements ClassicRequest {
        public RequestType type() {
            return RequestType.SERVER_SIDE_EMIT;
        }
    }

    /**
     * A broadcast with acknowledgements: each node answers its client count, then each client's
     * first ack argument ({@link ClassicResponse.ClientCount}, {@link ClassicResponse.BroadcastAck}).
     */
    record BroadcastWithAck(String uid, String requestId, WirePacket packet, WireOptions opts) implements ClassicRequest {
        public RequestType type() {
            return RequestType.BROADCAST;
        }
    }
}
