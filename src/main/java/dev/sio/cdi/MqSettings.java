package dev.sio.cdi;

import dev.sio.integration.OutboundSelection;
import dev.sio.integration.rabbitmq.RabbitSettings;
import org.eclipse.microprofile.config.Config;

import java.net.URI;

/**
 * The message-queue integration's settings from MicroProfile Config (see docs/integration.md):
 * <ul>
 * <li>{@code socketio.mq.rabbitmq.uri} (unset: no RabbitMQ), {@code socketio.mq.inbound.exchange}
 *     ("socketio.emit"), {@code socketio.mq.inbound.queue} ("socketio.emit"),
 *     {@code socketio.mq.inbound.prefetch} (100)</li>
 * <li>{@code socketio.mq.outbound.exchange} ("socketio.events"), {@code socketio.mq.outbound.events}
 *     (none; comma-separated {@code /nsp:event}), {@code socketio.mq.outbound.buffer} (10000 events)</li>
 * <li>{@code socketio.mq.rest.enabled} (true), {@code socketio.mq.rest.role} ("socketio-emitter"),
 *     {@code socketio.mq.rest.max-body-size} (65536 bytes)</li>
 * </ul>
 *
 * @param rabbit null when no broker is configured
 */
record MqSettings(RabbitSettings rabbit, OutboundSelection outbound, int outboundBuffer,
                  boolean restEnabled, String restRole, int restMaxBody) {

    static MqSettings from(Config config) {
        String p = "socketio.mq.";
        RabbitSettings rabbit = config.getOptionalValue(p + "rabbitmq.uri", String.class).map(String::trim).filter(u -> !u.isEmpty())
                .map(uri -> new RabbitSettings(URI.create(uri),
                        config.getOptionalValue(p + "inbound.exchange", String.class).orElse("socketio.emit"),
                        config.getOptionalValue(p + "inbound.queue", String.class).orElse("socketio.emit"),
                        config.getOptionalValue(p + "outbound.exchange", String.class).orElse("socketio.events"),
                        positive(p + "inbound.prefetch", config.getOptionalValue(p + "inbound.prefetch", Integer.class).orElse(100))))
                .orElse(null);
        OutboundSelection outbound = OutboundSelection.parse(config.getOptionalValue(p + "outbound.events", String.class).orElse(""));
        return new MqSettings(rabbit, outbound,
                positive(p + "outbound.buffer", config.getOptionalValue(p + "outbound.buffer", Integer.class).orElse(10_000)),
                config.getOptionalValue(p + "rest.enabled", Boolean.class).orElse(true),
                config.getOptionalValue(p + "rest.role", String.class).orElse("socketio-emitter").trim(),
                positive(p + "rest.max-body-size", config.getOptionalValue(p + "rest.max-body-size", Integer.class).orElse(65_536)));
    }

    private static int positive(String key, int value) {
        if (value < 1) throw new IllegalArgumentException(key + " must be at least 1, got " + value);
        return value;
    }
}
