package dev.sio.it;

import io.socket.client.Ack;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.emitter.Emitter;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Helpers for driving the Java client (io.socket:socket.io-client 2.x, org.json 20090211) from
 * tests: bounded waits, emits with an acknowledgement, an ordered log of incoming events, and JSON
 * compared as plain Java values.
 */
final class JavaClients {

    /** The bound of every wait for an event or an acknowledgement. */
    static final long WAIT_SECONDS = 5;

    /** The bound of a connect: the first ones meet a cold server (WebSocket, CDI, JWT and Redis start-up), which on a loaded machine took over 10 s. */
    static final long CONNECT_SECONDS = 30;

    private JavaClients() {
    }

    /** Waits at most {@link #WAIT_SECONDS} for the future; an AssertionError names what did not come. */
    static <T> T await(CompletableFuture<T> future, String what) throws InterruptedException {
        return await(future, what, WAIT_SECONDS);
    }

    static <T> T await(CompletableFuture<T> future, String what, long seconds) throws InterruptedException {
        try {
            return future.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no " + what + " within " + seconds + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError assertion) throw assertion;
            throw new AssertionError(what + " failed", e.getCause());
        }
    }

    /**
     * Counts the Engine.IO pings the server sends on the manager's connection (one per heartbeat),
     * so a test can wait for heartbeats to happen instead of sleeping. Call once connected. The
     * client emits "ping" on its Engine.IO socket for each; the Manager keeps that socket in a
     * package-private field, read here by reflection (test code, one client version).
     */
    static Semaphore serverPings(Manager manager) {
        io.socket.engineio.client.Socket engine;
        try {
            Field field = Manager.class.getDeclaredField("engine");
            field.setAccessible(true);
            engine = (io.socket.engineio.client.Socket) field.get(manager);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the Java client's Manager no longer has its engine field", e);
        }
        if (engine == null) throw new AssertionError("the manager has no connection yet: connect first");
        Semaphore pings = new Semaphore(0);
        engine.on(io.socket.engineio.client.Socket.EVENT_PING, args -> pings.release());
        return pings;
    }

