package dev.sio.cluster;

import dev.sio.socketio.protocol.msgpack.WireFormatException;
import dev.sio.socketio.protocol.msgpack.WireLimits;

import dev.sio.cluster.redis.RedisLink;
import dev.sio.cluster.redis.RedisLinkState;
import dev.sio.cluster.redis.RedisSettings;
import dev.sio.cluster.wire.ClassicBroadcast;
import dev.sio.cluster.wire.ClassicCodec;
import dev.sio.cluster.wire.ClassicRequest;
import dev.sio.cluster.wire.ClassicResponse;
import dev.sio.cluster.wire.ClusterCodec;
import dev.sio.cluster.wire.ClusterData;
import dev.sio.cluster.wire.ClusterMessage;
import dev.sio.cluster.wire.MessageType;
import dev.sio.cluster.wire.RedisChannels;
import dev.sio.cluster.wire.RemoteSocket;
import dev.sio.cluster.wire.WireIds;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Node socket.io node with @socket.io/redis-adapter 8.3 and a Java peer built from the wire
 * codecs and RedisLink, on the local Redis (127.0.0.1:6379, a prefix of their own): Node counts
 * the Java peer as a server, fetches its socket (without the token), gets its serverSideEmit
 * answer, and the Java peer gets Node's binary room broadcast and Node's answer to its own
 * serverSideEmit. Both adapter modes.
 */
class NodeInteropIT {

    private static final String SOCKET_ID = "javaSocket0000000001"; // 20 characters, as Socket.IO ids

    private final List<Object> received = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    /** The ids of the Java peer's own serverSideEmit requests: the shared response channel also carries its answers to Node. */
    private final Set<String> ownRequests = ConcurrentHashMap.newKeySet();
    private final ClassicCodec classic = new ClassicCodec(WireLimits.DEFAULT);
    private final ClusterCodec sharded = new ClusterCodec(WireLimits.DEFAULT);
    private RedisLink link;

