package dev.sio.cdi;

import dev.sio.engineio.container.ContainerSwitches;
import dev.sio.engineio.container.ContainerWorkarounds;
import dev.sio.engineio.polling.PollingServlet;
import dev.sio.engineio.polling.PollingSettings;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Sets up both transports when the servlet context starts: before any servlet is initialised and
 * before any connection opens, and independent of when CDI's application scope starts. Reads the
 * transports' settings with the others ({@link SocketIoSettings}) and starts the container
 * workarounds; without MicroProfile Config the defaults apply.
 */
@WebListener
public class TransportSetup implements ServletContextListener {

    private static final Logger LOG = System.getLogger(TransportSetup.class.getName());

    private ContainerWorkarounds workarounds;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        PollingSettings polling = PollingSettings.defaults();
        ContainerSwitches switches = ContainerSwitches.allOn();
        try {
            Config config = ConfigProvider.getConfig();
            polling = SocketIoSettings.polling(config);
            switches = SocketIoSettings.containerSwitches(config);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "Transport settings rejected, the defaults apply: {0}", e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.INFO, "No MicroProfile Config for the transports, the defaults apply: {0}", e.toString());
        }
        workarounds = ContainerWorkarounds.start(event.getServletContext(), switches);
        PollingServlet.configure(polling, workarounds.unsentBytesProbe());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (workarounds != null) workarounds.stop();
    }
}
