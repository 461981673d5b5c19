package dev.sio.it;

import dev.sio.cdi.OnEvent;
import dev.sio.cdi.SocketGateway;
import dev.sio.engineio.websocket.WebSocketDiagnostics;
import dev.sio.socketio.server.JsonBuilders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

/**
 * Test-only namespace /diagnostics: answers which container fast paths are in force, so an
 * integration test fails when a server upgrade silently switches one off (see WebSocketDiagnostics).
 */
@ApplicationScoped
@SocketGateway(namespace = "/diagnostics")
public class DiagnosticsGateway {

    @Inject
    BeanManager beans;

    /** "active" or "inactive": whether CDI's request context is active in a handler (see docs/gateways.md, Contexts). */
    @OnEvent("requestContext")
    String requestContext() {
        try {
            return beans.getContext(RequestScoped.class).isActive() ? "active" : "inactive";
        } catch (ContextNotActiveException notActive) {
            return "inactive";
        }
    }

    /** Takes {@code millis} (at most 2 s) before it returns: a handler that is slow for a test's sake. */
    @OnEvent("slow")
    String slow(int millis) throws InterruptedException {
        Thread.sleep(Math.max(0, Math.min(millis, 2_000)));
        return "slept";
    }

    @OnEvent("fastPaths")
    JsonObject fastPaths() {
        return JsonBuilders.object()
                .add("send", WebSocketDiagnostics.sendPath().name())
                .add("timer", WebSocketDiagnostics.timerHandling().name())
                .build();
    }
}
