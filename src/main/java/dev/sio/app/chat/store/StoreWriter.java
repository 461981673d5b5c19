package dev.sio.app.chat.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The store's only writer: one thread takes what the socket threads hand in (a bounded queue, so a
 * slow or absent database never holds their memory without bound, and they never wait for it) and
 * writes it in batches, one transaction each. Each write completes a future when it is committed
 * or failed. While the database is unreachable, writes fail at once instead of piling up.
 */
final class StoreWriter implements Runnable {

    private static final Logger LOG = System.getLogger(StoreWriter.class.getName());
    static final int MAX_BATCH = 256;
    /** How long a batch that is not full and holds a private-message write waits for more writes. */
    static final long LINGER_MILLIS = 20;
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
    private static final long PURGE_EVERY_MS = TimeUnit.HOURS.toMillis(1);

    /** One write: applied inside a transaction, completed after it (room messages: a JDBC batch, the others: JPA). */
    sealed interface Write permits SaveRoomMessage, SaveInbox, Acknowledge, Purge {
        CompletableFuture<Void> done();
    }

    record SaveRoomMessage(ChatMessage message, CompletableFuture<Void> done) implements Write {
    }

    record SaveInbox(ChatMessage message, CompletableFuture<Void> done) implements Write {
    }

    record Acknowledge(String recipient, String id, CompletableFuture<Void> done) implements Write {
    }

    record Purge(long before, CompletableFuture<Void> done) implements Write {
    }

    private final BlockingQueue<Write> queue;
    private final StoreDatabase database;
    private final StoreSettings settings;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;
    private final java.util.concurrent.CountDownLatch firstAttempt = new java.util.concurrent.CountDownLatch(1);
    private long nextPurge;
    // writer thread only
    private long lostWrites;
    private long lostRoomMessages;
    private long lastFailureLog;

