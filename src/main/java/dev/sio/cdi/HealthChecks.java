package dev.sio.cdi;

import dev.sio.monitoring.HealthReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The server's MicroProfile Health checks, named {@value #NAME} in the server's health endpoint
 * (Payara: {@code /health/live} and {@code /health/ready}; WildFly: the same paths on the
 * management port).
 */
final class HealthChecks {

    static final String NAME = "socketio";

    private HealthChecks() {
    }

    static HealthCheckResponse response(HealthReport report) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME).status(report.up());
        report.data().forEach((key, value) -> {
            if (value instanceof Boolean b) builder.withData(key, b);
            else if (value instanceof Number n) builder.withData(key, n.longValue());
            else builder.withData(key, String.valueOf(value));
        });
        return builder.build();
    }

    /** Down when the heartbeat timer is stuck. */
    @Liveness
    @ApplicationScoped
    static class Live implements HealthCheck {
        @Inject
        SocketIoRuntime runtime;

        @Override
        public HealthCheckResponse call() {
            return response(runtime.liveness());
        }
    }

    /** Down while shutting down, while the token keys cannot be loaded, or (clustered) while the adapter is cut off. */
    @Readiness
    @ApplicationScoped
    static class Ready implements HealthCheck {
        @Inject
        SocketIoRuntime runtime;

        @Override
        public HealthCheckResponse call() {
            return response(runtime.readiness());
        }
    }
}
