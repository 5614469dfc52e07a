// The HTTP side of the page: every request carries the API token when one is needed (a 401 asks for it once,
// through the askToken callback, and retries), and answers are read as JSON with the server's {error} message.

/** sessionStorage key of the API token; the playbook page uses the same one. */
export const TOKEN_KEY = 'talkhint.apiToken';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }

  /** The endpoint is not on this server (an older TalkHint): 404, or 405 for a path only some methods serve. */
  get missing() {
    return this.status === 404 || this.status === 405;
  }
}

/**
 * @param {object} deps
 * @param {Storage} deps.storage where the token is kept (sessionStorage: this tab only)
 * @param {Function} deps.fetch the browser's fetch
 * @param {(message: string) => Promise<boolean>} deps.askToken asks the user for the token; true when one was entered
 */
export function createApi({ storage, fetch, askToken }) {
  let token = storage.getItem(TOKEN_KEY) || '';

  async function request(path, options = {}) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
      const sent = token;
      if (sent) headers.Authorization = `Bearer ${sent}`;
      let response;
      try {
        response = await fetch(path, Object.assign({}, options, { headers }));
      }
      catch (err) {
        throw new ApiError(0, `Cannot reach the TalkHint server (${path}): ${err.message}`);
      }
      if (response.status !== 401) return response;
      // The page sends several requests at once. One that was sent before the user entered a new token answers 401
      // after it: that rejects the old token, not the new one, so retry with the new one and keep it.
      if (token !== sent) continue;
      const rejected = sent !== '';
      if (rejected) setToken('');
      const entered = await askToken(rejected
        ? 'The server rejected the API token (401 Unauthorized). Enter the value of TALKHINT_API_TOKEN.'
        : 'This TalkHint server requires an API token (401 Unauthorized). Enter the value of TALKHINT_API_TOKEN.');
      if (!entered) break;
    }
    throw new ApiError(401, 'Not authorised (401): this server needs its API token (TALKHINT_API_TOKEN). '
      + 'Press Call or reload the page to enter it.');
  }

  /** The request's JSON body; a non-2xx answer throws an ApiError with the server's message. */
  async function json(path, options = {}) {
    const response = await request(path, options);
    const body = await readJson(response);
    if (!response.ok) {
      throw new ApiError(response.status, body.error || body.message
        || `${options.method || 'GET'} ${path} answered ${response.status}`);
    }
    return body;
  }

  function send(method, path, body) {
    return json(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  }

  function setToken(value) {
    token = value;
    if (value) storage.setItem(TOKEN_KEY, value);
    else storage.removeItem(TOKEN_KEY);
  }

  return {
    get token() {
      return token;
    },
    setToken,
    request,
    config: () => json('/api/config'),
    calls: async () => {
      const body = await json('/api/calls');
      return Array.isArray(body) ? body : (Array.isArray(body.calls) ? body.calls : []);
    },
    call: (sid) => json(`/api/calls/${encodeURIComponent(sid)}`),
    startCall: (body) => send('POST', '/start-call', body),
    /** POST /api/feedback {callSid, hintId, verdict, text, atMs} → the stored item {id, …}. */
    sendFeedback: (item) => send('POST', '/api/feedback', item),
    /** DELETE /api/feedback/{id}: undo. */
    undoFeedback: async (id) => {
      const response = await request(`/api/feedback/${encodeURIComponent(id)}`, { method: 'DELETE' });
      if (!response.ok) {
        const body = await readJson(response);
        throw new ApiError(response.status, body.error || `DELETE /api/feedback answered ${response.status}`);
      }
    },
    /** POST /api/setup/check → {ok, checks: [{id, title, status, detail, fix}]}. */
    checkSetup: () => send('POST', '/api/setup/check', {}),
    /** The live feed's URL; browsers cannot set headers on a WebSocket handshake, so the token is a parameter. */
    eventsUrl(location) {
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      const query = token ? `?access_token=${encodeURIComponent(token)}` : '';
      return `${scheme}//${location.host}/ui/events${query}`;
    },
  };
}

export async function readJson(response) {
  const text = await response.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  }
  catch {
    return { error: text.length > 300 ? `${text.slice(0, 299)}…` : text };
  }
}
