import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What one class of the chaos suite tried and what came of it. */
export interface ClassReport {
  /** Requests (webhooks, Slack requests, API calls met by a fault) sent in this class. */
  tried: number;
  /** Answered 2xx and taken on. */
  accepted: number;
  /** Refused with the status the case expected (401, 400, 413, 415, 503…). */
  rejected: number;
  /** Answered with another status than expected: each is a failure. */
  wrongStatus: number;
  /** Accepted, but never processed or answered: must be 0. */
  lost: number;
  /** A customer or a retry key that got the same send more than once: must be 0. */
  sentTwice: number;
}

const partsDir = () => join(process.cwd(), '.cache', 'chaos-parts');
export const reportFile = () => join(process.cwd(), '.cache', 'chaos-report.json');

const empty = (): ClassReport => ({
  tried: 0,
  accepted: 0,
  rejected: 0,
  wrongStatus: 0,
  lost: 0,
  sentTwice: 0,
});

/** Tallies one class; each test file saves its classes, the suite's teardown adds them up. */
export class ChaosTally {
  private readonly classes = new Map<string, ClassReport>();

  constructor(private readonly file: string) {}

  of(name: string): ClassReport {
    let report = this.classes.get(name);
    if (!report) {
      report = empty();
      this.classes.set(name, report);
    }
    return report;
  }

  /** Counts an answer against the status the case expects. */
  status(name: string, got: number, expected: number): void {
    const report = this.of(name);
    report.tried += 1;
    if (got !== expected) report.wrongStatus += 1;
    else if (got >= 200 && got < 300) report.accepted += 1;
    else report.rejected += 1;
  }

  save(): void {
    mkdirSync(partsDir(), { recursive: true });
    writeFileSync(join(partsDir(), `${this.file}.json`), JSON.stringify(Object.fromEntries(this.classes)));
  }
}

/** Forgets the parts of an earlier run (the suite's global setup). */
export function clearParts(): void {
  rmSync(partsDir(), { recursive: true, force: true });
}

/** The whole suite's report: every class, and the totals. */
export function collectReport(): { classes: Record<string, ClassReport>; total: ClassReport } {
  const classes: Record<string, ClassReport> = {};
  let files: string[] = [];
  try {
    files = readdirSync(partsDir()).filter((name) => name.endsWith('.json'));
  } catch {
    // no part saved
  }
  for (const name of files.sort()) {
    const part = JSON.parse(readFileSync(join(partsDir(), name), 'utf8')) as Record<string, ClassReport>;
    for (const [cls, counts] of Object.entries(part)) {
      const into = (classes[cls] ??= empty());
      for (const key of Object.keys(into) as (keyof ClassReport)[]) into[key] += counts[key];
    }
  }
  const total = empty();
  for (const counts of Object.values(classes))
    for (const key of Object.keys(total) as (keyof ClassReport)[]) total[key] += counts[key];
  return { classes, total };
}

export function writeReport(): { classes: Record<string, ClassReport>; total: ClassReport } {
  const report = collectReport();
  mkdirSync(join(process.cwd(), '.cache'), { recursive: true });
  writeFileSync(reportFile(), `${JSON.stringify({ at: new Date().toISOString(), ...report }, null, 2)}\n`);
  return report;
}
