// The live transcript: one element per utterance, created for its first partial and turned into the final line
// in place; words the recogniser was unsure of are dimmed (and dotted, so not by colour alone). Customer lines
// offer "Missed a hint?" to report a hint that should have fired on them.

import { mmss, speakerName } from '../format.js';
import { lineKey, lineWords } from '../state.js';
import { h, reconcile, setText } from './dom.js';
import { feedbackStatusNode, renderFeedbackStatus } from './feedback.js';

/**
 * @param root {box: scrolling element, lines: container, empty: <p>, jump: button}
 * @param ctx {vocab, missedChoices: [{id, title}], openMissed: Set of line ids, onMissedToggle(id),
 *   onMissed(line, hintId), onUndo(target), hintTitle(id)}
 */
export function renderTranscript(root, call, ctx) {
  const follow = atBottom(root.box);
  const lines = call ? call.lines : [];
  const before = root.lines.childElementCount;
  const lastBefore = root.lines.lastElementChild && root.lines.lastElementChild.textContent;
  reconcile(root.lines, lines, (line) => line.id, (line) => createLine(line, ctx),
    (node, line) => updateLine(node, call, line, ctx));
  root.empty.hidden = lines.length > 0;
  const changed = root.lines.childElementCount !== before
    || (root.lines.lastElementChild && root.lines.lastElementChild.textContent) !== lastBefore;
  if (!changed) return;
  // Follow the conversation only while the reader is at the bottom (measured before the change).
  if (follow) jumpToLatest(root);
  else root.jump.hidden = false;
}

export function atBottom(box) {
  return box.scrollHeight - box.scrollTop - box.clientHeight < 30;
}

export function jumpToLatest(root) {
  root.box.scrollTop = root.box.scrollHeight;
  root.jump.hidden = true;
}

function createLine(line, ctx) {
  return h('div', { class: `line ${line.speaker}`, 'data-speaker': line.speaker },
    h('div', { class: 'meta' }, h('span', { class: 'who' }, speakerName(line.speaker)), ' ',
      h('span', { class: 'at' })),
    h('p', { class: 'text' }));
}

function updateLine(node, call, line, ctx) {
  node.classList.toggle('partial', line.partial);
  node.classList.toggle('final', !line.partial);
  node.dataset.startMs = String(line.startMs);
  // Partials rewrite themselves several times a second: screen readers get the final line instead.
  if (line.partial) node.setAttribute('aria-hidden', 'true');
  else node.removeAttribute('aria-hidden');
  setText(node.querySelector('.at'), line.partial ? 'speaking…' : mmss(line.startMs));
  const text = node.querySelector('.text');
  const signature = `${line.partial}|${line.text}|${(line.confidences || []).join(',')}`;
  if (text.dataset.signature !== signature) {
    text.dataset.signature = signature;
    text.replaceChildren(...wordNodes(line, ctx.vocab.unsureBelow));
  }
  if (line.speaker === 'customer' && !line.partial && ctx.missedChoices.length) updateMissed(node, call, line, ctx);
}

function wordNodes(line, unsureBelow) {
  if (line.partial) return [line.text];
  const out = [];
  lineWords(line, unsureBelow).forEach((w, i) => {
    if (i > 0) out.push(' ');
    out.push(w.unsure
      ? h('span', { class: 'unsure', title: `The recogniser was unsure of this word (${Math.round(w.confidence * 100)} %)` },
        w.word)
      : w.word);
  });
  return out;
}

function updateMissed(node, call, line, ctx) {
  const target = `line:${lineKey(line)}`;
  const entry = call.feedback.get(target);
  const open = ctx.openMissed.has(line.id);
  let toggle = node.querySelector('.missed-toggle');
  if (!toggle) {
    toggle = h('button', { type: 'button', class: 'link missed-toggle', 'aria-expanded': 'false',
      onclick: () => ctx.onMissedToggle(line.id) }, 'Missed a hint?');
    node.querySelector('.meta').append(' ', toggle);
    const status = feedbackStatusNode();
    node.append(status);
  }
  const saved = entry && (entry.state === 'saved' || entry.state === 'sending' || entry.state === 'undoing');
  toggle.hidden = Boolean(saved);
  toggle.setAttribute('aria-expanded', String(open && !saved));
  let form = node.querySelector('.missed-form');
  if (open && !saved && !form) {
    const select = h('select', { name: 'hint', 'aria-label': 'The hint that should have fired on this line' },
      ctx.missedChoices.map((c) => h('option', { value: c.id }, c.title)));
    form = h('form', { class: 'missed-form', onsubmit: (e) => {
      e.preventDefault();
      ctx.onMissed(line, select.value);
    } },
    h('span', { class: 'missed-label' }, 'Should have fired:'), select,
    h('button', { type: 'submit', class: 'primary small' }, 'Report'),
    h('button', { type: 'button', class: 'small', onclick: () => ctx.onMissedToggle(line.id) }, 'Cancel'));
    node.insertBefore(form, node.querySelector('.fb-status'));
    select.focus();
  }
  if ((!open || saved) && form) form.remove();
  renderFeedbackStatus(node.querySelector('.fb-status'), entry, ctx.hintTitle, () => ctx.onUndo(target));
}
