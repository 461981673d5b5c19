package dev.sio.socketio.protocol;

import java.util.List;

/**
 * A Socket.IO packet ready for Engine.IO: the text (without Engine.IO's {@code 4} MESSAGE
 * prefix) and the binary messages, each of which travels as its own binary MESSAGE right
 * after the text, in order.
 *
 * @param text        e.g. {@code 2["foo"]} or {@code 51-["baz",{"_placeholder":true,"num":0}]}; null
 *                    when the packet travels in binary messages only (the msgpack parser: one message)
 * @param attachments never null; empty for non-binary packets of the default parser
 */
public record EncodedPacket(String text, List<byte[]> attachments) {

    public EncodedPacket {
        if (attachments == null) {
            attachments = List.of();
        }
        if (text == null && attachments.isEmpty()) {
            throw new IllegalArgumentException("a packet needs a text or a binary message");
        }
    }
}
