package dev.sio.integration.rest;

import dev.sio.cdi.SocketIoRuntime;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Adds {@code POST <context>/api/emit} when the server verifies tokens (without a verifier no caller
 * could be authorized, so the path does not exist) and {@code socketio.mq.rest.enabled} is true.
 */
@WebListener
public class EmitRegistration implements ServletContextListener {

    private static final Logger LOG = System.getLogger(EmitRegistration.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        SocketIoRuntime.current().emitApi().ifPresent(api -> {
            EmitEndpoint endpoint = new EmitEndpoint(api.emitter(), api.verifier(), api.role());
            event.getServletContext().addServlet("socketio-emit", new EmitServlet(endpoint, api.maxBody()))
                    .addMapping(EmitServlet.PATH);
            LOG.log(Level.INFO, "Emit endpoint at POST {0}{1} (role {2})", event.getServletContext().getContextPath(),
                    EmitServlet.PATH, api.role());
        });
    }
}
