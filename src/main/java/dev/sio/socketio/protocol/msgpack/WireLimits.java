package dev.sio.socketio.protocol.msgpack;

/**
 * Bounds on what one decoded message may make us allocate. Checked before allocating: a header
 * that announces more than remains in the message, or more than these bounds, is refused.
 *
 * @param maxMessageBytes the largest message accepted at all
 * @param maxDepth        nesting of arrays and maps
 * @param maxElements     array elements plus map entries over the whole message
 */
public record WireLimits(int maxMessageBytes, int maxDepth, int maxElements) {

    /** 16 MiB, depth 64, one million elements: far above any chat traffic, far below a heap. */
    public static final WireLimits DEFAULT = new WireLimits(16 << 20, 64, 1_000_000);

    public WireLimits {
        if (maxMessageBytes < 1 || maxDepth < 1 || maxElements < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public void checkSize(int bytes) throws WireFormatException {
        if (bytes > maxMessageBytes) {
            throw new WireFormatException("message of " + bytes + " bytes exceeds the limit of " + maxMessageBytes);
        }
    }
}
