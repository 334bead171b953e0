/**
 * Renders the rich menu image shipped as scripts/rich-menu/rich-menu.png (2500 × 843, PNG under
 * LINE's 1 MB limit) with headless Chromium. Run it again after changing the areas:
 *   node --import tsx scripts/rich-menu/render-image.ts
 * Needs Debian's chromium and a Japanese font (fonts-ipafont-gothic or fonts-noto-cjk).
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { RICH_MENU_AREAS, RICH_MENU_SIZE } from '../../src/line/rich-menu.js';

/** Simple line icons drawn in SVG, so the image needs no emoji font. */
const stroke =
  'fill="none" stroke="#1f3b2d" stroke-width="14" stroke-linecap="round" stroke-linejoin="round"';
const ICONS: Record<string, string> = {
  booking: `<svg viewBox="0 0 200 200" width="240" height="240"><rect x="25" y="40" width="150" height="135" rx="14" ${stroke}/><path d="M25 80h150M65 20v40M135 20v40M60 115h20M95 115h20M130 115h20M60 145h20M95 145h20" ${stroke}/></svg>`,
  birthday: `<svg viewBox="0 0 200 200" width="240" height="240"><rect x="30" y="100" width="140" height="75" rx="10" ${stroke}/><path d="M30 130c25 15 45-15 70 0s45 15 70 0M70 100V70M100 100V70M130 100V70M70 45v5M100 40v10M130 45v5" ${stroke}/></svg>`,
  contact: `<svg viewBox="0 0 200 200" width="240" height="240"><path d="M30 45h140a12 12 0 0 1 12 12v80a12 12 0 0 1-12 12H95l-40 30v-30H30a12 12 0 0 1-12-12V57a12 12 0 0 1 12-12z" ${stroke}/><path d="M60 95h80M60 120h50" ${stroke}/></svg>`,
  stop: `<svg viewBox="0 0 200 200" width="240" height="240"><path d="M100 30c-35 0-55 25-55 60v35l-20 25h150l-20-25V90c0-35-20-60-55-60zM85 170a15 15 0 0 0 30 0" ${stroke}/><path d="M30 30l140 140" ${stroke}/></svg>`,
};
const output = fileURLToPath(new URL('./rich-menu.png', import.meta.url));

const cells = RICH_MENU_AREAS.map(
  (area, index) =>
    `<div class="cell c${index % 2}">${ICONS[area.action]}<div class="label">${area.label}</div></div>`,
).join('');
const html = `<!doctype html><meta charset="utf-8"><style>
  body { margin: 0; width: ${RICH_MENU_SIZE.width}px; height: ${RICH_MENU_SIZE.height}px; display: flex;
         font-family: 'IPAPGothic', 'Noto Sans CJK JP', sans-serif; }
  .cell { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center;
          border-right: 6px solid #ffffff; color: #1f3b2d; }
  .cell:last-child { border-right: none; }
  .c0 { background: #e8f3ec; } .c1 { background: #d5eadc; }
  .label { font-size: 96px; font-weight: bold; margin-top: 36px; white-space: nowrap; }
</style><body>${cells}</body>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage({ viewport: RICH_MENU_SIZE });
  await page.setContent(html);
  await page.screenshot({ path: output, type: 'png' });
} finally {
  await browser.close();
}
console.log(`${output} (${statSync(output).size} bytes)`);
