import { z } from 'zod';
import { normalizeArgument, parsedJson } from '../commands/arguments.js';

/** Most rows one /lapsed answer shows: each row is two blocks, and Slack allows fifty per message. */
const MAX_LAPSED_ROWS = 20;
const DEFAULT_LAPSED_ROWS = 10;

/** What /lapsed was asked for: page size, page, and the two filters. */
export interface LapsedArgs {
  limit: number;
  page: number;
  /** 1 timing, 2 something went wrong, 3 circumstances changed, 4 other (the check-in's answers). */
  reason?: number;
  /** Last visit at least this many days ago. */
  days?: number;
}

const options = {
  reason: z.number().int().min(1).max(4),
  days: z.number().int().min(0).max(36_500),
  page: z.number().int().min(1).max(100_000),
} as const;
type OptionName = keyof typeof options;

const DIGITS = /^\d{1,6}$/;

/**
 * Reads `[count] [--reason N] [--days N] [--page N]` (also `--days=N`), after full-width digits,
 * dashes and spaces were made half-width. Anything else — an unknown option, a value that is not a
 * plain number, JSON — fails, and the runner shows the usage. Only numbers leave this function.
 */
function parseLapsedArgs(text: string): LapsedArgs | undefined {
  const tokens = normalizeArgument(text)
    .replace(/[‐‑–—―−]{1,2}(?=[a-z])/gi, '--')
    .split(' ')
    .filter((token) => token !== '');
  const args: LapsedArgs = { limit: DEFAULT_LAPSED_ROWS, page: 1 };
  let limitSeen = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!.toLowerCase();
    const option = /^--([a-z]+)(?:=(.*))?$/.exec(token);
    if (!option) {
      if (limitSeen || !DIGITS.test(token)) return undefined;
      const limit = Number(token);
      if (limit < 1 || limit > MAX_LAPSED_ROWS) return undefined;
      args.limit = limit;
      limitSeen = true;
      continue;
    }
    const name = option[1] as OptionName;
    if (!(name in options)) return undefined;
    const raw = option[2] ?? tokens[++i];
    if (raw === undefined || !DIGITS.test(raw)) return undefined;
    const value = options[name].safeParse(Number(raw));
    if (!value.success) return undefined;
    args[name] = value.data;
  }
  return args;
}

/** The /lapsed arguments as a zod schema for the command runner (a failure shows the usage). */
export const lapsedArgs: z.ZodType<LapsedArgs, string> = z.string().transform((text, ctx) => {
  const parsed = parseLapsedArgs(text);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: 'not /lapsed arguments' });
    return z.NEVER;
  }
  return parsed;
});

/**
 * The list a /lapsed button belongs to, carried in the button's value so the answer can show the
 * same page again (or the next): `l` limit, `p` page, `r` reason, `d` days, `c` the customer.
 */
const lapsedButtonValue = z.object({
  l: z.number().int().min(1).max(MAX_LAPSED_ROWS),
  p: options.page,
  r: options.reason.optional(),
  d: options.days.optional(),
  c: z
    .string()
    .regex(/^(U[0-9a-f]{32}|ext:[^\s]{1,70})$/)
    .optional(),
});
export type LapsedButtonValue = z.infer<typeof lapsedButtonValue>;

/** Encodes the list (and a customer) for a button's value. */
export function encodeLapsedValue(args: LapsedArgs, customerId?: string): string {
  const value: LapsedButtonValue = {
    l: args.limit,
    p: args.page,
    ...(args.reason !== undefined ? { r: args.reason } : {}),
    ...(args.days !== undefined ? { d: args.days } : {}),
    ...(customerId ? { c: customerId } : {}),
  };
  return JSON.stringify(value);
}

/** Reads a button's value back; undefined when it is not one of ours. */
export function decodeLapsedValue(value: string): { args: LapsedArgs; customerId?: string } | undefined {
  const parsed = lapsedButtonValue.safeParse(parsedJson(value));
  if (!parsed.success) return undefined;
  const { l, p, r, d, c } = parsed.data;
  return {
    args: {
      limit: l,
      page: p,
      ...(r !== undefined ? { reason: r } : {}),
      ...(d !== undefined ? { days: d } : {}),
    },
    ...(c ? { customerId: c } : {}),
  };
}
