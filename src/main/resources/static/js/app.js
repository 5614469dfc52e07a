// TalkHint's call page: places calls, follows WS /ui/events and shows hints first, then the transcript, live
// coaching, the call's status and problems, and the summary once the call is over. This module only wires the
// others together: api.js (HTTP), feed.js (the live socket), state.js (what the page knows), views/ (drawing).

import { ApiError, createApi } from './api.js';
import { createFeed } from './feed.js';
import { E164, humanize, normalizeNumber, truncate, mmss } from './format.js';
import {
  applyEvent, applySnapshot, isEnded, isExpanded, lineKey, listStatus, newCall, newCallsList, quoteFor, rowEnded,
  setListedCalls, shownHints, vocabulary,
} from './state.js';
import { renderCalls } from './views/calls.js';
import { renderCoaching } from './views/coaching.js';
import { renderDiagnostics } from './views/diagnostics.js';
import { h } from './views/dom.js';
import { renderHints, tickHints } from './views/hints.js';
import { renderLog } from './views/log.js';
import { renderSetup } from './views/setup.js';
import { renderDetail, renderStatus } from './views/status.js';
import { renderSummary } from './views/summary.js';
import { jumpToLatest, renderTranscript } from './views/transcript.js';

const MAX_BUFFERED_CALLS = 30;
const MAX_BUFFERED_EVENTS = 5000;

const $ = (sel) => document.querySelector(sel);

const page = {
  config: null,
  vocab: vocabulary(null),
  call: null,               // the call on screen (state.js)
  calls: newCallsList(),
  buffers: new Map(),       // callSid -> live events seen since the page loaded (newest calls last)
  globalDiagnostics: [],    // diagnostics that belong to no call
  openMissed: new Set(),    // transcript lines whose "Missed a hint?" form is open
  diagnosticsOpened: new Map(), // diagnostic key -> whether the user opened its cause and fix
  requesting: false,
  callsShownOnce: false,
  callsRefreshTimer: null,
  loadSeq: 0,               // the latest stored-call load; an older one finishing late is dropped
  authPrompt: null,
  authDeclined: false,
};

const api = createApi({ storage: sessionStorage, fetch: (...args) => fetch(...args), askToken });
const feed = createFeed({
  url: () => api.eventsUrl(location),
  WebSocket,
  onEvent: onLiveEvent,
  onState: onFeedState,
});

// ------------------------------------------------------------------------------------------ rendering

const roots = {
  status: { status: $('#status'), detail: $('#status-detail'), sid: $('#call-sid'), steps: $('#status-steps') },
  hints: { list: $('#hints'), empty: $('#hints-empty'), count: $('#hints-count') },
  transcript: { box: $('#transcript'), lines: $('#transcript-lines'), empty: $('#transcript-empty'), jump: $('#jump') },
  coaching: { bar: $('#talk-ratio'), fill: $('#talk-ratio-agent'), ratioText: $('#talk-ratio-text'),
    ratioNote: $('#talk-ratio-note'), monologue: $('#monologue'), monologueNote: $('#monologue-note'),
    checklist: $('#checklist') },
  summary: { panel: $('#summary-panel'), body: $('#summary') },
  diagnostics: { ok: $('#diag-ok'), list: $('#diagnostics') },
  setup: { panel: $('#setup'), body: $('#setup-body') },
};

const ALL_PARTS = ['status', 'transcript', 'hints', 'diagnostics', 'coaching', 'summary', 'log'];

function hintTitle(id) {
  const info = page.vocab.hints.get(id);
  return (info && info.title) || humanize(id);
}

function render(parts = ALL_PARTS) {
  const call = page.call;
  const now = Date.now();
  const set = new Set(parts);
  document.body.classList.toggle('in-call', Boolean(call));
  document.body.classList.toggle('call-ended', Boolean(call && isEnded(call)));
  if (set.has('status')) renderStatus(roots.status, call, page.vocab, now);
  if (set.has('hints')) {
    renderHints(roots.hints, call, { vocab: page.vocab, now, hintTitle, onToggle: toggleHint, onDismiss: dismissHint,
      onFeedback: hintFeedback, onUndo: undoFeedback });
  }
  if (set.has('transcript')) {
    renderTranscript(roots.transcript, call, { vocab: page.vocab, missedChoices: missedChoices(),
      openMissed: page.openMissed, hintTitle, onMissedToggle: toggleMissed, onMissed: reportMissed,
      onUndo: undoFeedback });
  }
  if (set.has('coaching')) renderCoaching(roots.coaching, call, page.vocab);
  if (set.has('summary')) renderSummary(roots.summary, call, page.vocab);
  if (set.has('diagnostics') || set.has('transcript')) {
    // Cause and fix open at once while nothing else is on screen; one line each while the conversation runs.
    renderDiagnostics(roots.diagnostics, diagnostics(), { openByDefault: !call || call.lines.length === 0,
      opened: page.diagnosticsOpened, onToggle: (key, open) => {
        page.diagnosticsOpened.set(key, open);
        render(['diagnostics']);
      } });
  }
  if (set.has('log')) renderLog($('#events'), call);
  renderCallList();
}

