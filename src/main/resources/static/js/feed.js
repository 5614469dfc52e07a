// The live feed, WS /ui/events: one socket at a time, reconnected with backoff, following (subscribed to) at
// most one call. The server sends every call's status to everyone but a call's own events only to sockets that
// sent {"subscribe": "CA…"} (answered "subscribed"). No DOM: the page passes callbacks.

const SUBSCRIBE_TIMEOUT_MS = 5000;
const MAX_BACKOFF_MS = 15_000;

/**
 * @param {object} deps
 * @param {() => string} deps.url the feed URL (it carries the token, which may change)
 * @param {typeof WebSocket} deps.WebSocket
 * @param {(event: object) => void} deps.onEvent every {type, callSid, at, data} event but subscription replies
 * @param {(state: {kind: 'on'|'retry'|'off', reconnected?: boolean, opened?: boolean}) => void} deps.onState
 */
export function createFeed({ url, WebSocket, onEvent, onState, setTimer = setTimeout, clearTimer = clearTimeout,
  now = Date.now }) {
  let ws = null;
  let attempts = 0;
  let everOpen = false;
  let retryAt = 0;
  let timer = null;
  let following = null; // {sid, ws, confirmed, confirm}

  function connect() {
    clearTimer(timer);
    timer = null;
    // Never two sockets at once: every event would be shown twice.
    const old = ws;
    ws = null;
    if (old) old.close();
    let socket;
    try {
      socket = new WebSocket(url());
    }
    catch {
      scheduleReconnect();
      return;
    }
    ws = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      const reconnected = everOpen;
      everOpen = true;
      attempts = 0;
      onState({ kind: 'on', reconnected });
    };
    socket.onmessage = (message) => {
      if (ws !== socket) return;
      let event;
      try {
        event = JSON.parse(message.data);
      }
      catch {
        return;
      }
      if (!event || typeof event.type !== 'string') return;
      if (event.type === 'subscribed' || event.type === 'unsubscribed' || event.type === 'error') onReply(socket, event);
      else onEvent(event);
    };
    socket.onclose = () => {
      unfollow(socket);
      if (ws !== socket) return; // replaced on purpose (a new token)
      ws = null;
      onState({ kind: 'off', opened });
      scheduleReconnect();
    };
    socket.onerror = () => { /* onclose follows and retries */ };
  }

  function scheduleReconnect() {
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts);
    attempts += 1;
    retryAt = now() + delay;
    timer = setTimer(connect, delay);
    onState({ kind: 'retry' });
  }

  /**
   * Subscribes to {@code sid} (and unsubscribes the call followed before). Resolves true once the server
   * confirmed, false when there is no open socket (the next one follows again: see the page's resync), the server
   * refused, or it did not answer in time.
   */
  function follow(sid) {
    const socket = ws;
    if (!socket || socket.readyState !== 1 /* OPEN */) return Promise.resolve(false);
    const current = following;
    if (current && current.ws === socket && current.sid === sid) return current.confirmed;
    if (current && current.ws === socket) send(socket, { unsubscribe: current.sid });
    if (current) current.confirm(false);
    let resolve;
    const confirmed = new Promise((r) => {
      resolve = r;
    });
    const giveUp = setTimer(() => resolve(false), SUBSCRIBE_TIMEOUT_MS);
    following = { sid, ws: socket, confirmed, confirm: (ok) => {
      clearTimer(giveUp);
      resolve(ok);
    } };
    send(socket, { subscribe: sid });
    return confirmed;
  }

  function unfollow(socket) {
    if (!following || following.ws !== socket) return;
    const current = following;
    following = null;
    current.confirm(false);
  }

  function onReply(socket, reply) {
    const mine = following && following.ws === socket && following.sid === reply.callSid;
    if (reply.type === 'subscribed' && mine) following.confirm(true);
    if (reply.type === 'error') {
      console.warn('TalkHint live feed refused a request:', reply.data && reply.data.message);
      if (mine) following.confirm(false);
    }
  }

  function send(socket, message) {
    try {
      socket.send(JSON.stringify(message));
    }
    catch { /* closing: onclose follows and the next socket follows again */ }
  }

  return {
    connect,
    /** Starts over at once (a new token): the backoff is reset. */
    reconnect() {
      attempts = 0;
      connect();
    },
    follow,
    /** Whether a socket is open or being retried (a refused one is retried too). */
    get active() {
      return ws != null || timer != null;
    },
    get open() {
      return ws != null && ws.readyState === 1;
    },
    /** Seconds until the next attempt, or null when connected or connecting. */
    retryInSeconds() {
      if (ws || !timer) return null;
      return Math.max(0, Math.ceil((retryAt - now()) / 1000));
    },
    following: () => (following ? following.sid : null),
  };
}
