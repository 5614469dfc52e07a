import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createFeed } from '../../main/resources/static/js/feed.js';

/** The browser's WebSocket as the feed uses it: the test opens, answers and closes it by hand. */
class TestSocket {
  static made = [];

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    TestSocket.made.push(this);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close() {
    this.readyState = 3;
    this.onclose?.();
  }

  open() {
    this.readyState = 1;
    this.onopen?.();
  }

  receive(message) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

function feedWith(events, states) {
  TestSocket.made = [];
  const timers = [];
  const feed = createFeed({
    url: () => 'ws://localhost/ui/events',
    WebSocket: TestSocket,
    onEvent: (e) => events.push(e),
    onState: (s) => states.push(s),
    setTimer: (fn, ms) => {
      timers.push({ fn, ms });
      return timers.length;
    },
    clearTimer: () => {},
    now: () => 0,
  });
  return { feed, timers };
}

test('following a call subscribes, resolves on the server\'s answer, and moves to the next call', async () => {
  const { feed } = feedWith([], []);
  feed.connect();
  const socket = TestSocket.made[0];
  assert.equal(await feed.follow('CA1'), false, 'nothing to follow on before the socket is open');
  socket.open();
  const first = feed.follow('CA1');
  assert.deepEqual(socket.sent, [{ subscribe: 'CA1' }]);
  socket.receive({ type: 'subscribed', callSid: 'CA1' });
  assert.equal(await first, true);
  const second = feed.follow('CA2');
  assert.deepEqual(socket.sent.slice(1), [{ unsubscribe: 'CA1' }, { subscribe: 'CA2' }]);
  socket.receive({ type: 'error', callSid: 'CA2', data: { message: 'too many' } });
  assert.equal(await second, false);
});

test('events reach the page; replies and garbage do not', () => {
  const events = [];
  const { feed } = feedWith(events, []);
  feed.connect();
  const socket = TestSocket.made[0];
  socket.open();
  socket.receive({ type: 'hint', callSid: 'CA1', data: {} });
  socket.receive({ type: 'subscribed', callSid: 'CA1' });
  socket.onmessage({ data: 'not json' });
  socket.receive({ no: 'type' });
  assert.deepEqual(events.map((e) => e.type), ['hint']);
});

test('a dropped socket is retried with a growing delay, and the next one says it reconnected', () => {
  const states = [];
  const { feed, timers } = feedWith([], states);
  feed.connect();
  TestSocket.made[0].open();
  TestSocket.made[0].onclose();
  assert.equal(timers.at(-1).ms, 500);
  timers.at(-1).fn();
  TestSocket.made[1].onclose(); // refused
  assert.equal(timers.at(-1).ms, 1000);
  timers.at(-1).fn();
  TestSocket.made[2].open();
  assert.deepEqual(states.filter((s) => s.kind === 'on').map((s) => s.reconnected), [false, true]);
  assert.deepEqual(states.filter((s) => s.kind === 'off').map((s) => s.opened), [true, false]);
});
