package dev.sio.cdi;

import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Socket;
import jakarta.json.Json;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionStage;

/** Binds a gateway instance's handler methods to its namespace. */
final class GatewayBinder {

    private static final Logger LOG = System.getLogger(GatewayBinder.class.getName());

    private GatewayBinder() {
    }

    static void bind(GatewayModel model, Object instance, Namespace namespace) {
        for (HandlerMethod handler : model.events().values()) {
            namespace.on(handler.event(), (socket, payload, ack) -> {
                Object[] args;
                try {
                    args = handler.arguments(new HandlerContext(socket, payload, ack, null));
                } catch (PayloadBindingException e) {
                    LOG.log(Level.INFO, "Socket {0}: event ''{1}'' refused: {2}", socket.id(), handler.event(), e.getMessage());
                    if (ack != null) ack.send(Json.createObjectBuilder().add("error", "invalid payload: " + e.getMessage()).build());
                    return;
                }
                Object result = invoke(handler, instance, args);
                if (ack != null && handler.returnsValue()) acknowledge(ack, result);
            });
        }
        if (model.onConnect() != null || model.onDisconnect() != null) {
            namespace.onConnection(socket -> {
                if (model.onDisconnect() != null) {
                    socket.onDisconnect(reason -> call(model.onDisconnect(), instance, new HandlerContext(socket, null, null, reason)));
                }
                if (model.onConnect() != null) call(model.onConnect(), instance, new HandlerContext(socket, null, null, null));
            });
        }
    }

    private static void acknowledge(Ack ack, Object result) {
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, error) -> {
                if (error != null) ack.send(Json.createObjectBuilder().add("error", "internal server error").build());
                else ack.send(value);
            });
        } else {
            ack.send(result);
        }
    }

    private static void call(HandlerMethod handler, Object instance, HandlerContext context) {
        try {
            invoke(handler, instance, handler.arguments(context));
        } catch (Exception e) {
            Socket socket = context.socket();
            LOG.log(Level.WARNING, "Gateway method " + handler.describe() + " failed for socket " + socket.id(), e);
        }
    }

    private static Object invoke(HandlerMethod handler, Object instance, Object[] args) throws Exception {
        try {
            return handler.method().invoke(instance, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) throw ex;
            if (cause instanceof Error err) throw err;
            throw e;
        }
    }
}
