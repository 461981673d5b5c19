package dev.sio.engineio.websocket;

import dev.sio.engineio.protocol.EnginePacket;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;
import java.util.concurrent.Future;

/**
 * Writes one already-encoded frame of a session, asynchronously. Two ways: the portable Jakarta
 * API, and where the container offers one a write below it, given by the installed
 * {@link ContainerHooks} (on Tyrus: Payara, GlassFish; see {@code dev.sio.engineio.container}).
 */
public interface FrameSender {

    /** Writes one packet as one frame: text as its wire text, binary as its bytes. */
    void send(EnginePacket packet, SendHandler done);

    /**
     * Whether {@link #writeFrames} works here: complete frames built by us go to the connection as
     * they are, so several queued packets can leave in one write.
     */
    default boolean writesFrames() {
        return false;
    }

    /**
     * Writes complete WebSocket frames (one or more, back to back) in one write. The future is
     * usually done on return (the connection took the bytes at once); when it is not, the bytes
     * wait in the container's queue, in order with later writes.
     *
     * @throws UnsupportedOperationException unless {@link #writesFrames()}
     */
    default Future<?> writeFrames(ByteBuffer frames) {
        throw new UnsupportedOperationException("this sender writes packets, not frames");
    }

    /** Which way this sender writes, for {@link WebSocketDiagnostics}. */
    default WebSocketDiagnostics.SendPath sendPath() {
        return WebSocketDiagnostics.SendPath.JAKARTA_ASYNC;
    }

    /** The sender for a session: the container's own write when it offers one, else the Jakarta API. */
    static FrameSender of(Session socket) {
        FrameSender sender = ContainerHooks.installed().senderFor(socket);
        if (sender == null) sender = new JakartaFrameSender(socket);
        WebSocketDiagnostics.senderChosen(sender.sendPath());
        return sender;
    }

    /** The portable path: {@code RemoteEndpoint.Async}, text through the endpoint's Encoder. */
    final class JakartaFrameSender implements FrameSender {
        private final Session socket;

        JakartaFrameSender(Session socket) {
            this.socket = socket;
        }

        @Override
        public void send(EnginePacket packet, SendHandler done) {
            if (packet.isBinary()) {
                // the Jakarta API picks an encoder by Java type; binary frames go out as they are
                socket.getAsyncRemote().sendBinary(ByteBuffer.wrap(packet.binary()), done);
            } else {
                socket.getAsyncRemote().sendObject(packet, done);
            }
        }
    }
}