    @AfterEach
    void close() throws Exception {
        if (link != null) {
            link.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static RemoteSocket javaSocket() {
        Map<String, Object> handshake = new LinkedHashMap<>();
        handshake.put("headers", Map.of("host", "127.0.0.1"));
        handshake.put("time", "Sat Dec 05 2026 12:00:00 GMT+0000 (Coordinated Universal Time)");
        handshake.put("address", "127.0.0.1");
        handshake.put("xdomain", false);
        handshake.put("secure", false);
        handshake.put("issued", 1_764_936_000_000L);
        handshake.put("url", "/socket.io/?EIO=4&transport=websocket");
        handshake.put("query", Map.of("EIO", "4"));
        handshake.put("auth", Map.of("token", "secret-java-token", "user", "ann"));
        return new RemoteSocket(SOCKET_ID, handshake, List.of(SOCKET_ID, "room1"), Map.of("nick", "ann"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "sharded"})
    void nodeAndJavaPeersAnswerEachOther(String mode) throws Exception {
        String prefix = "interop" + System.nanoTime();
        RedisChannels ch = new RedisChannels(prefix, "/");
        String uid = mode.equals("classic") ? WireIds.classic() : WireIds.sharded();
        link = RedisLink.start(new RedisSettings(RedisSettings.DEFAULT_URI, prefix, Duration.ofSeconds(5),
                Duration.ofSeconds(2), 1000), s -> { });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (link.state() != RedisLinkState.CONNECTED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (mode.equals("classic")) {
            link.subscribe(ch.request(), (c, m) -> onClassicRequest(ch, uid, m)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            link.subscribe(ch.response(), (c, m) -> safely(() -> received.add(classic.decodeResponse(m, id -> null))))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            link.psubscribe(ch.broadcastPattern(), (c, m) -> safely(() -> received.add(List.of(c, classic.decodeBroadcast(m)))))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(1L, link.numsub(ch.request()).toCompletableFuture().get(5, TimeUnit.SECONDS));
        } else {
            for (String channel : List.of(ch.broadcast(), ch.room(uid), ch.room("room1"))) {
                link.ssubscribe(channel, (c, m) -> onShardedMessage(ch, uid, c, m)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
            assertEquals(1L, link.shardNumsub(ch.broadcast()).toCompletableFuture().get(5, TimeUnit.SECONDS));
        }

        JsonObject node = runNodePeer(mode, prefix);

        assertEquals(List.of(), problems);
        assertEquals(2, node.getInt("servers"), "Node counts the Java peer: " + node);
        assertEquals(1, node.getJsonArray("fetched").size(), node.toString());
        JsonObject fetched = node.getJsonArray("fetched").getJsonObject(0);
        assertEquals(SOCKET_ID, fetched.getString("id"));
        assertEquals(Json.createArrayBuilder().add(SOCKET_ID).add("room1").build(), fetched.getJsonArray("rooms"));
        assertEquals(Json.createObjectBuilder().add("user", "ann").build(), fetched.getJsonObject("auth"), "no token crosses");
        assertEquals("ann", fetched.getJsonObject("data").getString("nick"));
        assertEquals(Json.createArrayBuilder().add("java-answer").build(), node.getJsonArray("emitAnswers"), node.toString());

        List<?> broadcastData = nodeBroadcastData(ch);
        assertEquals("from-node", broadcastData.get(0));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) broadcastData.get(1));
        assertEquals("text", broadcastData.get(2));
        Object nodeAnswer = received.stream().map(this::serverSideEmitAnswer).filter(a -> a != null).findFirst()
                .orElseThrow(() -> new AssertionError("no answer from Node to the Java serverSideEmit: " + received));
        assertEquals(Map.of("node", "got", "args", List.of("from-java", 7L)), nodeAnswer);
    }

    private List<?> nodeBroadcastData(RedisChannels ch) {
        for (Object r : received) {
            if (r instanceof List<?> pair && pair.get(1) instanceof ClassicBroadcast b) {
                assertEquals(ch.room("room1"), pair.get(0), "a single-room broadcast goes to the room channel");
                return (List<?>) b.packet().data();
            }
            if (r instanceof ClusterMessage m && m.data() instanceof ClusterData.Broadcast b) {
                return (List<?>) b.packet().data();
            }
        }
        throw new AssertionError("no broadcast from Node: " + received);
    }

    /** An answer to one of the Java peer's own requests (not its own answer to Node, echoed on the shared channel). */
    private Object serverSideEmitAnswer(Object r) {
        if (r instanceof ClassicResponse.ServerSideEmit e && ownRequests.contains(e.requestId())) {
            return e.data();
        }
        if (r instanceof ClusterMessage m && m.data() instanceof ClusterData.ServerSideEmitResponse e && ownRequests.contains(e.requestId())) {
            return e.packet();
        }
        return null;
    }

    private void onClassicRequest(RedisChannels ch, String uid, byte[] bytes) {
        safely(() -> {
            ClassicRequest r = classic.decodeRequest(bytes);
            if (uid.equals(r.uid())) {
                return;
            }
            if (r instanceof ClassicRequest.RemoteFetch f) {
                link.publish(ch.response(), classic.encodeResponse(
                        new ClassicResponse.FetchSockets(f.requestId(), List.of(javaSocket().withoutAuthToken()))));
                String requestId = WireIds.classic();
                ownRequests.add(requestId);
                link.publish(ch.request(), classic.encodeRequest(
                        new ClassicRequest.ServerSideEmit(uid, requestId, List.of("java-says", "from-java", 7L))));
            } else if (r instanceof ClassicRequest.ServerSideEmit e && e.requestId() != null) {
                link.publish(ch.response(), classic.encodeResponse(new ClassicResponse.ServerSideEmit(e.requestId(), "java-answer")));
            }
        });
    }

    private void onShardedMessage(RedisChannels ch, String uid, String channel, byte[] bytes) {
        safely(() -> {
            ClusterMessage m = sharded.decode(bytes);
            if (uid.equals(m.uid())) {
                return;
            }
            received.add(m);
            if (m.data() instanceof ClusterData.FetchSockets f) {
                link.spublish(ch.room(m.uid()), sharded.encode(new ClusterMessage(MessageType.FETCH_SOCKETS_RESPONSE,
                        new ClusterData.FetchSocketsResponse(f.requestId(), List.of(javaSocket().withoutAuthToken())), uid, "/")));
                String requestId = WireIds.sharded();
                ownRequests.add(requestId);
                link.spublish(ch.broadcast(), sharded.encode(new ClusterMessage(MessageType.SERVER_SIDE_EMIT,
                        new ClusterData.ServerSideEmit(requestId, List.of("java-says", "from-java", 7L)), uid, "/")));
            } else if (m.data() instanceof ClusterData.ServerSideEmit e && e.requestId() != null) {
                link.spublish(ch.room(m.uid()), sharded.encode(new ClusterMessage(MessageType.SERVER_SIDE_EMIT_RESPONSE,
                        new ClusterData.ServerSideEmitResponse(e.requestId(), "java-answer"), uid, "/")));
            }
        });
    }

    private interface Step {
        void run() throws WireFormatException;
    }

    private void safely(Step step) {
        try {
            step.run();
        } catch (WireFormatException | RuntimeException e) {
            problems.add(e.toString());
        }
    }

    private static JsonObject runNodePeer(String mode, String prefix) throws Exception {
        File js = new File("src/test/js");
        Process p = new ProcessBuilder("node", "cluster/node-peer.mjs", mode, prefix).directory(js)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the Node peer did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        String last = out.substring(out.lastIndexOf('\n') + 1);
        assertTrue(last.startsWith("{"), out);
        return Json.createReader(new StringReader(last)).readObject();
    }
}
