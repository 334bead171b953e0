import type { CustomerModel } from '../db/models/index.js';
import type { Logger } from '../log.js';
import { matchScore, searchForm } from './name-match.js';

/** A customer matching a search, best first. */
export interface DirectoryHit {
  id: string;
  score: number;
}

interface Entry {
  id: string;
  /** Call name and LINE name, in search form. */
  names: string[];
}

export interface CustomerDirectoryDeps {
  Customer: CustomerModel;
  now: () => Date;
  log: Logger;
  /** How old the loaded names may get before a search refreshes them in the background. */
  refreshEveryMs?: number;
}

/**
 * Finding customers by part of a name, fast at 100,000 customers on any server. A name search cannot
 * use an index (FerretDB scans every customer for any filter other than `_id`, about 2 s at 100,000),
 * so each instance keeps the customers' names in memory — about 150 bytes a customer — and searches
 * them there in milliseconds. The names are loaded with one scan and kept fresh without another one
 * per search: a cheap count tells when customers were added or removed, a background reload runs
 * every few minutes, and a search that finds nothing reloads first (a customer who followed a moment
 * ago). Callers read the customers found by `_id`, so a stale entry never shows stale data.
 */
export class CustomerDirectory {
  private entries: Entry[] = [];
  private loadedAt = -Infinity;
  private loadedCount = -1;
  private loading: Promise<void> | undefined;
  private readonly refreshEveryMs: number;

  constructor(private readonly deps: CustomerDirectoryDeps) {
    this.refreshEveryMs = deps.refreshEveryMs ?? 5 * 60_000;
  }

  /** Customers whose name (or id) matches, best first, at most `limit`; `total` counts all matches. */
  async search(query: string, limit: number): Promise<{ hits: DirectoryHit[]; total: number }> {
    const form = searchForm(query);
    if (!form) return { hits: [], total: 0 };
    await this.freshen();
    let hits = this.scan(form);
    if (hits.length === 0) {
      await this.reload();
      hits = this.scan(form);
    }
    hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return { hits: hits.slice(0, limit), total: hits.length };
  }

  /** Drops a customer at once (their data was deleted). */
  remove(customerId: string): void {
    this.entries = this.entries.filter((entry) => entry.id !== customerId);
    this.loadedCount -= 1;
  }

  /** Loads every customer's names now (start-up warm-up, tests). */
  reload(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async freshen(): Promise<void> {
    if (this.loadedCount < 0) return this.reload();
    if (this.deps.now().getTime() - this.loadedAt > this.refreshEveryMs) {
      void this.reload().catch((error: unknown) =>
        this.deps.log.error(
          { code: (error as { code?: unknown }).code },
          'customer names could not be reloaded',
        ),
      );
      return;
    }
    const count = await this.deps.Customer.estimatedDocumentCount();
    if (count !== this.loadedCount) await this.reload();
  }

  private async load(): Promise<void> {
    const started = Date.now();
    const entries: Entry[] = [];
    // Why a scan: see the class comment. One pass over names only, in batches.
    const cursor = this.deps.Customer.find({}, { callName: 1, displayName: 1 })
      .lean()
      .batchSize(5_000)
      .cursor();
    for await (const customer of cursor) {
      const names = [
        ...new Set([customer.callName, customer.displayName].filter(Boolean).map((n) => searchForm(n!))),
      ];
      entries.push({ id: customer._id, names });
    }
    this.entries = entries;
    this.loadedAt = this.deps.now().getTime();
    this.loadedCount = entries.length;
    this.deps.log.debug({ customers: entries.length, ms: Date.now() - started }, 'customer names loaded');
  }

  /** Exact, beginning and part-of-name matches; only when there are none, the fuzzy ones. */
  private scan(form: string): DirectoryHit[] {
    const idLike = /^(u[0-9a-f]{4,}|ext:.+)$/.test(form);
    const hits: DirectoryHit[] = [];
    for (const entry of this.entries) {
      let score = idLike && entry.id.toLowerCase().startsWith(form) ? 95 : 0;
      for (const name of entry.names) {
        if (name === form) score = Math.max(score, 100);
        else if (name.startsWith(form)) score = Math.max(score, 90);
        else if (name.includes(form)) score = Math.max(score, 80);
      }
      if (score > 0) hits.push({ id: entry.id, score });
    }
    if (hits.length > 0 || form.length < 3) return hits;
    for (const entry of this.entries) {
      const score = Math.max(0, ...entry.names.map((name) => matchScore(form, name)));
      if (score > 0) hits.push({ id: entry.id, score });
    }
    return hits;
  }
}
