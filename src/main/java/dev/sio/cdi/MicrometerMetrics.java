package dev.sio.cdi;

import dev.sio.monitoring.metrics.Metric;
import dev.sio.monitoring.metrics.MetricCatalog;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.SocketIoServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The catalog registered with the application's Micrometer registry (WildFly's micrometer
 * subsystem; with its Prometheus registry the series are served on the management port). Unlike
 * MicroProfile Metrics, Micrometer has counters that read a function, so counters are function
 * counters and gauges function gauges, both reading our counters at scrape time: nothing is added
 * to the hot path. Descriptions are not passed on: the only registration calls that reach
 * WildFly's exported registry take none. The names are ours as they are (already snake case with
 * {@code _total} on counters), so Micrometer's Prometheus naming gives the same names as Payara's
 * {@code /metrics}. Loaded only when the API is present ({@link MetricsBinding}); its signatures
 * name only JDK and project types, so merely referring to it never needs the API.
 */
final class MicrometerMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    /** Micrometer holds a meter's function weakly and nothing else holds ours: this list keeps them while registered. */
    private final List<LongSupplier> functions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @return null when the server offers no MeterRegistry bean (the API is visible, the subsystem is off) */
    static AutoCloseable register(BeanManager beans, MetricCatalog catalog, SocketIoServer server, List<Metric> extra) {
        Instance<MeterRegistry> registries = beans.createInstance().select(MeterRegistry.class);
        if (!registries.isResolvable()) return null;
        return bind(registries.get(), catalog, server, extra);
    }

    /** Registers the catalog's series, and each later namespace's, with the given registry. */
    static MicrometerMetrics bind(MeterRegistry registry, MetricCatalog catalog, SocketIoServer server, List<Metric> extra) {
        MicrometerMetrics binding = new MicrometerMetrics(registry);
        binding.add(catalog.global());
        binding.add(extra);
        for (Namespace namespace : server.namespaces()) binding.add(catalog.of(namespace));
        server.onNamespaceCreated(namespace -> binding.add(catalog.of(namespace)));
        return binding;
    }

    private void add(List<Metric> metrics) {
        if (closed) return;
        for (Metric metric : metrics) {
            Tags tags = Tags.of(metric.labels().entrySet().stream().map(e -> Tag.of(e.getKey(), e.getValue())).toList());
            LongSupplier value = metric.value();
            functions.add(value);
            // the registry's own methods, not FunctionCounter.builder(..).register(registry): WildFly hands each
            // deployment a registry that forwards only these to the exported one (adding a deployment tag);
            // what a builder registers stays in that per-deployment registry and is never scraped
            switch (metric.kind()) {
                case COUNTER -> registry.more().counter(metric.name(), tags, value, LongSupplier::getAsLong);
                case GAUGE -> registry.gauge(metric.name(), tags, value, LongSupplier::getAsLong);
            }
            // the meter as registered (with the server's tags), to remove it at undeployment
            Meter meter = registry.find(metric.name()).tags(tags).meter();
            if (meter != null) registered.add(meter);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Meter meter : registered) registry.remove(meter);
        registered.clear();
        functions.clear();
    }
}
