import { describe, expect, it } from '@jest/globals';
import { errorForLog } from '../src/log.js';

describe('errorForLog', () => {
  it("keeps a validation error's fields and kinds, never the value it quotes", () => {
    const error = Object.assign(
      new Error('Path `words` (`お客様の言葉`) is longer than the maximum allowed length (2000).'),
      {
        name: 'ValidationError',
        errors: { words: { path: 'words', kind: 'maxlength', value: 'お客様の言葉' } },
      },
    );
    const logged = JSON.stringify(errorForLog(new Error('wrapped', { cause: error })));
    expect(logged).not.toContain('お客様の言葉');
    expect(logged).toContain('words (maxlength)');
  });

  it('keeps name, code and message of other errors, without their other fields', () => {
    const error = Object.assign(new Error('E11000 duplicate key'), {
      code: 11000,
      keyValue: { phone: '0801234' },
    });
    expect(errorForLog(error)).toMatchObject({ type: 'Error', code: 11000, message: 'E11000 duplicate key' });
    expect(JSON.stringify(errorForLog(error))).not.toContain('0801234');
  });
});
