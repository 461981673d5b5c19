package dev.sio.cdi;

import dev.sio.integration.Emitter;
import dev.sio.integration.OutboundBuffer;
import dev.sio.monitoring.metrics.Metric;
import dev.sio.monitoring.metrics.MetricCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.sio.monitoring.metrics.Metric.Kind.COUNTER;
import static dev.sio.monitoring.metrics.Metric.Kind.GAUGE;

/** The message-queue integration's series (see docs/integration.md), exported with the server's own. */
final class MqMetrics {

    private MqMetrics() {
    }

    /** @param outbound null when no event is published: its series are left out */
    static List<Metric> of(Emitter emitter, OutboundBuffer outbound) {
        String p = MetricCatalog.PREFIX + "mq_";
        List<Metric> out = new ArrayList<>();
        out.add(new Metric(p + "emits_total", "Emit requests (RabbitMQ and POST /api/emit) handed to the adapter",
                COUNTER, Map.of(), emitter::emitted));
        out.add(new Metric(p + "emits_refused_total", "Emit requests refused (malformed, unknown namespace, reserved event) or failed",
                COUNTER, Map.of(), emitter::refused));
        if (outbound != null) {
            out.add(new Metric(p + "outbound_buffered", "Accepted client events waiting for the broker",
                    GAUGE, Map.of(), outbound::size));
            out.add(new Metric(p + "outbound_dropped_total", "Accepted client events dropped because the outbound buffer was full",
                    COUNTER, Map.of(), outbound::dropped));
        }
        return out;
    }
}
