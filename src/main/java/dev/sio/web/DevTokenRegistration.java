package dev.sio.web;

import dev.sio.cdi.SocketIoRuntime;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Adds the development token endpoint when, and only when, {@code socketio.auth.dev-mode} is true.
 * In the default setting nothing of it exists: no servlet, no key pair.
 */
@WebListener
public class DevTokenRegistration implements ServletContextListener {

    private static final Logger LOG = System.getLogger(DevTokenRegistration.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        SocketIoRuntime.current().devTokenIssuer().ifPresent(issuer -> {
            ServletRegistration.Dynamic servlet = event.getServletContext().addServlet("dev-token", new DevTokenServlet(issuer));
            servlet.addMapping(DevTokenServlet.PATH);
            LOG.log(Level.WARNING, "Development token endpoint at {0}{1}: anyone who can reach it gets a valid token",
                    event.getServletContext().getContextPath(), DevTokenServlet.PATH);
        });
    }
}
