package dev.sio.socketio.protocol.msgpack;

import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one MessagePack value (as notepack.io 2 and 3 write them) into {@link WireValues}, within
 * {@link WireLimits}. Every announced length is checked against the bytes that remain before
 * anything is allocated, so a 10-byte message cannot ask for a 4 GB array.
 *
 * <p>The extensions understood: notepack 2's {@code undefined} (fixext 1, type 0), its Date
 * (fixext 8, type 0: milliseconds) and its ArrayBuffer (ext 8/16/32, type 0: the bytes, as a
 * Buffer would be), and the standard timestamp (type -1) that notepack 3 writes for a Date. A
 * Date becomes what {@code JSON.stringify} would send: its ISO string.
 */
public final class MsgpackReader {

    /** JavaScript's {@code Date.toISOString()}: a timestamp extension becomes what JSON.stringify would send. */
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final WireLimits limits;
    private final boolean keepUndefined;

    /** A reader that reads {@code undefined} as null (what the cluster codecs want). */
    public MsgpackReader(WireLimits limits) {
        this(limits, false);
    }

    private MsgpackReader(WireLimits limits, boolean keepUndefined) {
        this.limits = limits;
        this.keepUndefined = keepUndefined;
    }

    /** A reader that yields {@link WireValues#UNDEFINED} for {@code undefined}, so that it can be told from null. */
    public static MsgpackReader keepingUndefined(WireLimits limits) {
        return new MsgpackReader(limits, true);
    }

    public Object read(byte[] bytes) throws WireFormatException {
        limits.checkSize(bytes.length);
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(bytes)) {
            State state = new State(in, bytes.length);
            Object value = state.value(0);
            if (in.hasNext()) {
                throw new WireFormatException("trailing bytes after the MessagePack value");
            }
            return value;
        } catch (MessagePackException | IOException e) {
            throw new WireFormatException("malformed MessagePack: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private final class State {
        private final MessageUnpacker in;
        private final int length;
        private int elements;

        State(MessageUnpacker in, int length) {
            this.in = in;
            this.length = length;
        }

        private int remaining() {
            return (int) (length - in.getTotalReadBytes());
        }

        private int announced(long n, int minBytesEach, String what) throws WireFormatException {
            if (n < 0 || n * minBytesEach > remaining()) {
                throw new WireFormatException(what + " of " + n + " announced, only " + remaining() + " bytes left");
            }
            return (int) n;
        }

        private void count(int n) throws WireFormatException {
            elements += n;
            if (elements > limits.maxElements()) {
                throw new WireFormatException("more than " + limits.maxElements() + " elements");
            }
        }

        Object value(int depth) throws IOException, WireFormatException {
            if (!in.hasNext()) {
                throw new WireFormatException("truncated MessagePack value");
            }
            MessageFormat format = in.getNextFormat();
            switch (format.getValueType()) {
                case NIL:
                    in.unpackNil();
                    return null;
                case BOOLEAN:
                    return in.unpackBoolean();
                case INTEGER:
                    if (format == MessageFormat.UINT64) {
                        java.math.BigInteger big = in.unpackBigInteger();
                        return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
                    }
                    return in.unpackLong();
                case FLOAT:
                    return in.unpackDouble();
                case STRING: {
                    int n = announced(in.unpackRawStringHeader(), 1, "string");
                    return new String(in.readPayload(n), java.nio.charset.StandardCharsets.UTF_8);
                }
                case BINARY: {
                    int n = announced(in.unpackBinaryHeader(), 1, "binary");
                    return in.readPayload(n);
                }
                case ARRAY: {
                    checkDepth(depth);
                    int n = announced(in.unpackArrayHeader(), 1, "array");
                    count(n);
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(value(depth + 1));
                    }
                    return list;
                }
                case MAP: {
                    checkDepth(depth);
                    int n = announced(in.unpackMapHeader(), 2, "map");
                    count(n);
                    Map<String, Object> map = new LinkedHashMap<>(Math.min(n, 64) * 2);
                    for (int i = 0; i < n; i++) {
                        if (in.getNextFormat().getValueType() != org.msgpack.value.ValueType.STRING) {
                            throw new WireFormatException("map key is not a string");
                        }
                        String key = (String) value(depth + 1);
                        map.put(key, value(depth + 1));
                    }
                    return map;
                }
                case EXTENSION:
                    return extension(format);
                default:
                    throw new WireFormatException("unsupported MessagePack format " + format);
            }
        }

        private void checkDepth(int depth) throws WireFormatException {
            if (depth >= limits.maxDepth()) {
                throw new WireFormatException("nesting deeper than " + limits.maxDepth());
            }
        }

        private Object extension(MessageFormat format) throws IOException, WireFormatException {
            var header = in.unpackExtensionTypeHeader();
            int n = announced(header.getLength(), 1, "extension");
            byte type = header.getType();
            byte[] payload = in.readPayload(n);
            if (type == 0) {
                // notepack 2 tells its three type-0 extensions apart by the format, as its decoder does
                if (format == MessageFormat.FIXEXT1) {
                    return keepUndefined ? WireValues.UNDEFINED : null; // `undefined`
                }
                if (format == MessageFormat.FIXEXT8) {
                    return ISO.format(Instant.ofEpochMilli(java.nio.ByteBuffer.wrap(payload).getLong())); // a Date
                }
                if (format == MessageFormat.EXT8 || format == MessageFormat.EXT16 || format == MessageFormat.EXT32) {
                    return payload; // an ArrayBuffer (a browser's binary)
                }
            }
            if (type == -1 && (n == 4 || n == 8 || n == 12)) {
                return ISO.format(timestamp(payload));
            }
            throw new WireFormatException("unsupported MessagePack extension type " + type + " of " + n + " bytes");
        }

        private Instant timestamp(byte[] p) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(p);
            if (p.length == 4) {
                return Instant.ofEpochSecond(Integer.toUnsignedLong(b.getInt()));
            }
            if (p.length == 8) {
                long v = b.getLong();
                return Instant.ofEpochSecond(v & 0x3_ffff_ffffL, v >>> 34);
            }
            int nanos = b.getInt();
            return Instant.ofEpochSecond(b.getLong(), nanos);
        }
    }
}
