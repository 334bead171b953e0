import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { LineBudget } from '../../src/outreach/outreach-budget.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';
import { startTestApp } from '../support/test-app.js';

const TOKEN = 'metrics-token-0123456789abcdef0123456789';

/** The value of one sample line (`name{labels} value`), or undefined when it is not there. */
function sample(body: string, name: string, labels = ''): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('METRICS_TOKEN', () => {
  it('refuses to start with a token too short to keep the metrics private', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'secret' })).toThrow(/METRICS_TOKEN is too short/);
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(loadConfig({}).metricsToken).toBeUndefined();
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  it('does not exist: 404, with or without a token', async () => {
    const t = await startTestApp();
    try {
      expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
      const withToken = await fetch(`${t.baseUrl}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(withToken.status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let t: SlackTestApp;
  const scrape = async (authorization?: string) =>
    fetch(`${t.baseUrl}/metrics`, authorization ? { headers: { authorization } } : {});
  const metrics = async () => {
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    t = await startSlackTestApp({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('refuses a missing or wrong token with 401', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(TOKEN)).status).toBe(401);
    const refused = await scrape('Bearer nope');
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await refused.text()).not.toMatch(/joren_/);
  });

  it('answers the right token in Prometheus text with every metric and the process figures', async () => {
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await res.text();
    for (const name of [
      'joren_webhook_requests_total',
      'joren_webhook_events_total',
      'joren_inbox_backlog',
      'joren_inbox_oldest_age_seconds',
      'joren_inbox_parked_events',
      'joren_line_sends_total',
      'joren_line_quota_left',
      'joren_job_runs_total',
      'joren_slack_command_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'process_resident_memory_bytes',
    ]) {
      expect(body).toContain(`# TYPE ${name} `);
    }
    expect(sample(body, 'joren_inbox_backlog')).toBe(0);
    expect(sample(body, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
  });

  it('counts webhook events by type and outcome, and the replies they caused', async () => {
    const userId = t.fake.addUser({ displayName: '山田' });
    const follow = t.line.follow(userId);
    expect((await t.line.send(follow)).status).toBe(200);
    await t.settle();
    expect((await t.line.send({ ...follow, deliveryContext: { isRedelivery: true } })).status).toBe(200);
    expect((await t.line.postRaw(t.line.body([t.line.text(userId, 'こんにちは')]), 'bad')).status).toBe(401);
    const body = await metrics();
    expect(sample(body, 'joren_webhook_events_total', 'type="follow",outcome="stored"')).toBe(1);
    expect(sample(body, 'joren_webhook_events_total', 'type="follow",outcome="duplicate"')).toBe(1);
    expect(sample(body, 'joren_webhook_requests_total', 'outcome="accepted"')).toBe(2);
    expect(sample(body, 'joren_webhook_requests_total', 'outcome="bad_signature"')).toBe(1);
    expect(sample(body, 'joren_line_sends_total', 'kind="reply",outcome="ok"')).toBeGreaterThanOrEqual(1);
  });

  it('counts a push to someone LINE does not know as unreachable', async () => {
    const outcome = await t.context.line.messenger.send({
      to: `U${'0'.repeat(32)}`,
      messages: [{ type: 'text', text: 'テスト' }],
      key: 'metrics-test:unknown',
      purpose: 'test',
    });
    expect(outcome).toEqual({ status: 'unreachable' });
    expect(sample(await metrics(), 'joren_line_sends_total', 'kind="push",outcome="unreachable"')).toBe(1);
  });

  it('shows the LINE quota from the snapshot the budget keeps', async () => {
    const before = await metrics();
    expect(sample(before, 'joren_line_quota_left')).toBeNaN();
    t.fake.setQuota(1_000, 250);
    const { context } = t;
    await new LineBudget({
      api: context.line.api,
      models: context.models,
      clock: context.clock,
      log: context.log,
      zone: context.config.shop.timezone,
    }).refresh();
    const body = await metrics();
    expect(sample(body, 'joren_line_quota_limit')).toBe(1_000);
    expect(sample(body, 'joren_line_quota_left')).toBe(1_000 - (sample(body, 'joren_line_quota_used') ?? 0));
    expect(sample(body, 'joren_line_quota_used')).toBeGreaterThanOrEqual(250);
  });

  it('times slash commands by command and counts job runs', async () => {
    const answer = await t.command(t.staff, '/joren', 'help');
    expect(answer.text).not.toBe('');
    await t.context.scheduler.runDue();
    const body = await metrics();
    expect(sample(body, 'joren_slack_command_seconds_count', 'command="/joren"')).toBe(1);
    expect(body).toMatch(/^joren_job_runs_total\{job="[a-z-]+",outcome="ok"\} [1-9]/m);
  });

  it('shows the events waiting in the inbox and how long the oldest has waited', async () => {
    await t.context.inbox.worker.stop();
    const userId = t.fake.addUser({ displayName: '佐藤' });
    expect((await t.line.send(t.line.text(userId, 'まだ処理されません'))).status).toBe(200);
    t.clock.advance(90_000);
    const body = await metrics();
    expect(sample(body, 'joren_inbox_backlog')).toBe(1);
    expect(sample(body, 'joren_inbox_oldest_age_seconds')).toBeGreaterThanOrEqual(90);
    expect(sample(body, 'joren_inbox_parked_events')).toBe(0);
  });
});
