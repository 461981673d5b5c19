package dev.sio.monitoring;

import java.util.Map;

/**
 * One health answer: up or down, and the facts behind it (shown by the server's health endpoint).
 *
 * @param data values in insertion order; strings, numbers and booleans only
 */
public record HealthReport(boolean up, Map<String, Object> data) {

    public HealthReport {
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
