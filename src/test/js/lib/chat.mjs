// THE chat-client fixture: how a chat client is created (URL, auth payload) and how
// a test learns the client's user. When the chat gateway gets authentication, only
// this module changes (e.g. obtain a token for `name`, put it in `auth`, and read
// the user from wherever the server then exposes it).
import { client, waitConnected } from "./sio.mjs";
import { Inbox } from "./wait.mjs";

export const CHAT_NAMESPACE = "/chat";

/** The `auth` payload a chat client named `name` sends. No authentication yet. */
function chatAuth(_name) {
  return {};
}

/** The user the server attributes this connected client's actions to. For now: the socket id. */
function userOf(socket, _name) {
  return socket.id;
}

/**
 * A connected chat client.
 * @returns {Promise<{name: string, user: string, socket: import("socket.io-client").Socket, inbox: Inbox}>}
 */
export async function chatClient(name) {
  const socket = client(CHAT_NAMESPACE, { auth: chatAuth(name) });
  const inbox = new Inbox(socket); // records before connect: nothing can be missed
  await waitConnected(socket);
  return { name, user: userOf(socket, name), socket, inbox };
}
