package dev.sio.cluster.recovery;

import dev.sio.cluster.redis.RedisSettings;
import dev.sio.socketio.recovery.MissedPackets;
import dev.sio.socketio.recovery.RecoveryLimits;
import dev.sio.socketio.recovery.RecoveryStore;
import dev.sio.socketio.recovery.Restore;
import dev.sio.socketio.recovery.SessionRecord;
import dev.sio.socketio.recovery.StoredPacket;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Connection state recovery shared by every node on one Redis: sessions as JSON under a key per pid
 * (expiring with the window; the disconnected ones indexed per namespace and capped at
 * {@link RecoveryLimits#maxSessions}, oldest dropped first), and the packets a session may miss in one
 * capped stream per namespace, whose entry ids are the offsets (as {@code @socket.io/redis-streams-adapter}
 * uses them). A client can therefore come back on any node.
 *
 * <p>Each call waits for Redis at most the command timeout ({@code socketio.redis.command-timeout}) and
 * fails with an exception when Redis is slow or down: the namespace then sends the packet without offset,
 * or starts the socket afresh. Live state is written without waiting.
 */
public final class RedisRecoveryStore implements RecoveryStore {

    private static final System.Logger LOG = System.getLogger(RedisRecoveryStore.class.getName());
    private static final Pattern STREAM_ID = Pattern.compile("\\d{1,20}-\\d{1,20}");
    private static final int PAGE = 500;

    private final RecoveryConnection redis;
    private final RecoveryLimits limits;
    private final String prefix;
    // who holds a session: a random name per store, i.e. per node start
    private final String node = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();

    /**
     * @param prefix the start of every key ({@code socketio.redis.key-prefix} then {@code -recovery})
     */
    public RedisRecoveryStore(RecoveryConnection redis, RecoveryLimits limits, String prefix) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** The store of a cluster node: its own connection to the node's Redis. */
    public static RedisRecoveryStore of(RedisSettings settings, RecoveryLimits limits) {
        return new RedisRecoveryStore(new RecoveryConnection(settings), limits, settings.keyPrefix() + "-recovery");
    }

    @Override
    public boolean shared() {
        return true;
    }

    // ---- packets

    @Override
    public StoredPacket add(StoredPacket unnumbered) {
        return addAndPublish(unnumbered, null);
    }

    /**
     * As {@link #add}, and publishes {@code publication} with the entry id in the same script (none when
     * null), so that Redis publishes the stored broadcasts of every node in stream order. Waits at most
     * the command timeout and throws when Redis is slow or down; the message then may or may not have
     * gone out (a timeout does not tell whether the script ran).
     */
    public StoredPacket addAndPublish(StoredPacket unnumbered, StoredPublication publication) {
        namespaces.add(unnumbered.namespace());
        String namespace = unnumbered.namespace();
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8)
                .add(RecoveryScripts.APPEND).add(2).addKey(streamKey(namespace)).addKey(bytesKey(namespace))
                .add(namespace).add(StoredPacketFields.rooms(unnumbered.rooms())).add(StoredPacketFields.rooms(unnumbered.except()))
                .add(unnumbered.text()).add(StoredPacketFields.attachments(unnumbered.attachments())).add(Long.toString(unnumbered.bytes()))
                .add(Integer.toString(limits.maxPackets())).add(Long.toString(limits.maxBytes())).add(Long.toString(windowMillis()));
        if (publication != null) {
            // the message's parts as bytes (binary MessagePack), not as text
            args.add(publication.command()).add(publication.channel()).add(publication.head()).add(publication.tail())
                    .add(publication.msgpack() ? "m" : "j");
        }
        String id = redis.sync().dispatch(CommandType.EVAL, new ValueOutput<>(StringCodec.UTF8), args);
        return unnumbered.withOffset(id);
    }

    /** Offsets come from the stream: see {@link #add}. */
    @Override
    public String nextOffset() {
        throw new UnsupportedOperationException("the Redis stream gives the offsets: use add");
    }

    @Override
    public void append(StoredPacket packet) {
        throw new UnsupportedOperationException("the Redis stream gives the offsets: use add");
    }

    // ---- sessions

    @Override
    public void persist(SessionRecord session) {
        save(session.at(System.currentTimeMillis()), true);
    }

    @Override
    public void track(SessionRecord live) {
        save(live, false);
    }

    /**
     * Fire and forget: a socket thread never waits for it (a failure costs that socket its recovery).
     * A disconnected session counts against max-sessions in its namespace; a live one does not.
     */
    private void save(SessionRecord session, boolean disconnected) {
        String namespace = session.namespace();
        try {
            redis.async().eval(RecoveryScripts.SAVE, ScriptOutputType.INTEGER,
                            new String[] {sessionKey(namespace, session.pid()), ownerKey(namespace, session.pid()), disconnectedKey(namespace)},
                            SessionRecordJson.write(session), node, Long.toString(windowMillis()), session.pid(),
                            disconnected ? "1" : "0", Integer.toString(limits.maxSessions()),
                            sessionKey(namespace, ""), ownerKey(namespace, ""))
                    .whenComplete((saved, failure) -> {
                        if (failure != null) LOG.log(Level.DEBUG, "Session {0} not kept in Redis: {1}", session.socketId(), failure.toString());
                    });
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Session {0} not kept in Redis: {1}", session.socketId(), e.toString());
        }
    }

    @Override
    public Restore take(String namespace, String pid, String offset, String userId, boolean anyUser) {
        String sessionKey = sessionKey(namespace, pid);
        String json = redis.sync().get(sessionKey);
        if (json == null) return Restore.refused(Restore.Outcome.UNKNOWN);
        SessionRecord session = SessionRecordJson.read(json);
        if (!anyUser && !Objects.equals(session.userId(), userId)) return Restore.refused(Restore.Outcome.WRONG_USER);
        Long taken = redis.sync().eval(RecoveryScripts.TAKE, ScriptOutputType.INTEGER,
                new String[] {sessionKey, ownerKey(namespace, pid), disconnectedKey(namespace)}, json, node,
                Long.toString(windowMillis()), pid);
        if (taken == null || taken != 1L) return Restore.refused(Restore.Outcome.UNKNOWN); // another node was first
        if (offset == null || !STREAM_ID.matcher(offset).matches()
                || redis.sync().xrange(streamKey(namespace), Range.create(offset, offset)).isEmpty()) {
            return Restore.refused(Restore.Outcome.OFFSET_UNKNOWN);
        }
        return missedSince(namespace, offset, session);
    }

    /** The packets after {@code offset} meant for the session, read page by page, within the session's bounds. */
    private Restore missedSince(String namespace, String offset, SessionRecord session) {
        MissedPackets read = read(namespace, offset, session.rooms(), true);
        if (read == null) return Restore.refused(Restore.Outcome.TOO_MANY_MISSED);
        return new Restore(Restore.Outcome.RESTORED, session, read.packets(), read.readTo());
    }

    @Override
    public MissedPackets missedAfter(String namespace, String offset, Set<String> rooms) {
        return read(namespace, offset, rooms, false);
    }

    /**
     * The packets after {@code offset} meant for a socket in {@code rooms}, page by page up to the end
     * of the stream (whose last id is then {@code readTo}); null when {@code bounded} and they exceed
     * the session's bounds.
     */
    private MissedPackets read(String namespace, String offset, Set<String> rooms, boolean bounded) {
        List<StoredPacket> missed = new ArrayList<>();
        long bytes = 0;
        String after = offset;
        while (true) {
            List<StreamMessage<String, String>> page = redis.sync().xrange(streamKey(namespace),
                    Range.from(Range.Boundary.excluding(after), Range.Boundary.unbounded()), Limit.from(PAGE));
            for (StreamMessage<String, String> entry : page) {
                StoredPacket packet = StoredPacketFields.read(entry.getId(), entry.getBody());
                after = entry.getId();
                if (!packet.isFor(namespace, rooms)) continue;
                missed.add(packet);
                bytes += packet.bytes();
                if (bounded && (missed.size() > limits.maxSessionPackets() || bytes > limits.maxSessionBytes())) return null;
            }
            if (page.size() < PAGE) break;
        }
        return new MissedPackets(missed, after);
    }

    @Override
    public boolean contains(String namespace, String pid) {
        return redis.sync().exists(sessionKey(namespace, pid)) == 1L;
    }

    /** Redis expires and trims by itself (key TTLs, the append script). */
    @Override
    public void expire() {
    }

    // ---- figures (tests, monitoring): what this node's Redis holds under the prefix

    /** Kept sessions, connected ones included (their live state is kept too), counted by SCAN. */
    @Override
    public int sessions() {
        int count = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs match = ScanArgs.Builder.matches(prefix + ":session:*").limit(1000);
        do {
            var page = redis.sync().scan(cursor, match);
            count += page.getKeys().size();
            cursor = page;
        } while (!cursor.isFinished());
        return count;
    }

    /** Packets kept for the namespaces this node appended to. */
    @Override
    public int packets() {
        long count = 0;
        for (String namespace : namespaces) count += redis.sync().xlen(streamKey(namespace));
        return (int) Math.min(Integer.MAX_VALUE, count);
    }

    @Override
    public long bytes() {
        long bytes = 0;
        for (String namespace : namespaces) {
            String total = redis.sync().get(bytesKey(namespace));
            if (total != null) bytes += Long.parseLong(total);
        }
        return bytes;
    }

    @Override
    public void close() {
        redis.close();
    }

    private long windowMillis() {
        return Math.max(1, limits.maxDisconnection().toMillis());
    }

    String streamKey(String namespace) {
        return prefix + ":packets:" + namespace;
    }

    private String bytesKey(String namespace) {
        return prefix + ":bytes:" + namespace;
    }

    private String sessionKey(String namespace, String pid) {
        return prefix + ":session:" + namespace + ":" + pid;
    }

    private String ownerKey(String namespace, String pid) {
        return prefix + ":owner:" + namespace + ":" + pid;
    }

    /** The pids of the namespace's disconnected sessions, scored by when they were saved (see {@link RecoveryScripts#SAVE}). */
    private String disconnectedKey(String namespace) {
        return prefix + ":disconnected:" + namespace;
    }
}
