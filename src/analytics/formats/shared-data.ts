import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root (this file is src/analytics/formats/, or dist/src/analytics/formats/). */
const here = dirname(fileURLToPath(import.meta.url));

/**
 * Where the shared data set (the CDNOW purchase records, see ../shared/data/README.md) is: `override`
 * when given, else a `shared/data` folder next to the repository or one of its parents (a checkout
 * inside a CI folder still finds it), else `/work/shared/data`. Undefined when none holds `name`.
 */
function findSharedDataFile(name: string, override?: string): string | undefined {
  const candidates: string[] = [];
  if (override) candidates.push(resolve(override, name));
  for (let dir = here; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'shared', 'data', name));
    if (dirname(dir) === dir) break;
  }
  candidates.push(join('/work/shared/data', name));
  return candidates.find((file) => existsSync(file));
}

/** Like findSharedDataFile, but a missing file is an error that says how to point to it. */
export function sharedDataFile(name: string, override?: string): string {
  const found = findSharedDataFile(name, override);
  if (!found) {
    throw new Error(
      `${name} not found: set JOREN_SHARED_DATA to the folder that holds it (the shared CDNOW data set)`,
    );
  }
  return found;
}
