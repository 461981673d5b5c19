// Connection state recovery across two of our nodes on one Redis, with the stock client behind a
// failover TCP proxy (what a load balancer does when a node dies):
//   node cluster/cross-node-recovery.mjs <urlA> <urlB> <pidA> <messages>
// The client connects through the proxy to node A and joins a room; a second client on node B sends
// one message (the client's last offset), then node A is killed (SIGKILL), the proxy turns to B, B
// sends <messages> more while the client is away, and the stock client reconnects by itself (to B).
// Prints one JSON line: what the client saw. The Java side (CrossNodeRecoveryIT) asserts on it.
import net from "node:net";
import { io } from "socket.io-client";
import { mintToken } from "../lib/tokens.mjs";

const [urlA, urlB, pidA, count] = process.argv.slice(2);
const messages = Number(count);
let stage = "start";
// generous: the two Payara nodes may be slow to serve their first connections on a loaded machine
const deadline = setTimeout(() => fail(`timed out at: ${stage}`), 120_000);

function fail(why) {
  console.log(JSON.stringify({ error: why }));
  process.exit(2);
}
// an acknowledgement refused (its socket disconnected, or it timed out) says where it happened
process.on("unhandledRejection", (error) => fail(`at ${stage}: ${error?.message ?? error}`));

// the proxy: new TCP connections go to the current target
let target = new URL(urlA);
const proxy = net.createServer((inbound) => {
  const outbound = net.connect(Number(target.port), "127.0.0.1");
  inbound.pipe(outbound).pipe(inbound);
  const close = () => { inbound.destroy(); outbound.destroy(); };
  inbound.on("error", close); outbound.on("error", close);
  inbound.on("close", close); outbound.on("close", close);
});
await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
const viaProxy = `http://127.0.0.1:${proxy.address().port}`;

const once = (socket, event) => new Promise((resolve) => socket.once(event, (...args) => resolve(args)));
const ack = (socket, event, arg) => socket.timeout(5000).emitWithAck(event, arg);

const client = io(viaProxy + "/recovery", {
  transports: ["websocket"], forceNew: true, auth: { token: mintToken("traveller") },
  reconnectionDelay: 200, reconnectionDelayMax: 500, randomizationFactor: 0,
});
const received = [];
client.on("msg", (seq) => received.push(seq));
stage = "connect to A";
const [welcomeA] = await once(client, "welcome");
await ack(client, "join", "room1");

const sender = io(urlB + "/recovery", { transports: ["websocket"], forceNew: true, auth: { token: mintToken("sender") } });
stage = "sender connects to B";
await once(sender, "welcome");
await ack(sender, "send", { room: "room1", seq: 0 });
for (let i = 0; received.length < 1 && i < 100; i++) await new Promise((r) => setTimeout(r, 50));
if (received.length < 1) fail("message 0 never arrived through node A");

// node A dies; the load balancer sends new connections to B
target = new URL(urlB);
const gone = once(client, "disconnect");
// listening before the sends: the client may well be back (by itself) while B is still sending
const back = once(client, "welcome");
stage = "kill A";
process.kill(Number(pidA), "SIGKILL");
const [reason] = await gone;
stage = "B sends while the client is away";
for (let seq = 1; seq <= messages; seq++) await ack(sender, "send", { room: "room1", seq });

// the stock client reconnects by itself, now to B
stage = "reconnect to B";
const [welcomeB] = await back;
const recovered = client.recovered;
// a message after recovery reaches the room: the rooms were kept
await ack(sender, "send", { room: "room1", seq: messages + 1 });
for (let i = 0; received.length < messages + 2 && i < 100; i++) await new Promise((r) => setTimeout(r, 50));
stage = "rooms";
const rooms = await ack(client, "rooms");

clearTimeout(deadline);
console.log(JSON.stringify({ reason, recovered, idA: welcomeA.sid, idB: welcomeB.sid, clientId: client.id,
  welcomeRecovered: welcomeB.recovered, received, rooms }));
client.close(); sender.close(); proxy.close();
process.exit(0);
