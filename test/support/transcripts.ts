import { writeFileSync } from 'node:fs';
import type { TouchpointKind } from '../../src/db/models/index.js';
import type { TranscriptLine } from './customer-sim.js';
import type { TestApp } from './test-app.js';

/** An ideographic space, to indent continuation lines in the Markdown quotes. */
const INDENT = '\u3000';

/** Transcripts of the scenarios a test file ran, written to docs when WRITE_TRANSCRIPTS=1. */
export class TranscriptBook {
  private readonly sections: { title: string; note: string; lines: TranscriptLine[] }[] = [];

  constructor(
    private readonly shopName: string,
    private readonly heading: string,
  ) {}

  add(title: string, note: string, lines: TranscriptLine[]): void {
    this.sections.push({ title, note, lines: [...lines] });
  }

  writeIfAsked(path: string): void {
    if (process.env.WRITE_TRANSCRIPTS !== '1') return;
    const body = this.sections
      .map(({ title, note, lines }) => {
        const said = lines.flatMap((line) => {
          const who = line.who === 'customer' ? '**お客様**' : `**${this.shopName}**`;
          const [first, ...rest] = line.text.split('\n');
          const buttons = line.buttons ? [`> ${INDENT}${line.buttons.map((b) => `［${b}］`).join(' ')}`] : [];
          return [`> ${who}: ${first}`, ...rest.map((r) => `> ${INDENT}${r}`), ...buttons, '>'];
        });
        return [`## ${title}`, '', note, '', ...said.slice(0, -1)].join('\n');
      })
      .join('\n\n');
    writeFileSync(path, `${this.heading}\n\n${body}\n`);
  }
}

/**
 * Sends a scheduled touchpoint the way the scheduler does: compose, push under a stable key, then
 * the composer's onSent.
 */
export async function sendTouchpoint(
  t: TestApp,
  kind: TouchpointKind,
  customerId: string,
  ref: string,
  data?: Record<string, unknown>,
): Promise<boolean> {
  const customer = await t.context.models.Customer.findById(customerId).lean();
  if (!customer) throw new Error(`no customer ${customerId}`);
  const composer = t.context.touchpoints.get(kind);
  const now = t.clock.now();
  const messages = await composer.compose({ customer, now, ref, ...(data ? { data } : {}) });
  if (!messages) return false;
  await t.context.line.messenger.send({
    to: customerId,
    messages,
    key: `touchpoint:${kind}:${ref}`,
    purpose: kind,
  });
  await composer.onSent?.({ customer, now, ref, ...(data ? { data } : {}) });
  return true;
}

/** A lapse episode opened on `lapsedOn` and its win-back check-in sent; resolves with the episode's id. */
export async function sendWinBackCheckIn(
  t: TestApp,
  customerId: string,
  lapsedOn = '2026-11-01',
): Promise<string> {
  const episodeId = `${customerId}:${lapsedOn}`;
  await t.context.models.WinBack.create({
    _id: episodeId,
    customerId,
    lapsedAt: new Date(lapsedOn),
    outcome: 'pending',
  });
  await sendTouchpoint(t, 'win-back', customerId, episodeId);
  return episodeId;
}
