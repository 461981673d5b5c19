// `npm run test:reference`: start the reference server on a random free port on
// 127.0.0.1, run the whole suite against it (in a child process, exactly as it is
// run against the Java server), stop the server, exit with the suite's code.
//
// The server verifies tokens with a key pair made here; the suite gets the private half.
// --context-path /x/ (or env CONTEXT_PATH, default "/") serves Socket.IO under
//      /x/socket.io/, to prove the suite copes with a context path like a WAR has.
// SIO_TRANSPORTS is passed through to the suite.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTestAuth } from "./auth.mjs";
import { startReferenceServer } from "./server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const testsDir = join(here, "..", "tests");

const argIdx = process.argv.indexOf("--context-path");
const contextPath = argIdx > 0 ? process.argv[argIdx + 1] : (process.env.CONTEXT_PATH ?? "/");
// A key pair per run, as NodeClientIT makes one: the server trusts the public half, the suite
// signs with the private half (SIO_JWT_* variables, read by lib/tokens.mjs).
const { auth, env: authEnv } = makeTestAuth();
const srv = await startReferenceServer({ port: 0, contextPath, auth, authEnv });
console.error(`# reference server (socket.io 4.8.4) listening, SIO_URL=${srv.url}`);

const child = spawn(
  process.execPath,
  ["--test", "--test-concurrency=1", "--test-reporter=tap", testsDir],
    // the reference's /recovery lives on a second server (recovery is a server-wide option in Node);
  // SIO_REFERENCE marks the run, so the tests where we are deliberately stricter than Node say so
  { stdio: "inherit", env: { ...process.env, ...authEnv, SIO_URL: srv.url, SIO_RECOVERY_URL: srv.recoveryUrl, SIO_REFERENCE: "1" } },
);

const forward = (sig) => () => child.kill(sig);
process.on("SIGINT", forward("SIGINT"));
process.on("SIGTERM", forward("SIGTERM"));

const code = await new Promise((resolve) => {
  child.on("exit", (c, sig) => resolve(c ?? (sig ? 1 : 0)));
});

// Bounded shutdown: never let a stuck close keep the process (and CI) alive.
await Promise.race([srv.close(), new Promise((r) => setTimeout(r, 5000).unref())]);
process.exit(code);
