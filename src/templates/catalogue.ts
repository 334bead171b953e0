import { ja, type Templates } from './ja.js';
import type { PlaceholderName, TemplateKind } from './placeholders.js';

/** How staff find a text in Slack: the conversation or touchpoint it belongs to. */
export const templateGroups = [
  'onboarding',
  'survey',
  'complaint',
  'win-back',
  'greetings',
  'newsletter',
  'referral',
  'visits',
  'answers',
] as const;
export type TemplateGroup = (typeof templateGroups)[number];

/**
 * One text staff may replace: its id (its path in `ja`, parts joined by `:`), where it belongs, what
 * it is in a LINE message (its limit), and the placeholders a shop version may use besides `{shop}`.
 */
export interface CatalogueEntry {
  id: string;
  group: TemplateGroup;
  kind: TemplateKind;
  placeholders: readonly PlaceholderName[];
  /** Arguments besides the placeholders that render the default as staff see it (flags). */
  tokens?: Record<string, unknown>;
  /** The default as staff see it, where rendering with tokens cannot show it. */
  shown?: string;
  /** A part of the rendered default that a placeholder stands for (`昨日` for `{when}`). */
  swap?: [string, string];
  /** The placeholder values of one call; default: the call's arguments as strings. */
  values?: (args: Record<string, unknown>) => Record<string, string | undefined>;
}

type Spec = [
  id: string,
  kind: TemplateKind,
  placeholders?: PlaceholderName[],
  more?: Partial<CatalogueEntry>,
];

const group = (name: TemplateGroup, specs: Spec[]): CatalogueEntry[] =>
  specs.map(([id, kind, placeholders = [], more = {}]) => ({ id, group: name, kind, placeholders, ...more }));

