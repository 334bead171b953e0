import { z } from 'zod';
import type { StatsPeriod } from '../../analytics/shop-stats.js';
import { normalizeArgument } from '../commands/arguments.js';

const periods: Record<string, StatsPeriod> = {
  '': 'month',
  month: 'month',
  m: 'month',
  月: 'month',
  今月: 'month',
  quarter: 'quarter',
  q: 'quarter',
  四半期: 'quarter',
  今四半期: 'quarter',
  year: 'year',
  y: 'year',
  年: 'year',
  今年: 'year',
};

/** `/stats [month|quarter|year]` (also 月 / 四半期 / 年); anything else shows the usage. */
export const statsArgs: z.ZodType<StatsPeriod, string> = z
  .string()
  .transform((text) => normalizeArgument(text).toLowerCase())
  .refine((text) => Object.hasOwn(periods, text))
  .transform((text) => periods[text]!);
