package dev.sio.cdi;

import java.util.Map;

/**
 * A gateway class as bound: its namespace, its switch, its handler methods, and its guards.
 *
 * @param connectRule the namespace guard, or null when the gateway does not use authentication (no
 *                    security annotation anywhere, no {@link RoomRule}); {@link AccessRule#PERMIT_ALL}
 *                    when only its events or rooms are guarded
 * @param namespacePattern the regular expression of a dynamic namespace ({@link SocketGateway#namespacePattern}),
 *                    or null; {@code namespace} is then that pattern too, as a key for messages
 * @param onAnyEvent  the catch-all handler ({@link OnAnyEvent}), or null
 * @param serverSideEvents the {@link OnServerSideEvent} handlers, by event name
 * @param roomPolicy  who may join which rooms through {@link Rooms#join}
 */
record GatewayModel(Class<?> beanClass, String namespace, String namespacePattern, String enabledIf,
                    HandlerMethod onConnect, HandlerMethod onDisconnect, Map<String, HandlerMethod> events,
                    HandlerMethod onAnyEvent, Map<String, HandlerMethod> serverSideEvents,
                    AccessRule connectRule, RoomPolicy roomPolicy) {

    GatewayModel(Class<?> beanClass, String namespace, String enabledIf,
                 HandlerMethod onConnect, HandlerMethod onDisconnect, Map<String, HandlerMethod> events) {
        this(beanClass, namespace, null, enabledIf, onConnect, onDisconnect, events, null, Map.of(), null, RoomPolicy.OPEN);
    }

    /** Whether sockets pass the authentication middleware (tokens are read and verified). */
    boolean usesAuth() {
        return connectRule != null;
    }

    /** For messages: {@code ChatGateway (/chat)}. */
    String describe() {
        return beanClass.getName() + (namespacePattern == null ? " (namespace " + namespace + ")"
                : " (namespaces matching " + namespacePattern + ")");
    }

    boolean dynamic() {
        return namespacePattern != null;
    }
}
