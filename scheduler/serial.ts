/**
 * Runs tasks one at a time, in the order they arrive. Job runs share it so that two runs in one
 * process never spend the same budget at once (Agenda may fire several jobs together).
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once everything queued so far has finished. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
