package dev.sio.socketio.broadcast;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.Parser;
import dev.sio.socketio.protocol.msgpack.MsgpackParser;
import jakarta.json.Json;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OutgoingPacketTest {

    private static final Packet EVENT = Packet.event("/", Json.createArrayBuilder().add("news").add(1).build(), null, List.of());
    private final Parser msgpack = new MsgpackParser();

    @Test
    void the_frames_are_encoded_once_by_the_parser_that_asks_first() {
        OutgoingPacket packet = OutgoingPacket.of(EVENT);
        assertFalse(packet.isEncoded());
        List<EnginePacket> frames = packet.frames(msgpack);
        assertTrue(packet.isEncoded());
        assertSame(frames, packet.frames(msgpack), "the same list for every recipient");
        assertEquals(1, frames.size());
        assertTrue(frames.get(0).isBinary(), "one binary message");
    }

    @Test
    void another_parser_gets_its_own_frames_without_replacing_the_kept_ones() {
        OutgoingPacket packet = OutgoingPacket.of(EVENT);
        List<EnginePacket> binary = packet.frames(msgpack);
        List<EnginePacket> text = packet.frames(Parser.DEFAULT);
        assertEquals("2[\"news\",1]", text.get(0).data());
        assertNotSame(binary, text);
        assertSame(binary, packet.frames(msgpack));
    }

    @Test
    void ready_made_frames_are_written_as_they_are_whatever_the_parser() {
        List<EnginePacket> stored = List.of(EnginePacket.message("2[\"news\",1,\"offset\"]"));
        OutgoingPacket packet = OutgoingPacket.encoded(EVENT, stored);
        assertEquals(stored, packet.frames(Parser.DEFAULT));
        assertEquals(stored, packet.frames(msgpack));
    }
}
