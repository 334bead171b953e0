import { describe, expect, it } from '@jest/globals';
import { safeError } from '../src/log-errors.js';

describe('safeError (the log serializer of errors)', () => {
  it("keeps a wrapped validation error's field paths, never the value it quotes", () => {
    const error = Object.assign(
      new Error('Path `words` (`お客様の言葉`) is longer than the maximum allowed length (2000).'),
      {
        name: 'ValidationError',
        errors: { words: { path: 'words', kind: 'maxlength', value: 'お客様の言葉' } },
      },
    );
    const logged = JSON.stringify(safeError(new Error('wrapped', { cause: error })));
    expect(logged).not.toContain('お客様の言葉');
    expect(safeError(new Error('wrapped', { cause: error }))).toMatchObject({
      cause: { type: 'ValidationError', paths: ['words'] },
    });
  });

  it('keeps the code of other errors, neither their message nor their other fields', () => {
    const error = Object.assign(new Error('E11000 duplicate key { phone: "0801234" }'), {
      code: 11000,
      keyValue: { phone: '0801234' },
    });
    expect(safeError(error)).toMatchObject({ type: 'Error', code: 11000 });
    expect(JSON.stringify(safeError(error))).not.toContain('0801234');
  });
});
