import { readFileSync } from 'node:fs';

/**
 * The Node flags `npm start` runs Joren with (package.json's start script), so a benchmark measures
 * the process as it runs in production.
 */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  if (words[0] !== 'node')
    throw new Error(`package.json's start script does not run node: ${pkg.scripts.start}`);
  return words.slice(1).filter((word) => word.startsWith('--'));
}
