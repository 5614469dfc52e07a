// What the page knows about calls, as plain data: the call on screen (status, transcript, hints, coaching,
// summary, diagnostics, event log) and the recent-calls list. Live events and stored snapshots go through the
// same functions, so a call reloaded from storage looks exactly like one followed live. No DOM, no network.
// The vocabulary (status labels and steps, coaching thresholds, hint titles) comes from GET /api/config.

import { mmss, num, parseAt, ratioOf, secondsSince, speakerName, speakerOf } from './format.js';

const MAX_LOG_ROWS = 1000;

/** How long after a customer line ended a hint may still have fired on it (the final, then matching). */
const QUOTE_SLACK_MS = 1500;

/**
 * The server's vocabulary, from /api/config: {statuses: {status: {label, step}}, coaching: {talkRatioLimit,
 * monologueLimitMs, hints: [{id, title, kind, speaker, rule}]}, unsureBelow}. Tolerates any of it missing.
 */
export function vocabulary(config) {
  const statuses = config && config.statuses && typeof config.statuses === 'object' ? config.statuses : {};
  const steps = [];
  for (const info of Object.values(statuses)) {
    if (info && info.step && !steps.some((s) => s.key === info.step)) steps.push({ key: info.step, label: info.label });
  }
  const coaching = (config && config.coaching) || {};
  const hints = new Map();
  for (const h of Array.isArray(coaching.hints) ? coaching.hints : []) if (h && h.id) hints.set(h.id, h);
  return {
    steps,
    stepOf: (status) => (statuses[status] && statuses[status].step) || null,
    labelOf: (status) => (statuses[status] && statuses[status].label) || String(status || ''),
    failed: (status) => Boolean(statuses[status]) && !statuses[status].step,
    talkRatioLimit: num(coaching.talkRatioLimit),
    talkRatioAfterMs: num(coaching.talkRatioAfterMs),
    monologueLimitMs: num(coaching.monologueLimitMs),
    hints,
    unsureBelow: num(config && config.unsureBelow),
  };
}

// ------------------------------------------------------------------------------------------ the call on screen

export function newCall(sid) {
  return {
    sid,
    direction: null,
    requestedAt: null,      // when Call was pressed on this page (ms), for "… s since Call was pressed"
    loading: false,
    reached: new Map(),     // happy-path step key -> time (ms)
    failed: null,           // {label, at} once a status ended the call without completing it
    milestones: {},         // placed, ringing, answered, twiml, socket, stream, stopped, ended, lastSpeech
    lastSpeaker: null,
    lines: [],              // transcript, in startMs order: {id, speaker, text, startMs, endMs, partial, confidences}
    lineKeys: new Set(),
    openPartials: new Map(), // speaker -> the line still being recognised
    nextLineId: 1,
    hints: [],              // in arrival order: {key, id, kind, title, text, atMs, trigger, path, score, evidence, utterance, rx}
    hintKeys: new Set(),
    dismissed: new Set(),
    expanded: new Map(),    // hint key -> true/false once the user opened or closed it
    diagnostics: [],
    diagnosticKeys: new Set(),
    checklist: null,
    metrics: null,
    summary: null,
    log: [],
    feedback: new Map(),    // target key -> {state: sending|saved|error|unavailable, id, verdict, hintId, message}
  };
}

export function isEnded(call) {
  return Boolean(call && call.milestones.ended);
}

/**
 * Applies one live event {type, callSid, at, data} (rx: when it was received, ms) and returns the names of the
 * parts of the page it changed: status, transcript, hints, diagnostics, coaching, summary, log.
 */
