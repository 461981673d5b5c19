package dev.sio.integration.rabbitmq;

import java.net.URI;

/**
 * Where the RabbitMQ link connects and what it declares (read by {@code dev.sio.cdi.MqSettings}).
 *
 * @param uri              {@code amqp://user:password@host:port/vhost}; the password is never logged
 * @param inboundExchange  topic exchange other services publish emit requests to
 * @param inboundQueue     the one durable queue every node consumes (each message taken by one node)
 * @param outboundExchange topic exchange accepted client events are published to
 * @param prefetch         unacknowledged inbound messages a node holds at once
 */
public record RabbitSettings(URI uri, String inboundExchange, String inboundQueue, String outboundExchange, int prefetch) {

    /** The URI without its user information, for log lines and readiness reports. */
    public String safeUri() {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
