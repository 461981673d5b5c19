package dev.sio.socketio.broadcast;

import dev.sio.engineio.protocol.EnginePacket;

import java.util.List;

/** A socket as the adapter sees it: something with an id that takes already-encoded frames. */
public interface Recipient {

    String id();

    /**
     * Writes the frames of one encoded packet (the same objects for every recipient: encode once,
     * write many). Must not block.
     *
     * @param isVolatile drop the packet instead of queueing it when the transport is busy
     */
    void deliver(List<EnginePacket> frames, boolean isVolatile);
}
