// Looks for lost poll answers: many raw long-polling sessions each connect to a namespace, send an
// event with an acknowledgement and poll until the acknowledgement arrives, several at a time. A
// poll that gets no answer within the timeout while its acknowledgement is due is a lost answer:
// the session id is printed so the server's log can be searched.
//
//   node tools/polling-stress.mjs --url http://127.0.0.1:8080/socket.io/ --nsp /bench \
//        --event joinRoom --arg room --sessions 2000 --concurrency 16 --seconds 300
//
// Bounded in count (--sessions) and time (--seconds); talks to the given URL only.
import http from "node:http";

const opts = {
  url: "http://127.0.0.1:8080/socket.io/",
  nsp: "/bench",
  event: "joinRoom",
  arg: "room",
  sessions: 2000,
  concurrency: 16,
  seconds: 300,
  pollTimeout: 10000,
};
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, "").replace(/-(\w)/g, (_, c) => c.toUpperCase());
  if (!(key in opts)) throw new Error(`unknown option ${process.argv[i]}`);
  opts[key] = typeof opts[key] === "number" ? Number(process.argv[i + 1]) : process.argv[i + 1];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency * 2 });
const deadline = Date.now() + opts.seconds * 1000;

function request(method, query, body, timeout) {
  return new Promise((resolve, reject) => {
    const url = new URL(opts.url);
    url.search = query;
    const req = http.request(url, { method, agent, headers: body ? { "content-type": "text/plain;charset=UTF-8" } : {} }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode, body: data }));
      res.on("error", reject);
    });
    req.setTimeout(timeout, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

async function pollUntil(sid, expected) {
  const seen = [];
  for (let i = 0; i < 20; i++) {
    let r;
    try {
      r = await request("GET", `EIO=4&transport=polling&sid=${sid}`, null, opts.pollTimeout);
    } catch (e) {
      throw new Error(`poll ${e.message} awaiting ${expected}; polled before: ${JSON.stringify(seen)}`);
    }
    if (r.status !== 200) throw new Error(`poll status ${r.status} ${r.body} awaiting ${expected}`);
    seen.push(r.body.slice(0, 120));
    if (r.body.includes(expected)) return;
  }
  throw new Error(`no ${expected} in 20 polls: ${JSON.stringify(seen)}`);
}

async function oneSession(n) {
  const open = await request("GET", "EIO=4&transport=polling", null, opts.pollTimeout);
  const sid = /"sid":"([^"]+)"/.exec(open.body)?.[1];
  if (!sid) throw new Error(`handshake: ${open.status} ${open.body}`);
  try {
    const post = (payload) => request("POST", `EIO=4&transport=polling&sid=${sid}`, payload, opts.pollTimeout);
    let r = await post(`40${opts.nsp},`);
    if (r.body !== "ok") throw new Error(`CONNECT post: ${r.status} ${r.body}`);
    await pollUntil(sid, `40${opts.nsp},`);
    r = await post(`42${opts.nsp},7["${opts.event}","${opts.arg}${n % 10}"]`);
    if (r.body !== "ok") throw new Error(`event post: ${r.status} ${r.body}`);
    await pollUntil(sid, `43${opts.nsp},7`);
    await post("1");
  } catch (e) {
    e.message = `session ${sid}: ${e.message}`;
    throw e;
  }
}

let started = 0, done = 0;
const failures = [];
async function worker() {
  while (started < opts.sessions && Date.now() < deadline) {
    const n = started++;
    try {
      await oneSession(n);
    } catch (e) {
      failures.push(e.message);
      console.log(`FAIL ${e.message}`);
    }
    done++;
  }
}
const t0 = Date.now();
await Promise.all(Array.from({ length: opts.concurrency }, worker));
agent.destroy();
console.log(`${done} sessions in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
