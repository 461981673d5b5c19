package dev.sio.socketio.broadcast;

import dev.sio.socketio.recovery.RecoveryStore;
import dev.sio.socketio.recovery.StoredPacket;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The one seam for everything that spans sockets in a namespace, as Node's socket.io-adapter: the
 * room state (room to sockets, socket to rooms), broadcasts with and without acknowledgement, the
 * operations on the sockets a selection reaches (join, leave, disconnect, fetch), server-side
 * emits and the room list. The server never loops over sockets itself, so a cluster adapter can
 * take over each operation: do its local half, and publish it to the other nodes unless the
 * options say {@code local}.
 *
 * <p>Implementations are thread-safe, take no global lock on the broadcast path, and never block a
 * caller on the network: what involves other nodes answers with a {@link CompletionStage}.
 */
public interface Adapter {

    /** Called once by the namespace, before any other method, with what the adapter may use of it. */
    default void init(AdapterHost host) {
    }

    // ---- local room state ----

    /** Adds the socket to the rooms (the first call registers the socket). */
    void addAll(Recipient socket, Set<String> rooms);

    void del(String socketId, String room);

    /** Removes the socket from every room and forgets it. */
    void delAll(String socketId);

    /** The rooms of a local socket (its own id included); empty when unknown. */
    Set<String> socketRooms(String socketId);

    /** The ids of the local sockets in any of the rooms (every socket when empty). */
    Set<String> sockets(Set<String> rooms);

    /** The names of the local rooms that have members. */
    Set<String> rooms();

    /** The local socket with this id, if it is known here. */
    Recipient socket(String socketId);

    /**
     * Adds a socket that connection state recovery restores to its rooms ({@link #addAll}), and holds
     * back other nodes' stored broadcasts to it until the namespace has sent its CONNECT answer and
     * missed packets ({@link RestoreHold#release}). By default nothing is held: without other nodes,
     * the namespace's recovery lock orders every stored broadcast with the restore.
     */
    default RestoreHold joinRestored(Recipient socket, Set<String> rooms) {
        addAll(socket, rooms);
        return RestoreHold.NONE;
    }

    // ---- operations that span sockets (and nodes) ----

    /**
     * Writes the packet to every socket the options select: locally its frames, encoded once, the
     * same for every recipient; a cluster adapter also publishes the packet unless {@code local}.
     *
     * @return the number of local sockets written to
     */
    int broadcast(OutgoingPacket packet, BroadcastOptions options);

    /**
     * Sends a broadcast that connection state recovery keeps: the store appends it and gives its offset
     * ({@link RecoveryStore#add}), then it goes out with the offset as {@link #broadcast} sends. A
     * cluster adapter whose store is shared may publish it in the same step as the append and serve its
     * own sockets from its subscription, so that every node writes stored broadcasts in the store's
     * order (docs/cluster.md, "two nodes broadcasting at once").
     *
     * @throws StoredBroadcast.NotKept when the store could not keep it; nothing went out then
     */
    default void broadcastStored(StoredBroadcast broadcast, BroadcastOptions options) {
        StoredPacket stored;
        try {
            stored = recovery().add(broadcast.unnumbered());
        } catch (StoredBroadcast.NotKept e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoredBroadcast.NotKept(e);
        }
        broadcast(broadcast.numbered().apply(stored), options);
    }

    /**
     * Broadcasts the packet with an acknowledgement id of the namespace (given by the adapter: the
     * packet comes without one) and reports each node's recipient count and each answer to
     * {@code acks}. The timeout is the caller's; {@code options.timeout()} tells other nodes how
     * long to keep waiting.
     */
    void broadcastWithAck(OutgoingPacket packet, BroadcastOptions options, AckedBroadcast acks);

    /** Makes the selected sockets join the rooms. */
    void addSockets(BroadcastOptions options, Set<String> rooms);

    /** Makes the selected sockets leave the rooms. */
    void delSockets(BroadcastOptions options, Set<String> rooms);

    /** Disconnects the selected sockets; with {@code close}, their whole connections. */
    void disconnectSockets(BroadcastOptions options, boolean close);

    /** The selected sockets, on every node unless {@code local}. */
    CompletionStage<List<SocketSnapshot>> fetchSockets(BroadcastOptions options);

    /**
     * Sends a server-side event (name first, then arguments) to the other nodes' namespaces; never
     * to this node's own handlers. Nothing to do without other nodes.
     */
    void serverSideEmit(Arguments event);

    /**
     * As {@link #serverSideEmit}, and collects each other node's answer: completes when all answered,
     * fails after {@code timeout} (Node gives the answers received so far along). Completes at once
     * with no answers when there is no other node.
     */
    CompletionStage<List<Arguments>> serverSideEmitWithAck(Arguments event, Duration timeout);

    /** The rooms with members on any node. */
    CompletionStage<Set<String>> allRooms();

    /** How many nodes serve this namespace, this one included (1 without a cluster). */
    CompletionStage<Integer> serverCount();

    // ---- lifecycle ----

    /**
     * Where this namespace keeps disconnected sessions and the packets they may miss (connection state
     * recovery); null when the namespace does not recover. Stored broadcasts append to it before they
     * are written, so the store's order is the order every socket received them in.
     */
    default RecoveryStore recovery() {
        return null;
    }

    /**
     * The server is shutting down and every socket has left: release what the adapter holds
     * (connections, subscriptions, threads). Called once, after the sessions were closed; must not
     * block for long. Nothing to do for the in-memory adapter.
     */
    default void close() {
    }
}
