package dev.sio.integration.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import dev.sio.integration.OutboundBuffer;
import dev.sio.integration.OutboundEvent;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * The one thread that publishes accepted client events: takes a batch from the buffer, publishes it
 * persistent to the outbound topic exchange, and waits for the broker's confirms. A batch that is
 * not confirmed (broker away, channel closed, nack, timeout) is published again on a fresh channel
 * after a pause, so an event may arrive twice but is not lost while it is in the batch; meanwhile
 * the buffer fills and then drops (see {@link OutboundBuffer}).
 */
public final class OutboundPublisher implements AutoCloseable {

    private static final Logger LOG = System.getLogger(OutboundPublisher.class.getName());
    static final int BATCH = 256;
    static final long CONFIRM_TIMEOUT_MILLIS = 5_000;
    static final long RETRY_MILLIS = 1_000;

    private static final AMQP.BasicProperties PERSISTENT_JSON = MessageProperties.PERSISTENT_BASIC.builder()
            .contentType("application/json").contentEncoding("utf-8").build();

    private final RabbitSettings settings;
    private final RabbitLink link;
    private final OutboundBuffer buffer;
    private final Thread thread;
    private volatile boolean closed;
    private Channel channel;
    private boolean failing;

    public OutboundPublisher(RabbitSettings settings, RabbitLink link, OutboundBuffer buffer, ThreadFactory threads) {
        this.settings = settings;
        this.link = link;
        this.buffer = buffer;
        this.thread = threads.newThread(this::run);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        List<OutboundEvent> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                if (batch.isEmpty()) {
                    OutboundEvent first = buffer.poll(500);
                    if (first == null) continue;
                    batch.add(first);
                    buffer.drainTo(batch, BATCH - 1);
                }
                publish(batch);
                batch.clear();
                buffer.published();
                if (failing) LOG.log(Level.INFO, "Publishing events to exchange {0} again", settings.outboundExchange());
                failing = false;
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                if (!failing) {
                    LOG.log(Level.WARNING, "Publishing {0} events to exchange {1} failed ({2}): retrying until the broker confirms",
                            batch.size(), settings.outboundExchange(), e.toString());
                    failing = true;
                }
                closeChannel();
                if (!pause()) break;
            }
        }
        closeChannel();
    }

    private void publish(List<OutboundEvent> batch) throws Exception {
        Channel current = channel();
        for (OutboundEvent event : batch) {
            current.basicPublish(settings.outboundExchange(), event.routingKey(), PERSISTENT_JSON, event.body());
        }
        current.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
    }

    /** The publishing channel, made on first use and after a failure: confirms on, exchange declared. */
    private Channel channel() throws Exception {
        if (channel != null && channel.isOpen()) return channel;
        Connection connection = link.connection();
        if (connection == null || !connection.isOpen()) throw new IllegalStateException("not connected");
        Channel made = connection.createChannel();
        made.confirmSelect();
        made.exchangeDeclare(settings.outboundExchange(), BuiltinExchangeType.TOPIC, true);
        channel = made;
        return made;
    }

    private void closeChannel() {
        Channel current = channel;
        channel = null;
        if (current == null) return;
        try {
            if (current.isOpen()) current.abort();
        } catch (Exception e) {
            // gone already
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
