import { readFileSync } from 'node:fs';
import { cdnowHistories, parseCdnow } from '../../src/analytics/formats/cdnow-format.js';
import { sharedDataFile } from '../../src/analytics/formats/shared-data.js';
import { dayNumber } from '../../src/retention/shop-time.js';

/** The shared CDNOW files (see ../shared/data/README.md; JOREN_SHARED_DATA points elsewhere). */
export const cdnowFile = (name: 'cdnow_sample.txt' | 'cdnow_master.txt') =>
  sharedDataFile(name, process.env.JOREN_SHARED_DATA);

export const calibrationEnd = dayNumber(1997, 9, 30);
export const holdoutEnd = dayNumber(1998, 6, 30);

/** Every customer's purchase days in one CDNOW file. */
export function cdnowVisitHistories(name: 'cdnow_sample.txt' | 'cdnow_master.txt') {
  const { records, rejected } = parseCdnow(readFileSync(cdnowFile(name), 'utf8'));
  if (rejected.length > 0) throw new Error(`${name}: ${rejected.length} lines rejected`);
  return cdnowHistories(records);
}
