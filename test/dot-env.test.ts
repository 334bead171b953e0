import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { withDotEnv } from '../src/dot-env.js';

describe('.env', () => {
  const folder = mkdtempSync(join(tmpdir(), 'joren-dotenv-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('adds the file’s variables under the environment’s, which win', () => {
    const file = join(folder, '.env');
    writeFileSync(
      file,
      [
        '# Joren configuration',
        'SHOP_NAME=サロン常連',
        'PORT=8080',
        'LINE_CHANNEL_SECRET="quoted secret"',
        'export LOG_LEVEL=debug',
        '',
      ].join('\n'),
    );
    const { env, fromFile } = withDotEnv({ PORT: '3000', PATH: '/bin' }, file);
    expect(env).toEqual({
      PORT: '3000',
      PATH: '/bin',
      SHOP_NAME: 'サロン常連',
      LINE_CHANNEL_SECRET: 'quoted secret',
      LOG_LEVEL: 'debug',
    });
    expect(fromFile).toBe(3);
  });

  it('leaves the environment as it is when there is no file', () => {
    const env = { PORT: '3000' };
    expect(withDotEnv(env, join(folder, 'missing.env'))).toEqual({ env, fromFile: undefined });
  });
});
