// The chat page: a person's client for the /chat namespace. Plain JS, no build step.
//
// Query parameters (all optional): name, room (prefill the forms) and token (a JWT to connect with;
// it is removed from the address bar once read).
//
// Server contract (README "The chat gateway"): `message` (any args) goes to everyone in /chat;
// `joinRoom`/`leaveRoom` (room) notify the others with `userJoined`/`userLeft` {user, room};
// `roomMessage` {room, message} reaches the room as `message` {id, room, user, message, ts}; each is
// acknowledged {ok: true, ...} or {ok: false, error}. `user` is a string (the socket id) on a server
// without authentication, or {id, name} once the server verifies tokens: both are handled here.
// With the store (docs/persistence.md): `history` {room, limit} is shown when a room is joined, and
// `privateMessage` {to, message} (typed as "/msg <user id> <text>") reaches every socket of a user,
// kept until acknowledged when the user is offline (shown with an "offline" badge).
(() => {
  "use strict";

  const NAMESPACE = "/chat";
  const ACK_TIMEOUT = 5000;
  const MAX_LOG_ENTRIES = 500;
  // The page lives at <context>/ or <context>/index.html: everything else is relative to that folder.
  const BASE_PATH = location.pathname.replace(/[^/]*$/, "");
  const SOCKET_IO_PATH = BASE_PATH + "socket.io/";

  const $ = (id) => document.getElementById(id);
  const ui = {
    connection: $("connection"), state: $("state"), transport: $("transport"),
    loginForm: $("login-form"), name: $("name"), token: $("token"),
    connect: $("connect"), disconnect: $("disconnect"), identity: $("identity"),
    joinForm: $("join-form"), room: $("room"), join: $("join"), rooms: $("rooms"),
    log: $("log"), sendForm: $("send-form"), target: $("target"), text: $("text"), send: $("send"),
  };

  let socket = null;
  let tokenSubject = null; // the `sub` of the token in use (read, not verified: only to mark own messages)
  const joined = new Set(); // rooms this page is in; joined again after a reconnection
  const HISTORY_LIMIT = 50;
  // ids of room and private messages shown: history, redelivery and live delivery may overlap
  const shown = new Set();
  let connectedAt = 0; // when the current connection was made: private messages from before came while offline

  // ---- query parameters -------------------------------------------------------------------------
  const params = new URLSearchParams(location.search);
  if (params.get("name")) ui.name.value = params.get("name");
  if (params.get("room")) ui.room.value = params.get("room");
  if (params.has("token")) {
    ui.token.value = params.get("token") || "";
    params.delete("token"); // keep it out of the history and of anything copied from the address bar
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  // ---- rendering ---------------------------------------------------------------------------------
  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

  /** A user as the server sends it: a string (socket id) now, {id, name} with authentication. */
  function userName(user) {
    if (typeof user === "string") return user;
    if (isObject(user)) return String(user.name ?? user.id ?? "?");
    return String(user);
  }

  function isMe(user) {
    if (!socket) return false;
    if (typeof user === "string") return user === socket.id;
    return isObject(user) && tokenSubject !== null && user.id === tokenSubject;
  }

  /** Any event argument as text; binary parts are shown by size. */
  function show(value) {
    if (typeof value === "string") return value;
    const binary = (v) => (v instanceof ArrayBuffer ? `[${v.byteLength} bytes]`
      : ArrayBuffer.isView(v) ? `[${v.byteLength} bytes]` : v);
    if (binary(value) !== value) return binary(value);
    try {
      return JSON.stringify(value, (_k, v) => binary(v)) ?? String(value);
    } catch {
      return String(value);
    }
  }

  /** True the first time an id is seen (ids from the server are unique); ids are forgotten in bulk, bounded. */
  function firstSight(id) {
    if (typeof id !== "string") return true;
    if (shown.has(id)) return false;
    if (shown.size >= 5000) shown.clear();
    shown.add(id);
    return true;
  }

  /** Adds a line to the log. Text only (textContent): nothing received is ever parsed as HTML. */
  function addEntry(kind, who, text, { me = false, title = "", at = null, badge = "" } = {}) {
    const li = document.createElement("li");
    li.className = `entry ${kind}${me ? " me" : ""}`;
    const time = document.createElement("time");
    const now = typeof at === "number" ? new Date(at) : new Date();
    time.dateTime = now.toISOString();
    time.textContent = now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    li.append(time);
    if (who !== null) {
      const span = document.createElement("span");
      span.className = "who";
      span.textContent = who;
      if (title) span.title = title;
      li.append(span);
    }
    const body = document.createElement("span");
    body.className = "text";
    body.textContent = text;
    li.append(body);
    if (badge) {
      const mark = document.createElement("span");
      mark.className = "badge";
      mark.textContent = badge;
      li.append(mark);
    }
    const atBottom = ui.log.scrollHeight - ui.log.scrollTop - ui.log.clientHeight < 40;
    ui.log.append(li);
    while (ui.log.childElementCount > MAX_LOG_ENTRIES) ui.log.firstElementChild.remove();
    if (atBottom) ui.log.scrollTop = ui.log.scrollHeight;
  }

  const notice = (text) => addEntry("notice", null, text);
  const problem = (text) => addEntry("error", null, text);

  function setState(state, text) {
    ui.connection.dataset.state = state;
    ui.state.textContent = text ?? state;
  }

  function setTransport(name) {
    ui.connection.dataset.transport = name || "";
    ui.transport.textContent = name ? `via ${name}` : "";
  }

  function setConnected(connected) {
    ui.join.disabled = !connected;
    ui.text.disabled = !connected;
    ui.send.disabled = !connected;
  }

  function renderRooms() {
    ui.rooms.replaceChildren();
    const selected = ui.target.value;
    ui.target.replaceChildren(new Option("everyone in /chat", ""));
    for (const room of [...joined].sort()) {
      const li = document.createElement("li");
      li.dataset.room = room;
      const name = document.createElement("button");
      name.type = "button";
      name.className = "room-name";
      name.textContent = room;
      name.title = `Send to ${room}`;
      name.addEventListener("click", () => { ui.target.value = room; ui.text.focus(); });
      const leave = document.createElement("button");
      leave.type = "button";
      leave.className = "leave";
      leave.textContent = "Leave";
      leave.setAttribute("aria-label", `Leave ${room}`);
      leave.addEventListener("click", () => leaveRoom(room));
      li.append(name, leave);
      ui.rooms.append(li);
      ui.target.append(new Option(room, room));
    }
    ui.target.value = joined.has(selected) ? selected : "";
  }

  // ---- talking to the server ---------------------------------------------------------------------
  /** Emits with an acknowledgement; the answer when the server answered {ok: true, ...}, else null. */
  async function request(event, payload) {
    if (!socket) return null;
    try {
      const answer = await socket.timeout(ACK_TIMEOUT).emitWithAck(event, payload);
      if (isObject(answer) && answer.ok === true) return answer;
      problem(`${event} refused: ${isObject(answer) && answer.error ? answer.error : show(answer)}`);
    } catch {
      problem(`${event}: no answer from the server within ${ACK_TIMEOUT / 1000} s`);
    }
    return null;
  }

  /** A room message (live or from the history) as a log line, once per id. */
  function showRoomMessage(m, { earlier = false } = {}) {
    if (!firstSight(m.id)) return;
    addEntry(earlier ? "room history" : "room", userName(m.user), show(m.message),
      { me: isMe(m.user), title: show(m.user), at: m.ts, badge: earlier ? `earlier in ${m.room}` : "" });
  }

  /** What was said in a room before; a server without the store answers an error, shown as a notice. */
  async function showHistory(room) {
    if (!socket) return;
    try {
      const answer = await socket.timeout(ACK_TIMEOUT).emitWithAck("history", { room, limit: HISTORY_LIMIT });
      if (isObject(answer) && answer.ok === true && Array.isArray(answer.messages)) {
        for (const m of answer.messages) if (isObject(m)) showRoomMessage(m, { earlier: true });
      } else if (isObject(answer) && answer.error) {
        notice(`no history for ${room}: ${answer.error}`);
      }
    } catch {
      notice(`no history for ${room}: no answer within ${ACK_TIMEOUT / 1000} s`);
    }
  }

  /** "/msg <user id> <text>": a private message; the answer says whether the user got it now. */
  async function sendPrivate(line) {
    const match = /^\/msg\s+(\S+)\s+([\s\S]+)$/.exec(line);
    if (!match) {
      problem("to send a private message: /msg <user id> <text>");
      return null;
    }
    const [, to, message] = match;
    const answer = await request("privateMessage", { to, message });
    if (answer) {
      firstSight(answer.id);
      addEntry("private sent", `you → ${to}`, message,
        { badge: answer.delivered ? "" : "offline: kept until they connect" });
    }
    return answer;
  }

  /** A demo token from the development endpoint; null when the server offers none (404) or fails. */
  async function demoToken(name) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), ACK_TIMEOUT);
    try {
      const response = await fetch(`api/dev/token?user=${encodeURIComponent(name)}`, {
        headers: { Accept: "application/json" }, cache: "no-store", signal: abort.signal,
      });
      if (response.status === 404) return { token: null, note: "this server hands out no demo tokens" };
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        const why = typeof body?.error === "string" ? `: ${body.error}` : "";
        return { token: null, note: `demo token refused (HTTP ${response.status}${why})` };
      }
      const body = await response.json();
      if (typeof body?.token === "string" && body.token) return { token: body.token, note: "demo token from the server" };
      return { token: null, note: "demo token request answered without a token" };
    } catch (e) {
      return { token: null, note: `demo token request failed (${e.name === "AbortError" ? "timeout" : e.message})` };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The token's `sub` claim, read without verification (the server verifies); null if not a JWT. */
  function subjectOf(token) {
    try {
      const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      const json = decodeURIComponent(Array.from(atob(part), (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")).join(""));
      const sub = JSON.parse(json).sub;
      return typeof sub === "string" ? sub : null;
    } catch {
      return null;
    }
  }

  async function connect() {
    if (typeof io !== "function") {
      problem("the Socket.IO client did not load (vendor/socket.io-client/socket.io.min.js)");
      return;
    }
    const name = ui.name.value.trim();
    let token = ui.token.value.trim();
    if (!name && !token) {
      problem("enter a name (or paste a token)");
      ui.name.focus();
      return;
    }
    ui.connect.disabled = true;
    ui.name.disabled = ui.token.disabled = true;
    setState("connecting", "getting a token…");
    let how = "pasted token";
    let auth = token ? { token } : {};
    if (!token) {
      const demo = await demoToken(name);
      token = demo.token ?? "";
      how = demo.token ? demo.note : `${demo.note}: connecting without a token`;
      if (demo.token) {
        // socket.io-client calls this on every (re)connection: a fresh demo token each time after the first
        let first = demo.token;
        auth = (cb) => {
          if (first) { cb({ token: first }); first = null; return; }
          demoToken(name).then((next) => {
            if (next.token) tokenSubject = subjectOf(next.token);
            cb(next.token ? { token: next.token } : {});
          });
        };
      }
    }
    tokenSubject = token ? subjectOf(token) : null;
    ui.identity.textContent = `${name || "(name from the token)"} · ${how}`;
    openSocket(auth);
  }

  /** @param auth socket.io-client's `auth` option: {token}, {} or a callback giving one of them */
  function openSocket(auth) {
    setState("connecting", "connecting…");
    ui.disconnect.disabled = false;
    // A path-only URL: same origin as the page; the path is the namespace.
    socket = io(NAMESPACE, {
      path: SOCKET_IO_PATH,
      auth,
      forceNew: true,
      reconnectionDelayMax: 5000,
    });
    const current = socket;
    // Listeners of a socket this page has given up (Disconnect, refused) stay silent.
    const on = (emitter, event, listener) =>
      emitter.on(event, (...args) => { if (socket === current) listener(...args); });

    // Each (re)opened Engine.IO connection starts on polling and may upgrade to WebSocket.
    on(current.io, "open", () => {
      const engine = current.io.engine;
      setTransport(engine.transport.name);
      on(engine, "upgrade", (transport) => setTransport(transport.name));
    });
    on(current.io, "reconnect_attempt", (attempt) => setState("connecting", `reconnecting (attempt ${attempt})…`));

    on(current, "connect", async () => {
      connectedAt = Date.now();
      setState("connected", "connected");
      setConnected(true);
      notice(`connected to ${NAMESPACE}${typeof current.id === "string" ? ` (socket ${current.id})` : ""}`);
      // A recovered socket (connection state recovery: back within the server's window) still has its
      // rooms and got the messages it missed; a new one has no rooms: join them again.
      if (current.recovered) {
        notice("connection recovered: rooms kept, missed messages delivered");
        return;
      }
      for (const room of [...joined]) {
        if (!(await request("joinRoom", room))) { joined.delete(room); renderRooms(); } else showHistory(room);
      }
    });
    on(current, "connect_error", (err) => {
      setTransport("");
      const detail = err?.data ? ` ${show(err.data)}` : "";
      if (current.active) {
        setState("connecting", `cannot connect (${err.message}), retrying…`);
      } else { // refused by the server (e.g. a missing or rejected token): no retry
        setState("error", `refused: ${err.message}`);
        problem(`the server refused the connection: ${err.message}${detail}`);
        teardown();
      }
    });
    on(current, "disconnect", (reason) => {
      setConnected(false);
      setTransport("");
      notice(`disconnected (${reason})`);
      if (current.active) setState("connecting", `disconnected (${reason}), reconnecting…`);
      else setState("disconnected", `disconnected (${reason})`);
    });

    on(current, "message", (...received) => {
      const args = withoutOffset(current, received);
      const [first] = args;
      if (args.length === 1 && isObject(first) && "user" in first && "message" in first) {
        showRoomMessage(first);
      } else {
        addEntry("broadcast", "everyone", args.map(show).join(" "));
      }
    });
    // Private messages ask for an acknowledgement: answered at once, so the server forgets them; one
    // sent while this user was offline comes on connecting, oldest first, and may come twice (by id: once)
    current.on("privateMessage", (m, ack) => {
      if (typeof ack === "function") ack({ ok: true });
      if (socket !== current || !isObject(m) || !firstSight(m.id)) return;
      const away = typeof m.ts === "number" && m.ts < connectedAt;
      addEntry("private", `${userName(m.from)} → you`, show(m.message),
        { title: show(m.from), at: m.ts, badge: away ? "sent while you were offline" : "" });
    });
    on(current, "userJoined", (n) => notice(`${userName(n?.user)} joined ${n?.room}`));
    on(current, "userLeft", (n) => notice(`${userName(n?.user)} left ${n?.room}`));
  }

  /**
   * With connection state recovery on, the server appends an offset (a string) to every stored event
   * and the client passes it on as a last argument; it is bookkeeping, not part of the message. The
   * client knows recovery is on once the server gave it a private id (`_pid`, set from the CONNECT answer).
   */
  function withoutOffset(sock, args) {
    return sock._pid && args.length > 1 && typeof args[args.length - 1] === "string" ? args.slice(0, -1) : args;
  }

  /** Back to the signed-out form; rooms are forgotten. */
  function teardown() {
    const was = socket;
    socket = null; // first: its listeners go silent
    if (was) was.disconnect();
    joined.clear();
    renderRooms();
    setConnected(false);
    ui.connect.disabled = false;
    ui.disconnect.disabled = true;
    ui.name.disabled = ui.token.disabled = false;
  }

  async function joinRoom(room) {
    if (await request("joinRoom", room)) {
      joined.add(room);
      renderRooms();
      ui.target.value = room;
      notice(`you joined ${room}`);
      await showHistory(room);
    }
  }

  async function leaveRoom(room) {
    if (await request("leaveRoom", room)) {
      joined.delete(room);
      renderRooms();
      notice(`you left ${room}`);
    }
  }

  // ---- forms -------------------------------------------------------------------------------------
  ui.loginForm.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!socket) connect();
  });
  ui.disconnect.addEventListener("click", () => {
    const was = socket;
    teardown();
    if (was) {
      setState("disconnected", "disconnected");
      setTransport("");
      notice("you disconnected");
    }
  });
  ui.joinForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const room = ui.room.value.trim();
    if (room) joinRoom(room);
  });
  ui.sendForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = ui.text.value;
    if (!text.trim() || !socket) return;
    const room = ui.target.value;
    const sent = text.startsWith("/msg") ? await sendPrivate(text.trim())
      : room ? await request("roomMessage", { room, message: text }) : await request("message", text);
    if (sent && ui.text.value === text) ui.text.value = "";
  });

  // For people debugging in the console, and for the browser test.
  window.chatPage = { get socket() { return socket; } };
  if (typeof io !== "function") problem("the Socket.IO client did not load (vendor/socket.io-client/socket.io.min.js)");
})();
