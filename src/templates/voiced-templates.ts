import type { ShopTemplateVersion } from '../db/models/index.js';
import {
  allowedPlaceholders,
  catalogue,
  placeholderValues,
  templateAt,
  type CatalogueEntry,
} from './catalogue.js';
import type { Templates } from './ja.js';
import { checkRendered, placeholdersIn, renderTemplate, type TemplateProblem } from './placeholders.js';

/** Where the shop's versions come from, and who hears about one that cannot be sent. */
export interface VoiceSource {
  /** The shop's version of a text now, if any (read from memory: this is called on every send). */
  version(id: string): ShopTemplateVersion | undefined;
  shopName: string;
  /** A stored version that cannot be sent: the default goes instead, and staff are told. */
  broken(entry: CatalogueEntry, version: ShopTemplateVersion, problems: TemplateProblem[]): void;
}

/**
 * The templates customers read, with the shop's versions in front of the defaults: same shape and
 * calls as `ja`, so flows and composers do not change. Every catalogued text looks up the shop's
 * version when it is used; without one, or with one that breaks a rule (an unknown placeholder, empty,
 * over LINE's limit once filled in), the default is used — a shop's text never stops a send.
 */
export function voicedTemplates(base: Templates, source: VoiceSource): Templates {
  const voiced = copyOf(base) as Templates;
  for (const entry of catalogue) {
    const path = entry.id.split(':');
    const key = path.pop()!;
    const holder = path.reduce<Record<string, unknown>>(
      (node, part) => node[part] as Record<string, unknown>,
      voiced as unknown as Record<string, unknown>,
    );
    const original = templateAt(base, entry.id);
    if (typeof original === 'function') {
      const fallback = original as (args: Record<string, unknown>) => string;
      holder[key] = (args: Record<string, unknown> = {}) => shopText(entry, args, source) ?? fallback(args);
    } else {
      Object.defineProperty(holder, key, {
        enumerable: true,
        get: () => shopText(entry, {}, source) ?? original,
      });
    }
  }
  return voiced;
}

function shopText(
  entry: CatalogueEntry,
  args: Record<string, unknown>,
  source: VoiceSource,
): string | undefined {
  const version = source.version(entry.id);
  if (!version) return undefined;
  const allowed = new Set(allowedPlaceholders(entry));
  const unknown = placeholdersIn(version.text).filter((name) => !allowed.has(name));
  const rendered = renderTemplate(version.text, { ...placeholderValues(entry, args), shop: source.shopName });
  const problems: TemplateProblem[] =
    unknown.length > 0
      ? [{ code: 'unknown-placeholder', names: unknown }]
      : checkRendered(rendered, entry.kind);
  if (problems.length === 0) return rendered;
  source.broken(entry, version, problems);
  return undefined;
}

/** A copy of the nested plain objects (texts by key), the functions shared. */
function copyOf(node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, copyOf(value)]));
}
