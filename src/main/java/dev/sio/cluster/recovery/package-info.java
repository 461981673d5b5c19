/**
 * Connection state recovery shared across the nodes of a Redis cluster: the
 * {@link dev.sio.cluster.recovery.RedisRecoveryStore} keeps sessions and missed packets in Redis, so a
 * client recovers on any node. Used when {@code socketio.adapter} is redis or redis-sharded.
 */
package dev.sio.cluster.recovery;
