package dev.sio.cluster;

import dev.sio.socketio.protocol.Parser;

import com.sun.management.OperatingSystemMXBean;
import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.socketio.broadcast.Arguments;
import dev.sio.socketio.broadcast.Recipient;
import dev.sio.socketio.broadcast.SocketSnapshot;
import dev.sio.socketio.protocol.JsonFactories;
import jakarta.json.spi.JsonProvider;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import dev.sio.cluster.redis.RedisLinkState;
import dev.sio.cluster.redis.RedisSettings;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.OutgoingPacket;
import dev.sio.socketio.protocol.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cross-node broadcast throughput, Java to Java through the local Redis (127.0.0.1:6379, a prefix
 * of its own): node A broadcasts 20,000 room messages (after 10,000 to warm up) in windows of 2,000 (each window waits until
 * node B delivered it, so nothing is refused by the publish bound), node B delivers them to its one
 * socket in the room. Every message must arrive, once and in order; the rate is printed (see
 * docs/cluster.md for the figures). The WebSocket write is not part of it (a recording socket).
 */
class CrossNodeThroughputIT {

    private static final int MESSAGES = 20_000;
    private static final int WINDOW = 2000;
    private static final int WARM_UP = 10_000;
    /** One provider: {@code Json.createArrayBuilder()} looks the provider up on every call, which would dominate. */
    private static final JsonProvider JSON = JsonFactories.PROVIDER;

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final List<ClusterNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ClusterNode n : nodes) n.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
        scheduler.shutdownNow();
    }

    private ClusterAdapter adapter(RedisSettings settings, ClusterMode mode) throws InterruptedException {
        ClusterNode node = ClusterNode.start(settings, mode);
        nodes.add(node);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (node.state() != RedisLinkState.CONNECTED && System.nanoTime() < deadline) Thread.sleep(10);
        ClusterAdapter adapter = (ClusterAdapter) new ClusterAdapterFactory(node).create("/", null);
        adapter.init(new TestHost("/", scheduler));
        return adapter;
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void twentyThousandRoomBroadcastsCrossFromOneNodeToTheOther(ClusterMode mode) throws Exception {
        RedisSettings settings = new RedisSettings(RedisSettings.DEFAULT_URI, "tput" + System.nanoTime(),
                Duration.ofSeconds(5), Duration.ofSeconds(2), 10_000);
        ClusterAdapter a = adapter(settings, mode);
        ClusterAdapter b = adapter(settings, mode);
        CountingSocket receiver = new CountingSocket("bbbbbbbbbbbbbbbbbbbb");
        b.addAll(receiver, Set.of(receiver.id(), "room"));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (a.serverCount().toCompletableFuture().join() < 2 && System.nanoTime() < until) Thread.sleep(10);
        // in sharded mode B holds the room's channel only once its SSUBSCRIBE went through
        a.broadcast(event(-1), BroadcastOptions.rooms(Set.of("room")));
        while (receiver.count() == 0 && System.nanoTime() < until) {
            Thread.sleep(50);
            a.broadcast(event(-1), BroadcastOptions.rooms(Set.of("room")));
        }
        Thread.sleep(200);
        receiver.reset();

        sendInWindows(a, receiver, WARM_UP); // the JIT first: steady state is what is measured
        receiver.reset();
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        sendInWindows(a, receiver, MESSAGES);
        long nanos = System.nanoTime() - start;
        long cpuNanos = os.getProcessCpuTime() - cpuStart;
        assertEquals(MESSAGES, receiver.count(), "every broadcast crossed");
        assertEquals(0, receiver.outOfOrder(), "each arrived once, in order");
        // the CPU figure (both nodes, this JVM; Redis apart) does not depend on what else runs on the machine
        System.out.printf("cross-node throughput (%s, Java->Java via Redis, %d room broadcasts): %.0f broadcasts/s delivered, "
                + "%.1f us CPU per broadcast (both nodes)%n", mode, MESSAGES, MESSAGES / (nanos / 1e9), cpuNanos / 1e3 / MESSAGES);
    }

    /** Counts what it receives and checks each is the next number (a list would cost more than the path measured). */
    private static final class CountingSocket implements Recipient {
        private final String id;
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicInteger outOfOrder = new AtomicInteger();

        CountingSocket(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void deliver(dev.sio.socketio.broadcast.OutgoingPacket packet, boolean isVolatile) {
            List<EnginePacket> frames = packet.frames(Parser.DEFAULT);
            String text = frames.get(0).data();
            int expected = count.getAndIncrement();
            if (text.endsWith(",-1]")) return; // the warm-up message
            if (!text.equals("2[\"n\"," + expected + "]")) outOfOrder.incrementAndGet();
        }

        int count() {
            return count.get();
        }

        int outOfOrder() {
            return outOfOrder.get();
        }

        void reset() {
            count.set(0);
            outOfOrder.set(0);
        }

        @Override
        public void expectAck(long ackId, Consumer<Arguments> onAnswer,
                              Consumer<Throwable> onLost) {
        }

        @Override
        public void forgetAck(long ackId) {
        }

        @Override
        public void join(Set<String> rooms) {
        }

        @Override
        public void leave(Set<String> rooms) {
        }

        @Override
        public void disconnect(boolean close) {
        }

        @Override
        public SocketSnapshot snapshot() {
            return new SocketSnapshot(id, null, Set.of(id), null);
        }
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void twentyThousandRoomBroadcastsCrossFromOurNodeToANodeNode(ClusterMode mode) throws Exception {
        String prefix = "tput-node" + System.nanoTime();
        RedisSettings settings = new RedisSettings(RedisSettings.DEFAULT_URI, prefix, Duration.ofSeconds(5), Duration.ofSeconds(2), 10_000);
        ClusterAdapter a = adapter(settings, mode);
        Process node = new ProcessBuilder("node", "cluster/node-counter.mjs", mode == ClusterMode.CLASSIC ? "classic" : "sharded", prefix)
                .directory(new File("src/test/js")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        AtomicInteger count = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch probed = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.contains("\"ready\"")) ready.countDown();
                    else if (line.contains("\"probed\"")) probed.countDown();
                    else if (line.startsWith("{\"count\":")) {
                        var m = Pattern.compile("\\{\"count\":(\\d+),\"outOfOrder\":(\\d+)\\}").matcher(line);
                        if (m.matches()) {
                            outOfOrder.set(Integer.parseInt(m.group(2)));
                            count.set(Integer.parseInt(m.group(1)));
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "node-counter-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            assertEquals(true, ready.await(20, TimeUnit.SECONDS), "the Node node and its client are ready");
            for (int i = 0; i < 200 && !probed.await(50, TimeUnit.MILLISECONDS); i++) {
                a.broadcast(event(-1), BroadcastOptions.rooms(Set.of("room")));
            }
            assertEquals(0, probed.getCount(), "our broadcasts reach the Node node's client");
            sendToNode(a, count, WARM_UP, 0);
            var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            sendToNode(a, count, MESSAGES, WARM_UP);
            long nanos = System.nanoTime() - start;
            long cpuNanos = os.getProcessCpuTime() - cpuStart;
            assertEquals(WARM_UP + MESSAGES, count.get(), "every broadcast reached the Node node's client");
            assertEquals(0, outOfOrder.get(), "in order");
            System.out.printf("cross-node throughput (%s, Java->Node via Redis, %d room broadcasts to a socket.io-client): "
                    + "%.0f broadcasts/s delivered, %.1f us CPU per broadcast on our node%n",
                    mode, MESSAGES, MESSAGES / (nanos / 1e9), cpuNanos / 1e3 / MESSAGES);
        } finally {
            node.getOutputStream().close();
            if (!node.waitFor(10, TimeUnit.SECONDS)) node.destroyForcibly();
        }
    }

    /** As {@link #sendInWindows}, the Node node's count (reported every 500) telling what arrived. */
    private static void sendToNode(ClusterAdapter a, AtomicInteger count, int n, int before)
            throws InterruptedException {
        for (int sent = 0; sent < n; ) {
            for (int i = 0; i < WINDOW && sent < n; i++, sent++) a.broadcast(event(sent), BroadcastOptions.rooms(Set.of("room")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (count.get() < before + sent && System.nanoTime() < deadline) Thread.sleep(1);
            if (count.get() < before + sent) return;
        }
    }

    /** Broadcasts n room messages, each window of {@link #WINDOW} waiting (bounded) until the other node delivered it. */
    private static void sendInWindows(ClusterAdapter a, CountingSocket receiver, int n) throws InterruptedException {
        for (int sent = 0; sent < n; ) {
            for (int i = 0; i < WINDOW && sent < n; i++, sent++) a.broadcast(event(sent), BroadcastOptions.rooms(Set.of("room")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (receiver.count() < sent && System.nanoTime() < deadline) Thread.sleep(1);
            if (receiver.count() < sent) return;
        }
    }

    private static OutgoingPacket event(int n) {
        return OutgoingPacket.of(Packet.event("/", JSON.createArrayBuilder().add("n").add(n).build(), null, List.of()));
    }
}
