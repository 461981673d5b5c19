package dev.sio.cdi;

import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Holds the application's MicroProfile metric registry. Payara's producer of the registry needs a
 * real injection point (a programmatic lookup fails inside it), hence this bean. It carries no
 * bean-defining annotation, so no server discovers it on its own: {@link MetricsExtension} adds
 * it only when the API is present (WildFly 39 has none).
 */
class MetricRegistryHolder {

    @Inject
    MetricRegistry registry;
}
