package dev.sio.cdi;

import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;

/** What one handler call knows; resolvers pick their argument from it. Unused parts are null. */
record HandlerContext(Socket socket, Payload payload, Ack ack, String reason) {
}
