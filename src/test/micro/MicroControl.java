import fish.payara.micro.PayaraMicro;
import fish.payara.micro.PayaraMicroRuntime;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One Payara Micro 6 (clustering off) in this JVM, driven over stdin, for the redeploy test
 * (dev.sio.it.RedeployIT): the WAR can be deployed and undeployed on one running server, and
 * the threads counted from inside it. Run in source-file mode with only payara-micro.jar on the
 * class path (nothing of the test's class path leaks into the server):
 * {@code java -cp payara-micro.jar MicroControl.java <port> <rootDir>}. Commands, one per line,
 * each answered by one line starting with "ok " or "error ":
 * {@code deploy <name> <war>} (context root /name), {@code undeploy <name>}, {@code apps},
 * {@code threads <prefix>} (count, then names), {@code instances <class>} (how many loaded classes
 * of that name have live instances, and how many instances), {@code gc}, {@code quit}.
 */
public class MicroControl {
    public static void main(String[] args) throws Exception {
        PayaraMicro micro = PayaraMicro.getInstance()
                .setNoCluster(true)
                .setHttpPort(Integer.parseInt(args[0]))
                .setRootDir(new File(args[1]));
        micro.setNoHazelcast(true); // no data grid at all: no port 6900, nothing shared with other instances
        PayaraMicroRuntime runtime = micro.bootStrap();
        System.out.println("ok ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split(" ");
            try {
                switch (cmd[0]) {
                    case "deploy" -> System.out.println("ok " + runtime.deploy(cmd[1], "/" + cmd[1], new File(cmd[2])));
                    case "undeploy" -> {
                        runtime.undeploy(cmd[1]);
                        System.out.println("ok undeployed");
                    }
                    case "apps" -> System.out.println("ok " + runtime.getDeployedApplicationNames());
                    case "threads" -> {
                        List<String> names = Thread.getAllStackTraces().keySet().stream()
                                .filter(t -> t.isAlive() && t.getName().startsWith(cmd[1]))
                                .map(Thread::getName).sorted().collect(Collectors.toList());
                        System.out.println("ok " + names.size() + " " + String.join(",", names));
                    }
                    case "instances" -> {
                        // the live-object histogram (after a full GC): one row per loaded class with
                        // instances, so a class of an undeployed WAR whose loader is still pinned shows twice
                        String histogram = (String) java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                                "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
                        long rows = 0, total = 0;
                        for (String row : histogram.split("\n")) {
                            String[] f = row.trim().split("\\s+");
                            if (f.length >= 4 && f[0].endsWith(":") && f[3].equals(cmd[1])) {
                                rows++;
                                total += Long.parseLong(f[1]);
                            }
                        }
                        System.out.println("ok " + rows + " " + total);
                    }
                    case "gc" -> {
                        System.gc();
                        System.out.println("ok gc");
                    }
                    case "quit" -> {
                        System.out.println("ok bye");
                        runtime.shutdown();
                        System.exit(0);
                    }
                    default -> System.out.println("error unknown command " + cmd[0]);
                }
            } catch (Exception e) {
                System.out.println("error " + e.toString().replace('\n', ' '));
            }
            System.out.flush();
        }
        runtime.shutdown();
        System.exit(0);
    }
}