function renderCallList() {
  renderCalls($('#calls'), page.calls, { vocab: page.vocab, selected: page.call && page.call.sid,
    onPick: (sid) => loadStoredCall(sid, {}) });
}

function diagnostics() {
  return page.globalDiagnostics.map((e) => Object.assign({ at: e.at }, e.data || {}))
    .concat(page.call ? page.call.diagnostics : []);
}

/** Hints a user can say should have fired on a customer line: the playbook's phrase hints for customer speech. */
function missedChoices() {
  return [...page.vocab.hints.values()]
    .filter((info) => (info.rule || 'phrase') === 'phrase' && info.speaker !== 'agent')
    .map((info) => ({ id: info.id, title: info.title || humanize(info.id) }));
}

// ------------------------------------------------------------------------------------------ errors and auth

function showError(message) {
  const node = $('#error');
  node.textContent = message;
  node.hidden = false;
}

function clearError() {
  const node = $('#error');
  node.textContent = '';
  node.hidden = true;
  $('#to').removeAttribute('aria-invalid');
}

/** Opens the token dialog once; concurrent callers share the answer. Resolves true when a token was entered. */
function askToken(message) {
  if (page.authPrompt) return page.authPrompt;
  if (page.authDeclined) return Promise.resolve(false);
  const dialog = $('#auth-dialog');
  const input = $('#auth-token');
  $('#auth-message').textContent = message;
  input.value = '';
  page.authPrompt = new Promise((resolve) => {
    const finish = (ok) => {
      dialog.removeEventListener('close', onClose);
      page.authPrompt = null;
      if (ok) {
        api.setToken(input.value.trim());
        page.authDeclined = false;
        // A feed already running (or retrying) was refused without the token; start it again with it.
        if (feed.active) feed.reconnect();
        // Without the token the server keeps the user's numbers and URLs to itself: ask again with it.
        if (page.config && page.config.locked) retryConfig();
      }
      else {
        page.authDeclined = true;
      }
      resolve(ok);
    };
    const onClose = () => finish(dialog.returnValue === 'ok' && input.value.trim() !== '');
    dialog.addEventListener('close', onClose);
    dialog.returnValue = '';
    dialog.showModal();
    input.focus();
  });
  return page.authPrompt;
}

// ------------------------------------------------------------------------------------------ configuration

function applyConfig(config) {
  page.config = config;
  page.vocab = vocabulary(config);
  const simulator = config.mode === 'simulator';
  const banner = $('#banner');
  banner.textContent = simulator ? 'Simulated calls — set TWILIO_* to place real calls' : '';
  banner.hidden = !simulator;

  const select = $('#scenario');
  select.replaceChildren();
  for (const scenario of Array.isArray(config.scenarios) ? config.scenarios : []) {
    if (!scenario || scenario.id == null) continue;
    const length = Number(scenario.durationMs) > 0 ? ` — ${mmss(scenario.durationMs)}` : '';
    select.append(h('option', { value: scenario.id }, `${scenario.title || scenario.id}${length}`));
  }
  $('#scenario-field').hidden = !simulator || select.options.length === 0;

  $('#agent-number').textContent = config.locked
    ? 'Enter the API token to see which phone TalkHint rings first.'
    : config.agentNumber
    ? `TalkHint will ring your phone ${config.agentNumber} first, then connect you to this number`
      + (config.twilioNumber ? ` (caller ID ${config.twilioNumber}).` : '.')
    : 'AGENT_PHONE_NUMBER is not set: TalkHint needs your own phone number to ring you first.';
  render();
}

