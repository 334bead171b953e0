import { describe, expect, it } from '@jest/globals';
import { clipText } from '../../src/text/clip-text.js';

describe('clipText', () => {
  it('leaves a text that fits alone', () => {
    expect(clipText('こんにちは', 5)).toBe('こんにちは');
  });

  it('cuts between characters and marks the cut, within the limit in UTF-16 units', () => {
    expect(clipText('あいうえお', 4)).toBe('あいう…');
    // 𠮷 is a surrogate pair: never cut in half.
    const clipped = clipText('𠮷𠮷𠮷', 4);
    expect(clipped).toBe('𠮷…');
    expect(clipped.length).toBeLessThanOrEqual(4);
  });

  it('keeps emoji sequences and combining marks whole', () => {
    const bow = '🙇‍♀️';
    expect(clipText(`${bow}${bow}`, bow.length + 2)).toBe(`${bow}…`);
    const e = 'e\u0301';
    expect(clipText(`${e}${e}${e}`, 4)).toBe(`${e}…`);
  });

  it('cuts a single over-long grapheme between code points, never inside a pair', () => {
    const clipped = clipText(`a${'\u0301'.repeat(50)}`, 10);
    expect(clipped.length).toBeLessThanOrEqual(10);
    expect(clipped.endsWith('…')).toBe(true);
  });
});