    /** Waits (bounded) until the server has sent {@code count} more pings: that many heartbeats went by. */
    static void awaitHeartbeats(Semaphore pings, int count) throws InterruptedException {
        long seconds = WAIT_SECONDS + count;
        if (!pings.tryAcquire(count, seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("fewer than " + count + " server pings within " + seconds + " s");
        }
    }

    /** Emits with an acknowledgement callback and returns the acknowledgement's arguments. */
    static Object[] call(Socket socket, String event, Object... args) throws InterruptedException {
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        Emitter.Listener lost = reason -> answer.completeExceptionally(new AssertionError(
                "disconnected " + Arrays.toString(reason) + " before the acknowledgement of '" + event + "'"));
        socket.on(Socket.EVENT_DISCONNECT, lost);
        try {
            Object[] withAck = Arrays.copyOf(args, args.length + 1);
            withAck[args.length] = (Ack) answer::complete;
            socket.emit(event, withAck);
            return await(answer, "acknowledgement of '" + event + "' " + Arrays.toString(args));
        } finally {
            socket.off(Socket.EVENT_DISCONNECT, lost);
        }
    }

    /** A JSONObject from key, value pairs. */
    static JSONObject json(Object... keysAndValues) {
        JSONObject object = new JSONObject();
        try {
            for (int i = 0; i < keysAndValues.length; i += 2) object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        } catch (JSONException e) {
            throw new IllegalArgumentException(e);
        }
        return object;
    }

    /** Binary data as a comparable value (byte arrays compare by identity). */
    record Bin(String hex) {
    }

    static Bin bin(byte[] bytes) {
        return new Bin(HexFormat.of().formatHex(bytes));
    }

    /**
     * A received value as plain Java, comparable with {@code Map.of}/{@code List.of}: JSONObject to
     * a sorted map, JSONArray and Object[] to a list, byte[] to {@link Bin}, JSON null to null, and
     * numbers to Integer, Long (integral values) or Double.
     */
    static Object plain(Object value) {
        return toPlain(value);
    }

    /**
     * A chat room message as plain values without what the server stamps on it (its {@code id} and
     * {@code ts}, checked on their own): {@code {room, user, message}}.
     */
    static Object unstamped(Object value) {
        Object plain = toPlain(value);
        if (!(plain instanceof java.util.Map<?, ?> map) || !map.containsKey("id")) return plain;
        java.util.Map<Object, Object> rest = new java.util.HashMap<>(map);
        if (!(rest.remove("id") instanceof String) || !(rest.remove("ts") instanceof Number)) {
            throw new AssertionError("a room message has a string id and a numeric ts: " + plain);
        }
        return rest;
    }

    /** roomMessage's answer {@code {ok: true, id}}: true when it is that. */
    static boolean acceptedRoomMessage(Object answer) {
        return toPlain(answer) instanceof java.util.Map<?, ?> map && map.size() == 2
                && Boolean.TRUE.equals(map.get("ok")) && map.get("id") instanceof String;
    }

    private static Object toPlain(Object value) {
        if (value == null || value == JSONObject.NULL) return null;
        if (value instanceof JSONObject object) {
            Map<String, Object> map = new TreeMap<>();
            for (Iterator<?> keys = object.keys(); keys.hasNext(); ) {
                String key = (String) keys.next();
                map.put(key, toPlain(object.opt(key)));
            }
            return map;
        }
        if (value instanceof JSONArray array) {
            List<Object> list = new ArrayList<>(array.length());
            for (int i = 0; i < array.length(); i++) list.add(toPlain(array.opt(i)));
            return list;
        }
        if (value instanceof Object[] array) {
            List<Object> list = new ArrayList<>(array.length);
            for (Object item : array) list.add(toPlain(item));
            return list;
        }
        if (value instanceof byte[] bytes) return bin(bytes);
        if (value instanceof Number number) return number(number);
        return value;
    }

    private static Object number(Number number) {
        BigDecimal decimal = new BigDecimal(number.toString());
        if (decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0) {
            try {
                long whole = decimal.longValueExact();
                if (whole == (int) whole) return Integer.valueOf((int) whole);
                return Long.valueOf(whole);
            } catch (ArithmeticException tooLarge) {
                return decimal;
            }
        }
        return decimal.doubleValue();
    }

    /** Every event a socket receives, in order (registered before connecting, so none is missed). */
    static final class Inbox {
        private final Socket socket;
        private final BlockingQueue<Object[]> events = new LinkedBlockingQueue<>();

        Inbox(Socket socket) {
            this.socket = socket;
            // called on the client's event thread, before the event's own listeners
            socket.onAnyIncoming(events::add);
            // a lost connection shows in the log too, so a test fails on it at once and says why
            socket.on(Socket.EVENT_DISCONNECT, args -> events.add(prepend(Socket.EVENT_DISCONNECT, args)));
        }

        private static Object[] prepend(String event, Object[] args) {
            Object[] out = new Object[args.length + 1];
            out[0] = event;
            System.arraycopy(args, 0, out, 1, args.length);
            return out;
        }

        Socket socket() {
            return socket;
        }

        /**
         * The next event received, which must be {@code event} (anything before it fails the test,
         * a {@code disconnect} included): its arguments, the acknowledgement callback last when the
         * server asked for one.
         */
        Object[] expect(String event) throws InterruptedException {
            return expect(event, WAIT_SECONDS);
        }

        /** {@link #expect(String)} with a wait of its own (a broker that is recovering, say). */
        Object[] expect(String event, long seconds) throws InterruptedException {
            Object[] next = events.poll(seconds, TimeUnit.SECONDS);
            if (next == null) fail("no '" + event + "' event within " + seconds + " s");
            assertEquals(event, next[0], "the next event received, expected '" + event + "', was " + Arrays.toString(next));
            return Arrays.copyOfRange(next, 1, next.length);
        }
    }
}
