import type { Customer } from '../db/models/index.js';
import { ja, type Templates } from './ja.js';

export type { Templates } from './ja.js';

/** The customer-facing texts for a locale (Japanese is the default and, for now, the only one). */
export function templatesFor(locale: 'ja' = 'ja'): Templates {
  return { ja }[locale];
}

/** How to address a customer: their chosen call name, their LINE name, or the polite fallback. */
export function addressName(
  customer: Pick<Customer, 'callName' | 'displayName'>,
  templates: Templates,
): string {
  return customer.callName ?? customer.displayName ?? templates.customerFallbackName;
}
