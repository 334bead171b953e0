import type { StaffAlerts } from '../alerts/staff-alerts.js';
import type { Clock } from '../clock.js';
import type { Models, ShopTemplateVersion } from '../db/models/index.js';
import { isDuplicateKeyError } from '../errors.js';
import type { Logger } from '../log.js';
import type { CatalogueEntry } from '../templates/catalogue.js';
import type { TemplateProblem } from '../templates/placeholders.js';
import { describeProblems } from './template-problems.js';

/**
 * Tells staff about a stored shop text that could not be sent (stored before a rule changed, or too
 * long once a long name is filled in) — the default went instead. Once per version across instances
 * (a unique marker in `jobRuns`), at most one marker write per version per instance; the log keeps
 * the text's id and the rule only, never a customer's name.
 */
export class BrokenTextAlerts {
  private readonly reported = new Set<string>();

  constructor(
    private readonly deps: {
      models: Pick<Models, 'JobRun'>;
      alerts: StaffAlerts;
      clock: Clock;
      log: Logger;
    },
  ) {}

  /** Called on the send path: returns at once, the alert goes in the background. */
  report(entry: CatalogueEntry, version: ShopTemplateVersion, problems: TemplateProblem[]): void {
    const key = `template-broken:${entry.id}:${version.revision}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.deps.log.warn(
      { templateId: entry.id, revision: version.revision, problems: problems.map((p) => p.code) },
      'shop text cannot be sent; the default went instead',
    );
    void this.alertOnce(key, entry, problems).catch((error: unknown) =>
      this.deps.log.error(
        { templateId: entry.id, errorName: (error as Error | null)?.name },
        'broken shop text alert not sent',
      ),
    );
  }

  private async alertOnce(key: string, entry: CatalogueEntry, problems: TemplateProblem[]): Promise<void> {
    try {
      await this.deps.models.JobRun.create({ _id: key, at: this.deps.clock.now() });
    } catch (error) {
      if (isDuplicateKeyError(error)) return;
      throw error;
    }
    await this.deps.alerts.notify({
      topic: 'template-broken',
      severity: 'warning',
      title: {
        ja: `お店の文面「${entry.id}」を送れなかったため、既定の文面を送りました`,
        en: `The shop's text "${entry.id}" could not be sent; the default went instead`,
      },
      lines: [
        describeProblems(problems, entry.kind),
        {
          ja: `\`/joren templates ${entry.group}\` で直すか、既定に戻してください。`,
          en: `Fix it or reset it to the default with \`/joren templates ${entry.group}\`.`,
        },
      ],
      context: { templateId: entry.id },
    });
  }
}
