package dev.sio.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the {@link SocketGateway} beans and checks them while the application deploys: every
 * problem (a duplicate event handler, a parameter nothing can resolve) is a deployment problem that
 * names the class and method, so a broken gateway never starts. Sets up token verification for the
 * enabled gateways that use authentication: without a verification key (and without development
 * mode) the application does not start.
 */
public class GatewayExtension implements Extension {

    private final List<Bean<?>> gatewayBeans = new ArrayList<>();
    private final List<GatewayBinding> gateways = new ArrayList<>();
    private AuthSetup auth = AuthSetup.NONE;

    /** A gateway's bean and its model. */
    record GatewayBinding(Bean<?> bean, GatewayModel model) {
    }

    void collect(@Observes ProcessManagedBean<?> event) {
        if (event.getAnnotatedBeanClass().isAnnotationPresent(SocketGateway.class)) {
            gatewayBeans.add(event.getBean());
        }
    }

    void validate(@Observes AfterDeploymentValidation event) {
        List<String> problems = new ArrayList<>();
        Map<String, String> eventOwners = new HashMap<>();
        for (Bean<?> bean : gatewayBeans) {
            GatewayModel model = GatewayModels.read(bean.getBeanClass(), problems);
            for (HandlerMethod handler : model.events().values()) {
                String key = model.namespace() + "#" + handler.event();
                String previous = eventOwners.putIfAbsent(key, handler.describe());
                if (previous != null) {
                    problems.add("Event '" + handler.event() + "' of namespace " + model.namespace()
                            + " has two handlers: " + previous + " and " + handler.describe());
                }
            }
            gateways.add(new GatewayBinding(bean, model));
        }
        if (problems.isEmpty()) {
            try {
                auth = setUpAuth(ConfigProvider.getConfig(), gateways);
            } catch (IllegalStateException | IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        for (String problem : problems) {
            event.addDeploymentProblem(new DeploymentException("Socket.IO gateway: " + problem));
        }
    }

    List<GatewayBinding> gateways() {
        return List.copyOf(gateways);
    }

    AuthSetup auth() {
        return auth;
    }

    /** Token verification for the enabled gateways that use authentication (and development mode). */
    static AuthSetup setUpAuth(Config config, List<GatewayBinding> gateways) {
        List<String> needAuth = new ArrayList<>();
        for (GatewayBinding gateway : gateways) {
            if (gateway.model().usesAuth() && enabled(gateway.model(), config)) needAuth.add(gateway.model().describe());
        }
        return AuthSetup.from(config, needAuth);
    }

    /** Whether the gateway's {@code enabledIf} switch (if any) is on. */
    static boolean enabled(GatewayModel model, Config config) {
        return model.enabledIf().isEmpty() || config.getOptionalValue(model.enabledIf(), Boolean.class).orElse(false);
    }
}
