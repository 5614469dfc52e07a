// The call's status: a strip with the step reached (in words, with a glyph), what it is waiting for, and the
// call sid; the step-by-step timeline lives with the event log under "Details".

import { clock } from '../format.js';
import { statusDetail, statusOf } from '../state.js';
import { clear, h, setText } from './dom.js';

/** @param root {status, detail, sid, steps} */
export function renderStatus(root, call, vocab, now) {
  setText(root.sid, call ? call.sid : '');
  if (!call) {
    setText(root.status, 'No call yet');
    root.status.className = 'status';
    clear(root.steps);
    return;
  }
  const s = statusOf(call, vocab);
  setText(root.status, s.label);
  root.status.className = `status ${s.tone}`.trim();
  renderDetail(root, call, now);
  clear(root.steps);
  for (const step of s.steps) {
    const classes = [step.reached ? 'reached' : '', step.skipped ? 'skipped' : '', step.current ? 'current' : '']
      .filter(Boolean).join(' ');
    root.steps.append(h('li', { class: classes || null, 'data-step': step.key },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, step.reached ? '●' : (step.skipped ? '!' : '○')),
      h('span', { class: 'label' }, step.label),
      step.at != null ? h('time', { datetime: new Date(step.at).toISOString() },
        s.origin != null ? `${clock(step.at)} (+${((step.at - s.origin) / 1000).toFixed(1)} s)` : clock(step.at))
        : (step.skipped ? h('time', null, 'never happened') : null)));
  }
  if (call.failed) {
    root.steps.append(h('li', { class: 'failed current', 'data-step': 'failed' },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, '✕'),
      h('span', { class: 'label' }, call.failed.label),
      call.failed.at ? h('time', null, clock(call.failed.at)) : null));
  }
}

/** The "waiting for …" line; it ticks every second. */
export function renderDetail(root, call, now) {
  if (!call) return;
  const detail = statusDetail(call, now);
  setText(root.detail, detail.text);
  root.detail.className = detail.waiting ? 'status-detail waiting' : 'status-detail';
}