async function retryConfig() {
  try {
    applyConfig(await api.config());
    clearError();
  }
  catch (err) {
    showError(`Could not load the configuration: ${err.message}`);
  }
}

// ------------------------------------------------------------------------------------------ live feed

function onFeedState(state) {
  if (state.kind === 'on') {
    setLive('on', 'live');
    if (!page.config || !page.config.mode) retryConfig(); // the server was down when the page loaded
    if (state.reconnected) refreshCalls();
    resync();
  }
  else if (state.kind === 'off') {
    // A refused handshake looks like any other close; an API call tells a 401 apart and asks for the token.
    if (!state.opened && page.config && page.config.authRequired) refreshCalls();
  }
  else {
    updateLiveCountdown();
  }
}

/** The feed indicator; the retry countdown changes every second, so it is not announced. */
function setLive(kind, text, extra = '') {
  $('#live').className = `live live-${kind}`;
  if ($('#live-text').textContent !== text) $('#live-text').textContent = text;
  $('#live-extra').textContent = extra;
}

function updateLiveCountdown() {
  const seconds = feed.retryInSeconds();
  if (seconds == null) return;
  setLive('retry', 'reconnecting', seconds > 0 ? ` in ${seconds} s…` : '…');
}

/**
 * A new socket follows nothing yet, and events may have been missed while there was none: the call on screen
 * is followed again and reloaded from storage.
 */
function resync() {
  const call = page.call;
  if (call && !isEnded(call)) loadStoredCall(call.sid, { keepRequestedAt: call.requestedAt, quiet: true });
}

function onLiveEvent(event) {
  const rx = Date.now();
  event.rx = rx;
  const sid = event.callSid || null;
  if (!sid) {
    if (event.type === 'diagnostic') {
      page.globalDiagnostics.push(event);
      if (page.globalDiagnostics.length > 20) page.globalDiagnostics.shift();
      render(['diagnostics']);
    }
    return;
  }
  bufferEvent(sid, event);
  const known = page.calls.rows.has(sid);
  if (event.type === 'call.status') {
    listStatus(page.calls, sid, String((event.data && event.data.status) || '').toLowerCase(), page.vocab);
    renderCallList();
  }
  if (!known) scheduleCallsRefresh();

  const call = page.call;
  if (call && call.sid === sid) {
    if (call.loading) return; // replayed from the buffer once the stored snapshot is in
    render([...applyEvent(call, event, page.vocab, rx)]);
    return;
  }
  // Follow a new call automatically unless the user is watching another call that is still live.
  if (!page.requesting && (!call || isEnded(call)) && !known) showLiveCall(sid, null);
}

function bufferEvent(sid, event) {
  let list = page.buffers.get(sid);
  if (!list) {
    list = [];
    page.buffers.set(sid, list);
    while (page.buffers.size > MAX_BUFFERED_CALLS) page.buffers.delete(page.buffers.keys().next().value);
  }
  list.push(event);
  if (list.length > MAX_BUFFERED_EVENTS) list.splice(0, list.length - MAX_BUFFERED_EVENTS);
}

// ------------------------------------------------------------------------------------------ showing a call

function show(call, same = false) {
  page.call = call;
  if (!same) page.openMissed.clear();
  render();
}

/** Shows a call followed live: everything buffered for it so far is replayed in order. */
function showLiveCall(sid, requestedAt) {
  if (page.call && page.call.sid === sid) {
    if (requestedAt && !page.call.requestedAt) page.call.requestedAt = requestedAt;
    render(['status']);
    return;
  }
  page.loadSeq += 1; // a stored call still loading is no longer wanted
  const call = newCall(sid);
  call.requestedAt = requestedAt;
  for (const event of page.buffers.get(sid) || []) applyEvent(call, event, page.vocab, event.rx);
  show(call);
  // Until the server confirms the subscription only the call's statuses reach the page: what happened before
  // (the recorder stores before it publishes) comes from storage, the rest live.
  feed.follow(sid).then((ok) => {
    if (ok && page.call === call) loadStoredCall(sid, { keepRequestedAt: call.requestedAt, quiet: true });
  });
}

/**
 * Shows a call from storage, merged with every live event buffered for it. The same call reloaded (a new feed,
 * a confirmed subscription) stays on screen, live, until the merged one replaces it; another call shows
 * "Loading…" at once. {@code quiet} keeps the status line.
 */
