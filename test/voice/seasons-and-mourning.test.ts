import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { clockAt, friend, tokyo, travel } from '../support/scheduler.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';
import { channelTexts, modal, submitView, typed, type ViewValues } from '../support/slack-views.js';

const calendarForm = (lines: Record<string, string>): ViewValues => {
  const values: ViewValues = {};
  for (const [id, line] of Object.entries(lines)) Object.assign(values, typed(`ss_${id}`, `ss:${id}`, line));
  return values;
};

const DEFAULTS = {
  'new-year': '01-01..01-03',
  kanchu: '01-08..02-03',
  shochu: '07-15..08-06',
  zansho: '08-07..08-31',
  'year-end': '12-25..12-30',
};

/**
 * Seasonal greetings as the shop wants them: the calendar and the texts set from Slack, and a
 * customer staff marked 喪中 on /customer gets no New Year greeting, but 寒中見舞い in January instead.
 */
describe('seasonal greetings: the calendar and texts from Slack, and 喪中', () => {
  let t: SlackTestApp;
  let mourner: string;
  let other: string;

  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-12-20T11:00:00+09:00') });
    mourner = await friend(t, { displayName: '喪中 花子' });
    other = await friend(t, { displayName: '通常 太郎' });
  });
  afterAll(async () => {
    await t.stop();
  });

  const press = (actionId: string, value: string) =>
    t.press(
      t.staff,
      { actionId, value },
      { channel: t.staffChannel, messageTs: '1.000001', ephemeral: true },
    );
  const greetings = (user: string) =>
    t.fake.textsTo(user).filter((text) => /申し上げます|お年|おめでとう|ありがとうございました/.test(text));

  it('staff mark a customer 喪中 on /customer (and can clear it)', async () => {
    const card = await t.command(t.staff, '/customer', '喪中 花子');
    expect(card.text).toContain('*喪中*\n—');
    expect(card.text).toContain('喪中にする');
    const marked = await press(`customer:mourning:${mourner}`, `on:${mourner}`);
    expect(marked.text).toContain('喪中（2028年の年始のご挨拶は控え、寒中見舞いをお送りします）');
    expect(marked.text).toContain('喪中を解除');
    const cleared = await press(`customer:mourning:${mourner}`, `off:${mourner}`);
    expect(cleared.text).toContain('*喪中*\n—');
    await press(`customer:mourning:${mourner}`, `on:${mourner}`);
    expect((await t.context.models.Customer.findById(mourner).lean())?.mourningMarkedAt).toBeInstanceOf(Date);
  });

  it('the greeting calendar is set in Slack, refused line by line when wrong', async () => {
    expect((await t.command(t.staff, '/joren', 'seasons')).text).toBe('季節のご挨拶の暦を開きました。');
    const view = modal(t, 'voice:seasons');
    expect(textOf(view.view)).toContain('年末のお礼');
    const overlap = await submitView(t, view, calendarForm({ ...DEFAULTS, shochu: '07-15..08-10' }));
    expect(overlap.ack).toMatchObject({ errors: { ss_shochu: '残暑見舞いの期間と重なっています。' } });
    const malformed = await submitView(t, view, calendarForm({ ...DEFAULTS, kanchu: '一月' }));
    expect(malformed.ack).toMatchObject({ errors: { ss_kanchu: expect.stringContaining('MM-DD..MM-DD') } });
    const saved = await submitView(
      t,
      view,
      calendarForm({ ...DEFAULTS, 'new-year': '01-02..01-03', 'year-end': 'off' }),
    );
    expect(saved.ack).toBe('');
    expect(channelTexts(t).at(-1)).toBe(`🎍 <@${t.staff.userId}> さんが季節のご挨拶の暦を変更しました。`);
  });

  it('the New Year text is edited like any other', async () => {
    const list = await t.command(t.staff, '/joren', 'templates greetings');
    expect(list.text).toContain('{name}様、新年あけましておめでとうございます。');
    await press('voice:edit:seasonal:new-year', 'seasonal:new-year');
    const view = modal(t, 'voice:template');
    const block = (view.view.blocks as { block_id?: string }[]).find((b) =>
      b.block_id?.startsWith('vt_text'),
    )!;
    const text = '{name}様、あけましておめでとうございます。{year}年も{shop}をよろしくお願いいたします。';
    expect((await submitView(t, view, typed(block.block_id!, 'vt:text', text))).ack).toBe('');
  });

  it('no year-end greeting (switched off); the New Year on its new day, not to the customer in mourning; 寒中見舞い for them', async () => {
    for (const day of ['2027-12-25', '2027-12-28', '2028-01-01']) await travel(t, tokyo(day, '09:30'));
    expect(greetings(other)).toEqual([]);
    await travel(t, tokyo('2028-01-02', '09:30'));
    expect(greetings(other)).toEqual([
      '通常 太郎様、あけましておめでとうございます。2028年もサロン常連をよろしくお願いいたします。',
    ]);
    expect(t.fake.textsTo(mourner)).toEqual([]);

    await travel(t, tokyo('2028-01-08', '09:30'));
    expect(t.fake.textsTo(mourner)).toEqual([
      '喪中 花子様、寒中お見舞い申し上げます。\nご服喪中と伺い、年頭のご挨拶は控えさせていただきました。寒さ厳しき折、どうぞお体を大切にお過ごしください。サロン常連一同、心よりお祈り申し上げます。',
    ]);
    // One winter greeting each.
    await travel(t, tokyo('2028-01-15', '09:30'));
    expect(greetings(other)).toHaveLength(1);
    expect(t.fake.textsTo(mourner)).toHaveLength(1);
  });
});
