import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

describe('/joren: help and language', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  it.each([['help'], [''], ['ＨＥＬＰ'], ['ヘルプ']])('「%s」 shows one screen of usage', async (typed) => {
    const answer = await t.command(t.staff, '/joren', typed);
    expect(answer.visible).toMatchObject({ response_type: 'ephemeral' });
    expect(answer.text).toMatch(/^\*Joren の使い方\*/);
    for (const part of [
      '/customer',
      '/forget',
      'note:',
      '担当する',
      '解決済み',
      '/joren language en',
      '/lapsed',
      '/joren templates',
      '/joren newsletter',
    ]) {
      expect(answer.text).toContain(part);
    }
    expect(answer.text.split('\n').length).toBeLessThanOrEqual(10);
  });

  it('switches a staff member to English and back; others keep Japanese', async () => {
    const alex = { userId: t.slackFake.addUser({ name: 'alex' }) };
    expect((await t.command(alex, '/joren', 'language en')).text).toBe('Joren will answer you in English.');
    expect((await t.command(alex, '/joren', 'help')).text).toMatch(/^\*Using Joren\*/);
    expect((await t.command(t.staff, '/joren', 'help')).text).toMatch(/^\*Joren の使い方\*/);
    expect((await t.command(alex, '/joren', '言語　日本語')).text).toBe('表示言語を日本語にしました。');
    expect((await t.command(alex, '/joren', 'help')).text).toMatch(/^\*Joren の使い方\*/);
  });

  it.each([['language fr'], ['delete everything'], ['{"$gt": ""}'], ['help me'.repeat(50)]])(
    'answers 「%s」 with the usage',
    async (typed) => {
      const answer = await t.command(t.staff, '/joren', typed);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain(
        '使い方: `/joren help`（使い方） · `/joren language ja|en`（表示言語） · `/joren templates [グループ]`（お客様への文面） · `/joren newsletter [YYYY-MM]`（お知らせ） · `/joren seasons`（季節のご挨拶の暦）',
      );
      expect(answer.text).toContain('`/joren tag お客様 +タグ -タグ`');
    },
  );
});
