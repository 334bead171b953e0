import { z } from 'zod';
import type { CustomerQuery } from '../../customers/customer-lookup.js';

/** Longest name or id a command takes; longer text is not a customer. */
const MAX_QUERY_LENGTH = 80;

/**
 * What a staff member typed after a command, made comparable: Slack's escapes undone, full-width
 * letters, digits and spaces made half-width (NFKC), runs of spaces collapsed, surrounding quotes
 * removed.
 */
export function normalizeArgument(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[「『"'](.*)[」』"']$/u, '$1')
    .trim();
}

const LINE_USER_ID = /^@?u([0-9a-f]{32})$/i;
const EXTERNAL_ID = /^@?(ext:[^\s]{1,70})$/;

/**
 * A customer named by staff: a LINE user id (with or without `@`, any case or width) or an imported
 * customer's `ext:` id is an exact id; anything else is words to search names for. The result is
 * always a plain string inside a tagged object — it never becomes part of a query as an operator.
 */
export const customerQuery: z.ZodType<CustomerQuery, string> = z
  .string()
  .transform(normalizeArgument)
  .pipe(z.string().min(1).max(MAX_QUERY_LENGTH))
  .transform((text): CustomerQuery => {
    const line = LINE_USER_ID.exec(text);
    if (line) return { kind: 'id', id: `U${line[1]!.toLowerCase()}` };
    const external = EXTERNAL_ID.exec(text);
    if (external) return { kind: 'id', id: external[1]! };
    return { kind: 'name', text: text.replace(/^@/, '') };
  })
  .refine((query) => query.kind === 'id' || query.text.trim() !== '');

/** A customer id carried in a button's value (validated before it is read by `_id`). */
export const customerIdValue = z.string().regex(/^(U[0-9a-f]{32}|ext:[^\s]{1,70})$/);

/** A button value or view metadata read back as JSON: undefined when it is not JSON (then zod refuses it). */
export function parsedJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '') as unknown;
  } catch {
    return undefined;
  }
}
