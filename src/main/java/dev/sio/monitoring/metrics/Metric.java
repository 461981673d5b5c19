package dev.sio.monitoring.metrics;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One series: a stable name, what it means, whether it only grows, its labels (fixed values) and
 * the function that reads it. An exporter registers it with its metrics system as it is.
 */
public record Metric(String name, String description, Kind kind, Map<String, String> labels, LongSupplier value) {

    /** A counter only grows (Prometheus {@code rate()} applies); a gauge goes up and down. */
    public enum Kind { COUNTER, GAUGE }

    public Metric {
        labels = Map.copyOf(labels);
    }
}
