package dev.sio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our server with {@code socketio.adapter=redis-sharded} and a Node node with
 * {@code createShardedAdapter} (SPUBLISH/SSUBSCRIBE, Redis 7): the operations of {@link
 * MixedClusterTests}. The emitter is not tested here: it publishes with PUBLISH, which sharded
 * subscribers (Node's as ours) do not receive.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ShardedRedisAdapterIT extends MixedClusterTests {

    static final String PREFIX = newPrefix("sharded");

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.productWar("cluster-sharded",
                        Deployments.CONFORMANCE_SETTINGS + Deployments.authSettings() + clusterSettings("redis-sharded", PREFIX))
                .addClass(ClusterTestGateway.class);
    }

    @Override
    String mode() {
        return "sharded";
    }

    @Override
    String prefix() {
        return PREFIX;
    }
}
