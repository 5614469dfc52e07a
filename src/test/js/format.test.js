import assert from 'node:assert/strict';
import { test } from 'node:test';

import { E164, mmss, normalizeNumber, parseAt, ratioOf, talkSplit, talkSplitText } from '../../main/resources/static/js/format.js';

test('the talk split always adds up to 100 %, however the ratio rounds', () => {
  for (let i = 0; i <= 1000; i++) {
    const split = talkSplit(i / 1000);
    assert.equal(split.you + split.customer, 100, `ratio ${i / 1000}`);
  }
  // the case the issue saw: 38.5 % would round to 39 and 61.5 % to 62
  assert.equal(talkSplitText(0.385), 'You 39 % · Customer 61 %');
  assert.equal(talkSplitText(null), '—');
  assert.equal(talkSplit('not a number'), null);
});

test('durations and stream offsets read as m:ss, unknown as a dash, never NaN', () => {
  assert.equal(mmss(38_060), '0:38');
  assert.equal(mmss(95_000), '1:35');
  assert.equal(mmss(undefined), '–');
  assert.equal(mmss('x'), '–');
});

test('the ratio comes from talkRatio, else from the two talk times', () => {
  assert.equal(ratioOf({ talkRatio: 0.4 }), 0.4);
  assert.equal(ratioOf({ agentMs: 1000, customerMs: 3000 }), 0.25);
  assert.equal(ratioOf({ agentMs: 0, customerMs: 0 }), null);
  assert.equal(ratioOf(null), null);
});

test('numbers people type are normalised before the E.164 check', () => {
  assert.equal(normalizeNumber(' +1 (415) 555-0100 '), '+14155550100');
  assert.ok(E164.test('+14155550100'));
  assert.ok(!E164.test('4155550100'));
});

test('event times are ISO strings, epoch seconds or epoch ms', () => {
  assert.equal(parseAt('2026-01-01T00:00:00Z'), Date.UTC(2026, 0, 1));
  assert.equal(parseAt(1_700_000_000), 1_700_000_000_000);
  assert.equal(parseAt(''), null);
});
