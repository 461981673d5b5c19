package dev.sio.monitoring.metrics;

import dev.sio.engineio.server.CloseReasons;
import dev.sio.socketio.server.DisconnectReasons;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The label values for why a connection or a socket ended: the server's own reasons, spelled with
 * underscores ({@code ping timeout} -> {@code ping_timeout}), and {@value #OTHER} for anything else,
 * so a reason worded elsewhere can never grow the set of series.
 */
final class ReasonLabel {

    static final String OTHER = "other";

    /** The reasons of a connection (Engine.IO session). */
    static final List<String> CONNECTION = List.of(CloseReasons.PING_TIMEOUT, CloseReasons.TRANSPORT_CLOSE,
            CloseReasons.TRANSPORT_ERROR, CloseReasons.PARSE_ERROR, CloseReasons.FORCED_CLOSE,
            CloseReasons.SERVER_SHUTTING_DOWN, CloseReasons.SEND_BUFFER_FULL, "token expired");

    /** The reasons of a socket leaving a namespace: its own, and those of its connection ending. */
    static final List<String> SOCKET = Stream.concat(Stream.of(DisconnectReasons.SERVER_NAMESPACE_DISCONNECT,
            DisconnectReasons.CLIENT_NAMESPACE_DISCONNECT, DisconnectReasons.CONNECT_TIMEOUT), CONNECTION.stream())
            .distinct().toList();

    private static final Map<String, Integer> CONNECTION_INDEX = index(CONNECTION);
    private static final Map<String, Integer> SOCKET_INDEX = index(SOCKET);

    private ReasonLabel() {
    }

    /** The label of a reason: the reason with underscores. */
    static String label(String reason) {
        return reason.toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    /** Position of a connection's reason in {@link #CONNECTION}; its size for {@value #OTHER}. */
    static int connectionSlot(String reason) {
        return reason == null ? CONNECTION.size() : CONNECTION_INDEX.getOrDefault(reason, CONNECTION.size());
    }

    /** Position of a socket's reason in {@link #SOCKET}; its size for {@value #OTHER}. */
    static int socketSlot(String reason) {
        return reason == null ? SOCKET.size() : SOCKET_INDEX.getOrDefault(reason, SOCKET.size());
    }

    /** The labels of the slots of a list, {@value #OTHER} last. */
    static List<String> labels(List<String> reasons) {
        return Stream.concat(reasons.stream().map(ReasonLabel::label), Stream.of(OTHER)).toList();
    }

    private static Map<String, Integer> index(List<String> reasons) {
        return reasons.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), reasons::indexOf));
    }
}
