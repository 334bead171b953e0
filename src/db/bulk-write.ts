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

/**
 * Update statements (updateOne, replaceOne, upserts) sent in one command at most. FerretDB v1.24, the
 * embedded database, keeps every statement's read open until the whole update command ends and
 * takes another of its 100 SQLite connections for each statement's write: a command of 100 or more
 * statements waits for a connection that never comes, and the server stops answering everyone, for
 * good (measured: 99 statements pass, 100 hang). MongoDB has no such limit. Inserts and deletes do
 * not read this way and keep their own batch sizes.
 */
export const UPDATES_PER_COMMAND = 50;

/**
 * Writes `statements` (update statements of an unordered bulk write) `UPDATES_PER_COMMAND` at a time,
 * one command after another; the results in order. Every bulk write of updates goes through here.
 */
export async function writeUpdates<T, R>(
  statements: readonly T[],
  write: (chunk: T[]) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < statements.length; start += UPDATES_PER_COMMAND) {
    results.push(await write(statements.slice(start, start + UPDATES_PER_COMMAND)));
  }
  return results;
}
