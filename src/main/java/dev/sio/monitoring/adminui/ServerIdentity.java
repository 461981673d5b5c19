package dev.sio.monitoring.adminui;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who sends the stats: the UI lists servers by {@code serverId}. Node's default is the host name;
 * ours adds the process id ({@code host#pid}, Node's form for cluster workers), so that two servers
 * on one host, or a Java server beside Node ones, never share a line.
 */
record ServerIdentity(String serverId, String hostname, long pid) {

    static ServerIdentity ofThisProcess() {
        String host = localHostName();
        long pid = ProcessHandle.current().pid();
        return new ServerIdentity(host + "#" + pid, host, pid);
    }

    private static String localHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
