package dev.sio.monitoring.adminui;

import dev.sio.socketio.server.Handshake;
import dev.sio.socketio.server.JsonBuilders;
import dev.sio.socketio.server.Socket;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A socket as the UI lists it (instrument()'s {@code serialize}): id, client id (the connection's
 * id, cut to 12 characters as Node does), transport, namespace, data, handshake and rooms. Header
 * values are joined as Node's request headers are; {@code Authorization} and {@code Cookie} are
 * masked, since they may hold the application's tokens. {@code data} stays empty: attributes are
 * Java objects of the application, not JSON.
 */
final class SocketView {

    private static final Set<String> MASKED_HEADERS = Set.of("authorization", "cookie");
    // what Node's Date#toString() writes, which is what handshake.time holds there
    private static final DateTimeFormatter NODE_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx '(Coordinated Universal Time)'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private SocketView() {
    }

    static JsonObject of(Socket socket) {
        Handshake handshake = socket.handshake();
        String forwarded = handshake.header("x-forwarded-for");
        String session = socket.sessionId();
        return JsonBuilders.object()
                .add("id", socket.id())
                .add("clientId", session.length() > 12 ? session.substring(0, 12) : session)
                .add("transport", socket.transport())
                .add("nsp", socket.namespace().name())
                .add("data", JsonBuilders.object())
                .add("handshake", JsonBuilders.object()
                        .add("address", forwarded != null ? forwarded : String.valueOf(handshake.address()))
                        .add("headers", headers(handshake.headers()))
                        .add("query", query(handshake.query()))
                        .add("issued", handshake.time().toEpochMilli())
                        .add("secure", handshake.secure())
                        .add("time", NODE_DATE.format(handshake.time()))
                        .add("url", String.valueOf(handshake.url()))
                        .add("xdomain", handshake.header("origin") != null))
                .add("rooms", rooms(socket.rooms()))
                .build();
    }

    /** A moment as JSON.stringify writes a Date (the timestamps of the UI's events). */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static JsonObjectBuilder headers(Map<String, List<String>> headers) {
        JsonObjectBuilder out = JsonBuilders.object();
        headers.forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            out.add(key, MASKED_HEADERS.contains(key) ? "(hidden)" : String.join(", ", values));
        });
        return out;
    }

    private static JsonObjectBuilder query(Map<String, List<String>> query) {
        JsonObjectBuilder out = JsonBuilders.object();
        query.forEach((name, values) -> out.add(name, values.isEmpty() ? "" : values.get(0)));
        return out;
    }

    private static JsonArrayBuilder rooms(Set<String> rooms) {
        JsonArrayBuilder out = JsonBuilders.array();
        for (String room : new TreeSet<>(rooms)) out.add(room);
        return out;
    }
}
