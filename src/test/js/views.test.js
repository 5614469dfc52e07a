import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';

import { applyEvent, listStatus, newCall, newCallsList, setListedCalls, vocabulary } from '../../main/resources/static/js/state.js';
import { renderCalls } from '../../main/resources/static/js/views/calls.js';
import { renderCoaching } from '../../main/resources/static/js/views/coaching.js';
import { renderDiagnostics } from '../../main/resources/static/js/views/diagnostics.js';
import { renderHints } from '../../main/resources/static/js/views/hints.js';
import { renderSetup } from '../../main/resources/static/js/views/setup.js';
import { renderSummary } from '../../main/resources/static/js/views/summary.js';
import { renderTranscript } from '../../main/resources/static/js/views/transcript.js';
import { CONFIG, event, openPage } from './page.js';

const vocab = vocabulary(CONFIG);
const $ = (sel) => document.querySelector(sel);

beforeEach(() => openPage());

function play(call, ...events) {
  for (const e of events) applyEvent(call, e, vocab, Date.now());
  return call;
}

function hintsCtx(overrides = {}) {
  return Object.assign({ vocab, now: Date.now(), hintTitle: (id) => id, onToggle() {}, onDismiss() {}, onFeedback() {},
    onUndo() {} }, overrides);
}

const hintsRoot = () => ({ list: $('#hints'), empty: $('#hints-empty'), count: $('#hints-count') });

test('hint cards: newest on top and open with what to say and what the customer said; older ones one line', () => {
  const call = play(newCall('CA1'),
    event('transcript.final', { speaker: 'customer', text: "that's way over our budget", startMs: 2500, endMs: 4800 }),
    event('hint', { id: 'price-objection', kind: 'objection', title: 'Price objection', text: 'Anchor on value.',
      atMs: 4800, trigger: 'over our budget' }),
    event('hint', { id: 'recording-disclosure', kind: 'compliance', title: 'Say the call is recorded',
      text: 'Say it now.', atMs: 30_000, trigger: 'no recording disclosure in the first 30 s' }));
  renderHints(hintsRoot(), call, hintsCtx());
  const cards = [...document.querySelectorAll('#hints .hint')];
  assert.deepEqual(cards.map((c) => c.dataset.hintId), ['recording-disclosure', 'price-objection']);
  assert.equal(cards[0].querySelector('.hint-body').hidden, false);
  assert.equal(cards[0].querySelector('.why').textContent, 'Why: no recording disclosure in the first 30 s');
  assert.equal(cards[0].querySelector('.feedback'), null, 'no useful/wrong on a rule about the agent');
  assert.equal(cards[1].querySelector('.hint-body').hidden, true);
  assert.equal(cards[1].querySelector('.hint-toggle').getAttribute('aria-expanded'), 'false');
  assert.equal(cards[1].querySelector('.quote-text').textContent, '“that\'s way over our budget”');
  assert.ok(cards[1].querySelector('.fb-useful'), 'a hint on customer speech asks for feedback');
  assert.equal($('#hints-count').textContent, '(2)');

  // A re-render (every event) keeps the same elements: a card under the pointer is never replaced.
  call.expanded.set(call.hints[0].key, true);
  renderHints(hintsRoot(), call, hintsCtx());
  const again = [...document.querySelectorAll('#hints .hint')];
  assert.equal(again[1], cards[1]);
  assert.equal(again[1].querySelector('.hint-body').hidden, false);
});

test('a hint shows how it matched when the server says, and nothing when it does not', () => {
  const call = play(newCall('CA1'), event('hint', { id: 'price-objection', kind: 'objection', title: 'Price objection',
    text: 'Anchor on value.', atMs: 4800, trigger: 'budget', path: 'meaning', score: 0.8123,
    evidence: "that's too expensive for us", utterance: 'honestly it is a lot of money' }));
  renderHints(hintsRoot(), call, hintsCtx());
  assert.equal($('#hints .evidence').textContent,
    'Matched by meaning (score 0.81) · closest example “that\'s too expensive for us”');
  assert.equal($('#hints .quote-text').textContent, '“honestly it is a lot of money”');
});