export function applyEvent(call, event, vocab, rx = null) {
  const data = event && event.data && typeof event.data === 'object' ? event.data : {};
  const t = rx || parseAt(event.at) || Date.now();
  const parts = new Set(['log']);
  switch (event.type) {
    case 'call.status':
      applyStatus(call, String(data.status || '').toLowerCase(), t, vocab);
      parts.add('status');
      break;
    case 'twilio.event':
      applyTwilioEvent(call, String(data.event || ''), t);
      parts.add('status');
      break;
    case 'transcript.partial':
      applyPartial(call, data);
      noteSpeech(call, speakerOf(data.speaker), t);
      parts.add('transcript').add('status').add('hints');
      break;
    case 'transcript.final':
      applyFinal(call, data);
      noteSpeech(call, speakerOf(data.speaker), t);
      parts.add('transcript').add('status').add('hints');
      break;
    case 'hint':
      applyHint(call, data, rx);
      parts.add('hints');
      break;
    case 'diagnostic':
      applyDiagnostic(call, Object.assign({ at: event.at }, data));
      parts.add('diagnostics');
      break;
    case 'coaching.metrics':
      call.metrics = data;
      parts.add('coaching');
      break;
    case 'coaching.checklist':
      if (Array.isArray(data.items)) call.checklist = data.items;
      parts.add('coaching');
      break;
    case 'call.summary':
      call.summary = data;
      parts.add('summary').add('coaching').add('status');
      break;
    default:
      break;
  }
  appendLog(call, parseAt(event.at) || t, String(event.type || 'event'), eventDetail(event.type, data),
    collapseKey(event.type, data), isBadEvent(event.type, data, vocab));
  return parts;
}

/**
 * Merges a stored call (GET /api/calls/{sid}) into {@code call}. Live events buffered meanwhile are applied
 * after it; both paths drop what they already have, so nothing shows twice.
 */
export function applySnapshot(call, stored, vocab) {
  call.direction = stored.direction || call.direction;
  for (const ev of Array.isArray(stored.events) ? stored.events : []) {
    if (!ev) continue;
    const at = parseAt(ev.at);
    // A stored event carries the live event's data (the same JSON the socket sends); a row stored before that
    // has only its detail line, shown in the log as it is and never parsed.
    const data = (ev.data && typeof ev.data === 'object') ? ev.data : null;
    const status = String((data && data.status) || '').toLowerCase();
    if (ev.type === 'call.status' && status) applyStatus(call, status, at, vocab);
    if (ev.type === 'twilio.event' && data && data.event) applyTwilioEvent(call, String(data.event), at);
    appendLog(call, at, String(ev.type || 'event'), data ? eventDetail(ev.type, data) : String(ev.detail ?? ''), null,
      ev.type === 'diagnostic' || (ev.type === 'call.status' && vocab.failed(status)));
  }
  const milestone = (key, value) => {
    const t = parseAt(value);
    if (t && !call.milestones[key]) call.milestones[key] = t;
  };
  milestone('placed', stored.createdAt);
  milestone('answered', stored.answeredAt);
  milestone('twiml', stored.twimlAt);
  milestone('stream', stored.streamAt);
  if (stored.streamAt && !call.reached.has('streaming')) call.reached.set('streaming', parseAt(stored.streamAt));
  const status = String(stored.shownStatus || stored.status || '').toLowerCase();
  if (status) applyStatus(call, status, parseAt(stored.endedAt) || parseAt(stored.createdAt), vocab);
  milestone('ended', stored.endedAt);
  for (const segment of Array.isArray(stored.transcript) ? stored.transcript : []) if (segment) applyFinal(call, segment);
  for (const hint of Array.isArray(stored.hints) ? stored.hints : []) if (hint) applyHint(call, hint, null);
  for (const d of Array.isArray(stored.diagnostics) ? stored.diagnostics : []) if (d) applyDiagnostic(call, d);
  if (stored.summary && typeof stored.summary === 'object') call.summary = stored.summary;
}

function applyStatus(call, status, t, vocab) {
  const m = call.milestones;
  const step = vocab.stepOf(status);
  if (step && !call.reached.has(step)) call.reached.set(step, t);
  if (step === 'calling') m.placed = m.placed || t;
  if (step === 'ringing') m.ringing = m.ringing || t;
  if (step === 'connected') m.answered = m.answered || t;
  if (step === 'streaming') m.stream = m.stream || t;
  if (step === 'completed') m.ended = m.ended || t;
  if (vocab.failed(status)) {
    if (!call.failed) call.failed = { label: vocab.labelOf(status), at: t };
    m.ended = m.ended || t;
  }
}

function applyTwilioEvent(call, name, t) {
  const m = call.milestones;
  if (name === 'twiml-fetched') m.twiml = m.twiml || t;
  if (name === 'connected') m.socket = m.socket || t;
  if (name === 'start' || name === 'stream-started') m.stream = m.stream || t;
  if (name === 'stop' || name === 'stream-stopped' || name === 'closed') m.stopped = m.stopped || t;
}

