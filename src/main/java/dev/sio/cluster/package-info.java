/**
 * The Redis cluster adapters, wire-compatible with Node's {@code @socket.io/redis-adapter} 8.3
 * (classic: {@link dev.sio.cluster.RedisAdapter}, sharded: {@link dev.sio.cluster.ShardedRedisAdapter})
 * and {@code @socket.io/redis-emitter} 5.1: a {@link dev.sio.cluster.ClusterNode} per server (one
 * Redis link, one cluster thread), an adapter per namespace on top of the in-memory adapter, and the
 * bookkeeping of requests to the other nodes ({@link dev.sio.cluster.PendingRequests}). No container APIs.
 */
package dev.sio.cluster;
