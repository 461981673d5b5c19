package dev.sio.engineio.websocket;

import dev.sio.engineio.protocol.EngineCodec;
import dev.sio.engineio.protocol.EnginePacket;
import jakarta.websocket.Decoder;

import java.nio.ByteBuffer;

/** One WebSocket binary frame to one binary Engine.IO message (binary frames carry no type prefix). */
public class EnginePacketBinaryDecoder implements Decoder.Binary<EnginePacket> {

    @Override
    public EnginePacket decode(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return EngineCodec.decodeBinary(bytes);
    }

    @Override
    public boolean willDecode(ByteBuffer frame) {
        return true;
    }
}
