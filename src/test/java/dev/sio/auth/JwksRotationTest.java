package dev.sio.auth;

import static dev.sio.auth.TestTokens.claims;
import static dev.sio.testing.JwtFixtures.rs256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sio.testing.JwtFixtures;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * A JWKS served over HTTP by the test, with keys rotated while the verifier runs. The verifier's
 * clock is a {@link MutableClock}, so "30 seconds later" takes no time.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JwksRotationTest {
    private static final long INTERVAL_MS = 30_000;
    private static RsaJsonWebKey k1;
    private static RsaJsonWebKey k2;
    private static RsaJsonWebKey k3;

    private JwksServer server;
    private MutableClock clock;

    @BeforeAll
    static void keys() {
        k1 = JwtFixtures.rsa("k1");
        k2 = JwtFixtures.rsa("k2");
        k3 = JwtFixtures.rsa("k3");
    }

    @BeforeEach
    void start() throws Exception {
        server = new JwksServer(JwtFixtures.publicJwks(k1));
        clock = new MutableClock();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TokenVerifier verifier(long intervalMs) {
        return new TokenVerifier(SettingsBuilder.location(server.url()).refreshMillis(intervalMs).build(), clock, null);
    }

    private static RejectionReason rejection(TokenVerifier verifier, String token) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token)).reason();
    }

    @Test
    void a_rotated_key_is_fetched_but_a_second_unknown_kid_inside_the_interval_is_not() throws Exception {
        TokenVerifier verifier = verifier(INTERVAL_MS);
        verifier.verify(rs256(k1, claims()));
        assertEquals(1, server.hits(), "first use fetches the JWKS");

        // The SSO rotates: it now publishes k2 next to k1 and signs with k2.
        server.serve(JwtFixtures.publicJwks(k1, k2));
        clock.advance(Duration.ofMillis(INTERVAL_MS + 1_000));
        assertEquals("alice@corp.test", verifier.verify(rs256(k2, claims())).getName());
        assertEquals(2, server.hits(), "an unknown kid triggers one refetch");

        // Another rotation right away: k3 is published, but we fetched less than the interval ago.
        server.serve(JwtFixtures.publicJwks(k1, k2, k3));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifier, rs256(k3, claims())));
        assertEquals(2, server.hits(), "no refetch inside the minimum interval");

        // Known keys keep working meanwhile, without fetching.
        verifier.verify(rs256(k1, claims()));
        verifier.verify(rs256(k2, claims()));
        assertEquals(2, server.hits());

        // Once the interval has passed, k3 is fetched.
        clock.advance(Duration.ofMillis(INTERVAL_MS));
        verifier.verify(rs256(k3, claims()));
        assertEquals(3, server.hits());
    }

    @Test
    void a_key_the_sso_withdrew_stops_working_once_the_keys_are_older_than_the_max_age() throws Exception {
        long maxAge = 600_000;
        TokenVerifier verifier = new TokenVerifier(
                SettingsBuilder.location(server.url()).refreshMillis(INTERVAL_MS).maxAgeMillis(maxAge).build(), clock, null);
        String signedByK1 = rs256(k1, claims());
        verifier.verify(signedByK1);
        assertEquals(1, server.hits());

        // The SSO withdraws k1 (compromised) and publishes k2 only.
        server.serve(JwtFixtures.publicJwks(k2));
        clock.advance(Duration.ofMillis(maxAge - 1));
        verifier.verify(signedByK1);
        assertEquals(1, server.hits(), "keys younger than the max age are not refetched");

        // Past the max age: this call is not held up by the fetch (it still uses the keys it has) ...
        clock.advance(Duration.ofMillis(2));
        verifier.verify(signedByK1);
        // ... and the fetch it started in the background replaces them.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        RejectionReason reason = null;
        while (System.nanoTime() < deadline) {
            try {
                verifier.verify(signedByK1);
                Thread.sleep(20);
            } catch (TokenRejectedException e) {
                reason = e.reason();
                break;
            }
        }
        assertEquals(RejectionReason.UNKNOWN_KEY, reason, "the withdrawn key is refused after the refresh");
        assertEquals(2, server.hits(), "one background fetch, then the rate limit holds");
        assertEquals("alice@corp.test", verifier.verify(rs256(k2, claims())).getName());
    }

    @Test
    void a_failed_background_refresh_keeps_the_known_keys() throws Exception {
        long maxAge = 600_000;
        TokenVerifier verifier = new TokenVerifier(
                SettingsBuilder.location(server.url()).refreshMillis(INTERVAL_MS).maxAgeMillis(maxAge).build(), clock, null);
        verifier.verify(rs256(k1, claims()));
        server.serve("this is not a JWKS");
        clock.advance(Duration.ofMillis(maxAge + 1));
        // The background fetch reports its failure in a log line: the event this test waits for.
        CountDownLatch failed = new CountDownLatch(1);
        Logger log = Logger.getLogger(JwksCache.class.getName());
        Handler watcher = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING && record.getMessage().startsWith("Cannot refresh the JWKS")) failed.countDown();
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(watcher);
        try {
            verifier.verify(rs256(k1, claims()));
            assertTrue(failed.await(10, TimeUnit.SECONDS), "the background fetch of a broken JWKS fails and says so");
        } finally {
            log.removeHandler(watcher);
        }
        assertEquals(2, server.hits());
        assertEquals("alice@corp.test", verifier.verify(rs256(k1, claims())).getName(), "an SSO outage locks nobody out");
    }

    @Test
    void a_kid_the_sso_does_not_have_costs_at_most_one_fetch_per_interval() {
        TokenVerifier verifier = verifier(INTERVAL_MS);
        RsaJsonWebKey forged = JwtFixtures.rsa("made-up");
        for (int i = 0; i < 20; i++) {
            assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifier, rs256(forged, claims())));
            clock.advance(Duration.ofSeconds(1));
        }
        // t=0 first fetch; t=20s still inside the 30 s window.
        assertEquals(1, server.hits());
        clock.advance(Duration.ofSeconds(15));
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifier, rs256(forged, claims())));
        assertEquals(2, server.hits());
    }

    @Test
    void with_a_zero_interval_every_unknown_kid_refetches() {
        TokenVerifier verifier = verifier(0);
        RsaJsonWebKey forged = JwtFixtures.rsa("made-up");
        rejection(verifier, rs256(forged, claims()));
        rejection(verifier, rs256(forged, claims()));
        // first call: initial fetch + refetch; second call: refetch.
        assertEquals(3, server.hits());
    }

    @Test
    void a_failing_jwks_endpoint_keeps_the_keys_already_known() throws Exception {
        TokenVerifier verifier = verifier(INTERVAL_MS);
        verifier.verify(rs256(k1, claims()));
        server.status(500);
        clock.advance(Duration.ofMillis(INTERVAL_MS + 1));
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifier, rs256(k2, claims())));
        assertEquals(2, server.hits(), "the refetch was attempted");
        verifier.verify(rs256(k1, claims()));

        server.status(200);
        server.serve("this is not a JWKS");
        clock.advance(Duration.ofMillis(INTERVAL_MS + 1));
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifier, rs256(k2, claims())));
        verifier.verify(rs256(k1, claims()));
        assertEquals(3, server.hits());
    }

    @Test
    void an_sso_that_is_down_at_start_is_retried_after_the_interval() throws Exception {
        server.status(503);
        TokenVerifier verifier = verifier(INTERVAL_MS);
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifier, rs256(k1, claims())));
        server.status(200);
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifier, rs256(k1, claims())));
        assertEquals(1, server.hits());
        clock.advance(Duration.ofMillis(INTERVAL_MS));
        verifier.verify(rs256(k1, claims()));
        assertEquals(2, server.hits());
    }

    @Test
    void nothing_is_fetched_before_the_first_token() {
        verifier(INTERVAL_MS);
        assertEquals(0, server.hits());
    }

    @Test
    void concurrent_tokens_with_an_unknown_kid_cause_a_single_fetch() throws Exception {
        TokenVerifier verifier = verifier(INTERVAL_MS);
        verifier.verify(rs256(k1, claims()));
        server.serve(JwtFixtures.publicJwks(k1, k2));
        clock.advance(Duration.ofMillis(INTERVAL_MS + 1));
        String token = rs256(k2, claims());

        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<VerifiedToken>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return verifier.verify(token);
                }));
            }
            go.countDown();
            for (Future<VerifiedToken> result : results) {
                assertEquals("alice@corp.test", result.get(10, TimeUnit.SECONDS).getName());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, server.hits(), "one initial fetch and one refetch, whatever the number of threads");
    }

    @Test
    void a_jwks_endpoint_that_never_answers_times_out() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/jwks");
            JwksCache cache = new JwksCache(uri, JwksCache.defaultClient(), Duration.ofMillis(300), INTERVAL_MS, 0, clock);
            long start = System.nanoTime();
            assertTrue(cache.keys().isEmpty());
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs < 5_000, "gave up after " + tookMs + " ms");
            assertEquals(1, cache.fetchCount());
        }
    }

    @Test
    void a_jwks_document_larger_than_the_limit_is_refused() throws Exception {
        server.serve(JwtFixtures.publicJwks(k1) + " ".repeat(JwksCache.MAX_BODY_BYTES));
        TokenVerifier verifier = verifier(INTERVAL_MS);
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifier, rs256(k1, claims())));
    }
}
