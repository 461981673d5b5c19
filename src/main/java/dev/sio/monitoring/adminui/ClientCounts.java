package dev.sio.monitoring.adminui;

/** The server's open connections, as the Engine.IO server knows them (given by {@code cdi}). */
public interface ClientCounts {

    /** Open Engine.IO connections (one per client, whatever its namespaces). */
    int clients();

    /** Of which still on long-polling. */
    int pollingClients();
}
