package dev.sio.integration.rabbitmq;

import dev.sio.integration.Emitter;
import dev.sio.integration.OutboundBuffer;

import java.util.Optional;

/**
 * The RabbitMQ side as one piece: the link, the inbound consumer (always) and the outbound
 * publisher (when events are selected). Started with the application, closed at undeployment.
 */
public final class RabbitIntegration implements AutoCloseable {

    private final RabbitLink link;
    private final OutboundPublisher publisher;

    private RabbitIntegration(RabbitLink link, OutboundPublisher publisher) {
        this.link = link;
        this.publisher = publisher;
    }

    /**
     * @param outbound null when no event is published
     */
    public static RabbitIntegration start(RabbitSettings settings, Emitter emitter, OutboundBuffer outbound, ClassLoader loader) {
        RabbitLink link = new RabbitLink(settings, loader);
        InboundConsumer inbound = new InboundConsumer(settings, emitter);
        link.onFirstConnection(inbound::start);
        OutboundPublisher publisher = outbound == null ? null
                : new OutboundPublisher(settings, link, outbound, RabbitLink.threads("socketio-mq-publisher-", loader));
        link.start();
        if (publisher != null) publisher.start();
        return new RabbitIntegration(link, publisher);
    }

    /** For readiness: empty while the broker is connected. */
    public Optional<String> problem() {
        return link.problem();
    }

    @Override
    public void close() {
        if (publisher != null) publisher.close();
        link.close();
    }
}
