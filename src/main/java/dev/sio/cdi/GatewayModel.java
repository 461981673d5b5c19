package dev.sio.cdi;

import java.util.Map;

/**
 * A gateway class as bound: its namespace, its switch, its handler methods, and its guards.
 *
 * @param connectRule the namespace guard, or null when the gateway does not use authentication (no
 *                    security annotation anywhere, no {@link RoomRule}); {@link AccessRule#PERMIT_ALL}
 *                    when only its events or rooms are guarded
 * @param roomPolicy  who may join which rooms through {@link Rooms#join}
 */
record GatewayModel(Class<?> beanClass, String namespace, String enabledIf,
                    HandlerMethod onConnect, HandlerMethod onDisconnect, Map<String, HandlerMethod> events,
                    AccessRule connectRule, RoomPolicy roomPolicy) {

    GatewayModel(Class<?> beanClass, String namespace, String enabledIf,
                 HandlerMethod onConnect, HandlerMethod onDisconnect, Map<String, HandlerMethod> events) {
        this(beanClass, namespace, enabledIf, onConnect, onDisconnect, events, null, RoomPolicy.OPEN);
    }

    /** Whether sockets pass the authentication middleware (tokens are read and verified). */
    boolean usesAuth() {
        return connectRule != null;
    }

    /** For messages: {@code ChatGateway (/chat)}. */
    String describe() {
        return beanClass.getName() + " (namespace " + namespace + ")";
    }
}
