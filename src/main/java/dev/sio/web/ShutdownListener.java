package dev.sio.web;

import dev.sio.cdi.SocketIoRuntime;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Stops the Socket.IO server gracefully when the application is undeployed or the server stops
 * (see {@code docs/shutdown.md}). A servlet context listener, because {@code contextDestroyed} is
 * called on every server while the application is still whole; it needs no CDI lookup (the
 * runtimes register themselves when they start).
 */
@WebListener
public class ShutdownListener implements ServletContextListener {

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        SocketIoRuntime.stopRunning();
    }
}
