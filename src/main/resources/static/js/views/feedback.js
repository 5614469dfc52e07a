// The feedback a user gives on one hint card or transcript line: what was sent, and its undo.
// Entries live in the call's state (call.feedback, keyed by target); the page does the network.

import { h, setText } from './dom.js';

const VERDICT_WORDS = { useful: 'useful', wrong: 'wrong', missed: 'missed' };

/** The status line under the buttons: {text, undo: boolean}. */
export function feedbackStatus(entry, hintTitle) {
  if (!entry) return { text: '', undo: false };
  switch (entry.state) {
    case 'sending':
      return { text: 'Sending…', undo: false };
    case 'saved':
      return entry.verdict === 'missed'
        ? { text: `Recorded: ${hintTitle(entry.hintId)} should have fired here.`, undo: true }
        : { text: `Recorded as ${VERDICT_WORDS[entry.verdict] || entry.verdict}. Thank you.`, undo: true };
    case 'undoing':
      return { text: 'Undoing…', undo: false };
    case 'unavailable':
      return { text: 'Feedback is not available on this server yet (POST /api/feedback answered 404).', undo: false };
    case 'error':
      return { text: `Not recorded: ${entry.message}`, undo: false };
    default:
      return { text: '', undo: false };
  }
}

/** Fills a node.feedback-status with the entry's status and, once saved, an Undo button. */
export function renderFeedbackStatus(node, entry, hintTitle, onUndo) {
  const status = feedbackStatus(entry, hintTitle);
  const text = node.querySelector('.fb-text');
  setText(text, status.text);
  let undo = node.querySelector('.fb-undo');
  if (status.undo && !undo) {
    undo = h('button', { type: 'button', class: 'link fb-undo', onclick: onUndo }, 'Undo');
    node.append(undo);
  }
  if (!status.undo && undo) undo.remove();
  node.classList.toggle('bad', Boolean(entry && (entry.state === 'error' || entry.state === 'unavailable')));
}

export function feedbackStatusNode() {
  return h('span', { class: 'fb-status', role: 'status' }, h('span', { class: 'fb-text' }));
}
