import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (user + system, seconds) a process has used so far; 0 once it is gone (Linux /proc). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The pid of the embedded FerretDB serving a data folder (a child of this process), if found. */
export function ferretDbPid(dataDir: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('joren-ferretdb') && cmdline.includes(dataDir)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}
