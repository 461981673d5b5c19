package dev.sio.cluster.wire;

/**
 * The channel names of one namespace under one key prefix, as the Node adapters and the emitter
 * compute them. Classic: broadcasts on {@link #broadcast()} / {@link #room}, requests on {@link
 * #request()}, answers on {@link #response()} (or {@link #specificResponse}). Sharded: everything on
 * {@link #broadcast()} / {@link #room}, answers on {@link #room} of the requester's uid.
 */
public record RedisChannels(String prefix, String nsp) {

    public String broadcast() {
        return prefix + "#" + nsp + "#";
    }

    /** A single-room broadcast (classic and sharded), or in sharded mode a node's answer channel (room = uid). */
    public String room(String room) {
        return broadcast() + room + "#";
    }

    /** Classic: what every node PSUBSCRIBEs to get broadcasts. */
    public String broadcastPattern() {
        return broadcast() + "*";
    }

    public String request() {
        return prefix + "-request#" + nsp + "#";
    }

    public String response() {
        return prefix + "-response#" + nsp + "#";
    }

    public String specificResponse(String uid) {
        return response() + uid + "#";
    }

    /**
     * The room a classic broadcast channel names: "" for {@link #broadcast()}, the room for {@link
     * #room}, null when the channel is not a broadcast channel of this namespace.
     */
    public String roomOf(String channel) {
        String base = broadcast();
        if (!channel.startsWith(base)) {
            return null;
        }
        if (channel.length() == base.length()) {
            return "";
        }
        return channel.endsWith("#") ? channel.substring(base.length(), channel.length() - 1) : null;
    }
}