async function loadStoredCall(sid, { keepRequestedAt, quiet } = {}) {
  const seq = ++page.loadSeq;
  const previous = page.call && page.call.sid === sid ? page.call : null;
  const call = newCall(sid);
  call.requestedAt = keepRequestedAt || (previous && previous.requestedAt) || null;
  if (previous) {
    // the user's own choices on this call survive a reload of it
    call.feedback = previous.feedback;
    call.dismissed = previous.dismissed;
    call.expanded = previous.expanded;
  }
  else {
    call.loading = true;
    show(call);
    if (!quiet) $('#status').textContent = 'Loading…';
  }
  // Followed first, then read: every event is either in the snapshot or arrives live after it.
  await feed.follow(sid);
  if (seq !== page.loadSeq) return; // another call was picked meanwhile
  let stored;
  try {
    stored = await api.call(sid);
  }
  catch (err) {
    if (seq !== page.loadSeq) return;
    call.loading = false;
    showError(err.message);
    if (page.call === call) render(['status']);
    return;
  }
  if (seq !== page.loadSeq) return;
  call.loading = false;
  applySnapshot(call, stored, page.vocab);
  for (const event of page.buffers.get(sid) || []) applyEvent(call, event, page.vocab, event.rx);
  show(call, Boolean(previous));
}

// ------------------------------------------------------------------------------------------ recent calls

function scheduleCallsRefresh() {
  if (page.callsRefreshTimer) return;
  page.callsRefreshTimer = setTimeout(() => {
    page.callsRefreshTimer = null;
    refreshCalls();
  }, 400);
}

async function refreshCalls() {
  let calls;
  try {
    calls = await api.calls();
  }
  catch (err) {
    if (err.status === 401) showError(err.message);
    return;
  }
  setListedCalls(page.calls, calls, page.vocab);
  renderCallList();
  // Opened (or reloaded) in the middle of a call: show it, from storage, and follow it live from there.
  if (!page.callsShownOnce) {
    page.callsShownOnce = true;
    const newest = calls.find((c) => c && c.callSid);
    const row = newest && page.calls.rows.get(newest.callSid);
    if (!page.call && row && !rowEnded(row) && !newest.endedAt) loadStoredCall(row.sid, {});
  }
}

// ------------------------------------------------------------------------------------------ hints and feedback

function toggleHint(key) {
  const call = page.call;
  const shown = shownHints(call);
  const index = shown.findIndex((hint) => hint.key === key);
  if (index >= 0) call.expanded.set(key, !isExpanded(call, shown[index], index));
  render(['hints']);
}

function dismissHint(key) {
  page.call.dismissed.add(key);
  render(['hints']);
  $('#hints-heading').focus();
}

function hintFeedback(hint, verdict) {
  const call = page.call;
  const text = quoteFor(call, hint) || hint.trigger || hint.title || hint.id;
  sendFeedback(call, `hint:${hint.key}`, { callSid: call.sid, hintId: hint.id, verdict, text: truncate(text, 1000),
    atMs: hint.atMs ?? 0 }, ['hints']);
}

function toggleMissed(lineId) {
  if (page.openMissed.has(lineId)) page.openMissed.delete(lineId);
  else page.openMissed.add(lineId);
  render(['transcript']);
}

function reportMissed(line, hintId) {
  const call = page.call;
  page.openMissed.delete(line.id);
  sendFeedback(call, `line:${lineKey(line)}`, { callSid: call.sid, hintId, verdict: 'missed',
    text: truncate(line.text, 1000), atMs: line.startMs ?? 0 }, ['transcript']);
}

async function sendFeedback(call, target, item, parts) {
  call.feedback.set(target, { state: 'sending', verdict: item.verdict, hintId: item.hintId });
  render(parts);
  let entry;
  try {
    const saved = await api.sendFeedback(item);
    entry = { state: 'saved', id: saved.id, verdict: item.verdict, hintId: item.hintId };
  }
  catch (err) {
    entry = err instanceof ApiError && err.missing ? { state: 'unavailable' } : { state: 'error', message: err.message };
  }
  call.feedback.set(target, entry);
  if (page.call && page.call.sid === call.sid) render(parts);
}

async function undoFeedback(target) {
  const call = page.call;
  const entry = call.feedback.get(target);
  if (!entry || entry.state !== 'saved') return;
  const parts = target.startsWith('hint:') ? ['hints'] : ['transcript'];
  call.feedback.set(target, Object.assign({}, entry, { state: 'undoing' }));
  render(parts);
  try {
    await api.undoFeedback(entry.id);
    call.feedback.delete(target);
  }
  catch (err) {
    call.feedback.set(target, { state: 'error', message: `undo failed: ${err.message}` });
  }
  if (page.call && page.call.sid === call.sid) render(parts);
}

