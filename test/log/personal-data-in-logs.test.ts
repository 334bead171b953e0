import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ErrorCode, JorenError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { CustomerSim } from '../support/customer-sim.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const SECRET_NAME = '秘密野 ひみつ子';
const SECRET_CALL_NAME = 'ひみつっこ';
const SECRET_BIRTHDAY = '1987/11/23';
const SECRET_TEXT = '誰にも言えない相談 XJ-4417 です';
const SECRET_REPLY = 'スタッフの返事 QZ-9902 です';
const SECRETS = [SECRET_NAME, SECRET_CALL_NAME, '1987', SECRET_TEXT, 'XJ-4417', 'QZ-9902'];

/** Every line a logger writes, as text. */
function capture() {
  const lines: string[] = [];
  return { lines, stream: { write: (line: string) => void lines.push(line) } };
}

describe('no message text, name or birthday in any log line', () => {
  it('an error keeps its type, codes, paths and stack frames but not a message quoting a value', () => {
    const { lines, stream } = capture();
    const log = createLogger('trace', stream);
    const validation = Object.assign(
      new Error(`Customer validation failed: callName: \`${SECRET_NAME}\` is longer`),
      {
        name: 'ValidationError',
        errors: { callName: { kind: 'maxlength', value: SECRET_NAME } },
      },
    );
    const cast = Object.assign(
      new Error(`Cast to Number failed for value "${SECRET_TEXT}" at path "amount"`),
      {
        name: 'CastError',
        path: 'amount',
        value: SECRET_TEXT,
      },
    );
    const duplicate = Object.assign(
      new Error(`E11000 duplicate key error dup key: { _id: "${SECRET_NAME}" }`),
      {
        name: 'MongoServerError',
        code: 11000,
        codeName: 'DuplicateKey',
        keyValue: { _id: SECRET_NAME },
      },
    );
    const wrapped = new JorenError(
      ErrorCode.EventHandlerFailed,
      'The flow failed.',
      { eventId: 'E1' },
      {
        cause: cast,
      },
    );
    log.error({ err: validation }, 'validation');
    log.warn({ error: duplicate }, 'duplicate');
    log.error({ err: wrapped }, 'wrapped');
    log.info({ error: `reply said ${SECRET_TEXT}` }, 'a string error');
    log.info(
      { customer: { displayName: SECRET_NAME, birthday: { year: 1987, month: 11, day: 23 } } },
      'fields',
    );
    const output = lines.join('');
    for (const secret of SECRETS) expect(output).not.toContain(secret);
    const [first, second, third] = lines.map(
      (line) => JSON.parse(line) as Record<string, Record<string, unknown>>,
    );
    expect(first!.err).toMatchObject({ type: 'ValidationError', paths: ['callName'] });
    expect(first!.err!.stack).toMatch(/^\s+at /);
    expect(second!.error).toMatchObject({ type: 'MongoServerError', code: 11000, codeName: 'DuplicateKey' });
    expect(third!.err).toMatchObject({
      type: 'JorenError',
      code: 'EVENT_HANDLER_FAILED',
      message: 'The flow failed.',
      context: { eventId: 'E1' },
      cause: { type: 'CastError', paths: ['amount'] },
    });
  });

  describe('the whole app at trace level', () => {
    const { lines, stream } = capture();
    let t: SlackTestApp;
    beforeAll(async () => {
      t = await startSlackTestApp({ env: { LOG_LEVEL: 'trace' }, logTo: stream });
    });
    afterAll(async () => {
      await t.stop();
    });

    it('onboarding, a message relayed to staff, a reply, a search and failures log none of them', async () => {
      const sim = new CustomerSim(t, SECRET_NAME);
      await sim.follow();
      await sim.say(SECRET_CALL_NAME);
      await sim.say(SECRET_BIRTHDAY);
      await sim.tap('受け取る');
      await sim.say(SECRET_TEXT);
      await t.settleAll();
      const parent = t.slackFake
        .channelMessages(t.staffChannel)
        .find((m) => JSON.stringify(m.blocks ?? []).includes(sim.userId));
      expect(parent).toBeDefined();
      await t.slack.threadReply(t.staff, t.staffChannel, parent!.ts, SECRET_REPLY);
      await t.settleAll();
      expect(t.fake.deliveries.some((d) => JSON.stringify(d).includes('QZ-9902'))).toBe(true);

      // A failure with the customer's words in flight: LINE refuses the next push with a body.
      t.fake.failNext({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
      await t.slack.threadReply(t.staff, t.staffChannel, parent!.ts, SECRET_REPLY);
      await t.settleAll();

      const card = await t.command(t.staff, '/customer', SECRET_CALL_NAME);
      expect(card.text).toContain(SECRET_NAME);
      const record = await t.context.models.Customer.findById(sim.userId).lean();
      expect(record?.birthday).toMatchObject({ year: 1987, month: 11, day: 23 });

      // A stored record a validation error refuses, logged the way a failing flow would be.
      const invalid = new t.context.models.Customer({
        _id: 'x',
        status: 'following',
        callName: SECRET_TEXT.repeat(5),
      });
      const refused = await invalid.validate().catch((error: unknown) => error);
      t.context.log.error({ err: refused }, 'customer not saved');

      if (process.env.SHOW_LOG) console.log(lines.join(''));
      expect(lines.length).toBeGreaterThan(10);
      expect(lines.at(-1)).toContain('"paths":["callName"]');
      const output = lines.join('');
      for (const secret of SECRETS) expect(output).not.toContain(secret);
    });
  });
});
