package dev.sio.auth;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JwksHttpClientTest {

    @Test
    void its_fetch_threads_are_ours_and_stop_when_it_closes() throws Exception {
        java.util.Set<Thread> before = jwksThreads();
        try (JwksServer server = new JwksServer("{\"keys\":[]}")) {
            JwksHttpClient http = JwksHttpClient.create();
            HttpResponse<String> response = http.client().sendAsync(
                    HttpRequest.newBuilder(URI.create(server.url())).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).get();
            assertEquals(200, response.statusCode());
            java.util.Set<Thread> ours = jwksThreads();
            ours.removeAll(before); // other tests' clients may still have idle threads
            assertTrue(!ours.isEmpty(), "the async fetch ran on a socketio-jwks thread");

            http.close();

            long deadline = System.nanoTime() + 5_000_000_000L;
            while (ours.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(0, ours.stream().filter(Thread::isAlive).count(), "none of its threads is left");
        }
    }

    private static java.util.Set<Thread> jwksThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("socketio-jwks-") && t.isAlive())
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }
}
