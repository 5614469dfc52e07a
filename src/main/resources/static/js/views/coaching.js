// Live coaching, compact: talk ratio (a bar and "You 44 % · Customer 56 %", always adding up to 100), the
// current monologue against the playbook's limit, and the checklist. Over a limit says so in words, not only
// in colour.

import { mmss, talkSplit, talkSplitText } from '../format.js';
import { checklistOf, coachingOf } from '../state.js';
import { h, reconcile, setText } from './dom.js';

/** @param root {bar, fill, ratioText, ratioNote, monologue, monologueNote, checklist} */
export function renderCoaching(root, call, vocab) {
  const c = call ? coachingOf(call, vocab) : { ratio: null, monologueMs: null };
  const split = talkSplit(c.ratio);
  root.fill.style.width = split ? `${split.you}%` : '0%';
  setText(root.ratioText, talkSplitText(c.ratio));
  root.bar.setAttribute('aria-valuenow', String(split ? split.you : 0));
  root.bar.setAttribute('aria-valuetext', split ? talkSplitText(c.ratio) : 'not known yet');
  root.bar.classList.toggle('over', Boolean(c.ratioOver));
  setText(root.ratioNote, c.ratioOver ? `⚠ over ${Math.round(vocab.talkRatioLimit * 100)} %: let the customer talk` : '');
  root.ratioNote.hidden = !c.ratioOver;

  // the monologue is a live measure: once the call is over (the summary is in) it has nothing to say
  root.monologue.parentElement.hidden = Boolean(call && call.summary);
  setText(root.monologue, c.monologueMs != null ? mmss(c.monologueMs) : '—');
  root.monologue.classList.toggle('over', Boolean(c.monologueOver));
  setText(root.monologueNote, vocab.monologueLimitMs != null
    ? (c.monologueOver ? `⚠ over ${mmss(vocab.monologueLimitMs)}: pause and ask` : `limit ${mmss(vocab.monologueLimitMs)}`)
    : '');

  renderChecklist(root.checklist, call ? checklistOf(call) : []);
}

export function renderChecklist(list, items) {
  if (!items.length) {
    if (!list.querySelector('.empty')) list.replaceChildren(h('li', { class: 'empty' }, 'Starts when the call streams.'));
    return;
  }
  reconcile(list, items, (item) => item.id || item.label,
    () => h('li', null, h('span', { class: 'mark', 'aria-hidden': 'true' }), h('span', { class: 'label' }),
      h('span', { class: 'sr-only state' })),
    (node, item) => {
      node.classList.toggle('done', Boolean(item.done));
      node.dataset.item = item.id || '';
      setText(node.querySelector('.mark'), item.done ? '✓' : '○');
      setText(node.querySelector('.label'), item.label || item.id);
      setText(node.querySelector('.state'), item.done ? ': done' : ': not yet');
    });
}
