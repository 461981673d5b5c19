package dev.sio.it;

import dev.sio.cdi.OnConnect;
import dev.sio.cdi.OnEvent;
import dev.sio.cdi.SocketGateway;
import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.FetchedSocket;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test-only namespace /cluster: each event runs one cluster operation on this node and answers
 * with what came back. The Node node of the cluster tests (src/test/js/cluster/node-cluster-node.mjs)
 * serves the same events, so a test drives both sides alike.
 */
@ApplicationScoped
@SocketGateway(namespace = "/cluster")
public class ClusterTestGateway {

    private final AtomicBoolean handlersRegistered = new AtomicBoolean();
    /** The last "note" another node sent with serverSideEmit (no acknowledgement). */
    private volatile String lastNote = "";

    @OnConnect
    void connected(Namespace namespace) {
        if (handlersRegistered.compareAndSet(false, true)) {
            namespace.onServerSideEmit("question", (args, ack) -> {
                if (ack != null) ack.send("java-answer:" + args.get(0, String.class));
            });
            namespace.onServerSideEmit("note", (args, ack) -> lastNote = args.get(0, String.class));
        }
    }

    /** Which kind of node serves this socket: "java" here, "node" on the Node node (LoadBalancerIT). */
    @OnEvent("side")
    void side(Ack ack) {
        if (ack != null) ack.send("java");
    }

    @OnEvent("join")
    void join(Socket socket, String room, Ack ack) {
        socket.join(room);
        if (ack != null) ack.send();
    }

    @OnEvent("toRoom")
    void toRoom(Namespace namespace, JsonObject request, Ack ack) {
        namespace.to(request.getString("room")).emit(request.getString("event"), array(request, "args"));
        if (ack != null) ack.send();
    }

    /** A room broadcast with a binary argument: {@code (event, <bytes 1 2 3>, "text")}. */
    @OnEvent("toRoomBinary")
    void toRoomBinary(Namespace namespace, JsonObject request, Ack ack) {
        namespace.to(request.getString("room")).emit(request.getString("event"), new byte[] {1, 2, 3}, "text");
        if (ack != null) ack.send();
    }

    @OnEvent("fetch")
    void fetch(Namespace namespace, JsonValue room, Ack ack) {
        var target = room instanceof jakarta.json.JsonString s ? namespace.in(s.getString()).fetchSockets() : namespace.fetchSockets();
        target.whenComplete((sockets, error) -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            if (error != null) {
                answer.put("error", cause(error).getMessage());
            } else {
                List<Object> list = new ArrayList<>();
                for (FetchedSocket s : sockets) {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("id", s.id());
                    one.put("rooms", new ArrayList<>(new TreeSet<>(s.rooms())));
                    one.put("auth", s.handshake().get("auth"));
                    list.add(one);
                }
                answer.put("sockets", list);
            }
            ack.send(answer);
        });
    }

    @OnEvent("socketsJoin")
    void socketsJoin(Namespace namespace, JsonObject request, Ack ack) {
        namespace.in(request.getString("from")).socketsJoin(request.getString("room"));
        if (ack != null) ack.send();
    }

    @OnEvent("disconnectRoom")
    void disconnectRoom(Namespace namespace, String room, Ack ack) {
        namespace.in(room).disconnectSockets(true);
        if (ack != null) ack.send();
    }

    @OnEvent("broadcastWithAck")
    void broadcastWithAck(Namespace namespace, JsonObject request, Ack ack) {
        namespace.to(request.getString("room")).timeout(Duration.ofMillis(request.getInt("timeoutMs")))
                .emitWithAck(request.getString("event"))
                .whenComplete((responses, error) -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("error", error == null ? null : cause(error).getMessage());
                    List<Object> firsts = new ArrayList<>();
                    if (responses != null) for (Payload r : responses) firsts.add(r.isEmpty() ? null : r.values()[0]);
                    answer.put("responses", firsts);
                    ack.send(answer);
                });
    }

    @OnEvent("serverSideEmit")
    void serverSideEmit(Namespace namespace, JsonObject request, Ack ack) {
        namespace.serverSideEmitWithAck(Duration.ofMillis(request.getInt("timeoutMs")), "question", request.getString("value"))
                .whenComplete((answers, error) -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("error", error == null ? null : cause(error).getMessage());
                    List<Object> firsts = new ArrayList<>();
                    if (answers != null) for (Payload a : answers) firsts.add(a.isEmpty() ? null : a.values()[0]);
                    answer.put("answers", firsts);
                    ack.send(answer);
                });
    }

    /** serverSideEmit without acknowledgement: the other nodes' "note" handlers keep the value. */
    @OnEvent("note")
    void note(Namespace namespace, String value, Ack ack) {
        namespace.serverSideEmit("note", value);
        if (ack != null) ack.send();
    }

    @OnEvent("lastNote")
    void lastNote(Ack ack) {
        ack.send(lastNote);
    }

    @OnEvent("allRooms")
    void allRooms(Namespace namespace, Ack ack) {
        namespace.allRooms().whenComplete((rooms, error) ->
                ack.send(error != null ? List.of("error: " + cause(error).getMessage()) : new ArrayList<>(new TreeSet<>(rooms))));
    }

    @OnEvent("serverCount")
    void serverCount(Namespace namespace, Ack ack) {
        namespace.adapter().serverCount().whenComplete((n, e) -> ack.send(n == null ? -1 : n));
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
    }

    private static Object[] array(JsonObject request, String key) {
        JsonValue value = request.get(key);
        if (!(value instanceof JsonArray array)) return new Object[0];
        return array.toArray();
    }
}
