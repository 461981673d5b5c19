package dev.sio.engineio.container;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The servlet container's request object that upgraded one WebSocket connection, and the upgrade
 * handler it was given, reached from Tyrus's remote endpoint by reflection (Payara, GlassFish):
 * {@code TyrusRemoteEndpoint.webSocket} -> {@code TyrusWebSocket.protocolHandler} ->
 * {@code ProtocolHandler.writer} (a {@code TyrusServletWriter}) -> {@code tyrusHttpUpgradeHandler}
 * (on Tyrus 2.1 a {@code TyrusHttpUpgradeHandlerProxy}, whose {@code handler} is the one the
 * container made) -> {@code wc} (Catalina's {@code WebConnectionImpl}) -> {@code request}
 * (Catalina's {@code Request}, whose {@code httpUpgradeHandler} field holds that handler).
 *
 * <p>Catalina's {@code Request.recycle()} clears nearly every field but not
 * {@code httpUpgradeHandler}, and Grizzly pools request objects per worker thread, so each pooled
 * request keeps the last connection it upgraded (its Tyrus WebSocket, the upgrade request, our
 * handshake) long after that connection closed. {@link #release()} clears the field, but only
 * while it still holds this connection's handler: the request may have been reused meanwhile.
 */
final class ContainerUpgradeRequest {

    /** The hops from Tyrus's remote endpoint to the upgrade handler, then to the container's request. */
    private static final List<String> TO_HANDLER = List.of("webSocket", "protocolHandler", "writer", "tyrusHttpUpgradeHandler");
    /** Tyrus's proxy in front of the handler the container made, where there is one. */
    private static final String PROXIED = "handler";
    private static final List<String> TO_REQUEST = List.of("wc", "request");
    private static final String HANDLER_FIELD = "httpUpgradeHandler";
    private static final String IN_USE_FIELD = "upgrade";

    /** Resolved once per class (the same few container classes for every connection). */
    private static final Map<String, Field> FIELDS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, VarHandle> HANDLER_SLOTS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Boolean> NOT_PROXIES = new ConcurrentHashMap<>();

    /** What a look at the request found. */
    enum State {
        /** it still holds our handler and still serves the upgraded connection: look again later */
        IN_USE,
        /** it held our handler and no longer does: we cleared it */
        RELEASED,
        /** it holds another handler or none: the request was recycled and reused, or cleared by the container */
        NOT_OURS
    }

    private final Object request;
    private final Object handler;
    private final VarHandle handlerSlot;
    private final Field inUse;

    private ContainerUpgradeRequest(Object request, Object handler, VarHandle handlerSlot, Field inUse) {
        this.request = request;
        this.handler = handler;
        this.handlerSlot = handlerSlot;
        this.inUse = inUse;
    }

    /**
     * The request behind a Tyrus remote endpoint; null when a hop is empty (a connection that never
     * fully opened). Throws when the classes are not the expected ones (another container or version).
     */
    static ContainerUpgradeRequest of(Object tyrusRemote) throws ReflectiveOperationException {
        Object handler = unproxied(follow(tyrusRemote, TO_HANDLER));
        if (handler == null) return null;
        Object request = follow(handler, TO_REQUEST);
        if (request == null) return null;
        VarHandle slot = handlerSlot(request.getClass());
        Field inUse = field(request.getClass(), IN_USE_FIELD);
        if (inUse.getType() != boolean.class) throw new NoSuchFieldException(request.getClass().getName() + "." + IN_USE_FIELD + " is not a boolean");
        return new ContainerUpgradeRequest(request, handler, slot, inUse);
    }

    /** Clears the request's handler if it is still ours and the connection is done with the request. */
    State release() {
        if (handlerSlot.getVolatile(request) != handler) return State.NOT_OURS;
        try {
            if (inUse.getBoolean(request)) return State.IN_USE;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e); // made accessible in of(): cannot happen
        }
        // compare-and-set: between the check above and here the request may have upgraded another connection
        return handlerSlot.compareAndSet(request, handler, null) ? State.RELEASED : State.NOT_OURS;
    }

    private static Object follow(Object start, List<String> hops) throws ReflectiveOperationException {
        Object current = start;
        for (String hop : hops) {
            if (current == null) return null;
            current = field(current.getClass(), hop).get(current);
        }
        return current;
    }

    private static Object unproxied(Object handler) throws ReflectiveOperationException {
        if (handler == null) return null;
        Class<?> type = handler.getClass();
        if (NOT_PROXIES.containsKey(type)) return handler;
        Field proxied;
        try {
            proxied = field(type, PROXIED);
        } catch (NoSuchFieldException e) {
            NOT_PROXIES.put(type, Boolean.TRUE); // the container's own handler: no lookup per connection
            return handler;
        }
        return proxied.get(handler);
    }

    private static VarHandle handlerSlot(Class<?> requestType) throws ReflectiveOperationException {
        VarHandle slot = HANDLER_SLOTS.get(requestType);
        if (slot != null) return slot;
        Field field = field(requestType, HANDLER_FIELD);
        slot = MethodHandles.privateLookupIn(field.getDeclaringClass(), MethodHandles.lookup())
                .unreflectVarHandle(field);
        HANDLER_SLOTS.put(requestType, slot);
        return slot;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        String key = type.getName() + '#' + name;
        Field known = FIELDS.get(key);
        if (known != null && known.getDeclaringClass().isAssignableFrom(type)) return known;
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                FIELDS.put(key, field);
                return field;
            } catch (NoSuchFieldException ignored) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
