/**
 * npm run lapse -- --fit <file> [--format cdnow|csv] [--map column=field…] [--calibration-end YYYY-MM-DD]
 *                  [--scores out.csv] [--holdout-end YYYY-MM-DD] [--json]
 *
 * Fits BG/NBD (weeks) on a visit history up to the calibration end (same-day visits count once) and
 * prints r, alpha, a, b, the log-likelihood and the number of customers. --scores writes each
 * customer's P(alive), expected visits in the next 39 weeks and the lapse call at the calibration end.
 * --holdout-end checks the lapse ranking against what happened after the calibration end (ROC-AUC of
 * the model, of days since the last visit and of the fallback's overdue ratio). No database needed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { cdnowHistories, parseCdnow } from '../src/analytics/formats/cdnow-format.js';
import { decodeText } from '../src/analytics/import/text-decoding.js';
import { parseVisitCsv, parseVisitDate, type VisitField } from '../src/analytics/import/visit-rows.js';
import { evaluateOnHoldout } from '../src/retention/holdout-evaluation.js';
import { scoreCustomers, type VisitHistory } from '../src/retention/lapse-scoring.js';

const isoDate = z.string().refine((v) => parseVisitDate(v) !== undefined, 'use a date such as 1997-09-30');
const argsSchema = z.object({
  fit: z.string().min(1, 'name the file with --fit <file>'),
  format: z.enum(['cdnow', 'csv']).default('cdnow'),
  map: z.array(
    z.string().regex(/^.+=(customer|date|time|name|amount|menu|staff)$/, 'write --map column=field'),
  ),
  'calibration-end': isoDate.optional(),
  'holdout-end': isoDate.optional(),
  scores: z.string().optional(),
  json: z.boolean(),
});

function readHistories(file: string, format: 'cdnow' | 'csv', map: Map<string, VisitField>): VisitHistory[] {
  const decoded = decodeText(readFileSync(file));
  if ('error' in decoded) throw new Error(`${file}: ${decoded.error}`);
  if (format === 'cdnow') {
    const { records, rejected } = parseCdnow(decoded.text);
    if (rejected.length > 0)
      console.error(
        `${rejected.length} lines skipped (first: line ${rejected[0]!.line}: ${rejected[0]!.reason})`,
      );
    return cdnowHistories(records);
  }
  const parsed = parseVisitCsv(decoded.text, { map, today: Number.MAX_SAFE_INTEGER });
  if (parsed.error) throw new Error(`${file}: ${parsed.error}`);
  const byCustomer = new Map<string, number[]>();
  for (const row of parsed.rows)
    byCustomer.set(row.externalId, [...(byCustomer.get(row.externalId) ?? []), row.day]);
  return [...byCustomer].map(([id, days]) => ({ id, days }));
}

function main() {
  const { values } = parseArgs({
    options: {
      fit: { type: 'string' },
      format: { type: 'string' },
      map: { type: 'string', multiple: true },
      'calibration-end': { type: 'string' },
      'holdout-end': { type: 'string' },
      scores: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const parsed = argsSchema.safeParse({ ...values, map: values.map ?? [] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error(`lapse: ${issue.path.join('.') || 'arguments'}: ${issue.message}`);
    process.exit(2);
  }
  const args = parsed.data;
  const map = new Map(
    args.map.map((m) => [m.slice(0, m.lastIndexOf('=')), m.slice(m.lastIndexOf('=') + 1) as VisitField]),
  );
  const histories = readHistories(args.fit, args.format, map);
  const lastDay = Math.max(...histories.flatMap((h) => Array.from(h.days)));
  const endDay = args['calibration-end'] ? parseVisitDate(args['calibration-end'])!.day : lastDay;

  const started = performance.now();
  const scan = scoreCustomers(histories, endDay, { minCustomers: 1, minRepeatCustomers: 1 });
  const seconds = (performance.now() - started) / 1000;
  if (!scan.fit) throw new Error(`the model could not be fitted: ${scan.fallbackReason ?? 'unknown reason'}`);
  const { r, alpha, a, b } = scan.fit.params;
  const result = {
    r,
    alpha,
    a,
    b,
    ll: scan.fit.logLikelihood,
    customers: scan.fit.customers,
    converged: scan.fit.converged,
    calibrationEnd: new Date(endDay * 86_400_000).toISOString().slice(0, 10),
    seconds: Math.round(seconds * 1000) / 1000,
  };

  if (args.scores) {
    const lines = ['id,p_alive,expected_visits_39w,lapsed'];
    for (const s of [...scan.scores].sort((p, q) => (p.id < q.id ? -1 : 1))) {
      lines.push(
        `${csvField(s.id)},${s.pAlive!.toFixed(6)},${s.expectedVisits!.toFixed(6)},${s.lapsed ? 'yes' : 'no'}`,
      );
    }
    writeFileSync(args.scores, `${lines.join('\n')}\n`);
  }
  const holdout = args['holdout-end']
    ? evaluateOnHoldout(histories, endDay, parseVisitDate(args['holdout-end'])!.day)
    : undefined;

  if (args.json) {
    console.log(JSON.stringify(holdout ? { ...result, holdout } : result));
    return;
  }
  console.log(`${args.fit}: ${result.customers} customers, calibration to ${result.calibrationEnd} (weeks)`);
  console.log(`  r = ${r.toFixed(4)}  alpha = ${alpha.toFixed(4)}  a = ${a.toFixed(4)}  b = ${b.toFixed(4)}`);
  console.log(`  log-likelihood = ${result.ll.toFixed(2)}${result.converged ? '' : ' (did not converge)'}`);
  if (args.scores) console.log(`  scores written to ${args.scores}`);
  if (holdout) {
    console.log(`  holdout: ${(holdout.didNotReturn * 100).toFixed(1)}% did not come back`);
    console.log(
      `  ROC-AUC for "did not come back": model ${holdout.auc.model.toFixed(4)}, days since last visit ${holdout.auc.daysSince.toFixed(4)}, overdue ratio ${holdout.auc.overdueRatio.toFixed(4)}`,
    );
    console.log(
      `  lapse rule: ${(holdout.rule.lapsedShare * 100).toFixed(1)}% called lapsed, precision ${holdout.rule.precision.toFixed(3)}, recall ${holdout.rule.recall.toFixed(3)}, specificity ${holdout.rule.specificity.toFixed(3)}`,
    );
  }
}

/** A CSV field that a spreadsheet will not read as a formula or split at a comma. */
function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

main();
