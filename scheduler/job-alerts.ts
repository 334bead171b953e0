import type { StaffAlert } from '../src/alerts/staff-alerts.js';
import { JorenError } from '../src/errors.js';

/**
 * A job failed: staff are told with the job and the error's code. Only Joren's own messages are
 * quoted (a library's message might contain a customer's words).
 */
export function jobFailedAlert(job: string, error: unknown, retriesExhausted: boolean): StaffAlert {
  const code = error instanceof JorenError ? error.code : 'UNEXPECTED';
  const detail =
    error instanceof JorenError ? error.message : error instanceof Error ? error.name : 'unknown error';
  return {
    topic: 'job-failed',
    severity: 'error',
    title: retriesExhausted
      ? {
          ja: `定期処理「${job}」が再試行しても失敗しました`,
          en: `Scheduled job "${job}" failed after its retries`,
        }
      : {
          ja: `定期処理「${job}」が失敗しました(次回の実行で再試行します)`,
          en: `Scheduled job "${job}" failed (it is retried on the next run)`,
        },
    lines: [{ ja: `${code}: ${detail}`, en: `${code}: ${detail}` }],
    context: { job, code },
  };
}
