import { describe, expect, it } from '@jest/globals';
import { storableKeys } from '../../src/line/storable-keys.js';
import { jsonDepthExceeds } from '../../src/line/webhook.route.js';

describe('what the webhook refuses or rewrites before storing', () => {
  it('measures nesting outside strings', () => {
    const nest = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    expect(jsonDepthExceeds(Buffer.from(nest(32)), 32)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(nest(33)), 32)).toBe(true);
    // Brackets and escaped quotes inside strings do not count.
    expect(jsonDepthExceeds(Buffer.from(`{"t":"${'{['.repeat(100)}\\"${'{'.repeat(50)}"}`), 2)).toBe(false);
  });

  it('replaces key characters the database refuses, leaving values alone', () => {
    const event = { type: 'message', x: { $gt: '', 'a.b': ['$where'], list: [{ $in: 1 }] } };
    expect(storableKeys(event)).toEqual({
      type: 'message',
      x: { '＄gt': '', 'a．b': ['$where'], list: [{ '＄in': 1 }] },
    });
  });
});
