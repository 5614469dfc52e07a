// The hints column: newest card on top and open, older ones collapsed to one line (never dropped), each with
// what to say or do, what the customer said, and (for hints on customer speech) useful / wrong feedback.

import { ago, cssToken, humanize, mmss } from '../format.js';
import { isCustomerHint, isExpanded, quoteFor, shownHints } from '../state.js';
import { h, reconcile, setText } from './dom.js';
import { feedbackStatusNode, renderFeedbackStatus } from './feedback.js';

const KIND_LABELS = { objection: 'Objection', compliance: 'Compliance', escalation: 'Escalation', info: 'Info',
  coaching: 'Coaching' };
const KIND_ICONS = { objection: '◆', compliance: '§', escalation: '▲', info: 'i', coaching: '●' };

/**
 * @param root {list: <ol>, empty: <p>, count: <span>}
 * @param ctx {vocab, now, onToggle(key), onDismiss(key), onFeedback(hint, verdict), onUndo(targetKey)}
 */
export function renderHints(root, call, ctx) {
  const hints = call ? shownHints(call) : [];
  root.empty.hidden = hints.length > 0;
  setText(root.count, hints.length ? `(${hints.length})` : '');
  reconcile(root.list, hints.map((hint, index) => ({ hint, index })), ({ hint }) => hint.key,
    ({ hint }) => createCard(hint, ctx),
    (node, { hint, index }) => updateCard(node, call, hint, index, ctx));
}

function createCard(hint, ctx) {
  const bodyId = `hint-body-${cssToken(hint.key)}-${Math.random().toString(36).slice(2, 7)}`;
  const kind = cssToken(hint.kind) || 'info';
  const title = hint.title || humanize(hint.id) || 'Hint';
  const toggle = h('button', { type: 'button', class: 'hint-toggle', 'aria-expanded': 'true', 'aria-controls': bodyId,
    onclick: () => ctx.onToggle(hint.key) },
  h('span', { class: 'badge' }, h('span', { 'aria-hidden': 'true' }, `${KIND_ICONS[kind] || '●'} `),
    KIND_LABELS[kind] || humanize(kind)),
  h('span', { class: 'hint-title' }, title),
  h('span', { class: 'when' }),
  h('span', { class: 'chevron', 'aria-hidden': 'true' }));
  const node = h('li', { class: `hint kind-${kind}`, 'data-hint-id': hint.id || '' },
    h('div', { class: 'hint-head' }, toggle,
      h('button', { type: 'button', class: 'dismiss', 'aria-label': `Dismiss hint: ${title}`,
        onclick: () => ctx.onDismiss(hint.key) }, '×')),
    h('div', { class: 'hint-body', id: bodyId },
      h('p', { class: 'hint-text' }),
      h('blockquote', { class: 'quote customer' }, h('span', { class: 'quote-who' }, 'Customer said'),
        h('span', { class: 'quote-text' })),
      h('p', { class: 'why' }),
      h('p', { class: 'evidence' })));
  return node;
}

function updateCard(node, call, hint, index, ctx) {
  const expanded = isExpanded(call, hint, index);
  node.classList.toggle('collapsed', !expanded);
  node.classList.toggle('newest', index === 0);
  const toggle = node.querySelector('.hint-toggle');
  toggle.setAttribute('aria-expanded', String(expanded));
  toggle.title = expanded ? 'Collapse' : 'Show this hint';
  setText(node.querySelector('.chevron'), expanded ? '▾' : '▸');
  const body = node.querySelector('.hint-body');
  body.hidden = !expanded;

  const at = hint.atMs != null ? `at ${mmss(hint.atMs)}` : '';
  setText(node.querySelector('.when'), hint.rx ? [ago(hint.rx, ctx.now), at].filter(Boolean).join(' · ') : at);
  setText(node.querySelector('.hint-text'), hint.text);

  const customer = isCustomerHint(hint, ctx.vocab);
  const quote = customer ? quoteFor(call, hint) : null;
  const quoteNode = node.querySelector('.quote');
  quoteNode.hidden = !quote;
  setText(quoteNode.querySelector('.quote-text'), quote ? `“${quote}”` : '');
  // Rule hints say why they fired ("no recording disclosure in the first 30 s"); phrase hints the words heard.
  const why = customer ? (quote ? '' : hint.trigger && `Heard: “${hint.trigger}”`) : hint.trigger;
  const whyNode = node.querySelector('.why');
  whyNode.hidden = !why;
  setText(whyNode, why ? (customer ? why : `Why: ${why}`) : '');
  const evidence = evidenceText(hint);
  const evidenceNode = node.querySelector('.evidence');
  evidenceNode.hidden = !evidence;
  setText(evidenceNode, evidence);

  let feedback = node.querySelector('.feedback');
  if (customer && !feedback) {
    const title = hint.title || humanize(hint.id);
    feedback = h('div', { class: 'feedback', role: 'group', 'aria-label': `Was “${title}” right here?` },
      h('button', { type: 'button', class: 'fb-useful', 'aria-pressed': 'false',
        onclick: () => ctx.onFeedback(hint, 'useful') }, h('span', { 'aria-hidden': 'true' }, '✓ '), 'Useful'),
      h('button', { type: 'button', class: 'fb-wrong', 'aria-pressed': 'false',
        onclick: () => ctx.onFeedback(hint, 'wrong') }, h('span', { 'aria-hidden': 'true' }, '✗ '), 'Wrong'),
      feedbackStatusNode());
    node.querySelector('.hint-body').append(feedback);
  }
  if (feedback) {
    const target = `hint:${hint.key}`;
    const entry = call.feedback.get(target);
    const saved = entry && (entry.state === 'saved' || entry.state === 'sending' || entry.state === 'undoing');
    for (const verdict of ['useful', 'wrong']) {
      const button = feedback.querySelector(`.fb-${verdict}`);
      button.setAttribute('aria-pressed', String(Boolean(saved && entry.verdict === verdict)));
      button.disabled = Boolean(saved);
    }
    renderFeedbackStatus(feedback.querySelector('.fb-status'), entry, ctx.hintTitle, () => ctx.onUndo(target));
  }
}

/** How the hint matched, when the server says (path, score, evidence); empty otherwise. */
export function evidenceText(hint) {
  if (hint.path === 'meaning') {
    return ['Matched by meaning', hint.score != null ? `(score ${hint.score.toFixed(2)})` : null,
      hint.evidence ? `· closest example “${hint.evidence}”` : null].filter(Boolean).join(' ');
  }
  if (hint.path === 'rule') return hint.evidence ? `Matched the phrase “${hint.evidence}”` : 'Matched a phrase';
  return '';
}

/** Ticks the "… s ago" of live hints. */
export function tickHints(root, call, now) {
  if (!call) return;
  for (const hint of call.hints) {
    if (!hint.rx) continue;
    const node = root.list.querySelector(`li[data-key="${CSS.escape(hint.key)}"] .when`);
    if (node) setText(node, [ago(hint.rx, now), hint.atMs != null ? `at ${mmss(hint.atMs)}` : ''].filter(Boolean).join(' · '));
  }
}
