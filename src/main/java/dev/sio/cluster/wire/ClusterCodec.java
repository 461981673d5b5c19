package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireFormatException;
import dev.sio.socketio.protocol.msgpack.WireLimits;
import dev.sio.socketio.protocol.msgpack.WireValues;
import dev.sio.socketio.protocol.msgpack.MsgpackWriter;
import dev.sio.socketio.protocol.msgpack.MsgpackReader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sharded-mode messages to bytes and back: JSON, except MessagePack when a type that may carry
 * binary does (Node's rule); decoding picks by the first byte. Thread-safe.
 */
public final class ClusterCodec {

    private final MsgpackReader msgpackIn;
    private final JsonReader jsonIn;
    private final MsgpackWriter msgpackOut = new MsgpackWriter();
    private final JsonWriter jsonOut = new JsonWriter();

    public ClusterCodec(WireLimits limits) {
        this.msgpackIn = new MsgpackReader(limits);
        this.jsonIn = new JsonReader(limits);
    }

    public byte[] encode(ClusterMessage message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", message.type().code());
        Object data = message.data() == null ? null : dataToWire(message.data());
        if (data != null) {
            m.put("data", data);
        }
        m.put("uid", message.uid());
        m.put("nsp", message.nsp());
        boolean binary = message.type().mayContainBinary() && WireValues.hasBinary(data);
        return binary ? msgpackOut.write(m) : jsonOut.write(m);
    }

    public ClusterMessage decode(byte[] bytes) throws WireFormatException {
        if (bytes.length == 0) {
            throw new WireFormatException("empty message");
        }
        Fields f = Fields.of(bytes[0] == '{' ? jsonIn.read(bytes) : msgpackIn.read(bytes), "message");
        MessageType type = MessageType.of(f.integer("type"));
        ClusterData data = switch (type) {
            case INITIAL_HEARTBEAT, HEARTBEAT, ADAPTER_CLOSE -> null;
            default -> dataFrom(type, f.object("data"));
        };
        return new ClusterMessage(type, data, f.string("uid"), f.string("nsp"));
    }

    private static Map<String, Object> dataToWire(ClusterData data) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (data instanceof ClusterData.Broadcast b) {
            m.put("packet", b.packet().toWire());
            if (b.requestId() != null) {
                m.put("requestId", b.requestId());
            }
            m.put("opts", b.opts().toWire());
        } else if (data instanceof ClusterData.RoomChange r) {
            m.put("opts", r.opts().toWire());
            m.put("rooms", r.rooms());
        } else if (data instanceof ClusterData.DisconnectSockets d) {
            m.put("opts", d.opts().toWire());
            m.put("close", d.close());
        } else if (data instanceof ClusterData.FetchSockets f) {
            m.put("opts", f.opts().toWire());
            m.put("requestId", f.requestId());
        } else if (data instanceof ClusterData.FetchSocketsResponse r) {
            m.put("requestId", r.requestId());
            m.put("sockets", r.sockets().stream().map(RemoteSocket::toWire).toList());
        } else if (data instanceof ClusterData.ServerSideEmit e) {
            if (e.requestId() != null) {
                m.put("requestId", e.requestId());
            }
            m.put("packet", e.packet());
        } else if (data instanceof ClusterData.ServerSideEmitResponse r) {
            m.put("requestId", r.requestId());
            m.put("packet", r.packet());
        } else if (data instanceof ClusterData.ClientCount c) {
            m.put("requestId", c.requestId());
            m.put("clientCount", c.clientCount());
        } else if (data instanceof ClusterData.BroadcastAck a) {
            m.put("requestId", a.requestId());
            m.put("packet", a.packet());
        }
        return m;
    }

    private static ClusterData dataFrom(MessageType type, Fields d) throws WireFormatException {
        return switch (type) {
            case BROADCAST -> new ClusterData.Broadcast(WirePacket.from(d.object("packet")), d.optString("requestId"),
                    WireOptions.from(d.object("opts")));
            case SOCKETS_JOIN, SOCKETS_LEAVE -> new ClusterData.RoomChange(WireOptions.from(d.object("opts")), d.rooms("rooms"));
            case DISCONNECT_SOCKETS -> new ClusterData.DisconnectSockets(WireOptions.from(d.object("opts")), d.bool("close"));
            case FETCH_SOCKETS -> new ClusterData.FetchSockets(WireOptions.from(d.object("opts")), d.string("requestId"));
            case FETCH_SOCKETS_RESPONSE -> new ClusterData.FetchSocketsResponse(d.string("requestId"),
                    RemoteSocket.listFrom(d.list("sockets")));
            case SERVER_SIDE_EMIT -> new ClusterData.ServerSideEmit(d.optString("requestId"), d.list("packet"));
            case SERVER_SIDE_EMIT_RESPONSE -> new ClusterData.ServerSideEmitResponse(d.string("requestId"), d.raw("packet"));
            case BROADCAST_CLIENT_COUNT -> new ClusterData.ClientCount(d.string("requestId"), d.integer("clientCount"));
            case BROADCAST_ACK -> new ClusterData.BroadcastAck(d.string("requestId"), d.raw("packet"));
            default -> throw new WireFormatException("message type " + type + " carries no data");
        };
    }
}
