package dev.sio.socketio.protocol;

import java.util.List;

/**
 * A Socket.IO packet ready for Engine.IO: the text (without Engine.IO's {@code 4} MESSAGE
 * prefix) and the binary attachments, each of which travels as its own binary MESSAGE right
 * after the text, in order.
 *
 * @param text        e.g. {@code 2["foo"]} or {@code 51-["baz",{"_placeholder":true,"num":0}]}
 * @param attachments never null; empty for non-binary packets
 */
public record EncodedPacket(String text, List<byte[]> attachments) {

    public EncodedPacket {
        if (text == null) {
            throw new NullPointerException("text");
        }
        if (attachments == null) {
            attachments = List.of();
        }
    }
}
