import { DAY_MS } from '../retention/shop-time.js';
import { randomInt } from 'node:crypto';
import type { Customer, Models } from '../db/models/index.js';
import { ErrorCode, JorenError, isDuplicateKeyError } from '../errors.js';
import { resetActivity } from '../customers/customer-activity.js';

type LinkModels = Pick<
  Models,
  | 'Customer'
  | 'Visit'
  | 'LinkCode'
  | 'Survey'
  | 'ComplaintCase'
  | 'ContactTask'
  | 'WinBack'
  | 'PhoneIndex'
  | 'CustomerActivity'
>;

/** What linking did. `resumed` means the history record was already linked here (a retry). */
export interface LinkResult {
  historyCustomerId: string;
  lineCustomerId: string;
  visitsMoved: number;
  resumed: boolean;
}

const refuse = (message: string, context: Record<string, string>) =>
  new JorenError(ErrorCode.LinkRefused, message, context);

/**
 * Links a customer known only from imported history (`ext:<source>:<id>`) to a LINE friend: the
 * history record is marked `linkedTo` the friend first (so later imports of that id land on the
 * friend), then its visits move to the friend and its counters and external ids are merged in.
 * Running it again for the same pair finishes an interrupted link; linking elsewhere is refused.
 */
export async function linkHistoryCustomer(
  deps: { models: LinkModels; now: Date },
  input: { historyCustomerId: string; lineCustomerId: string },
): Promise<LinkResult> {
  const { models } = deps;
  const { historyCustomerId, lineCustomerId } = input;
  const [history, friend] = await Promise.all([
    models.Customer.findById(historyCustomerId).lean(),
    models.Customer.findById(lineCustomerId).lean(),
  ]);
  if (!history || !historyCustomerId.startsWith('ext:')) {
    throw refuse('This is not a customer from an imported visit history.', { historyCustomerId });
  }
  if (!friend?.lineUserId) throw refuse('This is not a LINE friend of the shop.', { lineCustomerId });
  if (history.linkedTo && history.linkedTo !== lineCustomerId) {
    throw refuse('This history is already linked to another LINE friend.', { historyCustomerId });
  }
  const resumed = history.linkedTo === lineCustomerId;
  if (!resumed) {
    await models.Customer.updateOne({ _id: historyCustomerId }, { $set: { linkedTo: lineCustomerId } });
  }
  // One scan of the visits on FerretDB; the {customerId, at} index on MongoDB.
  const moved = await models.Visit.updateMany(
    { customerId: historyCustomerId },
    { $set: { customerId: lineCustomerId } },
  );
  await moveRecords(models, historyCustomerId, lineCustomerId);
  if (!resumed) await mergeInto(models, friend, history);
  await models.Customer.updateOne(
    { _id: historyCustomerId },
    { $set: { visitCount: 0, notes: [], tags: [] }, $unset: { firstVisitAt: 1, lastVisitAt: 1 } },
  );
  return { historyCustomerId, lineCustomerId, visitsMoved: moved.modifiedCount, resumed };
}

/**
 * What else names the history record moves to the friend: surveys, complaint cases, contact tasks
 * (by `customerId`: rare scans, once per link) and lapse episodes (re-keyed `<friend>:<date>`, an
 * episode the friend already has for that day wins). Each step is idempotent, so a retry finishes.
 */
