package dev.sio.engineio.container;

import dev.sio.engineio.polling.UnsentBytesProbe;
import dev.sio.engineio.websocket.ContainerHooks;
import dev.sio.engineio.websocket.FrameSender;
import jakarta.servlet.ServletContext;
import jakarta.websocket.Session;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The container-specific workarounds of one deployment, started together before any connection
 * opens: the hooks of the WebSocket transport (Tyrus's direct write and raw frames, the client's
 * address on Tyrus and Undertow, the release of Payara's pooled upgrade request), the plain
 * scheduler for Tyrus's idle checks, and the probe of Grizzly's write queue for the polling
 * transport. Each reaches below the Jakarta APIs by reflection and switches itself off, with one
 * INFO line, where its container is not the one it knows; {@code WebSocketDiagnostics} tells which
 * are in force.
 */
public final class ContainerWorkarounds {

    private static final Logger LOG = System.getLogger(ContainerWorkarounds.class.getName());

    private final TyrusSchedulerSwap schedulerSwap;
    private final UnsentBytesProbe unsentBytesProbe;

    private ContainerWorkarounds(TyrusSchedulerSwap schedulerSwap, UnsentBytesProbe unsentBytesProbe) {
        this.schedulerSwap = schedulerSwap;
        this.unsentBytesProbe = unsentBytesProbe;
    }

    /** Installs the workarounds the switches allow; called once, as the application starts. */
    public static ContainerWorkarounds start(ServletContext context, ContainerSwitches switches) {
        ContainerHooks.install(new Hooks(switches));
        LOG.log(Level.INFO, "WebSocket sends: {0}", switches.directSend()
                ? "Tyrus direct write where available" + (switches.rawFrames() ? ", pre-encoded frames coalesced per connection" : "")
                : "Jakarta WebSocket API");
        TyrusSchedulerSwap swap = switches.plainScheduler() ? TyrusSchedulerSwap.install(context) : null;
        return new ContainerWorkarounds(swap, GrizzlyUnsentBytesProbe.createOrNone());
    }

    /** What the polling transport uses to notice an answer the client does not read (NONE where unknown). */
    public UnsentBytesProbe unsentBytesProbe() {
        return unsentBytesProbe;
    }

    /** At undeploy: back to the portable behaviour, our scheduler's threads stopped. */
    public void stop() {
        ContainerHooks.install(null);
        if (schedulerSwap != null) schedulerSwap.stop();
    }

    /** The WebSocket transport's hooks, each one allowed by its switch. */
    private record Hooks(ContainerSwitches switches) implements ContainerHooks {
        @Override
        public FrameSender senderFor(Session socket) {
            return switches.directSend() ? TyrusFrameSender.tryCreate(socket, switches.rawFrames()) : null;
        }

        @Override
        public String remoteAddress(Session socket) {
            return RemoteAddress.of(socket);
        }

        @Override
        public Object atOpen(Session socket) {
            return switches.releaseUpgradeHandler() ? UpgradeHandlerRelease.remoteOf(socket) : null;
        }

        @Override
        public void afterClose(Object opened, Later later) {
            UpgradeHandlerRelease.afterClose(opened, later);
        }
    }
}
