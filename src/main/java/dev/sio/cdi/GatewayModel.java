package dev.sio.cdi;

import java.util.Map;

/** A gateway class as bound: its namespace, its switch, and its handler methods. */
record GatewayModel(Class<?> beanClass, String namespace, String enabledIf,
                    HandlerMethod onConnect, HandlerMethod onDisconnect, Map<String, HandlerMethod> events) {
}
