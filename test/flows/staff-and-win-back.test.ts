import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openComplaintForCustomer } from '../../flows/complaint.flow.js';
import { recordStaffReply } from '../../src/staff/staff-replies.js';
import { markWonBack } from '../../src/win-back/win-back-episodes.js';
import { CustomerSim } from '../support/customer-sim.js';
import { RecordingStaffDesk } from '../support/recording-staff-desk.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DAY = 24 * 3_600_000;

describe('what staff start, and what the records say afterwards', () => {
  let t: TestApp;
  const desk = new RecordingStaffDesk();
  beforeAll(async () => {
    t = await startTestApp({ staffDesk: desk, env: { SHOP_HOURS: '00:00-24:00' } });
  });
  afterAll(async () => {
    await t.stop();
  });

  const friend = async (name: string) => {
    const sim = new CustomerSim(t, name);
    await t.context.models.Customer.create({
      _id: sim.userId,
      lineUserId: sim.userId,
      status: 'following',
      callName: name,
    });
    return sim;
  };

  it('a case staff open for a phone complaint reaches the customer, who answers the magic question', async () => {
    const sim = await friend('電話');
    const customer = (await t.context.models.Customer.findById(sim.userId).lean())!;
    const opened = await openComplaintForCustomer(t.context.flows, {
      customer,
      by: '受付 田中',
      words: '電話で予約時間の行き違いのお申し出',
    });
    expect(sim.received()).toEqual([
      '電話様、このたびはご不快な思いをおかけしたことと存じます。',
      'この件は必ず責任を持って対応させていただきますので、どうかご安心ください。',
      expect.stringMatching(/^ご期待に沿えず/),
      'どのようにさせていただければご満足いただけますでしょうか。ご希望をお聞かせください。',
    ]);
    expect(t.fake.deliveries.filter((d) => d.to === sim.userId).map((d) => d.via)).toEqual(['push']);
    expect(await sim.tap('お任せします')).toEqual([expect.stringMatching(/^承知いたしました。/)]);
    expect(await t.context.models.ComplaintCase.findById(opened._id).lean()).toMatchObject({
      trigger: 'staff',
      wish: 'お任せします',
      history: [
        expect.objectContaining({ by: '受付 田中', action: 'opened' }),
        expect.objectContaining({ action: 'answered' }),
      ],
    });
  });

  it('a visit within the window after a check-in marks the lapse episode won back; a later one does not', async () => {
    const sim = await friend('再来店');
    const sentAt = t.clock.now();
    await t.context.models.WinBack.create([
      {
        _id: `${sim.userId}:a`,
        customerId: sim.userId,
        lapsedAt: sentAt,
        checkInSentAt: sentAt,
        outcome: 'replied',
        reason: 'timing',
      },
      { _id: `${sim.userId}:b`, customerId: sim.userId, lapsedAt: sentAt, outcome: 'pending' },
    ]);
    expect(await markWonBack(t.context.models, sim.userId, new Date(sentAt.getTime() + 90 * DAY), 60)).toBe(
      0,
    );
    expect(await markWonBack(t.context.models, sim.userId, new Date(sentAt.getTime() + 20 * DAY), 60)).toBe(
      1,
    );
    expect(await t.context.models.WinBack.findById(`${sim.userId}:a`).lean()).toMatchObject({
      outcome: 'won-back',
    });
    expect(await t.context.models.WinBack.findById(`${sim.userId}:b`).lean()).toMatchObject({
      outcome: 'pending',
    });
  });

  it('after a staff member replies, the customer is not told again that someone will get back to them', async () => {
    const sim = await friend('会話中');
    expect(await sim.say('来週の土曜は空いていますか？')).toHaveLength(1);
    await recordStaffReply(t.context.flows.conversations, sim.userId, t.clock.now());
    t.clock.advance(10 * 3_600_000);
    expect(await sim.say('では14時でお願いします')).toEqual([]);
    t.clock.advance(13 * 3_600_000);
    expect(await sim.say('もう一つ質問です')).toHaveLength(1);
  });
});
