/** One instruction of a Dockerfile, its continuation lines joined. */
export interface DockerInstruction {
  keyword: string;
  /** The rest of the line, after the keyword. */
  args: string;
}

/** One stage: `FROM image AS name` and the instructions up to the next FROM. */
export interface DockerStage {
  name: string | undefined;
  instructions: DockerInstruction[];
}

/** The stages of a Dockerfile (comments dropped, `\` continuations joined). */
export function parseDockerfile(text: string): DockerStage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const match = /^(\S+)\s*(.*)$/.exec(line)!;
    const instruction = { keyword: match[1]!.toUpperCase(), args: match[2]! };
    if (instruction.keyword === 'FROM') {
      stages.push({ name: /\bAS\s+(\S+)\s*$/i.exec(instruction.args)?.[1], instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`Dockerfile: ${instruction.keyword} before the first FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

/** A COPY's options (`--from=build`, `--chown=…`), sources and destination. */
export function parseCopy(args: string): { from?: string; sources: string[]; destination: string } {
  const words = args.split(/\s+/).filter(Boolean);
  const options = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  if (paths.length < 2) throw new Error(`Dockerfile: COPY needs a source and a destination: ${args}`);
  const from = options.find((option) => option.startsWith('--from='))?.slice('--from='.length);
  return { ...(from ? { from } : {}), sources: paths.slice(0, -1), destination: paths.at(-1)! };
}

/** The patterns of a .dockerignore that name top-level entries (all Joren's do). */
export function dockerignoreEntries(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.replace(/^\.?\//, '').replace(/\/$/, ''));
}
