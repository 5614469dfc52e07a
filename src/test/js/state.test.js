import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  applyEvent, applySnapshot, checklistOf, coachingOf, isExpanded, lineWords, listStatus, newCall, newCallsList,
  quoteFor, rowLabel, setListedCalls, shownHints, statusDetail, statusOf, vocabulary,
} from '../../main/resources/static/js/state.js';
import { CONFIG, event } from './page.js';

const vocab = vocabulary(CONFIG);

function play(call, ...events) {
  for (const e of events) applyEvent(call, e, vocab, Date.now());
  return call;
}

test('a partial becomes its final in place: the same line, the same id, never two', () => {
  const call = play(newCall('CA1'),
    event('transcript.partial', { speaker: 'customer', text: 'well that', startMs: 2500 }),
    event('transcript.partial', { speaker: 'customer', text: "well that's way over", startMs: 2500 }));
  assert.equal(call.lines.length, 1);
  const id = call.lines[0].id;
  assert.equal(call.lines[0].partial, true);
  play(call, event('transcript.final', { speaker: 'customer', text: "well that's way over our budget", startMs: 2600,
    endMs: 4800, confidences: [1, 1, 1, 0.4, 1, 1] }));
  assert.deepEqual(call.lines.map((l) => [l.id, l.partial, l.text]), [[id, false, "well that's way over our budget"]]);
});

test('lines keep conversation order when the two tracks finish out of order', () => {
  const call = play(newCall('CA1'),
    event('transcript.final', { speaker: 'agent', text: 'second', startMs: 5000, endMs: 6000 }),
    event('transcript.final', { speaker: 'customer', text: 'first', startMs: 1000, endMs: 2000 }),
    event('transcript.final', { speaker: 'customer', text: 'first', startMs: 1000, endMs: 2000 }));
  assert.deepEqual(call.lines.map((l) => l.text), ['first', 'second']);
});

test('a stored call merged with the live events buffered meanwhile shows everything once', () => {
  const live = [
    event('call.status', { status: 'streaming', label: 'Streaming' }),
    event('transcript.partial', { speaker: 'agent', text: 'hi this', startMs: 0 }),
    event('transcript.final', { speaker: 'agent', text: 'hi this is sam', startMs: 100, endMs: 1900 }),
    event('hint', { id: 'price-objection', kind: 'objection', title: 'Price objection', text: 'Anchor on value.', atMs: 4800,
      trigger: 'over our budget' }),
    event('coaching.checklist', { items: [{ id: 'greeting', label: 'Greeting', done: true }] }),
  ];
  const call = newCall('CA1');
  applySnapshot(call, {
    callSid: 'CA1', status: 'in-progress', shownStatus: 'streaming', createdAt: '2026-01-01T10:00:00Z',
    answeredAt: '2026-01-01T10:00:05Z', streamAt: '2026-01-01T10:00:07Z', events: [],
    transcript: [{ speaker: 'agent', text: 'hi this is sam', startMs: 100, endMs: 1900, confidences: [] }],
    hints: [{ id: 'price-objection', kind: 'objection', title: 'Price objection', text: 'Anchor on value.', atMs: 4800,
      trigger: 'over our budget' }],
    diagnostics: [],
  }, vocab);
  play(call, ...live);
  assert.deepEqual(call.lines.map((l) => l.text), ['hi this is sam'], 'the stale partial is not resurrected');
  assert.equal(call.hints.length, 1);
  assert.equal(checklistOf(call)[0].done, true, 'the checklist seen live before the snapshot is kept');
  assert.equal(statusOf(call, vocab).label, 'Streaming');
});

