package dev.sio.cdi;

import dev.sio.engineio.server.EngineServer;
import dev.sio.monitoring.metrics.Metric;
import dev.sio.monitoring.metrics.MetricCatalog;
import dev.sio.socketio.server.SocketIoServer;
import jakarta.enterprise.inject.spi.BeanManager;
import org.eclipse.microprofile.config.Config;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Supplier;

/**
 * Starts counting and hands the metrics to the server's metrics system, when there is one we know:
 * MicroProfile Metrics (Payara), else Micrometer (WildFly 39 with its micrometer subsystem on).
 * Neither API is on every server, so this class never names their types: {@link MicroProfileMetrics}
 * and {@link MicrometerMetrics} are loaded only after their API was found, and the same WAR
 * deploys everywhere. Setting {@value #ENABLED} ({@code true} by default) to false turns
 * counting off altogether (the servers then call no-op listeners).
 */
final class MetricsBinding {

    static final String ENABLED = "socketio.metrics.enabled";
    static final String MP_METRICS_API = "org.eclipse.microprofile.metrics.MetricRegistry";
    static final String MICROMETER_API = "io.micrometer.core.instrument.MeterRegistry";

    private static final Logger LOG = System.getLogger(MetricsBinding.class.getName());
    private static final AutoCloseable NOTHING = () -> { };

    private MetricsBinding() {
    }

    /** Counts and exports; returns what undoes the export at undeployment. Never fails the deployment. */
    static AutoCloseable start(Config config, BeanManager beans, EngineServer engine, SocketIoServer server) {
        return start(config, beans, engine, server, List.of());
    }

    /** @param extra further series (the message-queue integration's), exported with the server's */
    static AutoCloseable start(Config config, BeanManager beans, EngineServer engine, SocketIoServer server, List<Metric> extra) {
        if (!config.getOptionalValue(ENABLED, Boolean.class).orElse(true)) {
            LOG.log(Level.INFO, "Metrics are off ({0}=false)", ENABLED);
            return NOTHING;
        }
        MetricCatalog catalog = new MetricCatalog(MetricCatalog.attach(engine, server), engine);
        if (present(MP_METRICS_API)) return export("MicroProfile Metrics", () -> MicroProfileMetrics.register(beans, catalog, server, extra));
        if (present(MICROMETER_API)) {
            AutoCloseable micrometer = export("Micrometer", () -> MicrometerMetrics.register(beans, catalog, server, extra));
            if (micrometer != null) return micrometer;
            LOG.log(Level.INFO, "Micrometer is visible but the server offers no MeterRegistry bean: the socketio_ metrics are counted but not exported; see docs/monitoring.md");
            return NOTHING;
        }
        LOG.log(Level.INFO, "No MicroProfile Metrics and no Micrometer on this server: the socketio_ metrics are counted but not exported; see docs/monitoring.md");
        return NOTHING;
    }

    /** Runs one binding; a failure is logged and leaves the metrics unexported, never fails the deployment. */
    private static AutoCloseable export(String system, Supplier<AutoCloseable> binding) {
        try {
            AutoCloseable registered = binding.get();
            if (registered != null) LOG.log(Level.INFO, "The socketio_ metrics are exported through {0}", system);
            return registered;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "Could not register the socketio_ metrics with " + system, e);
            return NOTHING;
        }
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, MetricsBinding.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
