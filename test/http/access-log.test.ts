import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loggablePath } from '../../src/http/access-log.js';
import { createLogger } from '../../src/log.js';
import { TEST_CHANNEL_SECRET, startTestApp, type TestApp } from '../support/test-app.js';

const TEXT = '来週の火曜日に予約したいです(秘密のメモ)';

describe('access log', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];
  const accessLines = () => lines.filter((line) => line.msg === 'request');

  beforeAll(async () => {
    const log = createLogger('info', {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    t = await startTestApp({ log });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('writes one line for a webhook with method, path, status and duration, and nothing personal', async () => {
    const userId = t.fake.addUser({ displayName: '鈴木 花子' });
    await t.settle();
    lines.length = 0;
    const res = await t.line.send(t.line.text(userId, TEXT));
    expect(res.status).toBe(200);
    await t.settle();

    const access = accessLines();
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      level: 30,
      req: { method: 'POST', path: '/webhooks/line' },
      res: { status: 200 },
    });
    expect(typeof access[0]!.durationMs).toBe('number');
    expect(Object.keys(access[0]!).sort()).toEqual([
      'app',
      'durationMs',
      'level',
      'msg',
      'req',
      'res',
      'time',
    ]);
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain(TEXT);
    expect(everything).not.toContain(userId);
    expect(everything).not.toContain('鈴木');
    expect(everything).not.toContain(TEST_CHANNEL_SECRET);
    expect(JSON.stringify(access[0])).not.toMatch(/x-line-signature|authorization|headers|remoteAddress/i);
  });

  it('logs a refused request at warn, without the query string', async () => {
    lines.length = 0;
    const res = await fetch(`${t.baseUrl}/webhooks/line?userId=U123&text=${encodeURIComponent(TEXT)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': 'forged' },
      body: '{"events":[]}',
    });
    expect(res.status).toBe(401);
    const access = accessLines();
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ level: 40, req: { path: '/webhooks/line' }, res: { status: 401 } });
    expect(JSON.stringify(lines)).not.toMatch(/U123|予約/);
  });

  it('keeps ids and query strings out of logged paths', () => {
    expect(loggablePath('/healthz')).toBe('/healthz');
    expect(loggablePath('/x/U0123456789abcdef0123456789abcdef/y?z=1')).toBe('/x/:id/y');
    expect(loggablePath('/orders/12345#top')).toBe('/orders/:id');
  });
});
