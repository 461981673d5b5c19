// THE chat-client fixture: how a chat client is created (URL, auth payload) and how a test
// learns the client's user. The chat gateway admits only holders of a valid token: each client
// mints one for its name (lib/tokens.mjs) and sends it as `auth: { token }`, from the `auth`
// callback, so that a reconnection sends a fresh token. The server's user is then
// `{ id: <sub>, name: <preferred_username> }`.
import { client, waitConnected } from "./sio.mjs";
import { mintToken } from "./tokens.mjs";
import { Inbox } from "./wait.mjs";

export const CHAT_NAMESPACE = "/chat";

/** The subject and display name a chat client named `name` gets (e.g. alice -> "Alice"). */
const subjectOf = (name) => `${name}-${process.pid}`;
const displayNameOf = (name) => name.charAt(0).toUpperCase() + name.slice(1);

/** The `auth` option of a chat client named `name`: a callback that mints a fresh token each time. */
export function chatAuth(name) {
  return (cb) => cb({ token: mintToken(subjectOf(name), { name: displayNameOf(name) }) });
}

/** The user the server attributes the actions of a client named `name` to. */
export function chatUser(name) {
  return { id: subjectOf(name), name: displayNameOf(name) };
}

/**
 * A connected chat client.
 * @returns {Promise<{name: string, user: {id: string, name: string}, socket: import("socket.io-client").Socket, inbox: Inbox}>}
 */
export async function chatClient(name) {
  const socket = client(CHAT_NAMESPACE, { auth: chatAuth(name) });
  const inbox = new Inbox(socket); // records before connect: nothing can be missed
  await waitConnected(socket);
  return { name, user: chatUser(name), socket, inbox };
}
