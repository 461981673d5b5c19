package dev.sio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.json.JSONArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.sio.it.JavaClients.json;
import static dev.sio.it.JavaClients.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our server with {@code socketio.adapter=redis} and a Node node with the classic redis adapter
 * (see {@link MixedClusterTests}), plus what only the classic mode offers: messages published with
 * {@code @socket.io/redis-emitter} 5.1 (which speaks classic PUBLISH only) reach our clients.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedisAdapterIT extends MixedClusterTests {

    static final String PREFIX = newPrefix("classic");

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.productWar("cluster-classic",
                        Deployments.CONFORMANCE_SETTINGS + Deployments.authSettings() + clusterSettings("redis", PREFIX))
                .addClass(ClusterTestGateway.class);
    }

    @Override
    String mode() {
        return "classic";
    }

    @Override
    String prefix() {
        return PREFIX;
    }

    /** Classic only: Node's sharded adapter has no cluster-wide allRooms (ours answers with the local rooms there). */
    @Test
    void allRoomsFromEitherSideIsTheUnionOfBothNodesRooms() throws Exception {
        Client java = javaClient("java");
        Client node = nodeClient("node");
        bothCount(java, node);
        java.join("java-room");
        node.join("node-room");
        List<Object> expected = sorted(java.id(), node.id(), "java-room", "node-room");
        assertEquals(expected, java.call("allRooms"));
        assertEquals(expected, node.call("allRooms"));
    }

    @Test
    void aMessageOfTheRedisEmitterReachesOurClients() throws Exception {
        Client java = javaClient("java");
        Client node = nodeClient("node");
        bothCount(java, node);
        java.join("news");
        node.call("emitter", json("room", "news", "event", "headline", "args", new JSONArray().put("from-emitter").put(3)));
        assertEquals(List.of("from-emitter", 3), plain(java.next("headline")));
    }
}
