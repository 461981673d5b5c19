package dev.sio.integration.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The connection to RabbitMQ. The client's automatic recovery (connection, channels, consumers,
 * declarations) handles a broker that goes away later, but only once a first connection was made:
 * until then this link keeps trying on its own thread, so the application starts with the broker
 * down (one WARNING line) and connects when it comes. Knows nothing of Socket.IO.
 */
public final class RabbitLink implements AutoCloseable {

    private static final Logger LOG = System.getLogger(RabbitLink.class.getName());
    static final long RETRY_MILLIS = 1_000;
    static final long MAX_RETRY_MILLIS = 10_000;

    private final RabbitSettings settings;
    private final ConnectionFactory factory;
    private final List<Consumer<Connection>> onFirstConnection = new CopyOnWriteArrayList<>();
    private final Thread connector;
    private volatile Connection connection;
    private volatile boolean closed;

    public RabbitLink(RabbitSettings settings, ClassLoader applicationLoader) {
        this.settings = settings;
        this.factory = new ConnectionFactory();
        try {
            factory.setUri(settings.uri());
        } catch (Exception e) {
            throw new IllegalArgumentException("socketio.mq.rabbitmq.uri is not an AMQP URI: " + settings.safeUri(), e);
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(RETRY_MILLIS);
        factory.setRequestedHeartbeat(10);
        factory.setConnectionTimeout(5_000);
        // the client's threads run our consumer and emit to sockets: they need the WAR's class loader
        factory.setThreadFactory(threads("socketio-mq-", applicationLoader));
        this.connector = threads("socketio-mq-connect-", applicationLoader).newThread(this::connectUntilUp);
    }

    /** Runs {@code setup} on the first connection (declarations, consumer); recovery repeats them later. */
    public RabbitLink onFirstConnection(Consumer<Connection> setup) {
        onFirstConnection.add(setup);
        return this;
    }

    public void start() {
        connector.start();
    }

    /** The connection once made (open, or recovering), else null. */
    public Connection connection() {
        return connection;
    }

    /** Empty while connected; else what is wrong, for readiness. */
    public Optional<String> problem() {
        Connection current = connection;
        if (current == null) return Optional.of("RabbitMQ at " + settings.safeUri() + " unreachable");
        if (!current.isOpen()) return Optional.of("RabbitMQ connection lost, recovering");
        return Optional.empty();
    }

    private void connectUntilUp() {
        long wait = RETRY_MILLIS;
        boolean told = false;
        while (!closed) {
            Connection made = null;
            try {
                made = factory.newConnection("socketio-jakarta");
                ((Recoverable) made).addRecoveryListener(new RecoveryListener() {
                    @Override
                    public void handleRecovery(Recoverable recoverable) {
                        LOG.log(Level.INFO, "RabbitMQ connection to {0} recovered", settings.safeUri());
                    }

                    @Override
                    public void handleRecoveryStarted(Recoverable recoverable) {
                        LOG.log(Level.WARNING, "RabbitMQ connection to {0} lost: recovering", settings.safeUri());
                    }
                });
                for (Consumer<Connection> setup : onFirstConnection) setup.accept(made);
                connection = made;
                if (closed) closeQuietly(made);
                LOG.log(Level.INFO, "RabbitMQ connected to {0}", settings.safeUri());
                return;
            } catch (Exception e) {
                if (made != null) closeQuietly(made); // a declaration failed: start afresh
                if (!told) {
                    LOG.log(Level.WARNING, "RabbitMQ at {0} unreachable ({1}): the application runs without it "
                            + "and connects when it answers", settings.safeUri(), e.toString());
                    told = true;
                }
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            wait = Math.min(MAX_RETRY_MILLIS, wait * 2);
        }
    }

    @Override
    public void close() {
        closed = true;
        connector.interrupt();
        Connection current = connection;
        if (current != null) closeQuietly(current);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close(2_000);
        } catch (Exception e) {
            // closing anyway: the broker or the network is gone
        }
    }

    static ThreadFactory threads(String prefix, ClassLoader loader) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
            return thread;
        };
    }
}
