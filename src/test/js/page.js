// A DOM for the view tests: happy-dom holding the real index.html (its scripts not run), installed as the
// globals the views use (document, Node, CSS).
import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';

const INDEX = new URL('../../main/resources/static/index.html', import.meta.url);

export function openPage() {
  const window = new Window({ url: 'http://localhost:8080/', settings: { disableJavaScriptFileLoading: true,
    disableJavaScriptEvaluation: true, disableCSSFileLoading: true } });
  window.document.write(readFileSync(INDEX, 'utf8'));
  globalThis.window = window;
  globalThis.document = window.document;
  globalThis.Node = window.Node;
  globalThis.CSS = window.CSS;
  return window;
}

/** The vocabulary the server sends (GET /api/config), as CallService and the default playbook define it. */
export const CONFIG = {
  statuses: {
    queued: { label: 'Calling agent', step: 'calling' },
    initiated: { label: 'Calling agent', step: 'calling' },
    ringing: { label: 'Ringing', step: 'ringing' },
    'in-progress': { label: 'Connected', step: 'connected' },
    answered: { label: 'Connected', step: 'connected' },
    streaming: { label: 'Streaming', step: 'streaming' },
    completed: { label: 'Completed', step: 'completed' },
    busy: { label: 'Busy', step: null },
    'no-answer': { label: 'No answer', step: null },
    canceled: { label: 'Canceled', step: null },
    failed: { label: 'Failed', step: null },
    interrupted: { label: 'Interrupted', step: null },
  },
  coaching: {
    talkRatioLimit: 0.65,
    talkRatioAfterMs: 120000,
    monologueLimitMs: 60000,
    hints: [
      { id: 'price-objection', title: 'Price objection', kind: 'objection', speaker: 'customer', rule: 'phrase' },
      { id: 'competitor-mention', title: 'Competitor mentioned', kind: 'objection', speaker: 'customer', rule: 'phrase' },
      { id: 'recording-disclosure', title: 'Say the call is recorded', kind: 'compliance', speaker: 'agent',
        rule: 'recording-disclosure' },
      { id: 'monologue', title: 'Monologue', kind: 'coaching', speaker: 'agent', rule: 'monologue' },
    ],
  },
  unsureBelow: 0.6,
};

/** A live event as /ui/events sends it. */
export function event(type, data, callSid = 'CA1') {
  return { type, callSid, at: new Date().toISOString(), data };
}
