package dev.sio.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/** A JWKS endpoint on 127.0.0.1 (ephemeral port) whose document and status the test can change. */
final class JwksServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private volatile String body;
    private volatile int status = 200;

    JwksServer(String initialBody) throws IOException {
        this.body = initialBody;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            hits.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    void serve(String newBody) {
        body = newBody;
    }

    void status(int newStatus) {
        status = newStatus;
    }

    /** How many requests reached the endpoint. */
    int hits() {
        return hits.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
