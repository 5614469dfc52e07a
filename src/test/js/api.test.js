import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createApi, TOKEN_KEY } from '../../main/resources/static/js/api.js';

/** sessionStorage's methods over a Map. */
function memoryStorage() {
  const items = new Map();
  return {
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    setItem: (k, v) => items.set(k, String(v)),
    removeItem: (k) => items.delete(k),
  };
}

/** A server that accepts only `good`; each answer waits until the test releases it, in the order the test chooses. */
function slowServer(good) {
  const pending = [];
  const fetch = (path, options) => new Promise((resolve) => {
    const auth = options.headers.Authorization || '';
    pending.push({ path, auth, answer: () => resolve(new Response(auth === `Bearer ${good}` ? '{}' : '', {
      status: auth === `Bearer ${good}` ? 200 : 401,
    })) });
  });
  return { fetch, pending };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The api over `storage` and a slow server that accepts only 'right'; `answer(api)` is what the user does when asked. */
function apiWithSlowServer(storage, answer) {
  const server = slowServer('right');
  const asked = [];
  const api = createApi({
    storage,
    fetch: server.fetch,
    askToken: async (message) => {
      asked.push(message);
      return answer(api);
    },
  });
  return { api, server, asked };
}

test('a request answered 401 after the user entered a new token keeps the new token and retries with it', async () => {
  const storage = memoryStorage();
  const { api, server, asked } = apiWithSlowServer(storage, (a) => {
    a.setToken('right');
    return true;
  });
  // two requests in flight without a token, as the page sends /api/config and /api/calls at start
  const first = api.request('/api/config');
  const second = api.request('/api/calls');
  await tick();
  server.pending.shift().answer(); // the first is refused: the user is asked and enters the right token
  await tick();
  server.pending.shift().answer(); // the second, sent before the token existed, is refused after it was entered
  await tick();
  while (server.pending.length) {
    server.pending.shift().answer();
    await tick();
  }
  assert.equal((await first).status, 200);
  assert.equal((await second).status, 200);
  assert.equal(storage.getItem(TOKEN_KEY), 'right');
  assert.equal(asked.length, 1, 'the user is asked once, not again for the late answer');
});

test('a token the server rejects is forgotten and the user is told so', async () => {
  const storage = memoryStorage();
  storage.setItem(TOKEN_KEY, 'stale');
  const { api, server, asked } = apiWithSlowServer(storage, () => false);
  const call = api.request('/api/calls');
  await tick();
  server.pending.shift().answer();
  await assert.rejects(call, /Not authorised \(401\)/);
  assert.equal(storage.getItem(TOKEN_KEY), null);
  assert.match(asked[0], /rejected the API token/);
});
