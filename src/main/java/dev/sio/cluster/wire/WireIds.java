package dev.sio.cluster.wire;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Node's id forms: uid2(6) in the classic adapter, 8 random bytes in hex in socket.io-adapter. */
public final class WireIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UID2_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private WireIds() {
    }

    /** 6 characters from [A-Za-z0-9]: classic adapter uids and request ids. */
    public static String classic() {
        StringBuilder sb = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            sb.append(UID2_ALPHABET.charAt(RANDOM.nextInt(UID2_ALPHABET.length())));
        }
        return sb.toString();
    }

    /** 16 hex digits: sharded (cluster adapter) uids and request ids. */
    public static String sharded() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
