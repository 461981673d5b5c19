package dev.sio.it;

import dev.sio.cdi.OnAnyEvent;
import dev.sio.cdi.OnEvent;
import dev.sio.cdi.SocketGateway;
import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.BroadcastOperator;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Test-only namespace /test, deployed by the integration tests beside the product's gateways: the
 * same contract as the Node reference server in src/test/js/reference, so one client suite proves
 * both.
 */
@ApplicationScoped
@SocketGateway(namespace = "/test")
public class TestGateway {

    /**
     * Counts every event of the socket (after its handler, handled or not); an event nobody handles
     * that asks for an acknowledgement is answered {@code {unhandled: event, count}}.
     */
    @OnAnyEvent
    Object any(Socket socket, String event, Ack ack) {
        int count = socket.attribute("anyCount") instanceof Integer n ? n + 1 : 1;
        socket.attribute("anyCount", count);
        return ack == null ? null : Map.of("unhandled", event, "count", count);
    }

    @OnEvent("echo")
    void echo(Payload args, Ack ack) {
        if (ack != null) ack.send(args.values());
    }

    @OnEvent("emitBack")
    void emitBack(Socket socket, Payload args) {
        Object[] values = args.values();
        socket.emit(args.get(0, String.class), Arrays.copyOfRange(values, 1, values.length));
    }

    @OnEvent("requestAck")
    void requestAck(Socket socket, JsonObject request, Ack ack) {
        socket.emitWithAck(Duration.ofMillis(request.getInt("timeoutMs", 1000)), request.getString("event"), array(request, "args"))
                .whenComplete((response, error) -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    if (error == null) {
                        answer.put("ok", true);
                        answer.put("response", response.values());
                    } else {
                        answer.put("ok", false);
                        answer.put("error", "timeout");
                    }
                    ack.send(answer);
                });
    }

    @OnEvent("join")
    void join(Socket socket, String room, Ack ack) {
        socket.join(room);
        if (ack != null) ack.send();
    }

    @OnEvent("leave")
    void leave(Socket socket, String room, Ack ack) {
        socket.leave(room);
        if (ack != null) ack.send();
    }

    @OnEvent("toRoom")
    void toRoom(Socket socket, Namespace namespace, JsonObject request, Ack ack) {
        String[] rooms = names(request.get("room"));
        BroadcastOperator target = request.getBoolean("fromSocket", false) ? socket.to(rooms) : namespace.to(rooms);
        String[] except = names(request.get("except"));
        if (except.length > 0) target = target.except(except);
        target.emit(request.getString("event"), array(request, "args"));
        if (ack != null) ack.send();
    }

    @OnEvent("broadcastWithAck")
    void broadcastWithAck(Namespace namespace, JsonObject request, Ack ack) {
        namespace.to(request.getString("room"))
                .timeout(Duration.ofMillis(request.getInt("timeoutMs", 1000)))
                .emitWithAck(request.getString("event"), array(request, "args"))
                .whenComplete((responses, error) -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    if (error == null) {
                        List<Object> firsts = new ArrayList<>();
                        for (Payload response : responses) firsts.add(response.isEmpty() ? null : response.values()[0]);
                        answer.put("ok", true);
                        answer.put("responses", firsts);
                    } else {
                        answer.put("ok", false);
                        answer.put("error", "timeout");
                    }
                    ack.send(answer);
                });
    }

    @OnEvent("disconnectMe")
    void disconnectMe(Socket socket, Boolean close) {
        socket.disconnect(Boolean.TRUE.equals(close));
    }

    @OnEvent("rooms")
    void rooms(Socket socket, Ack ack) {
        if (ack != null) ack.send(new ArrayList<>(new TreeSet<>(socket.rooms())));
    }

    @OnEvent("count")
    void count(Namespace namespace, Ack ack) {
        if (ack != null) ack.send(namespace.sockets().size());
    }

    /** A room name or an array of them. */
    private static String[] names(JsonValue value) {
        if (value instanceof jakarta.json.JsonString s) return new String[]{s.getString()};
        if (value instanceof JsonArray array) return array.getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toArray(String[]::new);
        return new String[0];
    }

    private static Object[] array(JsonObject request, String key) {
        JsonValue value = request.get(key);
        if (!(value instanceof JsonArray array)) return new Object[0];
        return array.toArray();
    }
}