// ------------------------------------------------------------------------------------------ setup check

async function checkSetup() {
  const button = $('#setup-check');
  button.disabled = true;
  renderSetup(roots.setup, { state: 'running' });
  try {
    const result = await api.checkSetup();
    renderSetup(roots.setup, { state: 'done', ok: Boolean(result.ok), mode: result.mode, checks: result.checks });
  }
  catch (err) {
    renderSetup(roots.setup, err instanceof ApiError && err.missing
      ? { state: 'error', missing: true, message: `This server has no setup check yet (POST /api/setup/check answered `
        + `${err.status}). A newer TalkHint checks your Twilio account, number and webhooks from here.` }
      : { state: 'error', message: `The setup check failed: ${err.message}` });
  }
  finally {
    button.disabled = false;
    $('#setup-heading').scrollIntoView({ block: 'nearest' });
  }
}

// ------------------------------------------------------------------------------------------ placing a call

async function onCall(submit) {
  submit.preventDefault();
  clearError();
  page.authDeclined = false;
  const input = $('#to');
  const raw = input.value;
  const to = normalizeNumber(raw);
  if (!to || !E164.test(to)) {
    input.setAttribute('aria-invalid', 'true');
    showError(!to ? 'Enter the number to call, in E.164 format, e.g. +14155550100.'
      : `“${truncate(raw.trim(), 40)}” is not an E.164 number: use a plus sign, the country code and the number, `
        + 'e.g. +14155550100.');
    input.focus();
    return;
  }
  input.value = to;
  const body = { to };
  const scenario = $('#scenario');
  if (page.config && page.config.mode === 'simulator' && scenario.value) body.scenario = scenario.value;

  const button = $('#call');
  button.disabled = true;
  button.textContent = 'Calling…';
  page.requesting = true;
  const requestedAt = Date.now();
  try {
    // 400 (bad number) and 502 (Twilio refused) carry the reason in {error}: shown verbatim.
    const placed = await api.startCall(body);
    if (!placed.callSid) {
      showError('The server accepted the call but returned no callSid.');
      return;
    }
    showLiveCall(placed.callSid, requestedAt);
    scheduleCallsRefresh();
  }
  catch (err) {
    showError(err.message);
    if (err.status === 400) input.setAttribute('aria-invalid', 'true');
  }
  finally {
    page.requesting = false;
    button.disabled = false;
    button.textContent = 'Call';
  }
}

// ------------------------------------------------------------------------------------------ start

function tick() {
  const now = Date.now();
  renderDetail(roots.status, page.call, now);
  tickHints(roots.hints, page.call, now);
  updateLiveCountdown();
}

async function init() {
  $('#call-form').addEventListener('submit', onCall);
  $('#to').addEventListener('input', () => {
    if ($('#to').getAttribute('aria-invalid')) clearError();
  });
  $('#transcript').addEventListener('scroll', () => {
    const box = $('#transcript');
    if (box.scrollHeight - box.scrollTop - box.clientHeight < 30) $('#jump').hidden = true;
  });
  $('#jump').addEventListener('click', () => jumpToLatest(roots.transcript));
  $('#calls-refresh').addEventListener('click', refreshCalls);
  $('#setup-check').addEventListener('click', checkSetup);
  $('#setup-close').addEventListener('click', () => {
    renderSetup(roots.setup, null);
    $('#setup-check').focus();
  });
  $('#auth-cancel').addEventListener('click', () => $('#auth-dialog').close('cancel'));
  $('#auth-form').addEventListener('submit', () => {
    $('#auth-dialog').returnValue = 'ok';
  });
  $('#auth-ok').value = 'ok';
  setInterval(tick, 1000);
  render();

  try {
    applyConfig(await api.config());
  }
  catch (err) {
    showError(`Could not load the configuration: ${err.message}`);
    page.config = {};
  }
  if (page.config.authRequired && !api.token) {
    await askToken('This TalkHint server is protected by TALKHINT_API_TOKEN. Enter the token once; it is kept only '
      + 'for this browser tab.');
  }
  feed.connect();
  refreshCalls();
}

init();
