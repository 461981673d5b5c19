package dev.sio.cdi;

import dev.sio.monitoring.metrics.Metric;
import dev.sio.monitoring.metrics.MetricCatalog;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.SocketIoServer;
import jakarta.enterprise.inject.spi.BeanManager;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The catalog registered with the application's MicroProfile Metrics registry (Payara serves it at
 * {@code /metrics} in Prometheus format). Every series is a function gauge reading our counters:
 * MicroProfile Metrics 5.1 has no counter that reads a function, and pushing every count into a
 * registry counter would put its cost on the hot path. Counter series keep their {@code _total}
 * names. Loaded only when the API is present ({@link MetricsBinding}); its signatures name only
 * JDK and project types, so merely referring to it never needs the API.
 */
final class MicroProfileMetrics implements AutoCloseable {

    private final MetricRegistry registry;
    private final MetricCatalog catalog;
    private final List<MetricID> registered = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private MicroProfileMetrics(MetricRegistry registry, MetricCatalog catalog) {
        this.registry = registry;
        this.catalog = catalog;
    }

    static AutoCloseable register(BeanManager beans, MetricCatalog catalog, SocketIoServer server, List<Metric> extra) {
        // the application registry, injected into a bean (see MetricRegistryHolder)
        MetricRegistry registry = beans.createInstance().select(MetricRegistryHolder.class).get().registry;
        MicroProfileMetrics binding = new MicroProfileMetrics(registry, catalog);
        binding.add(catalog.global());
        binding.add(extra);
        for (Namespace namespace : server.namespaces()) binding.add(catalog.of(namespace));
        server.onNamespaceCreated(namespace -> binding.add(catalog.of(namespace)));
        return binding;
    }

    private void add(List<Metric> metrics) {
        if (closed) return;
        for (Metric metric : metrics) {
            Tag[] tags = metric.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> new Tag(e.getKey(), e.getValue())).toArray(Tag[]::new);
            Metadata metadata = Metadata.builder().withName(metric.name()).withDescription(metric.description()).build();
            Supplier<Long> value = metric.value()::getAsLong;
            registry.gauge(metadata, value, tags);
            registered.add(new MetricID(metric.name(), tags));
        }
    }

    @Override
    public void close() {
        closed = true;
        for (MetricID id : registered) registry.remove(id);
        registered.clear();
    }
}
