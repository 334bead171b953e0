import { randomBytes } from 'node:crypto';
import type { StaffAlerts } from '../alerts/staff-alerts.js';
import type { Clock } from '../clock.js';
import type { Models, ShopTemplateChange, ShopTemplates, ShopTemplateVersion } from '../db/models/index.js';
import { ErrorCode, JorenError } from '../errors.js';
import type { Logger } from '../log.js';
import {
  allowedPlaceholders,
  catalogueEntry,
  defaultText,
  type CatalogueEntry,
} from '../templates/catalogue.js';
import type { Templates } from '../templates/ja.js';
import { checkTemplate, type TemplateProblem } from '../templates/placeholders.js';
import { voicedTemplates } from '../templates/voiced-templates.js';
import { BrokenTextAlerts } from './broken-text-alerts.js';

/**
 * How long an instance keeps the shop's texts before reading them again (one read by `_id`). A staff
 * edit applies at once on the instance that saved it and within 30 seconds on every other instance.
 */
export const SHOP_VOICE_CACHE_MS = 30_000;

const CURRENT = 'current';

/** Who changed a text: the staff member's Slack id and, for the history, their name. */
export interface Editor {
  id: string;
  name?: string;
}

export interface ShopVoiceDeps {
  models: Pick<Models, 'ShopTemplates' | 'ShopTemplateChange' | 'JobRun'>;
  clock: Clock;
  log: Logger;
  alerts: StaffAlerts;
  shopName: string;
  base: Templates;
  cacheMs?: number;
}

/**
 * The shop's own voice: its versions of the customer-facing texts, stored in one document with an
 * insert-only history, and `templates` — the texts customers read, the shop's versions in front of the
 * defaults. Reads come from memory; `refresh()` (awaited at the start of every turn and before
 * composing) reads the document again once it is older than the cache time.
 */
export class ShopVoice {
  /** The texts customers read now (same shape as `ja`). */
  readonly templates: Templates;
  private doc: ShopTemplates | undefined;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;
  constructor(private readonly deps: ShopVoiceDeps) {
    const broken = new BrokenTextAlerts(deps);
    this.templates = voicedTemplates(deps.base, {
      version: (id) => this.doc?.versions[id],
      shopName: deps.shopName,
      broken: (entry, version, problems) => broken.report(entry, version, problems),
    });
  }

  get shopName(): string {
    return this.deps.shopName;
  }

  /** Reads the shop's versions again if the copy in memory is older than the cache time. */
  async refresh(): Promise<void> {
    const age = this.deps.clock.now().getTime() - this.loadedAt;
    if (age >= 0 && age < (this.deps.cacheMs ?? SHOP_VOICE_CACHE_MS)) return;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    await this.loading;
  }

  /** The stored document (texts and calendar) as of the last read. */
  async stored(): Promise<ShopTemplates | undefined> {
    await this.refresh();
    return this.doc;
  }

  /** The shop's version of a text, if any. */
  async versionOf(id: string): Promise<ShopTemplateVersion | undefined> {
    await this.refresh();
    return this.doc?.versions[id];
  }

  /** What staff edit: the shop's version, else the default with its placeholders. */
  async textOf(entry: CatalogueEntry): Promise<string> {
    return (await this.versionOf(entry.id))?.text ?? defaultText(entry);
  }

  /** Why a text cannot be stored for this entry (empty when it can). */
  check(entry: CatalogueEntry, text: string): TemplateProblem[] {
    return checkTemplate(text, {
      kind: entry.kind,
      placeholders: allowedPlaceholders(entry),
      shopName: this.deps.shopName,
    });
  }

  /** Stores the shop's version of a text after checking it; the history keeps who and when. */
  async save(
    id: string,
    text: string,
    by: Editor,
  ): Promise<{ ok: true; revision: number } | { ok: false; problems: TemplateProblem[] }> {
    const entry = catalogueEntry(id);
    if (!entry) throw new JorenError(ErrorCode.Internal, 'No customer text has this id.', { templateId: id });
    const problems = this.check(entry, text);
    if (problems.length > 0) return { ok: false, problems };
    this.loadedAt = Number.NEGATIVE_INFINITY;
    const revision = ((await this.versionOf(id))?.revision ?? 0) + 1;
    const at = this.deps.clock.now();
    const version: ShopTemplateVersion = {
      text,
      revision,
      by: by.id,
      ...(by.name ? { byName: by.name } : {}),
      at,
    };
    await this.deps.models.ShopTemplates.updateOne(
      { _id: CURRENT },
      { $set: { [`versions.${id}`]: version, updatedAt: at } },
      { upsert: true },
    );
    await this.record({ templateId: id, action: 'saved', text, by, at });
    this.loadedAt = Number.NEGATIVE_INFINITY;
    this.deps.log.info({ templateId: id, revision, by: by.id }, 'shop text saved');
    return { ok: true, revision };
  }

  /** Back to the built-in default (one click in Slack); the history keeps the reset. */
  async reset(id: string, by: Editor): Promise<void> {
    const at = this.deps.clock.now();
    await this.deps.models.ShopTemplates.updateOne(
      { _id: CURRENT },
      { $unset: { [`versions.${id}`]: 1 }, $set: { updatedAt: at } },
      { upsert: true },
    );
    await this.record({ templateId: id, action: 'reset', by, at });
    this.loadedAt = Number.NEGATIVE_INFINITY;
    this.deps.log.info({ templateId: id, by: by.id }, 'shop text reset to the default');
  }

  /**
   * The latest changes of a text (or `seasons`, `newsletter:YYYY-MM`), newest first. A scan of the
   * change log on FerretDB: staff open one text at a time, and the log grows by hand edits only.
   */
  history(templateId: string, limit = 5): Promise<ShopTemplateChange[]> {
    return this.deps.models.ShopTemplateChange.find({ templateId }).sort({ at: -1 }).limit(limit).lean();
  }

  /** Appends a change to the history (texts, the calendar, newsletter editions). */
  async record(change: Omit<ShopTemplateChange, '_id' | 'by' | 'byName'> & { by: Editor }): Promise<void> {
    const { by, ...rest } = change;
    await this.deps.models.ShopTemplateChange.create({
      ...rest,
      _id: `${change.templateId}@${change.at.getTime()}-${randomBytes(4).toString('hex')}`,
      by: by.id,
      ...(by.name ? { byName: by.name } : {}),
    });
  }

  /** Stores the greeting calendar staff set (see season-calendar.ts). */
  async saveSeasons(seasons: ShopTemplates['seasons'], by: Editor): Promise<void> {
    const at = this.deps.clock.now();
    await this.deps.models.ShopTemplates.updateOne(
      { _id: CURRENT },
      { $set: { seasons, updatedAt: at } },
      { upsert: true },
    );
    await this.record({ templateId: 'seasons', action: 'saved', text: JSON.stringify(seasons), by, at });
    this.loadedAt = Number.NEGATIVE_INFINITY;
  }

  private async load(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const doc = await this.deps.models.ShopTemplates.findById(CURRENT).lean();
    this.doc = doc ?? undefined;
    this.loadedAt = now;
  }
}
