/**
 * The server side of the Socket.IO Admin UI ({@code @socket.io/admin-ui} 0.5.1): what its Node
 * {@code instrument()} does, on our server's public API only ({@link dev.sio.socketio.server}
 * and the monitoring listeners). The {@code /admin} namespace with basic authentication against a
 * bcrypt hash and session ids, {@code config}, {@code server_stats} every 2 s, the commands
 * (emit, join, leave, _disconnect) and, in development mode, the socket and room events. Plain
 * Java (plus the bcrypt library): the settings are read and the pieces started in {@code cdi}.
 */
package dev.sio.monitoring.adminui;
