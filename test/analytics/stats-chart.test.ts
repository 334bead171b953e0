import { describe, expect, it } from '@jest/globals';
import { renderStatsChart } from '../../src/analytics/stats-chart.js';

const trend = Array.from({ length: 12 }, (_, i) => ({
  month: `2025-${String(i + 1).padStart(2, '0')}`,
  firstTime: 10,
  returned: 2,
  new: 12,
  lost: 5 + (i % 3),
  current: 100 + i * 6,
}));
const funnel = { lapsed: 40, checkedIn: 30, replied: 12, wonBack: 7 };

/** Width and height from a PNG's IHDR chunk. */
const size = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('the /stats chart', () => {
  it('renders a PNG on the server with Japanese labels', async () => {
    const png = await renderStatsChart({ trend, funnel, title: 'サロン常連 2025年' }, 'ja');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(size(png)).toEqual({ width: 1200, height: 520 });
    expect(png.length).toBeGreaterThan(20_000);
  });

  it('draws what it is given: other numbers or labels give another picture', async () => {
    const base = await renderStatsChart({ trend, funnel }, 'ja');
    expect((await renderStatsChart({ trend, funnel: { ...funnel, wonBack: 20 } }, 'ja')).equals(base)).toBe(
      false,
    );
    expect((await renderStatsChart({ trend, funnel }, 'en')).equals(base)).toBe(false);
    expect((await renderStatsChart({ trend, funnel }, 'ja')).equals(base)).toBe(true);
  });
});
