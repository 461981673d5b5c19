/**
 * The server and its namespaces as JMX MXBeans (open types only, so JConsole, VisualVM and Payara
 * Server's JMX monitoring service show them without our classes): counts and settings, and a few
 * operator actions. One MBean for the server and one per namespace; never one per socket.
 */
package dev.sio.monitoring.jmx;
