// The after-call summary, written for a person: how long, who talked, which hints fired (how often, when), the
// checklist, the customer's questions and whether they were answered, the next steps. Never a raw field name.

import { mmss, num, speakerName, talkSplit, talkSplitText } from '../format.js';
import { checklistOf, durationOf, summaryHints } from '../state.js';
import { clear, h } from './dom.js';

/** @param root {panel: section (hidden until there is a summary), body: container} */
export function renderSummary(root, call, vocab) {
  const summary = call && call.summary && typeof call.summary === 'object' ? call.summary : null;
  root.panel.hidden = !summary;
  clear(root.body);
  if (!summary) return;
  const duration = durationOf(call);
  const split = talkSplit(num(summary.talkRatio));
  const hints = summaryHints(summary, vocab);
  const checklist = checklistOf(call);
  const questions = (Array.isArray(summary.questions) ? summary.questions : []).filter((q) => q && q.text);
  const nextSteps = (Array.isArray(summary.nextSteps) ? summary.nextSteps : []).filter((n) => n && n.text);

  root.body.append(
    h('p', { class: 'summary-lead' },
      h('span', { class: 'duration' }, h('span', { class: 'k' }, 'Duration '), h('strong', null, mmss(duration))),
      h('span', { class: 'talk' }, h('span', { class: 'k' }, 'Talk ratio '), h('strong', null, talkSplitText(summary.talkRatio)))),
    split ? h('div', { class: 'ratio small', role: 'img', 'aria-label': `Talk ratio: ${talkSplitText(summary.talkRatio)}` },
      h('div', { class: 'ratio-agent', style: `width: ${split.you}%` })) : null,
    section('Hints', hints.length ? `${hints.reduce((n, g) => n + g.count, 0)}` : null,
      hints.length ? h('ul', { class: 'summary-hints' }, hints.map((g) => h('li', null,
        h('span', { class: 'name' }, g.title), ' ',
        h('span', { class: 'count' }, `×${g.count}`), ' ',
        h('span', { class: 'times' }, g.atMs.length ? `at ${g.atMs.map(mmss).join(', ')}` : ''))))
        : h('p', { class: 'none' }, 'No hints fired.')),
    section('Checklist', checklist.length ? `${checklist.filter((i) => i.done).length} of ${checklist.length}` : null,
      checklist.length ? h('ul', { class: 'checklist' }, checklist.map((item) => h('li', { class: item.done ? 'done' : null },
        h('span', { class: 'mark', 'aria-hidden': 'true' }, item.done ? '✓' : '○'),
        h('span', { class: 'label' }, item.label || item.id),
        h('span', { class: 'state' }, item.done ? (num(item.atMs) != null ? ` at ${mmss(item.atMs)}` : ' done') : ' not done'))))
        : h('p', { class: 'none' }, 'No checklist in this playbook.')),
    section('Customer questions', questions.length ? String(questions.length) : null,
      questions.length ? h('ul', { class: 'questions' }, questions.map((q) => h('li', null,
        h('q', null, q.text), ' ',
        h('span', { class: `answer ${answerClass(q.answered)}` }, answerText(q.answered)),
        num(q.atMs) != null ? h('span', { class: 'times' }, ` · asked at ${mmss(q.atMs)}`) : null)))
        : h('p', { class: 'none' }, 'The customer asked no questions.')),
    section('Next steps', nextSteps.length ? String(nextSteps.length) : null,
      nextSteps.length ? h('ul', { class: 'next-steps' }, nextSteps.map((n) => h('li', null,
        h('q', null, n.text), ' ',
        h('span', { class: 'times' }, `— ${speakerName(n.speaker === 'agent' ? 'agent' : 'customer')}`
          + (num(n.atMs) != null ? `, at ${mmss(n.atMs)}` : '')))))
        : h('p', { class: 'none' }, 'No next step was agreed.')));
}

function section(title, count, body) {
  return h('section', { class: 'summary-section' },
    h('h3', null, title, count ? h('span', { class: 'count' }, ` (${count})`) : null), body);
}

function answerText(answered) {
  if (answered === true) return '✓ answered';
  if (answered === false) return '✗ not answered';
  return '? no reply before the call ended';
}

function answerClass(answered) {
  if (answered === true) return 'yes';
  if (answered === false) return 'no';
  return 'open';
}
