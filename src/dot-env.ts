import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** The environment with a `.env` file's variables under it, and whether a file was read. */
export interface EnvWithFile {
  env: Record<string, string | undefined>;
  /** How many variables the file supplied (not already set in the environment); undefined: no file. */
  fromFile: number | undefined;
}

/**
 * Adds the variables of a `.env` file (when there is one) to an environment, never replacing a
 * variable the environment already has: what the process manager or the shell set wins. Reads the
 * file itself because `node --env-file` fails when the file is missing, and Node 20 has no
 * `--env-file-if-exists` (22.9+); util.parseEnv (20.12+) reads the same syntax as `--env-file`.
 */
export function withDotEnv(env: Record<string, string | undefined>, path: string): EnvWithFile {
  if (!existsSync(path)) return { env, fromFile: undefined };
  const parsed = parseEnv(readFileSync(path, 'utf8'));
  const added = Object.fromEntries(
    Object.entries(parsed).filter(([name, value]) => value !== undefined && env[name] === undefined),
  );
  return { env: { ...env, ...added }, fromFile: Object.keys(added).length };
}
