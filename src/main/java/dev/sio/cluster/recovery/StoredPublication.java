package dev.sio.cluster.recovery;

import java.util.Arrays;

/**
 * A cluster message to publish together with a stored broadcast's append ({@link RedisRecoveryStore#addAndPublish}),
 * split where its offset goes: the stream id is known only inside the append script, which publishes
 * {@code head}, the id, then {@code tail}. The message was encoded once with a mark in the offset's
 * place (a last argument no other argument can equal, see {@link #split}); everything that counts
 * elements (the MessagePack array of arguments) already counts the offset, and no length in bytes
 * encloses it (MessagePack and JSON keep arguments as elements, not as nested byte strings).
 *
 * @param command {@code PUBLISH} or {@code SPUBLISH}
 * @param msgpack whether the id goes in as a MessagePack string (else as is, between JSON quotes)
 */
public record StoredPublication(String command, String channel, byte[] head, byte[] tail, boolean msgpack) {

    /**
     * Splits {@code message} (MessagePack, or JSON when it starts with a brace) around {@code mark}, an
     * ASCII string of 1 to 31 characters that needs no JSON escaping; null when the mark is not found
     * exactly once (the caller then publishes the usual way).
     */
    public static StoredPublication split(String command, String channel, byte[] message, String mark) {
        byte[] m = mark.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (m.length == 0 || m.length > 31) throw new IllegalArgumentException("mark of " + m.length + " bytes");
        int at = indexOf(message, m, 0);
        if (at < 0 || indexOf(message, m, at + 1) >= 0) return null;
        boolean msgpack = message.length > 0 && message[0] != '{';
        int start = at;
        if (msgpack) {
            if (at == 0 || (message[at - 1] & 0xff) != (0xa0 | m.length)) return null; // not the fixstr of the offset argument
            start = at - 1;
        } else if (at == 0 || message[at - 1] != '"' || at + m.length >= message.length || message[at + m.length] != '"') {
            return null;
        }
        return new StoredPublication(command, channel, Arrays.copyOfRange(message, 0, start),
                Arrays.copyOfRange(message, at + m.length, message.length), msgpack);
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i <= in.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
