package dev.sio.socketio.recovery;

import java.util.List;

/**
 * The answer of {@link RecoveryStore#take}: the session and its missed packets (in order), or why
 * there is nothing to restore.
 *
 * @param readTo the offset the missed packets are complete up to: the last packet of the log that
 *               the store read, meant for the session or not (null when the store does not say; a
 *               shared store says, see {@link RecoveryStore#missedAfter})
 */
public record Restore(Outcome outcome, SessionRecord session, List<StoredPacket> missed, String readTo) {

    /** Without {@code readTo}. */
    public Restore(Outcome outcome, SessionRecord session, List<StoredPacket> missed) {
        this(outcome, session, missed, null);
    }

    public enum Outcome {
        RESTORED,
        /** no such session: never existed, restored already, or dropped by the bounds */
        UNKNOWN,
        EXPIRED,
        /** the session belongs to another user: it stays for its owner */
        WRONG_USER,
        /** the client's offset is not (or no longer) in the log: completeness cannot be promised */
        OFFSET_UNKNOWN,
        /** more missed packets or bytes than one session may get back */
        TOO_MANY_MISSED
    }

    public static Restore refused(Outcome outcome) {
        return new Restore(outcome, null, List.of());
    }

    public boolean restored() {
        return outcome == Outcome.RESTORED;
    }
}
