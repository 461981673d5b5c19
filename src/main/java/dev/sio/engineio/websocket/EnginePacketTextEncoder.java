package dev.sio.engineio.websocket;

import dev.sio.engineio.protocol.EnginePacket;
import jakarta.websocket.Encoder;

/**
 * One text Engine.IO packet to one WebSocket text frame. The frame text is cached in the packet,
 * so a broadcast packet is encoded once whatever the number of sessions it is written to.
 */
public class EnginePacketTextEncoder implements Encoder.Text<EnginePacket> {

    @Override
    public String encode(EnginePacket packet) {
        return packet.wireText();
    }
}
