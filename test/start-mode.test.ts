import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../src/config.js';
import { chooseStartMode } from '../src/start-mode.js';

const line = { LINE_CHANNEL_SECRET: 'secret', LINE_CHANNEL_ACCESS_TOKEN: 'token' };
const slack = {
  SLACK_SIGNING_SECRET: 'signing',
  SLACK_BOT_TOKEN: 'xoxb-1-2',
  SLACK_STAFF_CHANNEL: 'C0123456789',
};
const uri = { MONGODB_URI: 'mongodb://db.example:27017/joren' };
const production = { NODE_ENV: 'production' };

const refusalOf = (env: Record<string, string>) => {
  try {
    chooseStartMode(loadConfig(env));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

/** The variables a refusal names after "Missing:". */
const missingIn = (message: string) => /Missing: ([A-Z_, ]+)\./.exec(message)?.[1]?.split(', ');

describe('what npm start runs (fail closed)', () => {
  it('runs the sandbox only with no credentials, no MONGODB_URI and NODE_ENV not production', () => {
    expect(chooseStartMode(loadConfig({}))).toBe('sandbox');
    expect(chooseStartMode(loadConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/x' }))).toBe('sandbox');
  });

  it('runs live with every credential, on MONGODB_URI or (outside production) the embedded database', () => {
    expect(chooseStartMode(loadConfig({ ...line, ...slack, ...uri, ...production }))).toBe('live');
    expect(chooseStartMode(loadConfig({ ...line, ...slack }))).toBe('live');
  });

  it.each([
    [
      'production without credentials',
      production,
      /^Refusing to start: LINE and Slack are not configured, and NODE_ENV is production/,
    ],
    [
      'a named database without credentials',
      uri,
      /^Refusing to start: LINE and Slack are not configured, and the sandbox does not run on the database MONGODB_URI names/,
    ],
    ['LINE without Slack', { ...line, ...uri }, /^Refusing to start: LINE is configured but Slack is not\./],
    ['Slack without LINE', { ...slack, ...uri }, /^Refusing to start: Slack is configured but LINE is not\./],
    [
      'half of LINE',
      { LINE_CHANNEL_SECRET: 'secret' },
      /^Refusing to start: LINE is partly configured but Slack is not\./,
    ],
  ])('refuses %s, naming every missing variable and both ways out', (_case, env, reason) => {
    const message = refusalOf(env);
    expect(message).toMatch(reason);
    const set = Object.keys(env);
    expect(missingIn(message)).toEqual(
      [...Object.keys(line), ...Object.keys(slack)]
        .filter((name) => !set.includes(name))
        .concat('NODE_ENV' in env && !('MONGODB_URI' in env) ? ['MONGODB_URI'] : []),
    );
    expect(message).toContain('Either set them');
    expect(message).toContain(
      'unset MONGODB_URI and every LINE and Slack credential and leave NODE_ENV unset',
    );
    expect(message).not.toContain('\n');
  });

  it('refuses production without MONGODB_URI unless the embedded engine is chosen by name', () => {
    const message = refusalOf({ ...line, ...slack, ...production });
    expect(message).toMatch(
      /^Refusing to start: NODE_ENV is production and MONGODB_URI is not set\. Missing: MONGODB_URI\. /,
    );
    expect(message).toContain('JOREN_EMBEDDED_DB=ferretdb or JOREN_EMBEDDED_DB=mongod');
    expect(refusalOf({ ...line, ...slack, ...production, JOREN_EMBEDDED_DB: 'auto' })).toBe(message);
    for (const engine of ['ferretdb', 'mongod']) {
      expect(
        chooseStartMode(loadConfig({ ...line, ...slack, ...production, JOREN_EMBEDDED_DB: engine })),
      ).toBe('live');
    }
  });

  it('never shows a credential in the message', () => {
    const message = refusalOf({ ...line, ...uri });
    expect(message).not.toMatch(/secret|token|db\.example/);
  });
});
