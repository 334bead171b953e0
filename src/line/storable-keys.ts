/**
 * Field names a MongoDB-compatible store refuses inside a document: FerretDB (and older MongoDB)
 * reject keys that start with `$` or contain `.`. LINE's own fields never do, but the webhook stores
 * each event whole, unknown fields included, and one such key made the insert fail on every
 * redelivery: the event was never stored (test/chaos/webhooks.chaos.ts).
 */
const REFUSED_KEY = /^\$|\./;

/**
 * A copy of a parsed JSON value whose refused key characters are replaced by their full-width forms
 * (`＄`, `．`), so the event is stored as LINE sent it in every other respect. Values are untouched.
 * Depth is bounded by the webhook route before parsing.
 */
export function storableKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => storableKeys(item)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const name = REFUSED_KEY.test(key) ? key.replace(/^\$/, '＄').replaceAll('.', '．') : key;
    copy[name] = storableKeys(field);
  }
  return copy as T;
}
