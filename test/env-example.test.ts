import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { configVariables, loadConfig } from '../src/config.js';
import { withDotEnv } from '../src/dot-env.js';

const lines = readFileSync('.env.example', 'utf8').split('\n');
/** A variable's line, set (`NAME=value`) or shown commented out (`# NAME=value`). */
const VARIABLE = /^#?\s*([A-Z][A-Z0-9_]*)=/;

describe('.env.example', () => {
  it('lists every variable Joren reads, and nothing else', () => {
    const listed = lines.flatMap((line) => VARIABLE.exec(line)?.[1] ?? []);
    expect([...listed].sort()).toEqual([...configVariables].sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('says what each variable is for, in a comment line just above it', () => {
    const uncommented = lines.flatMap((line, index) => {
      const name = VARIABLE.exec(line)?.[1];
      if (!name) return [];
      const above = lines[index - 1] ?? '';
      return /^#\s*\S/.test(above) && !VARIABLE.test(above) ? [] : [name];
    });
    expect(uncommented).toEqual([]);
  });

  it('copied to .env as it is, starts the sandbox (nothing it sets is a credential)', () => {
    const config = loadConfig(withDotEnv({}, '.env.example').env);
    expect(config).toMatchObject({
      line: { mode: 'sandbox' },
      slack: { mode: 'sandbox' },
      credentialsSet: [],
    });
    expect(config.mongodbUri).toBeUndefined();
  });
});
