package dev.sio.app.chat.store;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The chat's room history and private-message inboxes in a database (see docs/persistence.md).
 * Nothing here touches the database on the caller's thread: writes go to the {@link StoreWriter}'s
 * queue, reads to a small pool of reader threads with a bounded queue, and both answer with futures
 * that fail with {@link StoreUnavailableException} when the store is off, full or cut off.
 */
@ApplicationScoped
public class ChatStore {

    private static final Logger LOG = System.getLogger(ChatStore.class.getName());
    private static final int READERS = 2;
    private static final int READ_QUEUE = 1000;
    private static final long FIRST_CONNECT_SECONDS = 30;

    private volatile StoreSettings settings;
    private volatile StoreDatabase database;
    private StoreWriter writer;
    private Thread writerThread;
    private ThreadPoolExecutor readers;
    private final MessageIds ids = new MessageIds();
    private final java.util.concurrent.atomic.AtomicLong lastReadFailureLog = new java.util.concurrent.atomic.AtomicLong();

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        init();
    }

    synchronized void init() {
        if (settings != null) return;
        settings = StoreSettings.from(ConfigProvider.getConfig());
        if (!settings.enabled()) {
            LOG.log(Level.INFO, "chat store off (socketio.store.enabled=false): no history, private messages to connected users only");
            return;
        }
        DataSource dataSource;
        try {
            // looked up here, on a container thread: our own threads have no java:comp
            dataSource = (DataSource) new InitialContext().lookup(settings.datasource());
        } catch (NamingException | ClassCastException e) {
            LOG.log(Level.ERROR, "chat store: no datasource at " + settings.datasource() + " (socketio.store.datasource): the store is off", e);
            settings = new StoreSettings(false, settings.datasource(), settings.retentionDays(), settings.inboxMaxPerUser(), settings.writeQueue(),
                    settings.historyWriteDelayMillis());
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        database = new StoreDatabase(dataSource, settings.datasource());
        writer = new StoreWriter(database, settings);
        writerThread = new Thread(writer, "socketio-store-writer");
        writerThread.setDaemon(true);
        writerThread.setContextClassLoader(loader); // the persistence provider finds the unit through it
        writerThread.start();
        try {
            // the schema and the persistence unit are made during the deployment, not while the first
            // clients are served (a cold start is busy enough); a database that does not answer within
            // the bound is tried again in the background
            if (!writer.awaitFirstAttempt(FIRST_CONNECT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "chat store: no answer from {0} within {1} s; going on, trying in the background",
                        settings.datasource(), String.valueOf(FIRST_CONNECT_SECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        AtomicInteger count = new AtomicInteger();
        readers = new ThreadPoolExecutor(READERS, READERS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(READ_QUEUE), task -> {
            Thread t = new Thread(task, "socketio-store-reader-" + count.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
        LOG.log(Level.INFO, "chat store on {0}: history kept {1} days, inboxes of at most {2} messages",
                settings.datasource(), String.valueOf(settings.retentionDays()), String.valueOf(settings.inboxMaxPerUser()));
    }

    @PreDestroy
    synchronized void stop() {
        if (writer == null) return;
        writer.stop();
        readers.shutdownNow();
        try {
            // what is queued is written first, for a bounded time
            writerThread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writerThread.interrupt();
        database.close();
        writer = null;
    }

    /** A new message id and its time. */
    public MessageIds.Stamp stamp() {
        return ids.next();
    }

    public boolean enabled() {
        return settings != null && settings.enabled();
    }

    /** Null when the store works (or is off); else why not (for the readiness check). */
    public String problem() {
        StoreSettings s = settings;
        if (s == null) return "not started";
        StoreDatabase db = database;
        if (!s.enabled()) return null;
        return db == null ? "not started" : db.problem();
    }

    public String datasource() {
        return settings == null ? StoreSettings.DEFAULT_DATASOURCE : settings.datasource();
    }

    /** Keeps a room message in its room's history; completes when committed. */
    public CompletableFuture<Void> keepRoomMessage(ChatMessage message) {
        return write(new StoreWriter.SaveRoomMessage(message, new CompletableFuture<>()));
    }

    /** Puts a private message in its recipient's inbox; completes when committed. */
    public CompletableFuture<Void> keepPrivateMessage(ChatMessage message) {
        return write(new StoreWriter.SaveInbox(message, new CompletableFuture<>()));
    }

    /** A socket of the recipient acknowledged the message: out of the inbox. */
    public CompletableFuture<Void> acknowledged(String recipient, String id) {
        return write(new StoreWriter.Acknowledge(recipient, id, new CompletableFuture<>()));
    }

    /** The newest {@code limit} messages of a room before the id {@code before} (null: before now), oldest first. */
    public CompletableFuture<List<ChatMessage>> history(String room, String before, int limit) {
        return read(em -> {
            var query = em.createQuery("SELECT m FROM RoomMessageEntity m WHERE m.room = :room"
                    + (before == null ? "" : " AND m.id < :before") + " ORDER BY m.id DESC", RoomMessageEntity.class)
                    .setParameter("room", room).setMaxResults(limit);
            if (before != null) query.setParameter("before", before);
            List<ChatMessage> newestFirst = new ArrayList<>(query.getResultList().stream().map(RoomMessageEntity::toMessage).toList());
            Collections.reverse(newestFirst);
            return newestFirst;
        });
    }

    /** The unacknowledged messages of a user, oldest first. */
    public CompletableFuture<List<ChatMessage>> inbox(String user) {
        return read(em -> em.createQuery("SELECT e FROM InboxEntryEntity e WHERE e.recipient = :user ORDER BY e.id", InboxEntryEntity.class)
                .setParameter("user", user).setMaxResults(settings.inboxMaxPerUser()).getResultList()
                .stream().map(InboxEntryEntity::toMessage).toList());
    }

    private CompletableFuture<Void> write(StoreWriter.Write write) {
        if (!enabled()) {
            write.done().completeExceptionally(new StoreUnavailableException("the store is off"));
        } else {
            writer.offer(write);
        }
        return write.done();
    }

    /** A failed read is answered as unavailable; the log says why, at most every 10 s. */
    private void readFailed(RuntimeException e) {
        long now = System.nanoTime();
        long last = lastReadFailureLog.get();
        if (last != 0 && now - last < TimeUnit.SECONDS.toNanos(10)) return;
        if (lastReadFailureLog.compareAndSet(last, now)) LOG.log(Level.WARNING, "chat store: a read failed", e);
    }

    private <T> CompletableFuture<T> read(Function<EntityManager, T> query) {
        if (!enabled()) return CompletableFuture.failedFuture(new StoreUnavailableException("the store is off"));
        try {
            return CompletableFuture.supplyAsync(() -> {
                EntityManager em = database.entityManager();
                try {
                    return query.apply(em);
                } catch (RuntimeException e) {
                    if (!database.reachable()) database.failed(e);
                    readFailed(e);
                    throw e;
                } finally {
                    em.close();
                }
            }, readers);
        } catch (RejectedExecutionException e) {
            readFailed(new StoreUnavailableException("too many reads waiting (" + READ_QUEUE + ")"));
            return CompletableFuture.failedFuture(new StoreUnavailableException("too many reads waiting"));
        }
    }
}
