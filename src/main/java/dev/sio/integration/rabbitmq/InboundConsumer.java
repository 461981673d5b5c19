package dev.sio.integration.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.sio.integration.Emitter;
import dev.sio.integration.InvalidEmitException;
import dev.sio.log.LogSafe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Takes emit requests from the shared durable inbound queue: declares the topic exchange, the queue
 * and their binding ({@code #}), consumes with manual acknowledgements, and acknowledges a message
 * once its broadcast was handed to the adapter. A message that cannot be carried out (malformed,
 * unknown namespace, reserved event) is rejected without requeue, so a poison message never loops,
 * and the consumer goes on with the next one.
 */
public final class InboundConsumer {

    private static final Logger LOG = System.getLogger(InboundConsumer.class.getName());

    private final RabbitSettings settings;
    private final Emitter emitter;

    public InboundConsumer(RabbitSettings settings, Emitter emitter) {
        this.settings = settings;
        this.emitter = emitter;
    }

    /** Declares and starts consuming on a channel of its own (recovered with the connection). */
    public void start(Connection connection) {
        try {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(settings.inboundExchange(), BuiltinExchangeType.TOPIC, true);
            channel.queueDeclare(settings.inboundQueue(), true, false, false, null);
            channel.queueBind(settings.inboundQueue(), settings.inboundExchange(), "#");
            channel.basicQos(settings.prefetch());
            channel.basicConsume(settings.inboundQueue(), false, "socketio-emit", new Delivery(channel));
            LOG.log(Level.INFO, "Consuming emit requests from queue {0} (exchange {1})", settings.inboundQueue(), settings.inboundExchange());
        } catch (IOException e) {
            throw new UncheckedIOException("declaring or consuming the inbound queue failed", e);
        }
    }

    private final class Delivery extends DefaultConsumer {

        Delivery(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException {
            long tag = envelope.getDeliveryTag();
            try {
                emitter.emit(body);
            } catch (InvalidEmitException e) {
                LOG.log(Level.WARNING, "Emit request refused (routing key {0}, {1} bytes): {2}",
                        LogSafe.text(envelope.getRoutingKey()), body.length, e.getMessage());
                getChannel().basicNack(tag, false, false);
                return;
            } catch (RuntimeException e) {
                emitter.countRefused();
                LOG.log(Level.WARNING, "Emit request failed (routing key " + LogSafe.text(envelope.getRoutingKey()) + "): dropped", e);
                getChannel().basicNack(tag, false, false);
                return;
            }
            getChannel().basicAck(tag, false);
        }
    }
}
