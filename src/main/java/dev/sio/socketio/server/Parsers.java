package dev.sio.socketio.server;

import dev.sio.log.LogSafe;
import dev.sio.socketio.protocol.Parser;
import dev.sio.socketio.protocol.msgpack.MsgpackParser;

/** The parsers a deployment can choose by name ({@code socketio.parser}): the one place that knows them all. */
public final class Parsers {

    private static final Parser MSGPACK = new MsgpackParser();

    private Parsers() {
    }

    /**
     * {@code default} (npm's {@code socket.io-parser}) or {@code msgpack} ({@code socket.io-msgpack-parser} 3.x);
     * case and surrounding blanks do not matter.
     *
     * @throws IllegalArgumentException for any other name, naming the valid ones
     */
    public static Parser named(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (key.equals(Parser.DEFAULT.name())) return Parser.DEFAULT;
        if (key.equals(MSGPACK.name())) return MSGPACK;
        throw new IllegalArgumentException("socketio.parser must be \"default\" or \"msgpack\", got " + LogSafe.text(name));
    }
}