function noteSpeech(call, speaker, t) {
  call.milestones.lastSpeech = t;
  call.lastSpeaker = speaker;
}

// ------------------------------------------------------------------------------------------ transcript

function insertLine(call, line) {
  const lines = call.lines;
  let i = lines.length;
  // The two tracks are recognised independently, so lines can arrive slightly out of order: keep startMs order.
  while (i > 0 && lines[i - 1].startMs > line.startMs) i--;
  lines.splice(i, 0, line);
}

function removeLine(call, line) {
  const i = call.lines.indexOf(line);
  if (i >= 0) call.lines.splice(i, 1);
}

function applyPartial(call, data) {
  const speaker = speakerOf(data.speaker);
  const text = String(data.text ?? '').trim();
  const startMs = num(data.startMs);
  const open = call.openPartials.get(speaker);
  if (!text) {
    if (open) removeLine(call, open);
    call.openPartials.delete(speaker);
    return;
  }
  // A partial of an utterance whose final is already here (replayed after a stored snapshot) is stale.
  if (startMs != null && call.lines.some((l) => !l.partial && l.speaker === speaker && l.startMs >= startMs)) return;
  if (open) {
    open.text = text;
    return;
  }
  const last = call.lines.length ? call.lines[call.lines.length - 1].startMs : 0;
  const line = { id: `l${call.nextLineId++}`, speaker, text, startMs: startMs ?? last, endMs: null, partial: true,
    confidences: [] };
  call.openPartials.set(speaker, line);
  insertLine(call, line);
}

/** A final line; it takes the place (and the id, so the same element on screen) of its speaker's partial. */
function applyFinal(call, data) {
  const speaker = speakerOf(data.speaker);
  const text = String(data.text ?? '').trim();
  const startMs = num(data.startMs) ?? 0;
  const endMs = num(data.endMs) ?? startMs;
  const open = call.openPartials.get(speaker);
  const key = `${speaker}|${startMs}|${text}`;
  if (open && open.startMs <= endMs) {
    removeLine(call, open);
    call.openPartials.delete(speaker);
  }
  if (!text || call.lineKeys.has(key)) return;
  call.lineKeys.add(key);
  const confidences = Array.isArray(data.confidences) ? data.confidences.map(Number) : [];
  const id = open && open.startMs <= endMs ? open.id : `l${call.nextLineId++}`;
  insertLine(call, { id, speaker, text, startMs, endMs, partial: false, confidences });
}

/**
 * The words of a line with whether the recogniser was unsure of each (confidence below the server's
 * threshold); words without a confidence are sure.
 */
export function lineWords(line, unsureBelow) {
  const words = line.text.split(/\s+/).filter(Boolean);
  const confidences = Array.isArray(line.confidences) && line.confidences.length === words.length ? line.confidences
    : [];
  return words.map((word, i) => {
    const confidence = confidences.length ? num(confidences[i]) : null;
    return { word, confidence, unsure: unsureBelow != null && confidence != null && confidence < unsureBelow };
  });
}

export function lineKey(line) {
  return `${line.speaker}|${line.startMs}|${line.text}`;
}

// ------------------------------------------------------------------------------------------ hints

function applyHint(call, data, rx) {
  const key = `${data.id || data.title || ''}|${data.atMs ?? ''}`;
  const existing = call.hints.find((h) => h.key === key);
  const fields = {
    id: data.id || '', kind: data.kind || '', title: data.title || '', text: data.text || '',
    atMs: num(data.atMs), trigger: data.trigger || '', path: data.path || null, score: num(data.score),
    evidence: data.evidence || null, utterance: data.utterance || null,
  };
  if (existing) {
    // The same hint again (stored and live): keep the first, fill in what it lacked.
    for (const [k, v] of Object.entries(fields)) if (v != null && v !== '' && (existing[k] == null || existing[k] === '')) existing[k] = v;
    if (rx && !existing.rx) existing.rx = rx;
    return;
  }
  call.hintKeys.add(key);
  call.hints.push(Object.assign({ key, rx, seq: call.hints.length }, fields));
}

