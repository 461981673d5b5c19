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

/**
 * Starts counting and hands the metrics to the server's metrics system, when there is one we know:
 * MicroProfile Metrics (Payara). WildFly 39 ships no MicroProfile Metrics API, so this class never
 * names its types: {@link MicroProfileMetrics} is loaded only after the API was found, and the
 * same WAR deploys on both. Setting {@value #ENABLED} ({@code true} by default) to false turns
 * counting off altogether (the servers then call no-op listeners).
 */
final class MetricsBinding {

    static final String ENABLED = "socketio.metrics.enabled";
    static final String MP_METRICS_API = "org.eclipse.microprofile.metrics.MetricRegistry";

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
        if (!present(MP_METRICS_API)) {
            LOG.log(Level.INFO, "No MicroProfile Metrics on this server: the socketio_ metrics are counted but not exported; see docs/monitoring.md");
            return NOTHING;
        }
        try {
            return MicroProfileMetrics.register(beans, catalog, server, extra);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "Could not register the socketio_ metrics with MicroProfile Metrics", e);
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
