import { z } from 'zod';
import type { CustomerQuery } from '../../customers/customer-lookup.js';
import { customerQuery, normalizeArgument } from './arguments.js';

/** What `/visit` was given: who, and optionally the menu and the amount in yen. */
export interface VisitArguments {
  customer: CustomerQuery;
  menu?: string;
  amount?: number;
}

/** The longest menu a visit keeps (the Visit model's limit). */
export const MAX_MENU_LENGTH = 100;
/** No single visit costs more; a larger number is a typo. */
export const MAX_AMOUNT_YEN = 10_000_000;

// After NFKC, ￥ is ¥ and full-width digits and commas are ASCII. "¥5,000", "5000円", "5,000".
const AMOUNT = /^(?:[¥\\]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(?:\s?円)?$/u;
// A quoted part keeps its spaces: "山田 花子" or 「山田 花子」.
const TOKEN = /"([^"]*)"|「([^」]*)」|'([^']*)'|(\S+)/gu;

/** Reads an amount of yen as staff type it, or undefined when the text is not one. */
export function parseYen(text: string): number | undefined {
  const match = AMOUNT.exec(text.normalize('NFKC').trim());
  if (!match) return undefined;
  const value = Number(match[1]!.replace(/,/g, ''));
  return Number.isSafeInteger(value) && value <= MAX_AMOUNT_YEN ? value : undefined;
}

function tokens(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4]!).trim()).filter(Boolean);
}

/**
 * `/visit <customer> [menu] [amount]`: the first word (or a quoted name) is the customer, a last word
 * that reads as yen is the amount, and what lies between is the menu. Anything that does not fit —
 * nothing typed, an amount out of range, a menu too long — is refused, so usage help is shown.
 */
export const visitArguments: z.ZodType<VisitArguments, string> = z.string().transform((raw, ctx) => {
  const text = raw
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .normalize('NFKC')
    .trim();
  const words = tokens(text);
  const who = customerQuery.safeParse(words[0] ?? '');
  if (!who.success) {
    ctx.addIssue({ code: 'custom', message: 'no customer' });
    return z.NEVER;
  }
  const rest = words.slice(1);
  const last = rest.at(-1);
  const amount = last === undefined ? undefined : parseYen(last);
  if (last !== undefined && amount === undefined && /^[¥\\]?[\d,]+(?:円)?$/u.test(last)) {
    ctx.addIssue({ code: 'custom', message: 'amount out of range' });
    return z.NEVER;
  }
  const menu = normalizeArgument((amount === undefined ? rest : rest.slice(0, -1)).join(' '));
  if (menu.length > MAX_MENU_LENGTH) {
    ctx.addIssue({ code: 'custom', message: 'menu too long' });
    return z.NEVER;
  }
  return {
    customer: who.data,
    ...(menu ? { menu } : {}),
    ...(amount !== undefined ? { amount } : {}),
  };
});
