package dev.sio.cluster.recovery;

/**
 * The Lua scripts the Redis store runs, each one atomic on the Redis side: several nodes append and
 * take at once, and a session must be taken at most once.
 */
final class RecoveryScripts {

    private RecoveryScripts() {
    }

    /**
     * XADD one packet to the namespace's stream and trim it, oldest first, to the count, byte and age
     * bounds (a running byte total per stream; each entry keeps its size). The entry id (Redis time
     * in ms, then a sequence) is the offset. A packet larger than the byte bound is dropped at once
     * (its offset then never matches: the client starts afresh).
     *
     * <p>With a publication (ARGV 10 to 14, see {@link StoredPublication}), the cluster message is
     * published in the same step, the entry id put between its two parts (as a MessagePack string, or
     * as is between the quotes of a JSON one): Redis runs one script at a time, so every subscriber
     * gets the stored broadcasts of all nodes in stream order.
     * KEYS: stream, byte total. ARGV: nsp, rooms, except, text, attachments, size, max packets,
     * max bytes, window in ms; then PUBLISH or SPUBLISH (empty: none), channel, head, tail, "m" for
     * MessagePack ("j" for JSON).
     */
    static final String APPEND = """
            local id = redis.call('XADD', KEYS[1], '*', 'nsp', ARGV[1], 'rooms', ARGV[2], 'except', ARGV[3],
                'text', ARGV[4], 'att', ARGV[5], 'size', ARGV[6])
            if ARGV[10] and ARGV[10] ~= '' then
              local encoded = id
              if ARGV[14] == 'm' then
                if #id < 32 then encoded = string.char(160 + #id) .. id else encoded = string.char(217, #id) .. id end
              end
              redis.call(ARGV[10], ARGV[11], ARGV[12] .. encoded .. ARGV[13])
            end
            local bytes = redis.call('INCRBY', KEYS[2], ARGV[6])
            local now = redis.call('TIME')
            local oldest = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[9])
            local n = redis.call('XLEN', KEYS[1])
            while n > 0 do
              local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
              local ms = tonumber(string.match(first[1], '^(%d+)'))
              if n <= tonumber(ARGV[7]) and bytes <= tonumber(ARGV[8]) and ms >= oldest then break end
              local size = 0
              for i = 1, #first[2], 2 do
                if first[2][i] == 'size' then size = tonumber(first[2][i + 1]) end
              end
              redis.call('XDEL', KEYS[1], first[1])
              bytes = redis.call('DECRBY', KEYS[2], size)
              n = n - 1
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[9])
            redis.call('PEXPIRE', KEYS[2], ARGV[9])
            return id
            """;

    /**
     * Keeps a session's state for the window, unless another node took the session over meanwhile
     * (the owner key names the node holding it: a late disconnection on the old node must not bring
     * back a session that was restored elsewhere).
     *
     * <p>A disconnected session also enters the namespace's index of disconnected sessions (a sorted
     * set, pid scored by when Redis saved it, in microseconds, strictly increasing so that two saves in
     * the same microsecond keep their order), which bounds what a client churning connections can leave
     * behind: entries older than the window are pruned (their records expired by TTL already), then the
     * oldest beyond max-sessions are dropped with their session and owner keys. A live state (a
     * connected socket) leaves the index: connected sockets are bounded by the nodes, not by the cap.
     * The dropped keys are named in the script, not in KEYS, as the take script already spans several
     * keys: the store needs one Redis (not Redis Cluster).
     *
     * <p>KEYS: session, owner, index. ARGV: json, node, window ms, pid, 1 when disconnected (0 live),
     * max sessions, session key prefix, owner key prefix (each followed by the pid).
     */
    static final String SAVE = """
            local owner = redis.call('GET', KEYS[2])
            if owner and owner ~= ARGV[2] then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
            if ARGV[5] ~= '1' then
              redis.call('ZREM', KEYS[3], ARGV[4])
              return 1
            end
            local now = redis.call('TIME')
            local us = tonumber(now[1]) * 1000000 + tonumber(now[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', string.format('(%d', us - tonumber(ARGV[3]) * 1000))
            local newest = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
            if newest[2] and tonumber(newest[2]) >= us then us = tonumber(newest[2]) + 1 end
            redis.call('ZADD', KEYS[3], string.format('%d', us), ARGV[4])
            local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[6])
            if over > 0 then
              for _, pid in ipairs(redis.call('ZRANGE', KEYS[3], 0, over - 1)) do
                redis.call('DEL', ARGV[7] .. pid, ARGV[8] .. pid)
              end
              redis.call('ZREMRANGEBYRANK', KEYS[3], 0, over - 1)
            end
            redis.call('PEXPIRE', KEYS[3], ARGV[3])
            return 1
            """;

    /**
     * Takes the session if it is still the one read (at most once across nodes), makes this node its
     * owner and removes it from the index of disconnected sessions (it is connected again).
     * KEYS: session, owner, index. ARGV: the json read, node, window ms, pid. 1 when taken.
     */
    static final String TAKE = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
            redis.call('ZREM', KEYS[3], ARGV[4])
            return 1
            """;
}
