import { writeReport } from './report.js';

/**
 * Global teardown of the chaos suite: adds up what each file tried, writes .cache/chaos-report.json and
 * prints it as one JSON line; fails the run when anything accepted was lost, sent twice, or answered
 * with a wrong status.
 */
export default function writeChaosReport(): void {
  const report = writeReport();
  process.stdout.write(`\n${JSON.stringify({ chaos: report.total, classes: report.classes })}\n`);
  const { lost, sentTwice, wrongStatus } = report.total;
  if (lost > 0 || sentTwice > 0 || wrongStatus > 0) {
    throw new Error(`chaos: ${lost} lost, ${sentTwice} sent twice, ${wrongStatus} wrong statuses`);
  }
}
