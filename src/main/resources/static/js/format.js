// Pure formatting helpers shared by the state and the views: times, durations, the talk split, speakers.
// No DOM, no network: unit-tested on their own (src/test/js).

/** E.164, the same rule as the server (PhoneNumbers): a plus sign and 7 to 15 digits. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** Removes the spaces, dashes, dots and brackets people type; the server still validates the result. */
export function normalizeNumber(raw) {
  return String(raw ?? '').trim().replace(/[\s\-().]/g, '');
}

/** Event times arrive as ISO-8601 strings (Jackson); numbers (epoch s or ms) are tolerated too. */
export function parseAt(at) {
  if (at == null || at === '') return null;
  if (typeof at === 'number') return at < 1e12 ? Math.round(at * 1000) : at;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? null : ms;
}

function pad(n, width = 2) {
  return String(n).padStart(width, '0');
}

/** Wall-clock time of day, hh:mm:ss. */
export function clock(ms) {
  if (ms == null || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function clockMillis(ms) {
  if (ms == null || !Number.isFinite(ms)) return '';
  return `${clock(ms)}.${pad(new Date(ms).getMilliseconds(), 3)}`;
}

/** Milliseconds as m:ss (stream offsets, durations); an en dash when unknown. */
export function mmss(ms) {
  const n = Number(ms);
  if (ms == null || ms === '' || !Number.isFinite(n)) return '–';
  const total = Math.max(0, Math.floor(n / 1000));
  return `${Math.floor(total / 60)}:${pad(total % 60)}`;
}

export function secondsSince(t, now) {
  return Math.max(0, Math.floor((now - t) / 1000));
}

export function ago(t, now) {
  const s = secondsSince(t, now);
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ago` : `${Math.floor(m / 60)} h ago`;
}

/**
 * The agent's and the customer's share of talk time as whole percentages that add up to 100 (rounding each
 * side on its own can give 39 % + 62 %). Null when the ratio is unknown.
 */
export function talkSplit(ratio) {
  const r = Number(ratio);
  if (ratio == null || ratio === '' || !Number.isFinite(r)) return null;
  const you = Math.round(Math.min(1, Math.max(0, r)) * 100);
  return { you, customer: 100 - you };
}

export function talkSplitText(ratio) {
  const split = talkSplit(ratio);
  return split ? `You ${split.you} % · Customer ${split.customer} %` : '—';
}

/** The talk ratio of a metrics or summary payload: its talkRatio, else computed from the two talk times. */
export function ratioOf(data) {
  if (!data) return null;
  if (typeof data.talkRatio === 'number' && Number.isFinite(data.talkRatio)) return data.talkRatio;
  const agent = Number(data.agentMs);
  const customer = Number(data.customerMs);
  return Number.isFinite(agent) && Number.isFinite(customer) && agent + customer > 0 ? agent / (agent + customer) : null;
}

export function speakerOf(value) {
  return String(value ?? '').toLowerCase() === 'agent' ? 'agent' : 'customer';
}

export function speakerName(speaker) {
  return speaker === 'agent' ? 'You (agent)' : 'Customer';
}

export function truncate(text, max) {
  const s = String(text ?? '');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A string safe to use as a CSS class fragment. */
export function cssToken(value) {
  return String(value ?? '').toLowerCase().replace(/[^a-z0-9-]/g, '');
}

/** "price-objection" → "Price objection": only for ids the server sent no title for. */
export function humanize(id) {
  const spaced = String(id ?? '').replace(/[-_]+/g, ' ').trim();
  return spaced ? spaced.charAt(0).toUpperCase() + spaced.slice(1) : '';
}

/** A finite number, or null. */
export function num(value) {
  const n = Number(value);
  return value != null && value !== '' && Number.isFinite(n) ? n : null;
}
