import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { startFlags } from '../../scripts/bench/lib/start-flags.js';

/** `npm start`, the Docker image and the benchmarks run Joren with the same Node flags. */
describe('the Node flags Joren starts with', () => {
  it('are the same in the Docker image as in npm start', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(cmd).not.toBeNull();
    const args = JSON.parse(cmd![1]!) as string[];
    expect(args[0]).toBe('node');
    expect(args.filter((arg) => arg.startsWith('--'))).toEqual(startFlags());
    expect(args.at(-1)).toBe('dist/src/main.js');
  });

  it('are flags this Node accepts', () => {
    const run = spawnSync(process.execPath, [...startFlags(), '-e', 'process.exit(0)'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
