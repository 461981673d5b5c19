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

/**
 * CPU ticks of a process's threads by kind, from /proc/<pid>/task/<tid>/{comm,stat}: the JIT compiler
 * threads ("C1/C2 CompilerThre"), the garbage collector's ("GC Thread", "G1 ...", "VM Thread") and
 * any whose name starts with one of `named` (a JVM gives its native threads the first 15 characters
 * of the Java name). A map tid -> { kind, ticks }; see threadTicksDelta.
 */
export function threadTicks(pid, named = {}) {
  const out = new Map();
  let tids = [];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const comm = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
      let kind = null;
      if (/^C[12] CompilerThre/.test(comm)) kind = "jit";
      else if (/^(GC Thread|G1 |VM Thread)/.test(comm)) kind = "gc";
      else for (const [k, prefix] of Object.entries(named)) if (comm.startsWith(prefix)) kind = k;
      if (!kind) continue;
      const s = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
      out.set(tid, { kind, ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * Ticks per kind between two threadTicks samples. A thread that ended in between counts nothing (its
 * ticks are then in the process's total only), so a kind's share is never overstated.
 */
export function threadTicksDelta(before, after) {
  const sum = {};
  for (const [tid, a] of after) {
    const b = before.get(tid);
    sum[a.kind] = (sum[a.kind] || 0) + a.ticks - (b ? b.ticks : 0);
  }
  return sum;
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
