/** One document an unordered insertMany refused: its position and whether it was a duplicate key. */
export interface RefusedInsert {
  index: number;
  duplicate: boolean;
}

/**
 * For an unordered insertMany that failed partly, the documents it refused; undefined when the whole
 * call failed (connection lost, server error) and nothing can be said per document.
 */
export function refusedInserts(error: unknown): RefusedInsert[] | undefined {
  if (typeof error !== 'object' || error === null || !('writeErrors' in error)) return undefined;
  const raw = error.writeErrors;
  const list = (Array.isArray(raw) ? raw : [raw]) as { index?: unknown; code?: unknown }[];
  if (list.length === 0 || list.some((e) => typeof e.index !== 'number')) return undefined;
  return list.map((e) => ({ index: e.index as number, duplicate: e.code === 11000 }));
}
