package dev.sio.cdi;

import dev.sio.engineio.server.ConnectionLimits;
import dev.sio.engineio.server.CorsPolicy;
import dev.sio.engineio.server.EngineConfig;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.FakeTransport;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.ManualScheduler;
import dev.sio.monitoring.metrics.Metric;
import dev.sio.monitoring.metrics.MetricCatalog;
import dev.sio.socketio.server.PayloadMapper;
import dev.sio.socketio.server.SocketIoConfig;
import dev.sio.socketio.server.SocketIoServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog on a plain Micrometer registry; WildFly's own is exercised by MetricsIT in the wildfly profile. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MicrometerMetricsTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SocketIoServer io = new SocketIoServer(new SocketIoConfig(Duration.ofSeconds(5), 10), scheduler, new PayloadMapper());
    private final EngineServer engine = new EngineServer(new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20),
            Duration.ofSeconds(10), 1_000_000, 4, true), scheduler, io, CorsPolicy.ANY, ConnectionLimits.unlimited());
    private final MetricCatalog catalog = new MetricCatalog(MetricCatalog.attach(engine, io), engine);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private Meter meter(String name, Map<String, String> labels) {
        var search = registry.find(name);
        for (var label : labels.entrySet()) search = search.tag(label.getKey(), label.getValue());
        Meter meter = search.meter();
        assertNotNull(meter, "no meter " + name + labels + " in " + registry.getMeters().stream().map(Meter::getId).toList());
        return meter;
    }

    @Test
    void every_series_becomes_a_function_counter_or_a_gauge_of_the_same_name_and_labels() {
        Metric extra = new Metric("socketio_mq_emits_total", "extra", Metric.Kind.COUNTER, Map.of(), () -> 7);
        MicrometerMetrics.bind(registry, catalog, io, List.of(extra));

        for (Metric metric : catalog.global()) {
            Meter meter = meter(metric.name(), metric.labels());
            if (metric.kind() == Metric.Kind.COUNTER) assertInstanceOf(FunctionCounter.class, meter, metric.name());
            else assertInstanceOf(Gauge.class, meter, metric.name());
        }
        assertEquals(7, ((FunctionCounter) meter("socketio_mq_emits_total", Map.of())).count());
    }

    @Test
    void values_are_read_at_scrape_time_and_namespaces_made_later_are_added() {
        MicrometerMetrics.bind(registry, catalog, io, List.of());
        Gauge websocket = (Gauge) meter("socketio_connections", Map.of("transport", "websocket"));
        assertEquals(0, websocket.value());

        engine.open(new FakeTransport("websocket"), new HandshakeInfo(Map.of(), Map.of("EIO", List.of("4")),
                "10.0.0.7", "/socket.io/?EIO=4", false), List.of());
        assertEquals(1, websocket.value());
        assertEquals(1, ((FunctionCounter) meter("socketio_connections_opened_total", Map.of("transport", "websocket"))).count());

        io.of("/later");
        assertEquals(0, ((Gauge) meter("socketio_sockets", Map.of("namespace", "/later"))).value());
    }

    @Test
    void closing_removes_every_meter_it_registered_and_adds_none_after() {
        MicrometerMetrics binding = MicrometerMetrics.bind(registry, catalog, io, List.of());
        assertTrue(registry.getMeters().size() >= catalog.global().size());

        binding.close();
        io.of("/after-close");
        assertEquals(List.of(), registry.getMeters());
    }
}
