// What the scenario scripts that start their own servers share (bench/cluster.mjs,
// bench/persistence.mjs): CPU time from /proc, a free local port, medians, and stopping every
// server they started when run.sh's time limit ends the script.
import fs from "node:fs";
import net from "node:net";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process so far, in clock ticks (/proc/<pid>/stat, fields 14 and 15). */
export function cpuTicks(pid) {
  const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]);
}

/** A port nobody listens on now, on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    }).on("error", reject);
  });
}

/** The median of the values that are there (the lower middle one of an even count), or null. */
export const median = (xs) => {
  const a = xs.filter((x) => x != null).sort((p, q) => p - q);
  return a.length ? a[Math.floor((a.length - 1) / 2)] : null;
};

/**
 * Kills every process in {@code live} (entries with a {@code child}) on SIGTERM/SIGINT, so that
 * run.sh's time limit leaves no server behind; the set is the script's own, kept up to date by it.
 */
export function killOnSignal(live) {
  for (const sig of ["SIGTERM", "SIGINT"]) {
    process.on(sig, () => {
      for (const entry of live) entry.child.kill("SIGKILL");
      process.exit(2);
    });
  }
}
