/**
 * The fan-out's writes, one at a time, claims first. FerretDB (SQLite) serialises writes anyway, and
 * a writer that finds the lock taken sleeps in SQLite's busy handler and retries; queued here instead,
 * the next claim goes as soon as the database is free rather than after whichever logging write
 * happens to wake first. A run whose claims keep ahead of its sends is soon fully planned, and a
 * restart after a crash then reads no one (on MongoDB the queue costs little: these writes are
 * batches of hundreds, a few a second).
 */
export class WriteQueue {
  private busy = false;
  private readonly waiting: Record<WriteTurn, (() => void)[]> = { first: [], later: [] };

  /** Runs `write` once no other write of this queue runs and no `first` write waits before it. */
  async run<T>(turn: WriteTurn, write: () => Promise<T>): Promise<T> {
    if (this.busy) await new Promise<void>((resolve) => this.waiting[turn].push(resolve));
    else this.busy = true;
    try {
      return await write();
    } finally {
      const next = this.waiting.first.shift() ?? this.waiting.later.shift();
      if (next) next();
      else this.busy = false;
    }
  }
}

/** `first`: claims (a planner waits on them); `later`: bookkeeping of what was sent. */
export type WriteTurn = 'first' | 'later';
