package dev.sio.it;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, as an attacker writes one: it does the handshake, writes
 * masked text frames, and reads only when told to. A client that never calls {@link #readText()}
 * leaves everything the server sends in the socket buffers.
 */
final class RawWebSocket implements Closeable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and upgrades; {@code receiveBuffer} (bytes) keeps the kernel's buffering small. */
    static RawWebSocket open(String host, int port, String pathAndQuery, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(10_000);
        RawWebSocket ws = new RawWebSocket(socket);
        String key = Base64.getEncoder().encodeToString(new byte[16]);
        ws.out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String status = ws.readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) throw new IOException("upgrade refused: " + status);
        return ws;
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) throw new IOException("closed during the handshake: " + head);
            head.write(b);
            String text = head.toString(StandardCharsets.US_ASCII);
            if (text.endsWith("\r\n\r\n")) return text.substring(0, text.indexOf('\r'));
            if (head.size() > 16_384) throw new IOException("handshake answer too long");
        }
    }

    /** Writes one masked text frame. */
    synchronized void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) frame.write((int) ((long) payload.length >>> shift) & 0xff);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i & 3]);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads the next data frame as text (unfragmented, unmasked: what a server sends). */
    String readText() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) length = in.readUnsignedShort();
        else if (length == 127) length = in.readLong();
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        if ((first & 0x0f) == 0x8) throw new IOException("closed by the server");
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** Closes as a well-behaved client does: a close frame (1000), the server's close frame read, then the socket closed. */
    void closeWithFrame() throws IOException {
        try {
            synchronized (this) {
                byte[] mask = new byte[4];
                ThreadLocalRandom.current().nextBytes(mask);
                byte[] payload = {0x03, (byte) 0xe8}; // 1000, normal closure
                out.write(new byte[] {(byte) 0x88, (byte) (0x80 | payload.length), mask[0], mask[1], mask[2], mask[3],
                        (byte) (payload[0] ^ mask[0]), (byte) (payload[1] ^ mask[1])});
                out.flush();
            }
            while (true) readText(); // data frames still under way, then the server's close frame ends it
        } catch (IOException e) {
            // "closed by the server", or the socket ended: either way the close handshake is over
        } finally {
            socket.close();
        }
    }

    InputStream input() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
