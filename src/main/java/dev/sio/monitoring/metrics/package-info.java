/**
 * The server's metrics: {@link dev.sio.monitoring.metrics.SocketIoCounters} implements the core's
 * listener interfaces ({@code EngineEvents}, {@code ServerEvents}) with lock-free counters, and
 * {@link dev.sio.monitoring.metrics.MetricCatalog} names every metric with its labels and a
 * function that reads it. Plain Java: the {@code cdi} package hands the catalog to the server's
 * metrics system (MicroProfile Metrics on Payara). Label values come from fixed sets, never from
 * client input, so the number of series is bounded.
 */
package dev.sio.monitoring.metrics;
