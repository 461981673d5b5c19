package dev.sio.cdi;

import dev.sio.cluster.ClusterNode;
import dev.sio.cluster.RequestStats;
import dev.sio.monitoring.metrics.Metric;
import dev.sio.monitoring.metrics.MetricCatalog;

import java.util.List;
import java.util.Map;

import static dev.sio.monitoring.metrics.Metric.Kind.COUNTER;
import static dev.sio.monitoring.metrics.Metric.Kind.GAUGE;

/** The cluster adapter's series (see docs/monitoring.md), exported with the server's own when a cluster runs. */
final class ClusterMetrics {

    private ClusterMetrics() {
    }

    /** @param node null without a cluster adapter: no series */
    static List<Metric> of(ClusterNode node) {
        if (node == null) return List.of();
        String p = MetricCatalog.PREFIX + "cluster_";
        RequestStats requests = node.requestStats();
        return List.of(
                new Metric(p + "messages_published_total", "Messages this server published to the other nodes through Redis",
                        COUNTER, Map.of(), node::published),
                new Metric(p + "messages_received_total", "Messages received from the other nodes through Redis",
                        COUNTER, Map.of(), node::received),
                new Metric(p + "publish_failures_total", "Publishes Redis refused or never got (the remote half of a broadcast lost)",
                        COUNTER, Map.of(), node::publishFailures),
                new Metric(p + "messages_dropped_total", "Messages from other nodes dropped because they came faster than this server handles them",
                        COUNTER, Map.of(), node::droppedMessages),
                new Metric(p + "requests_answered_total", "Cluster requests (fetchSockets, allRooms, serverSideEmit with ack, ...) every node answered",
                        COUNTER, Map.of(), requests::answered),
                new Metric(p + "requests_milliseconds_total", "Time the answered cluster requests took, summed in ms (divide by requests_answered_total for the mean)",
                        COUNTER, Map.of(), () -> requests.answeredNanos() / 1_000_000),
                new Metric(p + "requests_max_milliseconds", "The slowest answered cluster request so far, ms",
                        GAUGE, Map.of(), () -> requests.maxNanos() / 1_000_000),
                new Metric(p + "requests_timed_out_total", "Cluster requests that timed out before every node answered",
                        COUNTER, Map.of(), requests::timedOut));
    }
}