/** Every customer-facing text staff may replace from Slack, by group. */
export const catalogue: readonly CatalogueEntry[] = [
  ...group('onboarding', [
    ['welcome', 'text', ['name']],
    ['welcomeBack', 'text', ['name']],
    ['askCallName', 'text'],
    [
      'useLineNameLabel',
      'label',
      ['displayName'],
      {
        shown: '「{displayName}」で登録',
        values: (args) => ({ displayName: str(args.displayName)?.slice(0, 12) }),
      },
    ],
    ['skipLabel', 'label'],
    ['callNameTooLong', 'text'],
    ['callNameThanks', 'text', ['name']],
    ['askBirthday', 'text'],
    ['pickDateLabel', 'label'],
    ['birthdayThanks', 'text', ['month', 'day']],
    ['birthdayImpossible', 'text', ['typed']],
    ['birthdayUnreadable', 'text'],
    ['birthdaySkipped', 'text'],
    ['askNewsConsent', 'text'],
    ['consentYesLabel', 'label'],
    ['consentNoLabel', 'label'],
    ['consentYes', 'text'],
    ['consentNo', 'text'],
    ['onboardingDone', 'text'],
  ]),
  ...group('survey', [
    [
      'postVisitThanks',
      'text',
      ['name', 'menu', 'when'],
      {
        tokens: { yesterday: true },
        swap: ['昨日は', '{when}は'],
        values: (args) => ({
          name: str(args.name),
          menu: str(args.menu),
          when: args.yesterday === true ? '昨日' : '先日',
        }),
      },
    ],
    ['reviewInvite', 'text', ['reviewUrl']],
    ['surveyInvite', 'text', ['name', 'menu']],
    ...[5, 4, 3, 2, 1].map((r) => [`ratingLabels:${r}`, 'label'] as Spec),
    ['surveyThanksHigh', 'text'],
    ['surveyThanks', 'text'],
    ['askComment', 'text'],
    ['askNeutralComment', 'text'],
    ['noCommentLabel', 'label'],
    ['commentThanks', 'text'],
    ['ratingRetry', 'text'],
    ['surveyAlreadyAnswered', 'text'],
    ['surveyClosed', 'text'],
    ['askWish', 'text'],
    ...['service', 'time', 'product', 'none'].map((w) => [`wishLabels:${w}`, 'label'] as Spec),
    ['wishThanks', 'text'],
    ['wishNone', 'text'],
  ]),
  ...group('complaint', [
    ['complaintAcknowledge', 'text', ['name']],
    ['complaintReassure', 'text'],
    ['complaintApologize', 'text'],
    ['complaintAskWhat', 'text'],
    ['complaintThanksForWords', 'text'],
    ['complaintMagicQuestion', 'text'],
    ['complaintLeaveItLabel', 'label'],
    ['complaintReceived', 'text'],
    ['complaintResolved', 'text', ['name', 'resolution']],
    ['caseFollowUp', 'text', ['name']],
    ['caseFollowUpThanks', 'text'],
    ['caseFollowUpSorry', 'text'],
    ['caseFollowUpAnswered', 'text'],
  ]),
  ...group('win-back', [
    ['winBackCheckIn', 'text', ['name']],
    ...['timing', 'problem', 'changed', 'other'].map((r) => [`winBackLabels:${r}`, 'label'] as Spec),
    ['winBackTiming', 'text'],
    ['whatsNew', 'text'],
    ['bookingInvite', 'text', ['bookingUrl']],
    ['winBackChanged', 'text', ['name']],
    ['winBackAskOther', 'text'],
    ['winBackOtherThanks', 'text'],
    ['winBackAlreadyAnswered', 'text'],
  ]),
  ...group('greetings', [
    ['birthday', 'text', ['name'], { tokens: { belated: false } }],
    ['birthdayCoupon', 'text'],
    ...['new-year', 'kanchu', 'shochu', 'zansho', 'year-end'].map(
      (season) => [`seasonal:${season}`, 'text', ['name', 'year']] as Spec,
    ),
    ['kanchuMourning', 'text', ['name']],
  ]),
  ...group('newsletter', [
    ['newsletterGreeting', 'text', ['name']],
    ['newsletterLastVisit', 'text', ['sinceLastVisit', 'lastService']],
    ['newsletterNoVisit', 'text'],
    ['newsletterClosing', 'text'],
    ['newsletterAltText', 'altText', ['month']],
  ]),
  ...group('referral', [
    ['referralAsk', 'text', ['name']],
    ['referralShare', 'text', ['code', 'link']],
    ['referralWelcome', 'text', ['name']],
    ['referralThanks', 'text', ['name']],
    ['referralUnknown', 'text'],
    ['referralOwnCode', 'text'],
    ['referralAlready', 'text'],
    ['referralNotNew', 'text'],
  ]),
  ...group('visits', [
    ['checkInThanks', 'text', ['name']],
    ['checkInAlready', 'text', ['name']],
    ['checkInExpired', 'text'],
    ['checkInWrong', 'text'],
    ['askPhone', 'text'],
    ['phoneUnreadable', 'text'],
    ['phoneThanks', 'text'],
    ['phoneSkipped', 'text'],
  ]),
  ...group('answers', [
    ['customerFallbackName', 'label'],
    ['optedOut', 'text'],
    ['alreadyOptedOut', 'text'],
    ['optedIn', 'text'],
    ['alreadyOptedIn', 'text'],
    ['handOffAck', 'text'],
    ['handOffAckClosed', 'text', ['hours']],
    ['contactPrompt', 'text'],
    ['staleAction', 'text'],
    ['linkCodeLinked', 'text', ['name']],
    ['linkCodeUnknown', 'text'],
    ['linkCodeExpired', 'text'],
    ['linkCodeUsed', 'text'],
  ]),
];

const byId = new Map(catalogue.map((entry) => [entry.id, entry]));

/** The catalogue entry of a text id, if staff may edit it. */
export function catalogueEntry(id: string): CatalogueEntry | undefined {
  return byId.get(id);
}

/** Every placeholder an entry's text may use: its own and `{shop}`. */
export function allowedPlaceholders(entry: CatalogueEntry): string[] {
  return ['shop', ...entry.placeholders];
}

/** The value at an entry's path in a templates object (a text, or a function of arguments). */
export function templateAt(templates: Templates, id: string): unknown {
  return id.split(':').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], templates);
}

/** The built-in default of a text as staff edit it, with its placeholders in place. */
export function defaultText(entry: CatalogueEntry): string {
  if (entry.shown) return entry.shown;
  const value = templateAt(ja, entry.id);
  if (typeof value === 'string') return value;
  const tokens: Record<string, unknown> = { ...entry.tokens, shopName: '{shop}' };
  for (const name of entry.placeholders) tokens[name] = `{${name}}`;
  const shown = (value as (args: Record<string, unknown>) => string)(tokens);
  return entry.swap ? shown.replace(entry.swap[0], entry.swap[1]) : shown;
}

/** The placeholder values of one call of an entry's function. */
export function placeholderValues(
  entry: CatalogueEntry,
  args: Record<string, unknown>,
): Record<string, string | undefined> {
  if (entry.values) return entry.values(args);
  return Object.fromEntries(entry.placeholders.map((name) => [name, str(args[name])]));
}

/** A placeholder value from an argument: texts and numbers (what the templates take). */
function str(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
