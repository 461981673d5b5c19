package dev.sio.cdi;

import dev.sio.auth.VerifiedToken;
import dev.sio.integration.OutboundBuffer;
import dev.sio.integration.OutboundEvent;
import dev.sio.integration.OutboundSelection;
import dev.sio.socketio.server.JsonBuilders;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Puts the accepted events selected by {@code socketio.mq.outbound.events} into the outbound buffer,
 * with the socket's user ({@code sub} and display name). The acknowledgement callback is not part of
 * a {@link Payload}, so never of the published {@code args}.
 */
final class OutboundEvents implements AcceptedEvents {

    private final OutboundSelection selection;
    private final OutboundBuffer buffer;

    OutboundEvents(OutboundSelection selection, OutboundBuffer buffer) {
        this.selection = selection;
        this.buffer = buffer;
    }

    @Override
    public void accepted(Socket socket, String event, Payload payload) {
        String namespace = socket.namespace().name();
        if (!selection.contains(namespace, event)) return;
        JsonArrayBuilder args = JsonBuilders.array();
        for (JsonValue arg : payload.json()) args.add(arg);
        JsonWebToken token = Principals.of(socket);
        String user = socket.userId() != null ? socket.userId() : token == null ? null : token.getSubject();
        String name = token instanceof VerifiedToken verified ? verified.displayName() : token == null ? null : token.getName();
        buffer.offer(new OutboundEvent(namespace, event, args.build(), socket.id(), user, name, System.currentTimeMillis()));
    }
}
