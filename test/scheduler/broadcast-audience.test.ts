import { describe, expect, it } from '@jest/globals';
import {
  broadcastSegment,
  reachableMembers,
  segmentMembers,
} from '../../scheduler/jobs/broadcast-audience.js';
import type { Audience, AudienceCustomer } from '../../src/outreach/audience.js';
import type { LapseModel } from '../../src/retention/lapse-model.js';

const now = new Date('2027-06-10T02:00:00Z'); // 11:00 in Tokyo
const day = 86_400_000;
const zone = 'Asia/Tokyo';
const ago = (days: number) => new Date(now.getTime() - days * day);

function customer(id: string, fields: Partial<AudienceCustomer> = {}): AudienceCustomer {
  return {
    _id: id,
    status: 'following',
    marketingOptOut: false,
    tags: [],
    visitCount: 0,
    followedAt: ago(400),
    ...fields,
  };
}

const customers = [
  customer('june', { birthday: { month: 6, day: 20 }, lastContactAt: ago(5) }),
  customer('july', { birthday: { month: 7, day: 1 }, lastContactAt: ago(100) }),
  customer('vip', { tags: ['VIP'], lastVisitAt: ago(200), firstVisitAt: ago(400), visitCount: 3 }),
  customer('new', { followedAt: ago(2) }),
];
const audience: Audience = {
  now,
  today: '2027-06-10',
  customers,
  openComplaints: new Set(['july']),
  history: new Map([['june', [{ kind: 'birthday', at: ago(1), key: 'birthday:2027:june' }]]]),
  ledger: [],
};
const lapseModel: LapseModel = {
  name: 'test',
  assess: (c) => ({ risk: 0, lapsed: (c.lastVisitAt?.getTime() ?? now.getTime()) < ago(90).getTime() }),
};
const ids = (list: AudienceCustomer[]) => list.map((c) => c._id);
const of = (segment: unknown) =>
  ids(segmentMembers(audience, broadcastSegment.parse(segment), { lapseModel, zone }));

describe('broadcast segments', () => {
  it('selects all, the lapsed, this month’s birthdays, a tag and the long quiet', () => {
    expect(of({ kind: 'all' })).toEqual(['june', 'july', 'vip', 'new']);
    expect(of({ kind: 'lapsed' })).toEqual(['vip']);
    expect(of({ kind: 'birthday-month' })).toEqual(['june']);
    expect(of({ kind: 'tag', tag: 'VIP' })).toEqual(['vip']);
    expect(of({ kind: 'quiet', days: 60 })).toEqual(['july', 'vip']);
  });

  it('takes “lapsed” from the lapse model it is given (the app’s: the last scan, the /lapsed list)', () => {
    const lastScan: LapseModel = {
      name: 'scan',
      assess: (c) => ({ risk: 1, lapsed: ['july', 'gone-elsewhere'].includes(c._id) }),
    };
    const lapsed = segmentMembers(audience, broadcastSegment.parse({ kind: 'lapsed' }), {
      lapseModel: lastScan,
      zone,
    });
    expect(ids(lapsed)).toEqual(['july']);
  });

  it('refuses segments that do not make sense', () => {
    expect(broadcastSegment.safeParse({ kind: 'quiet', days: 0 }).success).toBe(false);
    expect(broadcastSegment.safeParse({ kind: 'tag', tag: ' ' }).success).toBe(false);
    expect(broadcastSegment.safeParse({ kind: 'everyone' }).success).toBe(false);
    expect(broadcastSegment.safeParse({ kind: 'tag', tag: { $ne: null } }).success).toBe(false);
  });

  it('leaves out whom the contact policy would skip: an open complaint, an opt-out', () => {
    const optedOut = { ...audience, customers: [...customers, customer('out', { marketingOptOut: true })] };
    const policy = { timezone: zone, quietHours: null, frequencyCaps: [{ max: 4, days: 30 }] };
    expect(ids(reachableMembers(optedOut, optedOut.customers, 'b1', policy))).toEqual(['june', 'vip', 'new']);
    const strict = { ...policy, frequencyCaps: [{ max: 1, days: 30 }] };
    expect(ids(reachableMembers(optedOut, optedOut.customers, 'b1', strict))).toEqual(['vip', 'new']);
  });
});
