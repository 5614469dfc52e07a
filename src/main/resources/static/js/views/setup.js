// "Check setup": the result of POST /api/setup/check, one row per check with its status in words and a glyph
// (not colour alone), what was found, and how to fix it.

import { clear, h } from './dom.js';

const STATUS = {
  ok: { glyph: '✓', word: 'OK' },
  fail: { glyph: '✕', word: 'Failed' },
  warn: { glyph: '!', word: 'Warning' },
  skipped: { glyph: '–', word: 'Skipped' },
};

/** @param result {state: 'running'} | {state: 'done', ok, mode, checks} | {state: 'error', message, missing} */
export function renderSetup(root, result) {
  root.panel.hidden = !result;
  clear(root.body);
  if (!result) return;
  if (result.state === 'running') {
    root.body.append(h('p', { class: 'muted' }, 'Checking your setup…'));
    return;
  }
  if (result.state === 'error') {
    root.body.append(h('p', { class: result.missing ? 'setup-missing' : 'error' }, result.message));
    return;
  }
  const checks = Array.isArray(result.checks) ? result.checks.filter(Boolean) : [];
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  const skipped = checks.filter((c) => c.status === 'skipped').length;
  const passed = checks.filter((c) => c.status === 'ok').length;
  const plural = (n) => `${n} check${n === 1 ? '' : 's'}`;
  const verdict = !result.ok
    ? `✕ ${failed} of ${checks.length} checks failed${warned ? `, ${warned} warning(s)` : ''}.`
    : result.mode === 'simulator'
      ? `✓ Simulator mode is ready for demo calls (${plural(passed)} passed). Real calls need the Twilio settings: `
        + 'see docs/twilio-setup.md.'
      : `✓ Ready: ${plural(passed)} passed${warned ? `, ${warned} with a warning` : ''}${skipped ? `, ${skipped} skipped` : ''}.`;
  root.body.append(h('p', { class: `setup-verdict ${result.ok ? 'ok' : 'bad'}` }, verdict));
  root.body.append(h('ul', { class: 'setup-checks' }, checks.map((c) => {
    const status = STATUS[c.status] || { glyph: '?', word: String(c.status || 'unknown') };
    return h('li', { class: `check ${c.status || ''}`, 'data-check': c.id || '' },
      h('span', { class: 'check-status' }, h('span', { 'aria-hidden': 'true' }, `${status.glyph} `), status.word),
      h('span', { class: 'check-title' }, c.title || c.id || 'Check'),
      c.detail ? h('p', { class: 'check-detail' }, c.detail) : null,
      c.fix && c.status !== 'ok' ? h('p', { class: 'check-fix' }, h('strong', null, 'Fix: '), c.fix) : null);
  })));
}
