package dev.sio.engineio.container;

import dev.sio.engineio.websocket.NoResourcesClassLoader;
import dev.sio.engineio.websocket.WebSocketDiagnostics;
import jakarta.servlet.ServletContext;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Gives this application's Tyrus WebSocket container a plain scheduler instead of the server's
 * default managed one. Tyrus schedules an idle-timeout task on every frame received (and sent through
 * the Jakarta API); on Payara each task on the managed scheduler looks up context providers with a
 * class path scan, which made an echo ~10x dearer than on Node. Payara's own switch for this
 * (disabling the default managed scheduled executor) breaks every CDI deployment, so the change is
 * made here, for this application's container only, before any connection exists. The idle tasks
 * need no application context (they only close a session whose timeout passed, and ours is 0);
 * the checks that cannot close anything are not even queued (see {@link TyrusTimer}).
 * Anything unexpected leaves Tyrus as it is. Off with {@code socketio.websocket.plain-scheduler=false}.
 */
final class TyrusSchedulerSwap {

    private static final Logger LOG = System.getLogger(TyrusSchedulerSwap.class.getName());
    private static final String FIELD = "managedScheduledExecutorService";

    private final TyrusTimer plain;

    private TyrusSchedulerSwap(TyrusTimer plain) {
        this.plain = plain;
    }

    /** Swaps the scheduler of the application's Tyrus container; null where nothing was swapped. */
    static TyrusSchedulerSwap install(ServletContext context) {
        Object container = context.getAttribute("jakarta.websocket.server.ServerContainer");
        if (container == null || !container.getClass().getName().startsWith("org.glassfish.tyrus.")) return null;
        TyrusTimer plain = null;
        try {
            Field field = findField(container.getClass());
            field.setAccessible(true);
            Object current = field.get(container);
            if (current == null) return null; // Tyrus already uses a plain one
            plain = new TyrusTimer(task -> {
                Thread thread = new Thread(task, "socketio-tyrus-timer");
                thread.setDaemon(true);
                thread.setContextClassLoader(NoResourcesClassLoader.INSTANCE);
                return thread;
            });
            field.set(container, plain);
            WebSocketDiagnostics.plainTimerInstalled(plain::hasSkipped);
            LOG.log(Level.INFO, "Tyrus idle-timeout tasks of this application run on a plain scheduler (was {0})",
                    current.getClass().getName());
            return new TyrusSchedulerSwap(plain);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.INFO, "Tyrus keeps its managed scheduler: {0}", e.toString());
            if (plain != null) plain.shutdownNow();
            return null;
        }
    }

    /** At undeploy: the container goes with the application, so only our threads need stopping. */
    void stop() {
        WebSocketDiagnostics.plainTimerInstalled(null);
        plain.shutdownNow();
    }

    private static Field findField(Class<?> type) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(FIELD);
                if (ScheduledExecutorService.class.isAssignableFrom(field.getType())) return field;
            } catch (NoSuchFieldException ignored) {
                // look further up
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + FIELD);
    }
}
