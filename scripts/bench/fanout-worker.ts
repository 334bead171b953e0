/**
 * One bot process for bench:fanout: the real app (configuration from the environment, its database,
 * the scheduler without Agenda's polling), running the seasonal-greetings job once at the benchmark's
 * clock, then exiting. Prints one JSON line: how long it took and its peak RSS.
 *
 * env: the app's variables (MONGODB_URI, LINE_*), BENCH_CLOCK_START (the shop time the run happens at).
 */
import { createApp } from '../../src/app.js';
import { AdjustableClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';

async function main() {
  const startedAt = Date.now();
  const clockStart = new Date(process.env.BENCH_CLOCK_START ?? '2027-07-15T10:00:00+09:00').getTime();
  const clock = new AdjustableClock({ now: () => new Date(clockStart + (Date.now() - startedAt)) });
  const config = loadConfig(process.env);
  const app = await createApp({
    config,
    clock,
    log: createLogger(config.logLevel),
    scheduler: { processing: false },
  });
  await app.context.scheduler.runJob('seasonal-greetings');
  // No count of the conversation log here: the benchmark counts it after the run (missing_in_log),
  // and a scan of 100,000 messages would be timed as the bot's work.
  await app.stop();
  process.stdout.write(
    `${JSON.stringify({ ms: Date.now() - startedAt, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
