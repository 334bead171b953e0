/**
 * The fan-out's busiest writes (claims, a batch's start and end, the conversation log), one at a time,
 * claims and bookkeeping taking turns. FerretDB (SQLite)
 * serialises writes anyway, and a writer that finds the lock taken sleeps in SQLite's busy handler
 * and retries, so a claim could wait behind several logging writes that happened to wake first;
 * queued here, a waiting claim goes next, or at worst after one bookkeeping write (which must not
 * starve either: the sends wait for their batches to be logged). A run whose claims keep ahead of its
 * sends is soon fully planned, and a restart after a crash then reads no one. On MongoDB the queue
 * costs little: these writes are batches of hundreds, a few a second.
 */
export class WriteQueue {
  private busy = false;
  private last: WriteTurn = 'later';
  private readonly waiting: Record<WriteTurn, (() => void)[]> = { first: [], later: [] };

  /** Runs `write` once it is its turn: one write at a time; `first` and `later` alternate when both wait. */
  async run<T>(turn: WriteTurn, write: () => Promise<T>): Promise<T> {
    if (this.busy) await new Promise<void>((resolve) => this.waiting[turn].push(resolve));
    else this.busy = true;
    this.last = turn;
    try {
      return await write();
    } finally {
      const { first, later } = this.waiting;
      const next =
        this.last === 'first' ? (later.shift() ?? first.shift()) : (first.shift() ?? later.shift());
      if (next) next();
      else this.busy = false;
    }
  }
}

/** `first`: claims and a batch's start (a planner or the sends wait on them); `later`: bookkeeping of what was sent. */
export type WriteTurn = 'first' | 'later';
