package dev.sio.web;

import dev.sio.cdi.SocketIoRuntime;
import dev.sio.engineio.container.TyrusSchedulerSwap;
import dev.sio.engineio.polling.PollingServlet;
import dev.sio.engineio.server.TransportSettings;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Hands the transports their settings at start, so that none reads MicroProfile Config itself: the
 * polling servlet finds them in a servlet context attribute (every listener runs before any servlet
 * is initialized), and the Tyrus scheduler swap, which must happen before any connection, is made
 * here with its switch. The WebSocket transport takes its settings from the engine it serves.
 */
@WebListener
public class TransportSetup implements ServletContextListener {

    private TyrusSchedulerSwap swap;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        TransportSettings settings = CDI.current().select(SocketIoRuntime.class).get().transportSettings();
        event.getServletContext().setAttribute(PollingServlet.SETTINGS_ATTRIBUTE, settings);
        swap = new TyrusSchedulerSwap(settings.plainScheduler());
        swap.contextInitialized(event);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (swap != null) swap.contextDestroyed(event);
    }
}
