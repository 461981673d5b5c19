/**
 * The node's link to Redis for clustering: one publish connection and one pub/sub connection
 * (Lettuce), asynchronous only, bounded, reconnecting by itself and re-subscribing everything it
 * was asked to subscribe. Knows channels and bytes, nothing of Socket.IO (see {@code cluster.wire}).
 */
package dev.sio.cluster.redis;
