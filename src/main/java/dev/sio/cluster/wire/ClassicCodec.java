package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireFormatException;
import dev.sio.socketio.protocol.msgpack.WireLimits;
import dev.sio.socketio.protocol.msgpack.MsgpackWriter;
import dev.sio.socketio.protocol.msgpack.MsgpackReader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Classic-mode messages (redis-adapter 8.3 {@code createAdapter}, redis-emitter 5.1) to bytes and
 * back. A message whose first byte is {@code '{'} is JSON, any other MessagePack, as Node decides.
 * Thread-safe.
 */
public final class ClassicCodec {

    private final MsgpackReader msgpackIn;
    private final JsonReader jsonIn;
    private final MsgpackWriter msgpackOut = new MsgpackWriter();
    private final JsonWriter jsonOut = new JsonWriter();

    public ClassicCodec(WireLimits limits) {
        this.msgpackIn = new MsgpackReader(limits);
        this.jsonIn = new JsonReader(limits);
    }

    // ---- broadcasts

    public byte[] encodeBroadcast(ClassicBroadcast b) {
        return msgpackOut.write(List.of(b.uid(), b.packet().toWire(), b.opts().toWire()));
    }

    /** As redis-emitter writes it: options in the order {rooms, flags, except}. */
    public byte[] encodeEmitterBroadcast(ClassicBroadcast b) {
        return msgpackOut.write(List.of(b.uid(), b.packet().toWire(), b.opts().toEmitterWire()));
    }

    public ClassicBroadcast decodeBroadcast(byte[] bytes) throws WireFormatException {
        if (!(msgpackIn.read(bytes) instanceof List<?> list) || list.size() < 3) {
            throw new WireFormatException("broadcast is not an array [uid, packet, opts]");
        }
        if (!(list.get(0) instanceof String uid)) {
            throw new WireFormatException("broadcast uid is not a string");
        }
        return new ClassicBroadcast(uid, WirePacket.from(Fields.of(list.get(1), "packet")),
                WireOptions.from(Fields.of(list.get(2), "opts")));
    }

    // ---- requests