test('feedback buttons say what was recorded and offer undo', () => {
  const call = play(newCall('CA1'), event('hint', { id: 'price-objection', kind: 'objection', title: 'Price objection',
    text: 'Anchor on value.', atMs: 4800, trigger: 'budget' }));
  const sent = [];
  const undone = [];
  const ctx = hintsCtx({ onFeedback: (hint, verdict) => sent.push(verdict), onUndo: (target) => undone.push(target) });
  renderHints(hintsRoot(), call, ctx);
  $('#hints .fb-wrong').click();
  assert.deepEqual(sent, ['wrong']);
  call.feedback.set(`hint:${call.hints[0].key}`, { state: 'saved', id: 7, verdict: 'wrong', hintId: 'price-objection' });
  renderHints(hintsRoot(), call, ctx);
  assert.equal($('#hints .fb-wrong').getAttribute('aria-pressed'), 'true');
  assert.equal($('#hints .fb-text').textContent, 'Recorded as wrong. Thank you.');
  $('#hints .fb-undo').click();
  assert.deepEqual(undone, [`hint:${call.hints[0].key}`]);
  call.feedback.set(`hint:${call.hints[0].key}`, { state: 'unavailable' });
  renderHints(hintsRoot(), call, ctx);
  assert.match($('#hints .fb-text').textContent, /not available on this server yet/);
  assert.equal($('#hints .fb-undo'), null);
});

function transcriptRoot() {
  return { box: $('#transcript'), lines: $('#transcript-lines'), empty: $('#transcript-empty'), jump: $('#jump') };
}

function transcriptCtx(overrides = {}) {
  return Object.assign({ vocab, missedChoices: [{ id: 'price-objection', title: 'Price objection' }],
    openMissed: new Set(), hintTitle: (id) => id, onMissedToggle() {}, onMissed() {}, onUndo() {} }, overrides);
}

test('the transcript turns a partial into its final in the same element and dims the unsure words', () => {
  const call = play(newCall('CA1'), event('transcript.partial', { speaker: 'customer', text: 'way over', startMs: 100 }));
  renderTranscript(transcriptRoot(), call, transcriptCtx());
  const partial = $('#transcript-lines .line');
  assert.ok(partial.classList.contains('partial'));
  assert.equal(partial.getAttribute('aria-hidden'), 'true');
  play(call, event('transcript.final', { speaker: 'customer', text: 'way over our budget', startMs: 200, endMs: 1800,
    confidences: [0.95, 0.3, 1, 0.59] }));
  renderTranscript(transcriptRoot(), call, transcriptCtx());
  const lines = document.querySelectorAll('#transcript-lines .line');
  assert.equal(lines.length, 1);
  assert.equal(lines[0], partial, 'the same element');
  assert.ok(lines[0].classList.contains('final'));
  assert.deepEqual([...lines[0].querySelectorAll('.unsure')].map((w) => w.textContent), ['over', 'budget']);
  assert.equal(lines[0].querySelector('.text').textContent, 'way over our budget');
  assert.equal($('#transcript-empty').hidden, true);
});

test('a customer line offers "Missed a hint?" with the playbook\'s choices', () => {
  const call = play(newCall('CA1'),
    event('transcript.final', { speaker: 'customer', text: 'we are looking at acme too', startMs: 0, endMs: 900 }),
    event('transcript.final', { speaker: 'agent', text: 'sure', startMs: 1000, endMs: 1200 }));
  const reported = [];
  const ctx = transcriptCtx({ openMissed: new Set([call.lines[0].id]), onMissed: (line, id) => reported.push([line.text, id]) });
  renderTranscript(transcriptRoot(), call, ctx);
  const lines = document.querySelectorAll('#transcript-lines .line');
  assert.equal(lines[1].querySelector('.missed-toggle'), null, 'not on the agent\'s own lines');
  const form = lines[0].querySelector('.missed-form');
  assert.deepEqual([...form.querySelectorAll('option')].map((o) => o.textContent), ['Price objection']);
  form.querySelector('button[type=submit]').click();
  assert.deepEqual(reported, [['we are looking at acme too', 'price-objection']]);
});

