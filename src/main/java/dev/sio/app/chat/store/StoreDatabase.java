package dev.sio.app.chat.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import javax.sql.DataSource;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The database behind the store: the datasource, the persistence unit on top of it, and whether it
 * is reachable. The unit is application-managed and RESOURCE_LOCAL (our own threads run our own
 * transactions; no JTA, no container thread needed), bootstrapped on the datasource object the
 * application looked up, so any JNDI name works on any server. Down, it is retried at most every
 * {@value #RETRY_MS} ms, by the writer thread; meanwhile reads and writes fail at once.
 */
final class StoreDatabase {

    private static final Logger LOG = System.getLogger(StoreDatabase.class.getName());
    static final String UNIT = "socketio-store";
    static final long RETRY_MS = 5000;

    private final DataSource dataSource;
    private final String name;
    private volatile EntityManagerFactory factory; // written under this
    private volatile String problem = "not connected yet";
    private volatile long nextAttempt;

    StoreDatabase(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    /** Null when the database answers; else why not. */
    String problem() {
        return problem;
    }

    String name() {
        return name;
    }

    /** Up, or (at most every {@value #RETRY_MS} ms) tried again: schema brought up to date, unit checked. */
    synchronized boolean ready() {
        if (problem == null) return true;
        long now = System.nanoTime();
        if (now - nextAttempt < 0) return false;
        nextAttempt = now + TimeUnit.MILLISECONDS.toNanos(RETRY_MS);
        try {
            Schema.apply(dataSource);
            if (factory == null || !probe()) {
                // a persistence unit whose first login failed may stay failed: start it afresh
                if (factory != null) factory.close();
                factory = Persistence.createEntityManagerFactory(UNIT, Map.of(
                        "jakarta.persistence.nonJtaDataSource", dataSource,
                        "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                        // EclipseLink: a session of its own, apart from the one the container may deploy for the same unit
                        "eclipselink.session-name", UNIT + "-" + Integer.toHexString(System.identityHashCode(this))));
                if (!probe()) throw new IllegalStateException("the persistence unit does not answer");
            }
            if (!"not connected yet".equals(problem)) LOG.log(Level.INFO, "chat store: the database {0} answers again", name);
            else LOG.log(Level.INFO, "chat store: on the database {0}", name);
            problem = null;
            return true;
        } catch (Exception e) {
            String was = problem;
            problem = String.valueOf(e);
            if (!problem.equals(was)) LOG.log(Level.WARNING, "chat store: the database " + name + " is unreachable; retried every "
                    + RETRY_MS + " ms", e);
            return false;
        }
    }

    private boolean probe() {
        try {
            EntityManager em = factory.createEntityManager();
            try {
                em.createQuery("SELECT COUNT(e) FROM InboxEntryEntity e WHERE e.id = ''", Long.class).getSingleResult();
                return true;
            } finally {
                em.close();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "chat store: probe failed", e);
            return false;
        }
    }

    /** Whether a connection can be had now (after a failed batch: was it the database or the batch?). */
    boolean reachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(5);
        } catch (Exception e) {
            return false;
        }
    }

    /** An operation failed for want of the database: down until the writer's next try. */
    void failed(Throwable cause) {
        if (problem == null) {
            LOG.log(Level.WARNING, "chat store: the database {0} failed: {1}", name, String.valueOf(cause));
            problem = String.valueOf(cause);
            nextAttempt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MS);
        }
    }

    /**
     * Inserts room messages in one transaction on the datasource (see {@link RoomMessageInsert});
     * fails when the database is down or refuses them.
     */
    void insertRoomMessages(List<ChatMessage> messages) {
        if (problem != null) throw new StoreUnavailableException("the database is unreachable");
        try (Connection connection = dataSource.getConnection()) {
            RoomMessageInsert.insert(connection, messages);
        } catch (SQLException e) {
            throw new IllegalStateException("room messages not inserted: " + e.getMessage(), e);
        }
    }

    /** A new EntityManager (the caller closes it); fails when the database is down. */
    EntityManager entityManager() {
        EntityManagerFactory f = factory;
        if (problem != null || f == null) throw new StoreUnavailableException("the database is unreachable");
        return f.createEntityManager();
    }

    synchronized void close() {
        if (factory != null && factory.isOpen()) factory.close();
        factory = null;
    }
}
