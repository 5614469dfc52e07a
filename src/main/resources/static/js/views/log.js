// The developer's event log (under "Details"): one row per event, chatty ones updated in place.

import { clockMillis, cssToken } from '../format.js';
import { h, reconcile, setText } from './dom.js';

export function renderLog(list, call) {
  const rows = call ? call.log : [];
  const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 20;
  reconcile(list, rows, (row) => row.seq,
    (row) => h('li', { class: [`ev-${cssToken(row.type.replace('.', '-'))}`, row.bad ? 'failed' : ''].join(' ').trim(),
      'data-type': row.type }, h('time'), h('span', { class: 'type' }, row.type), h('span', { class: 'detail' })),
    (node, row) => {
      setText(node.querySelector('time'), clockMillis(row.at));
      setText(node.querySelector('.detail'), row.count > 1 ? `${row.detail} (×${row.count})` : row.detail);
    });
  if (stick) list.scrollTop = list.scrollHeight;
}
