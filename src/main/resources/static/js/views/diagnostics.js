// Diagnostics: a slim "no problems" strip while all is well, a prominent red card per problem when not. While
// the conversation is being transcribed a problem is one line (its cause and fix a click away, so the hints stay
// in view); when nothing else is on screen (no transcript: the call never streamed) cause and fix show at once.
// A problem is said in words ("Problem"/"Warning"), not only by colour.

import { clock, parseAt } from '../format.js';
import { h, reconcile, setText } from './dom.js';

export function diagnosticKey(d) {
  return d.code || `|${d.message || ''}`;
}

/**
 * One card per kind of problem: the same code raised again (both speakers' transcription lagging) adds to the
 * card it belongs to instead of stacking another one above the hints.
 */
export function groupDiagnostics(diagnostics) {
  const groups = new Map();
  for (const d of diagnostics) {
    const key = diagnosticKey(d);
    const group = groups.get(key);
    if (group) {
      if (d.message && !group.messages.includes(d.message)) group.messages.push(d.message);
    }
    else {
      groups.set(key, Object.assign({}, d, { messages: d.message ? [d.message] : [] }));
    }
  }
  return [...groups.values()];
}

/**
 * @param root {ok: the slim strip, list: the cards' container}
 * @param ctx {openByDefault: boolean, opened: Map key -> boolean (the user's choice), onToggle(key, open)}
 */
export function renderDiagnostics(root, all, ctx = { openByDefault: true, opened: new Map(), onToggle() {} }) {
  const diagnostics = groupDiagnostics(all);
  root.ok.hidden = diagnostics.length > 0;
  root.list.hidden = diagnostics.length === 0;
  reconcile(root.list, diagnostics, diagnosticKey,
    (d) => {
      const key = diagnosticKey(d);
      const warning = String(d.severity || d.level || '').toLowerCase().startsWith('warn');
      const at = parseAt(d.at);
      const id = `diag-${Math.random().toString(36).slice(2, 9)}`;
      return h('article', { class: warning ? 'diag warning' : 'diag', 'data-code': d.code || '' },
        h('div', { class: 'diag-head' },
          h('span', { class: 'diag-kind' }, warning ? '! Warning' : '✕ Problem'),
          h('span', { class: 'message' }),
          h('span', { class: 'diag-meta' },
            h('code', null, d.code || 'diagnostic'),
            at ? h('time', { class: 'age' }, clock(at)) : null,
            h('button', { type: 'button', class: 'link diag-toggle', 'aria-controls': id,
              onclick: (e) => ctx.onToggle(key, e.currentTarget.getAttribute('aria-expanded') !== 'true') }))),
        h('dl', { id },
          h('dt', { class: 'more-label' }, 'Also'), h('dd', { class: 'more' }),
          h('dt', { class: 'cause-label' }, 'Cause'), h('dd', { class: 'cause' }),
          h('dt', { class: 'fix-label' }, 'Fix'), h('dd', { class: 'fix' })));
    },
    (node, d) => {
      const key = diagnosticKey(d);
      const open = ctx.opened.has(key) ? ctx.opened.get(key) : ctx.openByDefault;
      setText(node.querySelector('.message'), d.messages[0] || 'Something in the call chain went wrong.');
      const more = d.messages.slice(1);
      node.querySelector('.more').hidden = more.length === 0;
      node.querySelector('.more-label').hidden = more.length === 0;
      setText(node.querySelector('.more'), more.join(' '));
      node.classList.toggle('compact', !open);
      for (const part of ['cause', 'fix']) {
        node.querySelector(`.${part}`).hidden = !d[part];
        node.querySelector(`.${part}-label`).hidden = !d[part];
        setText(node.querySelector(`.${part}`), d[part] || '');
      }
      const toggle = node.querySelector('.diag-toggle');
      toggle.hidden = !d.cause && !d.fix && more.length === 0;
      toggle.setAttribute('aria-expanded', String(open));
      setText(toggle, open ? 'hide cause and fix' : (more.length ? `+${more.length} more, cause and fix` : 'cause and fix'));
      node.querySelector('dl').hidden = !open;
    });
}