test('recent calls are updated in place: the row under the pointer is the same element after a status change', () => {
  const list = setListedCalls(newCallsList(), [
    { callSid: 'CA2', to: '+14155550102', status: 'ringing', createdAt: '2026-01-01T10:01:00Z' },
    { callSid: 'CA1', to: '+14155550101', status: 'completed', createdAt: '2026-01-01T10:00:00Z' }], vocab);
  const picked = [];
  const ctx = { vocab, selected: 'CA1', onPick: (sid) => picked.push(sid) };
  renderCalls($('#calls'), list, ctx);
  const button = $('#calls button[data-sid="CA2"]');
  assert.equal(button.querySelector('.call-status').textContent, 'Ringing');
  listStatus(list, 'CA2', 'streaming', vocab);
  listStatus(list, 'CA3', 'queued', vocab);
  renderCalls($('#calls'), list, ctx);
  assert.equal($('#calls button[data-sid="CA2"]'), button);
  assert.equal(button.querySelector('.call-status').textContent, 'Streaming');
  assert.deepEqual([...document.querySelectorAll('#calls button')].map((b) => b.dataset.sid), ['CA3', 'CA2', 'CA1']);
  assert.equal($('#calls button[data-sid="CA1"]').getAttribute('aria-current'), 'true');
  button.click();
  assert.deepEqual(picked, ['CA2']);
});

test('the summary reads like a summary: no raw field names, objects, undefined or NaN', () => {
  const call = play(newCall('CA1'), event('call.summary', {
    callSid: 'CA1', durationMs: 90_400, agentMs: 30_000, customerMs: 47_900, talkRatio: 0.385,
    // in the order the server fired them: a lagging track fired the competitor hint after a later one
    hints: [{ id: 'price-objection', kind: 'objection', title: 'Price objection', atMs: 70_100, trigger: 'budget' },
      { id: 'competitor-mention', kind: 'objection', title: 'Competitor mentioned', atMs: 27_000, trigger: 'acme' },
      { id: 'price-objection', kind: 'objection', title: 'Price objection', atMs: 4800, trigger: 'budget' }],
    hintCounts: { 'price-objection': 2, 'competitor-mention': 1 },
    checklist: [{ id: 'greeting', label: 'Greeting', done: true, atMs: 1200 },
      { id: 'needs-question', label: 'Needs question', done: false, atMs: null }],
    questions: [{ text: 'when will you be able to start', atMs: 32_160, answered: false },
      { text: 'is my data encrypted', atMs: 40_000, answered: true },
      { text: 'can you do a discount', atMs: 88_000, answered: null }],
    nextSteps: [{ speaker: 'agent', text: 'i will send you a summary by email', atMs: 85_000 }],
  }));
  renderSummary({ panel: $('#summary-panel'), body: $('#summary') }, call, vocab);
  const text = $('#summary').textContent;
  assert.equal($('#summary-panel').hidden, false);
  for (const bad of ['undefined', 'NaN', '[object Object]', 'At ms', 'atMs', 'durationMs', 'hintCounts', 'null']) {
    assert.ok(!text.includes(bad), `"${bad}" in: ${text}`);
  }
  assert.match(text, /Duration 1:30/);
  assert.match(text, /You 39 % · Customer 61 %/);
  assert.match(text, /Price objection ×2 at 0:04, 1:10Competitor mentioned ×1 at 0:27/, 'in call order');
  assert.match(text, /✓Greeting at 0:01/);
  assert.match(text, /○Needs question not done/);
  assert.match(text, /when will you be able to start ✗ not answered · asked at 0:32/);
  assert.match(text, /is my data encrypted ✓ answered/);
  assert.match(text, /can you do a discount \? no reply before the call ended/);
  assert.match(text, /i will send you a summary by email — You \(agent\), at 1:25/);
});

test('coaching: the talk split adds up to 100 and an over-limit monologue says so in words', () => {
  const call = play(newCall('CA1'), event('coaching.metrics', { talkRatio: 0.385, monologueMs: 61_000 }),
    event('coaching.checklist', { items: [{ id: 'greeting', label: 'Greeting', done: true }] }));
  const root = { bar: $('#talk-ratio'), fill: $('#talk-ratio-agent'), ratioText: $('#talk-ratio-text'),
    ratioNote: $('#talk-ratio-note'), monologue: $('#monologue'), monologueNote: $('#monologue-note'),
    checklist: $('#checklist') };
  renderCoaching(root, call, vocab);
  assert.equal($('#talk-ratio-text').textContent, 'You 39 % · Customer 61 %');
  assert.equal($('#talk-ratio').getAttribute('aria-valuenow'), '39');
  assert.equal($('#monologue').textContent, '1:01');
  assert.equal($('#monologue-note').textContent, '⚠ over 1:00: pause and ask');
  assert.equal($('#checklist li.done').textContent, '✓Greeting: done');
});

