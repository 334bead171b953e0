/** A one-line progress bar on a terminal; nothing when output is not a terminal (a log, a pipe). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let last = '';
  return {
    update(label: string, done: number, total: number) {
      if (!stream.isTTY) return;
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
