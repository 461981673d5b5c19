/**
 * What operators look at: the heartbeat timer's health, readiness conditions and the JMX view of
 * the server. Plain Java (JDK and {@code java.management} only); the {@code cdi} package adapts it
 * to MicroProfile Health and registers it at start.
 */
package dev.sio.monitoring;
