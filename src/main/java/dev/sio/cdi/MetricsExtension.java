package dev.sio.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

/**
 * Adds {@link MetricRegistryHolder} as a bean when the server has the MicroProfile Metrics API,
 * and only then: on a server without it (WildFly 39) the bean would fail the deployment.
 */
public class MetricsExtension implements Extension {

    void addRegistryHolder(@Observes BeforeBeanDiscovery event) {
        if (MetricsBinding.present(MetricsBinding.MP_METRICS_API)) {
            event.addAnnotatedType(MetricRegistryHolder.class, MetricRegistryHolder.class.getName());
        }
    }
}
