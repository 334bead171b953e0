import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../../db/embedded/project-root.js';

/**
 * A file of src/sandbox (the console page, the demo data): next to the running code when it is there
 * (running from src/, or the Docker image, which copies them into dist/), else in the project's src/
 * (npm start runs dist/, which tsc fills with compiled code only).
 */
export function sandboxAsset(relative: string): string {
  const beside = fileURLToPath(new URL(`../${relative}`, import.meta.url));
  return existsSync(beside) ? beside : join(projectRoot(), 'src/sandbox', relative);
}
