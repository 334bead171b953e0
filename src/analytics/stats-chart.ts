import { createRequire } from 'node:module';
import type { MonthFlow } from '../retention/shop-metrics.js';

/** What the /stats chart shows: the last months' customer flow and the period's lapse funnel. */
export interface StatsChartInput {
  trend: readonly MonthFlow[];
  funnel: { lapsed: number; checkedIn: number; replied: number; wonBack: number };
  /** Heading, e.g. the shop name and period. */
  title?: string;
}

const words = {
  ja: {
    flow: '月別の顧客数',
    new: '新規',
    lost: '離反',
    current: '現在',
    funnel: '離反からの呼び戻し',
    stages: ['離反', '連絡済み', '返信あり', '再来店'],
  },
  en: {
    flow: 'Customers by month',
    new: 'New',
    lost: 'Lost',
    current: 'Current',
    funnel: 'Win-back funnel',
    stages: ['Lapsed', 'Checked in', 'Replied', 'Won back'],
  },
};

// The image has no browser to fall back on: Japanese labels need a Japanese font, and the Debian
// image ships none, so the Noto Sans JP files come from an npm package.
const require = createRequire(import.meta.url);
function japaneseFonts(): string[] | undefined {
  try {
    return ['400Regular/NotoSansJP_400Regular.ttf', '700Bold/NotoSansJP_700Bold.ttf'].map((file) =>
      require.resolve(`@expo-google-fonts/noto-sans-jp/${file}`),
    );
  } catch {
    return undefined;
  }
}
const fonts = japaneseFonts();

/**
 * The last charts drawn, by their input: staff asking /stats again over the same figures get the
 * same PNG without drawing it again (drawing costs the event loop tens of milliseconds).
 */
const drawn = new Map<string, Buffer>();
const DRAWN_KEPT = 8;

/**
 * Renders the /stats chart as a PNG (for a Slack upload): monthly new / lost bars with the current
 * line, and the lapse funnel beside it. ECharts draws SVG on the server, resvg rasterises it on
 * libuv's thread pool (renderAsync: loading the fonts and rasterising took 70–250 ms of blocked
 * event loop when done inline); no browser, no external service. Without the Japanese font the
 * labels fall back to English. Both libraries are loaded on the first chart: ECharts alone adds
 * ~45 MB to a process that may never draw one (a scheduler-only instance, a fan-out run).
 */
export async function renderStatsChart(
  input: StatsChartInput,
  language: 'ja' | 'en' = 'ja',
): Promise<Buffer> {
  const lang = fonts ? language : 'en';
  const key = JSON.stringify([lang, input.title, input.trend, input.funnel]);
  const known = drawn.get(key);
  if (known) return known;
  const png = await drawStatsChart(input, lang);
  drawn.delete(key);
  drawn.set(key, png);
  if (drawn.size > DRAWN_KEPT) drawn.delete(drawn.keys().next().value!);
  return png;
}

async function drawStatsChart(input: StatsChartInput, lang: 'ja' | 'en'): Promise<Buffer> {
  const [echarts, { renderAsync }] = await Promise.all([import('echarts'), import('@resvg/resvg-js')]);
  const w = words[lang];
  const family = fonts ? 'Noto Sans JP' : 'sans-serif';
  const months = input.trend.map((m, i) => {
    const [year, month] = [m.month.slice(0, 4), Number(m.month.slice(5))];
    const withYear = i === 0 || month === 1;
    if (lang === 'ja') return withYear ? `${year}年${month}月` : `${month}月`;
    return withYear ? `${year}-${String(month).padStart(2, '0')}` : String(month).padStart(2, '0');
  });
  const stages = [input.funnel.lapsed, input.funnel.checkedIn, input.funnel.replied, input.funnel.wonBack];
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 1200, height: 520 });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: family },
    title: [
      { text: input.title ?? w.flow, left: 20, top: 10, textStyle: { fontFamily: family, fontSize: 18 } },
      { text: w.funnel, left: 830, top: 48, textStyle: { fontFamily: family, fontSize: 15 } },
    ],
    legend: { data: [w.new, w.lost, w.current], top: 50, left: 60, textStyle: { fontFamily: family } },
    grid: [
      { left: 60, right: 440, top: 90, bottom: 50 },
      { left: 900, right: 40, top: 90, bottom: 50 },
    ],
    xAxis: [
      { type: 'category', data: months, gridIndex: 0, axisLabel: { fontFamily: family } },
      { type: 'value', gridIndex: 1, minInterval: 1, axisLabel: { fontFamily: family } },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, minInterval: 1, axisLabel: { fontFamily: family } },
      { type: 'category', data: w.stages, inverse: true, gridIndex: 1, axisLabel: { fontFamily: family } },
    ],
    series: [
      { name: w.new, type: 'bar', data: input.trend.map((m) => m.new), itemStyle: { color: '#3b9d5d' } },
      { name: w.lost, type: 'bar', data: input.trend.map((m) => m.lost), itemStyle: { color: '#d0543f' } },
      {
        name: w.current,
        type: 'line',
        data: input.trend.map((m) => m.current),
        itemStyle: { color: '#2f5fb3' },
        lineStyle: { width: 3 },
      },
      {
        type: 'bar',
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: stages,
        itemStyle: { color: '#8a6bbf' },
        label: { show: true, position: 'right', fontFamily: family },
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  const image = await renderAsync(svg, {
    background: '#ffffff',
    font: fonts
      ? { fontFiles: fonts, loadSystemFonts: false, defaultFontFamily: family }
      : { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return image.asPng();
}
