// Bounded waiting primitives. Nothing in the suite waits without a timeout.
import { WAIT } from "./config.mjs";
import { stateOf } from "./diag.mjs";

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Rejects with a descriptive error if `promise` doesn't settle within `ms`.
 * `context()` may add state (e.g. the connection's fate) to the message.
 */
export function withTimeout(promise, ms, what, context = () => "") {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout after ${ms}ms waiting for ${what}${context()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Next `event` on an emitter (socket.io-client Socket/Manager or Node EventEmitter).
 * Resolves with the event's arguments as an array.
 */
export function nextEvent(emitter, event, ms = WAIT) {
  let handler;
  const p = new Promise((resolve) => {
    handler = (...args) => resolve(args);
    emitter.once(event, handler);
  });
  return withTimeout(p, ms, `event "${event}"`, () => stateOf(emitter)).finally(() => emitter.off(event, handler));
}

/**
 * Records every application event a socket.io-client socket receives, in order,
 * so that tests can wait for one and also prove that another did NOT arrive
 * before a later sentinel.
 */
export class Inbox {
  constructor(socket) {
    this.socket = socket;
    this.events = []; // {event, args, ack}: args without the ack callback, if the server asked for one
    this.waiters = new Set();
    socket.onAny((event, ...args) => {
      const ack = typeof args[args.length - 1] === "function" ? args.pop() : undefined;
      const e = { event, args, ack };
      this.events.push(e);
      for (const w of this.waiters) w(e);
    });
  }

  /** Received events named `event` (optionally filtered). */
  all(event, where = () => true) {
    return this.events.filter((e) => e.event === event && where(...e.args));
  }

  /** Waits (bounded) for the first event named `event` matching `where`; resolves with its args. */
  waitFor(event, { where = () => true, timeout = WAIT } = {}) {
    const found = this.events.find((e) => e.event === event && where(...e.args));
    if (found) return Promise.resolve(found.args);
    let waiter;
    const p = new Promise((resolve) => {
      waiter = (e) => {
        if (e.event === event && where(...e.args)) resolve(e.args);
      };
      this.waiters.add(waiter);
    });
    return withTimeout(p, timeout, `event "${event}"`, () => stateOf(this.socket)).finally(() =>
      this.waiters.delete(waiter),
    );
  }

  /** Waits until `n` events named `event` arrived; resolves with the list of their args. */
  async waitForCount(event, n, { timeout = WAIT } = {}) {
    const deadline = Date.now() + timeout;
    let waiter;
    const p = new Promise((resolve) => {
      const check = () => {
        const got = this.all(event);
        if (got.length >= n) resolve(got.map((e) => e.args));
      };
      waiter = check;
      this.waiters.add(waiter);
      check();
    });
    return withTimeout(p, Math.max(0, deadline - Date.now()), `${n} x event "${event}"`, () =>
      `${stateOf(this.socket)} (got ${this.all(event).length})`,
    ).finally(() =>
      this.waiters.delete(waiter),
    );
  }

  clear() {
    this.events.length = 0;
  }
}

/**
 * Emits `event` with `args` and an ack callback; resolves with ALL ack arguments
 * (as an array), rejects if the server doesn't acknowledge within `ms`.
 */
export function ackAll(socket, event, args = [], ms = WAIT) {
  return new Promise((resolve, reject) => {
    socket.timeout(ms).emit(event, ...args, (err, ...response) => {
      if (err) reject(new Error(`no ack for "${event}" within ${ms}ms${stateOf(socket)}`));
      else resolve(response);
    });
  });
}

/** Bounded polling: resolves when `fn()` returns a truthy value (or resolves to one). */
export async function eventually(fn, { timeout = WAIT, interval = 25, what = "condition" } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (let i = 0; Date.now() < deadline && i < 10_000; i++) {
    last = await fn();
    if (last) return last;
    await sleep(interval);
  }
  throw new Error(`timeout after ${timeout}ms waiting for ${what} (last value: ${JSON.stringify(last)})`);
}