/** The hints to show, newest first (by when they fired in the call, then by arrival). */
export function shownHints(call) {
  return call.hints.filter((h) => !call.dismissed.has(h.key))
    .sort((a, b) => (b.atMs ?? -1) - (a.atMs ?? -1) || b.seq - a.seq);
}

/** Whether a hint card is open: the newest is, older ones collapse, unless the user opened or closed one. */
export function isExpanded(call, hint, index) {
  return call.expanded.has(hint.key) ? call.expanded.get(hint.key) : index === 0;
}

/** Whether a hint fired on what the customer said (a phrase hint listening to the customer). */
export function isCustomerHint(hint, vocab) {
  const info = vocab.hints.get(hint.id);
  if (info) return info.speaker === 'customer' && (info.rule || 'phrase') === 'phrase';
  return hint.kind !== 'coaching' && hint.kind !== 'compliance';
}

/**
 * What the customer said that the hint answers: the hint's own utterance when the server sends it, else the
 * customer line (final, or still being recognised) during which it fired.
 */
export function quoteFor(call, hint) {
  if (hint.utterance) return hint.utterance;
  if (hint.atMs == null) return null;
  let best = null;
  for (const line of call.lines) {
    if (line.speaker !== 'customer' || line.startMs > hint.atMs) continue;
    const end = line.partial ? Infinity : (line.endMs ?? line.startMs) + QUOTE_SLACK_MS;
    if (hint.atMs <= end) best = line;
  }
  return best ? best.text : null;
}

// ------------------------------------------------------------------------------------------ diagnostics

function applyDiagnostic(call, d) {
  if (d.resolved) {
    // A passing condition ended (transcription back in real time): its diagnostics come down.
    call.diagnostics = call.diagnostics.filter((x) => x.code !== d.code);
    call.diagnosticKeys = new Set(call.diagnostics.map((x) => `${x.code || ''}|${x.message || ''}`));
    return;
  }
  const key = `${d.code || ''}|${d.message || ''}`;
  if (call.diagnosticKeys.has(key)) return;
  call.diagnosticKeys.add(key);
  call.diagnostics.push(d);
}

// ------------------------------------------------------------------------------------------ coaching and summary

/** The checklist as it stands: the summary's once the call is over (the same server state, final). */
export function checklistOf(call) {
  const items = call.summary && Array.isArray(call.summary.checklist) ? call.summary.checklist : call.checklist;
  return Array.isArray(items) ? items.filter((i) => i && (i.label || i.id)) : [];
}

/** Talk ratio and monologue now: the summary's once the call is over, else the latest live metrics. */
export function coachingOf(call, vocab) {
  const source = call.summary || call.metrics;
  const ratio = ratioOf(source);
  const monologueMs = call.summary ? null : num(call.metrics && call.metrics.monologueMs);
  // Judged like the talk-ratio hint: only once the call is long enough for the ratio to mean something.
  const streamMs = num(call.summary ? call.summary.durationMs : call.metrics && call.metrics.atMs);
  const judged = vocab.talkRatioAfterMs == null || (streamMs != null && streamMs >= vocab.talkRatioAfterMs);
  return {
    ratio,
    ratioOver: judged && ratio != null && vocab.talkRatioLimit != null && ratio > vocab.talkRatioLimit,
    monologueMs,
    monologueOver: monologueMs != null && vocab.monologueLimitMs != null && monologueMs > vocab.monologueLimitMs,
  };
}

/** The call's one duration: the length of the conversation as the summary measured it (null before). */
export function durationOf(call) {
  return num(call.summary && call.summary.durationMs);
}

/** The summary's hints grouped by id, in order of first firing: [{id, title, count, atMs: [..]}]. */
export function summaryHints(summary, vocab) {
  const groups = new Map();
  for (const h of Array.isArray(summary.hints) ? summary.hints : []) {
    if (!h) continue;
    const id = h.id || h.title || '';
    let g = groups.get(id);
    if (!g) {
      const info = vocab.hints.get(id);
      g = { id, title: h.title || (info && info.title) || id, kind: h.kind || '', count: 0, atMs: [] };
      groups.set(id, g);
    }
    g.count += 1;
    if (num(h.atMs) != null) g.atMs.push(num(h.atMs));
  }
  const counts = summary.hintCounts && typeof summary.hintCounts === 'object' ? summary.hintCounts : {};
  for (const g of groups.values()) if (num(counts[g.id]) != null) g.count = Math.max(g.count, num(counts[g.id]));
  // in call order: the server lists them in the order they fired, which a lagging track can shuffle
  for (const g of groups.values()) g.atMs.sort((a, b) => a - b);
  return [...groups.values()].sort((a, b) => (a.atMs[0] ?? Infinity) - (b.atMs[0] ?? Infinity));
}

