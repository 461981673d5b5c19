package dev.sio.cdi;

import dev.sio.testing.JwtFixtures;
import dev.sio.auth.JwtSettings;
import dev.sio.auth.TokenVerifier;
import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.EngineConfig;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.Transport;
import dev.sio.socketio.server.PayloadMapper;
import dev.sio.socketio.server.SocketIoConfig;
import dev.sio.socketio.server.SocketIoServer;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A real Socket.IO server on a real Engine.IO server, no container: gateways bound by
 * {@link GatewayBinder} with the authentication pieces, clients that are in-memory transports, and
 * tokens signed by a key made per run.
 */
final class AuthHarness implements AutoCloseable {

    static final String ISSUER = "https://sso.test/realms/unit";
    static final RsaJsonWebKey KEY = JwtFixtures.rsa("unit-key");

    /** Records the delay of each task, so that tests can see when the expiry timer was set for. */
    static final class Scheduler extends ScheduledThreadPoolExecutor {
        final BlockingQueue<Long> delaysMillis = new LinkedBlockingQueue<>();

        Scheduler() {
            super(1);
            setRemoveOnCancelPolicy(true);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delaysMillis.add(unit.toMillis(delay));
            return super.schedule(command, delay, unit);
        }
    }

    final Scheduler scheduler = new Scheduler();
    final SocketIoServer io = new SocketIoServer(new SocketIoConfig(Duration.ofSeconds(30), 10), scheduler, new PayloadMapper());
    final EngineServer engine = new EngineServer(new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20),
            Duration.ofSeconds(10), 1_000_000, 1000, true), scheduler, io);
    final JwtSettings settings;
    final AuthSetup auth;
    final TokenExpiry expiry;

    AuthHarness() {
        this(0);
    }

    AuthHarness(int clockSkewSeconds) {
        settings = new JwtSettings(new JsonWebKeySet(List.<JsonWebKey>of(KEY)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
                null, Set.of("RS256"), ISSUER, Set.of(), clockSkewSeconds, null, "Cookie", "jwt", false, null, 0, 0);
        auth = new AuthSetup(settings, new TokenVerifier(settings), null);
        expiry = new TokenExpiry(scheduler, Clock.systemUTC(), clockSkewSeconds,
                (socket, reason) -> engine.find(socket.sessionId()).close(reason));
    }

    /** Binds a gateway instance; returns its model. */
    GatewayModel bind(Object gateway) {
        return bind(gateway, AcceptedEvents.NONE);
    }

    /** Binds a gateway instance whose accepted events go to {@code accepted}; returns its model. */
    GatewayModel bind(Object gateway, AcceptedEvents accepted) {
        List<String> problems = new java.util.ArrayList<>();
        GatewayModel model = GatewayModels.read(gateway.getClass(), problems);
        if (!problems.isEmpty()) throw new AssertionError(problems);
        GatewayBinder.bind(model, gateway, io.of(model.namespace()), new GatewayBinder.Security(auth, expiry), accepted);
        return model;
    }

    Client open() {
        return open(Map.of());
    }

    Client open(Map<String, List<String>> headers) {
        Client client = new Client();
        client.session = engine.open(client, new HandshakeInfo(headers, Map.of(), "127.0.0.1", "/socket.io/", false), List.of());
        String open = client.next();
        if (!open.startsWith("0")) throw new AssertionError("expected the open packet, got " + open);
        return client;
    }

    @Override
    public void close() {
        engine.closeAll("test over");
        scheduler.shutdownNow();
    }

    // ---- tokens ----

    /** A valid token for {@code sub}, with a display name and groups, valid for {@code lifetimeSeconds}. */
    static String token(String sub, String displayName, long lifetimeSeconds, String... groups) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(sub);
        if (displayName != null) claims.setClaim("preferred_username", displayName);
        claims.setStringListClaim("groups", groups);
        claims.setIssuedAtToNow();
        claims.setNotBeforeMinutesInThePast(1);
        NumericDate exp = NumericDate.now();
        exp.addSeconds(lifetimeSeconds);
        claims.setExpirationTime(exp);
        return JwtFixtures.rs256(KEY, claims);
    }

    /** The exp claim of a token we signed, in seconds. */
    static long expiry(String token) {
        try {
            return JwtClaims.parse(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                    java.nio.charset.StandardCharsets.UTF_8)).getExpirationTime().getValue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(String sub, String... groups) {
        return token(sub, sub, 600, groups);
    }

    /** A client: an in-memory transport; what it "receives" is what the server wrote to it. */
    static final class Client implements Transport {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        volatile String closedWith;
        EngineSession session;

        @Override
        public String name() {
            return "websocket";
        }

        @Override
        public void packetsReady(EngineSession session) {
            for (EnginePacket packet = session.pollOutbound(); packet != null; packet = session.pollOutbound()) {
                received.add(packet.isBinary() ? "<binary>" : packet.wireText());
            }
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public synchronized void close(String reason) {
            closedWith = reason;
            received.add("<closed: " + reason + ">");
        }

        /** Sends one Socket.IO packet (the text after the Engine.IO message type). */
        void send(String socketIoPacket) {
            session.receive(EnginePacket.message(socketIoPacket));
        }

        /** The next Engine.IO packet as text ("4" + Socket.IO packet for messages), waiting up to 5 s. */
        String next() {
            return next(5000);
        }

        String next(long millis) {
            try {
                String packet = received.poll(millis, TimeUnit.MILLISECONDS);
                if (packet == null) throw new AssertionError("nothing received in " + millis + " ms");
                return packet;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Connects to a namespace with {@code {"token": token}} (no auth when null); returns the answer. */
        String connect(String namespace, String token) {
            send("0" + namespace + "," + (token == null ? "" : "{\"token\":\"" + token + "\"}"));
            return next();
        }

        /** Nothing more arrives for {@code millis}. */
        void expectSilence(long millis) {
            try {
                String packet = received.poll(millis, TimeUnit.MILLISECONDS);
                if (packet != null) throw new AssertionError("unexpected: " + packet);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
