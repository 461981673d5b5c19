package dev.sio.auth;

import java.util.List;

import org.jose4j.jwk.JsonWebKey;

/** Where verification keys come from: fixed text read once, or a remote JWKS that can change. */
interface KeySource {

    /** The keys known now; never {@code null}. May fetch on first use. */
    List<JsonWebKey> keys();

    /**
     * Called when a token names a key that {@link #keys()} does not have. A source that can change
     * may reload itself (subject to its own rate limit); callers look at {@link #keys()} again
     * afterwards either way, since another thread may have reloaded in the meantime.
     */
    void refresh();

    /**
     * What stops tokens from being verified now, if anything (no key loaded yet from a remote
     * source). Never waits: a source without keys starts loading them, within its rate limit.
     */
    default java.util.Optional<String> problem() {
        return java.util.Optional.empty();
    }

    /** Releases what the source holds (a remote one: its HTTP client and threads). Idempotent. */
    default void close() {
    }

    /** Keys from configuration text or a file: they change only with a restart. */
    static KeySource fixed(List<JsonWebKey> keys) {
        List<JsonWebKey> copy = List.copyOf(keys);
        return new KeySource() {
            @Override
            public List<JsonWebKey> keys() {
                return copy;
            }

            @Override
            public void refresh() {
                // nothing to reload
            }
        };
    }
}
