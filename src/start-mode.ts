import { credentialVariables, type Config, type CredentialVariable } from './config.js';
import { ErrorCode, JorenError } from './errors.js';

/** What `npm start` runs: the no-account sandbox, or the bot on a real LINE channel and Slack app. */
export type StartMode = 'sandbox' | 'live';

const lineVariables: CredentialVariable[] = ['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN'];

/**
 * Fails closed. The sandbox (simulated LINE and Slack) is for trying Joren on one's own machine, so it
 * runs only with no LINE or Slack credential, no MONGODB_URI and NODE_ENV not production: started on a
 * real database its simulator would mark real customers unreachable and use up send-ledger keys.
 * Every other incomplete combination throws one JorenError naming each missing variable and the two
 * ways out, before anything connects to a database.
 */
export function chooseStartMode(config: Config): StartMode {
  const set = new Set(config.credentialsSet);
  const missing: string[] = credentialVariables.filter((name) => !set.has(name));
  // In production the embedded database runs only when chosen by name: `auto` could pick a different
  // engine on a later start (a download that failed), and the shop's data would seem gone.
  const noDatabase = config.production && !config.mongodbUri && config.embeddedDatabase === 'auto';

  if (set.size === 0 && !config.mongodbUri && !config.production) return 'sandbox';
  if (missing.length === 0 && !noDatabase) return 'live';

  const reason =
    missing.length === 0 ? 'NODE_ENV is production and MONGODB_URI is not set' : whatIsMissing(set, config);
  if (noDatabase) missing.push('MONGODB_URI');
  const waysOut =
    missing.length === 1 && noDatabase
      ? 'Set MONGODB_URI, or choose the embedded database on this machine by name with ' +
        'JOREN_EMBEDDED_DB=ferretdb or JOREN_EMBEDDED_DB=mongod (its files stay under DATA_DIR).'
      : 'Either set them (.env.example lists every variable; docs/deploy.md explains them), or, to try ' +
        'the sandbox on the embedded database, unset MONGODB_URI and every LINE and Slack credential and ' +
        'leave NODE_ENV unset.';
  throw new JorenError(
    ErrorCode.ConfigIncomplete,
    `Refusing to start: ${reason}. Missing: ${missing.join(', ')}. ${waysOut}`,
    { missing: missing.join(',') },
  );
}

function whatIsMissing(set: Set<CredentialVariable>, config: Config): string {
  const line = lineVariables.filter((name) => set.has(name)).length;
  const slack = set.size - line;
  if (line === 0 && slack === 0) {
    return config.production
      ? 'LINE and Slack are not configured, and NODE_ENV is production (the sandbox never runs there)'
      : 'LINE and Slack are not configured, and the sandbox does not run on the database MONGODB_URI names';
  }
  if (slack === 0) return `LINE is ${line === 2 ? '' : 'partly '}configured but Slack is not`;
  if (line === 0) return `Slack is ${slack === 3 ? '' : 'partly '}configured but LINE is not`;
  return 'LINE and Slack are only partly configured';
}
