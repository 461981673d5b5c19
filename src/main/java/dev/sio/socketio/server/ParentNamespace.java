package dev.sio.socketio.server;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A dynamic namespace (Node's {@code io.of(/^\/tenant-\w+$/)}): every namespace whose name it
 * matches is created on its first CONNECT (or first server-side use) as a real namespace of its own,
 * with its own sockets and rooms, and set up by this parent's {@link #onChild child set-ups} before
 * any socket can join it. A broadcast on the parent reaches every child.
 *
 * <p>Children stay until the server stops, as with Node's default; a client can make the server
 * create at most {@link #maxChildren()} of them (beyond that its CONNECT is refused with
 * "Invalid namespace"), so names a client invents cannot grow memory without bound.
 */
public final class ParentNamespace {

    private static final Logger LOG = System.getLogger(ParentNamespace.class.getName());

    /** Children a parent takes at most unless told otherwise ({@code socketio.dynamic-namespaces.max-children}). */
    public static final int DEFAULT_MAX_CHILDREN = 1_000;

    private final String description;
    private final Predicate<String> matcher;
    private final List<Consumer<Namespace>> setUps = new CopyOnWriteArrayList<>();
    private final Map<String, Namespace> children = new ConcurrentHashMap<>();
    private volatile int maxChildren = DEFAULT_MAX_CHILDREN;
    private final AtomicBoolean fullLogged = new AtomicBoolean();

    ParentNamespace(String description, Predicate<String> matcher) {
        this.description = Objects.requireNonNull(description);
        this.matcher = Objects.requireNonNull(matcher);
    }

    /** The pattern or the description it was made with, for log lines and monitoring. */
    public String description() {
        return description;
    }

    /** Whether a namespace of this name belongs to this parent. */
    public boolean matches(String name) {
        return matcher.test(name);
    }

    /**
     * Sets up each child (handlers, middlewares, connection listeners) before any socket joins it;
     * children that exist already are set up at once. Set-ups run while the child is created and must
     * not create namespaces themselves.
     */
    public ParentNamespace onChild(Consumer<Namespace> setUp) {
        setUps.add(setUp);
        children.values().forEach(setUp);
        return this;
    }

    public ParentNamespace maxChildren(int max) {
        if (max < 1) throw new IllegalArgumentException("maxChildren must be at least 1: " + max);
        this.maxChildren = max;
        return this;
    }

    public int maxChildren() {
        return maxChildren;
    }

    /** The children created so far. */
    public List<Namespace> children() {
        return List.copyOf(children.values());
    }

    /** Emits to every socket of every child. */
    public void emit(String event, Object... args) {
        for (Namespace child : children.values()) child.emit(event, args);
    }

    /** Emits to the sockets in any of the rooms, in every child. */
    public void emitTo(List<String> rooms, String event, Object... args) {
        String[] names = rooms.toArray(String[]::new);
        for (Namespace child : children.values()) child.to(names).emit(event, args);
    }

    /** Whether a client may no longer make a new child; said once in the log, when it first happens. */
    boolean full() {
        if (children.size() < maxChildren) return false;
        if (fullLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "Dynamic namespace {0} has {1} children, its maximum: CONNECTs to new names "
                    + "it matches are refused (Invalid namespace); raise socketio.dynamic-namespaces.max-children "
                    + "if this is expected", description, maxChildren);
        }
        return true;
    }

    /** Called by the server while it creates the child, before the child is visible to clients. */
    void adopt(Namespace child) {
        children.put(child.name(), child);
        for (Consumer<Namespace> setUp : setUps) setUp.accept(child);
    }

    @Override
    public String toString() {
        return "ParentNamespace[" + description + ", " + children.size() + " children]";
    }
}
