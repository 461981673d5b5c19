package dev.sio.app.chat.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code socketio-store}: down while the store is on and its database does not answer
 * (live chat goes on meanwhile, but history and offline messages do not; as with the message queue,
 * operators see it in readiness).
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    static final String NAME = "socketio-store";

    @Inject
    ChatStore store;

    @Override
    public HealthCheckResponse call() {
        String problem = store.problem();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME).status(problem == null)
                .withData("enabled", store.enabled()).withData("datasource", store.datasource());
        if (problem != null) builder.withData("problem", problem);
        return builder.build();
    }
}
