package dev.sio.cluster;

import dev.sio.cluster.wire.RedisChannels;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterModeTest {

    @Test
    void theAdapterSettingSelectsTheMode() {
        assertEquals(Optional.empty(), ClusterMode.fromSetting(null));
        assertEquals(Optional.empty(), ClusterMode.fromSetting("memory"));
        assertEquals(Optional.of(ClusterMode.CLASSIC), ClusterMode.fromSetting("redis"));
        assertEquals(Optional.of(ClusterMode.SHARDED), ClusterMode.fromSetting(" Redis-Sharded "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterMode.fromSetting("hazelcast"));
        assertEquals("socketio.adapter must be memory, redis or redis-sharded, got 'hazelcast'", e.getMessage());
    }

    @Test
    void serversAreCountedOnTheRequestChannelInClassicModeAndOnTheMainChannelInShardedMode() {
        RedisChannels ch = new RedisChannels("socket.io", "/chat");
        assertEquals("socket.io-request#/chat#", ClusterMode.CLASSIC.serverCountChannel(ch));
        assertEquals("socket.io#/chat#", ClusterMode.SHARDED.serverCountChannel(ch));
    }

    @Test
    void idsHaveTheFormOfEachNodeAdapter() {
        assertTrue(ClusterMode.CLASSIC.newId().matches("[A-Za-z0-9]{6}"));
        assertTrue(ClusterMode.SHARDED.newId().matches("[0-9a-f]{16}"));
    }
}