test('a stored call\'s events are read from their data, the live shape; an old row\'s text is shown, never parsed', () => {
  const call = newCall('CA1');
  applySnapshot(call, {
    callSid: 'CA1', status: 'no-answer', createdAt: '2026-01-01T10:00:00Z',
    events: [
      { at: '2026-01-01T10:00:01Z', type: 'call.status', detail: 'queued to=+14155550100 agent=+14155550111',
        data: { status: 'queued', label: 'Calling agent' } },
      { at: '2026-01-01T10:00:02Z', type: 'twilio.event', detail: 'twiml-fetched',
        data: { event: 'twiml-fetched', webhook: '/twilio/outbound', streamUrl: 'wss://example.test/twilio/stream' } },
      { at: '2026-01-01T10:00:03Z', type: 'twilio.event', detail: 'connected protocol=Call' },
      { at: '2026-01-01T10:00:09Z', type: 'call.status', detail: 'no-answer', data: { status: 'no-answer', label: 'No answer' } },
    ],
    transcript: [], hints: [], diagnostics: [],
  }, vocab);
  assert.equal(call.milestones.twiml, Date.parse('2026-01-01T10:00:02Z'), 'twiml-fetched from the stored data');
  assert.equal(call.milestones.socket, undefined, 'a row without data is not parsed for its event');
  assert.equal(call.failed.label, 'No answer');
  assert.deepEqual(call.log.map((r) => r.detail),
    ['Calling agent (queued)', 'twiml-fetched', 'connected protocol=Call', 'No answer (no-answer)']);
  assert.deepEqual(call.log.map((r) => r.bad), [false, false, false, true]);
});

test('the recent-calls row and the call panel show the same label for every status sequence', () => {
  const sequences = [
    ['queued', 'ringing', 'in-progress', 'streaming'],
    ['queued', 'ringing', 'in-progress', 'streaming', 'in-progress'],
    ['queued', 'ringing', 'in-progress', 'streaming', 'completed'],
    ['queued', 'ringing', 'no-answer'],
    ['initiated', 'busy'],
    ['queued', 'in-progress', 'streaming', 'interrupted'],
  ];
  for (const statuses of sequences) {
    const call = newCall('CA1');
    const list = newCallsList();
    for (const status of statuses) {
      play(call, event('call.status', { status, label: vocab.labelOf(status) }));
      listStatus(list, 'CA1', status, vocab);
      assert.equal(rowLabel(list.rows.get('CA1'), vocab), statusOf(call, vocab).label, statuses.join(' → '));
    }
  }
});

test('a listed call the server reports streaming reads Streaming, like the panel', () => {
  const list = setListedCalls(newCallsList(), [{ callSid: 'CA1', status: 'in-progress', shownStatus: 'streaming',
    label: 'Streaming' }], vocab);
  assert.equal(rowLabel(list.rows.get('CA1'), vocab), 'Streaming');
  listStatus(list, 'CA1', 'completed', vocab);
  assert.equal(rowLabel(list.rows.get('CA1'), vocab), 'Completed');
});

test('once the summary is in, the checklist and talk ratio are the summary\'s and the duration is its one duration', () => {
  const call = play(newCall('CA1'),
    event('call.status', { status: 'streaming' }),
    event('coaching.checklist', { items: [{ id: 'greeting', label: 'Greeting', done: false },
      { id: 'next-steps', label: 'Next steps', done: false }] }),
    event('coaching.metrics', { atMs: 30_000, talkRatio: 0.7, agentMs: 7000, customerMs: 3000, monologueMs: 65_000 }),
    event('call.status', { status: 'completed' }));
  assert.equal(statusDetail(call, Date.now()).text, 'Call ended — writing the summary…');
  assert.equal(coachingOf(call, vocab).ratioOver, false, 'judged only after the playbook\'s 2 minutes, like the hint');
  play(call, event('coaching.metrics', { atMs: 125_000, talkRatio: 0.7, monologueMs: 65_000 }));
  assert.equal(coachingOf(call, vocab).ratioOver, true);
  assert.equal(coachingOf(call, vocab).monologueOver, true);
  play(call, event('call.summary', { durationMs: 90_400, talkRatio: 0.385, agentMs: 1, customerMs: 2,
    checklist: [{ id: 'greeting', label: 'Greeting', done: true, atMs: 1200 },
      { id: 'next-steps', label: 'Next steps', done: true, atMs: 80_000 }],
    nextSteps: [{ speaker: 'customer', text: 'send me the proposal', atMs: 80_000 }] }));
  assert.deepEqual(checklistOf(call).map((i) => i.done), [true, true]);
  assert.equal(coachingOf(call, vocab).ratio, 0.385);
  assert.equal(statusDetail(call, Date.now()).text, 'Call ended after 1:30.');
});

