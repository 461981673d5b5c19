package dev.sio.socketio.protocol.msgpack;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link WireValues} as notepack.io 3 does: the smallest integer form, float 64 for every
 * non-integral number (and integral doubles as integers, since JavaScript cannot tell 1.0 from 1),
 * str 8 for strings of 32-255 bytes, bin for Buffers, null map values kept. Stateless.
 */
public final class MsgpackWriter {

    private static final double TWO_TO_63 = 0x1p63;

    public byte[] write(Object value) {
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            write(out, value);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a buffer packer does no I/O
        }
    }

    private void write(MessageBufferPacker out, Object value) throws IOException {
        if (value == null) {
            out.packNil();
        } else if (value instanceof String s) {
            out.packString(s);
        } else if (value instanceof Boolean b) {
            out.packBoolean(b);
        } else if (value instanceof Double || value instanceof Float) {
            writeNumber(out, ((Number) value).doubleValue());
        } else if (value instanceof Number n) {
            out.packLong(n.longValue());
        } else if (value instanceof byte[] bytes) {
            out.packBinaryHeader(bytes.length);
            out.writePayload(bytes);
        } else if (value instanceof List<?> list) {
            out.packArrayHeader(list.size());
            for (Object o : list) {
                write(out, o);
            }
        } else if (value instanceof Map<?, ?> map) {
            out.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.packString(String.valueOf(e.getKey()));
                write(out, e.getValue());
            }
        } else if (value instanceof CharSequence cs) {
            out.packString(cs.toString());
        } else {
            throw new IllegalArgumentException("not a wire value: " + value.getClass().getName());
        }
    }

    private static void writeNumber(MessageBufferPacker out, double d) throws IOException {
        if (Math.floor(d) == d && Math.abs(d) < TWO_TO_63) {
            out.packLong((long) d);
        } else {
            out.packDouble(d);
        }
    }
}
