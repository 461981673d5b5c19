package dev.sio.cluster.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throw-away redis-server on 127.0.0.1 and a port of its own, that a test may kill and start again. */
public final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private final List<String> extraArgs;
    private final Path dir;
    private Process process;

    private RedisServerProcess(int port, List<String> extraArgs) throws IOException {
        this.port = port;
        this.extraArgs = extraArgs;
        this.dir = Files.createTempDirectory("redis-test-");
    }

    /** A redis-server to be started on this port (a test that must know the port before Redis runs). */
    public static RedisServerProcess onPort(int port) throws IOException {
        return new RedisServerProcess(port, List.of());
    }

    public static RedisServerProcess onFreePort(String... extraArgs) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new RedisServerProcess(s.getLocalPort(), List.of(extraArgs));
        }
    }

    int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public RedisServerProcess start() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (answers()) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("redis-server did not answer on port " + port);
    }

    /** Whether something on the port speaks Redis (PING answered with +PONG, or -NOAUTH). */
    private boolean answers() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            int n = in.read(buf);
            return n > 0 && (buf[0] == '+' || buf[0] == '-');
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGSTOP / SIGCONT: Redis keeps its connections open but answers nothing, as a hung server. */
    void freeze(boolean frozen) throws IOException, InterruptedException {
        new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", String.valueOf(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
    }

    /** SIGKILL: Redis gets no chance to say goodbye, as in a crash. */
    public void kill() throws InterruptedException {
        if (process != null) {
            try {
                freeze(false); // a frozen process would not die before SIGCONT on some kernels
            } catch (IOException ignored) {
                // best effort
            }
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
