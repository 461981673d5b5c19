package dev.sio.cluster.wire;

import java.util.List;

/**
 * An answer on {@code <prefix>-response#<nsp>#} (or {@code ...#<uid>#} with
 * publishOnSpecificResponseChannel). Only {@link ClientCount}, {@link BroadcastAck} and {@link
 * ServerSideEmit} carry a type; the others are told apart by the pending request's type.
 */
public sealed interface ClassicResponse {

    String requestId();

    record Sockets(String requestId, List<String> sockets) implements ClassicResponse {
    }

    record AllRooms(String requestId, List<String> rooms) implements ClassicResponse {
    }

    record FetchSockets(String requestId, List<RemoteSocket> sockets) implements ClassicResponse {
    }

    /** One node's acknowledgement of a serverSideEmit: only the first argument. Always on the shared channel. */
    record ServerSideEmit(String requestId, Object data) implements ClassicResponse {
    }

    record ClientCount(String requestId, long clientCount) implements ClassicResponse {
    }

    /** One client's acknowledgement of a broadcast: only its first argument. MessagePack. */
    record BroadcastAck(String requestId, Object packet) implements ClassicResponse {
    }
}
