import { afterAll, describe, expect, it } from '@jest/globals';
import { dropDatabase, freshDatabaseName, testDatabaseUri } from '../support/database.js';
import { killStarted, spawnTracked } from '../support/child-processes.js';

/**
 * Agenda 6.2.6 left a timer of lockLifetime / 2 (up to 30 minutes) behind every job run, so a stopped
 * scheduler kept its process alive and jest reported a worker that failed to exit. The patch in
 * patches/agenda+6.2.6.patch ends that wait with its job; this test fails without it.
 */
describe('a stopped scheduler', () => {
  const dbName = freshDatabaseName('agenda-exit');
  afterAll(async () => {
    killStarted();
    await dropDatabase(dbName);
  });

  it('leaves nothing running: its process ends by itself once the app stopped', async () => {
    const child = spawnTracked(
      process.execPath,
      ['--import', 'tsx', 'test/support/agenda-run-then-stop.ts'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          MONGODB_URI: `${testDatabaseUri().replace(/\/$/, '')}/${dbName}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const stoppedAt = new Promise<number>((resolve) => {
      child.stdout!.on('data', () => output.includes('"stopped":true') && resolve(Date.now()));
    });
    const first = await Promise.race([stoppedAt.then(() => 'stopped'), exited.then(() => 'exited')]);
    expect({ first, output }).toMatchObject({ first: 'stopped' });
    const stopped = await stoppedAt;
    const late = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await exited;
    clearTimeout(late);
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual({
      stopped: true,
      broadcastOk: true,
      delivered: 1,
    });
    expect(code).toBe(0);
    // Without the patch the process sits out the longest job's lockLifetime / 2 (30 minutes).
    expect(Date.now() - stopped).toBeLessThan(10_000);
  }, 60_000);
});