    StoreWriter(StoreDatabase database, StoreSettings settings) {
        this.database = database;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.writeQueue());
    }

    /** Hands a write in; false when the queue is full or the writer stopped (the write is then failed). */
    boolean offer(Write write) {
        if (running && queue.offer(write)) return true;
        long n = refused.incrementAndGet();
        // every refusal is counted; the log says so at the first and then every 1000th, not once per message
        if (n == 1 || n % 1000 == 0) {
            LOG.log(Level.WARNING, "chat store: write queue full ({0} writes waiting): {1} writes refused so far", queue.size(), n);
        }
        write.done().completeExceptionally(new StoreUnavailableException("the store's write queue is full"));
        return false;
    }

    long refused() {
        return refused.get();
    }

    long failed() {
        return failed.get();
    }

    int queued() {
        return queue.size();
    }

    /** Waits (bounded) until the first connection attempt is over, whatever its outcome; false on timeout. */
    boolean awaitFirstAttempt(long timeout, TimeUnit unit) throws InterruptedException {
        return firstAttempt.await(timeout, unit);
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        List<Write> batch = new ArrayList<>(MAX_BATCH);
        try {
            database.ready(); // connect at once, not after the first idle second
        } finally {
            firstAttempt.countDown();
        }
        while (running || !queue.isEmpty()) {
            try {
                Write first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    database.ready(); // while down, retried even when nothing is written (reads wait for it)
                    purgeWhenDue();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                linger(batch);
                write(batch);
                purgeWhenDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "chat store: the writer met an unexpected failure", e);
                fail(batch, e);
            } finally {
                batch.clear();
            }
        }
        // stopped with writes still queued (interrupted): they are failed, not left hanging
        List<Write> rest = new ArrayList<>();
        queue.drainTo(rest);
        fail(rest, new StoreUnavailableException("the store stopped"));
    }

    /**
     * Waits a little for more writes before a batch that is not full: a transaction costs more CPU than
     * the inserts in it (the connection from the pool, begin, commit, measured with bench/run.sh
     * --persistence), so at a moderate rate one transaction per message would cost the store more than
     * the broadcast it follows. A batch of room messages alone waits up to
     * {@code socketio.store.history.write-delay} (nobody waits for it but a history read); once a
     * private-message write is in it, at most {@value #LINGER_MILLIS} ms from the batch's start, as
     * that write's sender waits for its answer.
     */
    private void linger(List<Write> batch) throws InterruptedException {
        long start = System.nanoTime();
        long roomDelay = TimeUnit.MILLISECONDS.toNanos(settings.historyWriteDelayMillis());
        long otherDelay = Math.min(LINGER_NANOS, roomDelay);
        boolean roomOnly = roomMessagesOnly(batch, 0);
        while (batch.size() < MAX_BATCH) {
            long left = start + (roomOnly ? roomDelay : otherDelay) - System.nanoTime();
            if (left <= 0) return;
            int from = batch.size();
            if (roomOnly) {
                // nobody waits for these: sleep in steps and take what came meanwhile, rather than being
                // woken by every message a socket thread hands in (a wake-up each, on the socket thread too)
                TimeUnit.NANOSECONDS.sleep(Math.min(left, otherDelay));
            } else {
                Write next = queue.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) return;
                batch.add(next);
            }
            queue.drainTo(batch, MAX_BATCH - batch.size());
            if (roomOnly) roomOnly = roomMessagesOnly(batch, from);
        }
    }

    private static boolean roomMessagesOnly(List<Write> batch, int from) {
        for (int i = from; i < batch.size(); i++) {
            if (!(batch.get(i) instanceof SaveRoomMessage)) return false;
        }
        return true;
    }

    private void write(List<Write> batch) {
        if (!database.ready()) {
            failed(batch, new StoreUnavailableException("the database is unreachable"));
            return;
        }
        // room messages in a JDBC batch of their own (see RoomMessageInsert), the rest through JPA
        List<Write> roomMessages = new ArrayList<>();
        List<Write> others = new ArrayList<>();
        for (Write w : batch) (w instanceof SaveRoomMessage ? roomMessages : others).add(w);
        if (!roomMessages.isEmpty()) write(roomMessages, this::insertRoomMessages);
        if (others.isEmpty()) return;
        if (database.problem() != null) failed(others, new StoreUnavailableException("the database is unreachable"));
        else write(others, this::commit);
    }

    /** Writes in one transaction; when it fails and the database answers, one by one, so one bad write fails alone. */
    private void write(List<Write> writes, Consumer<List<Write>> transaction) {
        try {
            transaction.accept(writes);
            writes.forEach(w -> w.done().complete(null));
        } catch (RuntimeException e) {
            if (writes.size() > 1 && database.reachable()) {
                for (Write w : writes) {
                    try {
                        transaction.accept(List.of(w));
                        w.done().complete(null);
                    } catch (RuntimeException single) {
                        failed(List.of(w), single);
                    }
                }
            } else {
                database.failed(e);
                failed(writes, e);
            }
        }
    }

    private void insertRoomMessages(List<Write> writes) {
        List<ChatMessage> messages = new ArrayList<>(writes.size());
        for (Write w : writes) messages.add(((SaveRoomMessage) w).message());
        database.insertRoomMessages(messages);
    }

    private void commit(List<Write> batch) {
        EntityManager em = database.entityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            Set<String> inboxes = new LinkedHashSet<>();
            for (Write w : batch) {
                if (w instanceof SaveInbox s) {
                    em.persist(new InboxEntryEntity(s.message()));
                    inboxes.add(s.message().target());
                } else if (w instanceof Acknowledge a) {
                    InboxEntryEntity entry = em.find(InboxEntryEntity.class, a.id());
                    if (entry != null && entry.recipient().equals(a.recipient())) em.remove(entry);
                } else if (w instanceof Purge p) {
                    em.flush();
                    int gone = em.createQuery("DELETE FROM RoomMessageEntity m WHERE m.createdMs < :before")
                            .setParameter("before", p.before()).executeUpdate();
                    if (gone > 0) LOG.log(Level.INFO, "chat store: {0} room messages past the retention of {1} days removed", gone, settings.retentionDays());
                }
            }
            em.flush();
            for (String user : inboxes) trim(em, user);
            tx.commit();
        } finally {
            if (tx.isActive()) tx.rollback();
            em.close();
        }
    }

    /** Keeps the newest {@code inbox.max-per-user} entries of a user's inbox. */
    private void trim(EntityManager em, String user) {
        List<String> cut = em.createQuery("SELECT e.id FROM InboxEntryEntity e WHERE e.recipient = :user ORDER BY e.id DESC", String.class)
                .setParameter("user", user).setFirstResult(settings.inboxMaxPerUser()).setMaxResults(1).getResultList();
        if (cut.isEmpty()) return;
        int gone = em.createQuery("DELETE FROM InboxEntryEntity e WHERE e.recipient = :user AND e.id <= :cut")
                .setParameter("user", user).setParameter("cut", cut.get(0)).executeUpdate();
        LOG.log(Level.WARNING, "chat store: the inbox of {0} is full ({1} entries): its {2} oldest unacknowledged messages were removed",
                dev.sio.log.LogSafe.text(user), settings.inboxMaxPerUser(), gone);
    }

    private void purgeWhenDue() {
        if (settings.retentionDays() == 0 || database.problem() != null) return;
        long now = System.currentTimeMillis();
        if (now < nextPurge) return;
        nextPurge = now + PURGE_EVERY_MS;
        queue.offer(new Purge(now - TimeUnit.DAYS.toMillis(settings.retentionDays()), new CompletableFuture<>()));
    }

    private void failed(List<Write> writes, RuntimeException cause) {
        long rooms = writes.stream().filter(w -> w instanceof SaveRoomMessage).count();
        lostRoomMessages += rooms;
        lostWrites += writes.size();
        long now = System.nanoTime();
        // while the database is down every batch fails: say so every 10 s with the totals, not per batch
        if (now - lastFailureLog >= TimeUnit.SECONDS.toNanos(10) || lastFailureLog == 0) {
            lastFailureLog = now;
            LOG.log(Level.WARNING, "chat store: writes failed: {0} so far, {1} of them room messages not kept in history; last cause: {2}",
                    lostWrites, lostRoomMessages, String.valueOf(cause));
        }
        fail(writes, cause);
    }

    private void fail(List<Write> writes, Throwable cause) {
        failed.addAndGet(writes.size());
        for (Write w : writes) w.done().completeExceptionally(cause);
    }
}
