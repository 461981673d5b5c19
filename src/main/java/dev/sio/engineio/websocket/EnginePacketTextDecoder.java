package dev.sio.engineio.websocket;

import dev.sio.engineio.protocol.EngineCodec;
import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.protocol.EngineProtocolException;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;

/** One WebSocket text frame to one Engine.IO packet. */
public class EnginePacketTextDecoder implements Decoder.Text<EnginePacket> {

    @Override
    public EnginePacket decode(String frame) throws DecodeException {
        try {
            return EngineCodec.decodeText(frame);
        } catch (EngineProtocolException e) {
            throw new DecodeException(frame.length() > 64 ? frame.substring(0, 64) + "..." : frame, e.getMessage(), e);
        }
    }

    @Override
    public boolean willDecode(String frame) {
        return true; // a bad frame must reach decode() so that it is refused with a reason
    }
}
