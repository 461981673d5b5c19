package dev.sio.engineio.websocket;

/**
 * A class loader that delegates to the platform class loader only: JDK classes resolve, but no jar
 * of the server or the application is visible, so a {@link java.util.ServiceLoader} scan through it
 * is nearly free. Used as the context class loader around WebSocket sends (see WebSocketTransport).
 */
public final class NoResourcesClassLoader extends ClassLoader {

    public static final NoResourcesClassLoader INSTANCE = new NoResourcesClassLoader();

    private NoResourcesClassLoader() {
        super("socketio-no-resources", ClassLoader.getPlatformClassLoader());
    }
}
