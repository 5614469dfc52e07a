// TalkHint browser UI: places calls, follows WS /ui/events and shows status, transcript, hints and diagnostics.
// The feed sends every call's status (for the recent-calls list) but a call's transcript, hints and other
// events only to sockets subscribed to it ({"subscribe":"CA…"}); the page subscribes to the call it shows.
// Plain modern JavaScript with no build step and no dependencies, so the page works offline.
// Every piece of server or user data reaches the DOM through textContent / text nodes (never innerHTML).
'use strict';

(() => {
  const TOKEN_KEY = 'talkhint.apiToken';
  const E164 = /^\+[1-9]\d{6,14}$/; // same rule as the server (PhoneNumbers): + and 7 to 15 digits
  const MAX_LOG_ROWS = 1000;
  const MAX_BUFFERED_CALLS = 30;
  const MAX_BUFFERED_EVENTS = 5000;
  const SUBSCRIBE_TIMEOUT_MS = 5000;
  // Talk-ratio and monologue thresholds mirror the default playbook (SPEC "Default hint playbook").
  const TALK_RATIO_LIMIT = 0.65;
  const MONOLOGUE_LIMIT_MS = 60_000;

  /** The happy path, in order; Twilio's CallStatus values map onto these steps. */
  const STEPS = [
    { key: 'calling', label: 'Calling agent' },
    { key: 'ringing', label: 'Ringing' },
    { key: 'connected', label: 'Connected' },
    { key: 'streaming', label: 'Streaming' },
    { key: 'completed', label: 'Completed' },
  ];
  const STATUS_TO_STEP = {
    queued: 'calling', initiated: 'calling', ringing: 'ringing', 'in-progress': 'connected', answered: 'connected',
    streaming: 'streaming', completed: 'completed',
  };
  // Terminal statuses other than completed; "interrupted" is TalkHint's own (the server shut down mid-call).
  const FAILED_LABELS = {
    busy: 'Busy', failed: 'Failed', 'no-answer': 'No answer', canceled: 'Canceled', interrupted: 'Interrupted',
  };

  const $ = (sel) => document.querySelector(sel);

  const state = {
    config: null,
    token: sessionStorage.getItem(TOKEN_KEY) || '',
    authPrompt: null,          // the open token dialog's promise, so concurrent 401s ask only once
    authDeclined: false,
    view: null,                // the call shown on screen
    buffers: new Map(),        // callSid -> live events seen since the page loaded (newest calls last)
    globalDiagnostics: [],     // diagnostics with no callSid (process-wide)
    ws: null,
    wsAttempts: 0,
    wsEverOpen: false,
    wsRetryAt: 0,
    wsTimer: null,
    following: null,           // {sid, ws, confirmed, confirm}: the subscription asked for on the open feed
    callsRefreshTimer: null,
    knownCalls: new Set(),
    requesting: false,
    callsShownOnce: false,
  };

  // ---------------------------------------------------------------- small helpers

  /** Builds an element; string children become text nodes, so data can never become markup. */
  function h(tag, props, ...kids) {
    const node = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value == null || value === false) continue;
        if (key === 'class') node.className = value;
        else if (key === 'text') node.textContent = String(value);
        else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (const kid of kids.flat()) {
      if (kid == null || kid === false) continue;
      node.append(kid instanceof Node ? kid : String(kid));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.firstChild.remove();
  }

  /** Event times arrive as ISO-8601 strings (Jackson) but numbers (epoch s or ms) are tolerated too. */
  function parseAt(at) {
    if (at == null || at === '') return null;
    if (typeof at === 'number') return at < 1e12 ? Math.round(at * 1000) : at;
    const ms = Date.parse(at);
    return Number.isNaN(ms) ? null : ms;
  }

  function pad(n, width = 2) {
    return String(n).padStart(width, '0');
  }

  function clock(ms) {
    if (ms == null) return '';
    const d = new Date(ms);
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  function clockMillis(ms) {
    if (ms == null) return '';
    return `${clock(ms)}.${pad(new Date(ms).getMilliseconds(), 3)}`;
  }

  /** Milliseconds as m:ss (stream offsets, durations). */
  function mmss(ms) {
    if (ms == null || !Number.isFinite(Number(ms))) return '–';
    const total = Math.max(0, Math.floor(Number(ms) / 1000));
    return `${Math.floor(total / 60)}:${pad(total % 60)}`;
  }

  function secondsSince(t, now) {
    return Math.max(0, Math.floor((now - t) / 1000));
  }

  function ago(t, now) {
    const s = secondsSince(t, now);
    if (s < 60) return `${s} s ago`;
    const m = Math.floor(s / 60);
    return m < 60 ? `${m} min ago` : `${Math.floor(m / 60)} h ago`;
  }

  function speakerOf(value) {
    return String(value || '').toLowerCase() === 'agent' ? 'agent' : 'customer';
  }

  function speakerName(speaker) {
    return speaker === 'agent' ? 'You (agent)' : 'Customer';
  }

  function cssToken(value) {
    return String(value || '').toLowerCase().replace(/[^a-z0-9-]/g, '');
  }

  function humanize(key) {
    const spaced = String(key).replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
    return spaced.charAt(0).toUpperCase() + spaced.slice(1);
  }

  function percent(ratio) {
    return `${Math.round(Math.min(1, Math.max(0, ratio)) * 100)} %`;
  }

  function truncate(text, max) {
    const s = String(text);
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
  }

  /** Removes the spaces, dashes, dots and brackets people type; the server still validates the result. */
  function normalizeNumber(raw) {
    return String(raw || '').trim().replace(/[\s\-().]/g, '');
  }

  // ---------------------------------------------------------------- errors and auth

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

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /** Opens the token dialog once; concurrent callers share the same answer. Resolves true when a token was entered. */
  function askToken(message) {
    if (state.authPrompt) return state.authPrompt;
    if (state.authDeclined) return Promise.resolve(false);
    const dialog = $('#auth-dialog');
    const input = $('#auth-token');
    $('#auth-message').textContent = message;
    input.value = '';
    state.authPrompt = new Promise((resolve) => {
      const finish = (ok) => {
        dialog.removeEventListener('close', onClose);
        state.authPrompt = null;
        if (ok) {
          state.token = input.value.trim();
          sessionStorage.setItem(TOKEN_KEY, state.token);
          state.authDeclined = false;
          // A feed already running (or retrying) was refused without the token; start it again with it.
          if (state.ws || state.wsTimer) reconnectEvents();
        }
        else {
          state.authDeclined = true;
        }
        resolve(ok);
      };
      const onClose = () => finish(dialog.returnValue === 'ok' && input.value.trim() !== '');
      dialog.addEventListener('close', onClose);
      dialog.returnValue = '';
      dialog.showModal();
      input.focus();
    });
    return state.authPrompt;
  }

  /** fetch() with the bearer token; a 401 asks for the token (once) and retries. */
  async function api(path, options = {}) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
      if (state.token) headers.Authorization = `Bearer ${state.token}`;
      let response;
      try {
        response = await fetch(path, Object.assign({}, options, { headers }));
      }
      catch (err) {
        throw new ApiError(0, `Cannot reach the TalkHint server (${path}): ${err.message}`);
      }
      if (response.status !== 401) return response;
      const rejected = state.token !== '';
      if (rejected) {
        state.token = '';
        sessionStorage.removeItem(TOKEN_KEY);
      }
      const message = rejected
        ? 'The server rejected the API token (401 Unauthorized). Enter the value of TALKHINT_API_TOKEN.'
        : 'This TalkHint server requires an API token (401 Unauthorized). Enter the value of TALKHINT_API_TOKEN.';
      const entered = await askToken(message);
      if (!entered) break;
    }
    throw new ApiError(401, 'Not authorised (401): this server needs its API token (TALKHINT_API_TOKEN). '
      + 'Press Call or reload the page to enter it.');
  }

  async function readJson(response) {
    const text = await response.text();
    if (!text) return {};
    try {
      return JSON.parse(text);
    }
    catch {
      return { error: truncate(text, 300) };
    }
  }

  // ---------------------------------------------------------------- configuration

  async function loadConfig() {
    const response = await api('/api/config');
    if (!response.ok) throw new ApiError(response.status, `GET /api/config answered ${response.status}`);
    return readJson(response);
  }

  function applyConfig(config) {
    state.config = config;
    const simulator = config.mode === 'simulator';
    const banner = $('#banner');
    banner.textContent = simulator ? 'Simulated calls — set TWILIO_* to place real calls' : '';
    banner.hidden = !simulator;

    const select = $('#scenario');
    clear(select);
    const scenarios = Array.isArray(config.scenarios) ? config.scenarios : [];
    for (const scenario of scenarios) {
      if (!scenario || scenario.id == null) continue;
      const length = Number(scenario.durationMs) > 0 ? ` — ${mmss(scenario.durationMs)}` : '';
      select.append(h('option', { value: scenario.id }, `${scenario.title || scenario.id}${length}`));
    }
    $('#scenario-field').hidden = !simulator || select.options.length === 0;

    const agent = $('#agent-number');
    if (config.agentNumber) {
      agent.textContent = `TalkHint will ring your phone ${config.agentNumber} first, then connect you to this number`
        + (config.twilioNumber ? ` (caller ID ${config.twilioNumber}).` : '.');
    }
    else {
      agent.textContent = 'AGENT_PHONE_NUMBER is not set: TalkHint needs your own phone number to ring you first.';
    }
  }

  async function retryConfig() {
    try {
      applyConfig(await loadConfig());
      clearError();
    }
    catch (err) {
      showError(`Could not load the configuration: ${err.message}`);
    }
  }

  // ---------------------------------------------------------------- live events socket

  /** The feed indicator; {@code extra} (the retry countdown) changes every second, so it is not announced. */
  function setLive(kind, text, extra = '') {
    const node = $('#live');
    node.className = `live live-${kind}`;
    if ($('#live-text').textContent !== text) $('#live-text').textContent = text;
    $('#live-extra').textContent = extra;
  }

  function eventsUrl() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    // Browsers cannot set headers on a WebSocket handshake, so the token travels as a query parameter.
    const query = state.token ? `?access_token=${encodeURIComponent(state.token)}` : '';
    return `${scheme}//${location.host}/ui/events${query}`;
  }

  function connectEvents() {
    clearTimeout(state.wsTimer);
    state.wsTimer = null;
    // Never two feeds at once: every event would be shown twice.
    const old = state.ws;
    state.ws = null;
    if (old) old.close();
    let ws;
    try {
      ws = new WebSocket(eventsUrl());
    }
    catch (err) {
      scheduleReconnect();
      return;
    }
    state.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      const reconnected = state.wsEverOpen;
      state.wsEverOpen = true;
      state.wsAttempts = 0;
      setLive('on', 'live');
      if (!state.config || !state.config.mode) retryConfig(); // the server was down when the page loaded
      if (reconnected) refreshCalls();
      resync();
    };
    ws.onmessage = (message) => {
      if (state.ws !== ws) return;
      let event;
      try {
        event = JSON.parse(message.data);
      }
      catch {
        return;
      }
      if (!event || typeof event.type !== 'string') return;
      if (event.type === 'subscribed' || event.type === 'unsubscribed' || event.type === 'error') onReply(ws, event);
      else onLiveEvent(event);
    };
    ws.onclose = () => {
      unfollow(ws);
      if (state.ws !== ws) return; // replaced on purpose (new token)
      state.ws = null;
      if (!opened) probeAuth();
      scheduleReconnect();
    };
    ws.onerror = () => { /* onclose follows and handles the retry */ };
  }

  /** A refused handshake looks like any other close; an API call tells a 401 apart and asks for the token. */
  function probeAuth() {
    if (state.config && state.config.authRequired) refreshCalls();
  }

  function scheduleReconnect() {
    const delay = Math.min(15_000, 500 * 2 ** state.wsAttempts);
    state.wsAttempts += 1;
    state.wsRetryAt = Date.now() + delay;
    state.wsTimer = setTimeout(connectEvents, delay);
    updateLiveCountdown();
  }

  function updateLiveCountdown() {
    if (state.ws || !state.wsTimer) return;
    const seconds = Math.max(0, Math.ceil((state.wsRetryAt - Date.now()) / 1000));
    setLive('retry', 'reconnecting', seconds > 0 ? ` in ${seconds} s…` : '…');
  }

  function reconnectEvents() {
    state.wsAttempts = 0;
    connectEvents();
  }

  /**
   * A new feed follows nothing yet, and events may have been missed while there was none: the shown call is
   * subscribed to again and reloaded from storage (loadStoredCall does both, in that order).
   */
  function resync() {
    const view = state.view;
    if (view && !view.ended) loadStoredCall(view.sid, { keepRequestedAt: view.requestedAt, quiet: true });
  }

  /**
   * Subscribes the feed to {@code sid} (and unsubscribes the call followed before: the page shows one call).
   * Resolves true once the server confirmed it, false when there is no open feed (the next one subscribes
   * in resync), the server refused, or it did not answer in time.
   */
  function follow(sid) {
    const ws = state.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
    const current = state.following;
    if (current && current.ws === ws && current.sid === sid) return current.confirmed;
    if (current && current.ws === ws) send(ws, { unsubscribe: current.sid });
    if (current) current.confirm(false);
    let confirm;
    const confirmed = new Promise((resolve) => {
      confirm = resolve;
    });
    const timer = setTimeout(() => confirm(false), SUBSCRIBE_TIMEOUT_MS);
    const following = { sid, ws, confirmed, confirm: (ok) => { clearTimeout(timer); confirm(ok); } };
    state.following = following;
    send(ws, { subscribe: sid });
    return confirmed;
  }

  function unfollow(ws) {
    const current = state.following;
    if (!current || current.ws !== ws) return;
    state.following = null;
    current.confirm(false);
  }

  function send(ws, message) {
    try {
      ws.send(JSON.stringify(message));
    }
    catch { /* closing: onclose follows and the next feed subscribes again */ }
  }

  /** The server's answers to subscribe/unsubscribe: {type: subscribed | unsubscribed | error, callSid, data}. */
  function onReply(ws, reply) {
    const current = state.following;
    const mine = current && current.ws === ws && current.sid === reply.callSid;
    if (reply.type === 'subscribed' && mine) current.confirm(true);
    if (reply.type === 'error') {
      console.warn('TalkHint live feed refused a request:', reply.data && reply.data.message);
      if (mine) current.confirm(false);
    }
  }

  function onLiveEvent(event) {
    event.rx = Date.now();
    const sid = event.callSid || null;
    if (!sid) {
      if (event.type === 'diagnostic') {
        state.globalDiagnostics.push(event);
        if (state.globalDiagnostics.length > 20) state.globalDiagnostics.shift();
        renderDiagnostics();
      }
      if (state.view) logEvent(state.view, event);
      return;
    }
    bufferEvent(sid, event);
    if (event.type === 'call.status') showListedStatus(sid, event.data || {});
    if (event.type === 'call.status' || !state.knownCalls.has(sid)) scheduleCallsRefresh();

    const view = state.view;
    if (view && view.sid === sid) {
      if (view.loading) return; // replayed from the buffer once the stored snapshot is drawn
      applyEvent(view, event);
      return;
    }
    // Follow a new call automatically unless the user is watching another call that is still live.
    if (!state.requesting && (!view || view.ended) && !state.knownCalls.has(sid)) {
      state.knownCalls.add(sid);
      showLiveCall(sid, null);
    }
  }

  function bufferEvent(sid, event) {
    let list = state.buffers.get(sid);
    if (!list) {
      list = [];
      state.buffers.set(sid, list);
      while (state.buffers.size > MAX_BUFFERED_CALLS) state.buffers.delete(state.buffers.keys().next().value);
    }
    list.push(event);
    if (list.length > MAX_BUFFERED_EVENTS) list.splice(0, list.length - MAX_BUFFERED_EVENTS);
  }

  // ---------------------------------------------------------------- the call view

  function newView(sid) {
    return {
      sid,
      direction: null,
      requestedAt: null,
      loading: false,
      ended: false,
      failedLabel: null,
      steps: new Map(),           // step key -> time (ms)
      milestones: {},             // placed, ringing, answered, twiml, socket, stream, stopped, ended, lastSpeech
      lastSpeaker: null,
      finals: new Set(),
      partials: new Map(),        // speaker -> element
      hints: new Map(),           // key -> {hint, rx, node}
      dismissed: new Set(),
      diagnostics: [],
      diagnosticKeys: new Set(),
      lastLog: null,
    };
  }

  function resetScreen(sid) {
    $('#call-sid').textContent = sid || '';
    clear($('#events'));
    clear($('#transcript-lines'));
    clear($('#transcript-partials'));
    $('#transcript-empty').hidden = false;
    clear($('#hints'));
    $('#hints-empty').hidden = false;
    $('#jump').hidden = true;
    renderMetrics({});
    $('#monologue').textContent = '—';
    const checklist = $('#checklist');
    clear(checklist);
    checklist.append(h('li', { class: 'empty' }, 'Starts when the call streams.'));
    const summary = $('#summary');
    clear(summary);
    summary.append(h('p', { class: 'empty' }, 'Written when the call ends.'));
    renderDiagnostics();
    highlightSelectedCall();
  }

  /** Shows a call we follow live: everything buffered for it so far is replayed in order. */
  function showLiveCall(sid, requestedAt) {
    if (state.view && state.view.sid === sid) {
      if (requestedAt && !state.view.requestedAt) state.view.requestedAt = requestedAt;
      renderStatus();
      return;
    }
    state.knownCalls.add(sid);
    const view = newView(sid);
    state.view = view;
    view.requestedAt = requestedAt;
    resetScreen(sid);
    for (const event of state.buffers.get(sid) || []) applyEvent(view, event);
    renderStatus();
    // Until the server confirms the subscription only the call's statuses reach the page: what happened
    // before that (the recorder stores before it publishes) comes from storage, the rest live.
    follow(sid).then((ok) => {
      if (ok && state.view === view) loadStoredCall(sid, { keepRequestedAt: view.requestedAt, quiet: true });
    });
  }

  function applyEvent(view, event) {
    const data = event.data && typeof event.data === 'object' ? event.data : {};
    const t = event.rx || parseAt(event.at) || Date.now();
    switch (event.type) {
      case 'call.status':
        applyStatus(view, String(data.status || '').toLowerCase(), data.label, t);
        break;
      case 'twilio.event':
        applyTwilioEvent(view, String(data.event || ''), t);
        break;
      case 'transcript.partial':
        setPartial(view, speakerOf(data.speaker), data.text || '');
        noteSpeech(view, speakerOf(data.speaker), t);
        break;
      case 'transcript.final':
        addFinal(view, data);
        noteSpeech(view, speakerOf(data.speaker), t);
        break;
      case 'hint':
        addHint(view, data, event.rx || null);
        break;
      case 'diagnostic':
        addDiagnostic(view, Object.assign({ at: event.at }, data));
        break;
      case 'coaching.metrics':
        renderMetrics(data);
        break;
      case 'coaching.checklist':
        renderChecklist(data.items);
        break;
      case 'call.summary':
        renderSummary(data);
        break;
      default:
        break;
    }
    logEvent(view, event);
    if (view === state.view) renderStatus();
  }

  function applyStatus(view, status, label, t) {
    const m = view.milestones;
    const step = STATUS_TO_STEP[status];
    if (step && !view.steps.has(step)) view.steps.set(step, t);
    if (status === 'queued' || status === 'initiated') m.placed = m.placed || t;
    if (status === 'ringing') m.ringing = m.ringing || t;
    if (status === 'in-progress' || status === 'answered') m.answered = m.answered || t;
    if (status === 'streaming') m.stream = m.stream || t;
    if (status === 'completed') {
      m.ended = m.ended || t;
      view.ended = true;
    }
    if (FAILED_LABELS[status]) {
      view.failedLabel = label || FAILED_LABELS[status];
      view.failedAt = t;
      m.ended = m.ended || t;
      view.ended = true;
    }
    if (label && step) view.stepLabels = Object.assign(view.stepLabels || {}, { [step]: label });
  }

  function applyTwilioEvent(view, name, t) {
    const m = view.milestones;
    switch (name) {
      case 'twiml-fetched':
        m.twiml = m.twiml || t;
        break;
      case 'connected':
        m.socket = m.socket || t;
        break;
      case 'start':
      case 'stream-started':
        m.stream = m.stream || t;
        break;
      case 'stop':
      case 'stream-stopped':
      case 'closed':
        m.stopped = m.stopped || t;
        break;
      default:
        break;
    }
  }

  function noteSpeech(view, speaker, t) {
    view.milestones.lastSpeech = t;
    view.lastSpeaker = speaker;
  }

  // ---------------------------------------------------------------- status line

  /** What the call is waiting for, derived from the last milestone reached and the clock. */
  function statusDetail(view, now) {
    const m = view.milestones;
    if (view.failedLabel) return { text: `The call ended: ${view.failedLabel}.`, waiting: false };
    if (m.ended) {
      const start = m.placed || view.requestedAt || firstStepTime(view);
      const ended = start ? `Call ended after ${mmss(m.ended - start)}` : 'Call ended';
      // "Completed" without a stream is the failure that looks like success: never let it read as fine.
      if (!m.stream) {
        const missing = m.twiml ? 'Twilio never opened the media stream' : 'Twilio never fetched the TwiML';
        return { text: `${ended}, but ${missing}: nothing was transcribed. See Diagnostics.`, waiting: true };
      }
      return { text: `${ended}.`, waiting: false };
    }
    if (m.stopped) {
      return {
        text: `Media stream stopped ${secondsSince(m.stopped, now)} s ago — waiting for Twilio to report the call completed`,
        waiting: true,
      };
    }
    if (m.stream) {
      if (m.lastSpeech) {
        return {
          text: `Listening — last speech ${secondsSince(m.lastSpeech, now)} s ago (${speakerName(view.lastSpeaker)})`,
          waiting: false,
        };
      }
      return { text: `Waiting for speech — stream started ${secondsSince(m.stream, now)} s ago`, waiting: true };
    }
    if (m.socket) {
      return {
        text: `Waiting for the stream's start message — media socket connected ${secondsSince(m.socket, now)} s ago`,
        waiting: true,
      };
    }
    if (m.twiml) {
      return { text: `Waiting for the media stream — ${secondsSince(m.twiml, now)} s since TwiML was served`, waiting: true };
    }
    if (m.answered) {
      const webhook = view.direction === 'inbound' ? '/twilio/inbound' : '/twilio/outbound';
      return {
        text: `Waiting for Twilio to fetch ${webhook} — ${secondsSince(m.answered, now)} s since answered`,
        waiting: true,
      };
    }
    if (m.ringing) {
      return { text: `Waiting for the agent to answer — ringing for ${secondsSince(m.ringing, now)} s`, waiting: true };
    }
    if (m.placed) {
      return {
        text: `Waiting for the agent's phone to ring — ${secondsSince(m.placed, now)} s since the call was placed`,
        waiting: true,
      };
    }
    if (view.requestedAt) {
      return {
        text: `Waiting for the first status from Twilio — ${secondsSince(view.requestedAt, now)} s since Call was pressed`,
        waiting: true,
      };
    }
    return { text: 'No status events for this call yet.', waiting: false };
  }

  function firstStepTime(view) {
    let first = null;
    for (const t of view.steps.values()) if (first == null || t < first) first = t;
    return first;
  }

  function renderStatus() {
    const view = state.view;
    const status = $('#status');
    const list = $('#status-steps');
    clear(list);
    if (!view) {
      status.textContent = 'No call yet';
      status.className = 'status';
      return;
    }
    let furthest = -1;
    STEPS.forEach((step, index) => {
      if (view.steps.has(step.key)) furthest = index;
    });
    const labels = view.stepLabels || {};
    if (view.failedLabel) {
      status.textContent = view.failedLabel;
      status.className = 'status bad';
    }
    else if (furthest >= 0) {
      const step = STEPS[furthest];
      status.textContent = labels[step.key] || step.label;
      if (step.key !== 'completed') status.className = 'status';
      else status.className = view.milestones.stream ? 'status done' : 'status warn';
    }
    else {
      status.textContent = view.requestedAt ? 'Call requested' : 'Unknown';
      status.className = 'status';
    }
    const origin = view.requestedAt || firstStepTime(view);
    STEPS.forEach((step, index) => {
      if (view.failedLabel && step.key === 'completed' && !view.steps.has('completed')) return;
      const t = view.steps.get(step.key);
      const skipped = t == null && index < furthest;
      const classes = [t != null ? 'reached' : '', skipped ? 'skipped' : '',
        index === furthest && !view.failedLabel ? 'current' : ''].filter(Boolean).join(' ');
      list.append(h('li', { class: classes || null, 'data-step': step.key },
        h('span', { class: 'label' }, labels[step.key] || step.label),
        t != null ? h('time', { datetime: new Date(t).toISOString() },
          origin != null ? `${clock(t)} (+${((t - origin) / 1000).toFixed(1)} s)` : clock(t))
          : (skipped ? h('time', null, 'never happened') : null)));
    });
    if (view.failedLabel) {
      list.append(h('li', { class: 'failed current', 'data-step': 'failed' },
        h('span', { class: 'label' }, view.failedLabel),
        view.failedAt ? h('time', null, clock(view.failedAt)) : null));
    }
    renderStatusDetail();
  }

  function renderStatusDetail() {
    const node = $('#status-detail');
    if (!state.view) return;
    const detail = statusDetail(state.view, Date.now());
    node.textContent = detail.text;
    node.className = detail.waiting ? 'status-detail waiting' : 'status-detail';
  }

  // ---------------------------------------------------------------- event log

  function eventDetail(type, d) {
    switch (type) {
      case 'call.status':
        return [d.label, d.status ? `(${d.status})` : ''].filter(Boolean).join(' ');
      case 'twilio.event': {
        const parts = [d.event];
        if (d.track) parts.push(`track=${d.track}`);
        if (d.speaker) parts.push(`speaker=${d.speaker}`);
        if (d.error) parts.push(`error: ${d.error}`);
        return parts.filter(Boolean).join(' ');
      }
      case 'transcript.partial':
        return `${speakerOf(d.speaker)}: ${d.text || ''}`;
      case 'transcript.final':
        return `${speakerOf(d.speaker)} ${mmss(d.startMs)}–${mmss(d.endMs)}: ${d.text || ''}`;
      case 'hint':
        return `${d.kind || 'hint'} · ${d.title || d.id || ''}`;
      case 'diagnostic':
        return `${d.code || 'diagnostic'}: ${d.message || ''}`;
      case 'coaching.metrics':
        return [
          typeof d.talkRatio === 'number' ? `agent talk ${percent(d.talkRatio)}` : null,
          d.monologueMs != null ? `monologue ${mmss(d.monologueMs)}` : null,
        ].filter(Boolean).join(', ');
      case 'coaching.checklist': {
        const items = Array.isArray(d.items) ? d.items : [];
        return `${items.filter((i) => i && i.done).length}/${items.length} done`;
      }
      case 'call.summary':
        return 'summary written';
      default:
        return truncate(JSON.stringify(d), 200);
    }
  }

  /** Chatty event types update one log row in place instead of adding a row per event. */
  function collapseKey(type, d) {
    if (type === 'transcript.partial') return `partial:${speakerOf(d.speaker)}`;
    if (type === 'coaching.metrics') return 'metrics';
    return null;
  }

  function logEvent(view, event) {
    if (view !== state.view) return;
    const data = event.data && typeof event.data === 'object' ? event.data : {};
    appendLogRow(view, parseAt(event.at) || event.rx, event.type, eventDetail(event.type, data),
      collapseKey(event.type, data), event.type === 'diagnostic' || (event.type === 'twilio.event'
        && data.event === 'stream-error') || (event.type === 'call.status' && FAILED_LABELS[data.status]));
  }

  function appendLogRow(view, at, type, detail, key, bad) {
    const list = $('#events');
    const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 20;
    const last = view.lastLog;
    if (key && last && last.key === key && last.node.isConnected) {
      last.count += 1;
      last.node.querySelector('time').textContent = clockMillis(at);
      last.node.querySelector('.detail').textContent = `${detail} (×${last.count})`;
    }
    else {
      const node = h('li', { class: [`ev-${cssToken(type.replace('.', '-'))}`, bad ? 'failed' : ''].join(' ').trim(),
        'data-type': type },
        h('time', null, clockMillis(at)), h('span', { class: 'type' }, type), h('span', { class: 'detail' }, detail));
      list.append(node);
      view.lastLog = { key, node, count: 1 };
      while (list.children.length > MAX_LOG_ROWS) list.firstElementChild.remove();
    }
    if (stick) list.scrollTop = list.scrollHeight;
  }

  // ---------------------------------------------------------------- transcript

  // Follow the conversation only while the reader is at the bottom; measured before each change (not from the
  // last scroll event, which the browser may deliver after new text already arrived).
  function transcriptAtBottom() {
    const box = $('#transcript');
    return box.scrollHeight - box.scrollTop - box.clientHeight < 30;
  }

  function onTranscriptScroll() {
    if (transcriptAtBottom()) $('#jump').hidden = true;
  }

  function afterTranscriptChange(follow) {
    $('#transcript-empty').hidden = $('#transcript-lines').childElementCount + $('#transcript-partials').childElementCount > 0;
    if (follow) {
      const box = $('#transcript');
      box.scrollTop = box.scrollHeight;
      $('#jump').hidden = true;
    }
    else {
      $('#jump').hidden = false;
    }
  }

  function jumpToLatest() {
    const box = $('#transcript');
    box.scrollTop = box.scrollHeight;
    $('#jump').hidden = true;
  }

  function setPartial(view, speaker, text) {
    if (view !== state.view) return;
    const follow = transcriptAtBottom();
    let node = view.partials.get(speaker);
    if (!text.trim()) {
      if (node) node.remove();
      view.partials.delete(speaker);
      return;
    }
    if (!node) {
      // Partials rewrite themselves many times a second; screen readers get the final line instead.
      node = h('div', { class: `bubble partial ${speaker}`, 'data-speaker': speaker, 'aria-hidden': 'true' },
        h('span', { class: 'meta' }, `${speakerName(speaker)} · speaking…`), h('span', { class: 'text' }));
      view.partials.set(speaker, node);
      $('#transcript-partials').append(node);
    }
    node.querySelector('.text').textContent = text;
    afterTranscriptChange(follow);
  }

  function addFinal(view, segment) {
    if (view !== state.view) return;
    const speaker = speakerOf(segment.speaker);
    const text = String(segment.text || '');
    const startMs = Number(segment.startMs);
    const key = `${speaker}|${segment.startMs}|${text}`;
    const follow = transcriptAtBottom();
    setPartial(view, speaker, '');
    if (view.finals.has(key) || !text.trim()) return;
    view.finals.add(key);
    const node = h('div', { class: `bubble final ${speaker}`, 'data-speaker': speaker, 'data-start-ms': startMs },
      h('span', { class: 'meta' }, `${speakerName(speaker)} · ${mmss(startMs)}`), h('span', { class: 'text' }, text));
    // The two tracks are recognised independently, so finals can arrive slightly out of order: keep startMs order.
    const lines = $('#transcript-lines');
    let before = null;
    if (Number.isFinite(startMs)) {
      for (let child = lines.lastElementChild; child; child = child.previousElementSibling) {
        if (Number(child.dataset.startMs) > startMs) before = child;
        else break;
      }
    }
    lines.insertBefore(node, before);
    afterTranscriptChange(follow);
  }

  // ---------------------------------------------------------------- hints

  function addHint(view, hint, rx) {
    if (view !== state.view) return;
    const key = `${hint.id || hint.title || ''}|${hint.atMs != null ? hint.atMs : ''}`;
    if (view.hints.has(key) || view.dismissed.has(key)) return;
    const kind = hint.kind || 'hint';
    const age = h('span', { class: 'age', 'aria-hidden': 'true' }); // ticks every second: not for screen readers
    const node = h('li', { class: `hint ${cssToken(kind)}`, 'data-hint-id': hint.id || '' },
      h('div', { class: 'hint-head' },
        h('span', { class: 'badge' }, kind),
        h('span', { class: 'hint-title' }, hint.title || hint.id || 'Hint'),
        age),
      hint.text ? h('p', { class: 'hint-text' }, hint.text) : null,
      hint.trigger ? h('p', { class: 'trigger' }, `Heard: “${hint.trigger}”`) : null,
      h('button', {
        type: 'button', class: 'dismiss', 'aria-label': `Dismiss hint: ${hint.title || hint.id || ''}`,
        onclick: () => {
          view.dismissed.add(key);
          view.hints.delete(key);
          node.remove();
          $('#hints-empty').hidden = view.hints.size > 0;
        },
      }, '×'));
    view.hints.set(key, { hint, rx, age });
    $('#hints').prepend(node);
    $('#hints-empty').hidden = true;
    updateHintAge(view.hints.get(key), Date.now());
  }

  function updateHintAge(entry, now) {
    // A live hint shows how long ago it fired; a stored one shows where in the call it fired.
    if (entry.rx) entry.age.textContent = ago(entry.rx, now);
    else entry.age.textContent = entry.hint.atMs != null ? `at ${mmss(entry.hint.atMs)}` : '';
  }

  // ---------------------------------------------------------------- diagnostics

  function addDiagnostic(view, diag) {
    const key = `${diag.code || ''}|${diag.message || ''}`;
    if (view.diagnosticKeys.has(key)) return;
    view.diagnosticKeys.add(key);
    view.diagnostics.push(diag);
    if (view === state.view) renderDiagnostics();
  }

  function renderDiagnostics() {
    const box = $('#diagnostics');
    clear(box);
    const all = state.globalDiagnostics.map((e) => Object.assign({ at: e.at }, e.data || {}))
      .concat(state.view ? state.view.diagnostics : []);
    if (all.length === 0) {
      box.append(h('p', { class: 'empty' }, 'No problems detected.'));
      return;
    }
    for (const d of all) {
      const warning = String(d.severity || d.level || '').toLowerCase().startsWith('warn');
      const at = parseAt(d.at);
      box.append(h('article', { class: warning ? 'diag warning' : 'diag', 'data-code': d.code || '' },
        h('div', { class: 'diag-head' },
          h('code', null, d.code || 'diagnostic'),
          h('span', { class: 'message' }, d.message || 'Something in the call chain went wrong.'),
          at ? h('time', { class: 'age' }, clock(at)) : null),
        (d.cause || d.fix) ? h('dl', null,
          d.cause ? [h('dt', null, 'Cause'), h('dd', { class: 'cause' }, d.cause)] : null,
          d.fix ? [h('dt', null, 'Fix'), h('dd', { class: 'fix' }, d.fix)] : null) : null));
    }
  }

  // ---------------------------------------------------------------- coaching

  function renderMetrics(data) {
    const bar = $('#talk-ratio');
    const fill = $('#talk-ratio-agent');
    const text = $('#talk-ratio-text');
    let ratio = typeof data.talkRatio === 'number' ? data.talkRatio : null;
    const agentMs = Number(data.agentMs);
    const customerMs = Number(data.customerMs);
    if (ratio == null && agentMs + customerMs > 0) ratio = agentMs / (agentMs + customerMs);
    if (ratio == null || !Number.isFinite(ratio)) {
      fill.style.width = '0%';
      text.textContent = '—';
      bar.setAttribute('aria-valuenow', '0');
      bar.classList.remove('over');
    }
    else {
      const clamped = Math.min(1, Math.max(0, ratio));
      fill.style.width = `${(clamped * 100).toFixed(1)}%`;
      text.textContent = `You ${percent(clamped)} · Customer ${percent(1 - clamped)}`;
      bar.setAttribute('aria-valuenow', String(Math.round(clamped * 100)));
      bar.setAttribute('aria-valuetext', text.textContent);
      bar.classList.toggle('over', clamped > TALK_RATIO_LIMIT);
    }
    const monologue = $('#monologue');
    if (data.monologueMs != null && Number.isFinite(Number(data.monologueMs))) {
      monologue.textContent = mmss(data.monologueMs);
      monologue.classList.toggle('over', Number(data.monologueMs) > MONOLOGUE_LIMIT_MS);
    }
  }

  function renderChecklist(items) {
    const list = $('#checklist');
    clear(list);
    const entries = Array.isArray(items) ? items : [];
    if (entries.length === 0) {
      list.append(h('li', { class: 'empty' }, 'Starts when the call streams.'));
      return;
    }
    for (const item of entries) {
      if (!item) continue;
      const label = item.label || item.id || '';
      list.append(h('li', { class: item.done ? 'done' : null, 'data-item': item.id || '',
        'aria-label': `${label}: ${item.done ? 'done' : 'not yet'}` }, label));
    }
  }

  function formatValue(value) {
    if (value == null) return '—';
    if (Array.isArray(value)) {
      if (value.length === 0) return 'none';
      return h('ul', null, value.map((v) => h('li', null, formatValue(v))));
    }
    if (typeof value === 'object') {
      if (value.label != null && 'done' in value) return `${value.done ? '✓' : '○'} ${value.label}`;
      if (value.title != null || value.id != null) {
        const name = value.title || value.id;
        return value.count != null ? `${name} ×${value.count}` : String(name);
      }
      return Object.entries(value).map(([k, v]) => `${humanize(k)}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
        .join(', ');
    }
    if (typeof value === 'boolean') return value ? 'yes' : 'no';
    return String(value);
  }

  function renderSummary(summary) {
    const box = $('#summary');
    clear(box);
    if (!summary || typeof summary !== 'object' || Object.keys(summary).length === 0) {
      box.append(h('p', { class: 'empty' }, 'Written when the call ends.'));
      return;
    }
    const list = h('dl');
    const order = ['hintsFired', 'checklist', 'talkRatio', 'questions', 'nextSteps'];
    const keys = order.filter((k) => k in summary).concat(Object.keys(summary).filter((k) => !order.includes(k)));
    for (const key of keys) {
      let value = summary[key];
      if (key === 'talkRatio' && typeof value === 'number') value = `You ${percent(value)} · Customer ${percent(1 - value)}`;
      if (key === 'checklist' && value && Array.isArray(value.items)) value = value.items;
      if (/Ms$/.test(key) && typeof value === 'number') value = mmss(value);
      list.append(h('dt', null, humanize(key)), h('dd', { 'data-key': key }, formatValue(value)));
    }
    box.append(list);
  }

  // ---------------------------------------------------------------- recent calls and stored calls

  function scheduleCallsRefresh() {
    if (state.callsRefreshTimer) return;
    state.callsRefreshTimer = setTimeout(() => {
      state.callsRefreshTimer = null;
      refreshCalls();
    }, 400);
  }

  async function refreshCalls() {
    let calls;
    try {
      const response = await api('/api/calls');
      if (!response.ok) return;
      const body = await readJson(response);
      calls = Array.isArray(body) ? body : (Array.isArray(body.calls) ? body.calls : []);
    }
    catch (err) {
      if (err.status === 401) showError(err.message);
      return;
    }
    const list = $('#calls');
    clear(list);
    if (calls.length === 0) {
      list.append(h('li', { class: 'empty' }, 'No calls yet.'));
      return;
    }
    for (const call of calls) {
      if (!call || !call.callSid) continue;
      state.knownCalls.add(call.callSid);
      const status = String(call.status || '');
      const label = FAILED_LABELS[status] || (STEPS.find((s) => s.key === STATUS_TO_STEP[status]) || {}).label || status;
      const created = parseAt(call.createdAt);
      list.append(h('li', null, h('button', {
        type: 'button', 'data-sid': call.callSid,
        onclick: () => loadStoredCall(call.callSid, {}),
      },
      h('span', { class: 'who-called' }, call.to || call.callSid),
      h('span', { class: 'call-status' }, label),
      h('span', { class: 'when' }, [call.direction, created ? `${new Date(created).toLocaleDateString()} ${clock(created)}` : '']
        .filter(Boolean).join(' · ')),
      h('span', { class: 'when' }, truncate(call.callSid, 14)))));
    }
    highlightSelectedCall();
    // Opened (or reloaded) in the middle of a call: show it, from storage, and follow it live from there.
    if (!state.callsShownOnce) {
      state.callsShownOnce = true;
      const newest = calls[0];
      const status = String((newest && newest.status) || '');
      if (!state.view && newest && newest.callSid && status !== 'completed' && !FAILED_LABELS[status] && !newest.endedAt) {
        loadStoredCall(newest.callSid, {});
      }
    }
  }

  /** Keeps the recent-calls row in step with live status events between two list refreshes. */
  function showListedStatus(sid, data) {
    for (const button of document.querySelectorAll('#calls button[data-sid]')) {
      if (button.dataset.sid !== sid) continue;
      const status = String(data.status || '');
      const label = data.label || FAILED_LABELS[status] || status;
      if (label) button.querySelector('.call-status').textContent = label;
    }
  }

  function highlightSelectedCall() {
    for (const button of document.querySelectorAll('#calls button[data-sid]')) {
      button.setAttribute('aria-current', state.view && button.dataset.sid === state.view.sid ? 'true' : 'false');
    }
  }

  /** Stored events are {at, type, detail}; detail may be JSON of the live payload or plain text. */
  function storedEventData(type, detail) {
    if (detail && typeof detail === 'object') return detail;
    const text = String(detail || '').trim();
    if (text.startsWith('{')) {
      try {
        return JSON.parse(text);
      }
      catch { /* plain text after all */ }
    }
    const first = text.split(/[\s:,(]+/)[0] || '';
    if (type === 'call.status') return { status: first.toLowerCase() };
    if (type === 'twilio.event') return { event: first };
    return {};
  }

  /** Shows a call from storage; {@code quiet} keeps the status line (a refresh of the call already shown). */
  async function loadStoredCall(sid, { keepRequestedAt, quiet } = {}) {
    const view = newView(sid);
    view.loading = true;
    view.requestedAt = keepRequestedAt || null;
    state.view = view;
    state.knownCalls.add(sid);
    resetScreen(sid);
    if (!quiet) $('#status').textContent = 'Loading…';
    // Subscribed first, then read: every event is either in the snapshot or arrives live after it.
    await follow(sid);
    if (state.view !== view) return; // the user picked another call meanwhile
    const fetchStarted = Date.now();
    let call;
    try {
      const response = await api(`/api/calls/${encodeURIComponent(sid)}`);
      call = await readJson(response);
      if (!response.ok) throw new ApiError(response.status, call.error || `GET /api/calls/${sid} answered ${response.status}`);
    }
    catch (err) {
      if (state.view !== view) return;
      view.loading = false;
      showError(err.message);
      renderStatus();
      return;
    }
    if (state.view !== view) return; // the user picked another call meanwhile
    view.loading = false;
    view.direction = call.direction || null;

    for (const stored of Array.isArray(call.events) ? call.events : []) {
      if (!stored) continue;
      const at = parseAt(stored.at);
      const data = storedEventData(stored.type, stored.detail);
      if (stored.type === 'call.status') applyStatus(view, String(data.status || '').toLowerCase(), data.label, at);
      if (stored.type === 'twilio.event') applyTwilioEvent(view, String(data.event || ''), at);
      const detail = typeof stored.detail === 'string' ? stored.detail : eventDetail(stored.type, data);
      appendLogRow(view, at, String(stored.type || 'event'), detail, null,
        stored.type === 'diagnostic' || (stored.type === 'call.status' && FAILED_LABELS[data.status]));
    }
    // The row's own milestones cover what the event list may not spell out.
    const milestone = (key, value) => {
      const t = parseAt(value);
      if (t && !view.milestones[key]) view.milestones[key] = t;
    };
    milestone('placed', call.createdAt);
    milestone('answered', call.answeredAt);
    milestone('twiml', call.twimlAt);
    milestone('stream', call.streamAt);
    milestone('ended', call.endedAt);
    const status = String(call.status || '').toLowerCase();
    if (status) applyStatus(view, status, null, parseAt(call.endedAt) || parseAt(call.createdAt));
    if (view.milestones.ended) view.ended = true;

    for (const segment of Array.isArray(call.transcript) ? call.transcript : []) if (segment) addFinal(view, segment);
    for (const hint of Array.isArray(call.hints) ? call.hints : []) if (hint) addHint(view, hint, null);
    for (const diag of Array.isArray(call.diagnostics) ? call.diagnostics : []) if (diag) addDiagnostic(view, diag);
    let summary = call.summary;
    if (summary == null && typeof call.summaryJson === 'string') {
      try {
        summary = JSON.parse(call.summaryJson);
      }
      catch { summary = null; }
    }
    if (summary && typeof summary === 'object') {
      renderSummary(summary);
      if (summary.checklist) renderChecklist(Array.isArray(summary.checklist) ? summary.checklist : summary.checklist.items);
      if (typeof summary.talkRatio === 'number') renderMetrics(summary);
    }
    // Live events that arrived while the snapshot was loading.
    for (const event of state.buffers.get(sid) || []) if (event.rx >= fetchStarted) applyEvent(view, event);
    renderDiagnostics();
    renderStatus();
  }

  // ---------------------------------------------------------------- placing a call

  async function onCall(submit) {
    submit.preventDefault();
    clearError();
    state.authDeclined = false;
    const input = $('#to');
    const raw = input.value;
    const to = normalizeNumber(raw);
    if (!to) {
      input.setAttribute('aria-invalid', 'true');
      showError('Enter the number to call, in E.164 format, e.g. +14155550100.');
      input.focus();
      return;
    }
    if (!E164.test(to)) {
      input.setAttribute('aria-invalid', 'true');
      showError(`“${truncate(raw.trim(), 40)}” is not an E.164 number: use a plus sign, the country code and the number, `
        + 'e.g. +14155550100.');
      input.focus();
      return;
    }
    input.value = to;
    const body = { to };
    const scenario = $('#scenario');
    if (state.config && state.config.mode === 'simulator' && scenario.value) body.scenario = scenario.value;

    const button = $('#call');
    button.disabled = true;
    button.textContent = 'Calling…';
    state.requesting = true;
    const requestedAt = Date.now();
    try {
      const response = await api('/start-call', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      const payload = await readJson(response);
      if (!response.ok) {
        // 400 (bad number) and 502 (Twilio refused) carry the reason in {error}: show it verbatim.
        showError(payload.error || payload.message || `The server answered ${response.status} ${response.statusText}.`);
        if (response.status === 400) input.setAttribute('aria-invalid', 'true');
        return;
      }
      if (!payload.callSid) {
        showError('The server accepted the call but returned no callSid.');
        return;
      }
      showLiveCall(payload.callSid, requestedAt);
      scheduleCallsRefresh();
    }
    catch (err) {
      showError(err.message);
    }
    finally {
      state.requesting = false;
      button.disabled = false;
      button.textContent = 'Call';
    }
  }

  // ---------------------------------------------------------------- start

  function tick() {
    const now = Date.now();
    renderStatusDetail();
    if (state.view) for (const entry of state.view.hints.values()) updateHintAge(entry, now);
    updateLiveCountdown();
  }

  async function init() {
    $('#call-form').addEventListener('submit', onCall);
    $('#to').addEventListener('input', () => {
      if ($('#to').getAttribute('aria-invalid')) clearError();
    });
    $('#transcript').addEventListener('scroll', onTranscriptScroll);
    $('#jump').addEventListener('click', jumpToLatest);
    $('#calls-refresh').addEventListener('click', refreshCalls);
    $('#auth-cancel').addEventListener('click', () => $('#auth-dialog').close('cancel'));
    $('#auth-form').addEventListener('submit', () => {
      $('#auth-dialog').returnValue = 'ok';
    });
    $('#auth-ok').value = 'ok';
    setInterval(tick, 1000);

    try {
      applyConfig(await loadConfig());
    }
    catch (err) {
      showError(`Could not load the configuration: ${err.message}`);
      state.config = {};
    }
    if (state.config.authRequired && !state.token) await askToken(
      'This TalkHint server is protected by TALKHINT_API_TOKEN. Enter the token once; it is kept only for this browser tab.');
    connectEvents();
    refreshCalls();
  }

  document.addEventListener('DOMContentLoaded', init);
})();
