import type { Customer, CustomerModel } from '../db/models/index.js';
import type { Logger } from '../log.js';
import { matchScore, searchForm } from './name-match.js';

/** A customer matching a search, best first. */
export interface DirectoryHit {
  id: string;
  score: number;
}

export interface CustomerDirectoryDeps {
  Customer: CustomerModel;
  now: () => Date;
  log: Logger;
  /** How old the loaded names may get before a search reloads them in the background. */
  refreshEveryMs?: number;
}

/**
 * Finding customers by part of a name, fast at 100,000 customers on any server. A name search cannot
 * use an index, and on FerretDB any filter but `_id` — even a count — reads every customer (seconds
 * at 100,000). So each instance keeps the customers' names in memory (a few dozen bytes a customer)
 * and searches them there in milliseconds. One scan loads them; after that:
 * - a search older than `refreshEveryMs` (5 minutes) reloads in the background and answers at once;
 * - a search that finds nothing reloads first (a customer who followed a moment ago), one reload at a
 *   time however many ask;
 * - `note` adds or renames a customer at once (the staff desk notes everyone who writes to staff);
 * - callers read the customers found by `_id`, so a stale entry never shows stale data.
 * A new customer whose name also matches older ones can be missing from a pick list until the next
 * reload (at most `refreshEveryMs`).
 */
export class CustomerDirectory {
  /** Customer id → call name and LINE name, in search form. */
  private names = new Map<string, string[]>();
  private loadedAt: number | undefined;
  private loading: Promise<void> | undefined;
  private readonly refreshEveryMs: number;

  constructor(private readonly deps: CustomerDirectoryDeps) {
    this.refreshEveryMs = deps.refreshEveryMs ?? 5 * 60_000;
  }

  /** Customers whose name (or id) matches, best first, at most `limit`; `total` counts all matches. */
  async search(query: string, limit: number): Promise<{ hits: DirectoryHit[]; total: number }> {
    const form = searchForm(query);
    if (!form) return { hits: [], total: 0 };
    if (this.loadedAt === undefined) await this.reload();
    else if (this.deps.now().getTime() - this.loadedAt > this.refreshEveryMs) this.reloadInBackground();
    let hits = this.scan(form);
    if (hits.length === 0) {
      await this.reload();
      hits = this.scan(form);
    }
    hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return { hits: hits.slice(0, limit), total: hits.length };
  }

  /** Adds or renames a customer at once. */
  note(customer: Pick<Customer, '_id' | 'callName' | 'displayName'>): void {
    this.names.set(customer._id, namesOf(customer));
  }

  /** Drops a customer at once (their data was deleted). */
  remove(customerId: string): void {
    this.names.delete(customerId);
  }

  /** Loads every customer's names now; concurrent callers share one load. */
  reload(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private reloadInBackground(): void {
    this.reload().catch((error: unknown) =>
      this.deps.log.error(
        { errorName: (error as Error | null)?.name },
        'customer names could not be reloaded',
      ),
    );
  }

  private async load(): Promise<void> {
    const started = Date.now();
    const loadedAt = this.deps.now().getTime();
    const names = new Map<string, string[]>();
    // Why a scan: see the class comment. One pass over names only, in batches.
    const cursor = this.deps.Customer.find({}, { callName: 1, displayName: 1 })
      .lean()
      .batchSize(5_000)
      .cursor();
    for await (const customer of cursor) names.set(customer._id, namesOf(customer));
    this.names = names;
    this.loadedAt = loadedAt;
    this.deps.log.debug({ customers: names.size, ms: Date.now() - started }, 'customer names loaded');
  }

  /** Exact, beginning and part-of-name matches; only when there are none, the fuzzy ones. */
  private scan(form: string): DirectoryHit[] {
    const idLike = /^(u[0-9a-f]{4,}|ext:.+)$/.test(form);
    const hits: DirectoryHit[] = [];
    for (const [id, names] of this.names) {
      let score = idLike && id.toLowerCase().startsWith(form) ? 95 : 0;
      for (const name of names) {
        if (name === form) score = Math.max(score, 100);
        else if (name.startsWith(form)) score = Math.max(score, 90);
        else if (name.includes(form)) score = Math.max(score, 80);
      }
      if (score > 0) hits.push({ id, score });
    }
    if (hits.length > 0 || form.length < 3) return hits;
    for (const [id, names] of this.names) {
      const score = Math.max(0, ...names.map((name) => matchScore(form, name)));
      if (score > 0) hits.push({ id, score });
    }
    return hits;
  }
}

function namesOf(customer: Pick<Customer, 'callName' | 'displayName'>): string[] {
  const names = [customer.callName, customer.displayName].filter((name): name is string => Boolean(name));
  return [...new Set(names.map(searchForm))];
}
