package dev.sio.it;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Test-only: a PostgreSQL datasource where nothing listens (port 1 of the loopback), for the chat
 * store's behaviour with its database down ({@link PersistencePostgresIT}).
 */
@DataSourceDefinition(
        name = UnreachableDataSource.JNDI,
        className = "org.postgresql.ds.PGSimpleDataSource",
        serverName = "127.0.0.1",
        portNumber = 1,
        databaseName = "test",
        user = "postgres",
        password = "",
        properties = {"connectTimeout=2", "loginTimeout=2"},
        maxPoolSize = 2)
@WebListener
public class UnreachableDataSource implements ServletContextListener {

    static final String JNDI = "java:app/jdbc/sio-unreachable";
}
