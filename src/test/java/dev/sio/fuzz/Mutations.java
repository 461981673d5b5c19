package dev.sio.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.List;

/**
 * Turns valid inputs into almost-valid ones, where decoders break: each generated long is one edit
 * (insert, delete, replace, cut, repeat a stretch, insert a token that means something to the
 * protocols, insert any char). Longs shrink well, so a failure comes back as a short edit list.
 */
final class Mutations {

    /** Characters that mean something to Engine.IO, Socket.IO, JSON, base64 or URL encoding. */
    private static final String ALPHABET = "0123456789b\u001e\"[]{},:/-+.eE_=&%?#\\ \t\n\r\u0000\u007f\u00e9\u20ac\ud83d\ude00\ud800\udc00ABCxyz";

    private static final List<String> TOKENS = List.of(
            "{\"_placeholder\":true,\"num\":0}", "{\"_placeholder\":true,\"num\":-1}",
            "{\"_placeholder\":true,\"num\":99999999999999999999}", "{\"_placeholder\":true,\"num\":1.5}",
            "{\"_placeholder\":true}", "{\"_placeholder\":\"true\",\"num\":0}", "\"num\":1e400",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "]]]]]]]]]]]]]]]]]", "{\"a\":{\"b\":{\"c\":", "null", "true", "[]", "{}",
            "1e999999", "-0", "9999999999999999999999999", "\"\\ud800\"", "\"\\u0000\"", "\\u12", "%zz", "%e2%82",
            "%", "EIO=4", "transport=websocket", "sid=", "&&", "==", "/admin,", "99999999999999999999999-",
            "1-", "0-", "-1-", "\u001e\u001e", "bAAAA", "b====", "b@@", "connect", "\"disconnect\"");

    private Mutations() {
    }

    /** One of the seeds with up to {@code maxEdits} edits. */
    static Arbitrary<String> of(List<String> seeds, int maxEdits) {
        return Combinators.combine(Arbitraries.of(seeds), Arbitraries.longs().list().ofMaxSize(maxEdits))
                .as(Mutations::apply);
    }

    static String apply(String seed, List<Long> edits) {
        StringBuilder s = new StringBuilder(seed);
        for (long edit : edits) {
            int op = (int) Math.floorMod(edit, 7L);
            int at = (int) Math.floorMod(edit >>> 3, (long) s.length() + 1);
            char c = ALPHABET.charAt((int) Math.floorMod(edit >>> 24, (long) ALPHABET.length()));
            switch (op) {
                case 0 -> s.insert(at, c);
                case 1 -> {
                    if (at < s.length()) s.deleteCharAt(at);
                }
                case 2 -> {
                    if (at < s.length()) s.setCharAt(at, c);
                    else s.append(c);
                }
                case 3 -> s.setLength(at);
                case 4 -> {
                    int end = Math.min(s.length(), at + 1 + (int) Math.floorMod(edit >>> 40, 16L));
                    String stretch = s.substring(at, end);
                    s.insert(at, stretch.repeat(1 + (int) Math.floorMod(edit >>> 48, 4L)));
                }
                case 5 -> s.insert(at, TOKENS.get((int) Math.floorMod(edit >>> 24, (long) TOKENS.size())));
                default -> s.insert(at, (char) (edit >>> 44));
            }
        }
        return s.toString();
    }
}