async function moveRecords(models: LinkModels, from: string, to: string): Promise<void> {
  await models.Survey.updateMany({ customerId: from }, { $set: { customerId: to } });
  await models.ComplaintCase.updateMany({ customerId: from }, { $set: { customerId: to } });
  await models.ContactTask.deleteMany({ customerId: from, status: 'open' });
  await models.ContactTask.updateMany({ customerId: from }, { $set: { customerId: to } });
  for (const episode of await models.WinBack.find({ customerId: from }).lean()) {
    const { _id, ...kept } = episode;
    try {
      await new models.WinBack({ ...kept, _id: `${to}:${_id.slice(from.length + 1)}`, customerId: to }).save({
        timestamps: false,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    await models.WinBack.deleteOne({ _id });
  }
  // Records moved between the two: both activity documents are read again from the collections.
  await resetActivity(models, from);
  await resetActivity(models, to);
}

/**
 * The friend takes over the history record's counters, external ids, notes and tags, and the contact
 * details and birthday the friend has not given themselves; the phone index names the friend.
 */
async function mergeInto(models: LinkModels, friend: Customer, history: Customer) {
  const fill: Record<string, unknown> = {};
  for (const field of ['phone', 'email', 'postalCode', 'address', 'birthday'] as const) {
    if (friend[field] === undefined && history[field] !== undefined) fill[field] = history[field];
  }
  await models.Customer.updateOne(
    { _id: friend._id },
    {
      $addToSet: {
        externalIds: { $each: history.externalIds },
        tags: { $each: history.tags ?? [] },
      },
      $push: { notes: { $each: history.notes ?? [] } },
      $inc: { visitCount: history.visitCount },
      ...(history.firstVisitAt ? { $min: { firstVisitAt: history.firstVisitAt } } : {}),
      ...(history.lastVisitAt ? { $max: { lastVisitAt: history.lastVisitAt } } : {}),
      ...(Object.keys(fill).length > 0 ? { $set: fill } : {}),
    },
  );
  if (history.phone) {
    await models.PhoneIndex.updateOne(
      { _id: history.phone },
      { $addToSet: { customerIds: friend._id } },
      { upsert: true },
    );
  }
}

// No 0/O, 1/I: a code is read off a card or a receipt and typed on a phone.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE = /^(?=.*[A-Z])(?=.*\d)[A-HJ-NP-Z2-9]{8}$/;

/** The code in a message, if the whole message is one (any case, full-width, spaces or a hyphen). */
export function linkCodeIn(text: string): string | undefined {
  const compact = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐－ー]/g, '');
  return CODE.test(compact) ? compact : undefined;
}

/** A code as staff hand it out: two groups of four. */
export const formatLinkCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/**
 * Issues a one-time code (8 characters of 32, about 10¹² possibilities: not guessable) for a
 * history-only customer; staff give it to the customer, who sends it to the shop's LINE account.
 */
export async function issueLinkCode(
  deps: { models: LinkModels; now: Date },
  input: { historyCustomerId: string; by: string; validDays?: number },
): Promise<{ code: string; expiresAt: Date }> {
  const history = await deps.models.Customer.findById(input.historyCustomerId, { linkedTo: 1 }).lean();
  if (!history || !input.historyCustomerId.startsWith('ext:')) {
    throw refuse('This is not a customer from an imported visit history.', {
      historyCustomerId: input.historyCustomerId,
    });
  }
  if (history.linkedTo)
    throw refuse('This history is already linked to a LINE friend.', {
      historyCustomerId: input.historyCustomerId,
    });
  const expiresAt = new Date(deps.now.getTime() + (input.validDays ?? 30) * DAY_MS);
  for (;;) {
    let code = '';
    while (!CODE.test(code))
      code = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    try {
      await deps.models.LinkCode.create({
        _id: code,
        customerId: input.historyCustomerId,
        createdBy: input.by,
        createdAt: deps.now,
        expiresAt,
      });
      return { code, expiresAt };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}

export type RedeemOutcome =
  | { outcome: 'not-a-code' }
  | { outcome: 'unknown' | 'expired' | 'used' }
  | ({ outcome: 'linked' } & LinkResult);

/**
 * Redeems a code a LINE friend sent. The first friend to claim it (a unique insert of
 * `<code>:used`) links; a retry by the same friend finishes the same link; anyone else is told it
 * was used.
 */
export async function redeemLinkCode(
  deps: { models: LinkModels; now: Date },
  input: { lineCustomerId: string; text: string },
): Promise<RedeemOutcome> {
  const code = linkCodeIn(input.text);
  if (!code) return { outcome: 'not-a-code' };
  const issued = await deps.models.LinkCode.findById(code).lean();
  if (!issued) return { outcome: 'unknown' };
  if (issued.usedBy && issued.usedBy !== input.lineCustomerId) return { outcome: 'used' };
  if (!issued.usedBy && issued.expiresAt <= deps.now) return { outcome: 'expired' };
  try {
    await deps.models.LinkCode.create({
      _id: `${code}:used`,
      customerId: issued.customerId,
      createdBy: input.lineCustomerId,
      createdAt: deps.now,
      expiresAt: issued.expiresAt,
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const claim = await deps.models.LinkCode.findById(`${code}:used`).lean();
    if (claim?.createdBy !== input.lineCustomerId) return { outcome: 'used' };
  }
  const linked = await linkHistoryCustomer(deps, {
    historyCustomerId: issued.customerId,
    lineCustomerId: input.lineCustomerId,
  });
  await deps.models.LinkCode.updateOne(
    { _id: code },
    { $set: { usedAt: deps.now, usedBy: input.lineCustomerId } },
  );
  return { outcome: 'linked', ...linked };
}