test('diagnostics: a slim all-clear strip, or a card per problem with cause and fix', () => {
  const root = { ok: $('#diag-ok'), list: $('#diagnostics') };
  renderDiagnostics(root, []);
  assert.equal(root.ok.hidden, false);
  assert.equal(root.list.hidden, true);
  renderDiagnostics(root, [{ code: 'no-twiml-fetch', message: 'Twilio never fetched the TwiML', cause: 'c', fix: 'f' }]);
  assert.equal(root.ok.hidden, true);
  assert.equal($('#diagnostics .diag .diag-kind').textContent, '✕ Problem');
  assert.equal($('#diagnostics .diag .fix').textContent, 'f');
});

test('the same problem twice is one card; while the conversation runs it is one line, cause and fix a click away', () => {
  const root = { ok: $('#diag-ok'), list: $('#diagnostics') };
  const opened = new Map();
  const toggled = [];
  const lagging = (who) => ({ code: 'transcription-lagging', message: `Transcription of the ${who} fell behind`,
    cause: 'Too many calls for this CPU.', fix: 'Run fewer calls per node.' });
  const ctx = { openByDefault: false, opened, onToggle: (key, open) => toggled.push([key, open]) };
  renderDiagnostics(root, [lagging('agent'), lagging('customer')], ctx);
  const cards = document.querySelectorAll('#diagnostics .diag');
  assert.equal(cards.length, 1);
  assert.equal(cards[0].querySelector('.message').textContent, 'Transcription of the agent fell behind');
  assert.equal(cards[0].querySelector('dl').hidden, true);
  assert.equal(cards[0].querySelector('.diag-toggle').textContent, '+1 more, cause and fix');
  cards[0].querySelector('.diag-toggle').click();
  assert.deepEqual(toggled, [['transcription-lagging', true]]);
  opened.set('transcription-lagging', true);
  renderDiagnostics(root, [lagging('agent'), lagging('customer')], ctx);
  assert.equal(cards[0].querySelector('dl').hidden, false);
  assert.equal(cards[0].querySelector('.more').textContent, 'Transcription of the customer fell behind');
  assert.equal(cards[0].querySelector('.diag-toggle').getAttribute('aria-expanded'), 'true');
});

test('the setup check shows each check in words, and a clear message when the server has none', () => {
  const root = { panel: $('#setup'), body: $('#setup-body') };
  renderSetup(root, { state: 'done', ok: false, checks: [
    { id: 'twilio-credentials', title: 'Twilio credentials', status: 'ok', detail: 'Account AC… is active', fix: '' },
    { id: 'public-url', title: 'Public URL', status: 'fail', detail: 'http://… is not https', fix: 'Set PUBLIC_BASE_URL' },
    { id: 'llm', title: 'LLM endpoint', status: 'skipped', detail: 'not configured', fix: null }] });
  assert.deepEqual([...document.querySelectorAll('#setup .check-status')].map((s) => s.textContent),
    ['✓ OK', '✕ Failed', '– Skipped']);
  assert.equal($('#setup .check.fail .check-fix').textContent, 'Fix: Set PUBLIC_BASE_URL');
  assert.equal($('#setup .setup-verdict').textContent, '✕ 1 of 3 checks failed.');
  renderSetup(root, { state: 'done', ok: true, mode: 'simulator', checks: [
    { id: 'credentials', title: 'Twilio credentials', status: 'ok', detail: 'simulator account' },
    { id: 'public-url', title: 'Public URL', status: 'skipped', detail: 'not set' }] });
  assert.equal($('#setup .setup-verdict').textContent,
    '✓ Simulator mode is ready for demo calls (1 check passed). Real calls need the Twilio settings: see docs/twilio-setup.md.');
  renderSetup(root, { state: 'done', ok: true, mode: 'twilio', checks: [
    { id: 'credentials', title: 'Twilio credentials', status: 'warn', detail: 'trial' },
    { id: 'public-url', title: 'Public URL', status: 'ok', detail: 'came back' }] });
  assert.equal($('#setup .setup-verdict').textContent, '✓ Ready: 1 check passed, 1 with a warning.');
  renderSetup(root, { state: 'error', missing: true, message: 'This server has no setup check yet' });
  assert.equal($('#setup .setup-missing').textContent, 'This server has no setup check yet');
});
