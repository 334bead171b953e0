/**
 * A one-line progress bar on a terminal. When output is not a terminal (a log, a pipe): nothing, or
 * with `lines`, one plain line per label at its start and every further 10 %.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, options: { lines?: boolean } = {}) {
  let last = '';
  const printed = new Map<string, number>();
  return {
    update(label: string, done: number, total: number) {
      if (!stream.isTTY) {
        if (!options.lines) return;
        const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
        if (printed.get(label) === tenth) return;
        printed.set(label, tenth);
        stream.write(`${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')}\n`);
        return;
      }
      const width = 30;
      const share = total > 0 ? done / total : 1;
      const filled = Math.round(share * width);
      const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(share * 100)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')}`;
      if (line !== last) stream.write(`\r${line}`);
      last = line;
    },
    done() {
      if (stream.isTTY && last) stream.write('\n');
      last = '';
    },
  };
}