test('a completed call that never streamed says what never happened', () => {
  const call = play(newCall('CA1'), event('call.status', { status: 'queued' }),
    event('call.status', { status: 'in-progress' }), event('call.status', { status: 'completed' }));
  const s = statusOf(call, vocab);
  assert.equal(s.label, 'Completed');
  assert.equal(s.tone, 'warn');
  assert.match(statusDetail(call, Date.now()).text, /never fetched the TwiML/);
  assert.deepEqual(s.steps.filter((x) => x.skipped).map((x) => x.key), ['ringing', 'streaming']);
});

test('hints: newest on top and open, older ones collapsed until the user opens them', () => {
  const call = play(newCall('CA1'),
    event('hint', { id: 'price-objection', title: 'Price objection', text: 'a', atMs: 4000 }),
    event('hint', { id: 'competitor-mention', title: 'Competitor mentioned', text: 'b', atMs: 9000 }),
    event('hint', { id: 'price-objection', title: 'Price objection', text: 'a', atMs: 4000 }));
  const shown = shownHints(call);
  assert.deepEqual(shown.map((h) => h.id), ['competitor-mention', 'price-objection']);
  assert.deepEqual(shown.map((h, i) => isExpanded(call, h, i)), [true, false]);
  call.expanded.set(shown[1].key, true);
  assert.equal(isExpanded(call, shown[1], 1), true);
});

test('a hint quotes the customer line it fired on: its utterance, else the line it fell in', () => {
  const call = play(newCall('CA1'),
    event('transcript.final', { speaker: 'agent', text: 'so what do you think', startMs: 0, endMs: 2000 }),
    event('transcript.partial', { speaker: 'customer', text: "that's way over", startMs: 2500 }));
  const hint = { id: 'price-objection', atMs: 3500 };
  assert.equal(quoteFor(call, hint), "that's way over", 'the line still being recognised');
  play(call, event('transcript.final', { speaker: 'customer', text: "that's way over our budget", startMs: 2600, endMs: 4000 }));
  assert.equal(quoteFor(call, hint), "that's way over our budget");
  assert.equal(quoteFor(call, Object.assign({ utterance: 'from the server' }, hint)), 'from the server');
  assert.equal(quoteFor(call, { id: 'price-objection', atMs: 60_000 }), null);
});

test('words below the server\'s confidence threshold are marked unsure; without confidences none is', () => {
  const words = lineWords({ text: 'way over our budget', confidences: [0.99, 0.42, 1, 0.61] }, vocab.unsureBelow);
  assert.deepEqual(words.map((w) => w.unsure), [false, true, false, false]);
  assert.deepEqual(lineWords({ text: 'a b', confidences: [] }, 0.6).map((w) => w.unsure), [false, false]);
  assert.deepEqual(lineWords({ text: 'a b', confidences: [0.1] }, 0.6).map((w) => w.unsure), [false, false],
    'a count that does not match the words is ignored');
});

test('a resolved diagnostic takes down the standing ones of its code, and a later episode shows again', () => {
  const call = play(newCall('CA1'),
    event('diagnostic', { code: 'transcription-lagging', message: 'customer 2.4 s behind' }),
    event('diagnostic', { code: 'stream-dropped', message: 'closed without stop' }),
    event('diagnostic', { code: 'transcription-lagging', message: 'back in real time', resolved: true }));
  assert.deepEqual(call.diagnostics.map((d) => d.code), ['stream-dropped']);
  play(call, event('diagnostic', { code: 'transcription-lagging', message: 'customer 2.4 s behind' }));
  assert.deepEqual(call.diagnostics.map((d) => d.code), ['stream-dropped', 'transcription-lagging']);
});
