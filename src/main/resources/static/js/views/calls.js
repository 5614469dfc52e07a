// The recent-calls list, keyed by callSid: a row is updated where it stands when its status changes, so the
// button under the user's pointer is never replaced.

import { clock } from '../format.js';
import { rowLabel } from '../state.js';
import { h, reconcile, setText } from './dom.js';

/** @param ctx {vocab, selected: sid shown, onPick(sid)} */
export function renderCalls(list, calls, ctx) {
  const rows = calls.order.map((sid) => calls.rows.get(sid)).filter(Boolean);
  if (rows.length === 0) {
    if (calls.loaded && !list.querySelector('.empty')) list.replaceChildren(h('li', { class: 'empty' }, 'No calls yet.'));
    return;
  }
  reconcile(list, rows, (row) => row.sid,
    (row) => h('li', { 'data-sid': row.sid }, h('button', { type: 'button', 'data-sid': row.sid, onclick: () => ctx.onPick(row.sid) },
      h('span', { class: 'who-called' }), h('span', { class: 'call-status' }), h('span', { class: 'when' }),
      h('span', { class: 'sid' }))),
    (node, row) => {
      const button = node.firstElementChild;
      setText(button.querySelector('.who-called'), row.to || row.sid);
      const label = rowLabel(row, ctx.vocab);
      const status = button.querySelector('.call-status');
      setText(status, label);
      status.className = `call-status ${row.failed ? 'bad' : ''}`.trim();
      setText(button.querySelector('.when'), [row.direction,
        row.createdAt ? `${new Date(row.createdAt).toLocaleDateString()} ${clock(row.createdAt)}` : ''].filter(Boolean).join(' · '));
      setText(button.querySelector('.sid'), `${row.sid.slice(0, 12)}…`);
      button.setAttribute('aria-current', String(ctx.selected === row.sid));
      button.setAttribute('aria-label', `${row.to || row.sid}, ${label}`);
    });
}
