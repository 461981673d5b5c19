package dev.sio.it;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx as a child process in front of two nodes, with its own configuration and folders
 * in the build folder (never the system service), listening on two free loopback ports:
 * {@link #stickyPort()} routes every request of a client to the node that took its first request,
 * {@link #plainPort()} spreads requests round robin with no stickiness (to show what breaks).
 *
 * <p>The sticky rule is a cookie nginx sets itself (open-source nginx has no {@code sticky}
 * directive): a request without the cookie goes to the round-robin pool, and the response carries
 * {@code sio_node=<address of the node that answered>}; a request with the cookie goes to that one
 * node. Why not a hash: {@code hash $remote_addr} puts every client of one host (here all of
 * 127.0.0.1) on one node, and {@code hash $arg_sid} hashes the handshake, which has no sid yet,
 * differently from the requests after it, so they reach a node that does not know the session.
 * One process and one worker ({@code master_process off}): round robin then alternates strictly,
 * which the tests rely on to land clients on both nodes.
 */
final class NginxBalancer implements AutoCloseable {

    private final Process process;
    private final int stickyPort;
    private final int plainPort;
    private final Path folder;

    private NginxBalancer(Process process, int stickyPort, int plainPort, Path folder) {
        this.process = process;
        this.stickyPort = stickyPort;
        this.plainPort = plainPort;
        this.folder = folder;
    }

    /** Starts nginx in front of {@code first} and {@code second} (host:port each); waits (at most 10 s) until it listens. */
    static NginxBalancer start(String first, String second) throws Exception {
        Path folder = Files.createDirectories(Path.of(System.getProperty("sio.build.dir", "target"), "nginx-lb-" + System.nanoTime())).toAbsolutePath();
        Files.createDirectories(folder.resolve("logs"));
        Files.createDirectories(folder.resolve("temp"));
        int sticky = freePort();
        int plain = freePort();
        Path conf = folder.resolve("nginx.conf");
        Files.writeString(folder.resolve("proxy.conf"), PROXY_SETTINGS, StandardCharsets.UTF_8);
        Files.writeString(conf, configuration(first, second, sticky, plain, folder), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(List.of(nginx(), "-p", folder.toString(), "-c", conf.toString()))
                .redirectErrorStream(true).redirectOutput(folder.resolve("logs/console.log").toFile()).start();
        NginxBalancer balancer = new NginxBalancer(p, sticky, plain, folder);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(listens(sticky) && listens(plain))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                balancer.close();
                throw new AssertionError("nginx did not start (see " + folder.resolve("logs") + "): "
                        + Files.readString(folder.resolve("logs/console.log")));
            }
            Thread.sleep(50);
        }
        return balancer;
    }

    /** The configuration, as docs/deploying.md shows it, with the test's addresses and folders. */
    static String configuration(String first, String second, int sticky, int plain, Path folder) {
        return """
                daemon off;
                master_process off;
                pid %5$s/nginx.pid;
                error_log %5$s/logs/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log %5$s/logs/access.log;
                    client_body_temp_path %5$s/temp/body;
                    proxy_temp_path %5$s/temp/proxy;
                    fastcgi_temp_path %5$s/temp/fastcgi;
                    uwsgi_temp_path %5$s/temp/uwsgi;
                    scgi_temp_path %5$s/temp/scgi;

                    # WebSocket upgrade: pass Upgrade on, and Connection: upgrade only when asked
                    map $http_upgrade $connection_upgrade { default upgrade; "" close; }

                    upstream sio_all { server %1$s; server %2$s; }
                    upstream sio_first { server %1$s; }
                    upstream sio_second { server %2$s; }
                    # the cookie names the node that answered this client's first request
                    map $cookie_sio_node $sio_backend { "%1$s" sio_first; "%2$s" sio_second; default sio_all; }

                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://$sio_backend;
                            add_header Set-Cookie "sio_node=$upstream_addr; Path=/; HttpOnly; SameSite=Lax" always;
                            include %5$s/proxy.conf;
                        }
                    }
                    server {
                        listen 127.0.0.1:%4$d;
                        location / {
                            proxy_pass http://sio_all;
                            include %5$s/proxy.conf;
                        }
                    }
                }
                """.formatted(first, second, sticky, plain, folder.toAbsolutePath());
    }

    /** proxy.conf, beside the configuration: the headers and timeouts both servers share. */
    static final String PROXY_SETTINGS = """
                    proxy_http_version 1.1;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection $connection_upgrade;
                    proxy_set_header Host $http_host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    # longer than pingInterval + pingTimeout (25 s + 20 s), or idle sockets are cut
                    proxy_read_timeout 75s;
                    proxy_send_timeout 75s;
                    # a 400 (unknown session) must not be retried on the other node
                    proxy_next_upstream error timeout;
                    proxy_buffering off;
                    """;

    int stickyPort() {
        return stickyPort;
    }

    int plainPort() {
        return plainPort;
    }

    String accessLog() throws IOException {
        return Files.readString(folder.resolve("logs/access.log"));
    }

    private static String nginx() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (new File(candidate).canExecute()) return candidate;
        }
        return "nginx";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listens(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
