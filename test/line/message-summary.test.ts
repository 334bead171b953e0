import { describe, expect, it } from '@jest/globals';
import { summarizeIncoming, summarizeOutgoing } from '../../src/line/message-summary.js';

describe('readable summaries of messages', () => {
  it.each([
    [{ id: '1', type: 'text', text: '  明日\n空いてますか？ ' }, '明日 空いてますか？'],
    [{ id: '1', type: 'sticker', packageId: '1', stickerId: '2' }, '[スタンプ]'],
    [{ id: '1', type: 'video', duration: 61_400 }, '[動画] 61秒'],
    [{ id: '1', type: 'image' }, '[画像]'],
    [{ id: '1', type: 'somethingNew' }, '[somethingNew]'],
  ])('%j → %s', (message, summary) => {
    expect(summarizeIncoming(message)).toBe(summary);
  });

  it('shortens long texts', () => {
    const summary = summarizeIncoming({ id: '1', type: 'text', text: 'あ'.repeat(500) });
    expect(summary).toHaveLength(120);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('names outgoing non-text messages by their alt text', () => {
    expect(summarizeOutgoing({ type: 'template', altText: '満足度アンケート' })).toBe(
      '[template] 満足度アンケート',
    );
    expect(summarizeOutgoing({ type: 'sticker' })).toBe('[スタンプ]');
  });
});
