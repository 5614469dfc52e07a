// Diagnostics: a slim "no problems" strip while all is well, a prominent card per problem (what, cause, fix)
// when not. A problem is said in words ("Problem"/"Warning"), not only by colour.

import { clock, parseAt } from '../format.js';
import { h, reconcile, setText } from './dom.js';

/** @param root {ok: the slim strip, list: the cards' container} */
export function renderDiagnostics(root, diagnostics) {
  root.ok.hidden = diagnostics.length > 0;
  root.list.hidden = diagnostics.length === 0;
  reconcile(root.list, diagnostics, (d) => `${d.code || ''}|${d.message || ''}`,
    (d) => {
      const warning = String(d.severity || d.level || '').toLowerCase().startsWith('warn');
      const at = parseAt(d.at);
      return h('article', { class: warning ? 'diag warning' : 'diag', 'data-code': d.code || '', role: 'alert' },
        h('div', { class: 'diag-head' },
          h('span', { class: 'diag-kind' }, warning ? '! Warning' : '✕ Problem'),
          h('span', { class: 'message' }),
          h('code', null, d.code || 'diagnostic'),
          at ? h('time', { class: 'age' }, clock(at)) : null),
        h('dl', null,
          h('dt', { class: 'cause-label' }, 'Cause'), h('dd', { class: 'cause' }),
          h('dt', { class: 'fix-label' }, 'Fix'), h('dd', { class: 'fix' })));
    },
    (node, d) => {
      setText(node.querySelector('.message'), d.message || 'Something in the call chain went wrong.');
      for (const part of ['cause', 'fix']) {
        node.querySelector(`.${part}`).hidden = !d[part];
        node.querySelector(`.${part}-label`).hidden = !d[part];
        setText(node.querySelector(`.${part}`), d[part] || '');
      }
    });
}