// ------------------------------------------------------------------------------------------ status

/** The label a call's progress shows: the furthest happy-path step reached, or the status that ended it. */
export function progressLabel(reachedSteps, failedLabel, vocab) {
  if (failedLabel) return failedLabel;
  let label = null;
  for (const step of vocab.steps) if (reachedSteps.has(step.key)) label = step.label;
  return label;
}

/** The status panel: {label, tone, steps: [{key, label, at, reached, skipped, current}]}. */
export function statusOf(call, vocab) {
  const label = progressLabel(call.reached, call.failed && call.failed.label, vocab);
  let furthest = -1;
  vocab.steps.forEach((step, i) => {
    if (call.reached.has(step.key)) furthest = i;
  });
  let tone = '';
  if (call.failed) tone = 'bad';
  else if (furthest >= 0 && vocab.steps[furthest].key === 'completed') tone = call.milestones.stream ? 'done' : 'warn';
  const steps = [];
  vocab.steps.forEach((step, i) => {
    const at = call.reached.get(step.key) ?? null;
    if (call.failed && step.key === 'completed' && at == null) return;
    steps.push({ key: step.key, label: step.label, at, reached: at != null, skipped: at == null && i < furthest,
      current: i === furthest && !call.failed });
  });
  return { label: label || (call.requestedAt ? 'Call requested' : 'Unknown'), tone, steps,
    origin: call.requestedAt || firstStepTime(call) };
}

function firstStepTime(call) {
  let first = null;
  for (const t of call.reached.values()) if (t != null && (first == null || t < first)) first = t;
  return first;
}

/** What the call is waiting for, from the last milestone reached and the clock: {text, waiting}. */
export function statusDetail(call, now) {
  const m = call.milestones;
  if (call.failed) return { text: `The call ended: ${call.failed.label}.`, waiting: false };
  if (m.ended) {
    // "Completed" without a stream is the failure that looks like success: never let it read as fine.
    if (!m.stream) {
      const missing = m.twiml ? 'Twilio never opened the media stream' : 'Twilio never fetched the TwiML';
      return { text: `Call ended, but ${missing}: nothing was transcribed. See the problem above.`, waiting: true };
    }
    const duration = durationOf(call);
    return { text: duration != null ? `Call ended after ${mmss(duration)}.` : 'Call ended — writing the summary…',
      waiting: false };
  }
  if (m.stopped) {
    return { text: `Media stream stopped ${secondsSince(m.stopped, now)} s ago — waiting for Twilio to report the call completed`,
      waiting: true };
  }
  if (m.stream) {
    if (m.lastSpeech) {
      return { text: `Listening — last speech ${secondsSince(m.lastSpeech, now)} s ago (${speakerName(call.lastSpeaker)})`,
        waiting: false };
    }
    return { text: `Waiting for speech — stream started ${secondsSince(m.stream, now)} s ago`, waiting: true };
  }
  if (m.socket) {
    return { text: `Waiting for the stream's start message — media socket connected ${secondsSince(m.socket, now)} s ago`,
      waiting: true };
  }
  if (m.twiml) return { text: `Waiting for the media stream — ${secondsSince(m.twiml, now)} s since TwiML was served`, waiting: true };
  if (m.answered) {
    const webhook = call.direction === 'inbound' ? '/twilio/inbound' : '/twilio/outbound';
    return { text: `Waiting for Twilio to fetch ${webhook} — ${secondsSince(m.answered, now)} s since answered`, waiting: true };
  }
  if (m.ringing) return { text: `Waiting for the agent to answer — ringing for ${secondsSince(m.ringing, now)} s`, waiting: true };
  if (m.placed) {
    return { text: `Waiting for the agent's phone to ring — ${secondsSince(m.placed, now)} s since the call was placed`,
      waiting: true };
  }
  if (call.requestedAt) {
    return { text: `Waiting for the first status from Twilio — ${secondsSince(call.requestedAt, now)} s since Call was pressed`,
      waiting: true };
  }
  return { text: 'No status events for this call yet.', waiting: false };
}