    public byte[] encodeRequest(ClassicRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r.uid() != null) {
            m.put("uid", r.uid());
        }
        if (r instanceof ClassicRequest.Sockets s) {
            m.put("requestId", s.requestId());
            m.put("type", r.type().code());
            m.put("rooms", s.rooms());
        } else if (r instanceof ClassicRequest.AllRooms a) {
            m.put("requestId", a.requestId());
            m.put("type", r.type().code());
        } else if (r instanceof ClassicRequest.RemoteJoin j) {
            m.put("type", r.type().code());
            m.put("opts", j.opts().toWire());
            m.put("rooms", j.rooms());
        } else if (r instanceof ClassicRequest.RemoteLeave l) {
            m.put("type", r.type().code());
            m.put("opts", l.opts().toWire());
            m.put("rooms", l.rooms());
        } else if (r instanceof ClassicRequest.RemoteDisconnect d) {
            m.put("type", r.type().code());
            m.put("opts", d.opts().toWire());
            m.put("close", d.close());
        } else if (r instanceof ClassicRequest.RemoteFetch f) {
            m.put("requestId", f.requestId());
            m.put("type", r.type().code());
            m.put("opts", f.opts().toWire());
        } else if (r instanceof ClassicRequest.ServerSideEmit e) {
            if (e.requestId() != null) {
                m.put("requestId", e.requestId());
            }
            m.put("type", r.type().code());
            m.put("data", e.data());
        } else if (r instanceof ClassicRequest.BroadcastWithAck b) {
            m.put("requestId", b.requestId());
            m.put("type", r.type().code());
            m.put("packet", b.packet().toWire());
            m.put("opts", b.opts().toWire());
            return msgpackOut.write(m);
        }
        return jsonOut.write(m);
    }

    public ClassicRequest decodeRequest(byte[] bytes) throws WireFormatException {
        Fields f = Fields.of(read(bytes), "request");
        String uid = f.optString("uid");
        RequestType type = RequestType.of(f.integer("type"));
        return switch (type) {
            case SOCKETS -> new ClassicRequest.Sockets(uid, f.string("requestId"), f.rooms("rooms"));
            case ALL_ROOMS -> new ClassicRequest.AllRooms(uid, f.string("requestId"));
            case REMOTE_JOIN -> new ClassicRequest.RemoteJoin(uid, options(f), f.rooms("rooms"));
            case REMOTE_LEAVE -> new ClassicRequest.RemoteLeave(uid, options(f), f.rooms("rooms"));
            case REMOTE_DISCONNECT -> new ClassicRequest.RemoteDisconnect(uid, options(f), f.bool("close"));
            case REMOTE_FETCH -> new ClassicRequest.RemoteFetch(uid, f.string("requestId"), options(f));
            case SERVER_SIDE_EMIT -> new ClassicRequest.ServerSideEmit(uid, f.optString("requestId"), f.list("data"));
            case BROADCAST -> new ClassicRequest.BroadcastWithAck(uid, f.string("requestId"),
                    WirePacket.from(f.object("packet")), WireOptions.from(f.object("opts")));
            default -> throw new WireFormatException("request type " + type + " is a response type");
        };
    }

    /** Node before 7 sent join/leave/disconnect for one socket id ({sid, room}); 8.3 sends opts. */
    private static WireOptions options(Fields f) throws WireFormatException {
        if (!f.has("opts")) {
            throw new WireFormatException("request without opts (the single-socket form of old adapters is not supported)");
        }
        return WireOptions.from(f.object("opts"));
    }

    // ---- responses

    public byte[] encodeResponse(ClassicResponse r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r instanceof ClassicResponse.Sockets s) {
            m.put("requestId", s.requestId());
            m.put("sockets", s.sockets());
        } else if (r instanceof ClassicResponse.AllRooms a) {
            m.put("requestId", a.requestId());
            m.put("rooms", a.rooms());
        } else if (r instanceof ClassicResponse.FetchSockets f) {
            m.put("requestId", f.requestId());
            m.put("sockets", f.sockets().stream().map(RemoteSocket::toWire).toList());
        } else if (r instanceof ClassicResponse.ServerSideEmit e) {
            m.put("type", RequestType.SERVER_SIDE_EMIT.code());
            m.put("requestId", e.requestId());
            m.put("data", e.data());
        } else if (r instanceof ClassicResponse.ClientCount c) {
            m.put("type", RequestType.BROADCAST_CLIENT_COUNT.code());
            m.put("requestId", c.requestId());
            m.put("clientCount", c.clientCount());
        } else if (r instanceof ClassicResponse.BroadcastAck a) {
            m.put("type", RequestType.BROADCAST_ACK.code());
            m.put("requestId", a.requestId());
            m.put("packet", a.packet());
            return msgpackOut.write(m);
        }
        return jsonOut.write(m);
    }

    /**
     * @param pending the type of our pending request with that id, or null when we have none; the
     *                untyped answers (sockets, rooms, fetch) can only be read with it
     * @return null when the answer is to a request that is not ours (another node's, or timed out)
     */
    public ClassicResponse decodeResponse(byte[] bytes, Function<String, RequestType> pending) throws WireFormatException {
        Fields f = Fields.of(read(bytes), "response");
        String requestId = f.string("requestId");
        if (f.has("type")) {
            RequestType type = RequestType.of(f.integer("type"));
            return switch (type) {
                case SERVER_SIDE_EMIT -> new ClassicResponse.ServerSideEmit(requestId, f.raw("data"));
                case BROADCAST_CLIENT_COUNT -> new ClassicResponse.ClientCount(requestId, f.integer("clientCount"));
                case BROADCAST_ACK -> new ClassicResponse.BroadcastAck(requestId, f.raw("packet"));
                default -> throw new WireFormatException("response of request type " + type);
            };
        }
        RequestType type = pending.apply(requestId);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case SOCKETS -> new ClassicResponse.Sockets(requestId, f.rooms("sockets"));
            case ALL_ROOMS -> new ClassicResponse.AllRooms(requestId, f.rooms("rooms"));
            case REMOTE_FETCH -> new ClassicResponse.FetchSockets(requestId, RemoteSocket.listFrom(f.list("sockets")));
            default -> throw new WireFormatException("untyped response to a " + type + " request");
        };
    }

    private Object read(byte[] bytes) throws WireFormatException {
        if (bytes.length == 0) {
            throw new WireFormatException("empty message");
        }
        return bytes[0] == '{' ? jsonIn.read(bytes) : msgpackIn.read(bytes);
    }
}
