package dev.sio.engineio.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine servers of this deployment, by request path ("/socket.io/", "/engine.io/"). The
 * container transports look their engine up here, so they need no CDI and work the same on every
 * server. Static state is per class loader, hence per deployed WAR.
 */
public final class EngineRegistry {

    private static final Map<String, EngineServer> ENGINES = new ConcurrentHashMap<>();

    private EngineRegistry() {
    }

    public static void register(String path, EngineServer engine) {
        ENGINES.put(path, engine);
    }

    public static void unregister(String path) {
        ENGINES.remove(path);
    }

    /** The engine serving this path, or null when none is (not started, or switched off). */
    public static EngineServer get(String path) {
        return ENGINES.get(path);
    }
}