// ------------------------------------------------------------------------------------------ event log

function isBadEvent(type, d, vocab) {
  return type === 'diagnostic' || (type === 'twilio.event' && d.event === 'stream-error')
    || (type === 'call.status' && vocab.failed(String(d.status || '')));
}

/** One line of text for the event log. */
export function eventDetail(type, d) {
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
    case 'coaching.metrics': {
      const ratio = ratioOf(d);
      return [ratio != null ? `agent talk ${Math.round(ratio * 100)} %` : null,
        num(d.monologueMs) != null ? `monologue ${mmss(d.monologueMs)}` : null].filter(Boolean).join(', ');
    }
    case 'coaching.checklist': {
      const items = Array.isArray(d.items) ? d.items : [];
      return `${items.filter((i) => i && i.done).length}/${items.length} done`;
    }
    case 'call.summary':
      return 'summary written';
    default: {
      const text = JSON.stringify(d);
      return text.length > 200 ? `${text.slice(0, 199)}…` : text;
    }
  }
}

/** Chatty event types update one log row instead of adding a row per event. */
function collapseKey(type, d) {
  if (type === 'transcript.partial') return `partial:${speakerOf(d.speaker)}`;
  if (type === 'coaching.metrics') return 'metrics';
  return null;
}

function appendLog(call, at, type, detail, key, bad) {
  const last = call.log[call.log.length - 1];
  if (key && last && last.key === key) {
    last.count += 1;
    last.at = at;
    last.detail = detail;
    return;
  }
  call.log.push({ seq: (last ? last.seq : 0) + 1, at, type, detail, key, bad: Boolean(bad), count: 1 });
  if (call.log.length > MAX_LOG_ROWS) call.log.splice(0, call.log.length - MAX_LOG_ROWS);
}

// ------------------------------------------------------------------------------------------ recent calls

/** The recent-calls list, keyed by callSid: rows are updated in place, never rebuilt. */
export function newCallsList() {
  return { rows: new Map(), order: [], loaded: false };
}

/** Merges GET /api/calls (newest first); calls seen only live so far stay on top. */
export function setListedCalls(list, calls, vocab) {
  const order = [];
  for (const c of Array.isArray(calls) ? calls : []) {
    if (!c || !c.callSid) continue;
    let row = list.rows.get(c.callSid);
    if (!row) {
      row = { sid: c.callSid, reached: new Set(), failed: null };
      list.rows.set(c.callSid, row);
    }
    row.to = c.to || row.to || null;
    row.direction = c.direction || row.direction || null;
    row.createdAt = parseAt(c.createdAt) || row.createdAt || null;
    listedStatus(row, String(c.shownStatus || c.status || ''), vocab);
    order.push(c.callSid);
  }
  const liveOnly = list.order.filter((sid) => !order.includes(sid));
  list.order = liveOnly.concat(order);
  list.loaded = true;
  return list;
}

/** A call.status event for a listed call (or one not listed yet). */
export function listStatus(list, sid, status, vocab) {
  let row = list.rows.get(sid);
  if (!row) {
    row = { sid, reached: new Set(), failed: null, to: null, direction: null, createdAt: Date.now() };
    list.rows.set(sid, row);
    list.order.unshift(sid);
  }
  listedStatus(row, status, vocab);
  return row;
}

function listedStatus(row, status, vocab) {
  const step = vocab.stepOf(status);
  if (step) {
    // every step up to this one was passed, even if the list never heard of it
    for (const s of vocab.steps) {
      row.reached.add(s.key);
      if (s.key === step) break;
    }
  }
  if (vocab.failed(status) && !row.failed) row.failed = vocab.labelOf(status);
  row.status = status;
}

/** The label a listed call shows: worked out like the status panel's, so the two always agree. */
export function rowLabel(row, vocab) {
  return progressLabel(row.reached, row.failed, vocab) || row.status || '';
}

/** Whether a listed call is over (completed or failed). */
export function rowEnded(row) {
  return Boolean(row.failed) || row.reached.has('completed');
}
