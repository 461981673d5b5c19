package dev.sio.engineio.polling;

import jakarta.servlet.ServletRequest;

/**
 * Notices that a client cancelled a parked GET. No standard Servlet API reports it (jakartaee/servlet#44),
 * so this is server-specific and optional; without it the spec's duplicate-poll rule still closes
 * the session when the client polls again.
 */
interface AbortedPollDetector {

    /** Calls {@code onAbort} (once, on any thread, must not block) if the client drops the request. */
    void watch(ServletRequest request, Runnable onAbort);

    /** The request is being answered: stop watching it. */
    void forget(ServletRequest request);

    AbortedPollDetector NONE = new AbortedPollDetector() {
        @Override
        public void watch(ServletRequest request, Runnable onAbort) {
        }

        @Override
        public void forget(ServletRequest request) {
        }
    };
}
