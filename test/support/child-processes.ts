import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Children a test file started, each leading its own process group, so a test that fails or runs out
 * of time can end them and everything they started (`sh -c 'npm ci'` starts more): a child left
 * running keeps jest's worker alive after the run ("a worker process has failed to exit").
 */
const started = new Set<ChildProcess>();

export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** Kills every child still running, with its process group (afterAll). */
export function killStarted(): void {
  for (const child of started) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  started.clear();
}
