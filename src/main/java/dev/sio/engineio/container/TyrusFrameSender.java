package dev.sio.engineio.container;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.websocket.FrameSender;
import dev.sio.engineio.websocket.WebSocketDiagnostics;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tyrus's own asynchronous write ({@code TyrusWebSocket.sendText(String, SendHandler)}), reached
 * through the session's remote endpoint. The Jakarta path on Tyrus restarts an idle-timeout task
 * on every frame, which on Payara costs a class path scan per frame (most of a broadcast's CPU);
 * this path writes the same frame without it. Found by reflection once per session; anything
 * unexpected switches it off for good and the portable path takes over. Off with
 * {@code socketio.websocket.direct-send=false} (see {@link ContainerSwitches}).
 *
 * <p>Where Tyrus also offers {@code TyrusWebSocket.sendRawFrame(ByteBuffer)} and the connection
 * negotiated no extension (permessage-deflate would have to rewrite each frame), frames we built
 * ourselves go out as they are: a broadcast's frame is encoded once for all recipients, and the
 * frames queued for one connection leave in one write. Off with
 * {@code socketio.websocket.raw-frames=false}.
 */
final class TyrusFrameSender implements FrameSender {

    private static final Logger LOG = System.getLogger(TyrusFrameSender.class.getName());

    private static final AtomicBoolean BROKEN = new AtomicBoolean();
    private static volatile Handles handles;

    private final Object webSocket;
    private final Handles h;
    private final boolean rawFrames;

    private TyrusFrameSender(Object webSocket, Handles h, boolean rawFrames) {
        this.webSocket = webSocket;
        this.h = h;
        this.rawFrames = rawFrames;
    }

    /** The handles to Tyrus's classes, resolved from the first session; sendRawFrame is null where Tyrus lacks it. */
    private record Handles(Class<?> remoteType, Field webSocketField, MethodHandle sendText, MethodHandle sendBinary,
                           MethodHandle sendRawFrame) {
        static Handles of(Object remote) throws ReflectiveOperationException {
            Field field = findField(remote.getClass(), "webSocket");
            field.setAccessible(true);
            Object socket = field.get(remote);
            if (socket == null) throw new NoSuchFieldException("webSocket is null");
            Class<?> type = socket.getClass();
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle text = lookup.findVirtual(type, "sendText",
                    MethodType.methodType(void.class, String.class, SendHandler.class));
            MethodHandle binary = lookup.findVirtual(type, "sendBinary",
                    MethodType.methodType(void.class, byte[].class, SendHandler.class));
            MethodHandle raw;
            try {
                raw = lookup.findVirtual(type, "sendRawFrame", MethodType.methodType(Future.class, ByteBuffer.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                LOG.log(Level.INFO, "Tyrus has no sendRawFrame: frames are written one by one through sendText");
                raw = null;
            }
            return new Handles(remote.getClass(), field, text, binary, raw);
        }
    }

    /** Tyrus's direct write for a session, or null where it is not Tyrus or Tyrus is not as expected. */
    static FrameSender tryCreate(Session socket, boolean rawFramesAllowed) {
        if (BROKEN.get() || !socket.getClass().getName().startsWith("org.glassfish.tyrus.")) return null;
        try {
            Object remote = socket.getAsyncRemote();
            Handles current = handles;
            if (current == null || current.remoteType() != remote.getClass()) handles = current = Handles.of(remote);
            Object webSocket = current.webSocketField().get(remote);
            if (webSocket == null) return null;
            boolean raw = current.sendRawFrame() != null && socket.getNegotiatedExtensions().isEmpty() && rawFramesAllowed;
            return new TyrusFrameSender(webSocket, current, raw);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (BROKEN.compareAndSet(false, true)) {
                LOG.log(Level.INFO, "Tyrus direct send unavailable, using the Jakarta WebSocket API: {0}", e.toString());
            }
            return null;
        }
    }

    /** Text goes out as the packet's wire text: exactly what the endpoint's text Encoder produces. */
    @Override
    public void send(EnginePacket packet, SendHandler done) {
        try {
            if (packet.isBinary()) h.sendBinary().invoke(webSocket, packet.binary(), done);
            else h.sendText().invoke(webSocket, packet.wireText(), done);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean writesFrames() {
        return rawFrames;
    }

    @Override
    public WebSocketDiagnostics.SendPath sendPath() {
        return rawFrames ? WebSocketDiagnostics.SendPath.TYRUS_RAW_FRAMES : WebSocketDiagnostics.SendPath.TYRUS_DIRECT;
    }

    /** Tyrus hands the buffer to its writer as it is (no framing, no extensions, no idle-timeout task). */
    @Override
    public Future<?> writeFrames(ByteBuffer frames) {
        if (!rawFrames) throw new UnsupportedOperationException("raw frames are off for this connection");
        try {
            return (Future<?>) h.sendRawFrame().invoke(webSocket, frames);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field findField(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException ignored) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
