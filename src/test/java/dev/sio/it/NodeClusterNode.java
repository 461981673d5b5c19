package dev.sio.it;

import java.util.Base64;
import java.util.Map;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Node socket.io 4.8.4 server with @socket.io/redis-adapter 8.3 on the local Redis
 * (src/test/js/cluster/node-cluster-node.mjs), one node of a mixed cluster with ours. Stops when
 * closed (its stdin closes).
 */
final class NodeClusterNode implements AutoCloseable {

    private final Process process;
    private final int port;

    private NodeClusterNode(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static NodeClusterNode start(String mode, String prefix) throws Exception {
        return start(mode, prefix, "/socket.io/");
    }

    /** A node whose Engine.IO path is {@code path} (e.g. our deployment's, behind one load balancer location). */
    static NodeClusterNode start(String mode, String prefix, String path) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", "cluster/node-cluster-node.mjs", mode, prefix, "redis://127.0.0.1:6379", path)
                .directory(new File("src/test/js")).redirectError(ProcessBuilder.Redirect.INHERIT);
        // the chat trusts the key the test deployment trusts (Deployments.authSettings)
        Map<String, String> env = builder.environment();
        env.put("SIO_CHAT_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(Deployments.SIGNING_KEY.getPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        env.put("SIO_CHAT_KID", Deployments.SIGNING_KEY.getKeyId());
        env.put("SIO_CHAT_ISSUER", Deployments.ISSUER);
        env.put("SIO_CHAT_AUDIENCE", Deployments.AUDIENCE);
        env.put("SIO_CHAT_COOKIE", Deployments.TOKEN_COOKIE);
        Process p = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String line;
        try {
            line = first.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new AssertionError("the Node cluster node did not start", e);
        }
        if (line == null || !line.startsWith("{\"port\":")) {
            p.destroyForcibly();
            throw new AssertionError("unexpected first line from the Node cluster node: " + line);
        }
        return new NodeClusterNode(p, Integer.parseInt(line.replaceAll("\\D", "")));
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
