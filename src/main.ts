import { resolve } from 'node:path';
import { createApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { withDotEnv } from './dot-env.js';
import { JorenError } from './errors.js';
import { createLogger } from './log.js';
import { chooseStartMode } from './start-mode.js';

/**
 * `npm start`: read `.env` (when present, under what the environment sets), validate the
 * configuration, refuse an incomplete one before touching any database, then serve until SIGTERM or
 * SIGINT.
 */
async function main(): Promise<void> {
  let config: Config;
  const dotEnv = withDotEnv(process.env, resolve('.env'));
  try {
    config = loadConfig(dotEnv.env);
    chooseStartMode(config); // throws for an incomplete configuration, before any database is touched
  } catch (error) {
    if (error instanceof JorenError) {
      process.stderr.write(`joren: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const log = createLogger(config.logLevel);
  if (dotEnv.fromFile !== undefined) log.info({ file: '.env', variables: dotEnv.fromFile }, 'read .env');
  const app = await createApp({ config, log });
  await app.start();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    app
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const message =
    error instanceof JorenError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`joren: failed to start: ${message}\n`);
  process.exit(1);
});
