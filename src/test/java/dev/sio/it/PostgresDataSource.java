package dev.sio.it;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Test-only: the PostgreSQL datasource of {@link PersistencePostgresIT}, defined by the deployment
 * itself (the driver is in the test WAR's WEB-INF/lib), in a schema of its own so that the test
 * starts from nothing and touches no other tables of the database {@code test}. A listener carries
 * the definition because servers read it from component classes.
 */
@DataSourceDefinition(
        name = PostgresDataSource.JNDI,
        className = "org.postgresql.ds.PGSimpleDataSource",
        serverName = "127.0.0.1",
        portNumber = 5432,
        databaseName = "test",
        user = "postgres",
        password = "",
        properties = {"currentSchema=" + PostgresDataSource.SCHEMA},
        maxPoolSize = 8)
@WebListener
public class PostgresDataSource implements ServletContextListener {

    static final String JNDI = "java:app/jdbc/sio-persistence-it";
    static final String SCHEMA = "sio_persistence_it";
}
