/**
 * npm run setup:slack
 *
 * With SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_STAFF_CHANNEL set (see README "Connect Slack"):
 * checks the token, its scopes against manifest.yml, and that the bot is in the staff channel. Prints
 * what is missing and how to fix it; exit code 1 when something is.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { withDotEnv } from '../src/dot-env.js';
import { checkSlackSetup, manifestBotScopes } from '../src/slack/setup-slack.js';

try {
  const missing = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_STAFF_CHANNEL'].filter(
    (name) => !process.env[name],
  );
  if (missing.length > 0) {
    throw new Error(`Set ${missing.join(', ')} first (README: "Connect Slack").`);
  }
  const config = loadConfig(withDotEnv(process.env, '.env').env);
  if (config.slack.mode !== 'live') throw new Error('Slack is not configured (README: "Connect Slack").');
  const report = await checkSlackSetup({
    botToken: config.slack.botToken,
    apiUrl: config.slack.apiUrl,
    staffChannel: config.slack.staffChannel,
    requiredScopes: manifestBotScopes(readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8')),
    say: (line) => console.log(line),
  });
  if (!report.ok) process.exitCode = 1;
} catch (error) {
  console.error(`setup:slack: ${(error as Error).message}`);
  process.exitCode = 1;
}
