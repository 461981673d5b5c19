package dev.sio.cluster;

import java.util.List;

/**
 * A cluster request (fetchSockets, allRooms, serverSideEmit with ack) did not get every answer in
 * time. The message is Node's ("timeout reached: only N responses received out of M"); the answers
 * that did arrive go along, as Node passes them to a serverSideEmit acknowledgement.
 */
public final class ClusterRequestTimeoutException extends RuntimeException {

    private final transient List<Object> partialAnswers;

    public ClusterRequestTimeoutException(int received, int expected, List<Object> partialAnswers) {
        super("timeout reached: only " + received + " responses received out of " + expected, null, false, false);
        this.partialAnswers = List.copyOf(partialAnswers);
    }

    public List<Object> partialAnswers() {
        return partialAnswers;
    }
}
